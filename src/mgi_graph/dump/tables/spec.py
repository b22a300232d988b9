"""The table definitions (``tables.json``) as plain dataclasses.

One table per kind of thing; each column says how it maps back to the graph,
which the CSVW metadata and the data package are both written from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from mgi_graph.errors import ResourceNotFoundError
from mgi_graph.namespaces import PREFIXES


@dataclass(frozen=True)
class Column:
    name: str
    datatype: str  # a CSVW built-in datatype name
    titles: dict[str, str]
    property: str = ""  # a CURIE; "" when the column maps to no triple
    about: str = ""  # the column holding the subject IRI; "" for the row's key
    about_suffix: str = ""
    iri: bool = False  # the cell is an IRI (the object of the triple)
    lang: str = ""
    suppress: bool = False
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Virtual:
    """A triple every row yields that no single cell holds, e.g. ``profile schema:hasPart finding``."""

    about: str
    property: str
    column: str


@dataclass(frozen=True)
class TableSpec:
    name: str
    key: str
    titles: dict[str, str]
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    types: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    virtual: tuple[Virtual, ...] = ()
    # Each profile's rows come from its own graph and the vocabulary alone, in profile id order:
    # the build makes them with the profile (``rows.profile_rows``) and joins them.
    by_profile: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@cache
def load_specs() -> tuple[TableSpec, ...]:
    """Every table of ``tables.json``, in publishing order (read once: every profile's table
    rows need them)."""
    document = json.loads(_folder().joinpath("tables.json").read_text("utf-8"))
    return tuple(_table(t) for t in document["tables"])


def read_query(name: str) -> str:
    """The SELECT query of table ``name`` (``queries/{name}.rq``)."""
    path = _folder() / "queries" / f"{name}.rq"
    if not path.is_file():
        raise ResourceNotFoundError(f"tables/queries/{name}.rq")
    return path.read_text("utf-8")


def expand(curie: str) -> str:
    """``schema:name`` -> ``https://schema.org/name``; CSVW output uses full IRIs only."""
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else curie


def _folder() -> Traversable:
    return files("mgi_graph.dump.tables")


def _table(data: dict[str, Any]) -> TableSpec:
    return TableSpec(
        name=data["name"],
        key=data["key"],
        titles=data["titles"],
        description=data["description"],
        columns=tuple(Column(**c) for c in data["columns"]),
        primary_key=tuple(data["primary_key"]),
        types=tuple(data.get("types", ())),
        foreign_keys=tuple(ForeignKey(tuple(f["columns"]), f["table"], tuple(f["reference"]))
                           for f in data.get("foreign_keys", ())),
        virtual=tuple(Virtual(**v) for v in data.get("virtual", ())),
        by_profile=data.get("by_profile", False),
    )
