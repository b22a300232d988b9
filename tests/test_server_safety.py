"""What a page may run and what a client's mistake costs: links, security headers, 400s."""

from __future__ import annotations

import pytest
from server_support import TestClient

HTML = {"accept": "text/html"}


@pytest.mark.parametrize("iri", ["javascript:alert(document.domain)", "data:text/html;base64,PHNjcmlwdD4=",
                                 "JavaScript:alert(1)", "vbscript:msgbox"])
def test_only_web_iris_become_links(client: TestClient, iri: str) -> None:
    query = f"SELECT ?x WHERE {{ BIND(<{iri}> AS ?x) }}"
    page = client.get("/sparql", params={"query": query}, headers=HTML)
    assert page.status_code == 200, page.text
    assert 'href="' + iri.split(":")[0].lower() not in page.text.lower()
    assert iri in page.text  # shown, as text
    web = client.get("/sparql", params={"query": "SELECT ?x WHERE { BIND(<https://example.org/a> AS ?x) }"},
                     headers=HTML)
    assert 'href="https://example.org/a"' in web.text


@pytest.mark.parametrize("path", ["/", "/sparql", "/queries", "/dumps/", "/no-such-page", "/profile/co-medellin-2022"])
def test_every_html_response_has_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path, headers=HTML, follow_redirects=True)
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_other_responses_say_nosniff(client: TestClient) -> None:
    response = client.get("/dumps/mgi.ttl")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in response.headers


@pytest.mark.parametrize(
    "params",
    [
        {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "default-graph-uri": "not an iri"},
        {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "named-graph-uri": "<x>"},
        {"query": "SELECT (<http://example.org/no-such-function>(1) AS ?x) WHERE {}"},
        {"query": "SELECT * WHERE { ?s ?p }"},
    ],
    ids=["default-graph-uri", "named-graph-uri", "unknown-function", "malformed"],
)
def test_client_mistakes_on_sparql_are_4xx_not_500(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/sparql", params=params, headers={"accept": "application/json"})
    assert 400 <= response.status_code < 500, response.text
    assert response.status_code in (400, 406)
