"""The command line: contracts, summaries, and bad input (exit 2, one line, nothing written)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from seeds import PROFILES

from mgi_graph import pipeline
from mgi_graph.cli import cli

MEDELLIN = PROFILES / "co-medellin-2022.txt"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_parse_prints_the_contract() -> None:
    code, out, _ = _run("parse", str(MEDELLIN))
    assert code == 0
    document = json.loads(out)
    assert document["id"] == "co-medellin-2022"
    assert document["country"] == "CO" and document["country_inferred"] is False
    assert document["published"] == "2022-09" and document["language"] == "en"
    assert len(document["findings"]) == 35
    assert set(document["findings"][0]) >= {"position", "domain", "polarity", "text", "institutions", "instruments"}


def test_parse_of_several_paths_prints_an_array() -> None:
    code, out, _ = _run("parse", str(MEDELLIN), str(PROFILES / "pe-lima-2022.txt"))
    assert code == 0
    assert [d["id"] for d in json.loads(out)] == ["co-medellin-2022", "pe-lima-2022"]


def test_build_prints_a_one_line_summary(tmp_path: Path) -> None:
    code, out, _ = _run("build", "--out", str(tmp_path / "dist"))
    assert code == 0, out
    line = out.strip().splitlines()[-1]
    assert line.startswith("built 5 profiles, 165 findings, ")
    assert " triples in " in line and line.endswith(str(tmp_path / "dist"))


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (a profile folder holding one bad file, or an empty folder; expected message part)."""
    cases: dict[str, tuple[bytes | None, str]] = {
        "empty": (b"", "empty"),
        "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
        "not-utf8": ("Perfil de Gobernanza Migratoria: Municipio de Bogotá\n".encode("latin-1"), "UTF-8"),
        "boilerplate-only": (MEDELLIN.read_text("utf-8").split("1\nKey findings\nMIGRANTS")[0].encode(), "no findings"),
        "truncated": (MEDELLIN.read_bytes()[:7000], ""),
        "no-profiles": (None, "no profiles"),
    }
    folders = {}
    for name, (data, message) in cases.items():
        folder = tmp_path / name
        folder.mkdir()
        if data is not None:
            (folder / f"{name}.txt").write_bytes(data)
        folders[name] = (folder, message)
    return folders


@pytest.mark.parametrize("case", ["empty", "binary", "not-utf8", "boilerplate-only", "truncated", "no-profiles"])
def test_bad_input_fails_cleanly_and_writes_nothing(tmp_path: Path, case: str) -> None:
    folder, message = _bad_inputs(tmp_path)[case]
    out = tmp_path / "dist"
    out.mkdir()
    (out / "keep.txt").write_text("an earlier build")
    code, stdout, stderr = _run("build", "--profiles", str(folder), "--out", str(out))
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert str(folder) in lines[0] and message in lines[0]
    assert "Traceback" not in stderr + stdout
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dist")]


@pytest.mark.parametrize("case", ["empty", "binary", "not-utf8", "boilerplate-only", "truncated"])
def test_parse_names_the_bad_file(tmp_path: Path, case: str) -> None:
    folder, message = _bad_inputs(tmp_path)[case]
    path = next(folder.iterdir())
    code, _, stderr = _run("parse", str(path))
    assert code == 2
    assert stderr.startswith(f"mgi-graph: {path}") and message in stderr
    assert len(stderr.strip().splitlines()) == 1


def test_a_violation_keeps_the_earlier_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "dist"
    assert _run("build", "--out", str(out))[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    impossible = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix mgi: <https://w3id.org/mgi/ontology#> .
        <urn:s> a sh:NodeShape ; sh:targetClass mgi:Profile ;
            sh:property [ sh:path mgi:neverThere ; sh:minCount 1 ; sh:message "impossible" ] .
        """, format="turtle")
    monkeypatch.setattr(pipeline, "load_shapes", lambda _iris: impossible)
    code, stdout, _ = _run("build", "--out", str(out))
    assert code == 1
    assert "impossible" in stdout
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_validate_reports_and_exits_by_conformance(tmp_path: Path, dist: Path) -> None:
    code, out, _ = _run("validate", str(dist / "mgi.nq.gz"))
    assert code == 0 and "conforms: 0 violation(s)" in out
    broken = tmp_path / "broken.ttl"
    text = (dist / "profiles" / "co-medellin-2022.ttl").read_text()
    broken.write_text(text.replace('"2022-09"^^xsd:gYearMonth', '"September 2022"'))
    code, out, _ = _run("validate", str(broken))
    assert code == 1
    assert "does not conform" in out and "xsd:gYearMonth" in out


def test_validate_of_a_missing_or_unreadable_file_is_a_user_error(tmp_path: Path) -> None:
    code, _, stderr = _run("validate", str(tmp_path / "nope.ttl"))
    assert code == 2 and "not found" in stderr
    garbage = tmp_path / "garbage.ttl"
    garbage.write_text("this is not turtle <<<")
    code, _, stderr = _run("validate", str(garbage))
    assert code == 2 and str(garbage) in stderr and len(stderr.strip().splitlines()) == 1


def test_copy_of_seeds_builds_from_another_folder(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    shutil.copytree(PROFILES, folder)
    (folder / "README.md").write_text("not a profile")
    code, out, _ = _run("build", "--profiles", str(folder), "--out", str(tmp_path / "dist"))
    assert code == 0 and "built 5 profiles" in out


def test_build_refuses_a_links_folder_that_is_not_there(tmp_path: Path) -> None:
    code, _, stderr = _run("build", "--links", str(tmp_path / "nope"), "--out", str(tmp_path / "dist"))
    assert code == 2 and "not a folder" in stderr
    assert not (tmp_path / "dist").exists()
