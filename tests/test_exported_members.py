"""The package's public names exist, are documented, and the README's pipeline runs as written."""

from __future__ import annotations

from seeds import PROFILES

import mgi_graph


def test_public_names_are_importable_and_documented() -> None:
    for name in mgi_graph.__all__:
        member = getattr(mgi_graph, name)
        if name != "__version__":
            assert member.__doc__, f"{name} has no docstring"


def test_the_package_docstring_pipeline_runs() -> None:
    iris = mgi_graph.Iris()
    located = mgi_graph.locate(mgi_graph.extract_mentions(mgi_graph.read_profile(PROFILES / "pe-lima-2022.txt")))
    dataset = mgi_graph.build_dataset([located], iris=iris)
    report = mgi_graph.validate_graph(mgi_graph.merged_graph(dataset), mgi_graph.load_shapes(iris))
    assert report.conforms and located.profile.country == "PE"
