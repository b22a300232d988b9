"""Table files -> a Frictionless (Tabular) Data Package (``datapackage.json``) with
table schemas, keys, licences, sources, and each file's size and SHA-256."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mgi_graph.dump.tables.spec import Column, TableSpec
from mgi_graph.formats import CSV
from mgi_graph.dump.tables.tablefile import TableFile

# CSVW built-in datatype -> Table Schema type (and format)
FIELD_TYPES: dict[str, tuple[str, str]] = {
    "string": ("string", ""),
    "anyURI": ("string", "uri"),
    "language": ("string", ""),
    "integer": ("integer", ""),
    "decimal": ("number", ""),
    "boolean": ("boolean", ""),
    "gYear": ("year", ""),
    "gYearMonth": ("yearmonth", ""),
}


@dataclass(frozen=True)
class Source:
    path: str
    title: str
    license: str = ""


@dataclass(frozen=True)
class DatasetFacts:
    """What the graph says of the dataset as a whole (queries/dataset.rq)."""

    iri: str
    title: str
    description: str
    licenses: tuple[str, ...]
    sources: tuple[Source, ...]


def data_package(tables: Sequence[TableFile], facts: DatasetFacts) -> dict[str, Any]:
    licenses = [{"path": iri, "title": f"{facts.title}"} for iri in facts.licenses]
    licenses += [{"path": s.license, "title": f"Data from {s.title}"} for s in facts.sources if s.license]
    return {
        "profile": "tabular-data-package",
        "name": "mgi-graph",
        "id": facts.iri,
        "title": facts.title,
        "description": facts.description,
        "licenses": licenses,
        "sources": [{"title": s.title, "path": s.path} for s in facts.sources],
        "resources": [_resource(t, tables) for t in tables],
    }


def _resource(table: TableFile, tables: Sequence[TableFile]) -> dict[str, Any]:
    spec = table.spec
    schema: dict[str, Any] = {"fields": [_field(c) for c in spec.columns], "primaryKey": list(spec.primary_key)}
    if spec.foreign_keys:
        names = {t.spec.name: t.name for t in tables if t.is_main}
        schema["foreignKeys"] = [
            {"fields": list(fk.columns),
             "reference": {"resource": names[fk.table], "fields": list(fk.reference)}}
            for fk in spec.foreign_keys
        ]
    return {
        "name": table.name,
        "path": table.path,
        "profile": "tabular-data-resource",
        "title": table.titles["en"],
        "description": spec.description,
        "format": CSV.extension,
        "mediatype": CSV.media_type,
        "encoding": "utf-8",
        "bytes": len(table.data),
        "hash": f"sha256:{table.sha256}",
        "schema": schema,
    }


def _field(column: Column) -> dict[str, Any]:
    kind, fmt = FIELD_TYPES[column.datatype]
    field: dict[str, Any] = {"name": column.name, "title": column.titles["en"], "type": kind}
    if fmt:
        field["format"] = fmt
    if column.description:
        field["description"] = column.description
    if column.required:
        field["constraints"] = {"required": True}
    return field

