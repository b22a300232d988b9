"""Fairness under load, over 127.0.0.1: cheap queries stay quick beside expensive and abandoned ones.

One client (source address 127.0.0.2; all of 127/8 is loopback) keeps the pool
busy with queries that run to the time limit and with queries it abandons as
soon as they are sent; another (127.0.0.3) asks cheap ASKs, each of which must
be answered within 2 s. Bounded: a fixed number of requests, sockets with
timeouts, and the server stops with the test.
"""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from server_support import live_server

from mgi_graph.server import Settings

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ABUSER, CHEAP = "127.0.0.2", "127.0.0.3"
HANG = 120.0


def _abandon(address: tuple[str, int], number: int) -> None:
    """Send an expensive query and leave without reading the answer."""
    with socket.create_connection(address, timeout=HANG, source_address=(ABUSER, 0)) as connection:
        target = "/sparql?query=" + quote(f"{SLOW} # abandoned {number}")
        connection.sendall(f"GET {target} HTTP/1.1\r\nHost: t\r\n\r\n".encode())


def _expensive(client: httpx.Client, number: int) -> int:
    return client.get("/sparql", params={"query": f"{SLOW} # expensive {number}"}).status_code


@pytest.mark.slow
def test_cheap_queries_are_answered_within_2_s_beside_expensive_and_abandoned_ones(dist: Path) -> None:
    settings = Settings(data_dir=dist, query_workers=2, timeout=4.0, per_client=6)
    with live_server(settings) as (app, address), ThreadPoolExecutor(8) as executor:
        base = f"http://{address[0]}:{address[1]}"
        abuser = httpx.Client(base_url=base, timeout=HANG, transport=httpx.HTTPTransport(local_address=ABUSER))
        cheap = httpx.Client(base_url=base, timeout=HANG, transport=httpx.HTTPTransport(local_address=CHEAP))
        pool = app.state.mgi.pool
        stop = threading.Event()

        def keep_busy(number: int) -> list[int]:
            statuses = []
            for round_ in range(3):
                if stop.is_set():
                    break
                _abandon(address, number * 10 + round_)
                statuses.append(_expensive(abuser, number * 10 + round_))
            return statuses

        with abuser, cheap:
            assert cheap.get("/healthz").status_code == 200
            busy = [executor.submit(keep_busy, n) for n in range(4)]
            with pool._cond:  # the abuser holds a worker before the cheap client asks
                assert pool._cond.wait_for(lambda: pool._held[ABUSER] >= 1, HANG)
            waits = []
            for number in range(10):
                started = time.monotonic()
                response = cheap.get("/sparql", params={"query": f"ASK {{ ?s ?p ?o }} # {number}"})
                waits.append(time.monotonic() - started)
                assert response.status_code == 200, response.text
            stop.set()
            statuses = [status for future in busy for status in future.result(HANG)]
        # The abuser was held to its share: timeouts or "too many", never a cheap client's worker.
        assert set(statuses) <= {503, 429}, statuses
        assert max(waits) < 2.0, waits
