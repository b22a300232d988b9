"""Synthetic profiles made from the seeds, for benchmarks.

Each copy of a seed names another real city of the seed's country, one that
GeoNames knows under a unique name, so it parses, locates and validates like a
real profile.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from mgi_graph.parse import read_profile
from mgi_graph.locator.gazetteer import find_places, populated_places
from mgi_graph.locator.registry import locate_profile

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "profiles"


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _other_cities(country: str, exclude: str) -> Iterator[str]:
    for name in populated_places(country):
        if name != exclude and name.replace(" ", "").isalpha() and len(find_places(name)) == 1:
            yield name


def write_synthetic(count: int, out: Path) -> list[Path]:
    """``count`` profile files in ``out``, cycling over the seeds."""
    out.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    places = {seed: locate_profile(read_profile(seed)) for seed in seeds}
    # One pool per country: two seeds of a country must not name the same city.
    pools = {p.country: _other_cities(p.country or "", p.place) for p in places.values()}
    paths = []
    for index, seed in zip(range(count), itertools.cycle(seeds)):
        place = places[seed].place
        city = next(pools[places[seed].country])
        text = seed.read_text("utf-8")
        for spelling in sorted({place, _unaccented(place)}, key=len, reverse=True):
            text = text.replace(spelling, city)
        path = out / f"synthetic-{index:04d}.txt"
        path.write_text(text, "utf-8")
        paths.append(path)
    return paths
