"""Locate the ontology, shapes, queries and curated links shipped with the package.

After ``pip install -e .`` hatchling leaves a stale snapshot of ``_data`` in
site-packages while the code is imported from ``src/``, so the checkout is
tried as well (STYLE §3).
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

from mgi_graph.errors import ResourceNotFoundError

# The folders of data files shipped with the package.
Folder = Literal["ontology", "shapes", "queries", "lexicon", "links"]

_PACKAGED = files("mgi_graph") / "_data"
_CHECKOUT = Path(__file__).resolve().parents[2]
# Where a kind lies in the checkout when not at its top: the curated links are data.
_IN_CHECKOUT = {"links": "data/links"}


def resource_dir(kind: Folder) -> Traversable:
    """The folder of ``kind`` resources; raises ResourceNotFoundError."""
    if kind == "lexicon":
        return files("mgi_graph") / "lexicon"
    for folder in (_PACKAGED / kind, _CHECKOUT / _IN_CHECKOUT.get(kind, kind)):
        if folder.is_dir():
            return folder
    raise ResourceNotFoundError(kind)


def resource_files(kind: Folder, suffix: str) -> list[Traversable]:
    """Every file of ``kind`` ending in ``suffix``, sorted by name."""
    folder = resource_dir(kind)
    return sorted((f for f in folder.iterdir() if f.name.endswith(suffix)), key=lambda f: f.name)


def read_text(kind: Folder, name: str) -> str:
    return (resource_dir(kind) / name).read_text("utf-8")
