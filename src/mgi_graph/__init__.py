"""mgi-graph: IOM Migration Governance Indicators profiles as a Linked Open Data graph.

The pipeline, one stage a function::

    profile = read_profile(path)                  # parse: text -> Profile
    profile = extract_mentions(profile)           # institutions and instruments
    located = locate(profile)                     # country, place, registries
    dataset = build_dataset([located], iris=Iris())
    report = validate_graph(merged_graph(dataset), load_shapes(Iris()))

or all of it, with the dumps: ``run_build(paths, out_dir, iris=Iris())``.
"""

from __future__ import annotations

from importlib import import_module as _import_module
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from mgi_graph._version import __version__
from mgi_graph.errors import MgiGraphError

# Each name is imported from its stage on first use, so that `import mgi_graph.cli` (and
# `mgi-graph --help`) does not pay for rdflib, the SHACL engines and the gazetteer.
_LAZY: dict[str, str] = {
    "extract_mentions": "mgi_graph.extract",
    "Iris": "mgi_graph.iris",
    "build_dataset": "mgi_graph.graph",
    "merged_graph": "mgi_graph.graph",
    "parse_profile": "mgi_graph.parse",
    "read_profile": "mgi_graph.parse",
    "run_build": "mgi_graph.pipeline",
    "load_queries": "mgi_graph.query.stored",
    "locate": "mgi_graph.locator.registry",
    "load_shapes": "mgi_graph.validate",
    "validate_graph": "mgi_graph.validate",
}

if _TYPE_CHECKING:
    from mgi_graph.extract import extract_mentions
    from mgi_graph.graph import build_dataset, merged_graph
    from mgi_graph.iris import Iris
    from mgi_graph.locator.registry import locate
    from mgi_graph.parse import parse_profile, read_profile
    from mgi_graph.pipeline import run_build
    from mgi_graph.query.stored import load_queries
    from mgi_graph.validate import load_shapes, validate_graph


def __getattr__(name: str) -> _Any:
    if name in _LAZY:
        value = getattr(_import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mgi_graph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "Iris",
    "MgiGraphError",
    "__version__",
    "build_dataset",
    "extract_mentions",
    "load_queries",
    "load_shapes",
    "locate",
    "merged_graph",
    "parse_profile",
    "read_profile",
    "run_build",
    "validate_graph",
]
