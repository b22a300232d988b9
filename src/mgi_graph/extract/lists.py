"""Coordinated complements inside one name, across commas.

"Bureau d'accueil, d'orientation et de suivi", "Ministère des Affaires étrangères, de
la Coopération régionale et des Burkinabè de l'extérieur", "Coalición ... contra el
Racismo, la Discriminación y la Xenofobia": after a comma the name goes on when what
follows is again a complement of the same head, a list closed by a conjunction. Each
item is an article or preposition phrase around one noun (its adjectives allowed);
an item that opens with a head noun ("..., la Dirección de Obras y ...") is a new
body, and a word that is neither noun nor adjective (a verb) ends the look-ahead: it
was a clause, not a name.
"""

from __future__ import annotations

from collections.abc import Callable

from mgi_graph.extract.tokenizer import Token

_OPENERS = frozenset({"article", "prep", "prep-article", "contraction", "plural-contraction"})
_MAX_ITEMS = 4  # items after the comma, the closing one included
_MAX_OPENERS = 2  # "de la", "d'"; longer runs of function words are not an item's start

Test = Callable[[int], bool]


def complement_list(tokens: list[Token], comma: int, words: dict[str, str], *, noun: Test, adjective: Test,
                    head: Test) -> int | None:
    """The index of the conjunction closing a list of complements that starts at ``comma``, if any.

    ``noun(i)``/``adjective(i)``: whether token ``i`` can be an item's noun / a following
    adjective; ``head(i)``: whether a head noun starts at ``i`` (a new body, not an item).
    """
    i = comma
    for _ in range(_MAX_ITEMS):
        if i >= len(tokens):
            return None
        sep = tokens[i]
        closing = sep.is_word and not sep.is_capitalised and words.get(sep.key) == "conj"
        if sep.text != "," and not closing:
            return None
        i += 1
        openers: list[str] = []
        while i < len(tokens) and _opener(tokens[i], words) and len(openers) < _MAX_OPENERS:
            openers.append(words[tokens[i].key])
            i += 1
        if not openers or i >= len(tokens) or not noun(i) or head(i):
            return None
        if not tokens[i].is_capitalised and openers[0] == "article":
            return None  # "..., les collectivités et les ONG": a list of the sentence, not of the name
        if closing:
            return i - len(openers) - 1
        i += 1
        while i < len(tokens) and adjective(i):
            i += 1
    return None


def _opener(token: Token, words: dict[str, str]) -> bool:
    return token.is_word and not token.is_capitalised and words.get(token.key) in _OPENERS
