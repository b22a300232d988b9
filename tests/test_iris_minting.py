"""Every IRI of the graph is minted by ``Iris`` (iris.py), proved from the AST of every module:
no other module spells an IRI path (``f"country/{code}"``) or appends a path to a base
(``base + "dataset"``), so changing an IRI pattern is a change to one file."""

from __future__ import annotations

import ast
from pathlib import Path, PurePosixPath

import pytest
from rdflib import URIRef

from mgi_graph.iris import Iris

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mgi_graph"
MINTER = PurePosixPath("iris.py")


def _segments() -> tuple[str, ...]:
    """The first segment of every path ``Iris`` mints, read from its own f-strings."""
    tree = ast.parse((PACKAGE / MINTER).read_text("utf-8"))
    found = {part.value.split("/", 1)[0] for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
             for part in node.values[:1] if isinstance(part, ast.Constant) and "/" in str(part.value)}
    return tuple(sorted(found))


SEGMENTS = _segments()


def _is_base(node: ast.expr) -> bool:
    """``base``, ``iris.base``, ``state.settings.base``: an IRI prefix of the graph."""
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return name == "base" or name.endswith("_base") or name == "DEFAULT_BASE"


def _spells_a_path(node: ast.JoinedStr) -> bool:
    texts = [str(part.value) for part in node.values if isinstance(part, ast.Constant)]
    return any(text.startswith(f"{segment}/") for text in texts for segment in SEGMENTS)


def minted_outside(path: PurePosixPath, source: str) -> list[str]:
    """Where the module at ``path`` builds an IRI itself instead of asking ``Iris``."""
    if path == MINTER:
        return []
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr) and _spells_a_path(node):
            problems.append(f"{path}:{node.lineno}: an IRI path spelled outside iris.py")
        elif isinstance(node, ast.JoinedStr) and any(
                isinstance(part, ast.FormattedValue) and _is_base(part.value) for part in node.values[:1]):
            problems.append(f"{path}:{node.lineno}: a path appended to a base outside iris.py")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _is_base(node.left):
            problems.append(f"{path}:{node.lineno}: a path appended to a base outside iris.py")
    return problems


def _modules() -> list[PurePosixPath]:
    return sorted(PurePosixPath(p.relative_to(PACKAGE).as_posix()) for p in PACKAGE.rglob("*.py"))


def test_segments_are_read_from_iris() -> None:
    assert {"country", "place", "org", "graph", "profile", "instrument"} <= set(SEGMENTS)


@pytest.mark.parametrize("path", _modules(), ids=str)
def test_only_iris_mints_iris(path: PurePosixPath) -> None:
    assert minted_outside(path, (PACKAGE / path).read_text("utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        'iri = f"country/{iso2.lower()}"',
        'iri = f"{base}place/{iso2}/{slug}"',
        'iri = state.settings.base + "dataset"',
        'iri = base + path',
        'def f(iris):\n    return iris.base + "sparql"',
        'label = "x" + f"org/{scope}/{name}"',
    ],
)
def test_checker_reports_a_planted_iri(source: str) -> None:
    problems = minted_outside(PurePosixPath("locator/registry.py"), source)
    assert len(problems) == 1 and "outside iris.py" in problems[0], problems


@pytest.mark.parametrize(
    "source",
    [
        'iri = iris.country("CO")',
        'url = served + "sparql"',
        'text = f"{iso2}: no such country"',
        'prefix = MGI_NS + "Profile"',
    ],
)
def test_checker_accepts_asking_iris(source: str) -> None:
    assert minted_outside(PurePosixPath("server/web.py"), source) == []


def test_paths_and_iris_round_trip() -> None:
    iris = Iris("https://example.org/mgi/")
    assert iris.path(iris.country("CO")) == "country/co"
    assert iris.at("country/co") == iris.country("CO")
    assert iris.path("https://elsewhere.org/country/co") is None
    assert iris.rebased("https://w3id.org/mgi/place/pe/lima") == iris.place("PE", "Lima")
    assert iris.rebased("http://www.wikidata.org/entity/Q739") == URIRef("http://www.wikidata.org/entity/Q739")
