"""The named graphs as N-Quads and sorted N-Triples text, and Turtle by pyoxigraph's Rust
serialiser.

Each term is converted once to its pyoxigraph form, whose text is its N-Triples spelling
(the spelling pyoxigraph's own N-Quads writer uses), so a line is three or four cached
strings joined; no rdflib or pyoxigraph object is made per triple. Each graph's lines are
sorted and unique, so two builds of the same inputs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from mgi_graph.graph.indexed import IndexedGraph, from_ntriples


@dataclass(frozen=True)
class Quads:
    """The dataset's quads (UTF-8, graph by graph) and merged triples (sorted), and
    each named graph's triples as sorted N-Triples. The texts are most of a build's memory:
    those the Rust engines and the files take as bytes are kept as bytes. The graphs, as
    ``IndexedGraph``s, are parsed from the texts when first asked for (``graphs`` holds those
    the caller already has)."""

    nquads: bytes
    ntriples: str
    texts: dict[URIRef, str]
    graphs: dict[URIRef, IndexedGraph] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        return self.ntriples.count("\n")

    @cached_property
    def merged(self) -> IndexedGraph:
        merged = from_ntriples(self.ntriples, by_predicate=False)
        merged.ntriples = self.ntriples
        return merged

    @cached_property
    def named(self) -> Mapping[URIRef, IndexedGraph]:
        """Named graph -> its graph, each parsed when first asked for."""
        return _Parsed(self.texts, self.graphs)

    def sizes(self) -> dict[URIRef, int]:
        """Named graph -> its number of triples."""
        return {name: text.count("\n") for name, text in self.texts.items()}


class _Parsed(Mapping[URIRef, IndexedGraph]):
    def __init__(self, texts: Mapping[URIRef, str], graphs: dict[URIRef, IndexedGraph]) -> None:
        self.texts = texts
        self.graphs = dict(graphs)

    def __getitem__(self, name: URIRef) -> IndexedGraph:
        if name not in self.graphs:
            self.graphs[name] = from_ntriples(self.texts[name], name)
        return self.graphs[name]

    def __iter__(self) -> Iterator[URIRef]:
        return iter(self.texts)

    def __len__(self) -> int:
        return len(self.texts)


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
    """Every quad of the named graphs ``named`` and their merged triples, sorted."""
    term = _Terms()
    return quads_of({name: graph_text(graph, term) for name, graph in named.items()}, dict(named))


def quads_of(texts: Mapping[URIRef, str], graphs: dict[URIRef, IndexedGraph] | None = None) -> Quads:
    """The quads of named graphs given as their sorted N-Triples ``texts``: N-Quads graph by
    graph, in the order of the graphs' names; N-Triples sorted and unique.

    Merged lines are sorted whole: a line that begins another ends where the other goes on
    with ``@`` or ``^``, both after the ending's space, so N-Triples lines sort in the order
    of their triples.
    """
    # " .\n" ends every line and nothing else: a literal holds no raw line break.
    nquads = b"".join(texts[name].replace(" .\n", f" <{name}> .\n").encode("utf-8") for name in sorted(texts))
    triple_lines: set[str] = set()
    for text in texts.values():
        triple_lines.update(text.splitlines(keepends=True))
    return Quads(nquads=nquads, ntriples="".join(sorted(triple_lines)), texts=dict(texts), graphs=graphs or {})


def graph_text(graph: IndexedGraph, term: _Terms | None = None) -> str:
    """``graph``'s triples as sorted N-Triples lines."""
    return _text(sorted(set(_lines(graph, term or _Terms()))), " .\n")


def _lines(graph: IndexedGraph, term: _Terms) -> Iterator[str]:
    """Each triple of ``graph`` as N-Triples without its ending."""
    for s, by_predicate in graph.subject_index().items():
        for p, objects in by_predicate.items():
            head = f"{term[s]} {term[p]} "
            for o in objects:
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
    # The build's own N-Triples, written by this module: parsed without the checks a file from
    # elsewhere needs (``lenient``: half the time).
    return ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES, lenient=True)


def spelling(term: Node) -> str:
    """``term`` as N-Triples spells it."""
    return str(_convert(term))
