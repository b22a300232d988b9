"""Search with facets, the index pages and case-insensitive country codes (issue #14 item 1)."""

from __future__ import annotations

import csv
import io
import json

from server_support import TestClient

from mgi_graph.server.search import fold_query, fold_with_offsets


def test_folding_drops_accents_and_case_and_remembers_positions() -> None:
    folded = fold_with_offsets("MIGRACIÓN Ærø ß")
    assert folded.text == "migracion ærø ss"
    assert len(folded.origin) == len(folded.text)
    assert folded.origin[-1] == folded.origin[-2] == len("MIGRACIÓN Ærø ß") - 1
    assert fold_query("  Salúd   PÚBLICA ") == "salud publica"


def test_search_is_accent_and_case_insensitive_and_highlights(client: TestClient) -> None:
    plain = client.get("/search", params={"q": "salud"})
    shouted = client.get("/search", params={"q": "SALÚD"})
    assert plain.status_code == shouted.status_code == 200
    assert "<mark>Salud</mark>" in plain.text and "<mark>salud</mark>" in plain.text
    count = plain.text.count('<li class="finding')
    assert count >= 2 and shouted.text.count('<li class="finding') == count


def test_every_word_must_match(client: TestClient) -> None:
    one = client.get("/search", params={"q": "salud", "format": "json"}).json()["count"]
    two = client.get("/search", params={"q": "salud tuberculosis", "format": "json"}).json()["count"]
    assert 0 < two < one


def test_facets_have_counts_and_narrow(client: TestClient) -> None:
    everything = client.get("/search", params={"q": "salud", "format": "json"}).json()
    countries = {f["value"]: f["count"] for f in everything["facets"]["country"]}
    assert countries and sum(countries.values()) == everything["count"]
    for name in ("country", "level", "domain", "polarity", "kind", "year"):
        assert everything["facets"][name], name
    code, expected = sorted(countries.items())[0]
    narrowed = client.get("/search", params={"q": "salud", "country": code, "format": "json"}).json()
    assert narrowed["count"] == expected
    assert {r["country"] for r in narrowed["results"]} == {code}
    # A facet's own counts ignore its own filter, so the other countries stay offered.
    assert {f["value"] for f in narrowed["facets"]["country"]} == set(countries)
    page = client.get("/search", params={"q": "salud", "country": code})
    assert 'aria-current="true" class="on" data-facet="country"' in page.text


def test_labels_of_facet_values_follow_the_language(client: TestClient) -> None:
    english = client.get("/search", params={"q": "salud", "format": "json"}).json()
    french = client.get("/search", params={"q": "salud", "format": "json", "lang": "fr"}).json()
    assert {f["label"] for f in english["facets"]["country"]} != {f["label"] for f in french["facets"]["country"]}


def test_query_text_is_escaped(client: TestClient) -> None:
    evil = '<script>alert("x")</script>'
    page = client.get("/search", params={"q": evil})
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert" in page.text


def test_results_download_as_csv_and_json(client: TestClient) -> None:
    answer = client.get("/search", params={"q": "salud", "format": "csv"})
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    document = client.get("/search", params={"q": "salud", "format": "json"}).json()
    assert len(rows) == document["count"] > 0
    assert rows[0]["finding"].startswith("https://w3id.org/mgi/profile/")
    assert "salud" in rows[0]["text"].lower()
    assert json.dumps(document)


def test_empty_search_lists_every_finding_and_pages(client: TestClient) -> None:
    document = client.get("/search", params={"format": "json"}).json()
    assert document["count"] == 165
    first = client.get("/search")
    assert first.text.count('<li class="finding') == 50
    assert 'rel="next"' in first.text
    last = client.get("/search", params={"page": "4"})
    assert last.text.count('<li class="finding') == 15


def test_search_box_on_every_page(client: TestClient) -> None:
    for path in ("/", "/profile/co-medellin-2022.html", "/sparql", "/country", "/queries", "/compare"):
        page = client.get(path, headers={"Accept": "text/html"})
        assert page.status_code == 200, path
        assert 'role="search"' in page.text and 'name="q"' in page.text, path


def test_index_pages(client: TestClient) -> None:
    countries = client.get("/country")
    assert countries.status_code == 200 and "Colombia" in countries.text and "/country/co" in countries.text
    places = client.get("/place")
    assert "Medell" in places.text and "Antioquia" in places.text
    institutions = client.get("/org")
    assert institutions.status_code == 200
    assert "government body" in institutions.text and "/org/co/medellin/" in institutions.text
    assert "international" in institutions.text and "local" in institutions.text
    instruments = client.get("/instrument")
    assert instruments.status_code == 200 and "/instrument/" in instruments.text


def test_country_codes_in_any_case(client: TestClient) -> None:
    upper = client.get("/country/CO")
    assert upper.status_code == 301 and upper.headers["location"].endswith("/country/co")
    assert client.get("/country/co").status_code == 303
    assert client.get("/country/zz").status_code == 404
