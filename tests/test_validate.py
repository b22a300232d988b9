"""SHACL shapes: a conforming graph passes; each broken graph in tests/shapes/ fails as it says."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Namespace, URIRef

from mgi_graph.graph import Iris
from mgi_graph.graph.vocabulary import load_ttl_folder
from mgi_graph.validate import ValidationReport, load_shapes, validate_graph

CASES = Path(__file__).parent / "shapes"
T = Namespace("urn:mgi-test:")
IRIS = Iris()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(IRIS)


def _base() -> Graph:
    graph = Graph().parse(CASES / "_valid.ttl")
    graph += load_ttl_folder("ontology", IRIS)
    return graph


def _patched(case: Path) -> tuple[Graph, Graph]:
    patch = Dataset()
    patch.parse(case, format="trig")
    graph = _base()
    for triple in patch.graph(URIRef("urn:remove")):
        assert triple in graph, f"{case.name}: <urn:remove> names a triple the valid graph lacks: {triple}"
        graph.remove(triple)
    graph += patch.graph(URIRef("urn:add"))
    return graph, patch.default_graph


def test_valid_graph_conforms_without_warnings(shapes: Graph) -> None:
    report = validate_graph(_base(), shapes)
    assert report.conforms, report.results
    assert report.results == ()


@pytest.mark.parametrize("case", sorted(CASES.glob("*.trig")), ids=lambda p: p.stem)
def test_broken_graph_is_reported(case: Path, shapes: Graph) -> None:
    graph, expected = _patched(case)
    severity = str(expected.value(T.case, T.severity))
    focus = str(expected.value(T.case, T.focus))
    message = str(expected.value(T.case, T.message))
    report = validate_graph(graph, shapes)
    matching = [r for r in report.results if r.focus == focus and message in r.message]
    assert matching, f"no result on {focus} containing {message!r}; got {report.results}"
    assert all(r.severity == severity for r in matching)
    assert report.conforms == (severity == "Warning")


def test_raise_for_violations_names_the_first_problem(shapes: Graph) -> None:
    graph, _ = _patched(CASES / "position-zero.trig")
    report: ValidationReport = validate_graph(graph, shapes)
    with pytest.raises(Exception, match="positive integer"):
        report.raise_for_violations()


def test_severities_are_readable(shapes: Graph) -> None:
    graph, _ = _patched(CASES / "domain-without-findings-is-a-warning.trig")
    report = validate_graph(graph, shapes)
    assert [r.severity for r in report.results] == ["Warning"]
    assert report.warnings[0].message.endswith("domain/safe-migration.")
