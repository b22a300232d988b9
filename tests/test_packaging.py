"""The wheel carries the ontology, shapes, queries and lexicons, and finds them installed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from seeds import PROFILES, ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    return next(out.glob("mgi_graph-*.whl"))


def test_wheel_holds_every_data_folder(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("mgi_graph/_data/ontology/mgi.ttl", "mgi_graph/_data/ontology/context.jsonld",
                     "mgi_graph/_data/shapes/mgi.shapes.ttl", "mgi_graph/lexicon/parse.json",
                     "mgi_graph/dump/tables/tables.json", "mgi_graph/dump/tables/queries/findings.rq",
                     "mgi_graph/locator/gazetteer/admin1-names.tsv", "mgi_graph/locator/gazetteer/m49.tsv",
                     "mgi_graph/locator/gazetteer/GEONAMES.txt",
                     "mgi_graph/_data/links/wikidata.sssom.tsv"):
        assert expected in names
    assert any(n.startswith("mgi_graph/_data/queries/") and n.endswith(".rq") for n in names)
    assert not any(n.startswith(("tests/", "data/")) for n in names)


def test_installed_wheel_finds_its_resources(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = ("from mgi_graph.packaged import resource_dir; "
            "print(resource_dir('ontology'), resource_dir('shapes'), resource_dir('queries'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)},
                         capture_output=True, text=True, check=True).stdout
    assert out.count(str(tmp_path / "mgi_graph" / "_data")) == 3


def test_installed_wheel_builds_the_same_bytes_from_another_folder(wheel: Path, tmp_path: Path, dist: Path) -> None:
    """The curated links come with the wheel and no path depends on the working directory."""
    site, work = tmp_path / "site", tmp_path / "work"
    zipfile.ZipFile(wheel).extractall(site)
    work.mkdir()
    subprocess.run([sys.executable, "-m", "mgi_graph", "build", "--profiles", str(PROFILES), "--out", "dist"],
                   cwd=work, env={"PYTHONPATH": str(site), "PATH": os.environ.get("PATH", "")},
                   capture_output=True, check=True)
    for name in ("mgi.nq.gz", "mgi.nt", "void.ttl", "SHA256SUMS"):
        assert (work / "dist" / name).read_bytes() == (dist / name).read_bytes(), name
