"""ASCII slugs for IRIs and profile ids, and accent-insensitive folding."""

from __future__ import annotations

import re
import unicodedata

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


def slugify(text: str) -> str:
    """'Monte Patria' -> 'monte-patria'; 'Mayor's Office of Medellín' -> 'mayors-office-of-medellin'."""
    folded = fold(text).replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
