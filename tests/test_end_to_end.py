"""End-to-end goldens: each folder of tests/cases/e2e/ holds profile pages (*.txt) and the
dataset their build must write (``expected.nq``), compared as RDF (rdflib.compare.isomorphic)
graph by graph. ``pytest --update-golden`` rewrites ``expected.nq``; review it with git diff.

The vocabulary graph is left out: it is ontology/*.ttl as parsed, which test_ontology.py checks,
and would make every ontology edit a change to every golden.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from query_support import update_golden
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from mgi_graph.iris import Iris
from mgi_graph.pipeline import find_profiles, run_build
from mgi_graph.query.store import DUMP_NAME

CASES = Path(__file__).parent / "cases" / "e2e"
VOCABULARY = URIRef("https://w3id.org/mgi/graph/vocabulary")


def _graphs(nquads: str) -> dict[URIRef, Graph]:
    """Named graph -> its triples, the vocabulary and the empty default graph left out."""
    dataset = Dataset()
    dataset.parse(data=nquads, format="nquads")
    graphs = {}
    for graph in dataset.graphs():
        name = graph.identifier
        if isinstance(name, URIRef) and name != VOCABULARY and name != DATASET_DEFAULT_GRAPH_ID and len(graph):
            graphs[name] = graph
    return graphs


def _nquads(graphs: dict[URIRef, Graph]) -> str:
    """Sorted N-Quads: stable for review in git diff."""
    lines = []
    for name, graph in graphs.items():
        for line in graph.serialize(format="nt").splitlines():
            if line.strip():
                lines.append(f"{line.removesuffix(' .')} <{name}> .")
    return "\n".join(sorted(lines)) + "\n"


def _diff(expected: Graph, actual: Graph) -> str:
    _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))

    def sorted_nt(graph: Graph) -> str:
        return "\n".join(sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip()))

    return f"missing:\n{sorted_nt(missing)}\nunexpected:\n{sorted_nt(extra)}"


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_build_matches_golden(case: Path, tmp_path: Path) -> None:
    summary = run_build(find_profiles(case), tmp_path / "dist", iris=Iris())
    actual = _graphs(gzip.decompress((summary.out_dir / DUMP_NAME).read_bytes()).decode("utf-8"))
    golden = case / "expected.nq"
    if update_golden():
        golden.write_text(_nquads(actual), "utf-8")
    assert golden.is_file(), f"no {golden}; run pytest --update-golden {__file__}"
    expected = _graphs(golden.read_text("utf-8"))
    assert sorted(actual) == sorted(expected), "the build writes other named graphs than expected.nq"
    differing = [f"graph <{name}>:\n{_diff(expected[name], actual[name])}"
                 for name in sorted(expected) if not isomorphic(expected[name], actual[name])]
    assert not differing, "\n".join(differing)
