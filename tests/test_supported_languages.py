"""One list of supported languages (src/mgi_graph/languages.py, read from the lexicon): no other
module spells it, proved from the AST of every module in src (a tuple, list, set or dict's keys
naming two or more of the languages)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from mgi_graph.languages import LANGUAGES, language_name

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mgi_graph"
OWNER = "languages.py"


def _strings(nodes: list[ast.expr | None]) -> set[str]:
    return {n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def language_lists(source: str, languages: tuple[str, ...] = LANGUAGES) -> list[int]:
    """Lines of ``source`` where a literal collection names two or more of ``languages``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            named = _strings(list(node.elts))
        elif isinstance(node, ast.Dict):
            named = _strings(list(node.keys))
        else:
            continue
        if len(named & set(languages)) >= 2:
            lines.append(node.lineno)
    return lines


def spelling_violations(sources: dict[str, str]) -> list[str]:
    return [f"{module}:{line} spells the language list; import LANGUAGES from mgi_graph.languages"
            for module, source in sorted(sources.items()) if module != OWNER for line in language_lists(source)]


def test_no_module_but_languages_spells_the_language_list() -> None:
    sources = {p.relative_to(PACKAGE).as_posix(): p.read_text("utf-8") for p in sorted(PACKAGE.rglob("*.py"))}
    assert spelling_violations(sources) == []


@pytest.mark.parametrize(
    "source",
    [
        'NAME_LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "pt")',
        'def f(lang):\n    return lang in ["fr", "pt"]',
        'NAMES = {"en": "English", "es": "Español"}',
        'SUPPORTED = {"es", "en"}',
    ],
    ids=["tuple", "list", "dict-keys", "set"],
)
def test_checker_reports_a_planted_language_list(source: str) -> None:
    problems = spelling_violations({"server/views.py": source})
    assert len(problems) == 1 and problems[0].startswith("server/views.py:"), problems


@pytest.mark.parametrize(
    "source",
    ['SOURCE = "en"', 'label = names.get("en") or names.get("es")', 'PAIR = ("en", "of")'],
    ids=["one-language", "two-lookups", "one-in-a-tuple"],
)
def test_checker_accepts_a_single_language(source: str) -> None:
    assert spelling_violations({"server/views.py": source}) == []


def test_the_languages_are_the_lexicons() -> None:
    import json

    lexicon = json.loads((PACKAGE / "lexicon" / "parse.json").read_text("utf-8"))
    assert LANGUAGES == tuple(lexicon["languages"]) and len(LANGUAGES) >= 2


@pytest.mark.parametrize(("code", "name"), [("en", "English"), ("es", "Español"), ("fr", "Français"), ("pt", "Português")])
def test_a_language_is_named_in_itself(code: str, name: str) -> None:
    assert language_name(code) == name
