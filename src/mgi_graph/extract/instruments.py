"""Instruments: names with an instrument head noun, quoted titles, and names a
trigger word announces ("el programa Duplas Sociosanitarias", "the Punto
Emprende program", "bajo el lema Nadie es Ilegal")."""

from __future__ import annotations

from dataclasses import dataclass

from mgi_graph.extract.lexicon import Lexicon, Trigger
from mgi_graph.extract.tokenizer import Token

_MAX_TITLE_WORDS = 20  # a longer quotation is a sentence, not a title
_CLAUSE_END = frozenset(",.;:!?()")


@dataclass(frozen=True)
class Title:
    """A quoted or slogan title: tokens ``start:end`` (quotes excluded)."""

    start: int
    end: int
    kind: str | None  # from the trigger word; None: decide from the words inside
    skip: frozenset[int]  # the token indices the title covers, quotes included


def triggers_for(lexicon: Lexicon, language: str, where: str) -> dict[str, Trigger]:
    """Trigger words of ``where`` (before/after), the profile's language winning on clashes."""
    found: dict[str, Trigger] = {}
    for trigger in sorted(lexicon.triggers, key=lambda t: t.lang == language):
        if trigger.where == where:
            found[trigger.word] = trigger
    return found


def quoted_titles(tokens: list[Token], before: dict[str, Trigger]) -> list[Title]:
    """Quotations that are titles: they start with a capital or a digit and are short."""
    titles = []
    # the quotation marks, found in one pass: most findings quote nothing
    marks = [i for i, t in enumerate(tokens) if t.type in ("open", "close")]
    read = 0  # tokens before this one were inside a quotation already read
    for at, i in enumerate(marks):
        if i < read or tokens[i].type != "open":
            continue
        if at + 1 == len(marks):
            break
        close = marks[at + 1]
        inner = tokens[i + 1 : close]
        if inner and _title_like(inner):
            trigger = before.get(tokens[i - 1].key) if i > 0 else None
            kind = trigger.kind if trigger else None
            titles.append(Title(i + 1, close, kind, frozenset(range(i, close + 1))))
        read = close + 1
    return titles


def _title_like(inner: list[Token]) -> bool:
    first = inner[0]
    words = [t for t in inner if t.is_word]
    if not (first.is_capitalised or first.type == "number" or first.is_acronym):
        return False  # "the right to education must always be guaranteed ..." is a quotation
    return len(words) <= _MAX_TITLE_WORDS and not any(t.text in ".!?" for t in inner[:-1])


def slogans(tokens: list[Token], before: dict[str, Trigger]) -> list[Title]:
    """"bajo el lema Nadie es Ilegal, ...": a phrase trigger takes words up to the clause end."""
    found = []
    for i in [i for i, token in enumerate(tokens[:-1]) if token.key in before]:  # few tokens are triggers
        token, trigger = tokens[i], before[tokens[i].key]
        if trigger.mode != "phrase" or token.is_capitalised or not tokens[i + 1].is_capitalised:
            continue
        end = i + 1
        while end < len(tokens) and tokens[end].text not in _CLAUSE_END and tokens[end].type not in ("open", "close"):
            end += 1
        found.append(Title(i + 1, end, trigger.kind, frozenset(range(i + 1, end))))
    return found


def trigger_kind(tokens: list[Token], start: int, end: int, before: dict[str, Trigger],
                 after: dict[str, Trigger]) -> str | None:
    """The kind a neighbouring lower-case trigger word gives a name without a head noun."""
    if start > 0:
        trigger = before.get(tokens[start - 1].key)
        if trigger and trigger.mode == "title" and not tokens[start - 1].is_capitalised:
            return trigger.kind
    j = _skip_parenthetical(tokens, end)
    if j < len(tokens) and not tokens[j].is_capitalised:
        trigger = after.get(tokens[j].key)
        if trigger:
            return trigger.kind
    return None


def _skip_parenthetical(tokens: list[Token], j: int) -> int:
    """"Emergency Promoters (Promotores en Emergencias) project": look past the brackets."""
    if j < len(tokens) and tokens[j].text == "(":
        close = next((k for k in range(j, min(j + 12, len(tokens))) if tokens[k].text == ")"), None)
        if close is not None:
            return close + 1
    return j
