"""Data flows one way (STYLE §2): a module imports only from layers to its left,
only cli/ imports click, and only validate.py imports pySHACL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mgi_graph"

# Lower number = further upstream. A module may import modules of its own or a lower layer.
LAYERS: dict[str, int] = {
    "errors": 0, "namespaces": 0, "resources": 0, "slug": 0,
    "model": 1,
    "parse": 2, "extract": 2, "gazetteer": 2, "registry": 2, "sssom": 2,
    "graph": 3, "contract": 3, "link": 3,
    "validate": 4, "tables": 4, "jsonld": 4, "void": 4, "dump": 4, "store": 4, "results": 4, "queries": 4, "push": 4,
    "pipeline": 5,
    "server": 6,
    "cli": 7,
}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__main__.py")


def _layer_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_flow_one_way(path: Path) -> None:
    own = _layer_of(path)
    if own == "__init__":
        return
    assert own in LAYERS, f"{path.name}: add its layer to LAYERS"
    for name in _imports(path):
        if not name.startswith("mgi_graph."):
            continue
        target = name.split(".")[1]
        assert target in LAYERS, f"{path.name} imports unknown module {name}"
        assert LAYERS[target] <= LAYERS[own], f"{path.relative_to(PACKAGE)} ({own}) imports {name} downstream"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_cli_imports_click_and_only_validate_imports_pyshacl(path: Path) -> None:
    imports = {name.split(".")[0] for name in _imports(path)}
    if _layer_of(path) != "cli":
        assert "click" not in imports
    if _layer_of(path) != "validate":
        assert "pyshacl" not in imports
