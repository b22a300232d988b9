"""The interface's words in the reader's language: gettext catalogues (``locale/<lang>.po``).

The ``.po`` files are the source (edited by translators, checked by
tests/test_web_i18n.py against the strings the templates use); they are compiled
in memory with Babel when first needed, so a fresh clone needs no build step.
"""

from __future__ import annotations

import gettext
from functools import cache
from importlib.resources import files
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from mgi_graph.languages import LANGUAGES

SOURCE_LANGUAGE = "en"


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The translations into ``language`` (English, the source language, translates to itself)."""
    if language not in LANGUAGES or language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    po = files("mgi_graph.server") / "locale" / f"{language}.po"
    with po.open("rb") as handle:
        messages = read_po(handle, locale=language)
    compiled = BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def translate(language: str, message: str) -> str:
    return catalogue(language).gettext(message)


def translate_plural(language: str, singular: str, plural: str, n: int) -> str:
    return catalogue(language).ngettext(singular, plural, n)
