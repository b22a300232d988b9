"""``mgi_graph.__all__`` is the public API (every public name of the package and no other),
each name resolves to a documented member of its defining module, and the README's pipeline
runs as written."""

from __future__ import annotations

import __future__
from types import ModuleType

import pytest
from seeds import PROFILES

import mgi_graph


def public_names(module: ModuleType) -> set[str]:
    """The names ``module`` binds that a user would take as its API: not private, not a
    submodule (importing ``mgi_graph.parse`` binds ``parse``), not a ``__future__`` feature."""
    bound = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, (ModuleType, __future__._Feature))
    }
    # The root binds most names on first use (PEP 562), so that `mgi-graph --help` stays light.
    return bound | set(getattr(module, "_LAZY", {}))


def test_all_is_exactly_the_public_names() -> None:
    assert sorted(mgi_graph.__all__) == mgi_graph.__all__ and len(set(mgi_graph.__all__)) == len(mgi_graph.__all__)
    assert public_names(mgi_graph) == set(mgi_graph.__all__) - {"__version__"}


@pytest.mark.parametrize("name", [n for n in mgi_graph.__all__ if n != "__version__"])
def test_each_exported_name_resolves_to_a_documented_member(name: str) -> None:
    member = getattr(mgi_graph, name)
    assert member.__module__.startswith("mgi_graph."), f"{name} is defined outside the package"
    assert member.__doc__, f"{name} has no docstring"


def test_version_is_exported() -> None:
    assert isinstance(mgi_graph.__version__, str) and mgi_graph.__version__


def test_public_names_sees_a_stray_name() -> None:
    module = ModuleType("fake")
    exec("from __future__ import annotations\nimport os\nfrom os.path import join\n_private = 1\nVALUE = 2", vars(module))
    assert public_names(module) == {"join", "VALUE"}


def test_the_package_docstring_pipeline_runs() -> None:
    iris = mgi_graph.Iris()
    located = mgi_graph.locate(mgi_graph.extract_mentions(mgi_graph.read_profile(PROFILES / "pe-lima-2022.txt")))
    dataset = mgi_graph.build_dataset([located], iris=iris)
    report = mgi_graph.validate_graph(mgi_graph.merged_graph(dataset), mgi_graph.load_shapes(iris))
    assert report.conforms and located.profile.country == "PE"
