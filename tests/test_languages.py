"""Languages are data: folding keeps any script's letters, and a language added to the
lexicon files alone (no Python change) is parsed and extracted (docs/adding-a-language.md)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from mgi_graph.errors import ProfileParseError
from mgi_graph.extract import extract_mentions
from mgi_graph.model import Profile
from mgi_graph.parse import parse_profile
from mgi_graph.parse.text import heading_key
from mgi_graph.packaged import resource_dir
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


TOY = Path(__file__).parent / "fixtures" / "toy-language"


def _merge(into: Any, more: Any) -> Any:
    """``more`` merged into ``into``: tables merged key by key, lists extended."""
    if isinstance(into, dict) and isinstance(more, dict):
        return {**into, **{key: _merge(into.get(key), value) for key, value in more.items()}}
    if isinstance(into, list) and isinstance(more, list):
        return into + more
    return more


@pytest.fixture(scope="module")
def italian_lexicon(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged lexicon with the toy language's files added, in a folder of its own."""
    folder = tmp_path_factory.mktemp("lexicon")
    for packaged in resource_dir("lexicon").iterdir():
        (folder / packaged.name).write_text(packaged.read_text("utf-8"), "utf-8")
    for addition in TOY.glob("*.tsv"):
        target = folder / addition.name
        assert target.exists(), f"{addition.name}: no packaged lexicon file of that name"
        target.write_text(target.read_text("utf-8") + addition.read_text("utf-8"), "utf-8")
    merged = _merge(json.loads((folder / "parse.json").read_text("utf-8")), json.loads((TOY / "parse.json").read_text("utf-8")))
    (folder / "parse.json").write_text(json.dumps(merged, ensure_ascii=False), "utf-8")
    return folder


@pytest.fixture(scope="module")
def italian_profile(italian_lexicon: Path) -> Profile:
    parsed = parse_profile((TOY / "profile.txt").read_text("utf-8"), source="profile.txt", lexicon_dir=italian_lexicon)
    return extract_mentions(parsed, lexicon_dir=italian_lexicon)


def test_the_packaged_lexicon_does_not_know_the_toy_language() -> None:
    with pytest.raises(ProfileParseError, match="unknown language"):
        parse_profile((TOY / "profile.txt").read_text("utf-8"), source="profile.txt")


def test_a_language_added_as_data_is_parsed(italian_profile: Profile) -> None:
    profile = italian_profile
    assert (profile.language, profile.level, profile.entity, profile.place, profile.country, profile.published) == (
        "it", "local", "Comune di Torino", "Torino", "IT", "2023-01",
    )
    assert [(f.domain, f.polarity) for f in profile.findings] == [
        ("migrants-rights", "well-developed"),
        ("migrants-rights", "potential"),
        ("whole-of-government", "well-developed"),
    ]


def _mentions(profile: Profile) -> list[tuple[list[tuple[str, str, str]], list[tuple[str, str, int | None]]]]:
    return [
        ([(i.name, i.kind, i.scope) for i in f.institutions], [(i.surface, i.kind, i.year) for i in f.instruments])
        for f in profile.findings
    ]


def test_a_language_added_as_data_is_extracted(italian_profile: Profile) -> None:
    assert _mentions(italian_profile) == [
        ([("Ufficio per l'Integrazione dei Migranti", "government", "local")], []),
        ([], [("Piani di Zona 2021-2023", "plan", 2021)]),  # a plural head, by the toy plural rule
        (
            [
                ("Comune di Torino", "government", "local"),  # the toy language's "of"
                ("Organizzazione Internazionale per le Migrazioni", "international", "international"),
            ],
            [],
        ),
    ]


def test_the_packaged_extract_lexicon_finds_nothing_in_the_toy_language(italian_profile: Profile) -> None:
    bare = replace(italian_profile, findings=tuple(replace(f, institutions=(), instruments=()) for f in italian_profile.findings))
    assert _mentions(extract_mentions(bare)) == [([], []), ([], []), ([], [])]
