"""``dist/void.ttl`` against the DCAT-AP 3.0.1 SHACL shapes (``../shared/conformance/dcat-ap-3.0.1``).

The mandatory shapes and the 3.0.0 range shapes give no violation; the recommended ones
warn only about what the data cannot say (a contact point, a planned availability).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from mgi_graph.dump import MEDIA_TYPES
from mgi_graph.iris import Iris
from mgi_graph.namespaces import DCAT, VOID
from mgi_graph.validate import validate_graph
from mgi_graph.dump.void import METADATA_FILES

SHAPES = Path(__file__).resolve().parents[1].parent / "shared" / "conformance" / "dcat-ap-3.0.1"
needs_shapes = pytest.mark.skipif(not SHAPES.is_dir(), reason=f"DCAT-AP 3.0.1 shapes not found at {SHAPES} (../shared)")
IANA = "http://www.iana.org/assignments/media-types/"
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
# Recommended properties the data cannot honestly give.
UNAVAILABLE = {str(DCAT.contactPoint), "http://data.europa.eu/r5r/availability"}


@pytest.fixture(scope="module")
def void(dist: Path) -> Graph:
    return Graph().parse(dist / "void.ttl")


@needs_shapes
@pytest.mark.parametrize("shapes", ["dcat-ap-SHACL.ttl", "range-3.0.0.ttl"])
def test_no_dcat_ap_violation(shapes: str, void: Graph) -> None:
    report = validate_graph(void, Graph().parse(SHAPES / shapes))
    assert [(r.focus, r.path, r.message) for r in report.violations] == []


@needs_shapes
def test_recommended_shapes_warn_only_about_what_the_data_lacks(void: Graph) -> None:
    """Our dataset and distributions lack only UNAVAILABLE; other warnings are about what we only
    refer to (the sources' own keywords, the countries' bounding boxes, the licence's type)."""
    report = validate_graph(void, Graph().parse(SHAPES / "shapes_recommended.ttl"))
    assert report.violations == ()
    ours = {str(Iris().dataset())} | {str(d) for d in void.objects(Iris().dataset(), DCAT.distribution)}
    assert {r.path for r in report.warnings if r.focus in ours} <= UNAVAILABLE, [
        (r.focus, r.path) for r in report.warnings if r.focus in ours]


def test_distributions_are_the_data_files_with_iana_media_types(void: Graph) -> None:
    dataset = Iris().dataset()
    names = {str(d).split("/dumps/", 1)[1] for d in void.objects(dataset, DCAT.distribution)}
    assert set(MEDIA_TYPES) - METADATA_FILES <= names and "context.jsonld" in METADATA_FILES
    assert not names & METADATA_FILES
    for name in set(MEDIA_TYPES) - METADATA_FILES:
        dist = Iris().distribution(name)
        assert void.value(dist, DCAT.mediaType) == URIRef(IANA + MEDIA_TYPES[name])
        assert void.value(dist, DCAT.accessURL) is not None
        assert void.value(dist, DCTERMS.license) == CC_BY
        assert isinstance(void.value(dist, DCTERMS.format), URIRef)
    nq = Iris().distribution("mgi.nq.gz")
    assert void.value(nq, DCAT.compressFormat) == URIRef(IANA + "application/gzip")
    assert void.value(nq, DCTERMS.format) == URIRef("http://publications.europa.eu/resource/authority/file-type/RDF_N_QUADS")


def test_publisher_is_an_agent_and_the_licence_is_honest(void: Graph) -> None:
    dataset = Iris().dataset()
    publisher = void.value(dataset, DCTERMS.publisher)
    assert isinstance(publisher, URIRef) and (publisher, RDF.type, FOAF.Agent) in void
    assert isinstance(void.value(publisher, FOAF.name), Literal)
    assert void.value(dataset, DCTERMS.license) == CC_BY
    rights = void.value(dataset, DCTERMS.rights)
    assert rights is not None and "IOM" in str(void.value(rights, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    for source in void.objects(dataset, DCTERMS.source):
        assert (source, RDF.type, DCAT.Dataset) in void


def test_every_vocabulary_used_is_named(void: Graph, dist: Path) -> None:
    vocabularies = {str(v) for v in void.objects(Iris().dataset(), VOID.vocabulary)}
    merged = Graph().parse(dist / "mgi.ttl")
    used = {str(p) for p in merged.predicates()} | {str(c) for c in merged.objects(None, RDF.type)}
    assert all(any(term.startswith(v) for v in vocabularies) for term in used), sorted(
        t for t in used if not any(t.startswith(v) for v in vocabularies))
    assert len(vocabularies) >= 12


def test_dist_void_names_the_canonical_sparql_endpoint(void: Graph) -> None:
    assert void.value(Iris().dataset(), VOID.sparqlEndpoint) == URIRef(Iris().base + "sparql")


def test_served_void_keeps_the_canonical_endpoint_and_adds_where_it_answers(client: Any, void: Graph) -> None:
    """dist/void.ttl names the public endpoint; a server elsewhere (a local preview) adds its own."""
    served = Graph().parse(data=client.get("/.well-known/void", headers={"accept": "text/turtle"}).text, format="turtle")
    endpoints = set(served.objects(Iris().dataset(), VOID.sparqlEndpoint))
    assert URIRef(Iris().base + "sparql") in endpoints
    assert any(str(e).startswith("http://") and str(e).endswith("/sparql") for e in endpoints - {URIRef(Iris().base + "sparql")})
    assert set(void.objects(Iris().dataset(), VOID.sparqlEndpoint)) == {URIRef(Iris().base + "sparql")}


def test_void_turtle_is_the_void_graph_with_its_prefixes(dist: Path, void: Graph, tmp_path: Path) -> None:
    """``void_turtle`` (pyoxigraph's Turtle) holds the graph of dist/void.ttl, from a merged graph
    that is a plain rdflib Graph (not the build's IndexedGraph) too."""
    import gzip
    import hashlib

    from rdflib import Dataset
    from rdflib.compare import isomorphic

    from mgi_graph.dump.tables import write_tables
    from mgi_graph.dump.void import void_turtle
    from mgi_graph.graph.quads import dataset_quads

    dataset = Dataset()
    dataset.parse(data=gzip.decompress((dist / "mgi.nq.gz").read_bytes()).decode("utf-8"), format="nquads")
    quads = dataset_quads(dataset)
    media_types = {**MEDIA_TYPES, **write_tables(quads.merged, tmp_path, Iris())}
    files = {name: (len(data), hashlib.sha256(data).hexdigest())
             for name in media_types for data in [(dist / name).read_bytes()]}
    plain = Graph()
    for triple in quads.merged:
        plain.add(triple)
    for merged in (quads.merged, plain):
        text = void_turtle(quads.named, merged, Iris(), files, media_types)
        assert text.startswith("@prefix ") and "\n\tdcat:distribution " in text
        assert isomorphic(Graph().parse(data=text, format="turtle"), void)
