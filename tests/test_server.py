"""mgi-graph serve: dereferencing, content negotiation, documents, dumps and VoID (in process)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from seeds import PROFILES
from server_support import TestClient

from mgi_graph.iris import Iris
from mgi_graph.pipeline import run_build
from mgi_graph.server import Settings, create_app
from mgi_graph.server.conneg import DOCUMENTS, choose, choose_language

BASE = "https://w3id.org/mgi/"
SERVED = "http://testserver/"
MEDELLIN = "profile/co-medellin-2022"
CHROME = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8"
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


# --- content negotiation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "html"),
        ("", "html"),
        ("*/*", "html"),
        (CHROME, "html"),
        (FIREFOX, "html"),
        ("text/turtle", "ttl"),
        ("application/x-turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/json", "jsonld"),
        ("application/n-triples", "nt"),
        ("text/*", "html"),
        ("text/turtle, */*", "ttl"),
        ("text/turtle;q=0.5, application/ld+json", "jsonld"),
        ("text/html;q=0.1, text/turtle;q=0.9", "ttl"),
        ("application/ld+json;q=0.9, text/turtle;q=0.9", "ttl"),  # a tie goes to the server's order
        ("*/*;q=0.1, application/n-triples;q=0.2", "nt"),
        ("text/html;q=0, */*", "ttl"),
        ("TEXT/TURTLE", "ttl"),
        ("text/turtle; charset=utf-8; q=0.8, text/html; q=0.7", "ttl"),
        ("image/png", None),
        ("text/html;q=0, text/turtle;q=0, application/ld+json;q=0, application/n-triples;q=0", None),
        ("text/turtle;q=abc", None),
    ],
)
def test_choose_document(accept: str | None, expected: str | None) -> None:
    offer = choose(accept, DOCUMENTS)
    assert (offer.key if offer else None) == expected


@pytest.mark.parametrize(
    ("header", "override", "expected"),
    [
        (None, None, "en"),
        ("es-CO,es;q=0.9,en;q=0.8", None, "es"),
        ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", None, "fr"),
        ("de, pt;q=0.5", None, "pt"),
        ("de", None, "en"),
        ("es", "pt", "pt"),
        ("es", "xx", "es"),
    ],
)
def test_choose_language(header: str | None, override: str | None, expected: str) -> None:
    assert choose_language(header, override, ("en", "es", "fr", "pt"), "en") == expected


# --- dereferencing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "status", "extension"),
    [
        (None, 303, "html"),
        ("*/*", 303, "html"),
        (CHROME, 303, "html"),
        ("text/turtle", 303, "ttl"),
        ("application/ld+json", 303, "jsonld"),
        ("application/n-triples", 303, "nt"),
        ("text/turtle;q=0.4, application/ld+json;q=0.6", 303, "jsonld"),
        ("image/png", 406, None),
    ],
)
def test_resource_redirects_by_accept(client: TestClient, accept: str | None, status: int, extension: str | None) -> None:
    response = client.get(f"/{MEDELLIN}", headers={"accept": accept} if accept is not None else {})
    assert response.status_code == status
    assert "Accept" in response.headers["vary"]
    if extension:
        assert response.headers["location"] == f"{SERVED}{MEDELLIN}.{extension}"
        assert 'rel="alternate"' in response.headers["link"]
    else:
        for media_type in ("text/html", "text/turtle", "application/ld+json", "application/n-triples"):
            assert media_type in response.text


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "nt", "html"])
def test_format_parameter_overrides_accept(client: TestClient, fmt: str) -> None:
    response = client.get(f"/{MEDELLIN}?format={fmt}", headers={"accept": "image/png"})
    assert response.status_code == 303
    assert response.headers["location"] == f"{SERVED}{MEDELLIN}.{fmt}"


@pytest.mark.parametrize(("fmt", "extension"), [("rdfxml", "rdf"), ("turtle", "ttl"), ("text/turtle", "ttl"),
                                                ("json-ld", "jsonld"), ("n3", "ttl")])
def test_format_parameter_takes_short_names_and_media_types(client: TestClient, fmt: str, extension: str) -> None:
    response = client.get(f"/{MEDELLIN}", params={"format": fmt}, headers={"accept": "text/html"})
    assert response.headers["location"] == f"{SERVED}{MEDELLIN}.{extension}"


def test_unknown_format_parameter_yields_to_accept(client: TestClient) -> None:
    response = client.get(f"/{MEDELLIN}?format=nonsense", headers={"accept": "application/n-triples"})
    assert response.headers["location"] == f"{SERVED}{MEDELLIN}.nt"
    refused = client.get(f"/{MEDELLIN}?format=nonsense", headers={"accept": "image/png"})
    assert refused.status_code == 406
    assert "text/turtle" in refused.text


def test_redirect_keeps_the_language_override(client: TestClient) -> None:
    response = client.get(f"/{MEDELLIN}?lang=es")
    assert response.headers["location"] == f"{SERVED}{MEDELLIN}.html?lang=es"


@pytest.mark.parametrize(
    ("extension", "content_type"),
    [
        ("ttl", "text/turtle; charset=utf-8"),
        ("jsonld", "application/ld+json; charset=utf-8"),
        ("nt", "application/n-triples; charset=utf-8"),
        ("html", "text/html; charset=utf-8"),
    ],
)
def test_documents_have_type_charset_and_alternates(client: TestClient, extension: str, content_type: str) -> None:
    response = client.get(f"/{MEDELLIN}.{extension}")
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    link = response.headers["link"]
    others = {"ttl", "jsonld", "nt", "html"} - {extension}
    assert all(f"{MEDELLIN}.{other}>" in link for other in others)


def _graph(client: TestClient, path: str) -> list[ox.Triple]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return [q.triple for q in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)]


def test_description_is_cbd_with_owned_findings_and_labels(client: TestClient) -> None:
    triples = _graph(client, f"/{MEDELLIN}.nt")
    subjects = {t.subject.value for t in triples}
    me = f"{BASE}{MEDELLIN}"
    assert me in subjects
    assert f"{me}/finding/1" in subjects  # owned: profile/x/finding/n
    assert f"{me}/source" in subjects
    # Labels of what it links to, e.g. the domains of its findings, in every language.
    labels = {(t.subject.value, t.object.language) for t in triples
              if t.predicate.value.endswith("prefLabel") and isinstance(t.object, ox.Literal)}
    assert (f"{BASE}domain/crises", "es") in labels
    # The document holds the graph's own IRIs, not this server's address.
    assert not any(isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(SERVED) for t in triples)
    assert any(t.object == ox.NamedNode("https://w3id.org/mgi/ontology#Profile") for t in triples)


def test_turtle_and_jsonld_say_the_same(client: TestClient) -> None:
    turtle = set(_parse(client.get(f"/{MEDELLIN}.ttl").content, ox.RdfFormat.TURTLE))
    ntriples = set(_parse(client.get(f"/{MEDELLIN}.nt").content, ox.RdfFormat.N_TRIPLES))
    assert turtle == ntriples
    document = client.get(f"/{MEDELLIN}.jsonld").json()
    assert document["id"] == f"{BASE}{MEDELLIN}"
    assert len(document["findings"]) == 35


def _parse(data: bytes, fmt: ox.RdfFormat) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(data, format=fmt)]


def test_hash_iris_are_in_their_document(client: TestClient) -> None:
    subjects = {t.subject.value for t in _graph(client, "/ontology.nt")}
    assert "https://w3id.org/mgi/ontology#Profile" in subjects


@pytest.mark.parametrize("path", ["/profile/nope", "/profile/nope.ttl", "/nope/", "/profile/co-medellin-2022/", "/%3Cscript%3E"])
def test_unknown_resources_are_404(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"accept": "text/turtle"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/plain")


def test_unknown_resource_is_an_html_page_for_browsers(client: TestClient) -> None:
    response = client.get("/profile/nope", headers={"accept": CHROME})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>" in response.text and "profile/nope" in response.text


def test_documents_do_not_follow_the_host(client: TestClient) -> None:
    response = client.get(f"/{MEDELLIN}.nt", headers={"host": "mgi.example.org"})
    assert "<https://w3id.org/mgi/profile/co-medellin-2022>" in response.text
    assert "mgi.example.org" not in response.text


def test_another_base_is_served_at_the_root(tmp_path: Path) -> None:
    # A graph built under another base: its IRIs are served at the server's root, described by
    # their canonical IRIs.
    other_base = "https://example.org/other/"
    built_elsewhere = run_build([PROFILES / "co-medellin-2022.txt"], tmp_path / "dist", iris=Iris(other_base))
    app = create_app(Settings(data_dir=built_elsewhere.out_dir, base=other_base, query_workers=1))
    with TestClient(app, follow_redirects=False) as other:
        subjects = {t.subject.value for t in _graph(other, f"/{MEDELLIN}.nt")}
        assert f"{other_base}{MEDELLIN}" in subjects
        assert not any(s.startswith((SERVED, f"{BASE}profile/")) for s in subjects)


def test_dumps_under_another_base_serve_nothing(dist: Path) -> None:
    # The same dumps, read as if their IRIs were under another base: nothing matches.
    app = create_app(Settings(data_dir=dist, base="https://example.org/other/", query_workers=1))
    with TestClient(app, follow_redirects=False) as other:
        assert other.get(f"/{MEDELLIN}").status_code == 404


# --- VoID, dataset, CORS ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"), ("text/html", "text/html")],
)
def test_well_known_void(client: TestClient, accept: str, content_type: str) -> None:
    response = client.get("/.well-known/void", headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(content_type)
    assert response.headers["vary"].startswith("Accept")


def test_void_names_this_sparql_endpoint(client: TestClient) -> None:
    triples = _parse(client.get("/.well-known/void", headers={"accept": "text/turtle"}).content, ox.RdfFormat.TURTLE)
    endpoint = ox.Triple(ox.NamedNode(f"{BASE}dataset"), ox.NamedNode("http://rdfs.org/ns/void#sparqlEndpoint"),
                         ox.NamedNode(f"{SERVED}sparql"))
    assert endpoint in triples
    predicates = {t.predicate.value for t in triples}
    assert "http://www.w3.org/ns/dcat#distribution" in predicates
    assert client.get("/dataset", headers={"accept": "text/turtle"}).headers["location"] == f"{SERVED}dataset.ttl"


def test_cors_preflight_and_simple_requests(client: TestClient) -> None:
    preflight = client.options("/sparql", headers={
        "origin": "https://example.org", "access-control-request-method": "POST",
        "access-control-request-headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    simple = client.get(f"/{MEDELLIN}.ttl", headers={"origin": "https://example.org"})
    assert simple.headers["access-control-allow-origin"] == "*"
