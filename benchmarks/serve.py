"""Load test: `mgi-graph serve` (uvicorn) against `oxigraph serve`, on 127.0.0.1 only.

Both servers get the same dump (dist/mgi.nq.gz) and the same SPARQL. Three scenarios,
each run with N concurrent clients for D seconds against each server:

  (a) an entity as Turtle: mgi-graph GET /profile/co-medellin-2022.ttl;
      oxigraph: DESCRIBE of the same IRI as Turtle
  (b) a stored query as JSON: mgi-graph GET /queries/overview; oxigraph: its SPARQL text
  (c) a SPARQL group-by (findings per domain and polarity), GET /sparql vs GET /query

Load comes from wrk (C, `apt-get install wrk`) when it is installed, else from asyncio +
httpx clients. Prints a Markdown table: requests/s, p50/p99 latency, errors, and the ratio.

    python benchmarks/serve.py --data dist --duration 20 --clients 20
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx

from mgi_graph.query.stored import bind_query, load_queries

PROFILE = "https://w3id.org/mgi/profile/co-medellin-2022"
GROUP_BY = """PREFIX mgi: <https://w3id.org/mgi/ontology#>
SELECT ?domain ?polarity (COUNT(?finding) AS ?findings)
WHERE { ?finding mgi:domain ?domain ; mgi:polarity ?polarity }
GROUP BY ?domain ?polarity ORDER BY ?domain ?polarity"""
JSON = "application/sparql-results+json"
TURTLE = "text/turtle"
SERVE = "from mgi_graph.cli.serve import serve; serve()"


@dataclass(frozen=True)
class Target:
    scenario: str
    server: str
    url: str
    accept: str


@dataclass(frozen=True)
class Result:
    target: Target
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_up(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited early: {url}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit(f"server did not start: {url}")


@contextmanager
def running(command: list[str], port: int) -> Iterator[str]:
    """Start a server ``command`` listening on ``port``; its base URL once it answers; stop it after."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_up(base + "/", process)
        yield base
    finally:
        process.terminate()
        process.wait(10)


@contextmanager
def mgi_server(data: Path, workers: int, cache_entries: int) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-c", SERVE, "--data", str(data), "--host", "127.0.0.1", "--port", str(port),
               "--no-access-log", "--query-workers", str(workers), "--cache-entries", str(cache_entries)]
    with running(command, port) as base:
        yield base


@contextmanager
def oxigraph_server(data: Path) -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="mgi-bench-") as folder:
        nquads = Path(folder) / "mgi.nq"
        nquads.write_bytes(gzip.decompress((data / "mgi.nq.gz").read_bytes()))
        store = Path(folder) / "store"
        subprocess.run(["oxigraph", "load", "--location", str(store), "--file", str(nquads)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = free_port()
        command = ["oxigraph", "serve", "--location", str(store), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
        with running(command, port) as base:
            yield base


def targets(mgi: str, oxigraph: str) -> list[Target]:
    overview = bind_query(load_queries()["overview"], {})
    sparql = lambda base, path, query: f"{base}{path}?{urlencode({'query': query})}"  # noqa: E731
    return [
        Target("(a) entity as Turtle", "mgi-graph", f"{mgi}/profile/co-medellin-2022.ttl", TURTLE),
        Target("(a) entity as Turtle", "oxigraph", sparql(oxigraph, "/query", f"DESCRIBE <{PROFILE}>"), TURTLE),
        Target("(b) stored query as JSON", "mgi-graph", f"{mgi}/queries/overview", JSON),
        Target("(b) stored query as JSON", "oxigraph", sparql(oxigraph, "/query", overview), JSON),
        Target("(c) SPARQL group-by", "mgi-graph", sparql(mgi, "/sparql", GROUP_BY), JSON),
        Target("(c) SPARQL group-by", "oxigraph", sparql(oxigraph, "/query", GROUP_BY), JSON),
    ]


def check(target: Target) -> None:
    """One request first: a wrong URL must fail loudly, not be measured."""
    response = httpx.get(target.url, headers={"accept": target.accept}, timeout=30)
    if response.status_code != 200:
        raise SystemExit(f"{target.server} {target.scenario}: HTTP {response.status_code}: {response.text[:300]}")


# --- load with wrk -----------------------------------------------------------------------------------


def run_wrk(target: Target, clients: int, duration: float) -> Result:
    threads = min(2, clients)
    command = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{int(duration)}s", "--latency", "--timeout", "10s",
               "-H", f"Accept: {target.accept}", target.url]
    output = subprocess.run(command, check=True, capture_output=True, text=True, timeout=duration + 60).stdout
    requests = int(re.search(r"(\d+) requests in ([\d.]+)(\w+)", output).group(1))  # type: ignore[union-attr]
    seconds_match = re.search(r"requests in ([\d.]+)(ms|s|m)", output)
    assert seconds_match
    seconds = float(seconds_match.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[seconds_match.group(2)]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return Result(target, requests, seconds, _percentile(output, "50"), _percentile(output, "99"), errors)


def _percentile(output: str, which: str) -> float:
    match = re.search(rf"^\s+{which}%\s+([\d.]+)(us|ms|s)", output, re.MULTILINE)
    if not match:
        return float("nan")
    return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]


# --- load with asyncio + httpx -------------------------------------------------------------------------


def run_httpx(target: Target, clients: int, duration: float) -> Result:
    return asyncio.run(_httpx_load(target, clients, duration))


async def _httpx_load(target: Target, clients: int, duration: float) -> Result:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=10, headers={"accept": target.accept}) as client:
        deadline = time.perf_counter() + duration

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    response = await client.get(target.url)
                    await response.aread()
                    if response.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        seconds = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return Result(target, len(latencies), seconds, cuts[49] * 1000, cuts[98] * 1000, errors)


# --- report -----------------------------------------------------------------------------------------------


def table(results: list[Result], tool: str, clients: int, duration: float) -> str:
    lines = [
        f"Load: {tool}, {clients} concurrent clients, {duration:g} s per run, 127.0.0.1.",
        "",
        "| scenario | server | requests/s | p50 ms | p99 ms | errors | mgi-graph / oxigraph |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    by_scenario: dict[str, dict[str, Result]] = {}
    for result in results:
        by_scenario.setdefault(result.target.scenario, {})[result.target.server] = result
    for scenario, pair in by_scenario.items():
        ratio = pair["mgi-graph"].rate / pair["oxigraph"].rate if pair.get("oxigraph") and pair["oxigraph"].rate else float("nan")
        for server in ("mgi-graph", "oxigraph"):
            r = pair[server]
            shown = f"{ratio:.2f}" if server == "mgi-graph" else ""
            lines.append(f"| {scenario} | {server} | {r.rate:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.errors} | {shown} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("dist"), help="a built dist/ folder")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per run (at most 60)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (at most 100)")
    parser.add_argument("--query-workers", type=int, default=2)
    parser.add_argument("--cache-entries", type=int, default=2048,
                        help="mgi-graph's response cache; 0 measures every request answered by the engine")
    parser.add_argument("--tool", choices=("auto", "wrk", "httpx"), default="auto")
    args = parser.parse_args()
    duration, clients = min(args.duration, 60.0), min(args.clients, 100)
    tool = args.tool if args.tool != "auto" else ("wrk" if shutil.which("wrk") else "httpx")
    run = run_wrk if tool == "wrk" else run_httpx
    if not (args.data / "mgi.nq.gz").is_file():
        raise SystemExit(f"{args.data}/mgi.nq.gz not found; run 'mgi-graph build' first")
    results: list[Result] = []
    with mgi_server(args.data, args.query_workers, args.cache_entries) as mgi, oxigraph_server(args.data) as oxigraph:
        for target in targets(mgi, oxigraph):
            check(target)
            results.append(run(target, clients, duration))
            print(f"  {target.server:9} {target.scenario}: {results[-1].rate:,.0f} req/s", file=sys.stderr)
    print(table(results, tool, clients, duration))


if __name__ == "__main__":
    main()
