"""Score extracted mentions against the gold annotations (tests/gold/README.md).

Names are compared case- and accent-insensitively after dropping a leading
article and collapsing white space; two names match when equal or when one
contains the other. A mention carries several names (its canonical name and
its surfaces; the gold's canonical and surface); it matches when any pair
does, because a canonical name may legitimately be in another language than
the gold's ("Mercocities" for the surface "Mercociudades"). Precision and recall
are counted over distinct mentions per profile.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mgi_graph.extract.lexicon import load_lexicon
from mgi_graph.slug import norm

Names = frozenset[str]


def normalise(name: str) -> str:
    """Folded, apostrophes straightened, white space collapsed, leading definite article
    (word role ``definite-article``) dropped, an elided one ("l'") even when glued on."""
    articles = load_lexicon().words.articles
    text = norm(name)
    for elided in sorted((a for a in articles if a.endswith("'")), key=len, reverse=True):
        if text.startswith(elided):
            text = text[len(elided):].lstrip()
            break
    words = text.split(" ")
    if len(words) > 1 and words[0] in articles:
        words = words[1:]
    return " ".join(words)


def names_match(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a == b or a in b or b in a)


@dataclass(frozen=True)
class Score:
    extracted: int
    gold: int
    correct_extracted: int  # extracted mentions that match some gold one
    found_gold: int  # gold mentions some extracted one matches

    @property
    def precision(self) -> float:
        return self.correct_extracted / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.found_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.extracted + other.extracted,
            self.gold + other.gold,
            self.correct_extracted + other.correct_extracted,
            self.found_gold + other.found_gold,
        )


def distinct(mentions: Iterable[Sequence[str]]) -> list[Names]:
    """One entry per distinct mention: the first name is the key, all names are kept."""
    merged: dict[str, set[str]] = {}
    for names in mentions:
        key = normalise(names[0])
        merged.setdefault(key, set()).update(normalise(n) for n in names if n)
    return [frozenset(v) for v in merged.values()]


def score(extracted: Iterable[Sequence[str]], gold: Iterable[Sequence[str]]) -> Score:
    """``extracted`` and ``gold`` hold, per mention, its names: canonical first, then surfaces."""
    ours, theirs = distinct(extracted), distinct(gold)

    def hit(a: Names, b: Names) -> bool:
        return any(names_match(x, y) for x in a for y in b)

    return Score(
        extracted=len(ours),
        gold=len(theirs),
        correct_extracted=sum(any(hit(o, g) for g in theirs) for o in ours),
        found_gold=sum(any(hit(o, g) for o in ours) for g in theirs),
    )
