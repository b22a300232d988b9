"""The parser's short cuts give what the plain definitions give (no timing here).

- ``word_counts`` counts the letter runs a regex over the whole casefolded text finds;
- ``heading_key`` of text that folds to non-ASCII is ``slug.word_runs`` of the folded text;
- a text ``opens_a_phrase`` rejects has no token where ``phrases_at`` finds a phrase;
- the lexicon's first-word index of prefixes, and its polarity headings, answer as the
  phrase lists tried one by one, longest first.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from seeds import PROFILES

from mgi_graph.parse.lexicon import load_lexicon
from mgi_graph.parse.names import opens_a_phrase, phrases_at, tokenize
from mgi_graph.parse.text import _APOSTROPHES, _folded_key, heading_key, normalise_spaces, word_counts
from mgi_graph.packaged import resource_dir
from mgi_graph.slug import fold, word_runs

LINES = sorted({line for path in sorted(PROFILES.glob("*.txt")) for line in path.read_text("utf-8").splitlines()})
ODD = ["(MGI), l'État – “Plan”", "m² ½ Ⅻ ➏ x²y", "Москва, Δήμος • 移民の権利 2022", "ǅemal ﬁnal ß Ærø",
       "e\u0301cole  de\u0301ja\u0300", "हिन्दी राज्य", "__a_b 12ab a1b", ""]


@pytest.mark.parametrize("text", [*ODD, "\n".join(LINES)])
def test_word_counts_are_the_letter_runs_of_the_text(text: str) -> None:
    assert word_counts(text) == Counter(re.findall(r"[^\W\d_]+", text.casefold()))


@pytest.mark.parametrize("text", [*ODD, *(line for line in LINES if not line.isascii())])
def test_folded_key_is_word_runs_of_the_folded_text(text: str) -> None:
    folded = fold(_APOSTROPHES.sub("'", normalise_spaces(text)))
    assert _folded_key(text) == " ".join(word_runs(folded, "0-9a-z'"))


def test_a_text_without_a_head_word_has_no_head_at_any_token() -> None:
    lexicon = load_lexicon()
    heads = (lexicon.national_heads, lexicon.local_heads)
    for line in [*LINES, *ODD, "MUNICIPALIDAD DE la Ligua", "la república de Chile"]:
        if not opens_a_phrase(line, *heads):
            tokens = tokenize(line)
            assert not any(tokens[i].text[:1].isupper() and phrases_at(tokens, i, h)
                           for i in range(len(tokens)) for h in heads), line


def test_prefixes_and_polarity_headings_answer_as_the_lists_in_turn() -> None:
    lexicon = load_lexicon()
    raw = json.loads((resource_dir("lexicon") / "parse.json").read_text("utf-8"))
    keys = {heading_key(line) for line in LINES} | set(lexicon.title_languages) | {"published", "published on 2022"}
    keys |= {f"{p} {key}" for p in ("migration governance", "gobernanza migratoria") for key in lexicon.polarities}
    prefixes = (lexicon.title_prefixes, lexicon.reset_prefixes, lexicon.skip_prefixes, lexicon.date_labels)
    every = [tuple(p for group in table.by_first_word.values() for p in group) for table in prefixes]
    ordered = [tuple(sorted(phrases, key=lambda s: (-len(s), s))) for phrases in every]
    polarity_prefixes = sorted({heading_key(p) for ps in raw["polarity_prefixes"].values() for p in ps},
                               key=lambda s: (-len(s), s))
    for key in keys:
        for table, phrases in zip(prefixes, ordered):
            fits = [p for p in phrases if key == p or key.startswith(p + " ")]
            assert [p for p in table.candidates(key) if key == p or key.startswith(p + " ")] == fits, key
        expected = lexicon.polarities.get(key) or next(
            (lexicon.polarities[key[len(p) + 1:]] for p in polarity_prefixes
             if key.startswith(p + " ") and key[len(p) + 1:] in lexicon.polarities), None)
        assert lexicon.polarity_headings.get(key) == expected, key
