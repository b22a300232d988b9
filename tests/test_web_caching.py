"""Caching headers on every page and document: Cache-Control, ETag, 304 on If-None-Match,
and Vary naming what the answer depends on (issue #14 item 7)."""

from __future__ import annotations

import pytest
from server_support import TestClient

PAGES = ["/", "/search?q=salud", "/compare?profiles=co-medellin-2022&profiles=pe-lima-2022", "/country", "/place",
         "/profile/co-medellin-2022.html", "/profile/co-medellin-2022/finding/3.html", "/sparql", "/queries",
         "/queries/gaps?domain=crises", "/dumps/", "/map"]
DOCUMENTS = ["/profile/co-medellin-2022.ttl", "/profile/co-medellin-2022.jsonld", "/queries/profiles?format=csv",
             "/search?q=salud&format=json", "/sitemap.xml", "/openapi.json"]


def vary(answer: object) -> set[str]:
    return {v.strip().lower() for v in answer.headers.get("vary", "").split(",") if v.strip()}  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", PAGES + DOCUMENTS)
def test_every_page_and_document_has_cache_control_and_an_etag(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    assert "max-age=" in answer.headers["cache-control"]
    assert answer.headers["etag"]


@pytest.mark.parametrize("path", PAGES + DOCUMENTS)
def test_if_none_match_with_the_etag_answers_304_without_a_body(client: TestClient, path: str) -> None:
    etag = client.get(path).headers["etag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert "max-age=" in again.headers["cache-control"]


def test_a_changed_page_does_not_match_an_old_etag(client: TestClient) -> None:
    english = client.get("/", params={"lang": "en"})
    spanish = client.get("/", params={"lang": "es"}, headers={"If-None-Match": english.headers["etag"]})
    assert spanish.status_code == 200
    assert spanish.headers["etag"] != english.headers["etag"]
    assert client.get("/", headers={"If-None-Match": 'W/"other", "also-other"'}).status_code == 200


def test_304_works_for_compressed_pages_and_for_weak_or_listed_tags(client: TestClient) -> None:
    gzip = {"Accept-Encoding": "gzip"}
    first = client.get("/profile/co-medellin-2022.html", headers=gzip)
    assert first.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in vary(first)
    tag = first.headers["etag"]
    listed = client.get("/profile/co-medellin-2022.html", headers={**gzip, "If-None-Match": f'"x", {tag}'})
    assert listed.status_code == 304
    assert "content-encoding" not in listed.headers
    assert client.get("/profile/co-medellin-2022.html", headers={"If-None-Match": "*"}).status_code == 304


@pytest.mark.parametrize("path", PAGES)
def test_html_pages_vary_on_the_language(client: TestClient, path: str) -> None:
    answer = client.get(path, headers={"Accept": "text/html"})
    assert answer.headers["content-type"].startswith("text/html")
    assert "accept-language" in vary(answer)


def test_negotiated_answers_vary_on_accept(client: TestClient) -> None:
    for path in ("/profile/co-medellin-2022", "/.well-known/void", "/dumps/", "/queries"):
        answer = client.get(path, headers={"Accept": "text/html"}, follow_redirects=False)
        assert "accept" in vary(answer), path
    void = client.get("/.well-known/void", headers={"Accept": "text/html"})
    assert {"accept", "accept-language"} <= vary(void)


def test_static_files_keep_their_own_validators_and_get_a_cache_control(client: TestClient) -> None:
    style = client.get("/static/style.css")
    assert "max-age=" in style.headers["cache-control"]
    assert client.get("/static/style.css", headers={"If-None-Match": style.headers["etag"]}).status_code == 304


def test_errors_queries_by_post_and_health_are_not_made_cacheable(client: TestClient) -> None:
    missing = client.get("/nothing/here", headers={"Accept": "text/html"})
    assert missing.status_code == 404
    assert "etag" not in missing.headers and "max-age" not in missing.headers.get("cache-control", "")
    posted = client.post("/sparql", data={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"})
    assert posted.status_code == 200
    assert "etag" not in posted.headers
    assert client.get("/healthz").headers["cache-control"] == "no-store"
