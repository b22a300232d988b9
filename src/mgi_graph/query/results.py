"""Run SPARQL on the embedded store, on rdflib or on a remote endpoint; format the results.

Whatever the engine, results come back as one value, ``ResultTable``, holding
rdflib terms (``URIRef``, ``Literal``, ``BNode``; ``None`` for an unbound
variable), so the formatters and the tests never see engine-specific types.
Simple literals are always returned without a datatype (never ``^^xsd:string``),
which is how SPARQL 1.1 results represent them, so rows from two engines compare
equal.
"""

from __future__ import annotations

import http.client
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

import pyoxigraph
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql.parser import parseQuery
# SPARQLWrapper's names of the formats it asks an endpoint for (not the formats table's)
from SPARQLWrapper import JSON as RETURN_JSON, POST, TURTLE as RETURN_TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from mgi_graph.defaults import GRAPH_FORMATS, RESULT_FORMATS, ROW_FORMATS, TABLE
from mgi_graph.errors import EndpointError, QueryError, QuerySyntaxError
from mgi_graph.formats import JSONLD, SPARQL_JSON, TEXT, TURTLE
from mgi_graph.namespaces import PREFIXES
from mgi_graph.query.solutions import ntriples, write_boolean, write_solutions

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "ResultTable",
    "Term",
    "format_table",
    "run_local",
    "run_rdflib",
    "run_remote",
]

Term = Union[URIRef, Literal, BNode]
# What a query returns (typing's Literal: ``Literal`` here is rdflib's term).
ResultKind = typing.Literal["select", "ask", "graph"]
Triple = tuple[Term, Term, Term]

FORMATS = RESULT_FORMATS
# Media type of each format, for the server's Content-Type headers.
MEDIA_TYPES: dict[str, str] = {
    TABLE: TEXT.content_type,
    **{f.key: f.content_type for f in (*ROW_FORMATS, *GRAPH_FORMATS)},
}
_ROW_FORMATS = (TABLE, *(f.key for f in ROW_FORMATS))
_GRAPH_FORMATS = (TABLE, *(f.key for f in GRAPH_FORMATS))
_TABLE_CELL = 60  # characters of a cell in the terminal table; longer values are cut


@dataclass(frozen=True)
class ResultTable:
    """The result of one query.

    ``kind`` is ``select`` (``columns`` and ``rows``), ``ask`` (``boolean``) or
    ``graph`` (CONSTRUCT/DESCRIBE: ``triples``).
    """

    kind: ResultKind
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[Triple, ...] = field(default=())

    def graph(self) -> Graph:
        """The triples of a ``graph`` result as an rdflib Graph with the project's prefixes."""
        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        for triple in self.triples:
            graph.add(triple)
        return graph

    def records(self) -> list[dict[str, Term]]:
        """Rows as dicts of column -> term, unbound columns left out."""
        return [{c: v for c, v in zip(self.columns, row) if v is not None} for row in self.rows]


# --- running --------------------------------------------------------------------------


def run_local(store: pyoxigraph.Store, sparql: str, *, use_default_graph_as_union: bool = True) -> ResultTable:
    """Run ``sparql`` on an embedded pyoxigraph store.

    Raises QuerySyntaxError when the query does not parse and QueryError when it
    fails while running (for example a SERVICE call that cannot be made).
    """
    try:
        result = store.query(sparql, use_default_graph_as_union=use_default_graph_as_union)
        if isinstance(result, pyoxigraph.QueryBoolean):
            return ResultTable(kind="ask", boolean=bool(result))
        if isinstance(result, pyoxigraph.QuerySolutions):
            columns = tuple(v.value for v in result.variables)
            rows = tuple(tuple(_from_oxigraph(solution[c]) for c in columns) for solution in result)
            return ResultTable(kind="select", columns=columns, rows=rows)
        triples = tuple(
            (_from_oxigraph(t.subject), _from_oxigraph(t.predicate), _from_oxigraph(t.object))
            for t in result
        )
        return ResultTable(kind="graph", triples=triples)  # type: ignore[arg-type]
    except SyntaxError as error:
        raise QuerySyntaxError(f"not a valid SPARQL query: {_one_line(error)}") from error
    except (OSError, RuntimeError, ValueError) as error:
        raise QueryError(f"query failed: {_one_line(error)}") from error


def run_rdflib(dataset: Dataset | Graph, sparql: str) -> ResultTable:
    """Run ``sparql`` with rdflib's engine (pass a Dataset with ``default_union=True``)."""
    try:
        result = dataset.query(sparql)
    except Exception as error:  # rdflib raises parser and evaluation errors of many types
        raise QueryError(f"query failed: {_one_line(error)}") from error
    if result.type == "ASK":
        return ResultTable(kind="ask", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return ResultTable(kind="graph", triples=tuple(_sorted_triples(result.graph)))
    columns = tuple(str(v) for v in result.vars or ())
    rows = tuple(tuple(_plain(row[c]) for c in columns) for row in result)  # type: ignore[call-overload,index]
    return ResultTable(kind="select", columns=columns, rows=rows)


def run_remote(endpoint_url: str, sparql: str, *, timeout: float = 60.0) -> ResultTable:
    """Run ``sparql`` on a SPARQL 1.1 Protocol endpoint (POST, JSON or Turtle results).

    Raises EndpointError with a one-line message when the endpoint cannot be
    reached, times out, refuses the query or answers something unreadable.
    """
    client = SPARQLWrapper(endpoint_url)
    client.setMethod(POST)
    client.setTimeout(max(1, round(timeout)))
    client.setQuery(sparql)
    # SPARQLWrapper guesses the query form with a regex that words in comments or
    # strings can fool ("drop" made it send a SELECT as an update), so parse it.
    client.queryType = _query_form(sparql) or client.queryType
    is_graph = client.queryType in ("CONSTRUCT", "DESCRIBE")
    client.setReturnFormat(RETURN_TURTLE if is_graph else RETURN_JSON)
    try:
        converted = client.query().convert()
        if is_graph:
            text = converted.decode("utf-8") if isinstance(converted, bytes) else str(converted)
            return ResultTable(kind="graph", triples=tuple(_sorted_triples(Graph().parse(data=text, format=TURTLE.rdflib))))
        return table_from_json(converted)
    except (SPARQLWrapperException, OSError, http.client.HTTPException, ValueError, SyntaxError) as error:
        reason = getattr(error, "reason", None) or error
        raise EndpointError(f"{endpoint_url}: {_one_line(reason)}") from error


def _query_form(sparql: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE as rdflib parses ``sparql``; None if it cannot."""
    try:
        parsed = parseQuery(sparql)
    except Exception:  # not rdflib's dialect: leave the guess to SPARQLWrapper and the endpoint
        return None
    return str(parsed[1].name).removesuffix("Query").upper()


def table_from_json(document: Any) -> ResultTable:
    """A ResultTable from a SPARQL 1.1 Query Results JSON document (already decoded)."""
    if not isinstance(document, dict) or "head" not in document:
        raise ValueError("not a SPARQL JSON results document")
    if "boolean" in document:
        return ResultTable(kind="ask", boolean=bool(document["boolean"]))
    columns = tuple(document["head"].get("vars", []))
    bindings = document.get("results", {}).get("bindings", [])
    rows = tuple(tuple(_from_json(b.get(c)) for c in columns) for b in bindings)
    return ResultTable(kind="select", columns=columns, rows=rows)


# --- formatting -------------------------------------------------------------------------


def format_table(table: ResultTable, fmt: str) -> str:
    """``table`` as text in ``fmt`` (one of ``FORMATS``).

    ``json`` is SPARQL 1.1 Query Results JSON, ``csv``/``tsv`` follow SPARQL 1.1
    CSV and TSV Results; ``ttl``/``jsonld`` are for CONSTRUCT results. Raises
    QueryError when the format does not fit the kind of result.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format '{fmt}' (use one of: {', '.join(FORMATS)})")
    allowed = _GRAPH_FORMATS if table.kind == "graph" else _ROW_FORMATS
    if fmt not in allowed:
        what = "CONSTRUCT/DESCRIBE" if table.kind == "graph" else table.kind.upper()
        raise QueryError(f"format '{fmt}' does not fit a {what} result (use one of: {', '.join(allowed)})")
    if table.kind == "graph":
        return _format_graph(table, TURTLE.key if fmt == TABLE else fmt)
    return _format_text(table) if fmt == TABLE else _format_results(table, fmt)


def _format_results(table: ResultTable, fmt: str) -> str:
    """JSON, CSV or TSV by the one results writer (``solutions``); JSON indented for a terminal."""
    indent = 1 if fmt == SPARQL_JSON.key else None
    if table.kind == "ask":
        text = write_boolean(bool(table.boolean), fmt, indent=indent)
    else:
        rows = [[None if v is None else _to_json(v) for v in row] for row in table.rows]
        text = write_solutions(table.columns, rows, fmt, indent=indent)
    return text + "\n" if fmt == SPARQL_JSON.key else text


def _format_text(table: ResultTable) -> str:
    if table.kind == "ask":
        return ("true" if table.boolean else "false") + "\n"
    cells = [[_cut(_short(v)) for v in row] for row in table.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(table.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(table.columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(table.rows)} row{'' if len(table.rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _format_graph(table: ResultTable, fmt: str) -> str:
    graph = table.graph()
    if fmt == JSONLD.key:
        context = {prefix: namespace for prefix, namespace in PREFIXES.items()}
        return graph.serialize(format=JSONLD.rdflib, context=context, auto_compact=True, indent=1) + "\n"
    return graph.serialize(format=TURTLE.rdflib)


# --- terms --------------------------------------------------------------------------------


def _plain(term: Any) -> Term | None:
    """rdflib terms with ``^^xsd:string`` dropped (SPARQL 1.1 results have no such datatype)."""
    if isinstance(term, Literal) and term.datatype == XSD.string and term.language is None:
        return Literal(str(term))
    return term  # type: ignore[no-any-return]


def _from_oxigraph(term: Any) -> Term | None:
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return _literal(term.value, None if datatype == str(XSD.string) else datatype)
    raise QueryError(f"unsupported term in results: {term}")  # RDF-star triples: not in this graph


def _from_json(binding: Mapping[str, str] | None) -> Term | None:
    if binding is None:
        return None
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    datatype = binding.get("datatype")
    return _literal(value, None if datatype == str(XSD.string) else datatype)


def _literal(value: str, datatype: str | None) -> Literal:
    # normalize=False keeps the lexical form the engine wrote ("007" stays "007").
    return Literal(value, datatype=URIRef(datatype) if datatype else None, normalize=False)


def _to_json(term: Term) -> dict[str, str]:
    """The SPARQL JSON binding of an rdflib term: what ``solutions`` writes."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    binding = {"type": "literal", "value": str(term)}
    if term.language:
        binding["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        binding["datatype"] = str(term.datatype)
    return binding


def _nt(term: Term | None) -> str:
    """A term in N-Triples syntax, the sort key of rows and triples; empty when unbound."""
    return "" if term is None else ntriples(_to_json(term))


def _short(term: Term | None) -> str:
    """A compact display form for the terminal: known prefixes applied, literals bare."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in PREFIXES.items():
            if term.startswith(namespace) and len(term) > len(namespace):
                return f"{prefix}:{term[len(namespace):]}"
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())


def _cut(text: str) -> str:
    return text if len(text) <= _TABLE_CELL else text[: _TABLE_CELL - 1] + "…"


def _sorted_triples(graph: Iterable[Any]) -> list[Triple]:
    return sorted(graph, key=lambda t: tuple(_nt(x) for x in t))


def _one_line(error: object) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 300 else text[:299] + "…"


def sort_rows(rows: Sequence[tuple[Term | None, ...]]) -> list[tuple[Term | None, ...]]:
    """Rows in a canonical order (by their N-Triples form), for comparing unordered results."""
    return sorted(rows, key=lambda row: tuple(_nt(v) for v in row))
