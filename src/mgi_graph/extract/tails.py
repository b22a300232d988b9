"""Lower-case words that continue a name in sentence-case languages.

French writes "Direction des affaires culturelles", "Agence nationale pour la promotion
de la jeunesse et le sport", "Politique nationale sanitaire": after the head noun
only the first word is capitalised, so runs of capitalised words stop too early.
A small grammar walks on from each head noun: adjectives (known by their endings),
and complements opened by a preposition ("de la jeunesse", "contre le travail"),
until a verb or anything else ends the name. Languages without rows in
``extract-tails.tsv`` (English, Spanish, Portuguese: names there are written in
title case) get no tails.
"""

from __future__ import annotations

from mgi_graph.extract.heads import HeadFinder
from mgi_graph.extract.lexicon import Tails
from mgi_graph.extract.lists import complement_list
from mgi_graph.extract.tokenizer import Token

_MAX_COMPLEMENTS = 3  # "Comité régional de lutte contre le travail des enfants"
_MAX_ADJECTIVES = 2  # "Politique nationale sanitaire"
_MIN_STEM = 3  # "il", "mais" end like adjectives but have no stem


class TailFinder:
    def __init__(self, heads: HeadFinder, tails: Tails) -> None:
        self.heads = heads
        self.tails = tails
        self.words = heads.lexicon.function_words

    def marks(self, tokens: list[Token]) -> frozenset[int]:
        """Indices of lower-case words that belong to a name begun by a head noun."""
        if not self.tails:
            return frozenset()
        marked: set[int] = set()
        for i in range(len(tokens)):
            hit = self.heads.at(tokens, i)
            if hit is not None and hit.head.category != "place":
                # the head's own lower-case words first: "Protection civile"
                marked.update(k for k in range(i + 1, i + hit.length) if not tokens[k].is_capitalised)
                marked.update(self._walk(tokens, i + hit.length))
        return frozenset(marked)

    def _walk(self, tokens: list[Token], j: int) -> list[int]:
        marked: list[int] = []
        pending: list[int] = []  # words kept only if a noun follows: "et de l'", "sur la libre"
        after_noun, complements, adjectives = True, 0, 0
        while j < len(tokens):
            token = tokens[j]
            if token.type in ("number", "range", "numero") or token.is_capitalised or token.is_acronym:
                if not after_noun and self.heads.at(tokens, j) is not None:
                    break  # "... et l'Office régional": a new name, coordinated
                after_noun, adjectives = True, 0
                marked += pending
                pending = []
            elif token.text == "," and after_noun and self._list_follows(tokens, j):
                after_noun = False  # "Bureau d'accueil, d'orientation et de suivi" (lists.py)
            elif not token.is_word:
                break
            elif after_noun:
                role = self._role(tokens, j, after_noun=True)
                if role in ("prep", "conj"):
                    complements += role == "prep"
                    if complements > _MAX_COMPLEMENTS:
                        break
                    after_noun = False
                elif role == "adjective" and adjectives < _MAX_ADJECTIVES:
                    adjectives += 1
                    marked.append(j)
                elif role == "date":
                    marked.append(j)
                else:
                    break
            else:
                role = self._role(tokens, j, after_noun=False)
                if role in ("article", "prep", "prenominal"):
                    pending.append(j)
                elif role == "noun" and self.heads.at(tokens, j) is None:
                    marked += pending + [j]
                    pending, after_noun, adjectives = [], True, 0
                else:
                    break
            j += 1
        return [k for k in marked if not tokens[k].is_capitalised and tokens[k].key not in self.words]

    def _list_follows(self, tokens: list[Token], comma: int) -> bool:
        def noun(i: int) -> bool:
            return tokens[i].is_capitalised or (tokens[i].is_word and self._role(tokens, i, after_noun=False) == "noun")

        def adjective(i: int) -> bool:
            word = tokens[i].is_word and not tokens[i].is_capitalised
            return word and self._role(tokens, i, after_noun=True) == "adjective"

        def head(i: int) -> bool:
            hit = self.heads.at(tokens, i)
            return tokens[i].is_acronym or (hit is not None and hit.head.category != "place")

        return complement_list(tokens, comma, self.words, noun=noun, adjective=adjective, head=head) is not None

    def _role(self, tokens: list[Token], j: int, *, after_noun: bool) -> str:
        """What a lower-case word can be in a name: prep, conj, article, adjective, prenominal, date, noun, stop.

        Endings tell adjectives only after a noun; after a preposition comes a noun,
        whatever its ending ("des maires", "à la santé").
        """
        key = tokens[j].key
        lower = tokens[j].text.lower().replace("\u2019", "'")
        word = self.tails.words.get(lower)
        if word in ("stop", "verb"):
            return "stop"
        if word is not None:
            return word
        function = self.words.get(key)
        if function in ("article", "conj"):
            return function
        if function is not None:
            return "prep"
        if _between_numbers(tokens, j):
            return "date"  # "du 3 mai 2004"
        ending = self._ending(lower) if after_noun else None
        if after_noun and any(lower.startswith(p) and len(lower) > len(p) + _MIN_STEM for p in self.tails.prefixes):
            ending = "adjective"  # "multirisque", "pluriannuel": compound adjectives
        if ending == "adjective":
            return "adjective"
        if ending == "participle":
            # "chargé de l'Immigration" is part of the name; "adoptée par", "lancé en" are not
            nxt = tokens[j + 1].key if j + 1 < len(tokens) else ""
            return "adjective" if nxt in self.heads.lexicon.words.role("participle-complement") else "stop"
        return "noun"

    def _ending(self, word: str) -> str | None:
        for n in range(len(word) - _MIN_STEM, 0, -1):
            role = self.tails.suffixes.get(word[-n:])
            if role is not None:
                return role
        return None


def _between_numbers(tokens: list[Token], j: int) -> bool:
    return 0 < j < len(tokens) - 1 and tokens[j - 1].type == "number" and tokens[j + 1].type == "number"
