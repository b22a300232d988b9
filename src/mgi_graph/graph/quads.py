"""The named graphs as sorted N-Quads and N-Triples text, and Turtle by pyoxigraph's Rust
serialiser.

Each term is converted once to its pyoxigraph form, whose text is its N-Triples spelling
(the spelling pyoxigraph's own N-Quads writer uses), so a line is three or four cached
strings joined; no rdflib or pyoxigraph object is made per triple. Lines are sorted and
unique, so two builds of the same inputs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from mgi_graph.graph.indexed import IndexedGraph


@dataclass(frozen=True)
class Quads:
    """The dataset's quads (UTF-8) and merged triples, as sorted N-Quads / N-Triples lines; each
    named graph's triples as N-Triples (UTF-8) in the order of its quads; the merged graph and
    each named graph as ``IndexedGraph``s. The texts are most of a build's memory: those the
    Rust engines and the files take as bytes are kept as bytes."""

    nquads: bytes
    ntriples: str
    merged: IndexedGraph
    named: dict[URIRef, IndexedGraph]
    graph_ntriples: dict[URIRef, bytes]

    @property
    def triples(self) -> int:
        return self.ntriples.count("\n")


class _Terms(dict[Node, str]):
    """rdflib term -> its N-Triples text, each converted once (IRIs repeat thousands of times)."""

    def __missing__(self, term: Node) -> str:
        text = self[term] = str(_convert(term))
        return text


def _convert(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = term.datatype
        return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)) if datatype else None)
    raise TypeError(f"not an RDF term: {term!r}")


def graph_quads(named: Mapping[URIRef, IndexedGraph]) -> Quads:
    """Every quad of the named graphs ``named`` and their merged triples, sorted.

    Lines are sorted without their ending (`` <graph> .``): a line that begins another ends
    where the other goes on with ``@`` or ``^``, both after the ending's space, so the order
    is the one of the whole lines, and no second copy of each line is made to sort it.
    """
    term = _Terms()
    merged = IndexedGraph(by_predicate=False)
    quad_lines: list[str] = []
    triple_lines: set[str] = set()
    graph_ntriples: dict[URIRef, bytes] = {}
    for name, graph in named.items():
        lines = sorted(set(_lines(graph, term, merged)))
        suffix = f" {term[name]} .\n"
        quad_lines += [line + suffix for line in lines]
        graph_ntriples[name] = _text(lines, " .\n").encode("utf-8")
        triple_lines.update(lines)
    quad_lines.sort()
    nquads = b"".join(line.encode("utf-8") for line in quad_lines)
    del quad_lines
    merged.ntriples = _text(sorted(triple_lines), " .\n")
    return Quads(nquads=nquads, ntriples=merged.ntriples, merged=merged, named=dict(named),
                 graph_ntriples=graph_ntriples)


def _lines(graph: IndexedGraph, term: _Terms, merged: IndexedGraph) -> Iterator[str]:
    """Each triple of ``graph`` as N-Triples without its ending; each added to ``merged``."""
    for s, by_predicate in graph.subject_index().items():
        for p, objects in by_predicate.items():
            head = f"{term[s]} {term[p]} "
            for o in objects:
                merged.add((s, p, o))
                yield head + term[o]


def _text(lines: list[str], ending: str) -> str:
    return ending.join(lines) + ending if lines else ""


def dataset_quads(dataset: Dataset) -> Quads:
    """``graph_quads`` of an rdflib Dataset's named graphs (its default graph is left out)."""
    named: dict[URIRef, IndexedGraph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if isinstance(g, URIRef) and g != DATASET_DEFAULT_GRAPH_ID:
            if g not in named:
                named[g] = IndexedGraph(g)
            named[g].add((s, p, o))
    return graph_quads(named)


def _serialize(items: Iterable[ox.Triple], fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
    data = ox.serialize(items, format=fmt, prefixes=prefixes)
    assert data is not None  # no output file given: the bytes are returned
    return data


def turtle(triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> str:
    """``triples`` as Turtle, in their order (sorted input groups each subject)."""
    return _serialize(triples, ox.RdfFormat.TURTLE, prefixes).decode("utf-8")


def ntriples_turtle(ntriples: str | bytes, prefixes: dict[str, str]) -> str:
    return turtle(_parse_ntriples(ntriples.encode("utf-8") if isinstance(ntriples, str) else ntriples), prefixes)


def _parse_ntriples(ntriples: bytes) -> Iterator[ox.Triple]:
    return ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
