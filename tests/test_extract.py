"""Extraction of the institutions and instruments findings mention (gold/GUIDELINE.md)."""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from mgi_graph.extract import extract_mentions
from mgi_graph.extract.finding import FindingExtractor
from mgi_graph.extract.heads import head_finder
from mgi_graph.extract.identity import identify_institution, identify_instrument
from mgi_graph.extract.lexicon import load_lexicon
from mgi_graph.extract.score import normalise, score
from mgi_graph.model import Finding, Institution, Profile
from mgi_graph.parse import read_profile

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "data" / "profiles"
GOLD = Path(__file__).parent / "gold"
CASES = json.loads((Path(__file__).parent / "extract_cases.json").read_text("utf-8"))["cases"]
LEXICON = ROOT / "src" / "mgi_graph" / "lexicon"


@lru_cache(maxsize=None)
def extracted(name: str) -> Profile:
    return extract_mentions(read_profile(PROFILES / f"{name}.txt"))


def finding(name: str, position: int) -> Finding:
    return next(f for f in extracted(name).findings if f.position == position)


def names(found: Finding) -> list[str]:
    return [i.name for i in found.institutions]


def made_up(case: dict[str, Any]) -> Profile:
    findings = tuple(Finding(i + 1, "partnerships", "well-developed", text) for i, text in enumerate(case["findings"]))
    return Profile(source="case", sha256="0" * 64, title=None, entity=case["entity"], level="local",
                   place=case["place"], published="2024-01", language=case["language"],
                   chrome_language=case["language"], findings=findings, country=case["country"])


# -- against the gold -----------------------------------------------------------

@pytest.mark.parametrize("name", ["co-medellin-2022", "cl-monte-patria-2024"])
def test_gold_precision_and_recall_floors(name: str) -> None:
    gold = json.loads((GOLD / f"{name}.json").read_text("utf-8"))["findings"]
    profile = extracted(name)
    institutions = score(
        [[i.name, i.surface] for f in profile.findings for i in f.institutions],
        [[i["canonical"], i["surface"]] for f in gold for i in f["institutions"]],
    )
    instruments = score(
        [[i.surface] for f in profile.findings for i in f.instruments],
        [[i["surface"]] for f in gold for i in f["instruments"]],
    )
    assert institutions.precision >= 0.90 and institutions.recall >= 0.90, institutions
    assert instruments.precision >= 0.80 and instruments.recall >= 0.80, instruments


@pytest.mark.parametrize("name", ["co-medellin-2022", "cl-monte-patria-2024"])
def test_kinds_and_years_agree_with_the_gold(name: str) -> None:
    gold = {f["position"]: f for f in json.loads((GOLD / f"{name}.json").read_text("utf-8"))["findings"]}
    for found in extracted(name).findings:
        expected = gold[found.position]
        theirs = {normalise(i["canonical"]): i["kind"] for i in expected["institutions"]}
        ours = {normalise(i.name): i.kind for i in found.institutions}
        for key in ours.keys() & theirs.keys():
            assert ours[key] == theirs[key], (found.position, key)
        instruments = {normalise(i["surface"]): (i["kind"], i["year"]) for i in expected["instruments"]}
        for instrument in found.instruments:
            if normalise(instrument.surface) in instruments:
                assert (instrument.kind, instrument.year) == instruments[normalise(instrument.surface)], instrument


# -- the development set (tests/dev/): annotated without looking at the extractor ----------

# Totals reached on the dev set when it was built, rounded down to 0.05: a change
# that drops below them has made extraction worse on text it was not written for.
DEV_FLOORS = {"institutions": (0.95, 0.95, 0.95), "instruments": (0.95, 0.95, 0.95)}
# The held-out sets were measured blind first (README), then used to fix general error
# classes; these floors (rounded down to 0.05) keep those fixes from regressing.
HELDOUT_FLOORS = {
    "heldout": {"institutions": (0.95, 0.95, 0.95), "instruments": (0.95, 0.95, 0.95)},
    "heldout2": {"institutions": (0.95, 0.90, 0.95), "instruments": (0.95, 0.95, 0.95)},
}


def benchmark() -> ModuleType:
    """benchmarks/extraction.py, which loads and scores the dev set (it is a script, not a package)."""
    name = "mgi_extraction_benchmark"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "extraction.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_dev_set_totals_stay_at_their_floors() -> None:
    bench = benchmark()
    institutions, instruments = bench.totals(bench.evaluate_set("dev"))
    for what, found in (("institutions", institutions), ("instruments", instruments)):
        p, r, f1 = DEV_FLOORS[what]
        assert found.precision >= p and found.recall >= r and found.f1 >= f1, (what, found)


@pytest.mark.parametrize("name", sorted(HELDOUT_FLOORS))
def test_held_out_set_totals_stay_at_their_floors(name: str) -> None:
    bench = benchmark()
    institutions, instruments = bench.totals(bench.evaluate_set(name))
    for what, found in (("institutions", institutions), ("instruments", instruments)):
        p, r, f1 = HELDOUT_FLOORS[name][what]
        assert found.precision >= p and found.recall >= r and found.f1 >= f1, (name, what, found)


def test_dev_set_covers_the_languages_and_levels_it_claims() -> None:
    unseen = json.loads((ROOT / "tests" / "dev" / "unseen.json").read_text("utf-8"))
    counts: dict[tuple[str, str], int] = {}
    for group in unseen["profiles"]:
        key = (group["profile"]["language"], group["profile"]["level"])
        counts[key] = counts.get(key, 0) + len(group["findings"])
    assert sum(n for (lang, _), n in counts.items() if lang == "fr") == 12
    assert sum(n for (lang, _), n in counts.items() if lang == "pt") == 12
    assert counts[("en", "national")] == 8 and counts[("es", "national")] == 8


def test_dev_surfaces_occur_in_their_findings() -> None:
    unseen = json.loads((ROOT / "tests" / "dev" / "unseen.json").read_text("utf-8"))
    for group in unseen["profiles"]:
        for f in group["findings"]:
            for mention in f["institutions"] + f["instruments"]:
                assert mention["surface"] in f["text"], (group["id"], f["position"], mention["surface"])


# -- names and identity ------------------------------------------------------------

def test_mayors_office_surfaces_share_one_canonical_name() -> None:
    surfaces = {i.surface for f in extracted("co-medellin-2022").findings for i in f.institutions
                if i.name == "Mayor's Office of Medellín"}
    assert {"Mayor's Office of Medellín", "Mayor's Office of Medellin", "Mayor\u2019s Office"} <= surfaces


def test_abbreviation_defined_in_one_finding_resolves_in_another() -> None:
    defined, used = finding("ar-quilmes-2022", 30), finding("ar-quilmes-2022", 31)
    assert "National Migration Directorate" in names(defined)
    dnm = next(i for i in used.institutions if i.surface == "DNM")
    assert (dnm.name, dnm.scope) == ("National Migration Directorate", "national")


def _full_second_pass(profile: Profile) -> Profile:
    """extract_mentions as it was: the second pass redoes every finding."""
    lexicon = load_lexicon()
    texts = [f.text for f in profile.findings]
    tokens = [lexicon.tokenizer.tokenize(t) for t in texts]
    definitions: dict[str, Any] = {}
    first = FindingExtractor(profile, head_finder(profile.language), {})
    for text, words in zip(texts, tokens):
        for acronym, mention in first.extract(text, words).definitions.items():
            definitions.setdefault(acronym, mention)
    second = FindingExtractor(profile, head_finder(profile.language), definitions)
    found = [second.extract(text, words) for text, words in zip(texts, tokens)]
    heads = head_finder(profile.language)
    return replace(profile, findings=tuple(
        replace(f, institutions=tuple(identify_institution(i, lexicon) for i in one.institutions),
                instruments=tuple(identify_instrument(i, profile, heads) for i in one.instruments))
        for f, one in zip(profile.findings, found)))


def test_second_pass_redoes_only_findings_that_hold_an_abbreviation(monkeypatch: pytest.MonkeyPatch) -> None:
    profile = made_up({"entity": "Municipality of Rivertown", "place": "Rivertown", "language": "en",
                       "country": "US", "findings": [
                           "The National Statistics Office (NSO) publishes migration data.",
                           "The Municipality runs a Migrant Help Desk.",
                           "The NSO trains the staff of the Help Desk."]})
    calls: list[str] = []
    extract = FindingExtractor.extract
    monkeypatch.setattr(FindingExtractor, "extract", lambda self, text, *rest: calls.append(text) or extract(
        self, text, *rest))
    done = extract_mentions(profile)
    # the first finding holds its own definition "(NSO)"; the second never names the NSO
    assert calls == [f.text for f in profile.findings] + [profile.findings[0].text, profile.findings[2].text]
    nso = next(i for i in done.findings[2].institutions if i.surface == "NSO")
    assert nso.name == "National Statistics Office"


@pytest.mark.parametrize("name", sorted(p.stem for p in PROFILES.glob("*.txt")))
def test_second_pass_on_some_findings_finds_what_a_full_second_pass_finds(name: str) -> None:
    assert extracted(name) == _full_second_pass(read_profile(PROFILES / f"{name}.txt"))


@pytest.mark.parametrize("which", ["dev", "heldout", "heldout2"])
def test_second_pass_on_some_findings_agrees_on_the_annotated_sets(which: str) -> None:
    for _, _, profile in benchmark().annotated_profiles(which):
        assert profile == _full_second_pass(replace(profile, findings=tuple(
            replace(f, institutions=(), instruments=()) for f in profile.findings)))


def test_nested_names_yield_both_bodies_with_the_parent() -> None:
    found = finding("co-medellin-2022", 4)
    group = next(i for i in found.institutions if i.name == "Special Group for Ethnic and Migrant Affairs")
    assert group.parent == "Medellín Ombudsman's Office"
    assert "Medellín Ombudsman's Office" in names(found)


@pytest.mark.parametrize(("name", "position", "surface", "canonical"), [
    ("co-medellin-2022", 34, "Mayor\u2019s Office", "Mayor's Office of Medellín"),
    ("cl-monte-patria-2024", 15, "Municipalidad", "Municipalidad de Monte Patria"),
    ("co-bucaramanga-2022", 19, "Alcaldía", "Alcaldía de Bucaramanga"),
    ("ar-quilmes-2022", 3, "Municipality", "Municipality of Quilmes"),
    ("pe-lima-2022", 29, "Municipalidad de Lima", "Municipalidad Metropolitana de Lima"),
])
def test_short_forms_resolve_to_the_profiles_own_local_government(
    name: str, position: int, surface: str, canonical: str
) -> None:
    found = finding(name, position)
    assert any(i.surface == surface and i.name == canonical and i.scope == "local" for i in found.institutions)


def test_lower_case_municipality_is_not_an_institution() -> None:
    found = finding("ar-quilmes-2022", 5)  # "The municipality of Quilmes and the National Institute ..."
    assert names(found) == ["National Institute against Discrimination, Xenophobia and Racism"]


def test_international_aliases_get_the_profiles_language() -> None:
    assert "Naciones Unidas" in names(finding("cl-monte-patria-2024", 15))
    mercocities = next(i for i in finding("ar-quilmes-2022", 14).institutions if i.surface == "Mercocities Network")
    assert (mercocities.kind, mercocities.scope) == ("network", "international")


def test_extract_mentions_returns_a_copy() -> None:
    profile = read_profile(PROFILES / "co-medellin-2022.txt")
    stripped = replace(profile, findings=tuple(replace(f, institutions=(), instruments=()) for f in profile.findings))
    result = extract_mentions(stripped)
    assert all(not f.institutions for f in stripped.findings)
    assert any(f.institutions for f in result.findings)
    assert [f.text for f in result.findings] == [f.text for f in stripped.findings]


# -- generalisation: made-up findings in four languages -------------------------------

@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_unseen_findings(case: dict[str, Any]) -> None:
    profile = extract_mentions(made_up(case))
    institutions = {(i.name, i.kind, i.scope, i.parent) for f in profile.findings for i in f.institutions}
    instruments = {(i.surface, i.kind, i.year) for f in profile.findings for i in f.instruments}
    assert institutions == {tuple(i) for i in case["institutions"]}
    assert instruments == {tuple(i) for i in case["instruments"]}


def test_cases_cover_four_languages() -> None:
    assert {c["language"] for c in CASES} == {"en", "es", "fr", "pt"}


def test_french_and_portuguese_sentences() -> None:
    fr = extract_mentions(made_up({
        "entity": "Commune de Tivaouane", "place": "Tivaouane", "country": "SN", "language": "fr",
        "findings": ["Le Bureau d'Accueil des Migrants met en œuvre le Programme Vivre Ensemble (2020)."],
    })).findings[0]
    assert names(fr) == ["Bureau d'Accueil des Migrants"]
    assert [(i.surface, i.kind, i.year) for i in fr.instruments] == [("Programme Vivre Ensemble", "programme", 2020)]
    pt = extract_mentions(made_up({
        "entity": "Município de Belo Horizonte", "place": "Belo Horizonte", "country": "BR", "language": "pt",
        "findings": ["O Centro de Referência para Refugiados executa a Lei Municipal 11.000 de 2016."],
    })).findings[0]
    assert names(pt) == ["Centro de Referência para Refugiados"]
    assert [(i.surface, i.kind, i.year) for i in pt.instruments] == [("Lei Municipal 11.000 de 2016", "law", 2016)]


# -- the method is data, not seed names ----------------------------------------------------

def annotated_findings() -> list[dict[str, Any]]:
    """Every annotated finding of the gold and the dev set."""
    found = []
    for path in [*GOLD.glob("*.json"), *(ROOT / "tests" / "dev").glob("*.json")]:
        data = json.loads(path.read_text("utf-8"))
        groups = data.get("profiles", [data])  # unseen.json groups findings by made-up profile
        found += [f for group in groups for f in group["findings"]]
    return found


def test_no_seed_institution_names_outside_the_alias_table() -> None:
    """Seed and dev-set bodies must be found by rules: only international ones may be listed, as aliases."""
    gold_names = {
        normalise(i["canonical"])
        for f in annotated_findings()
        for i in f.get("institutions", [])
        if i["kind"] not in ("international", "network")
    }
    sources = [*LEXICON.glob("extract-*"), *(ROOT / "src" / "mgi_graph" / "extract").glob("*.py")]
    sources = [p for p in sources if p.name != "extract-aliases.tsv"]
    text = "\n".join(normalise(p.read_text("utf-8")) for p in sources)
    assert [n for n in gold_names if len(n.split()) > 1 and n in text] == []


def test_a_names_alias_key_is_its_tokens_keys_joined() -> None:
    """What lets the alias search grow a key a token at a time (finding.py)."""
    lexicon = load_lexicon()
    texts = [f.text for p in sorted(PROFILES.glob("*.txt")) for f in read_profile(p).findings]
    texts += [f["text"] for f in annotated_findings() if "text" in f] + ["Haut-Commissariat des Nations unies pour l'enfance et l’UNICEF", "l' OIM « Ville » — Red-Cross"]
    for text in texts:
        tokens = lexicon.tokenizer.tokenize(text)
        keys = [lexicon.alias_key(t.text) for t in tokens]
        for i in range(len(tokens)):
            for end in range(i + 1, min(len(tokens), i + lexicon.longest_alias) + 1):
                joined = lexicon.alias_key(" ".join(t.text for t in tokens[i:end]))
                assert joined == " ".join(k for k in keys[i:end] if k), (text, i, end)


def test_alias_table_rows_are_well_formed() -> None:
    lexicon = load_lexicon()
    for alias in {id(a): a for a in lexicon.aliases.values()}.values():
        assert "en" in alias.labels, alias.key
        assert alias.kind in ("international", "network"), alias.key


def test_institution_model_defaults() -> None:
    assert Institution("x", "x", "government").scope == "local"
