"""The SPARQL query worker: a child process with its own copy of the store.

pyoxigraph cannot cancel a running query from Python, so user queries run here,
in a process the server can end when a query runs past its time limit. A worker
answers one ``QueryJob`` at a time with a ``QueryReply`` (the serialised result)
or a ``QueryFailure``; rows are counted as they are read so that a huge result
stops at ``max_rows + 1`` instead of filling the memory.

Results are written by ``query.solutions``, the writer the command line uses too.
This module imports only pyoxigraph, the store loader, that writer and the SERVICE
check (which loads rdflib's parser on first need), so a worker starts fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from mgi_graph.formats import oxigraph_format
from mgi_graph.namespaces import PREFIXES
from mgi_graph.query.solutions import Binding, binding, write_boolean, write_solutions
from mgi_graph.query.store import open_store
from mgi_graph.server.dataset import ProtocolDataset, add_union_default_graph, query_arguments
from mgi_graph.server.federation import service_refusal
from mgi_graph.server.snapshot import load_held_store


@dataclass(frozen=True)
class QueryJob:
    """One query. ``select_format`` is used for SELECT and ASK results, ``graph_format``
    for CONSTRUCT and DESCRIBE; None means the client accepts no such format."""

    query: str
    select_format: str | None
    graph_format: str | None
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    # What relative IRIs in the query resolve against (the endpoint's IRI).
    base_iri: str | None = None


@dataclass(frozen=True)
class QueryReply:
    kind: str  # "select", "ask" or "graph"
    format: str
    body: bytes
    count: int


@dataclass(frozen=True)
class QueryFailure:
    reason: str  # "syntax", "refused", "too-large", "failed" or "not-acceptable"
    message: str
    kind: str = ""


class _TooLarge(Exception):
    pass


def run_worker(job_fd: int, reply_fd: int, data_dir: str) -> None:
    """The worker's main loop: load the store, say ready, answer jobs until the pipe closes.

    ``data_dir`` is a built folder, or ``fd:N``: the server's held ``mgi.nq.gz``."""
    jobs = Connection(job_fd, writable=False)
    replies = Connection(reply_fd, readable=False)
    store = load_held_store(int(data_dir[3:])) if data_dir.startswith("fd:") else open_store(Path(data_dir))
    add_union_default_graph(store)
    replies.send("ready")
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):
            return
        replies.send(execute(store, job))


def execute(store: ox.Store, job: QueryJob) -> QueryReply | QueryFailure:
    refusal = service_refusal(job.query)
    if refusal is not None:
        return QueryFailure("refused", refusal)
    try:
        dataset = ProtocolDataset(job.default_graphs, job.named_graphs)
        result = store.query(job.query, **query_arguments(dataset, job.base_iri))
        if isinstance(result, ox.QueryBoolean):
            return _ask(bool(result), job)
        if isinstance(result, ox.QuerySolutions):
            return _select(result, job)
        return _graph(result, job)
    except SyntaxError as error:
        return QueryFailure("syntax", _one_line(error))
    except _TooLarge:
        return QueryFailure("too-large", f"the result has more than {job.max_rows} rows")
    except (OSError, ValueError, RuntimeError, TypeError) as error:
        # Evaluation errors surface while iterating; the engine reports them as these types.
        return QueryFailure("failed", _one_line(error))


def _capped(items: Iterable[Any], limit: int) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if len(out) == limit:
            raise _TooLarge
        out.append(item)
    return out


def _select(result: ox.QuerySolutions, job: QueryJob) -> QueryReply | QueryFailure:
    if job.select_format is None:
        return QueryFailure("not-acceptable", "a SELECT query's results", kind="select")
    names = [v.value for v in result.variables]
    rows = _capped((_bindings(solution, names) for solution in result), job.max_rows)
    body = write_solutions(names, rows, job.select_format).encode("utf-8")
    return QueryReply("select", job.select_format, body, len(rows))


def _bindings(solution: ox.QuerySolution, names: list[str]) -> list[Binding | None]:
    values = [solution[n] for n in names]
    return [None if value is None else binding(value) for value in values]


def _ask(value: bool, job: QueryJob) -> QueryReply | QueryFailure:
    fmt = job.select_format
    if fmt is None:
        return QueryFailure("not-acceptable", "an ASK query's result", kind="ask")
    return QueryReply("ask", fmt, write_boolean(value, fmt).encode("utf-8"), 1)


def _graph(result: Iterable[ox.Triple], job: QueryJob) -> QueryReply | QueryFailure:
    if job.graph_format is None:
        return QueryFailure("not-acceptable", "a CONSTRUCT or DESCRIBE query's graph", kind="graph")
    triples = _capped(_unique(result), job.max_rows)
    body = ox.serialize(triples, format=oxigraph_format(job.graph_format), prefixes=PREFIXES)
    assert body is not None  # no output file given: the bytes are returned
    return QueryReply("graph", job.graph_format, body, len(triples))


def _unique(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    """Each triple once: a graph result is a set, but the engine's DESCRIBE repeats a triple
    shared by two described resources or by two graphs of the default graph."""
    seen: set[ox.Triple] = set()
    for triple in triples:
        if triple not in seen:
            seen.add(triple)
            yield triple


def _one_line(error: object) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 500 else text[:499] + "…"
