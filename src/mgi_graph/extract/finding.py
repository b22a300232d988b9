"""Extract the institutions and instruments of one finding's text."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from mgi_graph.extract.heads import HeadFinder, HeadHit
from mgi_graph.extract.institutions import OrgContext, from_alias, from_name, nest
from mgi_graph.extract.instruments import (
    Title,
    quoted_titles,
    slogans,
    trigger_kind,
    triggers_for,
)
from mgi_graph.extract.plurals import distribute
from mgi_graph.extract.resolve import clean
from mgi_graph.extract.spans import Part, SpanFinder
from mgi_graph.extract.tails import TailFinder
from mgi_graph.extract.tokenizer import Token
from mgi_graph.extract.years import dated_year, opening_year
from mgi_graph.model import Institution, Instrument, Profile
from mgi_graph.slug import norm

Mention = Institution | Instrument


@dataclass
class Found:
    """What one finding mentions, and the abbreviations it defines ("... Office (NSO)")."""

    institutions: list[Institution] = field(default_factory=list)
    instruments: list[Instrument] = field(default_factory=list)
    definitions: dict[str, Mention] = field(default_factory=dict)

    def add(self, mention: Mention | None) -> None:
        if isinstance(mention, Institution):
            if all(i.name != mention.name for i in self.institutions):
                self.institutions.append(mention)
        elif isinstance(mention, Instrument):
            key = norm(mention.surface)
            if all(norm(i.surface) != key for i in self.instruments):
                self.instruments.append(mention)


class FindingExtractor:
    """Extraction for one profile; ``abbreviations`` maps an acronym to what it stands for."""

    def __init__(self, profile: Profile, heads: HeadFinder, abbreviations: dict[str, Mention]) -> None:
        """``heads``: the head finder of the profile's language."""
        lexicon = heads.lexicon
        self.profile = profile
        self.lexicon = lexicon
        self.abbreviations = abbreviations
        self.heads = heads
        keys = frozenset(lexicon.alias_key(a) for a in abbreviations)
        self.spans = SpanFinder(self.heads, frozenset(lexicon.aliases) | keys)
        self._abbreviation_keys = keys
        self._abbreviation_words = frozenset(w for key in keys for w in key.split())
        self._spell_none: set[str] = set()  # token texts that spell no abbreviation (reads_abbreviations)
        self.tails = TailFinder(self.heads, lexicon.tails_for(profile.language))
        self.org = OrgContext(profile, lexicon, self.heads)
        self.before = triggers_for(lexicon, profile.language, "before")
        self.after = triggers_for(lexicon, profile.language, "after")

    def reads_abbreviations(self, tokens: list[Token]) -> bool:
        """Whether the abbreviations can change what ``tokens`` name: one is written there, or
        a run of its words could spell one's alias key (an alias key is its tokens' keys joined)."""
        if "" in self._abbreviation_keys:
            return True  # an article as an abbreviation ("LA"): any run of articles spells it
        # the findings of a profile share most of their words: each spelling is looked at once
        spellings = {t.text: t.key for t in tokens if t.text not in self._spell_none}
        if any(text in self.abbreviations or key in self._abbreviation_keys
               or not self._abbreviation_words.isdisjoint(self.lexicon.alias_key(text).split())
               for text, key in spellings.items()):
            return True
        self._spell_none.update(spellings)
        return False

    def extract(self, text: str, tokens: list[Token]) -> Found:
        """What ``text``, split into ``tokens`` by the lexicon's tokenizer, mentions."""
        found = Found()
        opening = opening_year(tokens, self.lexicon)
        titles = quoted_titles(tokens, self.before) + slogans(tokens, self.before)
        skip = set().union(*(t.skip for t in titles)) if titles else set()
        aliases = self._alias_names(tokens)
        # alias names with lower-case words ("Haut-Commissariat des Nations unies pour les
        # réfugiés") first: a run would stop at "Nations" and name a different body
        for start, end in self._aliases_in_lower_case(tokens, aliases, skip, mixed_case=True):
            self._add_alias(text, tokens, start, end, found)
            skip.update(range(start, end))
        instrument_ends: set[int] = set()
        covered: set[int] = set()
        for start, end in self.spans.runs(tokens, skip, self.tails.marks(tokens)):
            parts = self.spans.split(tokens, start, end)
            made: dict[Part, Mention | None] = {}
            # each part's head, found once for both _mention and _distributed
            heads = [self.heads.primary(tokens, part.start, part.end) for part in parts]
            for part, head in zip(parts, heads):
                mention = self._mention(text, tokens, part, head, opening)
                if isinstance(mention, Institution) and part.parent is not None:
                    parent = made.get(part.parent)
                    if isinstance(parent, Institution):
                        mention = nest(mention, parent)
                made[part] = mention
                if isinstance(mention, Instrument):
                    instrument_ends.add(part.end)
                if mention is not None:
                    covered.update(range(part.start, part.end))
                self._define(tokens, part, mention, found)
            # keep the text's order: inner names come before the bodies they belong to
            for part, head in sorted(zip(parts, heads), key=lambda named: named[0].start):
                for mention in self._distributed(text, tokens, part, head, made[part]):
                    found.add(mention)
        for start, end in self._aliases_in_lower_case(tokens, aliases, covered | skip):
            self._add_alias(text, tokens, start, end, found)
        for title in sorted(titles, key=lambda t: t.start):
            if title.start - 1 in instrument_ends:
                continue  # 'Programa ... "Ciudad Abierta"': a second title of the same programme
            found.add(self._title(text, tokens, title, opening))
        return found

    def _add_alias(self, text: str, tokens: list[Token], start: int, end: int, found: Found) -> None:
        alias = self.lexicon.aliases[self._key(tokens, start, end)]
        mention = from_alias(_surface(text, tokens, start, end), alias, self.org)
        found.add(mention)
        if end + 2 < len(tokens) and tokens[end].text == "(" and tokens[end + 2].text == ")":
            found.definitions[tokens[end + 1].text] = mention  # "... pour les réfugiés (HCR)"

    def _distributed(self, text: str, tokens: list[Token], part: Part, head: HeadHit | None,
                     mention: Mention | None) -> list[Mention | None]:
        """"Ministries of Justice and Labour": one mention per body (plurals.py); ``head`` is
        the part's primary head."""
        if not isinstance(mention, Institution):
            return [mention]
        if head is None:
            return [mention]
        bodies = distribute(text, tokens, part.start, part.end, head, self.lexicon.function_words,
                            self.lexicon.words.of_word(self.profile.language))
        return [replace(mention, surface=s, name=n) for s, n in bodies] or [mention]

    def _alias_names(self, tokens: list[Token]) -> list[tuple[int, int]]:
        """(start, end) of the longest alias-table name at each token that can start one, in
        order; names may overlap. Found once per finding for both alias passes of ``extract``."""
        function_words = self.lexicon.function_words
        found = []
        for i, token in enumerate(tokens):
            # a name starts after its article: "La Banque mondiale" at a sentence's start
            if token.is_capitalised and token.key not in function_words:
                end = self._longest_alias(tokens, i)
                if end is not None:
                    found.append((i, end))
        return found

    def _aliases_in_lower_case(self, tokens: list[Token], names: list[tuple[int, int]], covered: set[int], *,
                               mixed_case: bool = False) -> list[tuple[int, int]]:
        """Alias-table names the capitalised runs cannot see: "Organisation internationale
        pour les migrations" has lower-case words no run crosses. ``names``: what
        ``_alias_names`` found; ``mixed_case``: only names that hold a lower-case word."""
        found = []
        read = 0  # a name is not looked for inside the last one taken
        for i, end in names:
            if i < read:
                continue
            lower = any(t.is_word and not t.is_capitalised and t.key not in self.lexicon.function_words
                        for t in tokens[i:end])
            if (lower or not mixed_case) and not covered.intersection(range(i, end)):
                found.append((i, end))
                read = end
        return found

    def _longest_alias(self, tokens: list[Token], i: int) -> int | None:
        """The end of the longest alias-table name of two or more tokens from ``i``.

        A name's key is its tokens' keys joined, so the key grows a token at a time and
        the search stops as soon as no alias key starts with it.
        """
        lexicon = self.lexicon
        key, longest = "", None
        for end in range(i + 1, min(len(tokens), i + lexicon.longest_alias) + 1):
            word = lexicon.alias_key(tokens[end - 1].text)
            if word:
                key = f"{key} {word}" if key else word
                if key not in lexicon.alias_prefixes:
                    break
            if end - i >= 2 and key in lexicon.aliases:
                longest = end
        return longest

    # -- one name -------------------------------------------------------------
    def _mention(self, text: str, tokens: list[Token], part: Part, head: HeadHit | None,
                 opening: int | None) -> Mention | None:
        """What ``part`` names; ``head`` is its primary head."""
        start, end = part.start, part.end
        surface = _surface(text, tokens, start, end)
        if end - start == 1 and tokens[start].is_acronym:
            return self._acronym(tokens, start, surface)
        alias = self.lexicon.alias(surface)
        if alias is not None:
            return from_alias(surface, alias, self.org)
        if head is not None and head.head.category in ("org", "local-government"):
            return from_name(tokens, start, end, head, surface, self.org)
        if head is not None and head.head.category == "instrument":
            if end - start == head.length and "standalone" not in head.head.flags:
                return None  # "The Plan addresses ...": refers back, names nothing new
            year = dated_year(tokens, start, end, self.lexicon, opening, head.head.kind)
            return Instrument(clean(surface), head.head.kind, year)
        kind = trigger_kind(tokens, start, end, self.before, self.after)
        if kind is not None:
            return Instrument(clean(surface), kind, dated_year(tokens, start, end, self.lexicon, opening, kind))
        return None

    def _acronym(self, tokens: list[Token], i: int, surface: str) -> Mention | None:
        if i > 0 and tokens[i - 1].text == "(":
            return None  # the definition "(NSO)" itself: the full name was just taken
        meant = self.abbreviations.get(surface)
        if isinstance(meant, Institution):
            return Institution(surface, meant.name, meant.kind, meant.scope, meant.parent)
        if isinstance(meant, Instrument):
            return Instrument(surface, meant.kind, meant.year)
        alias = self.lexicon.alias(surface)
        return from_alias(surface, alias, self.org) if alias else None

    def _define(self, tokens: list[Token], part: Part, mention: Mention | None, found: Found) -> None:
        """Record "(NSO)" right after a name as that name's abbreviation."""
        end = part.end
        if mention is None or end + 2 >= len(tokens):
            return
        if tokens[end].text == "(" and tokens[end + 1].is_acronym and tokens[end + 2].text == ")":
            found.definitions[tokens[end + 1].text] = mention

    def _title(self, text: str, tokens: list[Token], title: Title, opening: int | None) -> Mention | None:
        surface = _surface(text, tokens, title.start, title.end)
        head = self.heads.primary(tokens, title.start, title.end)
        if head is not None and head.head.category in ("org", "local-government") and title.kind is None:
            return from_name(tokens, title.start, title.end, head, surface, self.org)
        kind = title.kind
        if kind is None and head is not None and head.head.category == "instrument":
            kind = head.head.kind
        if kind is None:
            kind = trigger_kind(tokens, title.start - 1, title.end + 1, self.before, self.after) or "other"
        year = dated_year(tokens, title.start, title.end + 1, self.lexicon, opening, kind)
        return Instrument(clean(surface), kind, year)

    def _key(self, tokens: list[Token], start: int, end: int) -> str:
        return self.lexicon.alias_key(" ".join(t.text for t in tokens[start:end]))


def _surface(text: str, tokens: list[Token], start: int, end: int) -> str:
    return text[tokens[start].start : tokens[end - 1].end]
