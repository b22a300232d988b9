"""The dataset as sorted N-Quads and N-Triples text, made by pyoxigraph's Rust serialisers,
and as read-only indexed graphs for the JSON-LD and VoID writers.

rdflib assembles the graph; everything after it (the dumps and the Rust SHACL engine)
reads these texts, which are written in well under a second where rdflib's serialisers
take several. Lines are sorted and unique, so two builds of the same inputs give the
same bytes. Copying the dataset into rdflib graphs (the merged graph, one per profile)
costs as much again, so one pass over the quads also fills ``IndexedGraph``s: rdflib
graphs whose ``triples`` answers from two dictionaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from mgi_graph.namespaces import PREFIXES

class IndexedGraph(Graph):
    """A read-only rdflib Graph held in subject and predicate indexes (filled by ``dataset_quads``)."""

    def __init__(self, identifier: Node | None = None) -> None:
        super().__init__(identifier=identifier)  # type: ignore[arg-type]
        self._spo: dict[Node, dict[Node, dict[Node, None]]] = {}
        self._pos: dict[Node, dict[Node, dict[Node, None]]] = {}
        self._size = 0
        self.ntriples: str | None = None  # the sorted N-Triples of the merged graph, once known

    def _put(self, s: Node, p: Node, o: Node) -> None:
        objects = self._spo.setdefault(s, {}).setdefault(p, {})
        if o not in objects:
            objects[o] = None
            self._pos.setdefault(p, {}).setdefault(o, {})[s] = None
            self._size += 1

    def __len__(self) -> int:
        return self._size

    def serialize(self, destination: Any = None, format: str = "turtle", *args: Any,
                  encoding: str | None = None, **kwargs: Any) -> Any:
        """N-Triples from the Rust serialiser's text when known (the tables load it so); else rdflib's."""
        if destination is None and format in ("nt", "ntriples") and self.ntriples is not None:
            return self.ntriples.encode(encoding) if encoding else self.ntriples
        if encoding is not None:
            kwargs["encoding"] = encoding
        return super().serialize(destination, format, *args, **kwargs)

    def triples(self, triple: Any) -> Iterator[Any]:  # type: ignore[override]
        s, p, o = triple
        if s is not None:
            by_predicate = self._spo.get(s, {})
            for predicate in (by_predicate if p is None else (p,)):
                for obj in by_predicate.get(predicate, {}):
                    if o is None or obj == o:
                        yield s, predicate, obj
        elif p is not None:
            for obj, subjects in (self._pos.get(p, {}).items() if o is None else
                                  [(o, self._pos.get(p, {}).get(o, {}))]):
                for subject in subjects:
                    yield subject, p, obj
        else:
            for subject, by_predicate in self._spo.items():
                for predicate, objects in by_predicate.items():
                    for obj in objects:
                        if o is None or obj == o:
                            yield subject, predicate, obj


@dataclass(frozen=True)
class Quads:
    """The dataset's quads and merged triples, as sorted N-Quads / N-Triples lines, and the
    merged graph and each named graph as ``IndexedGraph``s."""

    nquads: str
    ntriples: str
    merged: IndexedGraph
    named: dict[Node, IndexedGraph]

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
    merged = _bound(IndexedGraph())
    named: dict[Node, IndexedGraph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = names.get(g)
        if name is None:
            name = names[g] = ox.NamedNode(str(g))
        quads.append(ox.Quad(term(s), term(p), term(o), name))  # type: ignore[arg-type]
        merged._put(s, p, o)
        if isinstance(g, URIRef) and g != DATASET_DEFAULT_GRAPH_ID:
            if g not in named:
                named[g] = _bound(IndexedGraph(g))
            named[g]._put(s, p, o)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    merged.ntriples = _sorted_text(_serialize(triples, ox.RdfFormat.N_TRIPLES))
    return Quads(
        nquads=_sorted_text(_serialize(quads, ox.RdfFormat.N_QUADS)),
        ntriples=merged.ntriples,
        merged=merged,
        named=named,
    )


def _bound(graph: IndexedGraph) -> IndexedGraph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


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
