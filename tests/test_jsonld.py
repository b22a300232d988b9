"""JSON-LD a JSON programmer can use without RDF: short keys only, plain values,
JSON numbers and booleans, language maps, one shape per kind of node; and it
still expands (pyld, pyoxigraph) to exactly the triples of the N-Triples dump."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from pyld import jsonld
from seeds import SEED_IDS

DOCUMENTS = ["mgi.jsonld", *(f"profiles/{i}.jsonld" for i in SEED_IDS)]


def _walk(node: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k != "@context":
                yield k, v
                yield from _walk(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v, key)


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "id" in node:
            yield node
        for k, v in node.items():
            if k != "@context":
                yield from _objects(v)
    elif isinstance(node, list):
        for v in node:
            yield from _objects(v)


def _nt_lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip()}


def _canonical(data: bytes, fmt: ox.RdfFormat) -> set[str]:
    return {f"{q.subject} {q.predicate} {q.object} ." for q in ox.parse(data, format=fmt)}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_prefixed_key_and_no_value_object(dist: Path, name: str) -> None:
    document = json.loads((dist / name).read_text("utf-8"))
    keys = {k for k, _ in _walk(document)}
    assert not {k for k in keys if ":" in k}, sorted(k for k in keys if ":" in k)
    assert not {k for k in keys if k.startswith("@")}, sorted(k for k in keys if k.startswith("@"))


@pytest.mark.parametrize("name", DOCUMENTS)
def test_numbers_and_booleans_are_json_natives(dist: Path, name: str) -> None:
    document = json.loads((dist / name).read_text("utf-8"))
    for key, value in _walk(document):
        if key == "position":
            assert isinstance(value, int)
        if key == "countryInferred":
            assert isinstance(value, bool)


def test_the_same_kind_of_node_has_the_same_shape_everywhere(dist: Path) -> None:
    document = json.loads((dist / "mgi.jsonld").read_text("utf-8"))
    shapes: dict[str, dict[str, set[str]]] = {}
    for node in _objects(document):
        kind = " ".join(node.get("type", []))
        for key, value in node.items():
            shapes.setdefault(kind, {}).setdefault(key, set()).add(type(value).__name__)
    for node in _objects(document):
        for values in node.get("altLabel", {}).values():
            assert isinstance(values, list)  # several other names in one language are common
    mixed = {(kind, key): types for kind, keys in shapes.items() for key, types in keys.items() if len(types) > 1}
    assert not mixed, mixed


def test_profile_finding_institution_place_read_as_plain_json(dist: Path) -> None:
    document = json.loads((dist / "mgi.jsonld").read_text("utf-8"))
    medellin = next(p for p in document["profiles"] if p["identifier"] == "co-medellin-2022")
    assert medellin["issued"] == "2022-09" and medellin["countryInferred"] is False
    place = medellin["place"]
    assert place["name"] == "Medellín" and place["geonamesId"] == "3674962"
    assert place["geo"]["latitude"] == "6.245"
    country = place["containedInPlace"]["containedInPlace"]
    assert country["iso3166Alpha2"] == "CO" and country["names"]["es"] == "Colombia"
    finding = medellin["findings"][0]
    assert finding["position"] == 1 and finding["text"]["en"].startswith("Health care")
    mentioned = [m for f in medellin["findings"] for m in f.get("mentions", [])]
    institutions = [m for m in mentioned if "org:Organization" in m["type"]]
    assert institutions and all(isinstance(i["prefLabel"]["en"], str) for i in institutions if "en" in i["prefLabel"])


@pytest.mark.parametrize("name", DOCUMENTS)
def test_pyld_expands_each_document_to_exactly_its_ntriples(dist: Path, name: str) -> None:
    document = json.loads((dist / name).read_text("utf-8"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    theirs = _canonical(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS)
    if name == "mgi.jsonld":
        expected = _canonical((dist / "mgi.nt").read_bytes(), ox.RdfFormat.N_TRIPLES)
    else:
        expected = _canonical((dist / name.replace(".jsonld", ".ttl")).read_bytes(), ox.RdfFormat.TURTLE)
    assert theirs == expected, (sorted(expected - theirs)[:5], sorted(theirs - expected)[:5])


def test_pyoxigraph_reads_the_jsonld_as_the_ntriples_dump(dist: Path) -> None:
    assert _canonical((dist / "mgi.jsonld").read_bytes(), ox.RdfFormat.JSON_LD) == _canonical(
        (dist / "mgi.nt").read_bytes(), ox.RdfFormat.N_TRIPLES)


JSONLD_JS = Path(__file__).resolve().parents[1] / ".ci" / "node" / "node_modules" / "jsonld"
TO_RDF = """
const jsonld = require(process.argv[1]);
const doc = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
jsonld.toRDF(doc, {format: "application/n-quads"}).then((nquads) => process.stdout.write(nquads));
"""


def test_jsonld_js_expands_the_dump_to_exactly_the_ntriples(dist: Path) -> None:
    import os
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None or not JSONLD_JS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"node or jsonld.js missing in CI ({JSONLD_JS}); .ci/run installs them")
        pytest.skip(f"needs node and jsonld.js: npm install --prefix .ci/node jsonld@8 (looked in {JSONLD_JS})")
    done = subprocess.run([node, "-e", TO_RDF, str(JSONLD_JS), str(dist / "mgi.jsonld")],
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert _canonical(done.stdout, ox.RdfFormat.N_QUADS) == _canonical(
        (dist / "mgi.nt").read_bytes(), ox.RdfFormat.N_TRIPLES)
