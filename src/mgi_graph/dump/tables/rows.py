"""The built graph -> the rows of each table, by running the table's SELECT query.

The queries run on a pyoxigraph store of the merged graph, so a table holds
exactly what a SPARQL client of the published graph would get; the query's
variables are the table's columns, in order.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from mgi_graph.errors import BuildError
from mgi_graph.formats import NTRIPLES
from mgi_graph.dump.tables.spec import TableSpec, read_query

Row = tuple[str, ...]


def load_store(graph: Graph) -> ox.Store:
    """An in-memory pyoxigraph store holding ``graph`` as its default graph."""
    store = ox.Store()
    store.load(graph.serialize(format=NTRIPLES.rdflib, encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    return store


def select_rows(store: ox.Store, spec: TableSpec, base: str) -> list[Row]:
    """The rows of ``spec`` in the query's order; relative IRIs in the query resolve against ``base``."""
    result = store.query(read_query(spec.name), base_iri=base)
    assert isinstance(result, ox.QuerySolutions)
    variables = tuple(v.value for v in result.variables)
    if variables != spec.column_names:
        raise BuildError(f"tables/queries/{spec.name}.rq: selects {variables}, "
                         f"but tables.json lists {spec.column_names}")
    return [tuple(_cell(solution[name]) for name in variables) for solution in result]


def select_records(store: ox.Store, name: str, base: str) -> list[dict[str, str]]:
    """The rows of a query that is no table (the dataset facts), as dicts of their non-empty cells."""
    result = store.query(read_query(name), base_iri=base)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: _cell(s[n]) for n in names if s[n] is not None} for s in result]


def _cell(term: object) -> str:
    if term is None:
        return ""
    assert isinstance(term, (ox.NamedNode, ox.Literal)), term
    return term.value
