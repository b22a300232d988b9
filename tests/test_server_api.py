"""mgi-graph serve: stored queries as an API, OpenAPI, HTML pages, and `serve --get`."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from server_support import TestClient

from mgi_graph.cli.serve import serve
from mgi_graph.query.stored import load_queries

HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
MEDELLIN = "/profile/co-medellin-2022"


# --- stored queries -------------------------------------------------------------------------------


def test_query_list_json_and_html(client: TestClient) -> None:
    listing = client.get("/queries", headers={"accept": "application/json"}).json()["queries"]
    names = {q["name"] for q in listing}
    assert names == set(load_queries())
    gaps = next(q for q in listing if q["name"] == "gaps")
    assert gaps["parameters"][0]["name"] == "domain" and "crises" in gaps["parameters"][0]["allowed"]
    page = client.get("/queries", headers={"accept": HTML})
    assert page.headers["content-type"].startswith("text/html")
    assert 'href="http://testserver/queries/overview"' in page.text


@pytest.mark.parametrize(
    ("accept", "fmt", "content_type"),
    [
        ("application/sparql-results+json", None, "application/sparql-results+json"),
        ("*/*", None, "application/sparql-results+json"),
        ("text/csv", None, "text/csv"),
        (None, "csv", "text/csv"),
        (None, "tsv", "text/tab-separated-values"),
        (None, "xml", "application/sparql-results+xml"),
        (HTML, None, "text/html"),
    ],
)
def test_stored_query_formats(client: TestClient, accept: str | None, fmt: str | None, content_type: str) -> None:
    params = {"domain": "crises", **({"format": fmt} if fmt else {})}
    response = client.get("/queries/gaps", params=params, headers={"accept": accept} if accept else {})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(content_type)


def test_stored_query_results(client: TestClient) -> None:
    rows = client.get("/queries/overview", headers={"accept": "application/json"}).json()["results"]["bindings"]
    assert len(rows) == 30  # five profiles x six domains
    table = list(csv.DictReader(io.StringIO(client.get("/queries/profile?profile=co-medellin-2022&format=csv").text)))
    assert len(table) == 35 and table[0]["position"] == "1"


def test_construct_stored_query(client: TestClient) -> None:
    response = client.get("/queries/export-profile?profile=pe-lima-2022", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize(
    ("url", "status", "names"),
    [
        ("/queries/gaps", 400, "domain"),
        ("/queries/gaps?domain=nowhere", 400, "domain"),
        ("/queries/gaps?domain=crises&colour=red", 400, "colour"),
        ("/queries/compare?a=co-medellin-2022", 400, "'b'"),
        ("/queries/nope", 404, "nope"),
        ("/queries/overvew", 404, "overview"),
        ("/queries/..%2F..%2Fetc%2Fpasswd.rq", 404, "passwd.rq"),
        ("/queries/federated-population", 403, "SERVICE"),
    ],
)
def test_stored_query_errors(client: TestClient, url: str, status: int, names: str) -> None:
    response = client.get(url, headers={"accept": "application/sparql-results+json"})
    assert response.status_code == status
    assert names in response.text


def test_a_browser_without_parameters_gets_the_form(client: TestClient) -> None:
    response = client.get("/queries/gaps", headers={"accept": HTML})
    assert response.status_code == 200
    assert '<select name="domain">' in response.text


def test_parameter_values_are_escaped(client: TestClient) -> None:
    response = client.get("/queries/search", params={"text": '" } } DROP ALL #'}, headers={"accept": "application/json"})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"] == []


def test_openapi_lists_every_stored_query(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "http://testserver"}]
    for name, query in load_queries().items():
        operation = document["paths"][f"/queries/{name}"]["get"]
        assert operation["summary"] == query.summary
        assert [p["name"] for p in operation["parameters"]] == [p.name for p in query.params]
    gaps = document["paths"]["/queries/gaps"]["get"]["parameters"][0]
    assert gaps["required"] is True and "crises" in gaps["schema"]["enum"]
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    assert "post" in document["paths"]["/sparql"]


# --- HTML pages ---------------------------------------------------------------------------------------


def _page(client: TestClient, path: str, **headers: str) -> str:
    response = client.get(path, headers={"accept": HTML, **headers}, follow_redirects=True)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "cdn" not in response.text.lower() and "https://fonts" not in response.text
    return response.text


def test_home_page(client: TestClient) -> None:
    text = _page(client, "/")
    assert text.count('<td class="heat ') == 30  # six domains x five profiles
    for profile in ("co-medellin-2022", "pe-lima-2022", "ar-quilmes-2022"):
        assert f"/profile/{profile}" in text
    assert "/dumps/mgi.nq.gz" in text and "/sparql" in text and "/queries" in text


def test_profile_page(client: TestClient) -> None:
    text = _page(client, MEDELLIN)
    assert len(re.findall(r'<section class="domain"', text)) == 6
    assert len(re.findall(r'<li class="finding ', text)) == 35
    assert 'rel="alternate" type="text/turtle" href="http://testserver/profile/co-medellin-2022.ttl"' in text
    assert "SHA-256" in text and "profiles/co-medellin-2022.txt" in text
    # Findings are in page order within each domain.
    positions = [int(p) for p in re.findall(r'id="finding-(\d+)"', text)]
    assert positions == sorted(positions)


def test_labels_follow_the_language(client: TestClient) -> None:
    assert "Derechos de las personas migrantes" in _page(client, "/domain/migrants-rights", **{"accept-language": "es-CO,es;q=0.9"})
    assert "Derechos de las personas migrantes" in _page(client, "/domain/migrants-rights.html?lang=es")
    english = _page(client, "/domain/migrants-rights.html", **{"accept-language": "en"})
    assert "<h1><span class=\"notation\">1</span> Migrants" in english


def test_domain_page(client: TestClient) -> None:
    text = _page(client, "/domain/crises.html")
    for language in ("English", "Español", "Français", "Português"):
        assert language in text
    assert "national MGI" in text
    assert "co-medellin-2022" in text and "pe-lima-2022" in text


def test_place_and_country_pages(client: TestClient) -> None:
    place = _page(client, "/place/co/medellin.html")
    assert "https://www.wikidata.org" in place or "http://www.wikidata.org/entity/" in place
    assert "https://sws.geonames.org/" in place
    assert "co-medellin-2022" in place  # the profile about it
    country = _page(client, "/country/co.html")
    assert "ISO 3166-1 alpha-3" in country and "COL" in country


def test_generic_resource_pages(client: TestClient) -> None:
    for path in ("/polarity/potential.html", "/ontology.html", "/dataset.html"):
        assert "<table class=\"props\">" in _page(client, path)
    assert 'id="Profile"' in _page(client, "/ontology.html")


# --- serve --get ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "first_line", "contains"),
    [
        ([MEDELLIN, "--accept", "text/turtle"], 0, "HTTP/1.1 303 See Other", "co-medellin-2022.ttl"),
        ([MEDELLIN + ".ttl"], 0, "HTTP/1.1 200 OK", "schema:hasPart"),
        (["/queries/overview?format=csv"], 0, "HTTP/1.1 200 OK", "profile_id,domain_notation"),
        (["/nope", "--accept", "text/plain"], 1, "HTTP/1.1 404 Not Found", "no resource"),
        (["/queries/gaps", "--accept", "text/csv"], 1, "HTTP/1.1 400 Bad Request", "domain"),
    ],
)
def test_serve_get(dist: Path, args: list[str], code: int, first_line: str, contains: str) -> None:
    result = CliRunner().invoke(serve, ["--data", str(dist), "--get", *args])
    assert result.exit_code == code, result.output
    assert result.output.splitlines()[0] == first_line
    assert contains in result.output
