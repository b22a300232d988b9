"""Security headers on every response, in one ASGI middleware.

Every response says ``nosniff`` (a Turtle dump or a query result is never run
as a script); every HTML page also carries a Content-Security-Policy that
allows only this server's own scripts, styles and images (inline style
attributes stay allowed: pages colour cells with them), no plugins, no
framing (``frame-ancestors 'none'`` and, for older browsers, ``X-Frame-Options``).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mgi_graph.formats import HTML

_HTML = HTML.media_type.encode("ascii")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
EVERY = ((b"x-content-type-options", b"nosniff"),)
HTML_ONLY = (
    (b"content-security-policy", CSP.encode("ascii")),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                names = {k.lower() for k, _ in headers}
                extra = EVERY + (HTML_ONLY if content_type.startswith(_HTML) else ())
                headers += [(k, v) for k, v in extra if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
