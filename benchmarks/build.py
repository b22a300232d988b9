"""Build time: the seeds (median of several cold runs of the CLI) and growth with
the number of profiles (synthetic profiles made from the seeds).

    python benchmarks/build.py [--runs 5] [--sizes 5,50,500]

Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import SEEDS, write_synthetic

FINDING_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/mgi/ontology#Finding> ."


def time_cli_build(profiles: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mgi_graph", "build", "--profiles", str(profiles), "--out", str(out)],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="5,50,500")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        seeds = [time_cli_build(SEEDS, work / "dist") for _ in range(args.runs)]
        print(f"seed build (5 profiles, `mgi-graph build`, cold process): median {statistics.median(seeds):.2f} s "
              f"over {args.runs} runs (min {min(seeds):.2f}, max {max(seeds):.2f})\n")
        print("| profiles | findings | build (s) | per profile (ms) |")
        print("|---:|---:|---:|---:|")
        for size in (int(s) for s in args.sizes.split(",")):
            folder = work / f"synthetic-{size}"
            write_synthetic(size, folder)
            seconds = time_cli_build(folder, work / f"dist-{size}")
            findings = (work / f"dist-{size}" / "mgi.nt").read_text().count(FINDING_TYPE)
            print(f"| {size} | {findings} | {seconds:.1f} | {1000 * seconds / size:.0f} |")


if __name__ == "__main__":
    main()
