"""Canonical names: the profile's own local government, aliases, spelling.

The same body is written several ways ("Mayor's Office of Springfield",
"Mayor’s Office", "la Municipalidad"); the canonical name is what makes those
one node of the graph.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mgi_graph.extract.heads import HeadFinder
from mgi_graph.extract.lexicon import Alias, Head
from mgi_graph.model import Profile
from mgi_graph.slug import fold, norm

def clean(text: str) -> str:
    """Straight apostrophes and single spaces; names keep their own capitals."""
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


def restore_place(name: str, place: str) -> str:
    """Write the profile's place as the profile spells it: "Bogota" -> "Bogotá"."""
    pattern = _place_pattern(place)
    return pattern.sub(place, name) if pattern is not None else name


@lru_cache(maxsize=256)
def _place_pattern(place: str) -> re.Pattern[str] | None:
    """The place's words, accents optional; made once per place, not once per name."""
    words = place.split()
    if not words:
        return None
    return re.compile(r"\b" + r"\s+".join(_accent_insensitive(w) for w in words) + r"\b")


def _accent_insensitive(word: str) -> str:
    return "".join(f"[{c}{_plain(c)}]" if _plain(c) != c else re.escape(c) for c in word)


def _plain(c: str) -> str:
    folded = fold(c)
    return folded if c.islower() else folded.upper()


def alias_name(alias: Alias, language: str) -> str:
    """The preferred label of an international body in the profile's language."""
    return alias.labels.get(language) or alias.labels["en"]


def local_government_name(head: Head, profile: Profile, heads: HeadFinder) -> str:
    """The canonical name of the profile's own local government as ``head`` names it.

    The profile's entity when it is named with the same head ("Municipalidad de
    Pasto"), else the head joined to the place ("Mayor's Office of
    Springfield", "Alcaldía de Pasto").
    """
    if norm(head.form) in _entity_heads(profile.entity, heads):
        return clean(profile.entity)
    # how the head's language attaches a place to a body (word role "of")
    words = heads.lexicon.words
    language = head.lang if head.lang in words.of else profile.language
    return f"{clean(head.form)} {words.of_word(language)} {profile.place}"


@lru_cache(maxsize=64)
def _entity_heads(entity: str, heads: HeadFinder) -> frozenset[str]:
    """The forms (``norm``) of the local-government heads in the profile's entity: asked for
    each name of the profile's own government, the same every time."""
    tokens = heads.lexicon.tokenizer.tokenize(entity)
    hits = (heads.at(tokens, i) for i in range(len(tokens)))
    return frozenset(norm(hit.head.form) for hit in hits if hit and hit.head.category == "local-government")


def names_own_place(words: list[str], profile: Profile, glue: frozenset[str]) -> bool:
    """Whether ``words`` (after the head) are just "of <place>" / "de <place>" or the entity's own
    words; ``glue`` holds the words that may come between ("of", "de la")."""
    rest = [norm(w) for w in words]
    place = norm(profile.place).split()
    while rest and rest[0] in glue:
        rest = rest[1:]
    return rest == place or (bool(rest) and " ".join(rest) in norm(profile.entity))
