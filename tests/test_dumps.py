"""Dumps: complete, checksummed, deterministic, and read back the same by
implementations independent of rdflib (pyoxigraph, pyld)."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import XSD
from seeds import PROFILES, SEED_IDS

from mgi_graph.iris import Iris
from mgi_graph.graph import merged_graph
from mgi_graph.pipeline import find_profiles, run_build


def _rdflib_term(term: object) -> object:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = None if term.datatype.value == str(XSD.string) else URIRef(term.datatype.value)
    return Literal(term.value, datatype=datatype)


def _oxigraph_dataset(data: bytes, fmt: ox.RdfFormat) -> Dataset:
    dataset = Dataset()
    for quad in ox.parse(data, format=fmt):
        graph = dataset.default_graph if isinstance(quad.graph_name, ox.DefaultGraph) else dataset.graph(
            URIRef(quad.graph_name.value))
        graph.add((_rdflib_term(quad.subject), _rdflib_term(quad.predicate), _rdflib_term(quad.object)))
    return dataset


def _assert_same(expected: Graph, actual: Graph) -> None:
    if not isomorphic(expected, actual):
        _both, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        missing = sorted(only_expected.serialize(format="nt").splitlines())[:10]
        extra = sorted(only_actual.serialize(format="nt").splitlines())[:10]
        pytest.fail(f"graphs differ\nmissing: {missing}\nextra: {extra}")


@pytest.fixture(scope="module")
def reference(dist: Path) -> Dataset:
    dataset = Dataset()
    dataset.parse(data=gzip.decompress((dist / "mgi.nq.gz").read_bytes()).decode(), format="nquads")
    return dataset


def test_every_dump_is_written(dist: Path) -> None:
    names = {p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file()}
    expected = {"mgi.nq.gz", "mgi.nt", "mgi.ttl", "mgi.jsonld", "context.jsonld", "void.ttl", "SHA256SUMS"}
    expected |= {".mgi-graph"}  # what the build wrote, so a later build deletes nothing else (outfolder)
    expected |= {f"profiles/{i}.{ext}" for i in SEED_IDS for ext in ("ttl", "jsonld")}
    assert {n for n in names if not n.startswith("tables/") and n != "datapackage.json"} == expected


def test_checksums_match_the_files(dist: Path) -> None:
    lines = (dist / "SHA256SUMS").read_text().splitlines()
    # Every file but the list itself and the marker of what the build wrote (written after it).
    assert len(lines) == len([p for p in dist.rglob("*") if p.is_file() and p.name not in ("SHA256SUMS", ".mgi-graph")])
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest


def test_named_graphs_are_one_per_profile_plus_shared_ones(reference: Dataset) -> None:
    names = {str(g.identifier) for g in reference.graphs() if len(g)}
    base = Iris().base
    assert {base + f"graph/{i}" for i in SEED_IDS} <= names
    assert base + "graph/vocabulary" in names and base + "graph/provenance" in names


def test_oxigraph_reads_the_nquads_as_rdflib_does(dist: Path, reference: Dataset) -> None:
    data = gzip.decompress((dist / "mgi.nq.gz").read_bytes())
    theirs = _oxigraph_dataset(data, ox.RdfFormat.N_QUADS)
    for graph in reference.graphs():
        if len(graph):
            _assert_same(graph, theirs.graph(graph.identifier))


@pytest.mark.parametrize(("name", "fmt"), [
    ("mgi.ttl", ox.RdfFormat.TURTLE),
    ("mgi.nt", ox.RdfFormat.N_TRIPLES),
    ("mgi.jsonld", ox.RdfFormat.JSON_LD),
])
def test_oxigraph_reads_each_merged_dump_as_the_whole_graph(dist: Path, reference: Dataset, name: str,
                                                             fmt: ox.RdfFormat) -> None:
    theirs = _oxigraph_dataset((dist / name).read_bytes(), fmt)
    _assert_same(merged_graph(reference), theirs.default_graph)


def test_pyld_expands_the_nested_jsonld_to_the_whole_graph(dist: Path, reference: Dataset) -> None:
    document = json.loads((dist / "mgi.jsonld").read_text("utf-8"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    theirs = Graph().parse(data=nquads, format="nt")
    _assert_same(merged_graph(reference), theirs)


@pytest.mark.parametrize("profile_id", SEED_IDS)
def test_per_profile_dumps_hold_the_profile_graph(dist: Path, reference: Dataset, profile_id: str) -> None:
    expected = reference.graph(Iris().named_graph(profile_id))
    for ext, fmt in (("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD)):
        theirs = _oxigraph_dataset((dist / "profiles" / f"{profile_id}.{ext}").read_bytes(), fmt)
        _assert_same(expected, theirs.default_graph)


def test_jsonld_nests_profiles_findings_for_json_programmers(dist: Path) -> None:
    document = json.loads((dist / "mgi.jsonld").read_text("utf-8"))
    profiles = {p["identifier"]: p for p in document["profiles"]}
    assert sorted(profiles) == SEED_IDS
    medellin = profiles["co-medellin-2022"]
    first = medellin["findings"][0]
    assert first["position"] == 1
    assert first["text"]["en"].startswith("Health care for the migrant population")
    assert first["domain"] == str(Iris().domain("migrants-rights"))
    assert [f["position"] for f in medellin["findings"]] == list(range(1, 36))
    assert sum(len(p["findings"]) for p in profiles.values()) == 165


def test_void_describes_every_distribution(dist: Path) -> None:
    void = Graph().parse(dist / "void.ttl")
    facts = {
        str(o): int(void.value(d, URIRef("http://www.w3.org/ns/dcat#byteSize")))
        for d, o in void.subject_objects(URIRef("http://www.w3.org/ns/dcat#downloadURL"))
    }
    for url, size in facts.items():
        name = url.rsplit("/dumps/", 1)[1]
        assert (dist / name).stat().st_size == size
    # The four data dumps, the tables and datapackage.json; context.jsonld is metadata of
    # mgi.jsonld, not a distribution.
    assert len(facts) == 4 + len([p for p in (dist / "tables").rglob("*") if p.is_file()]) + 1


def test_build_is_deterministic(tmp_path: Path, dist: Path) -> None:
    again = run_build(find_profiles(PROFILES), tmp_path / "again", iris=Iris()).out_dir
    for name in ("mgi.nq.gz", "mgi.nt", "mgi.ttl", "mgi.jsonld", "void.ttl", "SHA256SUMS", "datapackage.json",
                 "tables/findings.csv", "tables/csv-metadata.json"):
        assert (again / name).read_bytes() == (dist / name).read_bytes(), name


def test_dumps_hold_no_path_of_this_machine(dist: Path) -> None:
    # Two clones in different folders must build the same bytes.
    text = (dist / "mgi.nt").read_text("utf-8")
    assert str(PROFILES.parent.parent) not in text
    assert '"profiles/co-medellin-2022.txt"' in text  # relative to the profiles folder's parent
