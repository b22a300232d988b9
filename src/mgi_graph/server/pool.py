"""A pool of query worker processes with a time limit per query, shared fairly.

Why processes: pyoxigraph offers no way to interrupt a query from Python, and a
thread stuck in a query cannot be stopped. A worker process can: when a query
runs past the limit, or its client leaves (``cancel``), its worker is killed
and a fresh one is started in the background, so the server never wedges and
the other workers keep answering meanwhile. A replacement that fails to start
is retried with back-off, never given up.

Fairness: waiting queries are served round-robin by client (remote address);
a client has at most ``per_client`` queries running or waiting (more get
TooManyQueriesError) and, when there are several workers, holds at most all
but one of them, counting the workers being restarted after its queries, so a
client sending expensive or abandoned queries never takes the last worker from
the others.

Calls block (pipe I/O), so the server runs them in threads; the pool itself is
thread-safe and tied to no event loop.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Callable
from multiprocessing.connection import wait as wait_for
from multiprocessing.connection import Connection
from pathlib import Path

from mgi_graph.server.errors import (
    QueryFailedError,
    QueryTimeoutError,
    ServerBusyError,
    TooManyQueriesError,
)
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

    def __init__(self, data_dir: Path | int) -> None:
        """``data_dir``: a built folder, or the descriptor of a held ``mgi.nq.gz`` (inherited)."""
        job_read, job_write = os.pipe()
        reply_read, reply_write = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-c", _BOOT, str(job_read), str(reply_write),
             f"fd:{data_dir}" if isinstance(data_dir, int) else str(data_dir)],
            pass_fds=(job_read, reply_write, *([data_dir] if isinstance(data_dir, int) else [])),
            stdin=subprocess.DEVNULL,
            env=env,
        )
        os.close(job_read)
        os.close(reply_write)
        self.ready = False
        self.jobs = Connection(job_write, readable=False)
        self.conn = Connection(reply_read, writable=False)

    def wait_ready(self) -> None:
        if not self.conn.poll(START_TIMEOUT) or self.conn.recv() != "ready":
            raise QueryFailedError("a query worker did not start; is the data folder readable?")

    def call(self, job: QueryJob, timeout: float, cancel: int) -> QueryReply | QueryFailure | None:
        """The worker's answer, or None when ``timeout`` passed or ``cancel`` (a pipe) became readable."""
        self.jobs.send(job)
        if self.conn not in wait_for([self.conn, cancel], max(timeout, 0.0)):
            return None
        reply: QueryReply | QueryFailure = self.conn.recv()
        return reply

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.jobs.close()
        self.conn.close()


class Ticket:
    """One query's place in the pool: its client, and a pipe that ``QueryPool.cancel`` writes to."""

    def __init__(self, client: str) -> None:
        self.client = client
        self.cancelled = False
        self._lock = threading.Lock()
        self._read, self._write = os.pipe()
        self._open = True

    def fileno(self) -> int:
        return self._read

    def signal(self) -> None:
        with self._lock:
            if self._open:
                os.write(self._write, b"x")

    def close(self) -> None:
        with self._lock:
            if self._open:
                self._open = False
                os.close(self._read)
                os.close(self._write)


class QueryPool:
    """``size`` workers over ``data_dir``, started on first use (or by ``start``).

    ``launch`` starts one worker (a seam for tests that hold a respawn back or
    make it fail); a failed start is retried after ``backoff[0]`` seconds,
    doubling up to ``backoff[1]``.
    """

    def __init__(self, data_dir: Path | int, size: int, launch: Callable[[Path | int], Worker] = Worker, *,
                 per_client: int = 8, backoff: tuple[float, float] = (0.5, 30.0)) -> None:
        self.data_dir = data_dir
        self.size = max(1, size)
        self.launch = launch
        self.per_client = max(1, per_client)
        # A client may hold every worker but one (all of them when there is only one).
        self.client_share = max(1, self.size - 1)
        self.backoff = backoff
        self._cond = threading.Condition()
        self._idle: list[Worker] = []
        self._all: set[Worker] = set()
        self._failed_once = 0
        self._waiting: OrderedDict[str, deque[Ticket]] = OrderedDict()
        self._queries: Counter[str] = Counter()  # running or waiting, per client
        self._held: Counter[str] = Counter()  # workers running (or restarting after) a client's query
        self._started = False
        self._closed = threading.Event()

    def start(self) -> None:
        """Start the workers and wait until they are ready or retrying (blocking; idempotent)."""
        with self._cond:
            if self._started:
                return
            self._started = True
        threads = [threading.Thread(target=self._spawn, args=(None,), daemon=True, name="mgi-graph-worker-start")
                   for _ in range(self.size)]
        for thread in threads:
            thread.start()
        with self._cond:
            # Ready when every worker is, or a first attempt failed (its retries go on behind).
            self._cond.wait_for(lambda: self._count_ready() + self._failed_once >= self.size
                                or self._closed.is_set())

    def _count_ready(self) -> int:
        return sum(1 for w in self._all if w.ready and w.alive())

    def health(self) -> dict[str, int]:
        """Workers ready to answer (idle or running a query) and the pool's size."""
        with self._cond:
            return {"ready": self._count_ready(), "size": self.size}

    def ticket(self, client: str) -> Ticket:
        return Ticket(client)

    def cancel(self, ticket: Ticket) -> None:
        """The client left: drop its query from the queue, or kill the worker running it."""
        with self._cond:
            if ticket.cancelled:
                return
            ticket.cancelled = True
            self._cond.notify_all()
        ticket.signal()

    def run(self, job: QueryJob, timeout: float, queue_timeout: float,
            ticket: Ticket | None = None) -> QueryReply | QueryFailure:
        """Run ``job`` on a free worker within ``timeout`` seconds (blocking).

        The time limit counts from the moment a worker takes the job: waiting
        for a free worker (one being replaced may take seconds to load the
        store) is bounded by ``queue_timeout`` instead, so a slow respawn never
        turns a quick query into a timeout.

        Raises QueryTimeoutError when the query runs past the limit (its worker
        is replaced), ServerBusyError when no worker is free within
        ``queue_timeout`` or the query was cancelled, TooManyQueriesError when
        the client has ``per_client`` queries already, and QueryFailedError when
        a worker dies while running the query.
        """
        own = ticket is None
        ticket = ticket or Ticket("")
        try:
            self.start()
            worker = self._acquire(ticket, queue_timeout)
            return self._call(worker, job, timeout, ticket)
        finally:
            if own:
                ticket.close()

    def _acquire(self, ticket: Ticket, queue_timeout: float) -> Worker:
        client = ticket.client
        deadline = time.monotonic() + queue_timeout
        with self._cond:
            if self._queries[client] >= self.per_client:
                raise TooManyQueriesError(
                    f"{self.per_client} queries from {client or 'this client'} are already running or waiting; "
                    "wait for their answers")
            self._queries[client] += 1
            self._waiting.setdefault(client, deque()).append(ticket)
            try:
                while True:
                    if ticket.cancelled:
                        raise ServerBusyError("the client left before its query ran")
                    self._drop_dead_idle()
                    if self._idle and self._next_ticket() is ticket:
                        worker = self._idle.pop()
                        self._held[client] += 1
                        self._waiting.move_to_end(client)  # round-robin: this client goes last
                        return worker
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise ServerBusyError(
                            f"every query worker stayed busy for {queue_timeout:g} s; try again later")
                    self._cond.wait(remaining)
            except BaseException:
                self._queries[client] -= 1
                raise
            finally:
                self._waiting[client].remove(ticket)
                if not self._waiting[client]:
                    del self._waiting[client]
                self._cond.notify_all()

    def _next_ticket(self) -> Ticket | None:
        for client, tickets in self._waiting.items():
            if tickets and self._held[client] < self.client_share:
                return tickets[0]
        return None

    def _drop_dead_idle(self) -> None:
        for worker in [w for w in self._idle if not w.alive()]:
            self._idle.remove(worker)
            self._retire(worker, None)

    def _call(self, worker: Worker, job: QueryJob, timeout: float, ticket: Ticket) -> QueryReply | QueryFailure:
        client = ticket.client
        try:
            reply = worker.call(job, timeout, ticket.fileno())
        except (EOFError, OSError) as error:
            self._finish(client, worker, replace=True)
            raise QueryFailedError(f"the query worker stopped while running the query ({error or 'exit'})") from error
        if reply is None:
            self._finish(client, worker, replace=True)
            if ticket.cancelled:
                raise ServerBusyError("the client left; its query was stopped")
            raise QueryTimeoutError(
                f"the query did not finish within {timeout:g} s, this endpoint's time limit; "
                "narrow it down (LIMIT, more specific patterns) and try again"
            )
        self._finish(client, worker, replace=False)
        return reply

    def _finish(self, client: str, worker: Worker, *, replace: bool) -> None:
        with self._cond:
            self._queries[client] -= 1
            if not replace:
                self._held[client] -= 1
                self._idle.append(worker)
                self._cond.notify_all()
                return
            # The client keeps holding this worker's place until its successor is ready.
            self._retire(worker, client)

    def _retire(self, worker: Worker, client: str | None) -> None:
        """Kill ``worker`` and start its successor in the background (called with the lock held)."""
        worker.kill()
        self._all.discard(worker)
        worker.ready = False
        if self._closed.is_set():
            if client is not None:
                self._held[client] -= 1
            return
        threading.Thread(target=self._spawn, args=(client,), daemon=True, name="mgi-graph-worker-restart").start()

    def _spawn(self, client: str | None) -> None:
        """Start one worker, retrying with back-off until it is ready or the pool closes."""
        delay, longest = self.backoff
        while not self._closed.is_set():
            try:
                worker = self.launch(self.data_dir)
            except OSError:
                worker = None
            if worker is not None:
                with self._cond:
                    self._all.add(worker)
                try:
                    worker.wait_ready()
                except (QueryFailedError, EOFError, OSError):
                    with self._cond:
                        self._all.discard(worker)
                    worker.kill()
                else:
                    with self._cond:
                        if self._closed.is_set():
                            self._all.discard(worker)
                            worker.kill()
                            return
                        worker.ready = True
                        self._idle.append(worker)
                        if client is not None:
                            self._held[client] -= 1
                        self._cond.notify_all()
                    return
            with self._cond:
                if client is not None:
                    # A failed start no longer counts against the client that caused it.
                    self._held[client] -= 1
                    client = None
                self._failed_once += 1
                self._cond.notify_all()
            self._closed.wait(delay)
            delay = min(delay * 2, longest)

    def close(self) -> None:
        """Stop every worker (idempotent)."""
        with self._cond:
            self._closed.set()
            workers, self._all, self._idle = list(self._all), set(), []
            self._cond.notify_all()
        for worker in workers:
            worker.kill()
