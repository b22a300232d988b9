"""The one label index of the store, read once at start-up (the store never changes).

It answers two questions from one pass over the ``LABELS`` properties: which
label a page shows for an IRI in the reader's language (``get``), and which
label triples a document adds for each IRI it links to (``triples``: a
description links some 40 resources, and one dict access each beats five store
calls).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from mgi_graph.namespaces import MGI_NS, PREFIXES

# Label properties, best first: what a page or a client shows for a linked IRI.
LABELS: tuple[str, ...] = (
    PREFIXES["skos"] + "prefLabel",
    PREFIXES["rdfs"] + "label",
    PREFIXES["schema"] + "name",
    PREFIXES["dcterms"] + "title",
    MGI_NS + "entityName",
)


@dataclass(frozen=True)
class LabelIndex:
    """Every label of the store: the best text by IRI and language ('' when untagged), and
    the label triples by subject."""

    texts: Mapping[str, Mapping[str, str]]
    by_subject: Mapping[ox.NamedNode, tuple[ox.Triple, ...]]

    def get(self, iri: str, language: str) -> str | None:
        """``iri``'s label in ``language``, else in English, else untagged, else in any language."""
        by_language = self.texts.get(iri)
        if not by_language:
            return None
        for choice in (language, "en", ""):
            if choice in by_language:
                return by_language[choice]
        return by_language[sorted(by_language)[0]]

    def all(self, iri: str) -> dict[str, str]:
        return dict(self.texts.get(iri, {}))

    def triples(self, subject: ox.NamedNode) -> tuple[ox.Triple, ...]:
        """The triples of ``subject`` with a ``LABELS`` property, each once."""
        return self.by_subject.get(subject, ())


def index_labels(store: ox.Store) -> LabelIndex:
    """Read every label of ``store``: one pass per label property, best property first."""
    ranked: dict[str, dict[str, tuple[int, str]]] = {}
    found: dict[ox.NamedNode, set[ox.Triple]] = {}
    for rank, predicate in enumerate(LABELS):
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None):
            if not isinstance(quad.subject, ox.NamedNode):
                continue
            found.setdefault(quad.subject, set()).add(quad.triple)
            if isinstance(quad.object, ox.Literal):
                _rank(ranked.setdefault(quad.subject.value, {}), quad.object, rank)
    texts = {iri: {lang: text for lang, (_, text) in by.items()} for iri, by in ranked.items()}
    return LabelIndex(texts, {subject: tuple(triples) for subject, triples in found.items()})


def _rank(by_language: dict[str, tuple[int, str]], label: ox.Literal, rank: int) -> None:
    """Keep the best label of each language: the best property, then the first text."""
    language = label.language or ""
    known = by_language.get(language)
    if known is None or (rank, label.value) < known:
        by_language[language] = (rank, label.value)
