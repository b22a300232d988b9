"""Precision and recall of mention extraction against hand annotations.

    python benchmarks/extraction.py [--set gold|dev|all|heldout|heldout2] [--details] [--by-language]

Prints a Markdown table per annotated profile (institutions and instruments,
distinct names, matching rule of tests/gold/README.md) and the totals.

- ``gold``: tests/gold/, the two profiles the extractor was written against;
- ``dev``: tests/dev/, a development set annotated independently of the
  extractor: the other three seed profiles (``<profile id>.json``, the gold
  format) and ``unseen.json``, made-up findings in French, Portuguese, and
  national-level English and Spanish, grouped by made-up profile;
- ``all``: both;
- ``heldout``: tests/heldout/unseen.json, made-up findings in the same format as
  the dev set's, 12 per language (en, es, fr, pt), local and national, never
  used to tune the extractor: a measurement set, kept out of ``all``;
- ``heldout2``: tests/heldout2/unseen.json, a second measurement set in the same
  format (other made-up profiles, annotated before the extractor was run), kept out of ``all``.

``--details`` also lists the misses, the spurious names, the names that match
only by containment (``partial``: a span too short or too long), and kinds or years
that disagree with the annotation; ``--by-language`` adds a total row per language.
tests/test_extract.py imports ``evaluate_set`` to hold the dev-set totals at their floors.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mgi_graph.extract import extract_mentions
from mgi_graph.extract.score import Score, distinct, names_match, normalise, score
from mgi_graph.model import Finding, Profile
from mgi_graph.parse import read_profile

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
DEV = ROOT / "tests" / "dev"
UNSEEN = DEV / "unseen.json"
HELDOUT = ROOT / "tests" / "heldout"
HELDOUT2 = ROOT / "tests" / "heldout2"
PROFILES = ROOT / "data" / "profiles"
SETS = ("gold", "dev", "all", "heldout", "heldout2")

Names = list[list[str]]


@dataclass
class Result:
    """One annotated profile scored: institutions, instruments, and what went wrong."""

    name: str
    institutions: Score
    instruments: Score
    details: dict[str, list[str]] = field(default_factory=dict)


# -- annotated profiles --------------------------------------------------------------

def _annotated(data: dict[str, Any]) -> bool:
    return any(f.get("institutions") or f.get("instruments") for f in data["findings"])


def annotated_profiles(which: str) -> Iterator[tuple[str, dict[str, Any], Profile]]:
    """(name, annotation, extracted profile) for every annotated profile of set ``which``."""
    if which not in SETS:
        raise ValueError(f"unknown set {which!r}: use one of {', '.join(SETS)}")
    directories = {"gold": [GOLD], "dev": [DEV], "all": [GOLD, DEV], "heldout": [HELDOUT],
                   "heldout2": [HELDOUT2]}[which]
    for directory in directories:
        for path in sorted(directory.glob("*.json")):
            data = json.loads(path.read_text("utf-8"))
            if path.name == UNSEEN.name:
                yield from _unseen(data, directory.name)
            elif _annotated(data):
                # annotation files are named after the profile text they annotate
                yield path.stem, data, extract_mentions(read_profile(PROFILES / f"{path.stem}.txt"))


def _unseen(data: dict[str, Any], label: str = "dev") -> Iterator[tuple[str, dict[str, Any], Profile]]:
    """The made-up profiles of an unseen.json, each built from its findings' texts."""
    prefix = "unseen" if label == "dev" else label
    for group in data["profiles"]:
        meta = group["profile"]
        findings = tuple(Finding(f["position"], f["domain"], f["polarity"], f["text"]) for f in group["findings"])
        profile = Profile(source=f"{prefix}:{group['id']}", sha256="0" * 64, title=None, entity=meta["entity"],
                          level=meta["level"], place=meta["place"], published="2024-01",
                          language=meta["language"], chrome_language=meta["language"], findings=findings,
                          country=meta["iso2"], country_name=meta["country"])
        yield f"{prefix}/{group['id']} ({meta['language']}, {meta['level']})", group, extract_mentions(profile)


# -- scoring --------------------------------------------------------------------------

def gold_names(data: dict[str, Any]) -> tuple[Names, Names]:
    institutions = [[i["canonical"], i["surface"]] for f in data["findings"] for i in f.get("institutions", [])]
    instruments = [[i["surface"]] for f in data["findings"] for i in f.get("instruments", [])]
    return institutions, instruments


def extracted_names(profile: Profile) -> tuple[Names, Names]:
    institutions = [[i.name, i.surface] for f in profile.findings for i in f.institutions]
    instruments = [[i.surface] for f in profile.findings for i in f.instruments]
    return institutions, instruments


def evaluate(name: str, data: dict[str, Any], profile: Profile) -> Result:
    gold_i, gold_n = gold_names(data)
    ours_i, ours_n = extracted_names(profile)
    details = {
        "institutions": _differences(ours_i, gold_i),
        "instruments": _differences(ours_n, gold_n),
        "kinds and years": _disagreements(data, profile),
    }
    return Result(name, score(ours_i, gold_i), score(ours_n, gold_n), details)


def evaluate_set(which: str) -> list[Result]:
    """Every annotated profile of ``which`` (gold | dev | all), scored."""
    return [evaluate(name, data, profile) for name, data, profile in annotated_profiles(which)]


def totals(results: list[Result]) -> tuple[Score, Score]:
    institutions = instruments = Score(0, 0, 0, 0)
    for result in results:
        institutions, instruments = institutions + result.institutions, instruments + result.instruments
    return institutions, instruments


def _differences(ours: Names, gold: Names) -> list[str]:
    mine, theirs = distinct(ours), distinct(gold)
    lines = []
    for g in theirs:
        if not any(names_match(x, y) for o in mine for x in o for y in g):
            lines.append(f"  missed:   {sorted(g)}")
    for o in mine:
        if not any(names_match(x, y) for g in theirs for x in o for y in g):
            lines.append(f"  spurious: {sorted(o)}")
        elif not any(x == y for g in theirs for x in o for y in g):
            # counted as correct by the containment rule, but the span differs
            lines.append(f"  partial:  {sorted(o)}")
    return lines


def _disagreements(data: dict[str, Any], profile: Profile) -> list[str]:
    """Kinds and years of names found with exactly the annotated name, where they differ."""
    annotated = {f["position"]: f for f in data["findings"]}
    lines = []
    for found in profile.findings:
        expected = annotated.get(found.position, {})
        kinds = {normalise(i["canonical"]): i["kind"] for i in expected.get("institutions", [])}
        for inst in found.institutions:
            want = kinds.get(normalise(inst.name))
            if want is not None and want != inst.kind:
                lines.append(f"  {found.position}: {inst.name}: kind {inst.kind}, annotated {want}")
        marks = {normalise(i["surface"]): (i["kind"], i["year"]) for i in expected.get("instruments", [])}
        for instr in found.instruments:
            pair = marks.get(normalise(instr.surface))
            if pair is not None and pair != (instr.kind, instr.year):
                lines.append(f"  {found.position}: {instr.surface}: {instr.kind} {instr.year}, annotated {pair}")
    return lines


# -- output ---------------------------------------------------------------------------

def _row(name: str, institutions: Score, instruments: Score) -> str:
    cells = [name]
    for s in (institutions, instruments):
        cells += [f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}", f"{s.correct_extracted}/{s.extracted}",
                  f"{s.found_gold}/{s.gold}"]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--set", choices=SETS, default="gold", dest="which",
                        help="gold (default), dev (tests/dev/), all (gold and dev), heldout (tests/heldout/) "
                             "or heldout2 (tests/heldout2/)")
    parser.add_argument("--details", action="store_true", help="list misses, spurious names, kind and year errors")
    parser.add_argument("--by-language", action="store_true", help="also a total row per language")
    args = parser.parse_args()
    print("| profile | inst. P | inst. R | inst. F1 | correct/extracted | found/gold "
          "| instr. P | instr. R | instr. F1 | correct/extracted | found/gold |")
    print("|---" * 11 + "|")
    entries = list(annotated_profiles(args.which))
    results = [evaluate(*entry) for entry in entries]
    for result in results:
        print(_row(result.name, result.institutions, result.instruments))
    if args.by_language:
        languages = [data["profile"]["language"] for _, data, _ in entries]
        for language in sorted(set(languages)):
            print(_row(f"*{language}*", *totals([r for r, lang in zip(results, languages) if lang == language])))
    print(_row("**total**", *totals(results)))
    if args.details:
        for result in results:
            for what, lines in result.details.items():
                if lines:
                    print(f"\n{result.name} {what}:")
                    print("\n".join(lines))


if __name__ == "__main__":
    main()
