"""SSSOM/TSV mapping files: the curated set, reading, appending atomically."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import URIRef

from mgi_graph.locator.sssom import (
    COLUMNS,
    Mapping,
    SssomError,
    append_mappings,
    create_mapping_set,
    read_mapping_set,
    read_mapping_sets,
    wikidata_ids,
)

CURATED = Path(__file__).resolve().parents[1] / "data" / "links" / "wikidata.sssom.tsv"


def test_curated_set_holds_exactly_the_verified_ids() -> None:
    mapping_set = read_mapping_set(CURATED)
    assert mapping_set.curie_map["mgi"] == "https://w3id.org/mgi/"
    assert mapping_set.curie_map["wd"] == "http://www.wikidata.org/entity/"
    assert {k: v for k, v in wikidata_ids([mapping_set]).items()} == {
        URIRef("https://w3id.org/mgi/country/co"): "Q739",
        URIRef("https://w3id.org/mgi/country/cl"): "Q298",
        URIRef("https://w3id.org/mgi/country/ar"): "Q414",
        URIRef("https://w3id.org/mgi/country/pe"): "Q419",
        URIRef("https://w3id.org/mgi/place/co/medellin"): "Q48278",
        URIRef("https://w3id.org/mgi/place/pe/lima"): "Q2868",
        URIRef("https://w3id.org/mgi/org/int/international-organization-for-migration"): "Q472311",
    }
    assert all(m.mapping_justification == "semapv:ManualMappingCuration" for m in mapping_set.mappings)
    header = next(line for line in CURATED.read_text("utf-8").splitlines() if not line.startswith("#"))
    assert tuple(header.split("\t")) == COLUMNS


def test_wikidata_ids_follow_the_base() -> None:
    ids = wikidata_ids(read_mapping_sets(CURATED.parent), base="https://example.org/mgi/")
    assert ids[URIRef("https://example.org/mgi/country/co")] == "Q739"


def test_append_keeps_the_file_and_skips_known_rows(tmp_path: Path) -> None:
    path = tmp_path / "wikidata.sssom.tsv"
    shutil.copy(CURATED, path)
    before = path.read_text("utf-8")
    new = Mapping("mgi:place/co/bucaramanga", "skos:exactMatch", "wd:Q1", "semapv:LexicalMatching",
                  subject_label="Bucaramanga", confidence=0.7, creator_id="mgi:agent/test", mapping_date="2026-01-01")
    known = Mapping("mgi:country/co", "skos:exactMatch", "wd:Q739", "semapv:MappingChaining")
    assert append_mappings(path, [new, known, new]) == 1
    after = path.read_text("utf-8")
    assert after.startswith(before)
    assert after[len(before):] == (
        "mgi:place/co/bucaramanga\tBucaramanga\tskos:exactMatch\twd:Q1\t\tsemapv:LexicalMatching\t0.7\t"
        "mgi:agent/test\t2026-01-01\n")
    assert append_mappings(path, [new]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["wikidata.sssom.tsv"]  # no temporary file left


def test_create_then_append(tmp_path: Path) -> None:
    path = tmp_path / "links" / "new.sssom.tsv"
    create_mapping_set(path, "https://w3id.org/mgi/mappings/new.sssom.tsv", "test")
    assert read_mapping_set(path).mappings == ()
    append_mappings(path, [Mapping("mgi:country/co", "skos:exactMatch", "wd:Q739", "semapv:ManualMappingCuration")])
    assert wikidata_ids([read_mapping_set(path)]) == {URIRef("https://w3id.org/mgi/country/co"): "Q739"}


def test_a_row_without_object_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.sssom.tsv"
    path.write_text("#curie_map:\n#  wd: http://www.wikidata.org/entity/\n" + "\t".join(COLUMNS) + "\n"
                    "mgi:country/co\tColombia\tskos:exactMatch\t\t\tsemapv:ManualMappingCuration\t1\t\t\n",
                    encoding="utf-8")
    with pytest.raises(SssomError, match=r"bad\.sssom\.tsv:4: missing object_id"):
        read_mapping_set(path)
