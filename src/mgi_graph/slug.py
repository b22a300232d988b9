"""ASCII slugs for IRIs and profile ids."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents: 'Medellín' -> 'medellin'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def slugify(text: str) -> str:
    """'Monte Patria' -> 'monte-patria'; 'Mayor's Office of Medellín' -> 'mayors-office-of-medellin'."""
    folded = fold(text).replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
