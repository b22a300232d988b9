"""Shared fixtures: the seed graph is built once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from seeds import PROFILES
from server_support import TestClient

from mgi_graph.iris import Iris
from mgi_graph.pipeline import BuildSummary, find_profiles, run_build
from mgi_graph.server import Settings, create_app
from mgi_graph.query.store import open_store


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite expected (golden) files")


def pytest_configure(config: pytest.Config) -> None:
    # Golden-file helpers in several test modules read this one switch.
    if config.getoption("--update-golden"):
        os.environ["MGI_UPDATE_GOLDEN"] = "1"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildSummary:
    """The five seed profiles built into a temporary dist/."""
    out = tmp_path_factory.mktemp("build") / "dist"
    return run_build(find_profiles(PROFILES), out, iris=Iris())


@pytest.fixture(scope="session")
def dist(built: BuildSummary) -> Path:
    return built.out_dir


@pytest.fixture(scope="session")
def store(dist: Path) -> pyoxigraph.Store:
    """The seed build's embedded store."""
    return open_store(dist)


@pytest.fixture(scope="session")
def client(dist: Path) -> Iterator[TestClient]:
    """The server app over the seed build, answered in process (redirects are not followed)."""
    app = create_app(Settings(data_dir=dist, query_workers=1))
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client
