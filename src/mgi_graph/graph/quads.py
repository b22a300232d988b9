"""The dataset as sorted N-Quads and N-Triples text, made by pyoxigraph's Rust serialisers.

rdflib assembles the graph; everything after it (the dumps and the Rust SHACL engine)
reads these texts, which are written in well under a second where rdflib's serialisers
take several. Lines are sorted and unique, so two builds of the same inputs give the
same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

@dataclass(frozen=True)
class Quads:
    """The dataset's quads and merged triples, as sorted N-Quads / N-Triples lines."""

    nquads: str
    ntriples: str

    @property
    def triples(self) -> int:
        return self.ntriples.count("\n")


class _Terms:
    """rdflib term -> pyoxigraph term, each converted once (IRIs repeat thousands of times)."""

    def __init__(self) -> None:
        self.seen: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}

    def __call__(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        converted = self.seen.get(term)
        if converted is None:
            converted = self.seen[term] = _convert(term)
        return converted


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


def _serialize(items: Iterable[ox.Quad] | Iterable[ox.Triple], fmt: ox.RdfFormat,
               prefixes: dict[str, str] | None = None) -> bytes:
    data = ox.serialize(items, format=fmt, prefixes=prefixes)
    assert data is not None  # no output file given: the bytes are returned
    return data


def _sorted_text(data: bytes) -> str:
    lines = sorted(set(data.decode("utf-8").splitlines()))
    return "".join(f"{line}\n" for line in lines if line.strip())


def dataset_quads(dataset: Dataset) -> Quads:
    """Every quad of ``dataset`` and the merged triples, sorted."""
    term = _Terms()
    names: dict[Node | None, ox.NamedNode | ox.DefaultGraph] = {None: ox.DefaultGraph(),
                                                               DATASET_DEFAULT_GRAPH_ID: ox.DefaultGraph()}
    quads = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = names.get(g)
        if name is None:
            name = names[g] = ox.NamedNode(str(g))
        quads.append(ox.Quad(term(s), term(p), term(o), name))  # type: ignore[arg-type]
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return Quads(
        nquads=_sorted_text(_serialize(quads, ox.RdfFormat.N_QUADS)),
        ntriples=_sorted_text(_serialize(triples, ox.RdfFormat.N_TRIPLES)),
    )


def graphs(nquads: str) -> Iterator[tuple[str, list[ox.Triple]]]:
    """(graph IRI, its triples in line order) for each named graph of sorted N-Quads text."""
    by_graph: dict[str, list[ox.Triple]] = {}
    for quad in ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name
        if isinstance(name, ox.NamedNode):
            by_graph.setdefault(name.value, []).append(quad.triple)
    yield from sorted(by_graph.items())


def turtle(triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> str:
    """``triples`` as Turtle, in their order (sorted input groups each subject)."""
    return _serialize(triples, ox.RdfFormat.TURTLE, prefixes).decode("utf-8")


def ntriples_turtle(ntriples: str, prefixes: dict[str, str]) -> str:
    return turtle(ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES), prefixes)
