"""Data flows one way (STYLE §2), proved from the AST of every module in src:

- a module imports only modules of its own stage or of a stage before it;
- nothing in src imports the package root (``import mgi_graph``, ``from mgi_graph import …``):
  the root imports every stage, so any such import is a cycle;
- only cli/ imports click, and only validate.py imports pySHACL.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path, PurePosixPath

import pytest

from mgi_graph._version import __version__

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "mgi_graph"

# The pipeline's stages, upstream first: (stage, the top-level modules and packages of
# src/mgi_graph in it). A module may import its own stage or an earlier one.
# docs/architecture.md gives every module's stage; test_architecture_doc_lists_every_module keeps it true.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("_version", "defaults", "errors", "namespaces", "packaged", "slug", "outfolder", "model", "iris",
              "formats", "languages")),
    ("parse", ("parse",)),
    ("extract", ("extract",)),
    ("locate", ("locator",)),
    ("graph", ("graph",)),
    ("validate", ("graphfile", "validate")),
    ("dump", ("dump", "contract")),
    ("query", ("query",)),
    ("publish", ("publish",)),
    ("pipeline", ("cache", "pipeline")),
    ("server", ("server",)),
    ("cli", ("cli", "__init__", "__main__")),  # the public API and the command line sit on top
)
STAGE_OF: dict[str, int] = {name: index for index, (_, names) in enumerate(STAGES) for name in names}
STAGE_NAME: dict[str, str] = {name: stage for stage, names in STAGES for name in names}
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _modules() -> list[PurePosixPath]:
    return sorted(PurePosixPath(p.relative_to(PACKAGE).as_posix()) for p in PACKAGE.rglob("*.py"))


def top_level(path: PurePosixPath) -> str:
    """The stage key of a module: its top-level package or module name under mgi_graph/."""
    return path.parts[0].removesuffix(".py")


def imported_modules(path: PurePosixPath, tree: ast.Module) -> set[str]:
    """Absolute names of the modules ``tree`` (the module at ``path``) imports, relative ones resolved."""
    package = ["mgi_graph", *path.parts[:-1]]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                if node.module:
                    names.add(f"{base}.{node.module}")
                else:  # from . import x: x is a module of that package
                    names.update(f"{base}.{alias.name}" for alias in node.names)
            elif node.module:
                names.add(node.module)
    return names


def layering_violations(path: PurePosixPath, source: str) -> list[str]:
    """Every import of the module at ``path`` (relative to src/mgi_graph) that breaks the stages."""
    own = top_level(path)
    if own not in STAGE_OF:
        return [f"{path}: {own!r} is in no stage; add it to STAGES"]
    problems = []
    for name in sorted(imported_modules(path, ast.parse(source))):
        parts = name.split(".")
        if parts[0] != "mgi_graph":
            continue
        if len(parts) == 1:
            problems.append(f"{path} imports the package root; import the defining module")
            continue
        target = parts[1]
        if target not in STAGE_OF:
            problems.append(f"{path} imports {name}, which is in no stage")
        elif STAGE_OF[target] > STAGE_OF[own]:
            problems.append(f"{path} ({own}) imports {name}, a later stage ({target})")
    return problems


@pytest.mark.parametrize("path", _modules(), ids=str)
def test_imports_flow_one_way(path: PurePosixPath) -> None:
    assert layering_violations(path, (PACKAGE / path).read_text("utf-8")) == []


def test_every_stage_entry_exists_in_src() -> None:
    present = {top_level(path) for path in _modules()}
    assert sorted(set(STAGE_OF) - present) == []


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        ("graph/vocabulary.py", "from mgi_graph import __version__", "imports the package root"),
        ("server/pool.py", "import mgi_graph", "imports the package root"),
        ("parse/text.py", "from mgi_graph.graph.profiles import x", "a later stage (graph)"),
        ("extract/spans.py", "from ..cli import cli", "a later stage (cli)"),
        ("model.py", "from . import validate", "a later stage (validate)"),
        ("validate.py", "def f():\n    from mgi_graph.server.app import create_app", "a later stage (server)"),
        ("iris.py", "from mgi_graph.nowhere import x", "in no stage"),
        ("iris.py", "from mgi_graph.graph import build_dataset", "a later stage (graph)"),
        ("locator/registry.py", "from mgi_graph.dump.tables import write_tables", "a later stage (dump)"),
        ("newstage.py", "import os", "in no stage"),
    ],
)
def test_checker_reports_a_planted_bad_import(path: str, source: str, expected: str) -> None:
    problems = layering_violations(PurePosixPath(path), source)
    assert len(problems) == 1 and expected in problems[0], problems


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("cli/build.py", "from mgi_graph.pipeline import run_build"),
        ("graph/places.py", "from ..iris import Iris\nfrom ..model import Located\nfrom mgi_graph.extract import x"),
        ("dump/__init__.py", "from mgi_graph.dump.void import void_graph\nimport rdflib"),
    ],
)
def test_checker_accepts_own_and_earlier_stages(path: str, source: str) -> None:
    assert layering_violations(PurePosixPath(path), source) == []


@pytest.mark.parametrize("path", _modules(), ids=str)
def test_only_cli_imports_click_and_only_validate_imports_pyshacl(path: PurePosixPath) -> None:
    tree = ast.parse((PACKAGE / path).read_text("utf-8"))
    imports = {name.split(".")[0] for name in imported_modules(path, tree)}
    if top_level(path) != "cli":
        assert "click" not in imports
    if top_level(path) != "validate":
        assert "pyshacl" not in imports


def test_version_is_pyprojects() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert __version__ == pyproject["project"]["version"]


def _documented_modules() -> dict[str, str]:
    """module path -> stage, from the rows of docs/architecture.md's module table."""
    rows = re.findall(r"^\| `([\w/]+\.py)` \| (\w+) \|", ARCHITECTURE.read_text("utf-8"), flags=re.M)
    return dict(rows)


def test_architecture_doc_lists_every_module_with_its_stage() -> None:
    documented = _documented_modules()
    actual = {str(path): STAGE_NAME.get(top_level(path), "?") for path in _modules()}
    assert sorted(set(actual) - set(documented)) == [], "modules docs/architecture.md does not describe"
    assert sorted(set(documented) - set(actual)) == [], "rows of docs/architecture.md naming no module"
    assert {m: s for m, s in documented.items() if actual[m] != s} == {}, "rows whose stage is not STAGES'"
