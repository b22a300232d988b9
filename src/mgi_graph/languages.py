"""The languages mgi-graph supports: the ``languages`` of the lexicon (``lexicon/parse.json``).

A language is a data change (docs/adding-a-language.md): the parser reads the list with the
rest of its lexicon, and every other stage (country and currency names, Wikidata labels,
table titles, the web pages) takes it from here rather than spelling it
(tests/test_supported_languages.py fails when a module spells it).
"""

from __future__ import annotations

import json
from functools import cache

from mgi_graph.packaged import resource_dir

__all__ = ["LANGUAGES", "language_name"]

LEXICON_FILE = "parse.json"


def _lexicon_languages() -> tuple[str, ...]:
    lexicon = json.loads((resource_dir("lexicon") / LEXICON_FILE).read_text("utf-8"))
    return tuple(lexicon["languages"])


LANGUAGES: tuple[str, ...] = _lexicon_languages()


@cache
def language_name(code: str) -> str:
    """The language's name in itself, capitalised as a menu item ("Español"), from CLDR."""
    from babel import Locale  # only the web pages name languages

    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]
