"""Full-text search over every finding, with facets.

``FindingIndex`` reads the findings once (the store never changes) with their
text folded for matching by ``slug.fold`` (accents dropped, case folded), one character
at a time so that each folded character remembers where it came from, and a match
in the folded text is highlighted on the original words.

Facets filter with OR inside one facet and AND across facets; a facet's counts
apply every *other* facet's filter, so the reader sees what choosing another
value of it would give.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from mgi_graph.server.pages import select
from mgi_graph.slug import fold

FACETS = ("country", "level", "domain", "polarity", "kind", "year", "profile")


@dataclass(frozen=True)
class Folded:
    """A text folded for matching and, per folded character, its index in the original."""

    text: str
    origin: tuple[int, ...]


def fold_with_offsets(text: str) -> Folded:
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for folded in fold(char):
            chars.append(folded)
            origin.append(index)
    return Folded("".join(chars), tuple(origin))


def fold_query(text: str) -> str:
    return " ".join(fold_with_offsets(text).text.split())


@dataclass(frozen=True)
class Finding:
    iri: str
    profile: str
    profile_id: str
    position: int
    text: str
    language: str | None
    folded: Folded
    facets: Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class Hit:
    finding: Finding
    segments: tuple[tuple[str, bool], ...]  # (text, is a match), to be escaped one by one


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]
    facets: Mapping[str, Sequence[tuple[str, int]]]


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


class FindingIndex:
    """Every finding with its text folded and its facet values (slugs of the IRIs)."""

    def __init__(self, store: ox.Store) -> None:
        rows = select(store, """
            SELECT ?f ?p ?id ?position ?text ?d ?pol ?country ?level ?issued WHERE {
              ?p a mgi:Profile ; dcterms:identifier ?id ; schema:hasPart ?f .
              ?f schema:position ?position ; schema:text ?text ; mgi:domain ?d ; mgi:polarity ?pol .
              OPTIONAL { ?p mgi:country ?country } OPTIONAL { ?p mgi:level ?level } OPTIONAL { ?p dcterms:issued ?issued }
            } ORDER BY ?id ?position""")
        kinds: dict[str, set[str]] = {}
        for row in select(store, """
            SELECT ?f ?kind WHERE { ?f a mgi:Finding ; schema:mentions ?m . ?m org:classification ?kind }"""):
            kinds.setdefault(str(row["f"].value), set()).add(_slug(str(row["kind"].value)))
        findings: dict[str, Finding] = {}
        for row in rows:
            iri = str(row["f"].value)
            if iri in findings:
                continue
            facets = {
                "country": _one(row.get("country")),
                "level": frozenset({_slug(str(row["level"].value)).lower()}) if row.get("level") else frozenset(),
                "domain": _one(row["d"]),
                "polarity": _one(row["pol"]),
                "kind": frozenset(kinds.get(iri, ())),
                "year": frozenset({str(row["issued"].value)[:4]}) if row.get("issued") else frozenset(),
                "profile": frozenset({str(row["id"].value)}),
            }
            text = row["text"]
            findings[iri] = Finding(iri, str(row["p"].value), str(row["id"].value), int(row["position"].value),
                                    text.value, text.language, fold_with_offsets(text.value), facets)
        self.findings = tuple(findings.values())

    def search(self, query: str, chosen: Mapping[str, Sequence[str]]) -> SearchResult:
        """Findings whose folded text holds every word of ``query`` and that match ``chosen``
        facet values (slugs); with the facet counts."""
        words = fold_query(query).split()
        matching = [(f, spans) for f in self.findings if (spans := _spans(f.folded.text, words)) is not None]
        hits = tuple(Hit(f, _segments(f, spans)) for f, spans in matching if _keeps(f, chosen, None))
        facets = {}
        for name in FACETS:
            counts: Counter[str] = Counter()
            for finding, _ in matching:
                if _keeps(finding, chosen, name):
                    counts.update(finding.facets[name])
            facets[name] = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return SearchResult(query, hits, facets)


def _one(term: object) -> frozenset[str]:
    return frozenset({_slug(str(term.value))}) if isinstance(term, ox.NamedNode) else frozenset()


def _keeps(finding: Finding, chosen: Mapping[str, Sequence[str]], skip: str | None) -> bool:
    return all(not values or finding.facets[name] & set(values)
               for name, values in chosen.items() if name != skip and name in finding.facets)


def _spans(folded: str, words: Sequence[str]) -> list[tuple[int, int]] | None:
    """Where each word occurs in ``folded`` (all occurrences), None when one is missing."""
    spans: list[tuple[int, int]] = []
    for word in words:
        start = folded.find(word)
        if start < 0:
            return None
        while start >= 0:
            spans.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
    return sorted(spans)


def _segments(finding: Finding, spans: Sequence[tuple[int, int]]) -> tuple[tuple[str, bool], ...]:
    """The original text cut into plain and matched pieces."""
    text, origin = finding.text, finding.folded.origin
    marks = [False] * len(text)
    for start, end in spans:
        for index in range(origin[start], origin[end - 1] + 1):
            marks[index] = True
    segments: list[tuple[str, bool]] = []
    for char, marked in zip(text, marks):
        if segments and segments[-1][1] == marked:
            segments[-1] = (segments[-1][0] + char, marked)
        else:
            segments.append((char, marked))
    return tuple(segments)
