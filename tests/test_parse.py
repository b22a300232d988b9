"""Profile parser: seeds against the gold, layout variants of the seeds, case files, bad input.

Case layout (discovered, never one test per file):
- tests/gold/<seed>.json + data/profiles/<seed>.txt  the five hand-checked seeds;
- tests/cases/parse/ok/<case>/profile.txt + expected.json  pages in other languages/layouts;
- tests/cases/parse/errors/<case>/profile.txt + expected.json  {"message": substring, "line": n}.
Regenerate an ok case's expected.json only after reading the parser's output by hand.
"""

from __future__ import annotations

import hashlib
import json
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mgi_graph.errors import ProfileParseError
from mgi_graph.model import DOMAINS, POLARITIES, Profile
from mgi_graph.parse import parse_profile, read_profile
from mgi_graph.parse.lexicon import load_lexicon
from mgi_graph.parse.names import match_words, phrases_at, tokenize
from mgi_graph.parse.text import _folded_key, heading_key
from mgi_graph.packaged import resource_dir

TESTS = Path(__file__).parent
PROFILES = TESTS.parent / "data" / "profiles"
SEEDS = sorted(p.stem for p in (TESTS / "gold").glob("*.json"))
OK_CASES = sorted(p for p in (TESTS / "cases" / "parse" / "ok").iterdir() if p.is_dir())
ERROR_CASES = sorted(p for p in (TESTS / "cases" / "parse" / "errors").iterdir() if p.is_dir())


def _gold(seed: str) -> dict[str, Any]:
    return json.loads((TESTS / "gold" / f"{seed}.json").read_text("utf-8"))


def _seed_text(seed: str) -> str:
    return (PROFILES / f"{seed}.txt").read_text("utf-8")


def assert_matches_gold(profile: Profile, gold: dict[str, Any]) -> None:
    """Metadata and every finding's position, domain, polarity and text[:60] as in the gold."""
    meta = gold["profile"]
    expected = {
        "entity": meta["entity"],
        "place": meta["place"],
        "level": meta["level"],
        "published": meta["published"],
        "language": meta["language"],
        "title": meta["title"],
        # The gold's iso2 is known even when the text does not state it; the parser reports
        # only a stated country and leaves inference to a later stage.
        "country": meta["iso2"] if meta["country_stated"] else None,
        "country_name": meta["country"] if meta["country_stated"] else None,
        "country_inferred": False,
    }
    actual = {key: getattr(profile, key) for key in expected}
    assert actual == expected
    got = [(f.position, f.domain, f.polarity, f.text[:60]) for f in profile.findings]
    want = [(f["position"], f["domain"], f["polarity"], f["text_start"]) for f in gold["findings"]]
    assert got == want


# --- the five seeds -------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_reproduces_gold(seed: str) -> None:
    profile = read_profile(PROFILES / f"{seed}.txt")
    assert_matches_gold(profile, _gold(seed))


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_source_hash_and_lines(seed: str) -> None:
    path = PROFILES / f"{seed}.txt"
    profile = read_profile(path)
    assert profile.source == str(path)
    assert profile.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    lines = path.read_text("utf-8").split("\n")
    for finding in profile.findings:
        # The line number points at the finding's own line, which holds its text verbatim.
        assert finding.text in lines[finding.line - 1]
        assert finding.text == finding.text.strip()


def test_chrome_language_differs_from_findings() -> None:
    assert read_profile(PROFILES / "pe-lima-2022.txt").chrome_language == "fr"
    assert read_profile(PROFILES / "co-bucaramanga-2022.txt").chrome_language == "en"
    assert read_profile(PROFILES / "co-medellin-2022.txt").chrome_language == "en"


def test_finding_text_kept_verbatim() -> None:
    profile = read_profile(PROFILES / "co-medellin-2022.txt")
    assert any("localinstrument" in f.text for f in profile.findings)


@pytest.mark.parametrize("name", ["La Ligua", "Los Andes", "El Quisco"])
def test_place_names_may_begin_with_an_article(name: str) -> None:
    text = (PROFILES / "cl-monte-patria-2024.txt").read_text("utf-8").replace("Monte Patria", name)
    profile = parse_profile(text, source="x.txt")
    assert (profile.entity, profile.place) == (f"Municipalidad de {name}", name)


def test_parse_profile_hashes_utf8_of_text() -> None:
    text = _seed_text("co-medellin-2022")
    profile = parse_profile(text, source="somewhere.txt")
    assert profile.source == "somewhere.txt"
    assert profile.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- layout variants of every seed ----------------------------------------------------------


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _cr(text: str) -> str:
    return text.replace("\n", "\r")


def _nbsp(text: str) -> str:
    return text.replace(" ", "\u00a0")


def _straight_quotes_lower_headings(text: str) -> str:
    """Headings typed by hand: straight apostrophes, lower case, trailing colons."""
    out = []
    for line in text.split("\n"):
        if line.isupper() and len(line) > 3:
            line = line.replace("\u2019", "'").lower() + ":"
        out.append(line)
    return "\n".join(out)


def _glued_date(text: str) -> str:
    """The date line run into the last finding, as a careless copy leaves it."""
    return re.sub(r"\.\n+(\d{4} [^\W\d]+)\s*(\n.*)?$", r". \1\2", text.rstrip("\n"))


def _wrapped(text: str) -> str:
    """Every bullet wrapped at 72 columns, continuation lines indented."""
    out = []
    for line in text.split("\n"):
        match = re.match(r"^(\s*(?:•|-)\s+)(.*\S)\s*$", line)
        if match and len(line) > 72:
            body = textwrap.wrap(match[2], 72, break_long_words=False, break_on_hyphens=False)
            out.extend([match[1] + body[0], *("    " + rest for rest in body[1:])])
        else:
            out.append(line)
    return "\n".join(out)


VARIANTS: dict[str, Callable[[str], str]] = {
    "crlf": _crlf,
    "cr": _cr,
    "nbsp": _nbsp,
    "headings-typed": _straight_quotes_lower_headings,
    "glued-date": _glued_date,
    "wrapped": _wrapped,
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("seed", SEEDS)
def test_seed_variant_still_matches_gold(seed: str, variant: str) -> None:
    text = VARIANTS[variant](_seed_text(seed))
    profile = parse_profile(text, source=f"{seed}-{variant}.txt")
    assert_matches_gold(profile, _gold(seed))
    if variant == "wrapped":
        unwrapped = parse_profile(_seed_text(seed), source=seed)
        assert [f.text for f in profile.findings] == [f.text for f in unwrapped.findings]


def test_bom_and_crlf_bytes(tmp_path: Path) -> None:
    path = tmp_path / "profile.txt"
    raw = b"\xef\xbb\xbf" + _crlf(_seed_text("pe-lima-2022")).encode("utf-8")
    path.write_bytes(raw)
    profile = read_profile(path)
    assert_matches_gold(profile, _gold("pe-lima-2022"))
    assert profile.sha256 == hashlib.sha256(raw).hexdigest()


# --- other languages and layouts (case directories) ----------------------------------------


@pytest.mark.parametrize("case", OK_CASES, ids=[c.name for c in OK_CASES])
def test_ok_case(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text("utf-8"))
    profile = read_profile(case / "profile.txt")
    assert {key: getattr(profile, key) for key in expected["profile"]} == expected["profile"]
    findings = [
        {"position": f.position, "domain": f.domain, "polarity": f.polarity, "line": f.line, "text": f.text}
        for f in profile.findings
    ]
    assert findings == expected["findings"]
    assert profile.country_inferred is False


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.name for c in ERROR_CASES])
def test_error_case(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text("utf-8"))
    path = case / "profile.txt"
    with pytest.raises(ProfileParseError) as caught:
        read_profile(path)
    _assert_error(caught.value, str(path), expected["message"], expected["line"])


BAD_BYTES: dict[str, tuple[bytes, str, int | None]] = {
    "empty": (b"", "empty file", None),
    "blank": (b" \n\r\n\t\n", "empty file", None),
    "bom-only": (b"\xef\xbb\xbf\n", "empty file", None),
    "binary": (b"%PDF-1.7\n\x00\x01\x02binary", "binary file (NUL byte found)", 2),
    "latin-1": ("Línea uno\nMunicipalidad de Peñalolén\n".encode("latin-1"), "offset 1", 1),
    "latin-1-line-3": ("one\ntwo\nthree Peñalolén\n".encode("latin-1"), "offset 16", 3),
    "utf-16": ("2022 September\n".encode("utf-16"), "UTF-16", 1),
}


@pytest.mark.parametrize("name", sorted(BAD_BYTES))
def test_bad_bytes(tmp_path: Path, name: str) -> None:
    data, message, line = BAD_BYTES[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    with pytest.raises(ProfileParseError) as caught:
        read_profile(path)
    _assert_error(caught.value, str(path), message, line)


def test_non_utf8_message_says_how_to_fix(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Peñalolén".encode("latin-1"))
    with pytest.raises(ProfileParseError, match="re-save the file as UTF-8"):
        read_profile(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileParseError, match="cannot read file"):
        read_profile(tmp_path / "nope.txt")


def test_parse_profile_rejects_empty_text() -> None:
    with pytest.raises(ProfileParseError, match="empty file"):
        parse_profile("  \n", source="x.txt")


def _assert_error(error: ProfileParseError, source: str, message: str, line: int | None) -> None:
    text = str(error)
    assert "\n" not in text
    assert error.source == source
    assert error.line == line
    assert message in error.message
    assert text.startswith(f"{source}:{line}: " if line else f"{source}: ")


# --- the lexicon is data, complete for every language ---------------------------------------


def test_lexicon_covers_every_language() -> None:
    raw = json.loads((resource_dir("lexicon") / "parse.json").read_text("utf-8"))
    languages = raw["languages"]
    assert set(raw["domains"]) == set(DOMAINS)
    assert set(raw["polarities"]) == set(POLARITIES)
    for table in (*raw["domains"].values(), *raw["polarities"].values()):
        assert all(table.get(lang) for lang in languages)
    for key in ("polarity_prefixes", "function_words"):
        assert all(raw[key].get(lang) for lang in languages)
    assert all(len(raw["months"][lang]) == 12 for lang in languages)
    assert load_lexicon() is load_lexicon()


def test_lexicon_names_no_seed_place() -> None:
    text = (resource_dir("lexicon") / "parse.json").read_text("utf-8").casefold()
    for place in ("medell", "bucaramanga", "monte patria", "quilmes", "lima"):
        assert place not in text


# --- the place search looks only at the phrases a word can open ------------------------------


def test_phrases_at_a_word_are_every_phrase_that_matches_there() -> None:
    lexicon = load_lexicon()
    lists = (lexicon.local_heads, lexicon.national_heads, lexicon.entity_connectors, lexicon.name_connectors,
             lexicon.name_conjunctions)
    lines = [line for path in sorted(PROFILES.glob("*.txt")) for line in path.read_text("utf-8").splitlines()]
    lines += ["MUNICIPALIDAD DE la Ligua", "República  Federativa do Brasil", "Côte d'Ivoire and ÉTATS-Unis"]
    for line in lines:
        tokens = tokenize(line)
        for i in range(len(tokens) + 1):
            for phrases in lists:
                every = [p for p in phrases if match_words(tokens, i, p)]
                assert [p for p in phrases_at(tokens, i, phrases) if match_words(tokens, i, p)] == every, (line, i)


def test_heading_key_of_ascii_text_is_the_general_fold() -> None:
    lines = [line for path in sorted(PROFILES.glob("*.txt")) for line in path.read_text("utf-8").splitlines()]
    lexicon = (resource_dir("lexicon") / "parse.json").read_text("utf-8")
    texts = [t for t in [*lines, *re.findall(r'"([^"]*)"', lexicon)] if t.isascii()]
    texts += ["Whole-of-government `approach`", "MIGRATION GOVERNANCE:\tEXAMPLES (1.) d'ABC", "a_b 1,5 x\x0cy"]
    assert len(texts) > 500
    assert [heading_key(t) for t in texts] == [_folded_key(t) for t in texts]
