"""Comparison of profiles chosen by name, and the heat map of the home page (issue #14 items 2, 6)."""

from __future__ import annotations

import re

from server_support import TestClient

from mgi_graph.server.pages import heat_shade

PAIR = {"profiles": ["co-medellin-2022", "pe-lima-2022"]}


def test_the_form_offers_profiles_by_name(client: TestClient) -> None:
    page = client.get("/compare")
    assert page.status_code == 200
    assert 'type="checkbox" name="profiles" value="co-medellin-2022"' in page.text
    assert "District of Medellín (2022)" in page.text
    assert "Municipalidad Metropolitana de Lima (2022)" in page.text


def test_two_profiles_side_by_side_with_named_columns(client: TestClient) -> None:
    page = client.get("/compare", params=PAIR)
    assert page.status_code == 200
    head = re.search(r"<thead>(.*?)</thead>", page.text, re.S)
    assert head is not None
    assert "District of Medellín (2022)" in head.group(1) and "Lima (2022)" in head.group(1)
    assert "a_well_developed" not in page.text
    assert page.text.count('<section class="domain"') == 6
    assert page.text.count('<div class="column">') == 12
    # Every finding of both profiles is shown once (Medellín 35, Lima's from the data).
    lima = client.get("/search", params={"profile": "pe-lima-2022", "format": "json"}).json()["count"]
    assert page.text.count('<li class="finding') == 35 + lima
    assert 'checked' in page.text


def test_one_profile_asks_for_another_and_unknown_ids_are_named(client: TestClient) -> None:
    one = client.get("/compare", params={"profiles": "co-medellin-2022"})
    assert "Choose at least one more profile." in one.text and '<section class="domain"' not in one.text
    unknown = client.get("/compare", params={"profiles": ["co-medellin-2022", "<b>x</b>"]})
    assert "&lt;b&gt;x&lt;/b&gt;" in unknown.text and "<b>x</b>" not in unknown.text


def test_compare_is_linked_from_home_and_profiles(client: TestClient) -> None:
    home = client.get("/")
    assert "/compare?profiles=ar-quilmes-2022&amp;profiles=" in home.text
    profile = client.get("/profile/co-medellin-2022.html")
    assert "/compare?profiles=co-medellin-2022" in profile.text


def test_heat_shades_are_diverging_and_balanced_is_neutral() -> None:
    assert heat_shade(0, 0) == "empty"
    assert heat_shade(2, 2) == "balanced"
    assert heat_shade(0, 5) == "gap-strong" and heat_shade(2, 3) == "gap"
    assert heat_shade(3, 2) == "good" and heat_shade(5, 0) == "good-strong"


def test_heat_map_cells_link_to_search_and_have_totals(client: TestClient) -> None:
    home = client.get("/")
    cells = re.findall(r'<td class="heat ([a-z-]+)"[^>]*>\s*<a href="([^"]+)"', home.text)
    assert len(cells) == 30
    assert all("/search?profile=" in href and "domain=" in href for _, href in cells)
    assert 'class="legend"' in home.text and "<tfoot>" in home.text
    assert home.text.count('<td class="total"') == 6 + 5 + 1
    shade, href = cells[0]
    target = client.get(href.replace("http://testserver", "").replace("&amp;", "&") + "&format=json").json()
    assert target["count"] > 0
    match = re.search(r'profile=([^&]+)&amp;domain=([^"&]+)', href)
    assert match is not None
    assert {r["profile_id"] for r in target["results"]} <= {match.group(1)}
    assert {r["domain"] for r in target["results"]} <= {match.group(2)}
