"""The parser's multilingual lexicon (``lexicon/parse.json``), read once and pre-folded.

Everything language-specific lives in the JSON file; this module only turns it into lookup
tables keyed by :func:`heading_key`, so adding a language or a heading variant is a data change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from mgi_graph.parse.text import heading_key
from mgi_graph.packaged import resource_dir

LEXICON_FILE = "parse.json"


@dataclass(frozen=True)
class Prefixes:
    """Folded phrases that may open a folded line, longest first, grouped by their first word.

    A line can start with a phrase only when it starts with the phrase's first word, so the
    line's own first word leaves the few phrases worth comparing: every line of a page is
    compared with several of these lists.
    """

    by_first_word: dict[str, tuple[str, ...]]

    def candidates(self, key: str) -> tuple[str, ...]:
        """The phrases that ``key`` may be or start with (then a space), longest first."""
        return self.by_first_word.get(key.partition(" ")[0], ())


@dataclass(frozen=True)
class Lexicon:
    """Folded lookup tables; every phrase key is the :func:`heading_key` of the JSON phrase."""

    languages: tuple[str, ...]
    domains: dict[str, str]
    domain_languages: dict[str, str]
    domain_words: tuple[tuple[frozenset[str], str], ...]
    heading_number_words: frozenset[str]
    polarities: dict[str, str]
    polarity_languages: dict[str, str]
    polarity_words: tuple[tuple[frozenset[str], str], ...]
    polarity_headings: dict[str, str]
    months: dict[str, int]
    date_connectors: frozenset[str]
    date_labels: Prefixes
    bullet: re.Pattern[str]
    lone_bullet: re.Pattern[str]
    reset_lines: frozenset[str]
    reset_prefixes: Prefixes
    skip_prefixes: Prefixes
    lone_number: re.Pattern[str]
    title_prefixes: Prefixes
    title_languages: dict[str, str]
    local_heads: tuple[str, ...]
    national_heads: tuple[str, ...]
    entity_connectors: tuple[str, ...]
    name_connectors: tuple[str, ...]
    name_conjunctions: tuple[str, ...]
    city_name_heads: frozenset[str]
    hereinafter: tuple[str, ...]
    function_words: dict[str, frozenset[str]]
    language_min_hits: int
    language_min_share: float


@lru_cache(maxsize=4)
def load_lexicon(folder: Path | None = None) -> Lexicon:
    """Read and fold ``parse.json`` of ``folder``, the packaged ``lexicon/`` by default
    (cached: the file is read once per process)."""
    source: Traversable = folder or resource_dir("lexicon")
    raw: dict[str, Any] = json.loads((source / LEXICON_FILE).read_text("utf-8"))
    domains, domain_languages = _phrase_table(raw["domains"])
    polarities, polarity_languages = _phrase_table(raw["polarities"])
    boilerplate = raw["boilerplate"]
    return Lexicon(
        languages=tuple(raw["languages"]),
        domains=domains,
        domain_languages=domain_languages,
        domain_words=_content_word_table(domains),
        heading_number_words=frozenset(heading_key(w) for w in raw["heading_number_prefixes"]),
        polarities=polarities,
        polarity_languages=polarity_languages,
        polarity_words=_content_word_table(polarities),
        polarity_headings=_prefixed(
            polarities, _longest_first(heading_key(p) for phrases in raw["polarity_prefixes"].values() for p in phrases)
        ),
        months=_month_table(raw["months"], raw["month_aliases"]),
        date_connectors=frozenset(heading_key(c) for c in raw["date_connectors"]),
        date_labels=_prefixes(heading_key(label) for label in raw["date_labels"]),
        bullet=_bullet_pattern(raw["bullets"], raw["bullets_spaced"], raw["numbered_bullet"]),
        lone_bullet=_lone_bullet_pattern(raw["bullets"], raw["bullets_spaced"], raw["numbered_bullet"]),
        reset_lines=frozenset(heading_key(p) for p in boilerplate["reset_lines"]),
        reset_prefixes=_prefixes(heading_key(p) for p in boilerplate["reset_prefixes"]),
        skip_prefixes=_prefixes(heading_key(p) for p in boilerplate["skip_prefixes"]),
        lone_number=re.compile(boilerplate["lone_number"]),
        title_prefixes=_prefixes(heading_key(p) for phrases in raw["title_prefixes"].values() for p in phrases),
        title_languages={heading_key(p): lang for lang, phrases in raw["title_prefixes"].items() for p in phrases},
        local_heads=_longest_first(raw["entity_heads"]["local"]),
        national_heads=_longest_first(raw["entity_heads"]["national"]),
        entity_connectors=_longest_first(raw["entity_connectors"]),
        name_connectors=_longest_first(raw["name_connectors"]),
        name_conjunctions=_longest_first(raw["name_conjunctions"]),
        city_name_heads=frozenset(heading_key(h) for h in raw["city_name_heads"]),
        hereinafter=_longest_first(heading_key(h) for h in raw["hereinafter"]),
        function_words={lang: frozenset(words) for lang, words in raw["function_words"].items()},
        language_min_hits=int(raw["language_min_hits"]),
        language_min_share=float(raw["language_min_share"]),
    )


def _phrase_table(table: dict[str, dict[str, list[str]]]) -> tuple[dict[str, str], dict[str, str]]:
    """{slug: {lang: [phrase]}} -> ({key: slug}, {key: lang})."""
    slugs: dict[str, str] = {}
    languages: dict[str, str] = {}
    for slug, per_language in table.items():
        for language, phrases in per_language.items():
            for phrase in phrases:
                slugs[heading_key(phrase)] = slug
                languages.setdefault(heading_key(phrase), language)
    return slugs, languages


def _prefixed(polarities: dict[str, str], prefixes: tuple[str, ...]) -> dict[str, str]:
    """Every polarity heading: bare, and after each prefix ('migration governance examples of
    well developed areas'), so that a line is looked up once. A bare heading wins, then the
    longest prefix, as when each prefix was tried in turn."""
    headings: dict[str, str] = {}
    for prefix in prefixes:
        for key, slug in polarities.items():
            headings.setdefault(f"{prefix} {key}", slug)
    return headings | polarities


def content_words(key: str) -> frozenset[str]:
    """The words of a folded heading that carry meaning: longer than three letters
    ('de', 'la', 'des', 'and', 'of' go), apostrophes stripped ('migrants'' -> 'migrants')."""
    return frozenset(w.strip("'") for w in key.split() if len(w.strip("'")) > 3)


def _content_word_table(phrases: dict[str, str]) -> tuple[tuple[frozenset[str], str], ...]:
    """(content words, slug) of every phrase with at least two such words, most first.

    One-word phrases ('Partnerships', 'Alianzas') are left out: one word is too weak a
    sign that a line is a heading.
    """
    table = {(content_words(key), slug) for key, slug in phrases.items()}
    return tuple(sorted(((w, s) for w, s in table if len(w) >= 2), key=lambda e: (-len(e[0]), e[1], sorted(e[0]))))


def _month_table(months: dict[str, list[str]], aliases: dict[str, int]) -> dict[str, int]:
    table = {heading_key(name): number for names in months.values() for number, name in enumerate(names, 1)}
    table.update({heading_key(alias): number for alias, number in aliases.items()})
    return table


def _bullet_pattern(bullets: list[str], spaced: list[str], numbered: str) -> re.Pattern[str]:
    """One regex for every bullet marker; group 'text' is what follows it.

    Symbol bullets may touch their text ('•Text'); dashes, asterisks and numbers need a space
    after them, so that '-5 %' or '2022.' at the start of a wrapped line is not a bullet.
    """
    tight = "|".join(re.escape(b) for b in bullets)
    loose = "|".join([*(re.escape(b) for b in spaced), numbered])
    return re.compile(rf"^\s*(?:(?:{tight})\s*|(?:{loose})\s+)(?P<text>\S.*)$")


def _lone_bullet_pattern(bullets: list[str], spaced: list[str], numbered: str) -> re.Pattern[str]:
    """A bullet marker with no text after it: the marker of a list item whose text a browser
    copy put on the next line, or an empty list item."""
    markers = "|".join([*(re.escape(b) for b in [*bullets, *spaced]), numbered])
    return re.compile(rf"^\s*(?:{markers})\s*$")


def _prefixes(items: Iterable[str]) -> Prefixes:
    """``items`` longest first, grouped by first word (a group keeps that order)."""
    by_first_word: dict[str, list[str]] = {}
    for phrase in _longest_first(items):
        by_first_word.setdefault(phrase.partition(" ")[0], []).append(phrase)
    return Prefixes({word: tuple(phrases) for word, phrases in by_first_word.items()})


def _longest_first(items: Iterable[str]) -> tuple[str, ...]:
    """Longest phrase first, so 'Municipalidad Metropolitana' wins over 'Municipalidad'."""
    return tuple(sorted(set(items), key=lambda s: (-len(s), s)))
