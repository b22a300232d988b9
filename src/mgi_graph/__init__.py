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

from mgi_graph._version import __version__
from mgi_graph.errors import MgiGraphError
from mgi_graph.extract import extract_mentions
from mgi_graph.graph import Iris, build_dataset, merged_graph
from mgi_graph.parse import parse_profile, read_profile
from mgi_graph.pipeline import run_build
from mgi_graph.queries import load_queries
from mgi_graph.registry import locate
from mgi_graph.validate import load_shapes, validate_graph

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
