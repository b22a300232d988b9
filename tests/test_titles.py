"""A profile title is tagged with its own language, not the page furniture's or the findings'.

Lima's page furniture is French and Bucaramanga's and Monte Patria's English, but their
titles are Spanish; in two parse cases the title's language differs from the findings'.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Literal
from rdflib.namespace import DCTERMS

from mgi_graph.iris import Iris
from mgi_graph.parse import read_profile
from mgi_graph.packaged import resource_dir
from mgi_graph.query.store import open_dataset

TESTS = Path(__file__).parent
PROFILES = TESTS.parent / "data" / "profiles"
CASES = TESTS / "cases" / "parse" / "ok"

# Read from each seed's title by hand; None: the page has no title line.
SEED_TITLE_LANGUAGES = {
    "ar-quilmes-2022": None,
    "cl-monte-patria-2024": "es",
    "co-bucaramanga-2022": "es",
    "co-medellin-2022": "en",
    "pe-lima-2022": "es",
}

# Parse cases whose title is in another language than their findings (or their furniture).
CASE_TITLE_LANGUAGES = {
    "en-chrome-stray-bullets-back-to-top": "en",  # "Migration Governance Profile: Municipio de ...", findings es
    "es-chrome-en-findings": "es",  # "Perfil de Gobernanza de la Migración: ...", findings en
    "fr-commune": "fr",
    "pt-municipio": "pt",
}


@pytest.fixture(scope="module")
def dataset(dist: Path) -> Dataset:
    return open_dataset(dist)


@pytest.mark.parametrize("seed", sorted(SEED_TITLE_LANGUAGES))
def test_seed_title_is_tagged_with_its_own_language(seed: str, dataset: Dataset) -> None:
    titles = list(dataset.objects(Iris().profile(seed), DCTERMS.title))
    expected = SEED_TITLE_LANGUAGES[seed]
    if expected is None:
        assert titles == []
        return
    assert len(titles) == 1 and isinstance(titles[0], Literal)
    assert titles[0].language == expected, f"{titles[0]!r}"


@pytest.mark.parametrize("seed", sorted(SEED_TITLE_LANGUAGES))
def test_seed_title_language_parsed(seed: str) -> None:
    assert read_profile(PROFILES / f"{seed}.txt").title_language == SEED_TITLE_LANGUAGES[seed]


@pytest.mark.parametrize("case", sorted(CASE_TITLE_LANGUAGES))
def test_case_title_language_is_neither_furniture_nor_findings_by_default(case: str) -> None:
    profile = read_profile(CASES / case / "profile.txt")
    assert profile.title_language == CASE_TITLE_LANGUAGES[case]


def test_every_language_has_title_phrases() -> None:
    raw = json.loads((resource_dir("lexicon") / "parse.json").read_text("utf-8"))
    assert set(raw["title_prefixes"]) == set(raw["languages"])
    assert all(raw["title_prefixes"][lang] for lang in raw["languages"])
