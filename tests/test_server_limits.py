"""A bounded server: body size, header size and connection times, over raw sockets on 127.0.0.1.

The server runs in a thread on a socket the test bound first (connections queue
in the kernel until it accepts: nothing to wait for). A connection the server
must close is read until it closes; ``HANG`` only ends a test whose server
never closes it.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from server_support import TestClient, live_server

from mgi_graph.cli import cli
from mgi_graph.server import Settings, sparql

HANG = 60.0
LIMITS = Settings(query_workers=1, max_body=1000, header_timeout=0.5, body_timeout=0.5, keep_alive=1,
                  max_header_bytes=4096)


@pytest.fixture(scope="module")
def address(dist: Path) -> Iterator[tuple[str, int]]:
    with live_server(Settings(**{**LIMITS.__dict__, "data_dir": dist})) as (_, bound):
        yield bound


def _connect(address: tuple[str, int]) -> socket.socket:
    connection = socket.create_connection(address)
    connection.settimeout(HANG)
    return connection


def _read_until_closed(connection: socket.socket) -> bytes:
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return received


def test_a_declared_body_over_the_limit_is_413_before_it_is_sent(address: tuple[str, int]) -> None:
    with _connect(address) as connection:
        connection.sendall(b"POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Type: application/sparql-query\r\n"
                           b"Content-Length: 50000000\r\n\r\n")
        answer = _read_until_closed(connection)
    assert answer.startswith(b"HTTP/1.1 413")


def test_a_chunked_body_over_the_limit_is_413(address: tuple[str, int]) -> None:
    with _connect(address) as connection:
        connection.sendall(b"POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                           b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"query=" + b"a" * 600
        for _ in range(2):
            connection.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        connection.sendall(b"0\r\n\r\n")
        answer = connection.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_a_body_under_the_limit_is_answered(address: tuple[str, int]) -> None:
    body = b"ASK {}"
    with _connect(address) as connection:
        connection.sendall(b"POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Type: application/sparql-query\r\n"
                           b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        answer = _read_until_closed(connection)
    assert answer.startswith(b"HTTP/1.1 200") and b'"boolean": true' in answer


def test_headers_over_the_limit_are_refused(address: tuple[str, int]) -> None:
    with _connect(address) as connection:
        connection.sendall(b"GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + b"a" * 8192 + b"\r\n\r\n")
        answer = _read_until_closed(connection)
    assert answer.startswith((b"HTTP/1.1 400", b"HTTP/1.1 431")), answer[:100]


@pytest.mark.parametrize(
    "sent",
    [b"", b"GET / HTTP/1.1\r\nHost: t\r\n",
     b"POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK",
     b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: t\r\n\r\nG"],
    ids=["idle", "slow-headers", "slow-body", "after-a-response"],
)
def test_a_connection_that_stalls_is_closed(address: tuple[str, int], sent: bytes) -> None:
    # Without the guard, each of these stays open for as long as the client likes.
    with _connect(address) as connection:
        connection.sendall(sent)
        answer = _read_until_closed(connection)
    if sent.endswith(b"G"):
        assert answer.startswith(b"HTTP/1.1 200")
    else:
        assert not answer.startswith(b"HTTP/1.1 200")


def test_form_bodies_are_decoded_off_the_event_loop(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    loops: list[bool] = []
    real = sparql.read_form

    def spy(text: str) -> dict[str, list[str]]:
        try:
            asyncio.get_running_loop()
            loops.append(True)
        except RuntimeError:
            loops.append(False)
        return real(text)

    monkeypatch.setattr(sparql, "read_form", spy)
    response = client.post("/sparql", data={"query": "ASK {}"})
    assert response.status_code == 200
    assert loops == [False]


def test_serve_on_a_busy_port_is_one_line_and_exit_2(dist: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--data", str(dist), "--port", str(port)])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and f"127.0.0.1:{port}" in lines[0], result.output
    assert "serving" not in result.output and "Traceback" not in result.output
