"""gzip for pages and API answers, not for ``/dumps/``: a dump is served with its SHA-256
as ETag and its exact size, which a compressed body would no longer match (``mgi.nq.gz``
is compressed already)."""

from __future__ import annotations

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send


class CompressPages:
    def __init__(self, app: ASGIApp, minimum_size: int = 1024) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not str(scope.get("path", "")).startswith("/dumps/"):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)
