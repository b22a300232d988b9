"""Institutions and instruments a profile's findings mention (gold/GUIDELINE.md).

Rules over a capitalisation-aware tokenizer and multilingual lexicons
(``lexicon/extract-*.tsv``): head nouns say what a capitalised name is, function
words say where names start, end and nest, trigger words and quotes mark names
without a head noun, and an alias table unites international bodies across
languages.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from mgi_graph.extract.finding import FindingExtractor, Mention
from mgi_graph.extract.heads import head_finder
from mgi_graph.extract.identity import identify_institution, identify_instrument
from mgi_graph.extract.lexicon import load_lexicon
from mgi_graph.model import Profile

__all__ = ["extract_mentions"]


def extract_mentions(profile: Profile, *, lexicon_dir: Path | None = None) -> Profile:
    """A copy of ``profile`` whose findings carry the institutions and instruments they name.

    The lexicon is read from ``lexicon_dir`` (laid out as the packaged ``lexicon/``), the
    packaged one by default.

    Two passes: the first collects abbreviations defined anywhere in the profile
    ("National Statistics Office (NSO)"), so that "the NSO" in any finding
    resolves to the full name; the second redoes only the findings that hold an
    abbreviation's words.
    """
    lexicon = load_lexicon(lexicon_dir)
    texts = [finding.text for finding in profile.findings]
    tokens = [lexicon.tokenizer.tokenize(text) for text in texts]
    heads = head_finder(profile.language, lexicon_dir)
    first = FindingExtractor(profile, heads, {})
    found = [first.extract(text, words) for text, words in zip(texts, tokens)]
    definitions: dict[str, Mention] = {}
    for one in found:
        for acronym, mention in one.definitions.items():
            definitions.setdefault(acronym, mention)
    if definitions:
        # only a finding that can spell a defined abbreviation reads differently the second time
        second = FindingExtractor(profile, heads, definitions)
        found = [second.extract(text, words) if second.reads_abbreviations(words) else one
                 for text, words, one in zip(texts, tokens, found)]
    findings = tuple(
        replace(finding,
                institutions=tuple(identify_institution(i, lexicon) for i in one.institutions),
                instruments=tuple(identify_instrument(i, profile, heads) for i in one.instruments))
        for finding, one in zip(profile.findings, found)
    )
    return replace(profile, findings=findings)
