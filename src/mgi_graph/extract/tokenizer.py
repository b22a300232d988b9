"""A capitalisation-aware tokenizer that keeps character offsets.

Surfaces are cut from the finding text by offsets, so they stay exactly as
written (curly apostrophes, accents, dashes) while matching uses folded keys.
The few words the tokenizer must know (elisions, glued articles) come from the
lexicon, which builds the language's :class:`Tokenizer`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from mgi_graph.slug import norm


# Order matters: a year range before a bare number, "No." before a word. Numbers
# keep "/" and "-" between digits: law numbers "12/2015", "2011-08", and a legislature's
# roman numeral between number and year: "66/VIII/2014" (Cabo Verde). The numero
# sign is written "No.", "N°", "Nº", "N.º", "n°", "nº", "n.º". ELISIONS is replaced
# by the lexicon's elisions (role ``elision``: "l'", "qu'"). Only a closing guillemet and a
# dash may start at a space: the lookahead passes over every other space at once, where each
# kind would be tried in turn (a text has about as many spaces as tokens).
_TOKEN = r"""
    (?=\S|\s*\u00bb|\s[-\u2013\u2014]\s)
    (?:
    (?P<range>(?:19|20)\d{2}\s*[-\u2013\u2014]\s*(?:19|20)?\d{2}(?:\d{2})?(?!\d))
  | (?P<number>\d+(?:(?:[.,]|/|-(?=\d))\d+)*(?:/[IVXLC]+/(?:19|20)\d{2}(?!\d))?)
  | (?P<numero>(?:N[o\u00ba\u00b0]\.?|no\.|n[\u00ba\u00b0]\.?|[Nn]\.\s?[o\u00ba\u00b0]\.?)(?=\s*\d))
  | (?P<elision>(?i:ELISIONS)['\u2019](?=\w))
  | (?P<word>[^\W\d_](?:[\w'\u2019\-]*\w)?)
  | (?P<open>[\u201c"](?=\w)|\u00ab\s*)
  | (?P<close>[\u201d"]|\s*\u00bb)
  | (?P<dash>\s[-\u2013\u2014]\s)
  | (?P<punct>[^\w\s])
    )
    """


@dataclass(slots=True, init=False)
class Token:
    """One token of a finding. Not frozen, though nothing changes a token once made: a frozen
    dataclass sets each field through ``object.__setattr__``, which doubles what a token costs.
    For the same reason ``__init__`` is written out: it sets the derived fields itself, where a
    ``__post_init__`` would be a second call for every token."""

    text: str
    start: int
    end: int
    type: str  # range | number | numero | elision | word | open | close | dash | punct
    # Derived once, when the token is made: the rules ask them of every token many times over.
    key: str = field(init=False, repr=False, compare=False)  # the lookup key: ``norm(text)``
    is_word: bool = field(init=False, repr=False, compare=False)
    is_capitalised: bool = field(init=False, repr=False, compare=False)
    is_acronym: bool = field(init=False, repr=False, compare=False)  # two or more letters, all capitals
    year: int | None = field(init=False, repr=False, compare=False)  # see :func:`_year`

    def __init__(self, text: str, start: int, end: int, type: str) -> None:
        self.text, self.start, self.end, self.type = text, start, end, type
        self.key, self.is_word, self.is_capitalised, self.is_acronym, self.year = _derived(text, type)


@lru_cache(maxsize=1 << 16)
def _derived(text: str, kind: str) -> tuple[str, bool, bool, bool, int | None]:
    """A token's key, is_word, is_capitalised, is_acronym and year. Kept per spelling: texts
    repeat their words, and working these out costs several times a look-up."""
    # a word token starts with a letter, so an acronym is capitalised
    capitalised = kind == "word" and text[0].isupper()
    year = _year(text, kind) if kind in ("range", "number") else None
    return norm(text), kind in ("word", "elision"), capitalised, capitalised and _all_capitals(text), year


def _all_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _year(text: str, kind: str) -> int | None:
    """The (first) year a number or range token names, if it is one.

    A law number carries its year as one part: "12/2015", "2011-08", "66/VIII/2014";
    "12.345" does not.
    """
    if kind == "range" or (kind == "number" and len(text) == 4):
        match = re.match(r"(19|20)\d{2}", text)
        return int(match.group(0)) if match else None
    if kind == "number":
        parts = [p for p in re.split(r"[/-]", text) if p.isdigit()]
        years = [int(p) for p in parts if re.fullmatch(r"(19|20)\d{2}", p)]
        return years[0] if len(parts) > 1 and len(years) == 1 else None
    return None


class Tokenizer:
    """Splits text into tokens with offsets; built by the lexicon from its word roles."""

    def __init__(self, elisions: Iterable[str], glued: Iterable[str]) -> None:
        glued = set(glued)  # read twice below
        self._token = re.compile(_TOKEN.replace("ELISIONS", _alternatives(elisions)), re.VERBOSE)
        # PDF extraction glues an article to the next name ("theDevelopment Plan"); the
        # article is split off so the name starts where it should.
        self._glued = re.compile(rf"\b({_alternatives(glued)})(?=[A-Z\u00c0-\u00de][a-z\u00df-\u00ff])")
        # only a word that starts as one of the articles does can hold it ("" starts every word)
        self._glued_initials = tuple({article[:1] for article in glued})

    def tokenize(self, text: str) -> list[Token]:
        """Split ``text`` into tokens with offsets into ``text``."""
        tokens: list[Token] = []
        for match in self._token.finditer(text):
            kind = match.lastgroup or "punct"
            found = match.group(0)
            start, end = match.span()
            # without a capital no article is glued to a name: most words are done at once
            if kind == "word" and found.startswith(self._glued_initials) and not found.islower():
                tokens.extend(self._split_glued(found, start))
            elif kind == "dash":
                # keep the dash's own offsets, without the surrounding spaces
                tokens.append(Token(found.strip(), start + 1, end - 1, "dash"))
            else:
                tokens.append(Token(found, start, end, kind))
        return tokens

    def _split_glued(self, word: str, offset: int) -> list[Token]:
        match = self._glued.match(word)
        if not match or len(word) <= match.end() + 1:
            return [Token(word, offset, offset + len(word), "word")]
        cut = match.end()
        return [
            Token(word[:cut], offset, offset + cut, "word"),
            Token(word[cut:], offset + cut, offset + len(word), "word"),
        ]


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first ("qu" before "q"); one that never
    matches when there are none."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) or "(?!)"
