"""How a description (``describe``) is written: Turtle, N-Triples or nested JSON-LD.

Every document is written with the IRIs under the data base moved to the
server's address (``IriMap``), at the least cost per triple, because a
description is written anew for every request the response cache does not
answer:

- N-Triples are written by pyoxigraph, sorted by line (the order of
  ``sorted(triples, key=str)``: a line is the triple's ``str`` and `` .``, and
  holds no byte below the space), and the IRIs are moved in that text.
  A line is ``S P O .``; a literal cannot hold a raw line break, so an IRI
  right after one is a subject, and an IRI that ends a line is an object (a
  predicate never does; a datatype follows ``^^``, a literal ends with ``"``).
  The patterns find exactly the IRI terms that ``IriMap.term`` maps, and start
  with plain text, which ``re`` finds fast (``(?m)^`` tries every byte).
- Turtle is pyoxigraph's, from those N-Triples, with the graph's prefixes.
- JSON-LD is the dumps' nested document (``mgi_graph.jsonld``), written from
  an rdflib graph over a read-only index of the triples (``TripleIndex``).

The output is what mapping each term with ``IriMap.term`` and serialising the
result gives, byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.store import Store

from mgi_graph.jsonld import JsonLdWriter, iter_json, load_context
from mgi_graph.namespaces import MGI_NS, PREFIXES
from mgi_graph.server.describe import IriMap

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

RdflibTerm = URIRef | BNode | Literal


def serialize(
    triples: Iterable[ox.Triple], fmt: str, iris: IriMap, root: str, tail: Sequence[ox.Triple] = ()
) -> bytes:
    """``triples`` (with the data's IRIs) as ``ttl``, ``nt`` or ``jsonld`` (the dumps'
    nested JSON-LD, rooted at ``root``, a served IRI), at ``iris.served``.

    Turtle and N-Triples list ``triples`` sorted, then ``tail`` as it is.
    Raises ValueError when ``iris.served`` is not an IRI (a bad ``Host`` header).
    """
    ox.NamedNode(iris.served)  # every moved IRI starts with it
    if fmt == "jsonld":
        writer = JsonLdWriter(to_rdflib(chain(triples, tail), iris), load_context())
        return ("".join(iter_json(writer.document(URIRef(root)))) + "\n").encode("utf-8")
    body = served_ntriples(triples, iris, tail)
    if fmt == "nt":
        return body
    turtle = ox.serialize(ox.parse(body, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert turtle is not None  # no output file given: the bytes are returned
    return turtle


def served_ntriples(triples: Iterable[ox.Triple], iris: IriMap, tail: Sequence[ox.Triple] = ()) -> bytes:
    """``triples`` as N-Triples, sorted, then ``tail``, with their IRIs moved by ``iris``."""
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    end = ox.serialize(tail, format=ox.RdfFormat.N_TRIPLES)
    assert body is not None and end is not None  # no output file given: the bytes are returned
    body = b"".join(sorted(body.splitlines(keepends=True))) + end
    if iris.base == iris.served or iris.base.startswith(MGI_NS):
        return body
    subject, obj = _iri_patterns(iris.base)
    served = iris.served.encode("utf-8").replace(b"\\", b"\\\\")  # re reads backslashes in a replacement
    body = subject.sub(b"\n<" + served, b"\n" + body)[1:]  # the first line follows a line break too
    return obj.sub(b" <" + served, body)


@lru_cache(maxsize=16)
def _iri_patterns(base: str) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """Subject and object IRIs under ``base`` in N-Triples, but not the ontology's,
    whose namespace is fixed (``IriMap.to_served``)."""
    start = re.escape(base.encode("utf-8"))
    if MGI_NS.startswith(base):
        start += b"(?!" + re.escape(MGI_NS[len(base):].encode("utf-8")) + b")"
    # The object's end is looked ahead at, not captured: a constant replacement stays in C.
    return re.compile(b"\n<" + start), re.compile(b" <" + start + rb"(?=[^>]*> \.\n)")


def to_rdflib(triples: Iterable[ox.Triple], iris: IriMap | None = None) -> Graph:
    """``triples`` as a read-only rdflib graph, with their IRIs moved by ``iris`` if given."""
    terms: dict[object, RdflibTerm] = {}  # a description names few terms many times

    def term(node: object) -> RdflibTerm:
        found = terms.get(node)
        if found is None:
            found = terms[node] = _rdflib_term(node, iris)
        return found

    # No prefixes are bound: the JSON-LD writer compacts IRIs with its context alone.
    return Graph(store=TripleIndex((term(t.subject), term(t.predicate), term(t.object)) for t in triples))


def _rdflib_term(term: object, iris: IriMap | None) -> RdflibTerm:
    if isinstance(term, ox.NamedNode):
        return URIRef(iris.to_served(term.value) if iris else term.value)
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
