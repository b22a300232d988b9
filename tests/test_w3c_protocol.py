"""The W3C SPARQL 1.1 Protocol test suite, run against /sparql: one test per manifest entry.

The manifest and its three data graphs are read from the repository's ``../shared``
(never copied into the repository). The data graphs are loaded as named graphs beside
the seed build, named as the manifest's ``ut:graphData`` labels say. Query and
bad-request tests must give the expected status, format and boolean; update tests must
be refused with a 4xx status, since this endpoint is read-only.
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection
from seeds import ROOT
from server_support import TestClient

from mgi_graph.server import Settings, create_app

SUITE = ROOT.parent / "shared" / "conformance" / "w3c-sparql11-protocol"
MANIFEST = SUITE / "manifest.ttl"
if not MANIFEST.is_file():
    pytest.skip(f"{MANIFEST} not found: the W3C protocol tests need the repository's ../shared "
                "(CI always has it)", allow_module_level=True)

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
RESULT_TYPES = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"),
    "RDF": ("application/rdf+xml", "text/turtle", "application/n-triples"),
}
RDF_FORMATS = {f.media_type: f for f in (ox.RdfFormat.RDF_XML, ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES)}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[str]  # "2xx", "4xx"...
    boolean: bool | None
    result: str | None

    @property
    def is_update(self) -> bool:
        text = (self.body or b"").decode("utf-8", "replace")
        return self.headers.get("content-type", "").startswith("application/sparql-update") \
            or "update=" in self.path or text.startswith("update=")


@dataclass(frozen=True)
class Entry:
    name: str
    requests: tuple[Request, ...]
    graphs: tuple[tuple[str, str], ...]  # (data file, graph name)


def _read_manifest() -> list[Entry]:
    graph = Graph().parse(MANIFEST, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    entries = []
    for test in Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(test, MF.action)
        requests = tuple(_request(graph, node) for node in Collection(graph, graph.value(action, HT.requests)))
        data = tuple((Path(str(graph.value(d, UT.graph))).name, str(graph.value(d, RDFS.label)))
                     for d in graph.objects(test, UT.graphData))
        entries.append(Entry(str(test).rsplit("#", 1)[1], requests, data))
    return entries


def _request(graph: Graph, node: Any) -> Request:
    headers = {}
    if (listed := graph.value(node, HT.headers)) is not None:
        for header in Collection(graph, listed):
            headers[str(graph.value(header, HT.fieldName)).lower()] = str(graph.value(header, HT.fieldValue))
    body = None
    if (content := graph.value(node, HT.body)) is not None:
        encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(content, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    boolean = graph.value(response, MF.expectedBoolean)
    result = graph.value(response, MF.expectedFormat)
    return Request(
        method=str(graph.value(node, HT.methodName)),
        # The manifest's "/sparql/" is the endpoint under test.
        path="/sparql" + str(graph.value(node, HT.absolutePath)).removeprefix("/sparql/"),
        headers=headers,
        body=body,
        statuses=frozenset(str(s).removeprefix(HTS) for s in graph.objects(response, MF.expectedStatus)),
        boolean=None if boolean is None else bool(boolean.toPython()),
        result=None if result is None else str(result),
    )


ENTRIES = _read_manifest()


@pytest.fixture(scope="module")
def client(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The server over the seed build plus the suite's data graphs."""
    data_dir = tmp_path_factory.mktemp("w3c") / "dist"
    shutil.copytree(dist, data_dir)
    graphs = sorted({g for entry in ENTRIES for g in entry.graphs})
    with gzip.open(data_dir / "mgi.nq.gz", "ab") as dump:
        for file_name, name in graphs:
            for triple in ox.parse(path=SUITE / file_name, format=ox.RdfFormat.N_TRIPLES):
                dump.write(f"{triple} <{name}> .\n".encode())
    with TestClient(create_app(Settings(data_dir=data_dir, query_workers=1)), follow_redirects=False) as test_client:
        yield test_client


def _send(client: TestClient, request: Request) -> Any:
    return client.request(request.method, request.path, content=request.body, headers=request.headers)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_w3c_protocol(client: TestClient, entry: Entry) -> None:
    if any(r.is_update for r in entry.requests):
        # A read-only endpoint refuses the update; what the later requests check is its effect.
        response = _send(client, entry.requests[0])
        assert 400 <= response.status_code < 500, f"{entry.name}: update answered {response.status_code}"
        return
    for request in entry.requests:
        response = _send(client, request)
        assert f"{response.status_code // 100}xx" in request.statuses, \
            f"{entry.name}: {response.status_code} {response.text[:300]}"
        if request.result is not None:
            media_type = response.headers["content-type"].split(";")[0]
            assert media_type in RESULT_TYPES[request.result], f"{entry.name}: {media_type}"
            _check_body(response.content, media_type, request)


def _check_body(body: bytes, media_type: str, request: Request) -> None:
    """The body parses as what its media type says; a boolean result has the expected value."""
    if media_type in RDF_FORMATS:
        list(ox.parse(body, format=RDF_FORMATS[media_type]))
        return
    if media_type == "application/sparql-results+json":
        document = json.loads(body)
        found = document.get("boolean")
    elif media_type == "application/sparql-results+xml":
        boolean = ElementTree.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
        found = None if boolean is None else boolean.text == "true"
    else:
        assert body.splitlines(), "an empty table has at least its header line"
        return
    if request.result == "boolean":
        assert isinstance(found, bool)
    if request.boolean is not None:
        assert found is request.boolean


def test_every_manifest_entry_is_read() -> None:
    # The suite's README counts 34 tests; each request names the status it expects.
    assert len(ENTRIES) == 34
    assert all(r.statuses for e in ENTRIES for r in e.requests)
