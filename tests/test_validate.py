"""SHACL shapes: a conforming graph passes; each broken graph in tests/shapes/ fails as it says."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Namespace, URIRef

from mgi_graph.cli import cli
from mgi_graph.iris import Iris
from mgi_graph.graph.vocabulary import load_ttl_folder
from mgi_graph.validate import ENGINES, Shapes, ValidationReport, load_shapes, validate_graph

CASES = Path(__file__).parent / "shapes"
T = Namespace("urn:mgi-test:")
IRIS = Iris()


@pytest.fixture(scope="module")
def shapes() -> Shapes:
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


def test_valid_graph_conforms_without_warnings(shapes: Shapes) -> None:
    report = validate_graph(_base(), shapes)
    assert report.conforms, report.results
    assert report.results == ()


@pytest.mark.parametrize("case", sorted(CASES.glob("*.trig")), ids=lambda p: p.stem)
def test_broken_graph_is_reported(case: Path, shapes: Shapes) -> None:
    graph, expected = _patched(case)
    severity = str(expected.value(T.case, T.severity))
    focus = str(expected.value(T.case, T.focus))
    message = str(expected.value(T.case, T.message))
    report = validate_graph(graph, shapes)
    matching = [r for r in report.results if r.focus == focus and message in r.message]
    assert matching, f"no result on {focus} containing {message!r}; got {report.results}"
    assert all(r.severity == severity for r in matching)
    assert report.conforms == (severity == "Warning")


def test_raise_for_violations_names_the_first_problem(shapes: Shapes) -> None:
    graph, _ = _patched(CASES / "position-zero.trig")
    report: ValidationReport = validate_graph(graph, shapes)
    with pytest.raises(Exception, match="positive integer"):
        report.raise_for_violations()


def test_severities_are_readable(shapes: Shapes) -> None:
    graph, _ = _patched(CASES / "domain-without-findings-is-a-warning.trig")
    report = validate_graph(graph, shapes)
    assert [r.severity for r in report.results] == ["Warning"]
    assert report.warnings[0].message == "The profile has no finding in domain 6, safe, orderly and regular migration."


def test_domain_coverage_checks_every_top_concept_of_the_domains(shapes: Shapes) -> None:
    """The coverage shape lists the domains (SHACL Core, fast in both engines): exactly the
    vocabulary's top concepts of the domain scheme, each with its notation in its message."""
    from rdflib.namespace import SH, SKOS

    shape_graph = shapes.graph()
    coverage = URIRef("https://w3id.org/mgi/shapes#DomainCoverageShape")
    checked = {shape_graph.value(p, SH.hasValue): str(shape_graph.value(p, SH.message))
               for p in shape_graph.objects(coverage, SH.property)}
    vocabulary = load_ttl_folder("ontology", IRIS)
    domains = set(vocabulary.subjects(SKOS.topConceptOf, URIRef(IRIS.base + "domain")))
    assert len(domains) == 6 and set(checked) == domains
    for domain, message in checked.items():
        assert f"domain {vocabulary.value(domain, SKOS.notation)}, " in message


@pytest.mark.parametrize("case", [CASES / "_valid.ttl", *sorted(CASES.glob("*.trig"))], ids=lambda p: p.stem)
def test_the_rust_engine_reports_what_pyshacl_reports(case: Path, shapes: Shapes) -> None:
    graph = _base() if case.suffix == ".ttl" else _patched(case)[0]
    reference = validate_graph(graph, shapes, engine="pyshacl")
    fast = validate_graph(graph, shapes, engine="shacl")
    assert fast.results == reference.results
    assert fast.conforms == reference.conforms


def test_validate_command_prints_the_same_report_with_either_engine(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    graph, _ = _patched(CASES / "profile-two-languages.trig")
    broken.write_text(graph.serialize(format="turtle"))
    runs = [CliRunner().invoke(cli, ["validate", str(broken), "--engine", engine]) for engine in ENGINES]
    assert [run.exit_code for run in runs] == [1, 1]
    assert runs[0].output == runs[1].output
    assert "tagged 'es' but its profile's language" in runs[0].output
