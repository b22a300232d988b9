"""The query worker pool: time limits, respawns and how waiting for a worker is bounded.

No test here guesses how long a worker takes to start: a respawn is held back
by a gate the test opens, and every wait is for an event (a reply, a worker
announcing it is ready).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

import pytest

from mgi_graph.server.errors import QueryTimeoutError
from mgi_graph.server.pool import QueryPool, Worker
from mgi_graph.server.worker import QueryJob, QueryReply

# Runs for minutes on the seed graph: always past a test's time limit.
SLOW = QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "json", None, 10)
ASK = QueryJob("ASK { ?s a <https://w3id.org/mgi/ontology#Profile> }", "json", None, 10)
# A bound that only a broken pool reaches (a test never waits this long when the code works).
HANG = 300.0


class GatedLaunch:
    """Starts workers; every worker after the first ``free`` waits for ``gate`` before it is ready."""

    def __init__(self, free: int) -> None:
        self.free = free
        self.gate = threading.Event()
        self.launched = 0

    def __call__(self, data_dir: Path) -> Worker:
        self.launched += 1
        worker = Worker(data_dir)
        if self.launched > self.free:
            ready = worker.wait_ready
            worker.wait_ready = lambda: (self.gate.wait(), ready())[1]  # type: ignore[method-assign]
        return worker


@pytest.fixture()
def executor() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(4) as pool:
        yield pool


def test_a_query_waits_for_a_replacement_worker_however_long_it_takes(dist: Path, executor: ThreadPoolExecutor) -> None:
    launch = GatedLaunch(free=1)
    pool = QueryPool(dist, 1, launch=launch)
    try:
        with pytest.raises(QueryTimeoutError):
            pool.run(SLOW, 0.2, queue_timeout=HANG)
        # The replacement is held back: the next query waits for it, past its own 0.2 s limit.
        pending = executor.submit(pool.run, ASK, 0.2, HANG)
        wait([pending], timeout=1.0)  # time enough for a pool that counts the wait against the limit to fail
        launch.gate.set()
        reply = pending.result(timeout=HANG)
        assert isinstance(reply, QueryReply) and b"true" in reply.body
    finally:
        launch.gate.set()
        pool.close()
