"""Tidy CSV tables (dist/tables/): one row per thing, counts equal to the graph's,
RFC 4180, stable bytes, and metadata that independent processors accept:
the ``csvw`` package (CSV on the Web) and ``frictionless`` (Data Package)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import csvw
import frictionless
import pytest
from csvw.jsonld import Triple, format_value
from csvw.metadata import NAMESPACES
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, XSD
from seeds import SEED_IDS

from mgi_graph.iris import Iris
from mgi_graph.namespaces import MGI, SCHEMA
from mgi_graph.dump.tables import write_tables
from mgi_graph.dump.tables.spec import load_specs

TABLES = ("profiles", "findings", "mentions", "institutions", "institution_alt_labels", "instruments",
          "instrument_alt_labels", "places", "divisions", "countries", "domains", "polarities")


@pytest.fixture(scope="module")
def graph(dist: Path) -> Graph:
    return Graph().parse(dist / "mgi.nt", format="nt")


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))


def test_every_table_is_written_with_its_metadata(dist: Path) -> None:
    names = {p.relative_to(dist).as_posix() for p in (dist / "tables").rglob("*") if p.is_file()}
    assert names == ({f"tables/{t}.csv" for t in TABLES} | {f"tables/findings/{i}.csv" for i in SEED_IDS}
                     | {"tables/csv-metadata.json"})
    assert (dist / "datapackage.json").is_file()


@pytest.mark.parametrize(("table", "cls"), [
    ("profiles", MGI.Profile), ("findings", MGI.Finding), ("institutions", ORG.Organization),
    ("instruments", MGI.Instrument), ("places", SCHEMA.City), ("divisions", SCHEMA.AdministrativeArea),
    ("countries", SCHEMA.Country),
])
def test_one_row_per_thing_of_the_graph(dist: Path, graph: Graph, table: str, cls: URIRef) -> None:
    rows = _rows(dist / "tables" / f"{table}.csv")
    key = next(iter(rows[0]))
    assert sorted(r[key] for r in rows) == sorted(str(s) for s in graph.subjects(RDF.type, cls))


def test_counts_are_the_graphs(dist: Path, graph: Graph) -> None:
    assert len(_rows(dist / "tables" / "findings.csv")) == 165
    mentions = {(r["finding"], r["mentioned"]) for r in _rows(dist / "tables" / "mentions.csv")}
    assert mentions == {(str(s), str(o)) for s, o in graph.subject_objects(SCHEMA.mentions)}
    profiles = {r["id"]: r for r in _rows(dist / "tables" / "profiles.csv")}
    assert sorted(profiles) == SEED_IDS
    assert sum(int(p["findings"]) for p in profiles.values()) == 165
    for p in profiles.values():
        assert int(p["well_developed"]) + int(p["potential"]) == int(p["findings"])


def test_each_profile_has_its_own_findings_file(dist: Path) -> None:
    everything = _rows(dist / "tables" / "findings.csv")
    for profile_id in SEED_IDS:
        own = _rows(dist / "tables" / "findings" / f"{profile_id}.csv")
        assert own == [r for r in everything if r["profile_id"] == profile_id]
        assert [int(r["position"]) for r in own] == list(range(1, len(own) + 1))


@pytest.mark.parametrize("table", TABLES)
def test_csv_is_rfc4180_utf8_with_a_header_and_no_index(dist: Path, table: str) -> None:
    data = (dist / "tables" / f"{table}.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    assert header[0] == {t.name: t.key for t in load_specs()}[table]  # the key first, no index column
    assert all(len(r) == len(header) for r in rows) and rows
    assert all(not c.startswith("Unnamed") and c for c in header)


def test_no_cell_joins_several_values(dist: Path) -> None:
    for table in TABLES:
        for row in _rows(dist / "tables" / f"{table}.csv"):
            for column, value in row.items():
                if column not in ("text", "title", "entity") and "label" not in column and "name" not in column:
                    assert ";" not in value and "|" not in value, (table, column, value)


def test_rebuilding_gives_byte_identical_tables(tmp_path: Path, graph: Graph) -> None:
    first = write_tables(graph, tmp_path / "a", Iris())
    second = write_tables(graph, tmp_path / "b", Iris())
    assert first == second and len(first) == len(TABLES) + len(SEED_IDS) + 2
    for name in first:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_tables_made_profile_by_profile_are_those_queried_from_the_whole_graph(tmp_path: Path, dist: Path,
                                                                                graph: Graph) -> None:
    """The build joins each profile's rows of the ``by_profile`` tables, made from the profile's
    graph and the vocabulary; the same queries over the published graph give the same bytes."""
    assert {spec.name for spec in load_specs() if spec.by_profile} == {"findings", "mentions"}
    written = write_tables(graph, tmp_path, Iris())
    for name in written:
        assert (tmp_path / name).read_bytes() == (dist / name).read_bytes(), name


def test_profile_rows_quote_an_iri_holding_a_comma(dist: Path) -> None:
    from mgi_graph.dump.tables.rows import profile_rows

    profile = Iris().profile(SEED_IDS[0])
    text = (dist / "mgi.nt").read_text("utf-8")
    finding = next(line.split(" ", 1)[0] for line in text.splitlines() if f"<{SCHEMA.isPartOf}> <{profile}>" in line)
    odd = f"<{Iris().base}org/co/a,b>"
    rows = profile_rows(text + f"{finding} <{SCHEMA.mentions}> {odd} .\n{odd} <{RDF.type}> <{ORG.Organization}> .\n",
                        Iris().base)
    assert f'"{odd[1:-1]}",institution'.encode() in rows["mentions"]
    assert rows["findings"].count(finding[1:-1].encode()) == 1


# --- CSV on the Web, read by the independent csvw package -------------------------------------------

def _iri(value: str) -> str:
    prefix, _, local = value.partition(":")
    return NAMESPACES[prefix] + local if prefix in NAMESPACES and not local.startswith("//") else value


def _csvw_triples(metadata: Path) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    """CSV2RDF (minimal mode) of every table, with the csvw package's URI templates and parsing.

    The package stops at JSON; its per-cell triples are given the column's declared
    datatype or language, as CSV2RDF says (csvw does not know the built-in ``language``
    datatype, so declared types are read from the metadata file).
    """
    declared = {(t["url"], c["name"]): c for t in json.loads(metadata.read_text("utf-8"))["tables"]
                for c in t["tableSchema"]["columns"]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        group = csvw.CSVW(str(metadata))
    for table in group.tables:
        about = table.tableSchema.inherit("aboutUrl")
        columns = {c.header: c for c in table.tableSchema.columns}
        for rownum, parsed in enumerate(table.iterdicts(strict=True), start=1):
            # csvw expands templates with parsed values, and an anyURI parses to a tuple:
            # give the templates each cell's string form, through csvw's own formatter.
            row = {k: format_value(v, columns[k]) if v is not None else None for k, v in parsed.items()}
            subject = table.expand(about, row, _row=rownum)
            for column in table.tableSchema.columns:
                value = row.get(column.header)
                if column.suppressOutput or (not column.virtual and value in (None, "")):
                    continue
                triple = Triple.from_col(table, column, row, column.header, value, rownum)
                spec = declared[(str(table.url), column.name)]
                s = URIRef(_iri(triple.about or subject))
                p = URIRef(_iri(triple.property))
                if column.valueUrl:
                    yield s, p, URIRef(_iri(str(triple.value)))
                elif "lang" in spec:
                    yield s, p, Literal(str(value), lang=spec["lang"])
                else:
                    lexical = column.datatype.formatted(parsed[column.header]) if column.datatype else str(value)
                    datatype = None if spec["datatype"] == "string" else XSD[spec["datatype"]]
                    yield s, p, Literal(lexical, datatype=datatype)


def test_csvw_rdf_of_the_tables_is_a_subset_of_the_graph(dist: Path, graph: Graph) -> None:
    triples = set(_csvw_triples(dist / "tables" / "csv-metadata.json"))
    missing = sorted(t for t in triples if t not in graph)
    assert not missing, missing[:5]
    assert len(triples) > 1500
    # the mapping reaches every kind of thing and the links between them
    predicates = {p for _, p, _ in triples}
    assert {SCHEMA.position, SCHEMA.mentions, SCHEMA.isPartOf, SCHEMA.hasPart, MGI.domain, MGI.polarity,
            ORG.classification, MGI.iso3166Alpha2, SCHEMA.latitude, MGI.geonamesId} <= predicates
    findings = {s for s, p, o in triples if p == RDF.type and o == MGI.Finding}
    assert len(findings) == 165


def test_csvw_metadata_keys_hold(dist: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        group = csvw.TableGroup.from_file(dist / "tables" / "csv-metadata.json")
    assert group.check_referential_integrity()
    for table in group.tables:
        assert [c.name for c in table.tableSchema.columns if not c.virtual] == next(
            csv.reader(io.StringIO((dist / "tables" / str(table.url)).read_text("utf-8"))))
        for column in table.tableSchema.columns:
            if not column.virtual:
                assert set(column.titles) == {"en", "es", "fr", "pt"}, (table.url, column.name)


def test_csvw_processor_catches_a_broken_foreign_key(tmp_path: Path, dist: Path) -> None:
    copy = tmp_path / "tables"
    shutil.copytree(dist / "tables", copy)
    findings = copy / "findings.csv"
    findings.write_bytes(findings.read_bytes().replace(b"/profile/ar-quilmes-2022,", b"/profile/nowhere,", 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        group = csvw.TableGroup.from_file(copy / "csv-metadata.json")
    with pytest.raises(ValueError):
        group.check_referential_integrity(strict=True)


# --- Frictionless Data Package -----------------------------------------------------------------------

def _errors(report: Any) -> list[str]:
    return [f"{e.type}: {e.message}" for task in report.tasks for e in task.errors] + [
        f"{e.type}: {e.message}" for e in report.errors]


def test_frictionless_validates_the_data_package(dist: Path) -> None:
    report = frictionless.validate(str(dist / "datapackage.json"))
    assert report.valid, _errors(report)[:5]
    assert len(report.tasks) == len(TABLES) + len(SEED_IDS)


def test_data_package_sizes_and_hashes_are_the_files(dist: Path) -> None:
    package = json.loads((dist / "datapackage.json").read_text("utf-8"))
    for resource in package["resources"]:
        data = (dist / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert package["licenses"] and package["sources"]
    assert {s["path"] for s in package["sources"]} >= {"https://www.geonames.org/"}


def test_frictionless_notices_a_changed_file(tmp_path: Path, dist: Path) -> None:
    copy = tmp_path / "dist"
    shutil.copytree(dist / "tables", copy / "tables")
    shutil.copy(dist / "datapackage.json", copy)
    countries = copy / "tables" / "countries.csv"
    countries.write_bytes(countries.read_bytes().replace(b"Argentina", b"Argentinia", 1))
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert any("hash" in e or "byte" in e for e in _errors(report))


# --- Published: in VoID and SHA256SUMS, served under /dumps/, linked from the pages -------------------

def _published(dist: Path) -> list[str]:
    return sorted([p.relative_to(dist).as_posix() for p in (dist / "tables").rglob("*") if p.is_file()]
                  + ["datapackage.json"])


def test_tables_are_dcat_distributions_with_checksums(dist: Path) -> None:
    void = Graph().parse(dist / "void.ttl")
    dcat = "http://www.w3.org/ns/dcat#"
    spdx = "http://spdx.org/rdf/terms#"
    for name in _published(dist):
        data = (dist / name).read_bytes()
        node = URIRef(Iris().distribution(name))
        assert (node, RDF.type, URIRef(dcat + "Distribution")) in void, name
        assert int(void.value(node, URIRef(dcat + "byteSize"))) == len(data)
        checksum = void.value(node, URIRef(spdx + "checksum"))
        assert str(void.value(checksum, URIRef(spdx + "checksumValue"))) == hashlib.sha256(data).hexdigest()
    media = void.value(URIRef(Iris().distribution("tables/findings.csv")), URIRef(dcat + "mediaType"))
    assert str(media).endswith("/text/csv")


def test_tables_are_in_the_checksums_file(dist: Path) -> None:
    listed = {line.split("  ")[1] for line in (dist / "SHA256SUMS").read_text("utf-8").splitlines()}
    assert set(_published(dist)) <= listed


def test_tables_are_served_under_dumps(client: Any, dist: Path) -> None:
    for name in ("tables/findings/co-medellin-2022.csv", "tables/profiles.csv", "datapackage.json",
                 "tables/csv-metadata.json"):
        response = client.get(f"/dumps/{name}")
        assert response.status_code == 200, name
        assert response.content == (dist / name).read_bytes()
    assert client.get("/dumps/tables/profiles.csv").headers["content-type"].startswith("text/csv")


def test_home_page_links_the_tables_and_their_metadata(client: Any) -> None:
    html = client.get("/", headers={"Accept": "text/html"}).text
    for link in ("dumps/tables/profiles.csv", "dumps/tables/findings.csv", "dumps/datapackage.json",
                 "dumps/tables/csv-metadata.json"):
        assert link in html, link


def test_profile_page_links_its_own_findings_csv(client: Any) -> None:
    html = client.get("/profile/co-medellin-2022.html").text
    link = next(h for h in re.findall(r'href="([^"]+\.csv)"', html))
    assert link.endswith("/dumps/tables/findings/co-medellin-2022.csv")
    path = link[link.index("/dumps/"):]
    rows = list(csv.DictReader(io.StringIO(client.get(path).content.decode("utf-8"), newline="")))
    assert len(rows) == 35 and {r["profile_id"] for r in rows} == {"co-medellin-2022"}


def test_a_query_that_selects_other_columns_than_the_table_is_an_error_naming_it(graph: Graph) -> None:
    from dataclasses import replace

    from mgi_graph.errors import BuildError
    from mgi_graph.dump.tables.rows import load_store, select_rows

    spec = next(t for t in load_specs() if t.name == "domains")
    with pytest.raises(BuildError, match=r"tables/queries/domains\.rq: selects"):
        select_rows(load_store(graph), replace(spec, columns=spec.columns[:-1]), Iris().base)


def test_frictionless_command_line_validates_the_package(dist: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "frictionless", "validate", str(dist / "datapackage.json")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "INVALID" not in done.stdout and "VALID" in done.stdout


# --- the Rust CSV writer and its fallback -------------------------------------------------------------

def test_oxigraph_csv_of_each_table_is_the_csv_of_its_rows(graph: Graph) -> None:
    from mgi_graph.dump.tables.csvfile import csv_bytes
    from mgi_graph.dump.tables.rows import load_store, select_csv, select_rows

    store = load_store(graph)
    for spec in load_specs():
        rows = select_rows(store, spec, Iris().base)
        assert select_csv(store, spec, Iris().base) == csv_bytes(spec.column_names, rows), spec.name


def test_csv_writable_notices_an_iri_holding_a_comma() -> None:
    from mgi_graph.dump.tables.rows import csv_writable

    assert csv_writable(b'<https://w3id.org/mgi/org/a> <http://e/p> "x, y"@en .\n')
    assert not csv_writable(b"<https://w3id.org/mgi/org/a,b> <http://e/p> <http://e/o> .\n")
    assert not csv_writable(b"<http://e/s> <http://e/p> <http://e/o,1> .\n")


def test_an_iri_holding_a_comma_is_quoted_in_its_table(tmp_path: Path, graph: Graph) -> None:
    """oxigraph's CSV writer leaves such an IRI bare, which would split its row: the tables fall
    back to Python's csv writer, which quotes it."""
    odd = Graph()
    for triple in graph:
        odd.add(triple)
    institution = URIRef(Iris().base + "org/co/a,b")
    odd.add((institution, RDF.type, ORG.Organization))
    write_tables(odd, tmp_path, Iris())
    data = (tmp_path / "tables" / "institutions.csv").read_bytes()
    assert b'"https://w3id.org/mgi/org/co/a,b"' in data
    header, *rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert all(len(row) == len(header) for row in rows)
    assert str(institution) in {row[0] for row in rows}
