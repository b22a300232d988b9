"""One name, one meaning; one job, one place: read from the AST of every module in src.

- a type named ``Kind`` is defined in one module only (the parser's line kinds);
- Unicode normalisation happens in slug.py only, so every stage folds names one way;
- ``fold`` is slug.fold everywhere, and the server's search folds text as it does.
"""

from __future__ import annotations

import ast
from pathlib import Path, PurePosixPath

import pytest

from mgi_graph.server.search import fold_with_offsets
from mgi_graph.slug import fold

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mgi_graph"


def _sources() -> dict[PurePosixPath, ast.Module]:
    return {PurePosixPath(p.relative_to(PACKAGE).as_posix()): ast.parse(p.read_text("utf-8"))
            for p in sorted(PACKAGE.rglob("*.py"))}


def defines(tree: ast.Module, name: str) -> bool:
    """Whether the module binds ``name`` at its top: a class, a function, an assignment or an import alias."""
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and node.name == name:
            return True
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return True
        if isinstance(node, (ast.Import, ast.ImportFrom)) and any(a.asname == name for a in node.names):
            return True
    return False


def normalises_unicode(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.Attribute) and node.attr == "normalize"
               and isinstance(node.value, ast.Name) and node.value.id == "unicodedata" for node in ast.walk(tree))


def test_kind_has_one_meaning() -> None:
    assert [str(path) for path, tree in _sources().items() if defines(tree, "Kind")] == ["parse/classify.py"]


def test_fold_has_one_meaning() -> None:
    assert [str(path) for path, tree in _sources().items() if defines(tree, "fold")] == ["slug.py"]


def test_only_slug_normalises_unicode() -> None:
    assert [str(path) for path, tree in _sources().items() if normalises_unicode(tree)] == ["slug.py"]


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("Kind = Literal['a']", True),
        ("from typing import Literal as Kind", True),
        ("class Kind(Enum):\n    A = 1", True),
        ("kind = 'a'", False),
        ("def f():\n    Kind = 1", False),
        ("def Kind(): pass", True),
    ],
)
def test_defines_finds_planted_names(source: str, found: bool) -> None:
    assert defines(ast.parse(source), "Kind") is found


def test_normalises_unicode_finds_a_planted_call() -> None:
    assert normalises_unicode(ast.parse("import unicodedata\nx = unicodedata.normalize('NFKD', s)"))
    assert not normalises_unicode(ast.parse("from mgi_graph.slug import fold\nx = fold(s)"))


@pytest.mark.parametrize("text", ["MIGRACIÓN Ærø ß", "Medellín", "हिन्दी", "Ñuñoa ﬁnal", "São Tomé e Príncipe"])
def test_search_folds_as_slug_folds(text: str) -> None:
    folded = fold_with_offsets(text)
    assert folded.text == fold(text)
    assert len(folded.origin) == len(folded.text)
