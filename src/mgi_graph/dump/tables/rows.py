"""The built graph -> the rows of each table, by running the table's SELECT query.

The queries run on a pyoxigraph store of the merged graph, so a table holds
exactly what a SPARQL client of the published graph would get; the query's
variables are the table's columns, in order.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import Graph

from mgi_graph.errors import BuildError
from mgi_graph.formats import NTRIPLES
from mgi_graph.dump.tables.csvfile import csv_bytes
from mgi_graph.dump.tables.spec import TableSpec, load_specs, read_query

Row = tuple[str, ...]
# An IRI holding a comma, in N-Triples (an IRI there holds no space, '<', '>' or '"'); a literal
# may match too, which only costs the slower writer.
_COMMA_IRI = re.compile(rb',[^<>\s"]*>')


def load_store(graph: Graph) -> ox.Store:
    """An in-memory pyoxigraph store holding ``graph`` as its default graph."""
    return store_of(graph_ntriples(graph))


def store_of(ntriples: bytes) -> ox.Store:
    """A store of N-Triples written by rdflib or the Rust serialiser, hence parsed without the
    checks a file from elsewhere would need (``lenient``: a quarter faster)."""
    store = ox.Store()
    store.load(ntriples, ox.RdfFormat.N_TRIPLES, lenient=True)
    return store


def csv_writable(ntriples: bytes) -> bool:
    """Whether oxigraph's CSV results of these triples are the bytes ``csvfile.csv_bytes`` writes:
    it quotes literals as RFC 4180 asks, but leaves an IRI holding a comma unquoted."""
    return _COMMA_IRI.search(ntriples) is None


def graph_ntriples(graph: Graph) -> bytes:
    """``graph`` as N-Triples (free for the build's merged graph, which holds its text)."""
    data = graph.serialize(format=NTRIPLES.rdflib, encoding="utf-8")
    assert isinstance(data, bytes)
    return data


def table_csv(store: ox.Store, spec: TableSpec, base: str, *, rust_csv: bool) -> bytes:
    """The table's CSV bytes; with ``rust_csv`` (``csv_writable``) oxigraph writes them (the same
    bytes, far faster than a Python row per solution), else ``csv_bytes`` does."""
    if rust_csv:
        return select_csv(store, spec, base)
    return csv_bytes(spec.column_names, select_rows(store, spec, base))


def profile_rows(ntriples: str, base: str) -> dict[str, bytes]:
    """The rows of each ``by_profile`` table (CSV without its header) of ``ntriples``: one
    profile's graph and the vocabulary."""
    data = ntriples.encode("utf-8")
    store, rust_csv = store_of(data), csv_writable(data)
    return {spec.name: table_csv(store, spec, base, rust_csv=rust_csv)[len(csv_header(spec)):]
            for spec in load_specs() if spec.by_profile}


def csv_header(spec: TableSpec) -> bytes:
    return csv_bytes(spec.column_names, ())


def select_rows(store: ox.Store, spec: TableSpec, base: str) -> list[Row]:
    """The rows of ``spec`` in the query's order; relative IRIs in the query resolve against ``base``."""
    result = _select(store, spec, base)
    return [tuple("" if term is None else _value(term) for term in solution) for solution in result]


def select_csv(store: ox.Store, spec: TableSpec, base: str) -> bytes:
    """The table's CSV bytes (header, then ``select_rows``), written by oxigraph's SPARQL CSV
    results writer; the same bytes as ``csv_bytes`` only when ``csv_writable`` holds."""
    data = _select(store, spec, base).serialize(format=ox.QueryResultsFormat.CSV)
    assert data is not None  # no output file given: the bytes are returned
    return data


def select_records(store: ox.Store, name: str, base: str) -> list[dict[str, str]]:
    """The rows of a query that is no table (the dataset facts), as dicts of their non-empty cells."""
    result = store.query(read_query(name), base_iri=base)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: _value(s[n]) for n in names if s[n] is not None} for s in result]


def _select(store: ox.Store, spec: TableSpec, base: str) -> ox.QuerySolutions:
    result = store.query(read_query(spec.name), base_iri=base)
    assert isinstance(result, ox.QuerySolutions)
    variables = tuple(v.value for v in result.variables)
    if variables != spec.column_names:
        raise BuildError(f"tables/queries/{spec.name}.rq: selects {variables}, "
                         f"but tables.json lists {spec.column_names}")
    return result


def _value(term: object) -> str:
    assert isinstance(term, (ox.NamedNode, ox.Literal)), term
    return term.value

