"""The built graph in an embedded store: pyoxigraph for queries, rdflib for cross-checks."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import IO, cast

import pyoxigraph
from rdflib import Dataset

from mgi_graph.errors import BuildError
from mgi_graph.formats import NQUADS

__all__ = ["DUMP_NAME", "dump_path", "open_dataset", "open_store"]

# The dump that holds every named graph; the other dumps merge them.
DUMP_NAME = "mgi.nq.gz"


def dump_path(dist_dir: Path) -> Path:
    """``dist_dir/mgi.nq.gz``; BuildError when the build has not been run."""
    path = Path(dist_dir) / DUMP_NAME
    if not path.is_file():
        raise BuildError(f"{path}: not found; run 'mgi-graph build' first (or pass --data DIR)")
    return path


def open_store(dist_dir: Path) -> pyoxigraph.Store:
    """An in-memory pyoxigraph store holding every named graph of ``dist_dir/mgi.nq.gz``.

    Raises BuildError when the dump is missing or is not valid N-Quads.
    """
    path = dump_path(dist_dir)
    store = pyoxigraph.Store()
    try:
        with gzip.open(path, "rb") as data:
            store.bulk_load(cast(IO[bytes], data), pyoxigraph.RdfFormat.N_QUADS)
    except (OSError, SyntaxError, EOFError) as error:
        raise BuildError(f"{path}: cannot load: {error}") from error
    return store


def open_dataset(dist_dir: Path) -> Dataset:
    """The same graphs as an rdflib Dataset whose default graph is the union of its named graphs.

    Slower than ``open_store``; meant for cross-engine checks and small graphs.
    """
    path = dump_path(dist_dir)
    dataset = Dataset(default_union=True)
    try:
        with gzip.open(path, "rt", encoding="utf-8") as text:
            dataset.parse(data=text.read(), format=NQUADS.rdflib)
    except (OSError, EOFError, ValueError) as error:
        raise BuildError(f"{path}: cannot load: {error}") from error
    return dataset
