"""How a description (``describe``) is written: Turtle, N-Triples, RDF/XML or nested JSON-LD.

A document names the graph's own (canonical) IRIs, wherever the server runs: a
client that dereferenced ``https://w3id.org/mgi/profile/x`` and followed the
redirects to this server must get a document about that IRI, not about the
server's address (only HTML pages link to the server, for browsing).

Documents are written at the least cost per triple, because a description is
written anew for every request the response cache does not answer:

- N-Triples are written by pyoxigraph, sorted by line (the order of
  ``sorted(triples, key=str)``: a line is the triple's ``str`` and `` .``, and
  holds no byte below the space).
- Turtle and RDF/XML are pyoxigraph's, from those N-Triples, with the graph's prefixes.
- JSON-LD is the dumps' nested document (``mgi_graph.dump.jsonld``), written from
  an rdflib graph over a read-only index of the triples (``TripleIndex``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.store import Store

from mgi_graph.dump.jsonld import JsonLdWriter, iter_json, load_context
from mgi_graph.formats import NTRIPLES, oxigraph_format
from mgi_graph.namespaces import PREFIXES, XSD_STRING


RdflibTerm = URIRef | BNode | Literal


def serialize(triples: Iterable[ox.Triple], fmt: str, root: str, tail: Sequence[ox.Triple] = ()) -> bytes:
    """``triples`` as ``ttl``, ``nt``, ``rdf`` (RDF/XML) or ``jsonld`` (the dumps' nested
    JSON-LD, rooted at ``root``).

    Turtle, N-Triples and RDF/XML list ``triples`` sorted, then ``tail`` as it is.
    """
    if fmt == "jsonld":
        writer = JsonLdWriter(to_rdflib(chain(triples, tail)), load_context())
        return ("".join(iter_json(writer.document(URIRef(root)))) + "\n").encode("utf-8")
    body = sorted_ntriples(triples, tail)
    if fmt == NTRIPLES.key:
        return body
    text = ox.serialize(ox.parse(body, format=ox.RdfFormat.N_TRIPLES), format=oxigraph_format(fmt), prefixes=PREFIXES)
    assert text is not None  # no output file given: the bytes are returned
    return text


def sorted_ntriples(triples: Iterable[ox.Triple], tail: Sequence[ox.Triple] = ()) -> bytes:
    """``triples`` as N-Triples, sorted, then ``tail``."""
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    end = ox.serialize(tail, format=ox.RdfFormat.N_TRIPLES)
    assert body is not None and end is not None  # no output file given: the bytes are returned
    return b"".join(sorted(body.splitlines(keepends=True))) + end


def to_rdflib(triples: Iterable[ox.Triple]) -> Graph:
    """``triples`` as a read-only rdflib graph."""
    terms: dict[object, RdflibTerm] = {}  # a description names few terms many times

    def term(node: object) -> RdflibTerm:
        found = terms.get(node)
        if found is None:
            found = terms[node] = _rdflib_term(node)
        return found

    # No prefixes are bound: the JSON-LD writer compacts IRIs with its context alone.
    return Graph(store=TripleIndex((term(t.subject), term(t.predicate), term(t.object)) for t in triples))


def _rdflib_term(term: object) -> RdflibTerm:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype), normalize=False)


class TripleIndex(Store):
    """A read-only rdflib store of fixed triples, indexed by subject then predicate.

    The JSON-LD writer asks its graph for a node's predicates and objects some
    2,000 times per profile; rdflib's ``Memory`` store, which tracks contexts,
    answers those several times slower than two dict lookups.
    """

    def __init__(self, triples: Iterable[tuple[RdflibTerm, RdflibTerm, RdflibTerm]]) -> None:
        super().__init__()
        # Dicts as ordered sets: each triple once, in the order given.
        self._index: dict[RdflibTerm, dict[RdflibTerm, dict[RdflibTerm, None]]] = {}
        for s, p, o in triples:
            self._index.setdefault(s, {}).setdefault(p, {})[o] = None
        self._size = sum(len(objects) for by_p in self._index.values() for objects in by_p.values())

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
        s, p, o = triple_pattern
        for subject in (s,) if s is not None else tuple(self._index):
            by_predicate = self._index.get(subject, {})
            for predicate in (p,) if p is not None else tuple(by_predicate):
                objects = by_predicate.get(predicate, {})
                if o is None:
                    found: Iterable[RdflibTerm] = tuple(objects)
                elif o in objects:
                    found = (o,)
                else:
                    continue
                for obj in found:
                    yield (subject, predicate, obj), iter(())

    def __len__(self, context: Any = None) -> int:
        return self._size
