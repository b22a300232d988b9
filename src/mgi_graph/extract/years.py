"""The year an instrument dates from, read from its name or the words around it.

In order of trust: "(2017)" right after the name (the adoption year, even when
the name holds a period: "Plan ... 2015–2030 (2017)"), then a year in the name
("Plan 2020-2023" -> 2020), then a cue right after (", adopted in 2015") or a
little before ("desde 2022 por medio de los Operativos"), then a single year
opening the finding ("En 2023 la Oficina ... organizaron la Feria"). Campaigns and
events, which happen in a year rather than being adopted, also take a single
"in 2022" / "en 2023" of their own sentence (``sentence_year``).
"""

from __future__ import annotations

import re

from mgi_graph.extract.lexicon import Lexicon
from mgi_graph.extract.tokenizer import Token

_BEFORE_WINDOW = 6  # tokens between a "since 2022" cue and the name it dates
_AFTER_WINDOW = 3  # tokens between a name and its ", adopted in 2015"
_CENTURY_PIVOT = 40  # a two-digit year up to this is 20xx, above it 19xx
_SENTENCE_END = frozenset(".;!?")
_DATED_BY_SENTENCE = frozenset({"programme", "event"})  # kinds that happen in a year


def instrument_year(tokens: list[Token], start: int, end: int, lexicon: Lexicon, opening: int | None) -> int | None:
    """The year of the instrument named by ``tokens[start:end]``; ``opening`` is the finding's opening year."""
    for year in (
        _in_parentheses(tokens, end, lexicon),
        _in_name(tokens, start, end, lexicon),
        _after(tokens, end, lexicon),
        _before(tokens, start, lexicon),
        opening,
    ):
        if year is not None:
            return year
    return None


def dated_year(tokens: list[Token], start: int, end: int, lexicon: Lexicon, opening: int | None,
               kind: str) -> int | None:
    """``instrument_year``, then for campaigns and events the year of their sentence."""
    year = instrument_year(tokens, start, end, lexicon, opening)
    if year is None and kind in _DATED_BY_SENTENCE:
        year = sentence_year(tokens, start, end, lexicon)
    return year


def opening_year(tokens: list[Token], lexicon: Lexicon) -> int | None:
    """"Desde 2023 ...", "In 2022, ...": one year opening the finding dates all it names.

    "In 2021 and 2022, ..." names two years and dates nothing.
    """
    for n, cues in lexicon.year_cues_by_length.get("start", ()):
        if len(tokens) > n and tokens[n].year is not None and _keys(tokens, 0, n) in cues:
            following = tokens[n + 1 : n + 3]
            if any(t.year is not None for t in following):
                return None
            return tokens[n].year
    return None


def _in_name(tokens: list[Token], start: int, end: int, lexicon: Lexicon) -> int | None:
    # a year written out wins over a law number's two digits: "n° 81-40 du 29 octobre 1981"
    # (French numbers put the year first, Spanish ones last: the digits alone cannot tell)
    written = next((t.year for t in tokens[start:end] if t.year is not None), None)
    if written is not None:
        return written
    return next((y for i in range(start, end) if (y := _year_at(tokens, i, lexicon)) is not None), None)


def _year_at(tokens: list[Token], i: int, lexicon: Lexicon) -> int | None:
    """The year token ``i`` names: "2015", "12/2015", or a law number's two-digit year.

    "Lei n.º 5/93", "Decreto 17-73": right after a numero sign or a law's head noun the
    number is a law's, and its last part is the year (1993, 1973; "5/08" is 2008).
    """
    token = tokens[i]
    if token.year is not None or i == 0:
        return token.year
    before = tokens[i - 1]
    law = before.type == "numero" or (before.key,) in lexicon.law_heads
    match = re.fullmatch(r"\d+[/-](\d{2})", token.text) if token.type == "number" and law else None
    if match is None:
        return None
    yy = int(match.group(1))
    return (2000 if yy <= _CENTURY_PIVOT else 1900) + yy


def _in_parentheses(tokens: list[Token], end: int, lexicon: Lexicon) -> int | None:
    if end >= len(tokens) or tokens[end].text != "(":
        return None
    inside = []
    for i in range(end + 1, min(end + 6, len(tokens))):
        if tokens[i].text == ")":
            break
        inside.append(i)
    years = [y for i in inside if (y := _year_at(tokens, i, lexicon)) is not None]
    words = tuple(tokens[i].key for i in inside if tokens[i].year is None and tokens[i].type == "word")
    cues = set(lexicon.year_cues.get("after", ())) | set(lexicon.year_cues.get("before", ())) | {()}
    # "Código de Migración (Decreto 44-2016)": the law that enacted it, numbered with its year
    return years[0] if len(years) == 1 and (words in cues or words in lexicon.law_heads) else None


def _after(tokens: list[Token], end: int, lexicon: Lexicon) -> int | None:
    i = end
    while i < len(tokens) and i < end + _AFTER_WINDOW and tokens[i].text == ",":
        i += 1
    for n, cues in lexicon.year_cues_by_length.get("after", ()):
        if i + n < len(tokens) and tokens[i + n].year and _keys(tokens, i, i + n) in cues:
            return tokens[i + n].year
    return None


def _before(tokens: list[Token], start: int, lexicon: Lexicon) -> int | None:
    for y in range(max(0, start - _BEFORE_WINDOW), start):
        if tokens[y].year is None:
            continue
        for n, cues in lexicon.year_cues_by_length.get("before", ()):
            if y - n >= 0 and _keys(tokens, y - n, y) in cues:
                between = tokens[y + 1 : start]
                if not any(t.text in ".;:" or t.is_capitalised for t in between):
                    return tokens[y].year
    return None


def sentence_year(tokens: list[Token], start: int, end: int, lexicon: Lexicon) -> int | None:
    """The one year the sentence of ``tokens[start:end]`` gives with a cue ("in 2022", "en 2023").

    For campaigns and events only: "The Fair took place in the city centre in 2022".
    Two different years in the sentence date nothing.
    """
    first, last = start, end
    while first > 0 and tokens[first - 1].text not in _SENTENCE_END:
        first -= 1
    while last < len(tokens) and tokens[last].text not in _SENTENCE_END:
        last += 1
    cues = lexicon.year_cues_by_length.get("start", ())
    years = set()
    for i in range(first, last):
        if start <= i < end or tokens[i].year is None or tokens[i].type == "range":
            continue
        if any(i - n >= first and _keys(tokens, i - n, i) in same_length for n, same_length in cues):
            years.add(tokens[i].year)
    return years.pop() if len(years) == 1 else None


def _keys(tokens: list[Token], start: int, end: int) -> tuple[str, ...]:
    return tuple([t.key for t in tokens[start:end]])
