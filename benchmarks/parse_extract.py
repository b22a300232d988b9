"""Parse and extract time per profile, against a reference revision in the same run.

    python benchmarks/parse_extract.py [--runs 5] [--size 250] [--reference REV]

For the seeds (data/profiles) and ``--size`` synthetic profiles (benchmarks/synthetic.py),
each run is a cold process that loads the lexicons, parses every profile, then extracts the
mentions of every profile; the runs of this checkout alternate with runs of ``--reference``
(its ``src/`` unpacked from git into a temporary folder), so both see the same machine load.
Prints Markdown: medians of CPU (user + system of the process) and wall milliseconds per
profile, and the reference's time over ours. Stops with an error when the two revisions'
profiles differ (a digest of every parsed and extracted profile is compared).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from synthetic import SEEDS, write_synthetic

ROOT = Path(__file__).resolve().parents[1]
# main before parse and extract were made faster (issue 11, item 4).
REFERENCE = "14b2289"
# One cold process: the lexicons, then parse and extract of every profile of a folder, each
# timed in CPU and wall seconds; the digest of the profiles says whether two revisions agree.
PROBE = """
import hashlib, json, sys, time
from pathlib import Path
wall, cpu = time.perf_counter(), time.process_time()
import mgi_graph.extract.lexicon, mgi_graph.parse.lexicon
from mgi_graph.extract import extract_mentions
from mgi_graph.parse import read_profile
times = {"import": (time.perf_counter() - wall, time.process_time() - cpu)}
def timed(name, work):
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    times[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    return result
timed("lexicons", lambda: (mgi_graph.parse.lexicon.load_lexicon(), mgi_graph.extract.lexicon.load_lexicon()))
paths = sorted(Path(sys.argv[1]).glob("*.txt"))
parsed = timed("parse", lambda: [read_profile(p) for p in paths])
extracted = timed("extract", lambda: [extract_mentions(p) for p in parsed])
digest = hashlib.sha256(repr(extracted).encode("utf-8")).hexdigest()
print(json.dumps({"times": times, "count": len(paths), "digest": digest, "module": mgi_graph.parse.__file__}))
"""
STAGES = ("parse", "extract")
Sample = dict[str, Any]  # one probe's JSON


def unpack_reference(revision: str, into: Path) -> Path:
    """The ``src/`` folder of ``revision``, unpacked from git into ``into``."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "src"], cwd=ROOT, check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def probe(folder: Path, src: Path | None) -> Sample:
    """One cold run of PROBE on ``folder``, importing mgi_graph from ``src`` (this checkout when None)."""
    env = dict(os.environ)
    if src is not None:
        # PYTHONPATH comes before the editable install's path entry
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    out = subprocess.run([sys.executable, "-c", PROBE, str(folder)], check=True, capture_output=True, text=True,
                         cwd=ROOT, env=env)
    result: Sample = json.loads(out.stdout.splitlines()[-1])
    expected = (src or ROOT / "src").resolve()
    if not Path(str(result["module"])).resolve().is_relative_to(expected):
        raise SystemExit(f"error: the probe imported {result['module']}, not the code under {expected}")
    return result


def per_profile(samples: list[Sample], stage: str, clock: int) -> float:
    """Median milliseconds per profile of ``stage`` (clock 0: wall, 1: CPU)."""
    return statistics.median(float(s["times"][stage][clock]) / int(s["count"]) for s in samples) * 1000


def median_ms(samples: list[Sample], stage: str, clock: int) -> float:
    return statistics.median(float(s["times"][stage][clock]) for s in samples) * 1000


def compare(name: str, folder: Path, reference: Path, runs: int) -> None:
    ours: list[Sample] = []
    theirs: list[Sample] = []
    for _ in range(runs):
        ours.append(probe(folder, None))
        theirs.append(probe(folder, reference))
    if {s["digest"] for s in ours} != {s["digest"] for s in theirs}:
        raise SystemExit(f"error: {name}: this checkout's profiles differ from the reference's")
    count = ours[0]["count"]
    for clock, label in ((1, "CPU"), (0, "wall")):
        cells = []
        for stage in STAGES:
            mine, ref = per_profile(ours, stage, clock), per_profile(theirs, stage, clock)
            cells.append(f"{mine:.2f} | {ref:.2f} | {ref / mine:.1f}×")
        both = [sum(per_profile(s, stage, clock) for stage in STAGES) for s in (ours, theirs)]
        cells.append(f"{both[0]:.2f} | {both[1]:.2f} | {both[1] / both[0]:.1f}×")
        fixed = " / ".join(f"{median_ms(ours, k, clock):.0f} vs {median_ms(theirs, k, clock):.0f}"
                           for k in ("import", "lexicons"))
        print(f"| {name} ({count}) | {label} | " + " | ".join(cells) + f" | {fixed} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="cold processes per revision and corpus (default 5)")
    parser.add_argument("--size", type=int, default=250, help="synthetic profiles (default 250)")
    parser.add_argument("--reference", default=REFERENCE, help=f"git revision to compare with (default {REFERENCE})")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mgi-parse-bench-"))
    try:
        try:
            reference = unpack_reference(args.reference, work / "reference")
        except subprocess.CalledProcessError as exc:
            parser.error(f"cannot unpack revision {args.reference!r}: {exc.stderr.decode().strip()}")
        except FileNotFoundError:
            parser.error("the reference is unpacked with git, which is not installed")
        print(f"ms per profile, medians of {args.runs} cold runs; reference {args.reference}\n")
        print("| corpus | clock | parse | ref. | ×faster | extract | ref. | ×faster | parse + extract | ref. "
              "| ×faster | import / lexicons, ms (ours vs ref.) |")
        print("|---|---|" + "---:|" * 9 + "---|")
        compare("seeds", SEEDS, reference, args.runs)
        synthetic = work / "synthetic"
        write_synthetic(args.size, synthetic)
        compare("synthetic", synthetic, reference, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
