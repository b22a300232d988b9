"""mgi-graph serve: what a resource's document holds and how it is written (describe, documents).

The fast paths are checked against the plain definitions they replace: a
description against the recursive one, the written documents against mapping
every term with ``IriMap.term`` and serialising the result (through an rdflib
``Memory`` graph for JSON-LD), byte for byte.
"""

from __future__ import annotations


import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from mgi_graph.jsonld import JsonLdWriter, iter_json, load_context
from mgi_graph.namespaces import MGI_NS, PREFIXES
from mgi_graph.server.describe import LABELS, IriMap, describe, index_labels
from mgi_graph.server.documents import (
    TripleIndex,
    _rdflib_term,
    serialize,
    served_ntriples,
)
from mgi_graph.server.state import _hash_children

BASE = "https://w3id.org/mgi/"
SERVERS = ("http://testserver/", "http://mgi.example.org:8080/app/", "http://[::1]:9/", BASE)
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


# --- the documents, against term-by-term rewriting ---------------------------------------------


def _moved(triples: list[ox.Triple], iris: IriMap) -> list[ox.Triple]:
    return [ox.Triple(iris.term(t.subject), t.predicate, iris.term(t.object)) for t in sorted(triples, key=str)]  # type: ignore[arg-type]


def _jsonld(triples: list[ox.Triple], root: str) -> bytes:
    graph = Graph()
    for t in triples:
        graph.add((_rdflib_term(t.subject, None), _rdflib_term(t.predicate, None), _rdflib_term(t.object, None)))
    document = JsonLdWriter(graph, load_context()).document(URIRef(root))
    return ("".join(iter_json(document)) + "\n").encode("utf-8")


@pytest.mark.parametrize("served", SERVERS)
def test_documents_are_the_term_by_term_rewrite(store: ox.Store, served: str) -> None:
    iris = IriMap(BASE, served)
    hash_children, labels = _hash_children(store), index_labels(store)
    for iri in _resources(store)[::7] + [BASE + "profile/co-medellin-2022", BASE + "ontology"]:
        triples = describe(store, iri, (), hash_children, labels)
        moved, root = _moved(list(triples), iris), iris.to_served(iri)
        for fmt, rdf_format in (("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE)):
            assert serialize(triples, fmt, iris, root) == ox.serialize(moved, format=rdf_format, prefixes=PREFIXES), (iri, fmt)
        assert serialize(triples, "jsonld", iris, root) == _jsonld(moved, root), iri


def test_the_tail_follows_the_sorted_description() -> None:
    iris = IriMap(BASE, "http://testserver/")
    triples = [ox.Triple(N(BASE + name), N(BASE + "p"), ox.Literal(name)) for name in ("b", "a")]
    tail = [ox.Triple(N(BASE + "0"), N(BASE + "p"), N("http://testserver/sparql"))]
    lines = served_ntriples(triples, iris, tail).decode().splitlines()
    assert [line.split(" ")[0] for line in lines] == ["<http://testserver/a>", "<http://testserver/b>", "<http://testserver/0>"]


def test_only_subject_and_object_iris_move() -> None:
    """The N-Triples text is rewritten; nothing that only looks like an IRI of the base moves."""
    tricky = [
        ox.Triple(N(BASE + "x"), N(BASE + "p"), ox.Literal("see <https://w3id.org/mgi/y> .")),
        ox.Triple(N(BASE + "x"), N(BASE + "p"), ox.Literal("one\n<https://w3id.org/mgi/y> .\ntwo")),
        ox.Triple(N(BASE + "x"), N(BASE + "p"), ox.Literal("<https://w3id.org/mgi/y> .", language="en")),
        ox.Triple(N(BASE + "x"), N(BASE + "p"), ox.Literal("v", datatype=N(BASE + "datatype"))),
        ox.Triple(N(BASE + "x"), N(BASE + "p"), N(BASE + "y")),
        ox.Triple(ox.BlankNode("b1"), N(MGI_NS + "p"), N(MGI_NS + "Profile")),
        ox.Triple(ox.BlankNode("b1"), N(BASE + "p"), N(BASE + "z")),
        ox.Triple(N(MGI_NS + "Profile"), N(BASE + "p"), N("http://example.org/")),
    ]
    for served in SERVERS:
        iris = IriMap(BASE, served)
        expected = ox.serialize(_moved(tricky, iris), format=ox.RdfFormat.N_TRIPLES)
        assert served_ntriples(tricky, iris) == expected, served
        for one in tricky:
            assert served_ntriples([one], iris) == ox.serialize(_moved([one], iris), format=ox.RdfFormat.N_TRIPLES)
    for base in ("https://w3id.org/", MGI_NS):  # a base above the ontology's namespace, or inside it
        iris = IriMap(base, "http://testserver/")
        assert served_ntriples(tricky, iris) == ox.serialize(_moved(tricky, iris), format=ox.RdfFormat.N_TRIPLES)


def test_a_served_root_that_is_no_iri_is_refused() -> None:
    with pytest.raises(ValueError):
        serialize([], "nt", IriMap(BASE, "http://a\\b/"), "http://a\\b/x")


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
