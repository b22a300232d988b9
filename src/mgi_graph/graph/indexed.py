"""``IndexedGraph``: an rdflib Graph held in two plain dictionaries.

The assembler adds some 100,000 triples to one of these per named graph; rdflib's
memory store spends most of a build keeping indexes and contexts the build never asks
for. Two dictionaries (subject -> predicate -> objects, predicate -> object -> subjects)
answer every pattern the graph builders, the JSON-LD and VoID writers use, and keep the
order triples were added in. Every other Graph method works through ``triples``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from mgi_graph.namespaces import PREFIXES

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
    @property  # type: ignore[override]
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
