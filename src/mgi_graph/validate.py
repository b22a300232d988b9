"""Graph -> ValidationReport, by one of two SHACL engines. The only module that imports them.

``shacl`` (Rust, the default) and ``pyshacl`` (the reference) give the same report on
our shapes, SHACL-SPARQL constraints and targets included: tests/test_validate.py
checks them against each other on every case of tests/shapes/. The Rust engine takes
the data as N-Triples text, which the build has at hand without an rdflib graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from mgi_graph.errors import ShapesError, ValidationFailedError
from mgi_graph.formats import NTRIPLES, TURTLE
from mgi_graph.packaged import resource_files

if TYPE_CHECKING:
    from rdflib import Graph

    from mgi_graph.iris import Iris

Engine = Literal["shacl", "pyshacl"]
ENGINES: tuple[Engine, ...] = ("shacl", "pyshacl")
DEFAULT_ENGINE: Engine = "shacl"
# What a result says when its shape gives no sh:message (pySHACL words one of its own).
NO_MESSAGE = "constraint not met"


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
    engine: Engine = DEFAULT_ENGINE

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


@dataclass(frozen=True)
class Shapes:
    """The shapes as Turtle (``shapes/*.ttl``), with relative IRIs to resolve against ``base``."""

    turtle: str
    base: str

    def graph(self) -> Graph:
        from rdflib import Graph

        return Graph().parse(data=self.turtle, format=TURTLE.rdflib, publicID=self.base)


def load_shapes(iris: Iris) -> Shapes:
    """Every ``shapes/*.ttl``; concept IRIs resolve against ``iris.base``."""
    # One Turtle document: a later @prefix may rebind a name, which Turtle allows.
    turtle = "\n".join(item.read_text("utf-8") for item in resource_files("shapes", ".ttl"))
    return Shapes(turtle=turtle, base=iris.base)


def _as_shapes(shapes: Shapes | Graph) -> Shapes:
    """Shapes given as an rdflib graph (the API took one before) as Turtle; IRIs are absolute."""
    if isinstance(shapes, Shapes):
        return shapes
    return Shapes(turtle=shapes.serialize(format=TURTLE.rdflib), base="urn:mgi-graph:shapes:")


def validate_graph(data: Graph, shapes: Shapes | Graph, *, engine: Engine = DEFAULT_ENGINE) -> ValidationReport:
    """Validate ``data`` (vocabulary included, so concept schemes can be checked)."""
    if engine == "pyshacl":
        return _report(_pyshacl(data, _as_shapes(shapes)), engine)
    return validate_ntriples(data.serialize(format=NTRIPLES.rdflib), shapes, engine=engine)


def validate_ntriples(data: str, shapes: Shapes | Graph, *, engine: Engine = DEFAULT_ENGINE) -> ValidationReport:
    """Validate a graph given as N-Triples text."""
    if engine == "pyshacl":
        from rdflib import Graph

        return validate_graph(Graph().parse(data=data, format=NTRIPLES.rdflib), shapes, engine=engine)
    report = _compiled(_as_shapes(shapes)).validate_text(data, format="ntriples", allow_warnings=True)
    return _report((_rust_result(r) for r in report.results), engine)


def _report(results: Iterable[ValidationResult], engine: Engine) -> ValidationReport:
    ordered = tuple(sorted(results, key=lambda r: (r.severity, r.focus, r.path or "", r.message, r.shape or "")))
    conforms = not any(r.severity == "Violation" for r in ordered)
    return ValidationReport(conforms=conforms, results=ordered, engine=engine)


# --- the Rust engine ------------------------------------------------------------


@lru_cache(maxsize=4)
def _compiled(shapes: Shapes) -> Any:
    import shacl

    compiled = shacl.Shapes.from_turtle(shapes.turtle, base=shapes.base)
    if not len(compiled):
        raise ShapesError("the SHACL shapes cannot be used: they declare no shape")
    return compiled


def _iri(term: str | None) -> str | None:
    """An N-Triples IRI ``<...>`` as a plain IRI; None for blank nodes, literals and paths."""
    if term and term.startswith("<") and term.endswith(">") and ">" not in term[1:-1]:
        return term[1:-1]
    return None


def _rust_result(result: Any) -> ValidationResult:
    focus = result.focus_node
    return ValidationResult(
        focus=_iri(focus) or focus,
        path=_iri(result.path),
        severity=result.severity,
        message=result.message or NO_MESSAGE,
        shape=_iri(result.source_shape),
    )


# --- pySHACL, the reference -------------------------------------------------------


def _pyshacl(data: Graph, shapes: Shapes) -> list[ValidationResult]:
    from pyshacl import validate

    _conforms, report, text = validate(
        data, shacl_graph=shapes.graph(), inference="none", advanced=True, allow_warnings=True
    )
    if not hasattr(report, "objects"):
        # pySHACL returns its failure instead of a report when the shapes themselves are broken.
        raise ShapesError(f"the SHACL shapes cannot be used: {text.strip().splitlines()[-1]}")
    return _read_results(report)


def _read_results(report: Graph) -> list[ValidationResult]:
    from rdflib import URIRef
    from rdflib.namespace import RDF, SH

    results = []
    # The report's own results; pySHACL also types the sh:detail of a sh:node failure
    # sh:ValidationResult, but those explain a result rather than add one.
    for report_node in report.subjects(RDF.type, SH.ValidationReport):
        for node in report.objects(report_node, SH.result):
            severity = report.value(node, SH.resultSeverity)
            path = report.value(node, SH.resultPath)
            shape = report.value(node, SH.sourceShape)
            results.append(
                ValidationResult(
                    focus=str(report.value(node, SH.focusNode)),
                    path=str(path) if isinstance(path, URIRef) else None,
                    severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                    message=str(report.value(node, SH.resultMessage) or NO_MESSAGE),
                    shape=str(shape) if isinstance(shape, URIRef) else None,
                )
            )
    return results
