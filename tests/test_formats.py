"""One table of formats (src/mgi_graph/formats.tsv, loaded by formats.py): the table agrees with
rdflib and pyoxigraph, and no module but formats.py spells a media type (proved from the AST of
every module in src: string and bytes constants, f-string parts, not docstrings)."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.plugin import Parser, Serializer, get

from mgi_graph.formats import FORMATS, Format, format_of_file, oxigraph_format

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mgi_graph"
MEDIA_TYPE = re.compile(r"\b(?:application|text|image)/[a-z0-9.+-]+\b")
OWNER = "formats.py"


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the constants that are docstrings (of the module, a class or a function)."""
    owners = [node for node in ast.walk(tree)
              if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))]
    return {id(owner.body[0].value) for owner in owners
            if owner.body and isinstance(owner.body[0], ast.Expr) and isinstance(owner.body[0].value, ast.Constant)}


def media_types_in(source: str) -> set[str]:
    """The media types spelled in the string and bytes constants of ``source``, docstrings aside."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and id(node) not in skip and isinstance(node.value, (str, bytes)):
            text = node.value.decode("latin-1") if isinstance(node.value, bytes) else node.value
            found.update(MEDIA_TYPE.findall(text))
    return found


def spelling_violations(sources: dict[str, str]) -> list[str]:
    """One line per media type spelled outside formats.py, naming every module that spells it."""
    spelled: dict[str, set[str]] = defaultdict(set)
    for module, source in sources.items():
        for media_type in media_types_in(source):
            spelled[media_type].add(module)
    return [f"{media_type} is spelled in {', '.join(sorted(modules))}; take it from formats.py"
            for media_type, modules in sorted(spelled.items()) if modules - {OWNER}]


def _sources() -> dict[str, str]:
    return {p.relative_to(PACKAGE).as_posix(): p.read_text("utf-8") for p in sorted(PACKAGE.rglob("*.py"))}


def test_no_module_but_formats_spells_a_media_type() -> None:
    assert spelling_violations(_sources()) == []


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ({"dump/void.py": 'T = "text/turtle"', "server/dumps.py": 'M = {".ttl": "text/turtle"}'},
         "text/turtle is spelled in dump/void.py, server/dumps.py"),
        ({"server/app.py": 'def f(x):\n    return f"{x}; type=application/ld+json"'}, "application/ld+json"),
        ({"server/limits.py": 'H = (b"content-type", b"text/plain; charset=utf-8")'}, "text/plain"),
        ({"formats.py": 'A = "application/n-triples"', "publish/push.py": 'B = "application/n-triples"'},
         "application/n-triples is spelled in formats.py, publish/push.py"),
    ],
    ids=["two-modules", "f-string", "bytes", "formats-and-another"],
)
def test_checker_reports_a_planted_media_type(sources: dict[str, str], expected: str) -> None:
    problems = spelling_violations(sources)
    assert len(problems) == 1 and expected in problems[0], problems


def test_checker_accepts_docstrings_and_the_table() -> None:
    sources = {
        "server/conneg.py": '"""Serves text/turtle."""\ndef f():\n    """As application/ld+json."""\n    return 1',
        "formats.py": 'TYPES = ("text/turtle", "application/ld+json")',
    }
    assert spelling_violations(sources) == []


def _unique(attribute: str) -> list[str]:
    values = [getattr(f, attribute) for f in FORMATS.values() if getattr(f, attribute)]
    return sorted(v for v in set(values) if values.count(v) > 1)


@pytest.mark.parametrize("attribute", ["media_type", "extension"])
def test_media_types_and_extensions_name_one_format(attribute: str) -> None:
    assert _unique(attribute) == []


RDF_FORMATS = [f for f in FORMATS.values() if f.kind in ("graph", "dataset")]


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_rdf_formats_agree_with_pyoxigraph_and_rdflib(fmt: Format) -> None:
    rdf_format = fmt.rdf_format()
    assert (rdf_format.media_type, rdf_format.file_extension) == (fmt.media_type, fmt.extension)
    assert rdf_format.supports_datasets or fmt.kind == "graph"
    assert get(fmt.rdflib, Parser) and get(fmt.rdflib, Serializer)


def test_a_format_that_is_not_rdf_has_no_pyoxigraph_name() -> None:
    with pytest.raises(ValueError, match="csv is not an RDF format"):
        FORMATS["csv"].rdf_format()


@pytest.mark.parametrize(
    ("name", "expected"),
    [("mgi.nq.gz", "gzip"), ("mgi.nt", "ntriples"), ("tables/findings.csv", "csv"), ("context.jsonld", "jsonld"),
     ("datapackage.json", "json"), ("SHA256SUMS", None), ("archive.unknown", None)],
)
def test_format_of_a_file_is_its_last_ending(name: str, expected: str | None) -> None:
    fmt = format_of_file(name)
    assert (fmt.name if fmt else None) == expected


def test_content_type_carries_the_charset_only_where_the_type_takes_one() -> None:
    assert (FORMATS["turtle"].content_type, FORMATS["jsonld"].content_type) == (
        f"{FORMATS['turtle'].media_type}; charset=utf-8", FORMATS["jsonld"].media_type)


@pytest.mark.parametrize(("key", "name"), [("ttl", "TURTLE"), ("nt", "N_TRIPLES"), ("jsonld", "JSON_LD"), ("rdf", "RDF_XML")])
def test_a_documents_key_names_its_pyoxigraph_format(key: str, name: str) -> None:
    assert oxigraph_format(key) == getattr(ox.RdfFormat, name)


def test_a_key_of_no_rdf_format_is_refused() -> None:
    with pytest.raises(ValueError, match="'csv' names no RDF format"):
        oxigraph_format("csv")
