"""The built graph -> ``dist/tables/*.csv``, one findings CSV per profile, their CSVW
metadata and the data package; returns what it wrote, for VoID and the checksums."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from mgi_graph.formats import CSV, CSVW, JSON
from mgi_graph.iris import Iris
from mgi_graph.dump.files import write_files
from mgi_graph.dump.tables.csvfile import csv_bytes
from mgi_graph.dump.tables.csvw import FOLDER, csvw_metadata
from mgi_graph.dump.tables.datapackage import DatasetFacts, Source, data_package
from mgi_graph.dump.tables.rows import (Row, csv_writable, graph_ntriples, select_csv, select_records,
                                        select_rows, store_of)
from mgi_graph.dump.tables.spec import TableSpec, load_specs
from mgi_graph.dump.tables.tablefile import TableFile
from mgi_graph.dump.jsontext import iter_json

CSVW_FILE = FOLDER + "csv-metadata.json"
PACKAGE_FILE = "datapackage.json"
# file -> media type (IANA): the package is plain JSON for any JSON reader
JSON_MEDIA_TYPES = {CSVW_FILE: CSVW.media_type, PACKAGE_FILE: JSON.media_type}


def write_tables(graph: Graph | str, out_dir: Path, iris: Iris) -> dict[str, str]:
    """Write every table of ``graph`` (a graph, or its N-Triples) under ``out_dir``; returns
    {relative path: media type}."""
    ntriples = graph.encode("utf-8") if isinstance(graph, str) else graph_ntriples(graph)
    store = store_of(ntriples)
    tables = _table_files(store, iris.base, rust_csv=csv_writable(ntriples))
    facts = _dataset_facts(store, iris)
    write_files([
        *((out_dir / table.path, table.data) for table in tables),
        (out_dir / CSVW_FILE, _json(csvw_metadata(tables, title=facts.title, license_iris=facts.licenses))),
        (out_dir / PACKAGE_FILE, _json(data_package(tables, facts))),
    ])
    return {**{t.path: CSV.media_type for t in tables}, **JSON_MEDIA_TYPES}


def _table_files(store: ox.Store, base: str, *, rust_csv: bool) -> list[TableFile]:
    """Every table file; with ``rust_csv`` oxigraph writes the CSV bytes (the same bytes, far
    faster than a Python row per solution), else ``csv_bytes`` does."""
    files: list[TableFile] = []
    for spec in load_specs():
        if rust_csv:
            data = select_csv(store, spec, base)
            rows = _read_csv(data) if spec.name == "findings" else []
        else:
            rows = select_rows(store, spec, base)
            data = csv_bytes(spec.column_names, rows)
        files.append(TableFile(f"{FOLDER}{spec.name}.{CSV.extension}", spec.name, spec, spec.titles, data))
        if spec.name == "findings":
            files += _per_profile(spec, rows)
    return files


def _read_csv(data: bytes) -> list[Row]:
    """The rows of a table's CSV bytes, without the header."""
    rows = [tuple(row) for row in csv.reader(io.StringIO(data.decode("utf-8"), newline=""))]
    return rows[1:]


def _per_profile(spec: TableSpec, rows: list[Row]) -> list[TableFile]:
    """One findings file per profile, for the profile's own page."""
    index = spec.column_names.index("profile_id")
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row[index], []).append(row)
    return [
        TableFile(f"{FOLDER}findings/{profile_id}.{CSV.extension}", f"findings-{profile_id}", spec,
                  {lang: f"{title}: {profile_id}" for lang, title in spec.titles.items()},
                  csv_bytes(spec.column_names, groups[profile_id]), is_main=False)
        for profile_id in sorted(groups)
    ]


def _dataset_facts(store: ox.Store, iris: Iris) -> DatasetFacts:
    rows = select_records(store, "dataset", iris.base)
    first: dict[str, str] = rows[0] if rows else {}
    sources = {r["source"]: Source(r["source"], r.get("source_title", r["source"]), r.get("source_license", ""))
               for r in rows if "source" in r}
    return DatasetFacts(
        iri=str(iris.dataset()),
        title=first.get("title", "mgi-graph"),
        description=first.get("description", ""),
        licenses=tuple(sorted({r["license"] for r in rows if "license" in r})),
        sources=tuple(sources[k] for k in sorted(sources)),
    )


def _json(document: dict[str, Any]) -> bytes:
    return ("".join(iter_json(document)) + "\n").encode("utf-8")
