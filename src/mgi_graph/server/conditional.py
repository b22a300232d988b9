"""Caching headers on every page and document, in one ASGI middleware.

A 200 answer to GET or HEAD gets a ``Cache-Control`` (unless its handler chose one) and a
weak ``ETag`` hashed from its body (unless it has one: downloads and static files carry
their own validators), and becomes a 304 when the request's ``If-None-Match`` names that
ETag. The body is hashed before compression because gzip output embeds a time and is not
reproducible; the tag is weak for that reason, and ``If-None-Match`` compares weakly anyway.
HTML pages are in the reader's language whatever their handler negotiated, so they always
vary on ``Accept-Language`` too.
"""

from __future__ import annotations

import hashlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mgi_graph.formats import HTML

# The data changes only when the server restarts on a new build: a few minutes of
# freshness, then revalidation by ETag (cheap: a 304 without a body).
PAGES = b"public, max-age=300"
STATIC = b"public, max-age=3600"
# What a 304 must not carry: it has no body.
BODY_HEADERS = {b"content-length", b"content-type", b"content-encoding"}


class ConditionalGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        wanted = _tags(_header(scope["headers"], b"if-none-match"))
        policy = STATIC if str(scope.get("path", "")).startswith("/static/") else PAGES
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffered(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if message["status"] != 200:
                    await send(message)  # errors and redirects are not cached for minutes
                    return
                headers = _with_cache_control(list(message.get("headers", [])), policy)
                message = {**message, "headers": headers}
                if _header(headers, b"etag"):
                    await send(message)  # validated by its handler: passed through unbuffered
                    return
                start = message
                return
            if start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                await _finish(send, start, b"".join(chunks), wanted)

        await self.app(scope, receive, buffered)


async def _finish(send: Send, start: Message, body: bytes, wanted: set[str]) -> None:
    etag = 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = [*start["headers"], (b"etag", etag.encode("ascii"))]
    if _header(headers, b"content-type").startswith(HTML.media_type.encode("ascii")):
        headers = _vary_on(headers, b"Accept-Language")
    if "*" in wanted or etag[2:] in wanted:
        kept = [(k, v) for k, v in headers if k.lower() not in BODY_HEADERS]
        await send({"type": "http.response.start", "status": 304, "headers": kept})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _header(headers: list[tuple[bytes, bytes]] | tuple[tuple[bytes, bytes], ...], name: bytes) -> bytes:
    return next((v for k, v in headers if k.lower() == name), b"")


def _tags(value: bytes) -> set[str]:
    """The entity tags of an ``If-None-Match`` value, without their weakness prefix."""
    tags = (t.strip() for t in value.decode("latin-1").split(","))
    return {t[2:] if t.startswith("W/") else t for t in tags if t}


def _with_cache_control(headers: list[tuple[bytes, bytes]], policy: bytes) -> list[tuple[bytes, bytes]]:
    return headers if _header(headers, b"cache-control") else [*headers, (b"cache-control", policy)]


def _vary_on(headers: list[tuple[bytes, bytes]], name: bytes) -> list[tuple[bytes, bytes]]:
    names = [n.strip() for k, v in headers if k.lower() == b"vary" for n in v.split(b",") if n.strip()]
    if name.lower() in {n.lower() for n in names}:
        return headers
    others = [(k, v) for k, v in headers if k.lower() != b"vary"]
    return [*others, (b"vary", b", ".join([*names, name]))]
