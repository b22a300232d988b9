"""Every RDF document describes the canonical IRI it was fetched for, wherever it is served.

Served on http://testserver/ (or behind ``--public-url``), ``/profile/x.ttl`` is about
``https://w3id.org/mgi/profile/x``, never about the server's own address: that is what a
client that dereferenced the w3id IRI and followed the redirects asked about. Only the
SPARQL endpoint's address (``void:sparqlEndpoint``, ``sd:endpoint``) is the server's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from server_support import TestClient

from mgi_graph.cli import cli
from mgi_graph.server import Settings, create_app

BASE = "https://w3id.org/mgi/"
PUBLIC = "https://mgi.example.org/site/"
PATHS = ["profile/co-medellin-2022", "profile/co-medellin-2022/finding/3", "place/co/medellin", "country/co",
         "domain/crises", "dataset", "graph/vocabulary", "ontology"]
FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
           "rdf": ox.RdfFormat.RDF_XML}
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID_ENDPOINT = "http://rdfs.org/ns/void#sparqlEndpoint"


@pytest.fixture(scope="module")
def public(dist: Path) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir=dist, query_workers=1, public_url=PUBLIC))
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def _iris(triples: list[ox.Triple]) -> set[str]:
    return {term.value for t in triples for term in (t.subject, t.object) if isinstance(term, ox.NamedNode)}


@pytest.mark.parametrize("extension", FORMATS)
@pytest.mark.parametrize("path", PATHS)
def test_a_document_describes_the_canonical_iri(client: TestClient, path: str, extension: str) -> None:
    response = client.get(f"/{path}.{extension}")
    assert response.status_code == 200, response.text
    triples = [q.triple for q in ox.parse(response.content, format=FORMATS[extension])]
    graph_content = path.startswith("graph/")  # a named graph is described by what it holds
    assert graph_content or any(t.subject == ox.NamedNode(BASE + path) for t in triples)
    local = {iri for iri in _iris(triples) if iri.startswith("http://testserver/")}
    assert local <= {"http://testserver/sparql"}


def test_the_dataset_names_the_endpoint_where_it_is_served(client: TestClient, public: TestClient) -> None:
    for served, test_client in (("http://testserver/", client), (PUBLIC, public)):
        triples = [q.triple for q in ox.parse(test_client.get("/dataset.nt").content, format=ox.RdfFormat.N_TRIPLES)]
        assert ox.Triple(ox.NamedNode(BASE + "dataset"), ox.NamedNode(VOID_ENDPOINT),
                         ox.NamedNode(served + "sparql")) in triples


@pytest.mark.parametrize("served", ["http://testserver/", PUBLIC])
def test_the_service_description_names_the_endpoint_and_the_canonical_dataset(
        client: TestClient, public: TestClient, served: str) -> None:
    test_client = public if served == PUBLIC else client
    response = test_client.get("/sparql", headers={"accept": "text/turtle"})
    triples = [q.triple for q in ox.parse(response.content, format=ox.RdfFormat.TURTLE)]
    endpoint = ox.NamedNode(served + "sparql")
    assert ox.Triple(endpoint, ox.NamedNode(SD + "endpoint"), endpoint) in triples
    assert ox.Triple(ox.NamedNode(BASE + "dataset"), ox.NamedNode(VOID_ENDPOINT), endpoint) in triples


def test_the_public_url_is_where_redirects_and_relative_iris_go(public: TestClient) -> None:
    response = public.get("/profile/co-medellin-2022", headers={"accept": "text/turtle"})
    assert response.status_code == 303
    assert response.headers["location"] == PUBLIC + "profile/co-medellin-2022.ttl"
    answer = public.get("/sparql", params={"query": "SELECT ?x WHERE { BIND(<s> AS ?x) }"})
    assert answer.json()["results"]["bindings"][0]["x"]["value"] == PUBLIC + "s"


def test_html_pages_still_link_to_the_server_for_browsing(client: TestClient) -> None:
    page = client.get("/profile/co-medellin-2022.html")
    assert 'href="http://testserver/place/co/medellin' in page.text


def test_serve_public_url_option(dist: Path) -> None:
    runner = CliRunner()
    args = ["serve", "--data", str(dist), "--query-workers", "1", "--get", "/sparql", "--accept", "text/turtle"]
    result = runner.invoke(cli, [*args, "--public-url", "https://mgi.example.org/site"])
    assert result.exit_code == 0, result.output
    assert "<https://mgi.example.org/site/sparql>" in result.output
    bad = runner.invoke(cli, [*args, "--public-url", "mgi.example.org"])
    assert bad.exit_code == 2 and "--public-url" in bad.output


def test_the_public_url_is_where_api_and_download_links_point(public: TestClient) -> None:
    void = public.get("/.well-known/void", headers={"accept": "text/turtle"})
    assert void.headers["content-location"] == PUBLIC + "dataset.ttl"
    dumps = public.get("/dumps/", headers={"accept": "application/json"}).json()["files"]
    assert dumps and all(d["url"].startswith(PUBLIC + "dumps/") for d in dumps)
    assert public.get("/openapi.json").json()["servers"] == [{"url": PUBLIC.rstrip("/")}]
    queries = public.get("/queries", headers={"accept": "application/json"}).json()["queries"]
    assert all(q["url"].startswith(PUBLIC + "queries/") for q in queries)
