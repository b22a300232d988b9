"""The server app under a real uvicorn on 127.0.0.1, in a thread, for clients that speak HTTP.

The socket is bound (port chosen by the OS) before uvicorn starts, and the URL is
handed out only once uvicorn's start-up (the app's lifespan: query workers ready) has
finished, signalled by an event rather than by polling the port.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.applications import Starlette


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, ready: threading.Event) -> None:
        super().__init__(config)
        self.ready = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.ready.set()


@contextmanager
def live_server(app: Starlette) -> Iterator[str]:
    """Serve ``app`` until the block ends; yields its root URL (``http://127.0.0.1:PORT/``)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    ready = threading.Event()
    server = _Server(uvicorn.Config(app, log_level="warning", access_log=False), ready)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="live-server")
    thread.start()
    try:
        while not ready.wait(1):  # an event, re-checked so that a server that failed to start is seen
            if not thread.is_alive():
                raise RuntimeError("uvicorn exited before it started serving")
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join()
        sock.close()
