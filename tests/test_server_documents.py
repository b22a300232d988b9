"""mgi-graph serve: what a resource's document holds and how it is written (describe, documents).

The fast paths are checked against the plain definitions they replace: a
description against the recursive one, the written documents against
serialising the sorted canonical triples plainly (through an rdflib ``Memory``
graph for JSON-LD), byte for byte.
"""

from __future__ import annotations


import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from mgi_graph.dump.jsonld import JsonLdWriter, iter_json, load_context
from mgi_graph.namespaces import PREFIXES
from mgi_graph.server.describe import describe
from mgi_graph.server.labels import LABELS, index_labels
from mgi_graph.server.documents import TripleIndex, _rdflib_term, serialize, sorted_ntriples
from mgi_graph.server.state import _hash_children

BASE = "https://w3id.org/mgi/"
N = ox.NamedNode


def _resources(store: ox.Store) -> list[str]:
    """Every IRI under the base that a document can be asked for (hash IRIs are in their page's)."""
    found = {q.subject.value.split("#")[0] for q in store.quads_for_pattern(None, None, None)
             if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(BASE)}
    found |= {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    return sorted(found)


# --- the description, against its recursive definition ----------------------------------------


def _reference(store: ox.Store, iri: str, hash_children: dict[str, tuple[str, ...]]) -> list[ox.Triple]:
    """The module docstring of ``describe``, written as plainly as it reads."""
    triples: set[ox.Triple] = set()

    def cbd(node: ox.NamedNode | ox.BlankNode, visited: set[object]) -> None:
        visited.add(node)
        for quad in store.quads_for_pattern(node, None, None):
            triples.add(quad.triple)
            if isinstance(quad.object, ox.BlankNode) and quad.object not in visited:
                cbd(quad.object, visited)

    def owned(node: ox.NamedNode, seen: set[str]) -> None:
        seen.add(node.value)
        cbd(node, set())
        linked = [t.object for t in list(triples) if t.subject == node]
        linked += [q.subject for q in store.quads_for_pattern(None, None, node)]
        linked += [N(child) for child in hash_children.get(node.value, ())]
        for other in linked:
            if (isinstance(other, ox.NamedNode) and other.value not in seen
                    and other.value.startswith((node.value + "/", node.value + "#"))):
                owned(other, seen)

    owned(N(iri), set())
    if not triples:
        triples.update(q.triple for q in store.quads_for_pattern(None, None, None, N(iri)))
    described = {t.subject for t in triples}
    for target in {t.object for t in triples if isinstance(t.object, ox.NamedNode)} - described:
        for label in LABELS:
            triples.update(q.triple for q in store.quads_for_pattern(target, N(label), None))
    return sorted(triples, key=str)


def test_describe_is_its_definition_for_every_resource(store: ox.Store) -> None:
    hash_children, labels = _hash_children(store), index_labels(store)
    resources = _resources(store)
    assert len(resources) > 100
    for iri in resources:
        assert sorted(describe(store, iri, (), hash_children, labels), key=str) == _reference(store, iri, hash_children), iri


def test_describe_follows_every_kind_of_ownership() -> None:
    """What the built data does not show: a part that only links back, a part of a part, a
    blank-node chain, an unlinked hash IRI, a neighbour that is not owned, labels."""
    r, part = BASE + "r", BASE + "r/part"
    p, label = N(BASE + "p"), N(LABELS[0])
    store = ox.Store()
    for s, o in [(N(part), N(r)),                         # only the part links to r
                 (N(part + "/sub"), N(part)),             # owned by the part, so by r
                 (N(r), ox.BlankNode("b1")), (ox.BlankNode("b1"), ox.BlankNode("b2")),
                 (ox.BlankNode("b2"), N(BASE + "other")),  # linked, not owned: labelled only
                 (N(BASE + "other"), N(BASE + "r/not-mine")),
                 (N(BASE + "rx"), N(r)),                  # "rx" does not extend "r/" or "r#"
                 (N(r + "#unlinked"), ox.Literal("x"))]:
        store.add(ox.Quad(s, p, o))
    store.add(ox.Quad(N(BASE + "other"), label, ox.Literal("Other", language="en")))
    hash_children = _hash_children(store)
    triples = describe(store, r, (), hash_children, index_labels(store))
    assert sorted(triples, key=str) == _reference(store, r, hash_children)
    subjects = {getattr(t.subject, "value", None) for t in triples}
    assert {part, part + "/sub", r + "#unlinked", "b1", "b2", BASE + "other"} <= subjects
    assert BASE + "rx" not in subjects
    assert ox.Triple(N(BASE + "other"), label, ox.Literal("Other", language="en")) in triples


def test_describe_reads_labels_from_the_store_without_an_index(store: ox.Store) -> None:
    iri = BASE + "profile/co-medellin-2022"
    assert describe(store, iri, (), _hash_children(store)) == describe(store, iri, (), _hash_children(store), index_labels(store))


# --- the documents, against plain serialisation -------------------------------------------------


def _jsonld(triples: list[ox.Triple], root: str) -> bytes:
    graph = Graph()
    for t in triples:
        graph.add((_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object)))
    document = JsonLdWriter(graph, load_context()).document(URIRef(root))
    return ("".join(iter_json(document)) + "\n").encode("utf-8")


def test_documents_are_the_plain_serialisation_of_the_canonical_triples(store: ox.Store) -> None:
    hash_children, labels = _hash_children(store), index_labels(store)
    for iri in _resources(store)[::7] + [BASE + "profile/co-medellin-2022", BASE + "ontology"]:
        triples = describe(store, iri, (), hash_children, labels)
        ordered = sorted(triples, key=str)
        for fmt, rdf_format in (("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE),
                                ("rdf", ox.RdfFormat.RDF_XML)):
            assert serialize(triples, fmt, iri) == ox.serialize(ordered, format=rdf_format, prefixes=PREFIXES), (iri, fmt)
        assert serialize(triples, "jsonld", iri) == _jsonld(ordered, iri), iri


def test_the_tail_follows_the_sorted_description() -> None:
    triples = [ox.Triple(N(BASE + name), N(BASE + "p"), ox.Literal(name)) for name in ("b", "a")]
    tail = [ox.Triple(N(BASE + "0"), N(BASE + "p"), N("http://testserver/sparql"))]
    lines = sorted_ntriples(triples, tail).decode().splitlines()
    assert [line.split(" ")[0] for line in lines] == [f"<{BASE}a>", f"<{BASE}b>", f"<{BASE}0>"]


def test_triple_index_answers_like_an_rdflib_graph() -> None:
    a, b, p, q = (URIRef(f"http://example.org/{x}") for x in "abpq")
    triples = [(a, p, b), (a, p, a), (a, q, b), (b, p, a), (a, p, b)]
    fast, plain = Graph(store=TripleIndex(triples)), Graph()
    for t in triples:
        plain.add(t)
    assert len(fast) == len(plain) == 4
    for pattern in [(None, None, None), (a, None, None), (a, p, None), (None, p, None), (None, None, b), (a, p, b), (a, q, a), (b, q, None)]:
        assert sorted(fast.triples(pattern)) == sorted(plain.triples(pattern)), pattern
    assert fast.value(a, q) == b and (b, None, None) in fast and (p, None, None) not in fast
