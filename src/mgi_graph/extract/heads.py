"""Find head nouns and markers in a run of tokens."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mgi_graph.extract.lexicon import Head, Lexicon, Marker, load_lexicon
from mgi_graph.extract.tokenizer import Token


@dataclass(frozen=True)
class HeadHit:
    index: int  # first token of the head
    length: int  # tokens the head spans ("Mayor's Office" is two)
    head: Head
    plural: bool


class HeadFinder:
    """Head lookups for one profile language, longest form first."""

    def __init__(self, lexicon: Lexicon, language: str) -> None:
        self.lexicon = lexicon
        self.language = language
        by_first: dict[str, list[Head]] = {}
        # the profile's own language wins when two languages spell a head alike
        ordered = sorted(lexicon.heads_for(language), key=lambda h: (h.lang != language, -len(h.words)))
        for head in ordered:
            by_first.setdefault(head.words[0], []).append(head)
        self._by_first = by_first
        self._type_words = frozenset(m.words for m in lexicon.markers if m.position == "before")
        self._before = tuple(m for m in lexicon.markers if m.position == "before")
        by_word: dict[str, list[Marker]] = {}
        for marker in lexicon.markers:
            if marker.position != "before" and marker.words:
                by_word.setdefault(marker.words[0], []).append(marker)
        self._markers_by_first = by_word
        self._by_key: dict[str, tuple[tuple[bool, Head], ...]] = {}  # see _candidates

    def at(self, tokens: list[Token], i: int) -> HeadHit | None:
        """The head starting at token ``i``, matching singular or plural forms.

        Heads are capitalised, except a numbered instrument ("la loi n° 2011-08")
        and heads flagged ``lowercase`` (French "le ministère de la Justice").
        """
        token = tokens[i]
        if token.type != "word":
            return None
        # most words open no head: asked of every token, so answered from the index at once
        candidates = self._by_key.get(token.key)
        if candidates is None:
            candidates = self._candidates(token.key)
        if not candidates:
            return None
        hits = []
        for plural, head in candidates:
            # the first word matched when the candidate was indexed
            n = len(head.words)
            rest = head.words[1:]
            if (not rest or tuple([t.key for t in tokens[i + 1 : i + n]]) == rest) and self._cased(
                tokens, i, n, head
            ) and ("final" not in head.flags or not _capitalised_at(tokens, i + n)):
                hits.append(HeadHit(i, n, head, plural))
        if len(hits) < 2:
            return hits[0] if hits else None
        # the profile's own language first: Portuguese "Universidades" is "Universidade", not "Universidad"
        return min(hits, key=lambda h: (h.head.lang != self.language, -h.length))

    @staticmethod
    def _cased(tokens: list[Token], i: int, n: int, head: Head) -> bool:
        # a word the form writes in lower case may be so in the text: "Protection civile"
        if all(t.is_capitalised or lower for t, lower in zip(tokens[i : i + n], head.lower_words)):
            return True
        if "lowercase" in head.flags:
            return True
        numbered = i + n < len(tokens) and tokens[i + n].type == "numero"
        return n == 1 and head.category == "instrument" and numbered

    def _candidates(self, key: str) -> tuple[tuple[bool, Head], ...]:
        """(plural, head) of every head whose first word is ``key`` or one of its singulars.

        Kept per word: every token of every finding asks, and most words open no head.
        """
        found = self._by_key.get(key)
        if found is None:
            found = self._by_key[key] = tuple(
                (plural, head) for first, plural in self._singulars(key) for head in self._by_first.get(first, [])
            )
        return found

    def _singulars(self, key: str) -> list[tuple[str, bool]]:
        """``key`` itself, then its singulars by the lexicon's plural rules (extract-plurals.tsv)."""
        forms = [(key, False)]
        for plural, singular in self.lexicon.words.plurals:
            if key.endswith(plural):
                forms.append((key[: len(key) - len(plural)] + singular, True))
        return forms

    def all(self, tokens: list[Token], start: int, end: int) -> list[HeadHit]:
        hits = []
        i = start
        while i < end:
            hit = self.at(tokens, i)
            if hit and hit.index + hit.length <= end:
                hits.append(hit)
                i += hit.length
            else:
                i += 1
        return hits

    def primary(self, tokens: list[Token], start: int, end: int, *, strict: bool = False) -> HeadHit | None:
        """The head that says what the name is.

        It sits in the first chunk, before the first preposition: last head there
        ("Rivertown Ombudsman's Office", "Oficina Municipal"). Failing that, and
        unless ``strict``, the first head anywhere ("Northern and Southern ...
        in Persons Committee").
        """
        hits = [h for h in self.all(tokens, start, end) if h.head.category != "place"]
        chunk_end = self.first_chunk_end(tokens, start, end)
        in_chunk = [h for h in hits if h.index < chunk_end]
        if in_chunk:
            return in_chunk[-1]
        if strict or not hits:
            return None
        return hits[0]

    def first_chunk_end(self, tokens: list[Token], start: int, end: int) -> int:
        for i in range(start, end):
            role = self.lexicon.function_words.get(tokens[i].key)
            if not tokens[i].is_capitalised and role in ("prep", "prep-article", "contraction", "plural-contraction"):
                return i
        return end

    def type_word(self, tokens: list[Token], i: int, end: int) -> bool:
        """Whether token ``i`` is a generic type word ("ONG", "association") before a name
        ``i + 1:end`` with its own head noun: "la ONG Centro ..." names the Centro."""
        if i < 0 or i + 1 >= end or (tokens[i].key,) not in self._type_words:
            return False
        head = self.primary(tokens, i + 1, end, strict=True)
        return head is not None and head.head.category in ("org", "local-government")

    def markers(self, tokens: list[Token], start: int, end: int, head: HeadHit | None) -> set[str]:
        """Effects (national, international, civil-society, academic) of markers in the name."""
        keys = [t.key for t in tokens[start:end]]
        effects: set[str] = set()
        if self._before and self.type_word(tokens, start - 1, end):
            effects.update(m.effect for m in self._before if (tokens[start - 1].key,) == m.words)
        for at, key in enumerate(keys):
            for marker in self._markers_by_first.get(key, ()):
                if tuple(keys[at : at + len(marker.words)]) == marker.words and _placed(marker, start + at, start, head):
                    effects.add(marker.effect)
        return effects


@lru_cache(maxsize=32)
def head_finder(language: str, lexicon_dir: Path | None = None) -> HeadFinder:
    """The :class:`HeadFinder` of ``language`` for the lexicon in ``lexicon_dir``, made once:
    indexing every head is most of what a finder costs, and each profile needs one."""
    return HeadFinder(load_lexicon(lexicon_dir), language)


def _capitalised_at(tokens: list[Token], i: int) -> bool:
    return i < len(tokens) and (tokens[i].is_capitalised or tokens[i].is_acronym)


def _placed(marker: Marker, index: int, start: int, head: HeadHit | None) -> bool:
    if marker.position == "anywhere":
        return True
    if marker.position == "first":
        return index == start
    return head is not None and index == head.index + head.length
