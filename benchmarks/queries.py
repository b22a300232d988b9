"""Median latency of every stored query on the seed graph and on a ~100k-triple synthetic graph.

    mgi-graph build                      # writes dist/
    python benchmarks/queries.py [--data dist] [--triples 100000] [--repeat 21]

The synthetic graph copies each profile's named graph until the dataset reaches
``--triples``, renaming the profile, its findings and its graph (``{id}-s{k}``)
so the copies are distinct profiles; vocabulary, links and shared institution
nodes are kept once, as in a real build of many profiles. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import gzip
import re
import statistics
import time
from collections import defaultdict
from pathlib import Path

import pyoxigraph

from mgi_graph.query.stored import StoredQuery, bind_query, load_queries
from mgi_graph.query.results import run_local
from mgi_graph.query.store import dump_path, open_store

# Parameters each query is timed with (the same the golden tests use).
PARAMS: dict[str, dict[str, str]] = {
    "gaps": {"domain": "crises"},
    "strengths": {"domain": "migrants-rights"},
    "profile": {"profile": "co-medellin-2022"},
    "search": {"text": "migracion"},
    "compare": {"a": "co-medellin-2022", "b": "co-bucaramanga-2022"},
    "institutions": {"profile": "co-medellin-2022"},
    "export-profile": {"profile": "pe-lima-2022"},
}
_GRAPH = re.compile(r"<(https?://[^>]*/graph/([^>/]+))> \.$")
_SHARED = {"vocabulary", "provenance", "links", "dataset"}


def synthetic_nquads(dist_dir: Path, target: int) -> tuple[str, int]:
    """N-Quads of the build with profile graphs copied until about ``target`` quads."""
    with gzip.open(dump_path(dist_dir), "rt", encoding="utf-8") as text:
        lines = [line for line in text.read().splitlines() if line.strip()]
    by_profile: dict[str, list[str]] = defaultdict(list)
    out = list(lines)
    for line in lines:
        match = _GRAPH.search(line)
        if match and match.group(2) not in _SHARED:
            by_profile[match.group(2)].append(line)
    per_copy = sum(len(v) for v in by_profile.values()) or 1
    copies = max(0, (target - len(lines)) // per_copy)
    for k in range(1, copies + 1):
        for profile_id, graph_lines in by_profile.items():
            renamed = f"{profile_id}-s{k}"
            for line in graph_lines:
                out.append(
                    line.replace(f"/profile/{profile_id}", f"/profile/{renamed}")
                    .replace(f"/graph/{profile_id}>", f"/graph/{renamed}>")
                    .replace(f'"{profile_id}"', f'"{renamed}"')
                )
    return "\n".join(out) + "\n", len(out)


def median_ms(store: pyoxigraph.Store, sparql: str, repeat: int) -> tuple[float, int]:
    table = run_local(store, sparql)  # warm-up; also gives the row count
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run_local(store, sparql)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(table.rows) or len(table.triples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("dist"), help="a build folder (default: dist)")
    parser.add_argument("--triples", type=int, default=100_000, help="size of the synthetic graph")
    parser.add_argument("--repeat", type=int, default=21, help="timed runs per query")
    args = parser.parse_args()

    seed = open_store(args.data)
    nquads, size = synthetic_nquads(args.data, args.triples)
    big = pyoxigraph.Store()
    big.bulk_load(nquads.encode("utf-8"), pyoxigraph.RdfFormat.N_QUADS)
    queries: list[StoredQuery] = [q for q in load_queries().values() if not q.needs_internet]
    print(f"Seed graph: {len(seed)} quads; synthetic graph: {len(big)} quads ({size} lines); "
          f"median of {args.repeat} runs, embedded pyoxigraph {pyoxigraph.__version__}.\n")
    print("| query | rows (seed) | median ms (seed) | rows (synthetic) | median ms (synthetic) |")
    print("|---|---:|---:|---:|---:|")
    for query in queries:
        sparql = bind_query(query, PARAMS.get(query.name, {}))
        seed_ms, seed_rows = median_ms(seed, sparql, args.repeat)
        big_ms, big_rows = median_ms(big, sparql, args.repeat)
        flag = " ⚠" if big_ms > 200 else ""
        print(f"| {query.name} | {seed_rows} | {seed_ms:.1f} | {big_rows} | {big_ms:.1f}{flag} |")


if __name__ == "__main__":
    main()
