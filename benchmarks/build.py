"""Build time: cold command-line runs, each stage at several sizes, and the ratio to a
reference pipeline (rdflib assembly + rdflib serialisation + pySHACL) run in the same
process on the same loaded profiles.

    python benchmarks/build.py [--runs 3] [--sizes 5,50,250]

Every figure is the median of ``--runs`` cold processes. Prints Markdown for the README.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import SEEDS, write_synthetic

ROOT = Path(__file__).resolve().parents[1]
# Runs a command and prints its peak RSS (KiB): a fresh parent per command, so that the
# maximum over its children is that command's.
RSS_PROBE = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
STAGES_PROBE = """
import json, resource, sys, time
from pathlib import Path
from mgi_graph.graph import Iris
from mgi_graph.pipeline import find_profiles, run_build
paths = find_profiles(Path(sys.argv[1]))
summary = run_build(paths, Path(sys.argv[2]), iris=Iris(), cache=False)
cpu = sum(u.ru_utime + u.ru_stime for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))
print(json.dumps({"stages": summary.stages, "total": summary.seconds, "triples": summary.triples, "cpu": cpu,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""
# The reference: the same loaded profiles through rdflib's serialisers and pySHACL.
REFERENCE_PROBE = """
import json, sys, time
from pathlib import Path
from mgi_graph.graph import Iris, build_dataset, merged_graph
from mgi_graph.namespaces import PREFIXES
from mgi_graph.pipeline import find_profiles, load_profiles
from mgi_graph.validate import load_shapes, validate_graph
iris = Iris()
entries = load_profiles(find_profiles(Path(sys.argv[1])))
started = time.perf_counter()
dataset = build_dataset(entries, iris=iris)
merged = merged_graph(dataset)
assembled = time.perf_counter()
report = validate_graph(merged, load_shapes(iris), engine="pyshacl")
validated = time.perf_counter()
dataset.serialize(format="nquads")
merged.serialize(format="nt")
merged.serialize(format="turtle")
for located in entries:
    dataset.graph(iris.named_graph(located.profile.id)).serialize(format="turtle")
done = time.perf_counter()
print(json.dumps({"assemble": assembled - started, "validate": validated - assembled,
                  "serialise": done - validated, "total": done - started}))
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], runs: int, cwd: Path = ROOT) -> tuple[float, float]:
    """Median wall and CPU (user + system) seconds of ``runs`` cold runs of ``command``.

    On a loaded machine the wall time waits for a core; the CPU time is what the run costs.
    """
    walls, cpus = [], []
    for _ in range(runs):
        cpu, started = _children_cpu(), time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=cwd)
        walls.append(time.perf_counter() - started)
        cpus.append(_children_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "mgi_graph", *args]


def _probe(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _median_dict(samples: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def commands(work: Path, runs: int) -> None:
    one = SEEDS / "pe-lima-2022.txt"
    rows = [
        ("`mgi-graph --help`", _timed(_cli("--help"), runs)),
        ("`mgi-graph queries`", _timed(_cli("queries"), runs)),
        ("`mgi-graph parse` one profile", _timed(_cli("parse", str(one)), runs)),
        ("`mgi-graph build` seeds, `--no-cache`", _timed(_cli("build", "--no-cache", "--out", str(work / "seeds")), runs)),
        ("`mgi-graph build` seeds, cached", _timed(_cli("build", "--out", str(work / "seeds")), runs)),
    ]
    print("| command (cold process) | wall, median (s) | CPU, median (s) |\n|---|---:|---:|")
    for name, (wall, cpu) in rows:
        print(f"| {name} | {wall:.2f} | {cpu:.2f} |")
    print()


def stages(work: Path, sizes: list[int], runs: int) -> None:
    print("| profiles | triples | load | assemble | quads | validate | dump | total (s) | reference (s) "
          "| graph→dumps vs reference | whole build vs reference | CPU (s) | peak RSS (MB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        folder = work / f"synthetic-{size}"
        write_synthetic(size, folder)
        ours = _median_dict([_flatten(_probe(STAGES_PROBE, str(folder), str(work / f"dist-{size}")))
                             for _ in range(runs)])
        reference = _median_dict([_probe(REFERENCE_PROBE, str(folder)) for _ in range(runs)])
        graph_part = ours["total"] - ours["load"]
        print(f"| {size} | {ours['triples']:,.0f} | {ours['load']:.2f} | {ours['assemble']:.2f} | {ours['quads']:.2f} "
              f"| {ours['validate']:.2f} | {ours['dump']:.2f} | {ours['total']:.2f} | {reference['total']:.2f} "
              f"| {reference['total'] / graph_part:.1f}× | {(ours['load'] + reference['total']) / ours['total']:.1f}× "
              f"| {ours['cpu']:.1f} | {ours['rss'] / 1024:.0f} |")
    print()


def _flatten(result: dict[str, object]) -> dict[str, float]:
    flat: dict[str, float] = dict(result.pop("stages"))  # type: ignore[call-overload]
    flat.update({k: float(v) for k, v in result.items()})  # type: ignore[arg-type]
    return flat


def rebuild(work: Path, size: int, runs: int) -> None:
    """A cached build of ``size`` profiles after one of them changed (each run changes another)."""
    folder = work / f"rebuild-{size}"
    paths = write_synthetic(size, folder)
    out = work / "dist-rebuild"
    subprocess.run(_cli("build", "--profiles", str(folder), "--out", str(out)), check=True, capture_output=True)
    clean, clean_cpu = _timed(_cli("build", "--no-cache", "--profiles", str(folder), "--out", str(out)), 1)
    times = []
    for run in range(runs):
        changed = paths[run]
        changed.write_text(changed.read_text("utf-8") + "\n", "utf-8")
        times.append(_timed(_cli("build", "--profiles", str(folder), "--out", str(out)), 1))
    rss = subprocess.run([sys.executable, "-c", RSS_PROBE, *_cli("build", "--no-cache", "--profiles", str(folder),
                                                                 "--out", str(out))],
                         check=True, capture_output=True, text=True, cwd=ROOT).stdout.strip()
    print(f"{size} profiles: clean build `--no-cache` {clean:.2f} s wall, {clean_cpu:.2f} s CPU, peak RSS "
          f"{int(rss) / 1024:.0f} MB; rebuild after touching one profile: median {statistics.median(w for w, _ in times):.2f} s "
          f"wall, {statistics.median(c for _, c in times):.2f} s CPU")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="5,50,250")
    parser.add_argument("--rebuild-size", type=int, default=250)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mgi-bench-"))
    try:
        commands(work, args.runs)
        stages(work, [int(s) for s in args.sizes.split(",")], args.runs)
        rebuild(work, args.rebuild_size, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
