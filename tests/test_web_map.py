"""The map of the profiled places (issue #14 item 6): server-drawn SVG over Natural Earth
outlines, a link per place, a text list beside it, linked from the home and places pages."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

from server_support import TestClient

from mgi_graph.server.map import Frame, frame, outlines, project

SERVER = Path(__file__).resolve().parents[1] / "src" / "mgi_graph" / "server"
SVG = "{http://www.w3.org/2000/svg}"
PROFILES = ["co-medellin-2022", "co-bucaramanga-2022", "cl-monte-patria-2024", "ar-quilmes-2022", "pe-lima-2022"]


def map_svg(client: TestClient, **params: str) -> tuple[str, ElementTree.Element]:
    page = client.get("/map", params=params)
    assert page.status_code == 200
    match = re.search(r"<svg.*?</svg>", page.text, re.S)
    assert match is not None
    return page.text, ElementTree.fromstring(match.group(0))


def test_every_profiled_place_is_a_point_linking_to_its_profile(client: TestClient) -> None:
    _, svg = map_svg(client)
    links = [a.get("href", "") for a in svg.iter(f"{SVG}a")]
    assert sorted(link.rsplit("/", 1)[-1] for link in links) == sorted(PROFILES)
    names = [t.text for a in svg.iter(f"{SVG}a") for t in a.iter(f"{SVG}text")]
    assert "Medellín" in names and "Lima" in names


def test_points_sit_where_their_coordinates_put_them(client: TestClient) -> None:
    _, svg = map_svg(client)
    points = {a.get("href", "").rsplit("/", 1)[-1]: a.find(f"{SVG}circle") for a in svg.iter(f"{SVG}a")}
    medellin = points["co-medellin-2022"]
    assert medellin is not None
    x, y = project(6.25, -75.56)  # Medellín, GeoNames 3674962
    assert abs(float(medellin.get("cx", "0")) - x) < 5 and abs(float(medellin.get("cy", "0")) - y) < 5
    quilmes, lima = points["ar-quilmes-2022"], points["pe-lima-2022"]
    assert quilmes is not None and lima is not None
    assert float(quilmes.get("cy", "0")) > float(lima.get("cy", "0"))  # Quilmes lies south of Lima
    assert float(quilmes.get("cx", "0")) > float(lima.get("cx", "0"))  # and east of it


def test_the_map_shows_the_region_of_the_places_with_its_countries(client: TestClient) -> None:
    _, svg = map_svg(client)
    x, y, width, height = (float(n) for n in svg.get("viewBox", "").split())
    shown = Frame(x, y, width, height)
    for latitude, longitude in ((6.25, -75.56), (-34.72, -58.25), (-30.69, -70.96)):
        px, py = project(latitude, longitude)
        assert shown.overlaps((int(px), int(py), int(px), int(py)))
    assert width < 360 * 10 / 3  # a region, not the whole world
    paths = list(svg.iter(f"{SVG}path"))
    every = [o for o in outlines() if shown.overlaps(o.box)]
    assert len(paths) == len(every) < len(outlines())
    assert sum(p.get("class") == "profiled" for p in paths) >= 4  # CO, PE, CL, AR (mainland and islands)


def test_the_map_is_accessible_without_the_picture(client: TestClient) -> None:
    page, svg = map_svg(client, lang="es")
    labelled = svg.get("aria-labelledby", "").split()
    assert [svg.find(f"{SVG}title").get("id"), svg.find(f"{SVG}desc").get("id")] == labelled  # type: ignore[union-attr]
    assert all(a.find(f"{SVG}title") is not None for a in svg.iter(f"{SVG}a"))
    listing = page[page.index('class="plain map-list"'):]
    for profile in PROFILES:
        assert f'/profile/{profile}?lang=es"' in listing
    assert "Mapa de los lugares perfilados" in page
    assert "Natural Earth" in page


def test_the_map_is_linked_from_the_home_and_places_pages_and_the_sitemap(client: TestClient) -> None:
    for path in ("/", "/place"):
        assert 'href="http://testserver/map"' in client.get(path).text, path
    assert "<loc>http://testserver/map</loc>" in client.get("/sitemap.xml").text


def test_a_frame_covers_its_points_and_reads_on_a_page() -> None:
    chile = [project(-18.5, -70.3), project(-53.2, -70.9)]
    shown = frame(chile)
    assert shown.width >= 0.75 * shown.height
    assert all(shown.overlaps((int(x), int(y), int(x), int(y))) for x, y in chile)
    assert frame([]) == Frame(0, 0, 3600, 1800)
    one = frame([project(0, 0)])
    assert one.width >= 300 and one.height >= 300


def test_the_outlines_ship_with_their_licence_and_attribution() -> None:
    licence = (SERVER / "world.LICENSE.txt").read_text("utf-8")
    assert "Natural Earth" in licence and "public domain" in licence and "world-atlas" in licence
    names = {o.name for o in outlines()}
    assert {"Colombia", "Peru", "Chile", "Argentina"} <= names
    assert all(o.box[0] <= o.box[2] and o.box[1] <= o.box[3] for o in outlines())
