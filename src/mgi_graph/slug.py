"""Slugs for IRIs and profile ids, and accent-insensitive folding: the one folding rule
(``fold``) every stage compares names by, and the lookup key built on it (``norm``).

Latin letters fold to ASCII ('Medellín' -> 'medellin'); letters of other scripts are kept
as they are (IRIs may hold them), so a Cyrillic or Arabic name is never folded to ''.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The Unicode blocks of combining diacritical marks; what NFKD splits off accented letters.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents: 'Medellín' -> 'medellin'.

    Hot in the gazetteer (a million names), hence the ASCII fast path and a regex
    instead of a per-character loop.
    """
    if text.isascii():
        return text.casefold()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """The lookup key of a word or phrase: folded, curly apostrophes straightened, single spaces."""
    return " ".join(fold(text.replace("\u2019", "'")).split())


def slugify(text: str) -> str:
    """'Monte Patria' -> 'monte-patria'; 'Mayor's Office of Medellín' -> 'mayors-office-of-medellin';
    'Москва' -> 'москва'."""
    folded = fold(text).replace("'", "").replace("\u2019", "")
    return "-".join(word_runs(folded, "a-z0-9"))


def word_runs(folded: str, ascii_class: str) -> list[str]:
    """The runs of ``folded`` text made of the ASCII characters of the regex class ``ascii_class``
    and of letters, digits and marks of non-Latin scripts; anything else separates runs.

    A Latin letter that folding left non-ASCII ('ø', 'æ') separates, as it always has.
    """
    if not folded.isascii():
        folded = "".join(c if c.isascii() or _non_latin_letter(c) else " " for c in folded)
    return re.findall(rf"(?:[{ascii_class}]|[^\x00-\x7f])+", folded)


@lru_cache(maxsize=4096)
def _non_latin_letter(char: str) -> bool:
    # marks too: Devanagari and Arabic words hold vowel signs between their letters
    word_char = char.isalnum() or unicodedata.category(char).startswith("M")
    # spacing modifier letters ("ʼ", "ˆ") go with Latin text: NFKD leaves them from "ŉ"
    modifier = "\u02b0" <= char <= "\u02ff"
    return word_char and not modifier and not unicodedata.name(char, "LATIN").startswith("LATIN")
