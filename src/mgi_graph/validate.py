"""Graph -> ValidationReport. The only module that imports pySHACL."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from mgi_graph.errors import ShapesError, ValidationFailedError
from mgi_graph.graph.iris import Iris
from mgi_graph.graph.vocabulary import load_ttl_folder


@dataclass(frozen=True)
class ValidationResult:
    focus: str
    path: str | None
    severity: str
    message: str
    shape: str | None


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    results: tuple[ValidationResult, ...]
    graph: Graph

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Warning")

    def raise_for_violations(self) -> None:
        """Raise ValidationFailedError if any result is a violation (warnings pass)."""
        if self.violations:
            first = self.violations[0]
            raise ValidationFailedError(
                f"the graph does not conform to the shapes: {len(self.violations)} violation(s); "
                f"first: {first.focus}: {first.message}",
                self,
            )


def load_shapes(iris: Iris) -> Graph:
    """Every ``shapes/*.ttl``, with concept IRIs resolved against ``iris.base``."""
    return load_ttl_folder("shapes", iris)


def validate_graph(data: Graph, shapes: Graph) -> ValidationReport:
    """Validate ``data`` (vocabulary included, so concept schemes can be checked)."""
    _conforms, report, text = validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    if not isinstance(report, Graph):
        # pySHACL returns its failure instead of a report when the shapes themselves are broken.
        raise ShapesError(f"the SHACL shapes cannot be used: {text.strip().splitlines()[-1]}")
    results = tuple(sorted(_read_results(report), key=lambda r: (r.severity, r.focus, r.path or "", r.message)))
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationReport(conforms=conforms, results=results, graph=report)


def _read_results(report: Graph) -> list[ValidationResult]:
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(node, SH.resultSeverity)
        path = report.value(node, SH.resultPath)
        shape = report.value(node, SH.sourceShape)
        results.append(
            ValidationResult(
                focus=str(report.value(node, SH.focusNode)),
                path=str(path) if isinstance(path, URIRef) else None,
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                message=str(report.value(node, SH.resultMessage) or "constraint not met"),
                shape=str(shape) if isinstance(shape, URIRef) else None,
            )
        )
    return results
