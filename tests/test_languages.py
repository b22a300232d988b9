"""Languages are data: folding keeps any script's letters, and a language added to the
lexicon files alone (no Python change) is parsed and extracted (docs/adding-a-language.md)."""

from __future__ import annotations

import pytest

from mgi_graph.parse.text import heading_key
from mgi_graph.slug import slugify


@pytest.mark.parametrize(
    ("text", "key", "slug"),
    [
        ("Права мигрантов:", "права мигрантов", "права-мигрантов"),
        ("Δικαιώματα μεταναστών", "δικαιωματα μεταναστων", "δικαιωματα-μεταναστων"),
        ("حقوق المهاجرين", "حقوق المهاجرين", "حقوق-المهاجرين"),
        ("移民の権利 (2022)", "移民の権利 2022", "移民の権利-2022"),
        ("प्रवासी अधिकार", "प्रवासी अधिकार", "प्रवासी-अधिकार"),
    ],
    ids=["cyrillic", "greek", "arabic", "japanese", "devanagari"],
)
def test_non_latin_letters_are_kept(text: str, key: str, slug: str) -> None:
    assert (heading_key(text), slugify(text)) == (key, slug)


@pytest.mark.parametrize(
    ("text", "key", "slug"),
    [
        ("BIENESTAR SOCIOECONÓMICO (Y LA SOCIEDAD):", "bienestar socioeconomico y la sociedad", "bienestar-socioeconomico-y-la-sociedad"),
        ("Mayor’s Office of Medellín", "mayor's office of medellin", "mayors-office-of-medellin"),
        ("Whole-of-government approach", "whole of government approach", "whole-of-government-approach"),
        ("São Tomé – Søren Ærø", "sao tome s ren r", "sao-tome-s-ren-r"),
        ("Straße «Nº 5»", "strasse no 5", "strasse-no-5"),
    ],
    ids=["spanish-caps", "curly-apostrophe", "hyphens", "unfoldable-latin", "sharp-s-and-numero"],
)
def test_latin_text_folds_as_before(text: str, key: str, slug: str) -> None:
    assert (heading_key(text), slugify(text)) == (key, slug)
