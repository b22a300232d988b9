"""What a resource's RDF document holds, and how it is written.

A resource's description is its concise bounded description (CBD: its triples,
following blank nodes) plus the CBDs of the resources it *owns* - those whose
IRI extends its own (``profile/x/finding/3``, ``place/co/medellin#geo``) and
that it links to or that link to it - plus the labels of everything the
description points at, so a client can show names without a second request.
A named graph with no description of its own is described by its content.

IRIs under the data base are rewritten to the server's own address
(``IriMap``), so the same dumps can be served under any host name; the
ontology namespace is fixed and never rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from mgi_graph.jsonld import JsonLdWriter, iter_json, load_context
from mgi_graph.namespaces import MGI_NS, PREFIXES

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# Label properties, best first: what a page or a client shows for a linked IRI.
LABELS: tuple[str, ...] = (
    SKOS + "prefLabel",
    RDFS + "label",
    "https://schema.org/name",
    "http://purl.org/dc/terms/title",
    MGI_NS + "entityName",
)
_LABEL_NODES = tuple(ox.NamedNode(p) for p in LABELS)
_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


@dataclass(frozen=True)
class IriMap:
    """Maps IRIs under ``base`` (the data's) to ``served`` (this server's root URL) and back."""

    base: str
    served: str

    def to_served(self, iri: str) -> str:
        if iri.startswith(self.base) and not iri.startswith(MGI_NS) and self.base != self.served:
            return self.served + iri[len(self.base):]
        return iri

    def to_data(self, path: str) -> str:
        """The data IRI of a server path (``profile/x`` without the leading slash)."""
        return self.base + path

    def term(self, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, ox.NamedNode):
            served = self.to_served(term.value)
            return term if served == term.value else ox.NamedNode(served)
        return term


def resource_exists(store: ox.Store, iri: str) -> bool:
    node = ox.NamedNode(iri)
    return (
        next(iter(store.quads_for_pattern(node, None, None)), None) is not None
        or next(iter(store.quads_for_pattern(None, None, node)), None) is not None
        or store.contains_named_graph(node)
    )


def describe(
    store: ox.Store,
    iri: str,
    extra: Iterable[ox.Triple] = (),
    hash_children: Mapping[str, tuple[str, ...]] | None = None,
) -> list[ox.Triple]:
    """The description of ``iri`` (see the module docstring), sorted, each triple once.

    ``extra`` triples are added as they are (the VoID of the dataset);
    ``hash_children`` lists the ``iri#...`` subjects of each IRI, which belong
    to its document even when nothing links them (the terms of the ontology).
    """
    node = ox.NamedNode(iri)
    triples: set[ox.Triple] = set(extra)
    _add_owned(store, node, triples, set(), hash_children or {})
    if not triples and store.contains_named_graph(node):
        triples.update(q.triple for q in store.quads_for_pattern(None, None, None, node))
    _add_labels(store, triples)
    return sorted(triples, key=str)


def _add_owned(
    store: ox.Store,
    node: ox.NamedNode,
    triples: set[ox.Triple],
    seen: set[str],
    hash_children: Mapping[str, tuple[str, ...]],
) -> None:
    seen.add(node.value)
    _add_cbd(store, node, triples)
    linked: list[object] = [t.object for t in list(triples) if t.subject == node]
    linked += [q.subject for q in store.quads_for_pattern(None, None, node)]
    linked += [ox.NamedNode(child) for child in hash_children.get(node.value, ())]
    for other in linked:
        if isinstance(other, ox.NamedNode) and other.value not in seen and _owned(node.value, other.value):
            _add_owned(store, other, triples, seen, hash_children)


def _owned(parent: str, child: str) -> bool:
    return child.startswith((parent + "/", parent + "#"))


def _add_cbd(store: ox.Store, subject: ox.NamedNode | ox.BlankNode, triples: set[ox.Triple]) -> None:
    pending: list[ox.NamedNode | ox.BlankNode] = [subject]
    visited: set[ox.NamedNode | ox.BlankNode] = set()
    while pending:
        current = pending.pop()
        if current in visited:
            continue
        visited.add(current)
        for quad in store.quads_for_pattern(current, None, None):
            triples.add(quad.triple)
            if isinstance(quad.object, ox.BlankNode):
                pending.append(quad.object)


def _add_labels(store: ox.Store, triples: set[ox.Triple]) -> None:
    described = {t.subject for t in triples}
    targets = {t.object for t in triples if isinstance(t.object, ox.NamedNode)} - described
    for target in targets:
        for predicate in _LABEL_NODES:
            triples.update(q.triple for q in store.quads_for_pattern(target, predicate, None))


def rewrite(triples: Iterable[ox.Triple], iris: IriMap) -> list[ox.Triple]:
    return [ox.Triple(iris.term(t.subject), t.predicate, iris.term(t.object)) for t in triples]  # type: ignore[arg-type]


def serialize(triples: list[ox.Triple], fmt: str, root: str) -> bytes:
    """``triples`` as ``ttl``, ``nt`` or ``jsonld`` (the dumps' nested JSON-LD, rooted at ``root``)."""
    if fmt == "jsonld":
        writer = JsonLdWriter(to_rdflib(triples), load_context())
        return ("".join(iter_json(writer.document(URIRef(root)))) + "\n").encode("utf-8")
    body = ox.serialize(triples, format=_FORMATS[fmt], prefixes=PREFIXES)
    assert body is not None  # no output file given: the bytes are returned
    return body


def to_rdflib(triples: Iterable[ox.Triple]) -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for t in triples:
        graph.add((_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object)))
    return graph


def _rdflib_term(term: object) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype), normalize=False)
