"""The command line: contracts, summaries, and bad input (exit 2, one line, nothing written)."""

from __future__ import annotations

import errno
import gzip
import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from seeds import PROFILES

from mgi_graph import pipeline
from mgi_graph.cli import cli
from mgi_graph.outfolder import replace_folder

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
    with replace_folder(out) as earlier:
        (earlier / "keep.txt").write_text("an earlier build")
    before = sorted(p.name for p in tmp_path.iterdir())
    code, stdout, stderr = _run("build", "--profiles", str(folder), "--out", str(out))
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert str(folder) in lines[0] and message in lines[0]
    assert "Traceback" not in stderr + stdout
    assert (out / "keep.txt").read_text() == "an earlier build"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


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


@pytest.mark.parametrize(("name", "data"), [
    ("not-gzip.nq.gz", b"this is not gzip"),
    ("truncated.nq.gz", gzip.compress(b"<urn:a> <urn:b> <urn:c> <urn:g> .\n" * 50)[:-12]),
    ("broken.ttl", b"@prefix : <urn:x#> . :a :b"),
    ("broken.nt", b'<urn:a> <urn:b> "x .\n'),
    ("broken.nq", b"<urn:a> <urn:b> <urn:c> <urn:g> <urn:h> .\n"),
    ("latin1.ttl", '<urn:a> <urn:b> "Bogotá" .'.encode("latin-1")),
], ids=lambda value: value if isinstance(value, str) else "")
def test_validate_of_a_broken_file_names_it_and_exits_2(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, stdout, stderr = _run("validate", str(path))
    assert code == 2, stdout + stderr
    assert stderr.startswith(f"mgi-graph: {path}: ") and len(stderr.strip().splitlines()) == 1


def test_out_below_a_file_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    code, _, stderr = _run("build", "--out", str(tmp_path / "file" / "dist"))
    assert code == 2 and "is not a folder" in stderr and len(stderr.strip().splitlines()) == 1


def test_out_where_writing_is_not_permitted_is_refused_before_work(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, which the permission bits do not stop: the OS's answer is simulated.
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == tmp_path else real_access(p, mode))
    monkeypatch.setattr(pipeline, "load_profile", lambda *a, **k: pytest.fail("a profile was read"))
    code, _, stderr = _run("build", "--out", str(tmp_path / "dist"))
    assert code == 2 and "permission denied" in stderr and len(stderr.strip().splitlines()) == 1


def test_out_that_cannot_be_written_at_the_end_is_a_user_error(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    real_mkdir = os.mkdir

    def refuse(path: object, *args: object, **kwargs: object) -> None:
        if str(path).startswith(str(tmp_path)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(os, "mkdir", refuse)
    code, _, stderr = _run("build", "--out", str(tmp_path / "new" / "dist"))
    assert code == 2 and "Permission denied" in stderr and len(stderr.strip().splitlines()) == 1


@contextmanager
def _fifo(path: Path) -> Iterator[Path]:
    """A FIFO with a writer that sends nothing: a reader that opens it reads end of file.

    Whether or not the code under test opens it, the writer is released at the end.
    """
    os.mkfifo(path)
    writer = threading.Thread(target=lambda: os.close(os.open(path, os.O_WRONLY)), daemon=True)
    writer.start()
    try:
        yield path
    finally:
        reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        writer.join()
        os.close(reader)


def test_parse_of_a_fifo_says_it_is_not_a_file(tmp_path: Path) -> None:
    with _fifo(tmp_path / "profile.txt") as fifo:
        code, _, stderr = _run("parse", str(fifo))
    assert code == 2 and stderr.startswith(f"mgi-graph: {fifo}: ") and "not a regular file" in stderr


def test_build_reports_every_bad_entry_of_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "folder.txt").mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 20)
    (folder / "notes.md").write_text("not a profile, not reported")
    with _fifo(folder / "fifo.txt"):
        code, _, stderr = _run("build", "--profiles", str(folder), "--out", str(tmp_path / "dist"))
    assert code == 2
    lines = stderr.strip().splitlines()
    names = ["binary.txt", "dangling.txt", "empty.txt", "fifo.txt", "folder.txt"]
    assert len(lines) == len(names), stderr
    for line, name in zip(lines, names):
        assert line.startswith(f"mgi-graph: {folder / name}:"), stderr
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize(("variable", "args", "expected"), [
    ("MGI_GRAPH_QUERY_FORMAT", ("query", "domain-labels", "--data", "{dist}"), "domain,"),
    ("MGI_GRAPH_QUERY_DATA", ("query", "domain-labels", "--format", "csv"), "domain,"),
    ("MGI_GRAPH_PARSE_FORMAT", ("parse", str(MEDELLIN)), "co-medellin-2022\tDistrict of Medellín\tCO\t"),
    ("MGI_GRAPH_BUILD_PROFILES", ("build",), "no profiles"),
    ("MGI_GRAPH_BUILD_OUT", ("build", "--profiles", str(PROFILES)), "not made by mgi-graph"),
    ("MGI_GRAPH_SERVE_DATA", ("serve", "--get", "/"), "not found"),
])
def test_environment_variables_are_named_after_the_options(tmp_path: Path, dist: Path, variable: str,
                                                           args: tuple[str, ...], expected: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # an ignored variable writes the default dist/ here, not into the checkout
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    values = {"MGI_GRAPH_QUERY_FORMAT": "csv", "MGI_GRAPH_QUERY_DATA": str(dist), "MGI_GRAPH_PARSE_FORMAT": "summary",
              "MGI_GRAPH_BUILD_PROFILES": str(tmp_path), "MGI_GRAPH_BUILD_OUT": str(other),
              "MGI_GRAPH_SERVE_DATA": str(tmp_path / "nothing")}
    result = CliRunner().invoke(cli, [a.format(dist=dist) for a in args], env={variable: values[variable]})
    assert expected in result.stdout + result.stderr, result.output


def test_building_from_another_directory_gives_the_same_bytes(tmp_path: Path, dist: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, stderr = _run("build", "--profiles", str(PROFILES), "--out", "dist")
    assert code == 0, stderr
    built = elsewhere / "dist"
    names = sorted(p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
    for name in names:
        assert (built / name).read_bytes() == (dist / name).read_bytes(), name
    text = (dist / "mgi.nt").read_text()
    assert '<http://www.wikidata.org/entity/Q48278>' in text  # Medellín, a curated link
    assert '"profiles/co-medellin-2022.txt"' in text
