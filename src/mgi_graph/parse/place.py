"""The profile's subject: the authority as named, its place, level and (stated) country.

The subject is found as '<Head> [Modifiers] <connector> <Name>' where Head is a lexicon entity
head word written with a capital ('Municipality', 'Municipalidad', 'Republic', ...):
'District of Medellín', 'Municipalidad Metropolitana de Lima', 'República de Colombia'.
A name may itself start with a local head: 'Gobierno de la Ciudad de Buenos Aires' is one
authority whose place is 'Buenos Aires'. What follows in parentheses may state the country
'(Chile)' or a short form '(en adelante, Lima)'. National heads count only when the name is a
country; the place of a national profile is then the country's English short name.

An introduction can name more than one candidate ('In the Republic of Colombia, the District
of Medellín ...'): the one that agrees with the title line wins, else the first local one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mgi_graph.parse.countries import country_short_name, lookup_country
from mgi_graph.parse.lexicon import Lexicon
from mgi_graph.parse.names import (
    MAX_MODIFIERS,
    Token,
    country_before,
    country_name_end,
    initials_end,
    is_capitalised,
    match_words,
    name_after_head,
    opens_a_phrase,
    phrases_at,
    span_text,
    tokenize,
)
from mgi_graph.parse.text import heading_key

_PARENS = re.compile(r"\s*\((?P<inside>[^()]{1,80})\)")
_AFTER_COMMA = re.compile(r"\s*,\s*(?P<rest>[^,;.()]{1,60})")


@dataclass(frozen=True)
class Subject:
    entity: str
    place: str
    level: str
    country: str | None


def find_subject(texts: list[str], lexicon: Lexicon, title: str | None = None) -> Subject | None:
    """The authority that ``texts`` (the introduction, in order) and ``title`` (the part of the
    title line after its colon) are about; its country from any mention of the same place."""
    titled = _subjects_in(title, lexicon) if title else []
    subjects = [s for text in texts for s in _subjects_in(text, lexicon)] + titled
    reference = titled[0] if titled else (_subject_from_title(title, lexicon) if title else None)
    if not subjects:
        return reference
    chosen = _preferred(subjects, reference)
    mentions = [*subjects, *([reference] if reference else [])]
    country = chosen.country or next(
        (s.country for s in mentions if s.country and _same_place(s, chosen)), None
    )
    return Subject(chosen.entity, chosen.place, chosen.level, country)


def _subject_from_title(remainder: str, lexicon: Lexicon) -> Subject | None:
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


def _preferred(subjects: list[Subject], reference: Subject | None) -> Subject:
    """The candidate agreeing with the title; without one, a local authority before a country:
    a local profile may name its country first, a national profile names no local authority."""
    if reference is not None:
        agreeing = [s for s in subjects if _same_place(s, reference)]
        if agreeing:
            return agreeing[0]
    local = [s for s in subjects if s.level == "local"]
    return (local or subjects)[0]


def _same_place(a: Subject, b: Subject) -> bool:
    return a.level == b.level and heading_key(a.place) == heading_key(b.place)


def _subjects_in(text: str, lexicon: Lexicon) -> list[Subject]:
    if not opens_a_phrase(text, lexicon.national_heads, lexicon.local_heads):
        return []  # no head word: most lines of an introduction
    tokens = tokenize(text)
    found: list[Subject] = []
    i = 0
    while i < len(tokens):
        hit = _subject_at(text, tokens, i, lexicon) if is_capitalised(tokens, i) else None
        if hit is None:
            i += 1
            continue
        # Skip the found name: 'Ciudad de Buenos Aires' inside 'Gobierno de la Ciudad de
        # Buenos Aires' is the same authority, not a second candidate.
        found.append(hit[0])
        i = hit[1]
    return found


def _subject_at(text: str, tokens: list[Token], i: int, lexicon: Lexicon) -> tuple[Subject, int] | None:
    """The subject whose entity starts at token ``i``, and the token after its entity."""
    for level, heads in (("national", lexicon.national_heads), ("local", lexicon.local_heads)):
        for head in phrases_at(tokens, i, heads):
            span = match_words(tokens, i, head)
            named = name_after_head(tokens, i + span, lexicon) if span else None
            if named is None:
                continue
            nested = _nested_place(text, tokens, named, lexicon)
            if nested is None and level == "national":
                hit = _national_subject(text, tokens, i, named, lexicon)
            else:
                place = nested or _own_place(text, tokens, i, head, named, lexicon)
                hit = _local_subject(text, tokens, i, named, place, lexicon)
            if hit:
                return hit
    return None


def _nested_place(
    text: str, tokens: list[Token], named: tuple[int, int], lexicon: Lexicon
) -> tuple[int, int] | None:
    """The place span when the name is itself a local authority's name: 'Ciudad de Buenos
    Aires' after 'Gobierno de la', 'Cidade do Rio de Janeiro' after 'Prefeitura da'."""
    start, end = named
    for head in phrases_at(tokens, start, lexicon.local_heads):
        span = match_words(tokens, start, head)
        inner = name_after_head(tokens, start + span, lexicon) if span else None
        if inner is not None and inner[1] == end:
            return _own_place(text, tokens, start, head, inner, lexicon)
    return None


def _own_place(
    text: str, tokens: list[Token], i: int, head: str, named: tuple[int, int], lexicon: Lexicon
) -> tuple[int, int]:
    """The name after the head, except where the head is part of a city's own name: the place
    of 'Ciudad de México' is not the country México."""
    is_country = lookup_country(span_text(text, tokens, *named), lexicon.languages) is not None
    if is_country and heading_key(head) in lexicon.city_name_heads:
        return (i, named[1])
    return named


def _national_subject(
    text: str, tokens: list[Token], i: int, named: tuple[int, int], lexicon: Lexicon
) -> tuple[Subject, int] | None:
    name_start = named[0]
    name_end = country_name_end(text, tokens, name_start, named[1], lexicon)
    start = _national_start(text, tokens, i, name_end, lexicon)
    entity = span_text(text, tokens, start, name_end)
    code = lookup_country(entity, lexicon.languages) or lookup_country(
        span_text(text, tokens, name_start, name_end), lexicon.languages
    )
    return (Subject(entity, country_short_name(code), "national", code), name_end) if code else None


def _local_subject(
    text: str, tokens: list[Token], i: int, named: tuple[int, int], place: tuple[int, int], lexicon: Lexicon
) -> tuple[Subject, int]:
    end = initials_end(text, tokens, named[1])
    entity = span_text(text, tokens, i, end)
    subject = _make_local(entity, span_text(text, tokens, *place), text[tokens[end - 1].end :], lexicon)
    if subject.country is None:
        subject = Subject(subject.entity, subject.place, "local", country_before(text, tokens, i, lexicon))
    return subject, end


def _national_start(text: str, tokens: list[Token], i: int, name_end: int, lexicon: Lexicon) -> int:
    """Take in capitalised words before a national head when the longer name is still a
    country's name: 'United Republic of Tanzania', 'Federal Democratic Republic of Ethiopia'
    (the country list knows the official names, so no head list has to)."""
    start = i
    for k in range(i - 1, max(i - MAX_MODIFIERS, 0) - 1, -1):
        if not is_capitalised(tokens, k):
            break
        if lookup_country(span_text(text, tokens, k, name_end), lexicon.languages):
            start = k
    return start


def _make_local(entity: str, name: str, after: str, lexicon: Lexicon) -> Subject:
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
