"""Wikidata candidates from a real SPARQL server (Oxigraph) loaded with a Wikidata-shaped fixture."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from oxigraph_support import free_port, oxigraph_serve

from mgi_graph.errors import EndpointError
from mgi_graph.iris import Iris
from mgi_graph.publish.link import (
    USER_AGENT,
    Entity,
    LinkSettings,
    _Client,
    entities_for,
    find_candidates,
    write_candidates,
)
from mgi_graph.model import Finding, Located, Profile
from mgi_graph.locator.registry import locate
from mgi_graph.locator.sssom import read_mapping_set, read_mapping_sets, wikidata_ids

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "wikidata.ttl"
CURATED = ROOT / "data" / "links"
IRIS = Iris()
FAST = {"min_interval": 0.0, "timeout": 10.0}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``oxigraph serve`` on a free local port, loaded with tests/fixtures/wikidata.ttl."""
    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph"), load=FIXTURE) as url:
        yield f"{url}/query"


def make_profile(place: str, entity: str, country: str | None) -> Profile:
    return Profile(
        source=f"data/profiles/{place}.txt", sha256="0" * 64, title=None, entity=entity, level="local",
        place=place, published="2022-08", language="es", chrome_language="en",
        findings=(Finding(1, "crises", "potential", "Texto."),), country=country,
    )


SEEDS = [
    ("Medellín", "District of Medellín", "CO"),
    ("Bucaramanga", "Municipio de Bucaramanga", None),
    ("Monte Patria", "Municipalidad de Monte Patria", "CL"),
    ("Quilmes", "Municipio de Quilmes", "AR"),
    ("Lima", "Municipalidad Metropolitana de Lima", None),
]


def seeds() -> list[Located]:
    known = wikidata_ids(read_mapping_sets(CURATED))
    return [locate(make_profile(*seed), known) for seed in SEEDS]


def entity(path: str, label: str, kind: str, country: str, geonames: int | None = None,
           code: str | None = None) -> Entity:
    return Entity(IRIS.base + path, label, kind, country, geonames, code)


# --- the library -----------------------------------------------------------------


def test_candidates_by_each_method(endpoint: str) -> None:
    entities = [
        entity("place/co/bucaramanga", "Bucaramanga", "place", "CO", 3688465),
        entity("division/co-san", "Santander", "division", "CO", None, "CO-SAN"),
        entity("country/co", "Colombia", "country", "CO", None, "CO"),
        entity("place/cl/monte-patria", "Monte Patria", "place", "CL", 3879429),
        entity("place/ar/quilmes", "Quilmes", "place", "AR", 3429652),
    ]
    found = {(c.entity.label, c.qid): c for c in find_candidates(entities, endpoint, settings=LinkSettings(
        endpoint=endpoint, **FAST))}
    assert set(found) == {("Bucaramanga", "Q9000001"), ("Santander", "Q9000002"), ("Colombia", "Q739"),
                          ("Monte Patria", "Q9000004"), ("Quilmes", "Q9000005"), ("Quilmes", "Q9000006")}
    bucaramanga = found["Bucaramanga", "Q9000001"]
    assert (bucaramanga.method, bucaramanga.confidence, bucaramanga.justification) == (
        "GeoNames id (P1566)", 0.95, "semapv:MappingChaining")
    assert bucaramanga.label == "Bucaramanga"
    assert found["Santander", "Q9000002"].method == "ISO 3166-2 (P300)"
    assert found["Colombia", "Q739"].method == "ISO 3166-1 alpha-2 (P297)"
    monte_patria = found["Monte Patria", "Q9000004"]  # not Q9000011, which is in Argentina
    assert (monte_patria.method, monte_patria.confidence, monte_patria.justification) == (
        "label in country (P17)", 0.7, "semapv:LexicalMatching")
    assert found["Quilmes", "Q9000005"].confidence == 0.35  # two items share the label's confidence


def test_entities_of_the_seeds_without_curated_ids() -> None:
    entries = seeds()
    paths = {e.iri[len(IRIS.base):] for x in entries for e in entities_for(x.country, x.place, IRIS)}
    assert {"place/co/bucaramanga", "division/co-san", "place/pe/lima", "division/pe-lma"} <= paths


def test_rate_limit_spaces_requests(endpoint: str) -> None:
    slept: list[float] = []
    client = _Client(LinkSettings(endpoint=endpoint, min_interval=5.0), sleep=slept.append)
    client.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    client.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert len(slept) == 1 and 4.0 < slept[0] <= 5.0


def test_unreachable_endpoint_is_an_endpoint_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(EndpointError, match=r"^SPARQL endpoint http://127\.0\.0\.1:\d+/query: cannot connect"):
        find_candidates([entity("country/co", "Colombia", "country", "CO", None, "CO")], url,
                        settings=LinkSettings(endpoint=url, **FAST))


def test_user_agent_names_the_project() -> None:
    assert USER_AGENT.startswith("mgi-graph/") and "(" in USER_AGENT


# --- the command ---------------------------------------------------------------------


@pytest.fixture
def link_group(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The ``link`` command in the real error-translating group, reading the seeds without the parser."""
    from mgi_graph import pipeline
    from mgi_graph.cli import MgiGroup
    from mgi_graph.cli import link as link_module

    # The command imports these from the pipeline when it runs (not at import: --help stays fast).
    monkeypatch.setattr(pipeline, "find_profiles", lambda folder: [folder])
    monkeypatch.setattr(pipeline, "load_profiles", lambda paths: seeds())
    return MgiGroup(commands={"link": link_module.link})


def test_link_command_prints_candidates(endpoint: str, link_group, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    links = tmp_path / "links"
    shutil.copytree(CURATED, links)
    result = CliRunner().invoke(link_group, ["link", "--endpoint", endpoint, "--links", str(links),
                                             "--min-interval", "0"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["entity", "candidate", "label", "confidence", "method"]
    rows = {tuple(line.split()[:2]) for line in lines[1:]}
    assert {("place/co/bucaramanga", "Q9000001"), ("division/co-san", "Q9000002"),
            ("division/co-ant", "Q9000003"), ("division/pe-lma", "Q9000007"),
            ("place/cl/monte-patria", "Q9000004"), ("place/ar/quilmes", "Q9000005")} <= rows
    # Curated entities are not asked about again.
    assert not any(row[0] in {"country/co", "place/co/medellin", "place/pe/lima"} for row in rows)
    assert (links / "wikidata.sssom.tsv").read_text("utf-8") == (CURATED / "wikidata.sssom.tsv").read_text("utf-8")


def test_link_write_appends_to_the_sssom_file(endpoint: str, link_group, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    links = tmp_path / "links"
    shutil.copytree(CURATED, links)
    before = read_mapping_set(links / "wikidata.sssom.tsv").mappings
    args = ["link", "--endpoint", endpoint, "--links", str(links), "--min-interval", "0", "--write",
            "--min-confidence", "0.9"]
    result = CliRunner().invoke(link_group, args)
    assert result.exit_code == 0, result.output
    after = read_mapping_set(links / "wikidata.sssom.tsv").mappings
    assert after[: len(before)] == before
    added = {(m.subject_id, m.object_id): m for m in after[len(before):]}
    assert ("mgi:place/co/bucaramanga", "wd:Q9000001") in added
    assert ("mgi:place/ar/quilmes", "wd:Q9000005") not in added  # 0.35 < --min-confidence
    row = added["mgi:place/co/bucaramanga", "wd:Q9000001"]
    assert (row.predicate_id, row.mapping_justification, row.confidence, row.creator_id) == (
        "skos:exactMatch", "semapv:MappingChaining", 0.95, "mgi:agent/mgi-graph-link")
    again = CliRunner().invoke(link_group, args)
    assert again.exit_code == 0
    assert read_mapping_set(links / "wikidata.sssom.tsv").mappings == after  # nothing twice


def test_link_unreachable_endpoint_exits_2_with_one_line(link_group, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(link_group, ["link", "--endpoint", url, "--links", str(tmp_path)])
    assert result.exit_code == 2
    message = result.stderr.strip().splitlines()
    assert message[-1].startswith(f"mgi-graph: SPARQL endpoint {url}: cannot connect")
    assert "Traceback" not in result.output


def test_write_candidates_creates_a_missing_file(endpoint: str, tmp_path: Path) -> None:
    candidates = find_candidates([entity("place/co/bucaramanga", "Bucaramanga", "place", "CO", 3688465)],
                                 endpoint, settings=LinkSettings(endpoint=endpoint, **FAST))
    path = tmp_path / "wikidata.sssom.tsv"
    assert write_candidates(path, candidates) == 1
    assert read_mapping_set(path).mappings[0].object_id == "wd:Q9000001"


# --- retries ---------------------------------------------------------------------------


class _Flaky:
    """A local HTTP server answering 429, then 503, then SPARQL JSON results."""

    def __init__(self, statuses: list[int]) -> None:
        import http.server
        import json
        import threading

        statuses = list(statuses)
        self.requests: list[str] = []
        requests = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                requests.append(self.headers.get("User-Agent", ""))
                status = statuses.pop(0) if statuses else 200
                body = json.dumps({"head": {"vars": ["item"]}, "results": {"bindings": [
                    {"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q9000001"}}]}})
                self.send_response(status)
                if status == 429:
                    self.send_header("Retry-After", "3")
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                self.wfile.write(body.encode() if status == 200 else b"busy")

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_retries_with_back_off_on_429_and_5xx() -> None:
    flaky = _Flaky([429, 503])
    slept: list[float] = []
    try:
        settings = LinkSettings(endpoint=flaky.url, min_interval=0.0, retries=3, backoff=2.0, user_agent="ua-test")
        rows = _Client(settings, sleep=slept.append).select("SELECT ?item WHERE {}")
    finally:
        flaky.close()
    assert rows == [{"item": "http://www.wikidata.org/entity/Q9000001"}]
    assert slept == [3.0, 4.0]  # Retry-After first, then the back-off of the second attempt
    assert flaky.requests == ["ua-test"] * 3


def test_gives_up_after_the_last_retry() -> None:
    flaky = _Flaky([503, 503, 503])
    try:
        settings = LinkSettings(endpoint=flaky.url, min_interval=0.0, retries=2, backoff=0.0)
        with pytest.raises(EndpointError, match=r"HTTP 503 .*; check --endpoint"):
            _Client(settings, sleep=lambda _s: None).select("SELECT ?item WHERE {}")
    finally:
        flaky.close()


def test_link_command_on_the_seed_profiles(endpoint: str, tmp_path: Path) -> None:
    """End to end through the parser: data/profiles as they are."""
    from mgi_graph.cli import MgiGroup
    from mgi_graph.cli.link import link

    links = tmp_path / "links"
    shutil.copytree(CURATED, links)
    result = CliRunner().invoke(MgiGroup(commands={"link": link}), [
        "link", "--endpoint", endpoint, "--profiles", str(ROOT / "data" / "profiles"), "--links", str(links),
        "--min-interval", "0", "--write"])
    assert result.exit_code == 0, result.output
    rows = {tuple(line.split()[:2]) for line in result.stdout.splitlines()[1:]}
    assert ("place/co/bucaramanga", "Q9000001") in rows
    added = read_mapping_set(links / "wikidata.sssom.tsv").mappings[7:]
    assert ("mgi:division/pe-lma", "wd:Q9000007") in {(m.subject_id, m.object_id) for m in added}


def test_a_slow_endpoint_times_out() -> None:
    import http.server
    import threading

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            time.sleep(2.5)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    try:
        settings = LinkSettings(endpoint=url, min_interval=0.0, timeout=1.0, retries=1, backoff=0.0)
        with pytest.raises(EndpointError, match=r"no answer within 1 s"):
            _Client(settings, sleep=lambda _s: None).select("SELECT ?item WHERE {}")
    finally:
        server.shutdown()
        server.server_close()
