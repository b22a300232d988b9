"""Push to a real Oxigraph server (Graph Store Protocol) and query it over SPARQL 1.1 Protocol."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from oxigraph_support import free_port, oxigraph_serve
from query_support import GOLDEN_PARAMS

from mgi_graph.cli import MgiGroup
from mgi_graph.cli.query import COMMANDS
from mgi_graph.query.stored import load_queries
from mgi_graph.query.store import open_store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("oxigraph") is None, reason="the 'oxigraph' server (pip install oxigraph) is not installed"),
]

RUNNABLE = sorted(name for name, q in load_queries().items() if not q.needs_internet)


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh, empty ``oxigraph serve``; its base URL."""
    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


def _cli() -> MgiGroup:
    group = MgiGroup(name="mgi-graph")
    for command in COMMANDS:
        group.add_command(command)
    return group


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(_cli(), list(args))
    return result.exit_code, result.output


def _remote_triples(url: str) -> int:
    response = httpx.post(f"{url}/query", data={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
                          headers={"Accept": "application/sparql-results+json"})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def pushed(oxigraph_url: str, dist: Path) -> str:
    """The seed build pushed twice; the second push must replace, not add."""
    for _ in range(2):
        code, output = _invoke("push", "--store", f"{oxigraph_url}/store", "--data", str(dist))
        assert code == 0, output
    return oxigraph_url


def test_push_twice_is_idempotent(pushed: str, dist: Path) -> None:
    assert _remote_triples(pushed) == len(open_store(dist))
    code, output = _invoke("push", "--store", f"{pushed}/store", "--data", str(dist))
    assert code == 0 and "triples pushed to" in output
    assert _remote_triples(pushed) == len(open_store(dist))


@pytest.mark.parametrize("name", RUNNABLE)
def test_remote_rows_equal_embedded_rows(name: str, pushed: str, dist: Path) -> None:
    params = [arg for key, value in GOLDEN_PARAMS.get(name, {}).items() for arg in ("-p", f"{key}={value}")]
    fmt = "ttl" if load_queries()[name].kind == "construct" else "json"
    local = _invoke("query", name, *params, "--format", fmt, "--data", str(dist))
    remote = _invoke("query", name, *params, "--format", fmt, "--endpoint", f"{pushed}/query")
    assert local[0] == remote[0] == 0, remote[1]
    assert remote[1] == local[1]


@pytest.mark.parametrize("command", [
    ["query", "overview", "--endpoint", "http://127.0.0.1:{port}/query", "--timeout", "2"],
    ["push", "--store", "http://127.0.0.1:{port}/store", "--timeout", "2"],
])
def test_unreachable_endpoint_is_one_line_exit_2(command: list[str], dist: Path) -> None:
    port = free_port()  # nothing listens there
    args = [part.format(port=port) for part in command]
    if args[0] == "push":
        args += ["--data", str(dist)]
    code, output = _invoke(*args)
    assert code == 2
    assert len(output.strip().splitlines()) == 1 and "Connection refused" in output
    assert output.startswith(f"mgi-graph: http://127.0.0.1:{port}/")


def test_push_needs_user_and_password_together(dist: Path) -> None:
    code, output = _invoke("push", "--store", "http://127.0.0.1:1/store", "--user", "u", "--data", str(dist))
    assert code == 2 and "both --user and --password" in output
