"""The extract stage's shortcuts answer as the plain rules would (no timing here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mgi_graph.extract import tokenizer
from mgi_graph.extract.lexicon import load_lexicon
from mgi_graph.parse import read_profile
from mgi_graph.slug import norm

PROFILES = Path(__file__).resolve().parents[1] / "data" / "profiles"
TRICKY = [
    "la Ville  \u00bb et \u00ab Ville \u00bb \u2014 suite",  # spaces before a closing guillemet
    "Plan 2015 \u2013 2030 -  Fase  \u2014  II",  # dashes between spaces, and not
    "snake_case _ __ x_", "theDevelopment Plan, elMinisterio, LaPaz, aB",
    "l'OIM, qu\u2019elle, L\u2019UNICEF  \u00bb\u00bb", "N\u00ba 12/2015, n.\u00ba 5/93, No. 7",
    "\u00a0Office\u2009of\u3000Migration \n\t end ",
]


def _plain_tokens(text: str) -> list[tuple[str, int, int, str]]:
    """Tokens as the alternation finds them without the lookahead that passes over spaces."""
    lexicon = load_lexicon()
    pattern = tokenizer._TOKEN.replace("ELISIONS", tokenizer._alternatives(lexicon.words.role("elision")))
    plain = re.compile(re.sub(r"^\s*\(\?=[^\n]*\n", "", pattern), re.VERBOSE)
    found = []
    for match in plain.finditer(text):
        kind = match.lastgroup or "punct"
        if kind == "dash":
            found.append((match.group(0).strip(), match.start() + 1, match.end() - 1, kind))
        elif kind != "word":
            found.append((match.group(0), match.start(), match.end(), kind))
        else:
            found.extend((t.text, t.start, t.end, t.type)
                         for t in lexicon.tokenizer._split_glued(match.group(0), match.start()))
    return found


def _texts() -> list[str]:
    return TRICKY + [f.text for p in sorted(PROFILES.glob("*.txt")) for f in read_profile(p).findings]


@pytest.mark.parametrize("text", _texts())
def test_tokens_are_those_of_the_plain_alternation(text: str) -> None:
    tokens = load_lexicon().tokenizer.tokenize(text)
    assert [(t.text, t.start, t.end, t.type) for t in tokens] == _plain_tokens(text)


def test_derived_fields_are_worked_out_as_written() -> None:
    for token in (t for text in TRICKY for t in load_lexicon().tokenizer.tokenize(text)):
        capitalised = token.type == "word" and token.text[0].isupper()
        letters = [c for c in token.text if c.isalpha()]
        assert token.key == norm(token.text)
        assert token.is_word == (token.type in ("word", "elision"))
        assert token.is_capitalised == capitalised
        assert token.is_acronym == (capitalised and len(letters) >= 2 and all(c.isupper() for c in letters))
