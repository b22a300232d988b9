"""The SPARQL page (issue #14 item 5): a bundled editor, no inline scripts, runnable examples."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from server_support import TestClient

from mgi_graph.errors import QuerySyntaxError
from mgi_graph.query.stored import load_queries, parse_stored_query
from mgi_graph.server import examples

STATIC = Path(__file__).resolve().parents[1] / "src" / "mgi_graph" / "server" / "static"
EXAMPLES = ["compare", "search", "gaps", "strengths", "profile", "institutions", "overview", "export-profile"]


def example_text(client: TestClient, name: str) -> str:
    page = client.get("/sparql", params={"example": name}, headers={"Accept": "text/html"})
    assert page.status_code == 200
    match = re.search(r'<textarea id="query" name="query"[^>]*>(.*?)</textarea>', page.text, re.S)
    assert match is not None
    return html.unescape(match.group(1))


def test_the_editor_is_bundled_with_its_licences_and_no_page_has_inline_script(client: TestClient) -> None:
    page = client.get("/sparql", headers={"Accept": "text/html"})
    assert '<script src="http://testserver/static/editor.js" defer></script>' in page.text
    assert re.search(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>", page.text) is None
    bundle = client.get("/static/editor.js")
    assert bundle.status_code == 200 and "Mod-Enter" in bundle.text and len(bundle.content) > 100_000
    licences = (STATIC / "editor.js.LICENSE.txt").read_text("utf-8")
    for package in ("codemirror", "@codemirror/legacy-modes", "@codemirror/view", "@lezer/highlight"):
        assert f"\n{package} " in licences, package
    for path in ("/", "/search?q=salud", "/compare", "/profile/co-medellin-2022.html", "/country/co.html"):
        text = client.get(path).text
        assert re.search(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>", text) is None, path
        assert ' style="' not in text and "onclick" not in text, path


def test_the_editor_gets_the_prefixes_and_its_messages(client: TestClient) -> None:
    page = client.get("/sparql", params={"lang": "es"}, headers={"Accept": "text/html"})
    prefixes = re.search(r"data-prefixes='([^']*)'", page.text)
    messages = re.search(r"data-messages='([^']*)'", page.text)
    assert prefixes is not None and messages is not None
    assert json.loads(html.unescape(prefixes.group(1)))["mgi"] == "https://w3id.org/mgi/ontology#"
    assert set(json.loads(html.unescape(messages.group(1)))) >= {"download", "rows", "next", "previous"}


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_are_complete_runnable_queries(client: TestClient, name: str) -> None:
    query = example_text(client, name)
    assert "?_" not in query.split("WHERE", 1)[-1] or name == "institutions"
    answer = client.get("/sparql", params={"query": query},
                        headers={"Accept": "application/sparql-results+json, text/turtle;q=0.9"})
    assert answer.status_code == 200, answer.text
    if answer.headers["content-type"].startswith("application/sparql-results+json"):
        assert answer.json()["results"]["bindings"], name
    else:
        assert answer.text.strip(), name


def test_compare_example_has_one_row_per_domain(client: TestClient) -> None:
    answer = client.get("/sparql", params={"query": example_text(client, "compare")},
                        headers={"Accept": "application/sparql-results+json"})
    assert len(answer.json()["results"]["bindings"]) == 6


def test_example_summaries_are_translated(client: TestClient) -> None:
    page = client.get("/sparql", params={"lang": "fr"}, headers={"Accept": "text/html"})
    assert "Deux profils côte à côte, domaine par domaine" in page.text
    assert "?example=compare&amp;lang=fr" in page.text


def test_results_download_in_each_format(client: TestClient) -> None:
    query = example_text(client, "overview")
    for fmt, media in (("csv", "text/csv"), ("tsv", "text/tab-separated-values"), ("json", "application/sparql-results+json")):
        answer = client.get("/sparql", params={"query": query, "format": fmt})
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(media), fmt


def test_examples_drop_the_stored_query_header_and_the_search_box_stays_empty(client: TestClient) -> None:
    query = example_text(client, "overview")
    assert "#+" not in query and query.startswith("PREFIX")
    page = client.get("/sparql", params={"example": "overview"}, headers={"Accept": "text/html"}).text
    assert 'name="q" placeholder="Search the findings" value=""' in page
    search = client.get("/search", params={"q": "salud"}).text
    assert 'name="q" placeholder="Search the findings" value="salud"' in search


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
def test_every_stored_query_parameter_has_a_label_in_each_language(language: str) -> None:
    missing = [f"{q.name}:{p.name}" for q in load_queries().values() for p in q.params
               if not examples.header(q).get("labels", {}).get(p.name, {}).get(language)]
    assert not missing


def test_query_forms_and_the_query_list_show_translated_parameter_labels(client: TestClient) -> None:
    form = client.get("/queries/compare", params={"lang": "es"}, headers={"Accept": "text/html"}).text
    assert "Primer perfil" in form and "Segundo perfil" in form
    assert 'name="a"' in form
    listing = client.get("/queries", params={"lang": "pt"}, headers={"Accept": "text/html"}).text
    assert "Texto a procurar" in listing
    english = client.get("/queries/gaps", headers={"Accept": "text/html"}).text
    assert ">MGI domain" in english


def test_labels_for_a_parameter_the_query_lacks_are_a_syntax_error() -> None:
    text = "#+ summary: s\n#+ labels:\n#+   - nothing: {en: Nothing}\nSELECT * WHERE { ?s ?p ?_a }\n"
    with pytest.raises(QuerySyntaxError, match="broken.rq: header 'labels' names 'nothing'"):
        parse_stored_query(text, name="broken", path="broken.rq")
