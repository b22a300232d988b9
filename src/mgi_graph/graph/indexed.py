"""``IndexedGraph``: an rdflib Graph held in two plain dictionaries.

The assembler adds some 100,000 triples to one of these per named graph; rdflib's
memory store spends most of a build keeping indexes and contexts the build never asks
for. Two dictionaries (subject -> predicate -> objects, predicate -> object -> subjects)
answer every pattern the graph builders, the JSON-LD and VoID writers use, and keep the
order triples were added in. Every other Graph method works through ``triples``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from mgi_graph.namespaces import PREFIXES, XSD_STRING

Index = dict[Node, dict[Node, dict[Node, None]]]


class IndexedGraph(Graph):
    """A Graph that only grows (``add``), answering from its subject and predicate indexes.

    Without ``by_predicate`` (the merged graph, read by subject but for a few statistics)
    the predicate index is not kept and a pattern without a subject is a scan.
    """

    def __init__(self, identifier: URIRef | None = None, *, by_predicate: bool = True) -> None:
        self._prefixes_bound = False
        super().__init__(identifier=identifier)
        self._spo: Index = {}
        self._pos: Index | None = {} if by_predicate else None
        self._size = 0
        self.ntriples: str | None = None  # the sorted N-Triples of the graph, once known

    # The project's prefixes are bound on first use: a build makes some 250 graphs and asks
    # for no prefix of most of them, and binding costs a millisecond a graph.
    @property
    def namespace_manager(self) -> NamespaceManager:
        manager = Graph.namespace_manager.fget(self)  # type: ignore[attr-defined]
        if not self._prefixes_bound:
            self._prefixes_bound = True
            for prefix, namespace in PREFIXES.items():
                manager.bind(prefix, namespace)
        return manager  # type: ignore[no-any-return]

    @namespace_manager.setter
    def namespace_manager(self, manager: NamespaceManager) -> None:
        Graph.namespace_manager.fset(self, manager)  # type: ignore[attr-defined]

    def add(self, triple: Any) -> IndexedGraph:
        s, p, o = triple
        objects = self._spo.setdefault(s, {}).setdefault(p, {})
        if o not in objects:
            objects[o] = None
            if self._pos is not None:
                self._pos.setdefault(p, {}).setdefault(o, {})[s] = None
            self._size += 1
        return self

    def add_all(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        for triple in triples:
            self.add(triple)

    def __len__(self) -> int:
        return self._size

    def subject_index(self) -> Index:
        """subject -> predicate -> objects, in the order they were added (read-only)."""
        return self._spo

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
        elif p is not None and self._pos is not None:
            for obj, subjects in (self._pos.get(p, {}).items() if o is None else
                                  [(o, self._pos.get(p, {}).get(o, {}))]):
                for subject in subjects:
                    yield subject, p, obj
        else:
            for subject, by_predicate in self._spo.items():
                for predicate, objects in (by_predicate.items() if p is None else
                                           [(p, by_predicate.get(p, {}))]):
                    for obj in objects:
                        if o is None or obj == o:
                            yield subject, predicate, obj


def from_ntriples(text: str, identifier: URIRef | None = None, *, by_predicate: bool = True) -> IndexedGraph:
    """The graph of N-Triples ``text`` as pyoxigraph writes it (the build's own lines), each
    distinct term converted once: several times faster than rdflib's parser."""
    graph = IndexedGraph(identifier, by_predicate=by_predicate)
    terms: dict[str, Node] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        spelled = line[:-2].rstrip().split(" ", 2)  # subject, predicate, object; " ." ends the line
        triple = []
        for item in spelled:
            term = terms.get(item)
            if term is None:
                term = terms[item] = _term(item)
            triple.append(term)
        graph.add(tuple(triple))
    return graph


def _term(text: str) -> Node:
    """An rdflib term from its N-Triples spelling."""
    if text.startswith("<"):
        return URIRef(text[1:-1])
    if text.startswith("_:"):
        return BNode(text[2:])
    end = text.rindex('"')
    try:
        # N-Triples escapes in a string are JSON's (pyoxigraph writes no \U or \' escapes).
        value = json.loads(text[: end + 1])
    except ValueError:
        parsed = next(ox.parse(f"<x:s> <x:p> {text} .".encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
        value = parsed.object.value
    tail = text[end + 1:]
    if tail.startswith("@"):
        return Literal(value, lang=tail[1:])
    if tail.startswith("^^<") and tail[3:-1] != XSD_STRING:
        return Literal(value, datatype=URIRef(tail[3:-1]))
    return Literal(value)
