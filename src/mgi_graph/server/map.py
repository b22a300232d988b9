"""The map of the profiled places: their coordinates over country outlines, drawn by the
server as SVG (no tile server, no script).

The outlines are Natural Earth's 1:110m countries, projected by tools/world/outlines.mjs
into ``world.tsv`` (licence and attribution in ``world.LICENSE.txt``). Places are projected
here the same way (equirectangular, ``SCALE`` units a degree), and the map shows the part of
the world around them: the outlines that fall outside are left out of the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pyoxigraph as ox

from mgi_graph.server.pages import Row, select
from mgi_graph.server.views import View

SCALE = 10  # projected units a degree, as in tools/world/outlines.mjs
MARGIN = 8 * SCALE  # around the places, so each has its neighbours for context
MIN_SPAN = 30 * SCALE  # a single place still shows its region, not one country's corner
MIN_ASPECT = 0.75  # width / height: a long, thin frame (Chile) is widened to read on a page


@dataclass(frozen=True)
class Outline:
    """One polygon of a country: ISO 3166-1 numeric code, name, bounding box, SVG path."""

    code: str
    name: str
    box: tuple[int, int, int, int]
    path: str


@dataclass(frozen=True)
class Frame:
    """The projected rectangle the map shows."""

    x: float
    y: float
    width: float
    height: float

    def overlaps(self, box: tuple[int, int, int, int]) -> bool:
        return box[0] <= self.x + self.width and box[2] >= self.x and box[1] <= self.y + self.height and box[3] >= self.y

    @property
    def view_box(self) -> str:
        return f"{self.x:g} {self.y:g} {self.width:g} {self.height:g}"


@cache
def outlines() -> tuple[Outline, ...]:
    found = []
    text = (files("mgi_graph.server") / "world.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, name, box, path = line.split("\t")
            x0, y0, x1, y1 = (int(n) for n in box.split())
            found.append(Outline(code, name, (x0, y0, x1, y1), path))
    return tuple(found)


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """Equirectangular: x east from 180°W, y south from 90°N (SVG's y axis points down)."""
    return round((longitude + 180) * SCALE, 1), round((90 - latitude) * SCALE, 1)


def frame(points: list[tuple[float, float]]) -> Frame:
    """The points' bounding box with a margin, at least ``MIN_SPAN`` wide and tall, and no
    narrower than ``MIN_ASPECT``; the whole world when there are no points."""
    if not points:
        return Frame(0, 0, 360 * SCALE, 180 * SCALE)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    width = max(max(xs) - min(xs) + 2 * MARGIN, MIN_SPAN)
    height = max(max(ys) - min(ys) + 2 * MARGIN, MIN_SPAN)
    width = max(width, height * MIN_ASPECT)
    centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return Frame(math.floor(centre_x - width / 2), math.floor(centre_y - height / 2), math.ceil(width) + 1, math.ceil(height) + 1)


def places(store: ox.Store, view: View) -> list[Row]:
    """Each profile whose place has coordinates: the place, the profile, the point."""
    rows = select(store, """
        SELECT ?p ?place ?country (SAMPLE(?entity) AS ?name) (SAMPLE(?issued) AS ?date) (SAMPLE(?code) AS ?numeric)
               (SAMPLE(?lat) AS ?latitude) (SAMPLE(?long) AS ?longitude) WHERE {
          ?p a mgi:Profile ; dcterms:spatial ?place ; mgi:country ?country .
          ?place schema:geo ?geo . ?geo schema:latitude ?lat ; schema:longitude ?long .
          OPTIONAL { ?p mgi:entityName ?entity } OPTIONAL { ?p dcterms:issued ?issued }
          OPTIONAL { ?country mgi:iso3166Numeric ?code }
        } GROUP BY ?p ?place ?country""")
    found = []
    for row in rows:
        x, y = project(float(row["latitude"].value), float(row["longitude"].value))
        year = str(row["date"].value)[:4] if row.get("date") else ""
        found.append({"place": view.cell(row["place"]), "country": view.cell(row["country"]),
                      "profile": view.page(str(row["p"].value)), "year": year,
                      "name": str(row["name"].value) if row.get("name") else view.label(str(row["p"].value)),
                      "numeric": str(row["numeric"].value) if row.get("numeric") else "", "x": x, "y": y})
    return sorted(found, key=lambda r: (r["place"].text.casefold(), r["year"]))


def world_map(store: ox.Store, view: View) -> Row:
    """What the map template draws: the frame, the outlines in it (the profiled countries
    marked) and the places."""
    points = places(store, view)
    shown = frame([(p["x"], p["y"]) for p in points])
    profiled = {_numeric(p["numeric"]) for p in points if p["numeric"]}
    countries = [{"path": o.path, "profiled": _numeric(o.code) in profiled}
                 for o in outlines() if shown.overlaps(o.box)]
    radius = round(max(shown.width, shown.height) / 90, 1)
    for point in points:
        point["label_side"] = _label_side(point, points, radius)
    return {"view_box": shown.view_box, "countries": countries, "places": points, "radius": radius,
            "label_size": round(radius * 2.4, 1), "stroke": round(radius / 4, 2)}


def _label_side(point: Row, points: list[Row], radius: float) -> str:
    """``start`` (the name right of its point) unless another point sits where the name would
    run, then ``end`` (left of it): Medellín and Bucaramanga lie 2.5° apart."""
    crowded = any(0 < other["x"] - point["x"] < 12 * radius and abs(other["y"] - point["y"]) < 3 * radius
                  for other in points if other is not point)
    return "end" if crowded else "start"


def _numeric(code: str) -> int | None:
    """ISO 3166-1 numeric codes compared as numbers: the atlas writes ``032``, a graph may ``32``."""
    return int(code) if code.isdigit() else None
