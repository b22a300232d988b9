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
from server_support import TestClient

from mgi_graph.server import Settings, create_app
from mgi_graph.server.errors import QueryTimeoutError, ServerBusyError, TooManyQueriesError
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


class FailingLaunch:
    """Starts workers over a data folder that fails until the test repairs it."""

    def __init__(self, broken: Path, good: Path) -> None:
        self.data = broken
        self.good = good
        self.attempts = 0
        self.attempted = threading.Condition()

    def repair(self) -> None:
        self.data = self.good

    def __call__(self, data_dir: Path) -> Worker:
        with self.attempted:
            self.attempts += 1
            self.attempted.notify_all()
        return Worker(self.data)


def test_a_worker_that_fails_to_start_is_retried_until_it_starts(dist: Path, tmp_path: Path) -> None:
    launch = FailingLaunch(tmp_path / "missing", dist)
    pool = QueryPool(dist, 1, launch=launch, backoff=(0.01, 0.05))
    try:
        pool.start()
        assert pool.health()["ready"] == 0
        with launch.attempted:
            assert launch.attempted.wait_for(lambda: launch.attempts >= 3, HANG)  # retried, with back-off
        launch.repair()
        reply = pool.run(ASK, HANG, HANG)  # waits for the retry that succeeds
        assert isinstance(reply, QueryReply)
        assert pool.health()["ready"] == 1
    finally:
        pool.close()


def test_a_client_has_a_bounded_number_of_queries(dist: Path, executor: ThreadPoolExecutor) -> None:
    pool = QueryPool(dist, 2, per_client=1)
    try:
        pool.start()
        ticket = pool.ticket("10.0.0.1")
        running = executor.submit(pool.run, SLOW, HANG, HANG, ticket)
        with pool._cond:
            assert pool._cond.wait_for(lambda: pool._queries["10.0.0.1"] == 1, HANG)
        with pytest.raises(TooManyQueriesError):
            pool.run(ASK, HANG, HANG, pool.ticket("10.0.0.1"))
        assert isinstance(pool.run(ASK, HANG, HANG, pool.ticket("10.0.0.2")), QueryReply)
        pool.cancel(ticket)  # the client left: its worker is stopped at once
        with pytest.raises(ServerBusyError, match="left"):
            running.result(HANG)
    finally:
        pool.close()


def test_healthz_reports_whether_sparql_can_answer(dist: Path, tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=dist, query_workers=1))
    state = app.state.mgi
    with TestClient(app) as client:
        answered = client.get("/healthz")
        assert answered.status_code == 200 and answered.json()["sparql"]["workers_ready"] == 1
        state.pool.close()
        # Workers that cannot load their data: /healthz says so (and / would still be 200).
        state.pool = QueryPool(tmp_path / "missing", 1, backoff=(0.01, 0.05))
        down = client.get("/healthz")
        assert down.status_code == 503 and down.json()["sparql"]["workers_ready"] == 0
        state.pool.close()
