"""The built graph -> ``dist/tables/*.csv``, one findings CSV per profile, their CSVW
metadata and the data package; returns what it wrote, for VoID and the checksums."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
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
from mgi_graph.dump.tables.rows import (Row, csv_header, csv_writable, graph_ntriples, select_records, store_of,
                                        table_csv)
from mgi_graph.dump.tables.spec import TableSpec, load_specs
from mgi_graph.dump.tables.tablefile import TableFile
from mgi_graph.dump.jsontext import iter_json

CSVW_FILE = FOLDER + "csv-metadata.json"
PACKAGE_FILE = "datapackage.json"
# file -> media type (IANA): the package is plain JSON for any JSON reader
JSON_MEDIA_TYPES = {CSVW_FILE: CSVW.media_type, PACKAGE_FILE: JSON.media_type}


# The table that also has a file per profile, for the profile's own page.
PER_PROFILE_TABLE = "findings"
# profile id -> table name -> that profile's rows of a ``by_profile`` table (CSV without header)
ProfileRows = Mapping[str, Mapping[str, bytes]]


def write_tables(graph: Graph | bytes, out_dir: Path, iris: Iris,
                 by_profile: ProfileRows | None = None) -> dict[str, str]:
    """Write every table of ``graph`` (a graph, or its N-Triples in UTF-8) under ``out_dir``; returns
    {relative path: media type}. ``by_profile`` holds every profile's rows of the
    ``by_profile`` tables (``rows.profile_rows``), which are then joined rather than queried:
    the same bytes."""
    ntriples = graph if isinstance(graph, bytes) else graph_ntriples(graph)
    store = store_of(ntriples)
    tables = _table_files(store, iris.base, rust_csv=csv_writable(ntriples), by_profile=by_profile)
    facts = _dataset_facts(store, iris)
    write_files([
        *((out_dir / table.path, table.data) for table in tables),
        (out_dir / CSVW_FILE, _json(csvw_metadata(tables, title=facts.title, license_iris=facts.licenses))),
        (out_dir / PACKAGE_FILE, _json(data_package(tables, facts))),
    ])
    return {**{t.path: CSV.media_type for t in tables}, **JSON_MEDIA_TYPES}


def _table_files(store: ox.Store, base: str, *, rust_csv: bool, by_profile: ProfileRows | None) -> list[TableFile]:
    """Every table file, the per-profile ones after their table."""
    files: list[TableFile] = []
    for spec in load_specs():
        if spec.by_profile and by_profile is not None:
            parts = {profile_id: rows[spec.name] for profile_id, rows in sorted(by_profile.items())}
            data = csv_header(spec) + b"".join(parts.values())
        else:
            data = table_csv(store, spec, base, rust_csv=rust_csv)
            parts = _split_by_profile(spec, data) if spec.name == PER_PROFILE_TABLE else {}
        files.append(TableFile(f"{FOLDER}{spec.name}.{CSV.extension}", spec.name, spec, spec.titles, data))
        if spec.name == PER_PROFILE_TABLE:
            files += _per_profile(spec, parts)
    return files


def _split_by_profile(spec: TableSpec, data: bytes) -> dict[str, bytes]:
    """The rows of a table's CSV ``data`` by profile id, each profile's as CSV without header."""
    index = spec.column_names.index("profile_id")
    groups: dict[str, list[Row]] = {}
    for row in _read_csv(data):
        groups.setdefault(row[index], []).append(row)
    header = len(csv_header(spec))
    return {profile_id: csv_bytes(spec.column_names, rows)[header:] for profile_id, rows in groups.items()}


def _read_csv(data: bytes) -> list[Row]:
    """The rows of a table's CSV bytes, without the header."""
    rows = [tuple(row) for row in csv.reader(io.StringIO(data.decode("utf-8"), newline=""))]
    return rows[1:]


def _per_profile(spec: TableSpec, parts: Mapping[str, bytes]) -> list[TableFile]:
    """One file per profile that has rows in ``parts``."""
    return [
        TableFile(f"{FOLDER}{spec.name}/{profile_id}.{CSV.extension}", f"{spec.name}-{profile_id}", spec,
                  {lang: f"{title}: {profile_id}" for lang, title in spec.titles.items()},
                  csv_header(spec) + parts[profile_id], is_main=False)
        for profile_id in sorted(parts) if parts[profile_id]
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
