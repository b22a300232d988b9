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
    resolves to the full name.
    """
    lexicon = load_lexicon(lexicon_dir)
    definitions: dict[str, Mention] = {}
    first = FindingExtractor(profile, lexicon, {})
    for finding in profile.findings:
        for acronym, mention in first.extract(finding.text).definitions.items():
            definitions.setdefault(acronym, mention)
    extractor = FindingExtractor(profile, lexicon, definitions)
    findings = []
    for finding in profile.findings:
        found = extractor.extract(finding.text)
        institutions = tuple(identify_institution(i, lexicon) for i in found.institutions)
        instruments = tuple(identify_instrument(i, profile, extractor.heads) for i in found.instruments)
        findings.append(replace(finding, institutions=institutions, instruments=instruments))
    return replace(profile, findings=tuple(findings))
