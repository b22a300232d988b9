"""`mgi-graph --help` and `mgi-graph queries` start in a blink: they import neither rdflib,
pySHACL, the Rust SHACL engine, the gazetteer nor the HTTP stacks (each costs tenths of a
second to import). pyoxigraph, which checks the stored queries' syntax, imports in ms."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("rdflib", "pyshacl", "shacl", "mgi_graph.locator.gazetteer", "mgi_graph.locator.registry", "httpx", "starlette",
         "uvicorn", "SPARQLWrapper", "tqdm")
PROBE = """
import json, sys
from click.testing import CliRunner
from mgi_graph.cli import cli
result = CliRunner().invoke(cli, sys.argv[1:])
assert result.exit_code == 0, result.output
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize("args", [["--help"], ["queries"], ["build", "--help"]], ids=" ".join)
def test_command_imports_no_heavy_module(args: list[str]) -> None:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True).stdout
    loaded = json.loads(out)
    heavy = sorted({name for name in loaded for prefix in HEAVY if name == prefix or name.startswith(prefix + ".")})
    assert heavy == []
