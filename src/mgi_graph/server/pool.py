"""A pool of query worker processes with a time limit per query.

Why processes: pyoxigraph offers no way to interrupt a query from Python, and a
thread stuck in a query cannot be stopped. A worker process can: when a query
runs past the limit, its worker is killed (the client gets a 503 at once) and a
fresh one is started in the background, so the server never wedges and the
other workers keep answering meanwhile.

Calls block (pipe I/O), so the server runs them in threads; the pool itself is
thread-safe and tied to no event loop.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from mgi_graph.server.errors import QueryFailedError, QueryTimeoutError, ServerBusyError
from mgi_graph.server.worker import QueryFailure, QueryJob, QueryReply

# A worker loads the whole store before it is ready; a few seconds for the seed data.
START_TIMEOUT = 120.0
# Workers are plain subprocesses, not multiprocessing's "spawn": spawn re-imports
# the parent's __main__ (under `python -m mgi_graph` that would run the CLI again).
_BOOT = "import sys; from mgi_graph.server.worker import run_worker; run_worker(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])"
# The folder that holds the mgi_graph package (src/ in a checkout): server/pool.py -> mgi_graph -> src.
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


class Worker:
    """One worker process and its two pipes."""

    def __init__(self, data_dir: Path) -> None:
        job_read, job_write = os.pipe()
        reply_read, reply_write = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-c", _BOOT, str(job_read), str(reply_write), str(data_dir)],
            pass_fds=(job_read, reply_write),
            stdin=subprocess.DEVNULL,
            env=env,
        )
        os.close(job_read)
        os.close(reply_write)
        self.jobs = Connection(job_write, readable=False)
        self.conn = Connection(reply_read, writable=False)

    def wait_ready(self) -> None:
        if not self.conn.poll(START_TIMEOUT) or self.conn.recv() != "ready":
            raise QueryFailedError("a query worker did not start; is the data folder readable?")

    def call(self, job: QueryJob, timeout: float) -> QueryReply | QueryFailure | None:
        """The worker's answer, or None when ``timeout`` passed first."""
        self.jobs.send(job)
        if not self.conn.poll(max(timeout, 0.0)):
            return None
        reply: QueryReply | QueryFailure = self.conn.recv()
        return reply

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.jobs.close()
        self.conn.close()


class QueryPool:
    """``size`` workers over ``data_dir``, started on first use (or by ``start``).

    ``launch`` starts one worker (a seam for tests that hold a respawn back).
    """

    def __init__(self, data_dir: Path, size: int, launch: Callable[[Path], Worker] = Worker) -> None:
        self.data_dir = data_dir
        self.size = max(1, size)
        self.launch = launch
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False

    def start(self) -> None:
        """Start the workers and wait until they are ready (blocking; idempotent)."""
        with self._lock:
            if self._started:
                return
            workers = [self.launch(self.data_dir) for _ in range(self.size)]
            self._all.update(workers)
            self._started = True
        for worker in workers:
            worker.wait_ready()
            self._idle.put(worker)

    def run(self, job: QueryJob, timeout: float, queue_timeout: float) -> QueryReply | QueryFailure:
        """Run ``job`` on a free worker within ``timeout`` seconds (blocking).

        The time limit counts from the moment a worker takes the job: waiting
        for a free worker (one being replaced may take seconds to load the
        store) is bounded by ``queue_timeout`` instead, so a slow respawn never
        turns a quick query into a timeout.

        Raises QueryTimeoutError when the query runs past the limit (its worker
        is replaced), ServerBusyError when no worker is free within
        ``queue_timeout``, and QueryFailedError when a worker dies while running
        the query.
        """
        self.start()
        try:
            worker = self._idle.get(timeout=queue_timeout)
        except queue.Empty:
            raise ServerBusyError(
                f"every query worker stayed busy for {queue_timeout:g} s; try again later"
            ) from None
        deadline = time.monotonic() + timeout
        try:
            reply = worker.call(job, deadline - time.monotonic())
        except (EOFError, OSError) as error:
            self._replace(worker)
            raise QueryFailedError(f"the query worker stopped while running the query ({error or 'exit'})") from error
        if reply is None:
            self._replace(worker)
            raise QueryTimeoutError(
                f"the query did not finish within {timeout:g} s, this endpoint's time limit; "
                "narrow it down (LIMIT, more specific patterns) and try again"
            )
        self._idle.put(worker)
        return reply

    def _replace(self, worker: Worker) -> None:
        """Kill ``worker`` now; start its successor in the background."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            if self._closed:
                return
        threading.Thread(target=self._spawn_one, daemon=True, name="mgi-graph-worker-restart").start()

    def _spawn_one(self) -> None:
        worker = self.launch(self.data_dir)
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        try:
            worker.wait_ready()
        except (QueryFailedError, EOFError, OSError):
            # Not retried: a worker that cannot load the data would fail again, in a loop.
            worker.kill()
            with self._lock:
                self._all.discard(worker)
            return
        self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker (idempotent)."""
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()
