"""mgi-graph serve: the SPARQL 1.1 Protocol endpoint, read-only refusal, time limit and row cap."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from server_support import TestClient

from mgi_graph.server import Settings, create_app

GROUP_BY = """PREFIX mgi: <https://w3id.org/mgi/ontology#>
SELECT ?domain ?polarity (COUNT(?f) AS ?n) WHERE { ?f mgi:domain ?domain ; mgi:polarity ?polarity }
GROUP BY ?domain ?polarity ORDER BY ?domain ?polarity"""
CONSTRUCT = """PREFIX mgi: <https://w3id.org/mgi/ontology#>
CONSTRUCT { ?f mgi:domain ?d } WHERE { ?f mgi:domain ?d } LIMIT 5"""
ASK = "ASK { ?s a <https://w3id.org/mgi/ontology#Profile> }"
# About 2 700^3 joins: runs for minutes, far past any test's time limit.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MEDELLIN_GRAPH = "https://w3id.org/mgi/graph/co-medellin-2022"


@pytest.fixture(scope="module")
def sparql_client(dist: Path) -> Iterator[TestClient]:
    """The server over the seed build with two query workers and a 500-row cap."""
    app = create_app(Settings(data_dir=dist, query_workers=2, max_rows=500))
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def _get(sparql_client: TestClient, query: str, accept: str | None = None, **params: str) -> object:
    headers = {"accept": accept} if accept else {}
    return sparql_client.get("/sparql", params={"query": query, **params}, headers=headers)


def _bindings(response: object) -> list[dict[str, dict[str, str]]]:
    return response.json()["results"]["bindings"]  # type: ignore[attr-defined, no-any-return]


# --- the three ways of sending a query -------------------------------------------------------


def test_get_form_post_and_direct_post_agree(sparql_client: TestClient) -> None:
    accept = {"accept": "application/sparql-results+json"}
    by_get = sparql_client.get("/sparql", params={"query": GROUP_BY}, headers=accept)
    by_form = sparql_client.post("/sparql", data={"query": GROUP_BY}, headers=accept)
    by_body = sparql_client.post("/sparql", content=GROUP_BY.encode(), headers={**accept, "content-type": "application/sparql-query"})
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/sparql-results+json; charset=utf-8"
    assert by_get.json() == by_form.json() == by_body.json()
    assert len(_bindings(by_get)) == 12  # six domains x two polarities


@pytest.mark.parametrize(
    ("accept", "fmt", "content_type"),
    [
        (None, None, "application/sparql-results+json"),
        ("*/*", None, "application/sparql-results+json"),
        ("application/json", None, "application/sparql-results+json"),
        ("application/sparql-results+xml", None, "application/sparql-results+xml"),
        ("text/csv", None, "text/csv"),
        ("text/tab-separated-values", None, "text/tab-separated-values"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", None, "text/html"),
        ("text/csv", "json", "application/sparql-results+json"),
        (None, "xml", "application/sparql-results+xml"),
        (None, "tsv", "text/tab-separated-values"),
    ],
)
def test_select_result_formats(sparql_client: TestClient, accept: str | None, fmt: str | None, content_type: str) -> None:
    params = {"format": fmt} if fmt else {}
    response = _get(sparql_client, GROUP_BY, accept, **params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(content_type)
    assert "Accept" in response.headers["vary"]


def test_csv_and_tsv_results(sparql_client: TestClient) -> None:
    rows = list(csv.reader(io.StringIO(_get(sparql_client, GROUP_BY, "text/csv").text)))
    assert rows[0] == ["domain", "polarity", "n"] and len(rows) == 13
    tsv = _get(sparql_client, GROUP_BY, "text/tab-separated-values").text.splitlines()
    assert tsv[0] == "?domain\t?polarity\t?n"
    assert tsv[1].startswith("<https://w3id.org/mgi/domain/")
    assert '"^^<http://www.w3.org/2001/XMLSchema#integer>' in tsv[1]


def test_xml_results(sparql_client: TestClient) -> None:
    text = _get(sparql_client, GROUP_BY, "application/sparql-results+xml").text
    assert '<variable name="domain"/>' in text and "<uri>https://w3id.org/mgi/domain/" in text


@pytest.mark.parametrize(
    ("accept", "fmt", "rdf_format"),
    [
        ("text/turtle", None, ox.RdfFormat.TURTLE),
        ("application/n-triples", None, ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", None, ox.RdfFormat.JSON_LD),
        (None, "jsonld", ox.RdfFormat.JSON_LD),
        ("*/*", None, ox.RdfFormat.TURTLE),
    ],
)
def test_construct_formats(sparql_client: TestClient, accept: str | None, fmt: str | None, rdf_format: ox.RdfFormat) -> None:
    response = _get(sparql_client, CONSTRUCT, accept, **({"format": fmt} if fmt else {}))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(rdf_format.media_type)
    assert len(list(ox.parse(response.content, format=rdf_format))) == 5


def test_ask(sparql_client: TestClient) -> None:
    assert _get(sparql_client, ASK).json() == {"head": {}, "boolean": True}


def test_no_acceptable_format_is_406(sparql_client: TestClient) -> None:
    assert _get(sparql_client, GROUP_BY, "image/png").status_code == 406
    # A SELECT asked for as Turtle only: the query runs, but its results have no Turtle form.
    response = _get(sparql_client, GROUP_BY, "text/turtle")
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


# --- the dataset -----------------------------------------------------------------------------


def test_default_graph_is_the_union_of_named_graphs(sparql_client: TestClient) -> None:
    response = _get(sparql_client, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://w3id.org/mgi/ontology#Profile> }")
    assert _bindings(response)[0]["n"]["value"] == "5"


def test_default_graph_uri(sparql_client: TestClient) -> None:
    query = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://w3id.org/mgi/ontology#Profile> }"
    response = _get(sparql_client, query, **{"default-graph-uri": MEDELLIN_GRAPH})
    assert _bindings(response)[0]["n"]["value"] == "1"


def test_named_graph_uri(sparql_client: TestClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = sparql_client.post("/sparql", data={"query": query, "named-graph-uri": MEDELLIN_GRAPH})
    assert [b["g"]["value"] for b in _bindings(response)] == [MEDELLIN_GRAPH]
    # Only named graphs given: the default graph is empty (SPARQL 1.1 Protocol §2.1.4).
    empty = _get(sparql_client, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", **{"named-graph-uri": MEDELLIN_GRAPH})
    assert _bindings(empty) == []


# --- errors ----------------------------------------------------------------------------------------


def test_syntax_error_is_400_with_the_parsers_message(sparql_client: TestClient) -> None:
    response = _get(sparql_client, "SELECT * WHERE { ?s ?p }", "application/sparql-results+json")
    assert response.status_code == 400
    assert "error at 1:" in response.text


@pytest.mark.parametrize(
    "send",
    [
        lambda c: c.get("/sparql", params={"update": "DROP ALL"}),
        lambda c: c.post("/sparql", data={"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}),
        lambda c: c.post("/sparql", content=b"DROP ALL", headers={"content-type": "application/sparql-update"}),
    ],
    ids=["get-update", "form-update", "direct-update"],
)
def test_updates_are_refused(sparql_client: TestClient, send: object) -> None:
    response = send(sparql_client)  # type: ignore[operator]
    assert response.status_code == 403
    assert "read-only" in response.text
    count = _get(sparql_client, "SELECT (COUNT(*) AS ?n) WHERE { <a:b> ?p ?o }")
    assert _bindings(count)[0]["n"]["value"] == "0"


def test_update_sent_as_a_query_is_a_syntax_error(sparql_client: TestClient) -> None:
    assert _get(sparql_client, "DROP ALL").status_code == 400


def test_service_is_refused(sparql_client: TestClient) -> None:
    response = _get(sparql_client, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert response.status_code == 403
    assert "SERVICE" in response.text
    # The word in a string or an IRI is not the keyword.
    assert _get(sparql_client, 'SELECT ("SERVICE" AS ?x) WHERE {}').status_code == 200


def test_unsupported_post_body_is_415(sparql_client: TestClient) -> None:
    response = sparql_client.post("/sparql", content=b"{}", headers={"content-type": "application/json"})
    assert response.status_code == 415


@pytest.mark.parametrize(
    "params", [{"query": ""}, {"query": ["SELECT * {}", "ASK {}"]}], ids=["empty", "twice"]
)
def test_bad_query_parameters_are_400(sparql_client: TestClient, params: dict[str, object]) -> None:
    assert sparql_client.get("/sparql", params=params).status_code == 400  # type: ignore[arg-type]


def test_result_cap(sparql_client: TestClient) -> None:
    response = _get(sparql_client, "SELECT * WHERE { ?s ?p ?o }")
    assert response.status_code == 422
    assert "more than 500 rows" in response.text
    assert _get(sparql_client, "SELECT * WHERE { ?s ?p ?o } LIMIT 500").status_code == 200


# --- service description and form --------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "rdf_format"), [("text/turtle", ox.RdfFormat.TURTLE),
                                                     ("application/ld+json", ox.RdfFormat.JSON_LD)])
def test_service_description(sparql_client: TestClient, accept: str, rdf_format: ox.RdfFormat) -> None:
    response = sparql_client.get("/sparql", headers={"accept": accept})
    assert response.status_code == 200
    triples = [q.triple for q in ox.parse(response.content, format=rdf_format)]
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = ox.NamedNode("http://testserver/sparql")
    assert ox.Triple(endpoint, ox.NamedNode(sd + "endpoint"), endpoint) in triples
    assert ox.Triple(endpoint, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")) in triples
    formats = {t.object.value for t in triples if t.predicate.value == sd + "resultFormat"}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_CSV" in formats
    assert any(t.predicate.value == sd + "defaultDataset" for t in triples)
    names = {t.object.value for t in triples if t.predicate.value == sd + "name"}
    assert MEDELLIN_GRAPH in names


def test_query_form_for_browsers(sparql_client: TestClient) -> None:
    response = sparql_client.get("/sparql", headers={"accept": "text/html"})
    assert "<textarea" in response.text and "/sparql?example=overview" in response.text
    example = sparql_client.get("/sparql?example=gaps", headers={"accept": "text/html"})
    assert "?_domain" not in example.text and '"crises"' in html.unescape(example.text)  # runnable as shown


def test_html_results_table(sparql_client: TestClient) -> None:
    response = _get(sparql_client, GROUP_BY, "text/html")
    assert "<table" in response.text and "12 rows" in response.text


# --- the time limit -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def strict(dist: Path) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir=dist, query_workers=1, timeout=0.5))
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def test_timeout_is_503_and_the_server_recovers(strict: TestClient) -> None:
    response = _get(strict, SLOW)
    assert response.status_code == 503
    assert "0.5 s" in response.text
    # The stuck worker was killed and replaced: the next queries are answered (they wait
    # for the replacement however long it takes to start; the limit counts from dispatch).
    for _ in range(3):
        again = _get(strict, GROUP_BY + " LIMIT 3")
        assert again.status_code == 200, again.text
    quick = _get(strict, ASK)
    assert quick.json()["boolean"] is True


def test_timeouts_in_a_row_do_not_wedge(strict: TestClient) -> None:
    for attempt in range(3):
        assert _get(strict, SLOW + f" # {attempt}").status_code == 503
    assert _get(strict, ASK).status_code == 200


def test_a_stored_query_url_with_quotes_is_safe(sparql_client: TestClient) -> None:
    assert sparql_client.get("/sparql?query=" + quote('SELECT ("a\\"b" AS ?x) {}')).status_code == 200
