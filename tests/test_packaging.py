"""The wheel carries the ontology, shapes, queries and lexicons, and finds them installed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from seeds import ROOT

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
                     "mgi_graph/tables/tables.json", "mgi_graph/tables/queries/findings.rq"):
        assert expected in names
    assert any(n.startswith("mgi_graph/_data/queries/") and n.endswith(".rq") for n in names)
    assert not any(n.startswith(("tests/", "data/")) for n in names)


def test_installed_wheel_finds_its_resources(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = ("from mgi_graph.resources import resource_dir; "
            "print(resource_dir('ontology'), resource_dir('shapes'), resource_dir('queries'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)},
                         capture_output=True, text=True, check=True).stdout
    assert out.count(str(tmp_path / "mgi_graph" / "_data")) == 3
