"""Precision and recall of mention extraction against the gold annotations.

    python benchmarks/extraction.py [--details]

Prints a Markdown table per gold profile that holds mentions (institutions and
instruments, distinct names, matching rule of tests/gold/README.md) and the
totals. ``--details`` also lists the misses and the spurious names.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from mgi_graph.extract import extract_mentions
from mgi_graph.extract.score import Score, distinct, names_match, score
from mgi_graph.model import Profile
from mgi_graph.parse import read_profile

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
PROFILES = ROOT / "data" / "profiles"

Names = list[list[str]]


def gold_files() -> list[Path]:
    """Gold files that annotate mentions (the others hold findings only)."""
    found = []
    for path in sorted(GOLD.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        if any(f.get("institutions") or f.get("instruments") for f in data["findings"]):
            found.append(path)
    return found


def gold_names(data: dict[str, Any]) -> tuple[Names, Names]:
    institutions = [[i["canonical"], i["surface"]] for f in data["findings"] for i in f.get("institutions", [])]
    instruments = [[i["surface"]] for f in data["findings"] for i in f.get("instruments", [])]
    return institutions, instruments


def extracted_names(profile: Profile) -> tuple[Names, Names]:
    institutions = [[i.name, i.surface] for f in profile.findings for i in f.institutions]
    instruments = [[i.surface] for f in profile.findings for i in f.instruments]
    return institutions, instruments


def evaluate(gold_path: Path) -> tuple[str, Score, Score, dict[str, list[str]]]:
    data = json.loads(gold_path.read_text("utf-8"))
    # gold files are named after the profile text they annotate
    profile = extract_mentions(read_profile(PROFILES / f"{gold_path.stem}.txt"))
    gold_i, gold_n = gold_names(data)
    ours_i, ours_n = extracted_names(profile)
    details = {
        "institutions": _differences(ours_i, gold_i),
        "instruments": _differences(ours_n, gold_n),
    }
    return gold_path.stem, score(ours_i, gold_i), score(ours_n, gold_n), details


def _differences(ours: Names, gold: Names) -> list[str]:
    mine, theirs = distinct(ours), distinct(gold)
    lines = []
    for g in theirs:
        if not any(names_match(x, y) for o in mine for x in o for y in g):
            lines.append(f"  missed:   {sorted(g)}")
    for o in mine:
        if not any(names_match(x, y) for g in theirs for x in o for y in g):
            lines.append(f"  spurious: {sorted(o)}")
    return lines


def _row(name: str, institutions: Score, instruments: Score) -> str:
    cells = [name]
    for s in (institutions, instruments):
        cells += [f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}", f"{s.correct_extracted}/{s.extracted}",
                  f"{s.found_gold}/{s.gold}"]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="list missed and spurious names")
    args = parser.parse_args()
    print("| profile | inst. P | inst. R | inst. F1 | correct/extracted | found/gold "
          "| instr. P | instr. R | instr. F1 | correct/extracted | found/gold |")
    print("|---" * 11 + "|")
    total_i = total_n = Score(0, 0, 0, 0)
    notes = []
    for path in gold_files():
        name, inst, instr, details = evaluate(path)
        total_i, total_n = total_i + inst, total_n + instr
        print(_row(name, inst, instr))
        notes.append((name, details))
    print(_row("**total**", total_i, total_n))
    if args.details:
        for name, details in notes:
            for what, lines in details.items():
                if lines:
                    print(f"\n{name} {what}:")
                    print("\n".join(lines))


if __name__ == "__main__":
    main()
