"""A page for readers for every kind of resource (issue #14 item 3): labelled fields,
no prefixed names, language tags or datatypes in the text, values merged, links to the data."""

from __future__ import annotations

import html
import re

import pytest
from server_support import TestClient

PREFIXED = re.compile(r"\b(?:skos|rdf|rdfs|schema|dcterms|mgi|org|prov|void|dcat|xsd|owl|spdx|sd|wd):[A-Za-z]")
TAGGED = re.compile(r"@(?:en|es|fr|pt)\b|\^\^")
KINDS = [
    "/profile/co-medellin-2022/finding/3", "/org/co/medellin/medellin-ombudsmans-office", "/country/co",
    "/place/co/medellin", "/division/co-ant", "/instrument/ar/quilmes/emergency-promoters", "/polarity/potential",
    "/kind/institution/government", "/profile/co-medellin-2022/source", "/dataset",
]


def page_text(client: TestClient, path: str, **params: str) -> str:
    """The visible text of a page's main part (tags dropped, entities decoded)."""
    answer = client.get(path + ".html", params=params)
    assert answer.status_code == 200, path
    main = answer.text[answer.text.index("<main"):answer.text.index("</main>")]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def build_path(client: TestClient) -> str:
    page = client.get("/dataset.html").text
    match = re.search(r'href="http://testserver(/build/[0-9a-f]+)', page)
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize("path", KINDS)
def test_pages_read_without_rdf(client: TestClient, path: str) -> None:
    text = page_text(client, path)
    assert not PREFIXED.search(text), PREFIXED.search(text)
    assert not TAGGED.search(text), TAGGED.search(text)
    assert "As data" in text and "Permanent IRI" in text and "Cite this" in text
    assert f"https://w3id.org/mgi{path}" in text


def test_build_page_reads_without_rdf(client: TestClient) -> None:
    text = page_text(client, build_path(client))
    assert not PREFIXED.search(text) and "Carried out by" in text and "co-medellin-2022 source" in text


def test_finding_page_is_titled_by_its_text(client: TestClient) -> None:
    answer = client.get("/profile/co-medellin-2022/finding/3.html")
    title = re.search(r"<title>(.*?)</title>", answer.text, re.S)
    assert title is not None and "#3" not in title.group(1) and title.group(1).startswith("The Territorial Partnerships")
    text = page_text(client, "/profile/co-medellin-2022/finding/3")
    for label in ("Profile", "Domain", "Polarity", "Mentions", "District of Medellín (2022)", "Migrants' rights",
                  "Well developed", "123 Social Line"):
        assert label in text, label


def test_institution_page_says_where_kind_parent_and_findings(client: TestClient) -> None:
    text = page_text(client, "/org/co/medellin/special-group-for-ethnic-and-migrant-affairs")
    assert "Scope local" in text and "Where Medellín" in text
    assert "Parent body Medellín Ombudsman's Office" in text
    assert "Kind government body" in text
    findings = text[text.index("Findings"):]
    assert "District of Medellín (2022)" in findings and "Migrants' rights" in findings


def test_repeated_values_are_merged(client: TestClient) -> None:
    text = page_text(client, "/country/co")
    # schema:name and skos:prefLabel hold the same names: one "Name" row, each name once.
    assert text.count(" Name ") == 1 and text.count("Colombie") == 1
    # skos:exactMatch and schema:sameAs hold the same links: one "Same as" row.
    assert text.count("Same as") == 1


def test_parts_are_shown_inline_not_as_fragments(client: TestClient) -> None:
    text = page_text(client, "/place/co/medellin")
    assert "medellin#geo" not in text and "Location Latitude: 6.245" in text and "Lies in Antioquia" in text


def test_polarity_page_lists_findings(client: TestClient) -> None:
    answer = client.get("/polarity/potential.html")
    assert answer.text.count('<li class="finding potential') > 20
    assert '<li class="finding well-developed' not in answer.text

