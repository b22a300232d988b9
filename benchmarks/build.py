"""Build time: cold command-line runs, each stage at several sizes, and the ratio to a
reference pipeline (rdflib assembly + rdflib serialisation + pySHACL) run in the same
process on the same loaded profiles.

    python benchmarks/build.py [--runs 3] [--sizes 5,50,250] [--growth-sizes 250,500,1000]

Every figure is the median of ``--runs`` cold processes. Prints Markdown for the README.
The package's modules are compiled to bytecode first, as pip does when it installs a wheel: an
editable install under PYTHONDONTWRITEBYTECODE=1 (this machine sets it) would otherwise compile
them again in every process, some 0.05-0.1 s of each command.
"""

from __future__ import annotations

import argparse
import compileall
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
# One process: the profiles loaded once, then our stages and the reference pipeline
# (rdflib assembly + rdflib serialisation + pySHACL) on the same entries, each timed in
# wall and CPU seconds, so that the ratio holds however loaded the machine is.
STAGES_PROBE = """
import json, resource, sys, time
from pathlib import Path
from mgi_graph.iris import Iris
from mgi_graph.graph import build_dataset, merged_graph
from mgi_graph.pipeline import find_profiles, load_profiles, run_build
from mgi_graph.locator.sssom import curated_links, read_mapping_sets, wikidata_ids
from mgi_graph.validate import load_shapes, validate_graph
iris = Iris()
links = wikidata_ids(read_mapping_sets(curated_links()), iris.base)
paths = find_profiles(Path(sys.argv[1]))
def cpu():
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime
times = {}
def timed(name, work):
    wall, started = time.perf_counter(), cpu()
    result = work()
    times[name] = (time.perf_counter() - wall, cpu() - started)
    return result
# parse, extract, locate alone (the workers' pool), then the whole build without the cache:
# the build's graph->dumps part is the difference.
entries = timed("load", lambda: load_profiles(paths))
summary = timed("build", lambda: run_build(paths, Path(sys.argv[2]), iris=iris, cache=False))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
def reference():
    data = build_dataset(entries, iris=iris, wikidata=links)
    merged = merged_graph(data)
    validate_graph(merged, load_shapes(iris), engine="pyshacl")
    data.serialize(format="nquads")
    merged.serialize(format="nt")
    merged.serialize(format="turtle")
    for name in [e.profile.id for e in entries]:
        data.graph(iris.named_graph(name)).serialize(format="turtle")
timed("reference", reference)
# The build's own stage clock, apart from the timings above (its "load" is the workers' whole
# per-profile part, not parse, extract and locate alone).
stages = {f"stage:{name}": (seconds, seconds) for name, seconds in summary.stages.items()}
print(json.dumps({"times": {**times, **stages}, "triples": summary.triples, "rss": rss}))
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


def _peak_rss_mb(command: list[str]) -> float:
    out = subprocess.run([sys.executable, "-c", RSS_PROBE, *command], check=True, capture_output=True, text=True,
                         cwd=ROOT).stdout.strip()
    return int(out) / 1024


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "mgi_graph", *args]


def _probe(code: str, *args: str) -> dict[str, object]:
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
    """Each size built by ``run_build`` without the cache, its stages, and the reference pipeline
    (rdflib assembly + rdflib serialisation + pySHACL) on the same loaded profiles.

    The build's stages overlap (workers build each profile's graph and texts while loading;
    validation runs beside the dumps), so graph->dumps is the whole build less parse, extract
    and locate run alone. Stage seconds are wall seconds of the build's own clock.
    """
    print("| profiles | triples | parse+extract+locate | build (no cache) | graph→dumps | stages: load / assemble / "
          "quads / validate (beside dump) / dump | reference: rdflib + pySHACL | graph→dumps vs reference "
          "| peak RSS before the reference (MB) |")
    print("|---:|---:|---:|---:|---:|---|---:|---:|---:|")
    for size in sizes:
        folder = work / f"synthetic-{size}"
        write_synthetic(size, folder)
        samples = [_probe(STAGES_PROBE, str(folder), str(work / f"dist-{size}")) for _ in range(runs)]
        wall = _median_dict([{k: v[0] for k, v in s["times"].items()} for s in samples])  # type: ignore[union-attr]
        cpu = _median_dict([{k: v[1] for k, v in s["times"].items()} for s in samples])  # type: ignore[union-attr]
        for median in (wall, cpu):
            median["graph"] = median["build"] - median["load"]
        cell = lambda key: f"{wall[key]:.2f} / {cpu[key]:.2f}"  # noqa: E731
        stage_cells = " / ".join(f"{wall['stage:' + k]:.2f}" for k in ("load", "assemble", "quads", "validate", "dump"))
        print(f"| {size} | {samples[0]['triples']:,} | {cell('load')} | {cell('build')} | {cell('graph')} | "
              f"{stage_cells} | {cell('reference')} | {wall['reference'] / wall['graph']:.1f}× / "
              f"{cpu['reference'] / cpu['graph']:.1f}× | {statistics.median(s['rss'] for s in samples) / 1024:.0f} |")
    print("\n(wall / CPU seconds, medians; CPU includes the worker processes)\n")


def rebuild(work: Path, size: int, runs: int) -> None:
    """A cached build of ``size`` profiles after one of them changed (each run changes another)."""
    folder = work / f"rebuild-{size}"
    paths = write_synthetic(size, folder)
    out = work / "dist-rebuild"
    subprocess.run(_cli("build", "--profiles", str(folder), "--out", str(out)), check=True, capture_output=True)
    clean, clean_cpu = _timed(_cli("build", "--no-cache", "--profiles", str(folder), "--out", str(out)), runs)
    times = []
    for run in range(runs):
        changed = paths[run]
        # An edit of the text: its bytes and SHA-256 change, so its graph, texts and the merged dumps do.
        text = changed.read_text("utf-8")
        changed.write_text(text.replace(" the ", " the  ", 1) if " the " in text else text + "\n", "utf-8")
        times.append(_timed(_cli("build", "--profiles", str(folder), "--out", str(out)), 1))
    rss = _peak_rss_mb(_cli("build", "--no-cache", "--profiles", str(folder), "--out", str(out)))
    print(f"{size} profiles: clean build `--no-cache` {clean:.2f} s wall, {clean_cpu:.2f} s CPU, peak RSS "
          f"{rss:.0f} MB; rebuild after touching one profile: median {statistics.median(w for w, _ in times):.2f} s "
          f"wall, {statistics.median(c for _, c in times):.2f} s CPU")
    print()


def growth(work: Path, sizes: list[int], runs: int) -> None:
    """Cached builds (profile cache warm: the graph, validation and dumps redone) at each size."""
    print("| profiles | cached build, wall (s) | CPU (s) | CPU per profile (ms) | peak RSS (MB) |\n|---:|---:|---:|---:|---:|")
    for size in sizes:
        folder = work / f"growth-{size}"
        write_synthetic(size, folder)
        command = _cli("build", "--profiles", str(folder), "--out", str(work / f"dist-growth-{size}"))
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        wall, cpu = _timed(command, runs)
        print(f"| {size} | {wall:.2f} | {cpu:.2f} | {cpu / size * 1000:.1f} | {_peak_rss_mb(command):.0f} |")
    print()


def _compile_package() -> None:
    import mgi_graph

    if not compileall.compile_dir(Path(mgi_graph.__file__).parent, quiet=1):
        raise SystemExit("benchmarks/build.py: the package does not compile")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="5,50,250")
    parser.add_argument("--rebuild-size", type=int, default=250)
    parser.add_argument("--growth-sizes", default="250,500,1000")
    args = parser.parse_args()
    _compile_package()
    work = Path(tempfile.mkdtemp(prefix="mgi-bench-"))
    try:
        commands(work, args.runs)
        stages(work, [int(s) for s in args.sizes.split(",")], args.runs)
        rebuild(work, args.rebuild_size, args.runs)
        growth(work, [int(s) for s in args.growth_sizes.split(",")], args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
