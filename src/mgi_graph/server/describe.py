"""What a resource's RDF document holds (``documents`` writes it).

A resource's description is its concise bounded description (CBD: its triples,
following blank nodes) plus the CBDs of the resources it *owns* - those whose
IRI extends its own (``profile/x/finding/3``, ``place/co/medellin#geo``) and
that it links to or that link to it - plus the labels of everything the
description points at, so a client can show names without a second request.
A named graph with no description of its own is described by its content.

A description holds the graph's canonical IRIs as they are: a document fetched
for an IRI describes that IRI, wherever the server runs. ``IriMap`` maps them to
the server's address only for the links of HTML pages, for browsing.

Descriptions are read straight from the in-process store with
``quads_for_pattern``, one call per owned resource and direction: that is bounded
work, so it needs neither the SPARQL engine (a CONSTRUCT of the same labels is
several times slower) nor the killable query workers meant for user queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from mgi_graph.namespaces import MGI_NS
from mgi_graph.server.labels import LabelIndex, index_labels


@dataclass(frozen=True)
class IriMap:
    """Maps IRIs under ``base`` (the data's) to ``served`` (where the site is served: the
    ``--public-url``, else the request's root URL), for the links of HTML pages."""

    base: str
    served: str

    def to_served(self, iri: str) -> str:
        if iri.startswith(self.base) and not iri.startswith(MGI_NS) and self.base != self.served:
            return self.served + iri[len(self.base):]
        return iri


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
    labels: LabelIndex | None = None,
) -> set[ox.Triple]:
    """The description of ``iri`` (see the module docstring), each triple once, in no order
    (``documents`` writes it sorted; ``sorted(..., key=str)`` gives the same order).

    ``extra`` triples are added as they are (the VoID of the dataset);
    ``hash_children`` lists the ``iri#...`` subjects of each IRI, which belong
    to its document even when nothing links them (the terms of the ontology);
    ``labels`` is ``index_labels(store)``, made once (read from the store when None).
    """
    node = ox.NamedNode(iri)
    extra = list(extra)
    triples: set[ox.Triple] = set(extra)
    _add_owned(store, node, triples, extra, hash_children or {})
    if not triples and store.contains_named_graph(node):
        triples.update(q.triple for q in store.quads_for_pattern(None, None, None, node))
    _add_labels(triples, index_labels(store) if labels is None else labels)
    return triples


def own_objects(store: ox.Store, iri: str, predicate: str, extra: Iterable[ox.Triple] = ()) -> set[str]:
    """The IRIs ``iri`` links to with ``predicate`` in its description, without making it."""
    node, link = ox.NamedNode(iri), ox.NamedNode(predicate)
    # A description holds exactly the store's triples about ``iri`` plus ``extra``'s: labels
    # and a named graph's content are added only for other subjects.
    found = [q.object for q in store.quads_for_pattern(node, link, None)]
    found += [t.object for t in extra if t.subject == node and t.predicate == link]
    return {o.value for o in found if isinstance(o, ox.NamedNode)}


def _add_owned(
    store: ox.Store,
    root: ox.NamedNode,
    triples: set[ox.Triple],
    extra: list[ox.Triple],
    hash_children: Mapping[str, tuple[str, ...]],
) -> None:
    """Add the CBDs of ``root`` and of every resource it owns, directly or through owned ones.

    A resource's links are the objects of its own triples (the store's and ``extra``'s), the
    subjects linking to it and its hash children; the owned ones among them are described in
    turn. Which resources are reached does not depend on the order they are visited in.
    """
    seen = {root.value}
    pending = [root]
    while pending:
        current = pending.pop()
        linked: list[object] = _add_cbd(store, current, triples)
        if extra:
            linked += [t.object for t in extra if t.subject == current]
        linked += [q.subject for q in store.quads_for_pattern(None, None, current)]
        linked += [ox.NamedNode(child) for child in hash_children.get(current.value, ())]
        owned = (current.value + "/", current.value + "#")
        for other in linked:
            if isinstance(other, ox.NamedNode) and other.value.startswith(owned) and other.value not in seen:
                seen.add(other.value)
                pending.append(other)


def _add_cbd(store: ox.Store, subject: ox.NamedNode, triples: set[ox.Triple]) -> list[object]:
    """Add ``subject``'s concise bounded description; return the objects of its own triples."""
    own = [quad.triple for quad in store.quads_for_pattern(subject, None, None)]
    triples.update(own)
    objects: list[object] = [t.object for t in own]
    pending = [o for o in objects if isinstance(o, ox.BlankNode)]
    visited: set[ox.BlankNode] = set()
    while pending:
        current = pending.pop()
        if current in visited:
            continue
        visited.add(current)
        for quad in store.quads_for_pattern(current, None, None):
            triples.add(quad.triple)
            if isinstance(quad.object, ox.BlankNode):
                pending.append(quad.object)
    return objects


def _add_labels(triples: set[ox.Triple], labels: LabelIndex) -> None:
    described = {t.subject for t in triples}
    for target in {t.object for t in triples if isinstance(t.object, ox.NamedNode)}:
        if target not in described:
            triples.update(labels.triples(target))
