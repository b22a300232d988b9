"""Shared by the test_server*.py modules: Starlette's TestClient, imported quietly.

Starlette 1.x warns (a UserWarning) that its TestClient should move from httpx
to httpx2; the client works, so the warning is kept out of the test report.
"""

from __future__ import annotations

import socket
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from mgi_graph.server.settings import Settings

if TYPE_CHECKING:
    from starlette.applications import Starlette

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    from starlette.testclient import TestClient

__all__ = ["TestClient", "live_server"]


@contextmanager
def live_server(settings: Settings) -> Iterator[tuple[Starlette, tuple[str, int]]]:
    """``settings``' app behind uvicorn (with the server's limits) in a thread, on a free port.

    The socket is bound and listening before the server starts, so a client may
    connect at once: the kernel queues the connection until uvicorn accepts it.
    """
    import uvicorn

    from mgi_graph.server import create_app
    from mgi_graph.server.limits import server_config

    app = create_app(settings)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    server = uvicorn.Server(server_config(app, settings, access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        yield app, listener.getsockname()
    finally:
        server.should_exit = True
        thread.join(120)
        listener.close()
