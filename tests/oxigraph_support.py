"""A real ``oxigraph serve`` (PyPI package ``oxigraph``) on a free 127.0.0.1 port, for tests."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def oxigraph_serve(location: Path, load: Path | None = None) -> Iterator[str]:
    """Start ``oxigraph serve`` on ``location`` (optionally loaded with ``load`` first); its base URL.

    Started without --union-default-graph: what runs against it must not depend on
    how a store defines its default graph.
    """
    if load is not None:
        subprocess.run(["oxigraph", "load", "--location", str(location), "--file", str(load)],
                       check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(["oxigraph", "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            error = server.stderr.read().decode() if server.stderr else ""
            raise RuntimeError(f"oxigraph serve exited with {server.returncode}: {error}")
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph serve did not answer at {url} within {seconds} s")
