"""The profile's subject: the authority as named, its place, level and (stated) country.

The subject is found as '<Head> [Modifiers] <connector> <Name>' where Head is a lexicon entity
head word written with a capital ('Municipality', 'Municipalidad', 'Republic', ...):
'District of Medellín', 'Municipalidad Metropolitana de Lima', 'República de Colombia'.
What follows in parentheses may state the country '(Chile)' or a short form
'(en adelante, Lima)'. National heads count only when the name is a country; the place of a
national profile is then the country's English short name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mgi_graph.parse.countries import country_short_name, lookup_country
from mgi_graph.parse.lexicon import Lexicon
from mgi_graph.parse.text import heading_key

_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*|\d+|[^\w\s]")
_PARENS = re.compile(r"\s*\((?P<inside>[^()]{1,80})\)")
_AFTER_COMMA = re.compile(r"\s*,\s*(?P<rest>[^,;.()]{1,60})")
_MAX_MODIFIERS = 3


@dataclass(frozen=True)
class Subject:
    entity: str
    place: str
    level: str
    country: str | None


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


def find_subject(texts: list[str], lexicon: Lexicon) -> Subject | None:
    """The first authority named in ``texts`` (in order); the country from any mention of it."""
    subjects = [s for text in texts for s in _subjects_in(text, lexicon)]
    if not subjects:
        return None
    first = subjects[0]
    country = first.country or next(
        (s.country for s in subjects if s.country and heading_key(s.place) == heading_key(first.place)),
        None,
    )
    return Subject(first.entity, first.place, first.level, country)


def subject_from_title(remainder: str, lexicon: Lexicon) -> Subject | None:
    """Last resort: a title without a head word, 'Migration Governance Profile: Medellín (Colombia)'."""
    name = _PARENS.sub("", remainder).strip(" :-–—")
    if not name:
        return None
    country = next(
        (c for m in _PARENS.finditer(remainder) if (c := lookup_country(m["inside"], lexicon.languages))),
        None,
    )
    national = lookup_country(name, lexicon.languages)
    if national:
        return Subject(name, country_short_name(national), "national", national)
    return Subject(name, name, "local", country)


def _subjects_in(text: str, lexicon: Lexicon) -> list[Subject]:
    tokens = [_Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    found: list[Subject] = []
    for i, token in enumerate(tokens):
        if token.text[:1].isupper():
            subject = _subject_at(text, tokens, i, lexicon)
            if subject:
                found.append(subject)
    return found


def _subject_at(text: str, tokens: list[_Token], i: int, lexicon: Lexicon) -> Subject | None:
    for level, heads in (("national", lexicon.national_heads), ("local", lexicon.local_heads)):
        for head in heads:
            span = _match_words(tokens, i, head)
            named = _name_after_head(tokens, i + span, lexicon) if span else None
            if named is None:
                continue
            name_start, name_end = named
            start = _national_start(text, tokens, i, name_end, lexicon) if level == "national" else i
            entity = text[tokens[start].start : tokens[name_end - 1].end]
            name = text[tokens[name_start].start : tokens[name_end - 1].end]
            subject = _make_subject(level, entity, name, text[tokens[name_end - 1].end :], lexicon)
            if subject:
                return subject
    return None


def _national_start(text: str, tokens: list[_Token], i: int, name_end: int, lexicon: Lexicon) -> int:
    """Take in capitalised words before a national head when the longer name is still a
    country's name: 'United Republic of Tanzania', 'Federal Democratic Republic of Ethiopia'
    (the country list knows the official names, so no head list has to)."""
    start = i
    for k in range(i - 1, max(i - _MAX_MODIFIERS, 0) - 1, -1):
        if not _is_capitalised(tokens, k):
            break
        if lookup_country(text[tokens[k].start : tokens[name_end - 1].end], lexicon.languages):
            start = k
    return start


def _make_subject(level: str, entity: str, name: str, after: str, lexicon: Lexicon) -> Subject | None:
    if level == "national":
        code = lookup_country(entity, lexicon.languages) or lookup_country(name, lexicon.languages)
        return Subject(entity, country_short_name(code), "national", code) if code else None
    place, country = name, None
    while match := _PARENS.match(after):
        inside = match["inside"]
        short = _hereinafter(inside, lexicon)
        # '(en adelante, Cali)' shortens 'Santiago de Cali'; an acronym ('CDMX') is no place name.
        if short and heading_key(short) in heading_key(name):
            place = short
        else:
            country = country or lookup_country(inside.split(",")[0], lexicon.languages)
        after = after[match.end() :]
    if country is None:
        country = _country_after_comma(after, lexicon)
    return Subject(entity, place, "local", country)


def _hereinafter(inside: str, lexicon: Lexicon) -> str | None:
    """'en adelante, Lima' -> 'Lima'."""
    key = heading_key(inside)
    for marker in lexicon.hereinafter:
        if key.startswith(marker + " "):
            words = len(marker.split())
            rest = inside.split(None, words)[-1] if len(inside.split()) > words else ""
            return rest.strip(" ,:;\"'“”«»") or None
    return None


def _country_after_comma(after: str, lexicon: Lexicon) -> str | None:
    """'Municipality of X, Argentina' -> 'AR' (longest run of words that names a country)."""
    match = _AFTER_COMMA.match(after)
    if not match:
        return None
    words = match["rest"].split()
    for n in range(min(len(words), 5), 0, -1):
        code = lookup_country(" ".join(words[:n]), lexicon.languages)
        if code:
            return code
    return None


def _match_words(tokens: list[_Token], i: int, phrase: str) -> int:
    """How many tokens from ``i`` spell ``phrase`` (case- and accent-insensitive), or 0."""
    words = phrase.split()
    window = tokens[i : i + len(words)]
    if len(window) < len(words):
        return 0
    if all(heading_key(t.text) == heading_key(w) for t, w in zip(window, words)):
        return len(words)
    return 0


def _name_after_head(tokens: list[_Token], j: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """Skip capitalised modifiers and a connector after a head; the name's token span."""
    for modifiers in range(_MAX_MODIFIERS + 1):
        k = j + modifiers
        if modifiers and not _is_capitalised(tokens, k - 1):
            return None
        connector = _connector_at(tokens, k, lexicon.entity_connectors)
        if connector:
            end = _name_end(tokens, k + connector, lexicon)
            return (k + connector, end) if end > k + connector else None
    return None


def _connector_at(tokens: list[_Token], k: int, connectors: tuple[str, ...]) -> int:
    """Length of the lower-case connector ('of', 'de la') starting at ``k``, or 0.

    Every word must be lower case: in 'Municipalidad de La Ligua' the connector is 'de'
    and the place 'La Ligua'.
    """
    for connector in connectors:
        span = _match_words(tokens, k, connector)
        if span and all(t.text.islower() for t in tokens[k : k + span]):
            return span
    return 0


def _name_end(tokens: list[_Token], k: int, lexicon: Lexicon) -> int:
    """End (exclusive) of the capitalised name starting at ``k``; connectors only inside it."""
    end = k
    n = k
    while n < len(tokens):
        if _is_capitalised(tokens, n) or _is_elided_name(tokens[n].text, lexicon):
            n += 1
            end = n
            continue
        connector = _connector_at(tokens, n, lexicon.name_connectors)
        if connector and _is_capitalised(tokens, n + connector):
            n += connector
            continue
        break
    return end


def _is_elided_name(word: str, lexicon: Lexicon) -> bool:
    """"d'Ivoire", "l'Est": an elided connector glued to a capitalised word is part of a name
    ('Côte d'Ivoire'); the tokenizer keeps such words whole."""
    for connector in lexicon.name_connectors:
        if connector.endswith("'") and " " not in connector:
            rest = word[len(connector) :]
            if heading_key(word[: len(connector)]) == heading_key(connector) and rest[:1].isupper():
                return True
    return False


def _is_capitalised(tokens: list[_Token], k: int) -> bool:
    return k < len(tokens) and tokens[k].text[:1].isupper()
