"""The year an instrument dates from, read from its name or the words around it.

In order of trust: "(2017)" right after the name (the adoption year, even when
the name holds a period: "Plan ... 2015–2030 (2017)"), then a year in the name
("Plan 2020-2023" -> 2020), then a cue right after (", adopted in 2015") or a
little before ("desde 2022 por medio de los Operativos"), then a single year
opening the finding ("En 2023 la Oficina ... organizaron la Feria").
"""

from __future__ import annotations

from mgi_graph.extract.lexicon import Lexicon
from mgi_graph.extract.tokenizer import Token

_BEFORE_WINDOW = 6  # tokens between a "since 2022" cue and the name it dates
_AFTER_WINDOW = 3  # tokens between a name and its ", adopted in 2015"


def instrument_year(tokens: list[Token], start: int, end: int, lexicon: Lexicon, opening: int | None) -> int | None:
    """The year of the instrument named by ``tokens[start:end]``; ``opening`` is the finding's opening year."""
    for year in (
        _in_parentheses(tokens, end, lexicon),
        _in_name(tokens, start, end),
        _after(tokens, end, lexicon),
        _before(tokens, start, lexicon),
        opening,
    ):
        if year is not None:
            return year
    return None


def opening_year(tokens: list[Token], lexicon: Lexicon) -> int | None:
    """"Desde 2023 ...", "In 2022, ...": one year opening the finding dates all it names.

    "In 2021 and 2022, ..." names two years and dates nothing.
    """
    for cue in lexicon.year_cues.get("start", ()):
        n = len(cue)
        if tuple(t.key for t in tokens[:n]) == cue and len(tokens) > n and tokens[n].year is not None:
            following = tokens[n + 1 : n + 3]
            if any(t.year is not None for t in following):
                return None
            return tokens[n].year
    return None


def _in_name(tokens: list[Token], start: int, end: int) -> int | None:
    return next((t.year for t in tokens[start:end] if t.year is not None), None)


def _in_parentheses(tokens: list[Token], end: int, lexicon: Lexicon) -> int | None:
    if end >= len(tokens) or tokens[end].text != "(":
        return None
    inside = []
    for token in tokens[end + 1 : end + 6]:
        if token.text == ")":
            break
        inside.append(token)
    years = [t.year for t in inside if t.year is not None]
    words = tuple(t.key for t in inside if t.year is None)
    cues = set(lexicon.year_cues.get("after", ())) | set(lexicon.year_cues.get("before", ())) | {()}
    return years[0] if len(years) == 1 and words in cues else None


def _after(tokens: list[Token], end: int, lexicon: Lexicon) -> int | None:
    i = end
    while i < len(tokens) and i < end + _AFTER_WINDOW and tokens[i].text == ",":
        i += 1
    for cue in lexicon.year_cues.get("after", ()):
        n = len(cue)
        if tuple(t.key for t in tokens[i : i + n]) == cue and i + n < len(tokens) and tokens[i + n].year:
            return tokens[i + n].year
    return None


def _before(tokens: list[Token], start: int, lexicon: Lexicon) -> int | None:
    for y in range(max(0, start - _BEFORE_WINDOW), start):
        if tokens[y].year is None:
            continue
        for cue in lexicon.year_cues.get("before", ()):
            n = len(cue)
            if y - n >= 0 and tuple(t.key for t in tokens[y - n : y]) == cue:
                between = tokens[y + 1 : start]
                if not any(t.text in ".;:" or t.is_capitalised for t in between):
                    return tokens[y].year
    return None
