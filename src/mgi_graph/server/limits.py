"""Bounds on what one request may send: body size (ASGI) and connection times (uvicorn).

``BodyLimit`` answers 413 before reading a body whose Content-Length is over
``max_body``, and stops a chunked (or lying) body as soon as the bytes read so
far pass it, so no request makes the server hold more than ``max_body`` bytes.

``guarded_protocol`` is uvicorn's h11 protocol with two deadlines uvicorn does
not have: the request line and headers must arrive within ``header_timeout``
(counted from the connection or the previous response, so an idle or
slow-header connection is closed), and a request body within
``body_timeout``. Header bytes are bounded by uvicorn's
``h11_max_incomplete_event_size``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from mgi_graph.formats import TEXT
from mgi_graph.server.errors import BodyTooLargeError
from mgi_graph.server.settings import Settings


def _too_large(max_body: int) -> BodyTooLargeError:
    return BodyTooLargeError(f"the request body is over this server's limit of {max_body} bytes (--max-body)")


class BodyLimit:
    """Refuses request bodies over ``max_body`` bytes with 413 (raised as BodyTooLargeError)
    and headers over ``max_header_bytes`` with 431 (h11 bounds only headers still arriving;
    a larger block that came in one read is caught here)."""

    def __init__(self, app: ASGIApp, max_body: int, max_header_bytes: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header_bytes = len(scope.get("raw_path") or b"") + len(scope["query_string"]) + sum(
            len(k) + len(v) + 4 for k, v in scope["headers"])
        if header_bytes > self.max_header_bytes:
            await _refuse(send, 431, f"the request's headers are over this server's limit of "
                                     f"{self.max_header_bytes} bytes")
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body:
            await _refuse(send, 413, str(_too_large(self.max_body)))
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _too_large(self.max_body)
            return message

        await self.app(scope, counted, send)


async def _refuse(send: Send, status: int, message: str) -> None:
    body = (message + "\n").encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", TEXT.content_type.encode("ascii")), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def guarded_protocol(header_timeout: float, body_timeout: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol, closing connections that take too long to send a request."""

    class GuardedH11Protocol(H11Protocol):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._deadline: asyncio.TimerHandle | None = None
            self._waiting_for_body = False

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm(header_timeout, body=False)

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def handle_events(self) -> None:
            before = self.cycle
            super().handle_events()
            if self.cycle is not before and self.cycle is not None:
                # A request's headers are in: from now on only its body is waited for.
                if self.cycle.more_body:
                    self._arm(body_timeout, body=True)
                else:
                    self._disarm()
            elif self.cycle is not None and not self.cycle.more_body and self._waiting_for_body:
                self._disarm()

        def on_response_complete(self) -> None:
            # Armed first: a pipelined request handled inside super() disarms it again.
            self._arm(header_timeout, body=False)
            super().on_response_complete()

        def _arm(self, seconds: float, *, body: bool) -> None:
            self._disarm()
            self._waiting_for_body = body
            self._deadline = self.loop.call_later(seconds, self._expire)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None
            self._waiting_for_body = False

        def _expire(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.transport.close()

    return GuardedH11Protocol


def server_config(app: ASGIApp, settings: Settings, *, access_log: bool = True) -> uvicorn.Config:
    """uvicorn's settings for ``app`` with this module's connection limits."""
    return uvicorn.Config(
        app,
        http=guarded_protocol(settings.header_timeout, settings.body_timeout),
        h11_max_incomplete_event_size=settings.max_header_bytes,
        timeout_keep_alive=max(1, round(settings.keep_alive)),
        log_level="info",
        access_log=access_log,
        proxy_headers=True,
        lifespan="on",
    )
