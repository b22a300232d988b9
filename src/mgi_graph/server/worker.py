"""The SPARQL query worker: a child process with its own copy of the store.

pyoxigraph cannot cancel a running query from Python, so user queries run here,
in a process the server can end when a query runs past its time limit. A worker
answers one ``QueryJob`` at a time with a ``QueryReply`` (the serialised result)
or a ``QueryFailure``; rows are counted as they are read so that a huge result
stops at ``max_rows + 1`` instead of filling the memory.

This module imports only pyoxigraph, the store loader and the SERVICE check
(which loads rdflib's parser on first need), so a worker starts fast.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from mgi_graph.namespaces import PREFIXES, XSD_STRING
from mgi_graph.server.dataset import ProtocolDataset, add_union_default_graph, query_arguments
from mgi_graph.server.federation import service_refusal
from mgi_graph.server.snapshot import load_held_store
from mgi_graph.query.store import open_store

RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
SELECT_FORMATS = ("json", "xml", "csv", "tsv")


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
    rows = _capped(([s[n] for n in names] for s in result), job.max_rows)
    writer = {"json": _json_rows, "xml": _xml_rows, "csv": _csv_rows, "tsv": _tsv_rows}[job.select_format]
    return QueryReply("select", job.select_format, writer(names, rows).encode("utf-8"), len(rows))


def _ask(value: bool, job: QueryJob) -> QueryReply | QueryFailure:
    fmt = job.select_format
    if fmt is None:
        return QueryFailure("not-acceptable", "an ASK query's result", kind="ask")
    text = "true" if value else "false"
    if fmt == "json":
        body = json.dumps({"head": {}, "boolean": value})
    elif fmt == "xml":
        body = f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/><boolean>{text}</boolean></sparql>\n'
    else:
        body = text + "\n"
    return QueryReply("ask", fmt, body.encode("utf-8"), 1)


def _graph(result: Iterable[ox.Triple], job: QueryJob) -> QueryReply | QueryFailure:
    if job.graph_format is None:
        return QueryFailure("not-acceptable", "a CONSTRUCT or DESCRIBE query's graph", kind="graph")
    triples = _capped(_unique(result), job.max_rows)
    # A graph format's key is its file extension (conneg's offers: ttl, nt, jsonld, rdf).
    rdf_format = ox.RdfFormat.from_extension(job.graph_format)
    assert rdf_format is not None, job.graph_format
    body = ox.serialize(triples, format=rdf_format, prefixes=PREFIXES)
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


# --- SPARQL 1.1 results formats, written straight from pyoxigraph terms ------------------------


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"type": "literal", "value": term.value, "xml:lang": term.language}
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return {"type": "literal", "value": term.value}
        return {"type": "literal", "value": term.value, "datatype": datatype}
    return {"type": "triple", "value": str(term)}  # RDF-star: not in this graph


def _json_rows(names: list[str], rows: list[list[Any]]) -> str:
    bindings = [{n: _json_term(t) for n, t in zip(names, row) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False)


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    datatype = term.datatype.value
    if datatype == XSD_STRING:
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal datatype={quoteattr(datatype)}>{escape(term.value)}</literal>"


def _xml_rows(names: list[str], rows: list[list[Any]]) -> str:
    def lines() -> Iterator[str]:
        yield '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>'
        yield "".join(f"<variable name={quoteattr(n)}/>" for n in names)
        yield "</head>\n<results>\n"
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>" for n, t in zip(names, row) if t is not None
            )
            yield f"<result>{cells}</result>\n"
        yield "</results>\n</sparql>\n"

    return "".join(lines())


def _csv_value(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value)


def _csv_rows(names: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows([_csv_value(t) for t in row] for row in rows)
    return out.getvalue()


def _tsv_rows(names: list[str], rows: list[list[Any]]) -> str:
    # pyoxigraph's str() of a term is its N-Triples form, which is what TSV results use.
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def _one_line(error: object) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 500 else text[:499] + "…"
