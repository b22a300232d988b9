"""Common SPARQL and Linked Data clients with their defaults, against the server on 127.0.0.1.

SPARQLWrapper and rdflib's SPARQLStore talk to a real uvicorn (``live_server``);
they send ``Accept`` headers and ``format`` values of their own (RDF/XML for
CONSTRUCT, ``format=tsv&format=text/tab-separated-values``...). The ``format``
parameter and RDF/XML are checked in process too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from live_server import live_server
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from server_support import TestClient
from SPARQLWrapper import JSON, JSONLD, N3, TSV, TURTLE, SPARQLWrapper

from mgi_graph.server import Settings, create_app

PROFILE = "https://w3id.org/mgi/ontology#Profile"
SELECT = f"SELECT ?p WHERE {{ ?p a <{PROFILE}> }} ORDER BY ?p"
ASK = f"ASK {{ ?p a <{PROFILE}> }}"
CONSTRUCT = f"CONSTRUCT {{ ?p a <{PROFILE}> }} WHERE {{ ?p a <{PROFILE}> }}"
MEDELLIN = "https://w3id.org/mgi/profile/co-medellin-2022"


@pytest.fixture(scope="module")
def endpoint(dist: Path) -> Iterator[str]:
    with live_server(create_app(Settings(data_dir=dist, query_workers=1))) as url:
        yield url + "sparql"


# --- SPARQLWrapper and SPARQLStore, defaults ---------------------------------------------------


def _wrapper(endpoint: str, query: str) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    return client


def test_sparqlwrapper_select(endpoint: str) -> None:
    document = _wrapper(endpoint, SELECT).query().convert()  # XML results, by default
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]  # type: ignore[union-attr]
    assert len(uris) == 5 and MEDELLIN in uris


def test_sparqlwrapper_ask(endpoint: str) -> None:
    document = _wrapper(endpoint, ASK).query().convert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[union-attr]


def test_sparqlwrapper_construct(endpoint: str) -> None:
    graph = _wrapper(endpoint, CONSTRUCT).query().convert()  # RDF/XML, by default
    assert isinstance(graph, Graph) and len(graph) == 5
    assert (URIRef(MEDELLIN), None, URIRef(PROFILE)) in graph


@pytest.mark.parametrize("return_format", [JSON, TSV])
def test_sparqlwrapper_select_formats(endpoint: str, return_format: str) -> None:
    client = _wrapper(endpoint, SELECT)
    client.setReturnFormat(return_format)
    result = client.query()
    assert result.response.status == 200
    body = result.response.read().decode()
    assert MEDELLIN in body
    if return_format == JSON:
        assert len(json.loads(body)["results"]["bindings"]) == 5


@pytest.mark.parametrize("return_format", [TURTLE, N3, JSONLD])
def test_sparqlwrapper_construct_formats(endpoint: str, return_format: str) -> None:
    client = _wrapper(endpoint, CONSTRUCT)
    client.setReturnFormat(return_format)
    result = client.query()
    assert result.response.status == 200
    converted = result.convert()  # Turtle and N3 come as bytes, JSON-LD as a parsed graph
    graph = converted if isinstance(converted, Graph) else Graph().parse(data=converted.decode(), format="turtle")
    assert len(graph) == 5


def test_sparqlstore_select_ask_construct(endpoint: str) -> None:
    graph = Graph(SPARQLStore(endpoint))
    rows = list(graph.query(SELECT))
    assert len(rows) == 5 and URIRef(MEDELLIN) in {row[0] for row in rows}  # type: ignore[index]
    assert graph.query(ASK).askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert constructed is not None and len(constructed) == 5


# --- RDF/XML and the format parameter, in process -----------------------------------------------


def test_rdfxml_is_what_rapper_gets(client: TestClient) -> None:
    response = client.get("/profile/co-medellin-2022", headers={"accept": "application/rdf+xml"})
    assert response.status_code == 303
    assert response.headers["location"].endswith("/profile/co-medellin-2022.rdf")
    document = client.get(response.headers["location"])
    assert document.headers["content-type"] == "application/rdf+xml; charset=utf-8"
    triples = [q.triple for q in ox.parse(document.content, format=ox.RdfFormat.RDF_XML)]
    assert any(t.subject == ox.NamedNode(MEDELLIN) for t in triples)


@pytest.mark.parametrize("path", ["/sparql", "/.well-known/void"])
def test_service_description_and_void_in_rdfxml(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"accept": "application/rdf+xml"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/rdf+xml")
    assert list(ox.parse(response.content, format=ox.RdfFormat.RDF_XML))


@pytest.mark.parametrize(("formats", "accept", "media_type"), [
    (["tsv", "text/tab-separated-values"], None, "text/tab-separated-values"),
    (["text/csv"], None, "text/csv"),
    (["json"], "text/csv", "application/sparql-results+json"),
    (["nonsense"], "text/csv", "text/csv"),
    (["n3", "text/n3"], "application/sparql-results+xml", "application/sparql-results+xml"),
])
def test_format_parameter_for_select(client: TestClient, formats: list[str], accept: str | None, media_type: str) -> None:
    headers = {"accept": accept} if accept else {}
    response = client.get("/sparql", params=[("query", SELECT), *(("format", f) for f in formats)], headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type


@pytest.mark.parametrize(("formats", "accept", "rdf_format"), [
    (["xml"], None, ox.RdfFormat.RDF_XML),
    (["rdf"], None, ox.RdfFormat.RDF_XML),
    ([], "application/rdf+xml", ox.RdfFormat.RDF_XML),
    (["n3"], None, ox.RdfFormat.TURTLE),
    (["json-ld"], None, ox.RdfFormat.JSON_LD),
    (["turtle"], None, ox.RdfFormat.TURTLE),
    (["nonsense"], "application/n-triples", ox.RdfFormat.N_TRIPLES),
])
def test_format_parameter_for_construct(client: TestClient, formats: list[str], accept: str | None,
                                        rdf_format: ox.RdfFormat) -> None:
    headers = {"accept": accept} if accept else {}
    response = client.get("/sparql", params=[("query", CONSTRUCT), *(("format", f) for f in formats)], headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == rdf_format.media_type
    assert len(list(ox.parse(response.content, format=rdf_format))) == 5
