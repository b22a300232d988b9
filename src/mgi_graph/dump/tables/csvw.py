"""Table files -> W3C CSV on the Web metadata (``tables/csv-metadata.json``).

aboutUrl, propertyUrl and valueUrl map each row to the graph's own IRIs and
properties, so that a CSVW processor's RDF of a table is a subset of the graph.
Columns CSVW cannot map (a language given per row, counts) are suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mgi_graph.dump.tables.spec import Column, TableSpec, expand
from mgi_graph.dump.tables.tablefile import TableFile
from mgi_graph.namespaces import RDF_TYPE

FOLDER = "tables/"


def csvw_metadata(tables: Sequence[TableFile], *, title: str, license_iris: Sequence[str]) -> dict[str, Any]:
    """The table group describing ``tables``; URLs are relative to ``tables/``."""
    urls = {t.spec.name: _url(t) for t in tables if t.is_main}
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "dc:title": title,
        **({"dc:license": [{"@id": iri} for iri in license_iris]} if license_iris else {}),
        "tables": [_table(t, urls) for t in tables],
    }


def _url(table: TableFile) -> str:
    return table.path.removeprefix(FOLDER)


def _table(table: TableFile, urls: dict[str, str]) -> dict[str, Any]:
    spec = table.spec
    schema: dict[str, Any] = {
        "columns": [_column(c, spec) for c in spec.columns] + _virtual_columns(spec),
        "primaryKey": list(spec.primary_key),
        "aboutUrl": "{+%s}" % spec.key,
    }
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {"columnReference": list(fk.columns),
             "reference": {"resource": urls[fk.table], "columnReference": list(fk.reference)}}
            for fk in spec.foreign_keys
        ]
    return {
        "url": _url(table),
        "dc:title": [{"@value": text, "@language": lang} for lang, text in table.titles.items()],
        "dc:description": table.spec.description,
        "tableSchema": schema,
    }


def _column(column: Column, spec: TableSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"name": column.name, "titles": column.titles, "datatype": column.datatype}
    if column.required:
        out["required"] = True
    if column.description:
        out["dc:description"] = column.description
    if column.suppress or not column.property:
        out["suppressOutput"] = True
        return out
    out["propertyUrl"] = expand(column.property)
    if column.about and column.about != spec.key:
        out["aboutUrl"] = "{+%s}%s" % (column.about, column.about_suffix)
    elif column.about_suffix:
        out["aboutUrl"] = "{+%s}%s" % (spec.key, column.about_suffix)
    if column.iri:
        out["valueUrl"] = "{+%s}" % column.name
    if column.lang:
        out["lang"] = column.lang
    return out


def _virtual_columns(spec: TableSpec) -> list[dict[str, Any]]:
    columns = [{"name": f"type_{i}", "virtual": True, "propertyUrl": RDF_TYPE, "valueUrl": expand(t)}
               for i, t in enumerate(spec.types, start=1)]
    columns += [{"name": f"virtual_{i}", "virtual": True, "aboutUrl": "{+%s}" % v.about,
                 "propertyUrl": expand(v.property), "valueUrl": "{+%s}" % v.column}
                for i, v in enumerate(spec.virtual, start=1)]
    return columns
