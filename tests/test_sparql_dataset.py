"""SPARQL 1.1 dataset semantics of /sparql (Query §13, Protocol §2.1.4), against Oxigraph server.

The reference is a real ``oxigraph serve`` on 127.0.0.1 loaded with the same dataset the
query workers hold: the seed build's named graphs plus their union, once per triple, as
the default graph. Each case is sent to /sparql in the protocol's three ways (and form
POST both with the dataset in the URL and in the body) and must give Oxigraph's answer.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from oxigraph_support import oxigraph_serve
from server_support import TestClient

import httpx
from mgi_graph.errors import QueryError
from mgi_graph.server import Settings, create_app
from mgi_graph.server.dataset import ProtocolDataset, add_union_default_graph, protocol_dataset, query_arguments

G = "https://w3id.org/mgi/graph/"
VOCABULARY, MEDELLIN, LIMA = G + "vocabulary", G + "co-medellin-2022", G + "pe-lima-2022"
COUNT = "SELECT (COUNT(*) AS ?n) {from} WHERE {{ ?s ?p ?o }}"
GRAPHS = "SELECT DISTINCT ?g {from} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} ORDER BY ?g"
PROFILES = "SELECT (COUNT(DISTINCT ?p) AS ?n) {from} WHERE {{ ?p a <https://w3id.org/mgi/ontology#Profile> }}"

# (name, query, default-graph-uri values, named-graph-uri values)
CASES: list[tuple[str, str, list[str], list[str]]] = [
    ("from", COUNT.format(**{"from": f"FROM <{VOCABULARY}>"}), [], []),
    ("from-twice", COUNT.format(**{"from": f"FROM <{VOCABULARY}> FROM <{MEDELLIN}>"}), [], []),
    ("from-hides-named-graphs", GRAPHS.format(**{"from": f"FROM <{VOCABULARY}>"}), [], []),
    ("from-named", GRAPHS.format(**{"from": f"FROM NAMED <{MEDELLIN}>"}), [], []),
    ("from-named-empty-default", COUNT.format(**{"from": f"FROM NAMED <{MEDELLIN}>"}), [], []),
    ("from-and-from-named", GRAPHS.format(**{"from": f"FROM <{VOCABULARY}> FROM NAMED <{LIMA}>"}), [], []),
    ("from-and-from-named-count", COUNT.format(**{"from": f"FROM <{VOCABULARY}> FROM NAMED <{LIMA}>"}), [], []),
    ("protocol-default", PROFILES.format(**{"from": ""}), [MEDELLIN], []),
    ("protocol-default-hides-named", GRAPHS.format(**{"from": ""}), [MEDELLIN], []),
    ("protocol-named", GRAPHS.format(**{"from": ""}), [], [MEDELLIN, LIMA]),
    ("protocol-named-empty-default", COUNT.format(**{"from": ""}), [], [MEDELLIN]),
    ("protocol-both", GRAPHS.format(**{"from": ""}), [VOCABULARY], [LIMA]),
    ("protocol-overrides-from", COUNT.format(**{"from": f"FROM <{VOCABULARY}>"}), [MEDELLIN], []),
    ("protocol-overrides-from-named", GRAPHS.format(**{"from": f"FROM NAMED <{LIMA}>"}), [], [MEDELLIN]),
    ("no-dataset-graphs", GRAPHS.format(**{"from": ""}), [], []),
    ("no-dataset-union", COUNT.format(**{"from": ""}), [], []),
    ("no-dataset-profiles", PROFILES.format(**{"from": ""}), [], []),
]
WAYS = ["get", "form-url", "form-body", "direct"]
JSON = {"accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def merged(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed dataset with the union of its named graphs as the default graph, as N-Quads."""
    store = ox.Store()
    with gzip.open(dist / "mgi.nq.gz", "rb") as data:
        store.load(data.read(), format=ox.RdfFormat.N_QUADS)
    add_union_default_graph(store)
    path = tmp_path_factory.mktemp("merged") / "merged.nq"
    store.dump(path, format=ox.RdfFormat.N_QUADS)
    return path


@pytest.fixture(scope="module")
def oxigraph(merged: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph"), load=merged) as url:
        yield url


@pytest.fixture(scope="module")
def client(dist: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(data_dir=dist, query_workers=1)), follow_redirects=False) as test_client:
        yield test_client


def _send(client: TestClient, way: str, query: str, default: list[str], named: list[str]) -> Any:
    dataset = [("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in named]
    if way == "get":
        return client.get("/sparql", params=[("query", query), *dataset], headers=JSON)
    if way == "form-url":
        return client.post("/sparql", params=dataset, data={"query": query}, headers=JSON)
    if way == "form-body":
        body = httpx.QueryParams([("query", query), *dataset])
        return client.post("/sparql", content=str(body).encode(),
                           headers={**JSON, "content-type": "application/x-www-form-urlencoded"})
    return client.post("/sparql", params=dataset, content=query.encode(),
                       headers={**JSON, "content-type": "application/sparql-query"})


def _rows(document: dict[str, Any]) -> list[str]:
    return sorted(json.dumps(b, sort_keys=True) for b in document["results"]["bindings"])


@pytest.mark.slow  # starts an Oxigraph server
@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(("query", "default", "named"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_dataset_gives_oxigraphs_answer(client: TestClient, oxigraph: str, way: str, query: str,
                                        default: list[str], named: list[str]) -> None:
    dataset = [("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in named]
    expected = httpx.get(f"{oxigraph}/query", params=[("query", query), *dataset], headers=JSON)
    assert expected.status_code == 200, expected.text
    response = _send(client, way, query, default, named)
    assert response.status_code == 200, response.text
    assert _rows(response.json()) == _rows(expected.json())


def _distinct_triples(dist: Path) -> int:
    with gzip.open(dist / "mgi.nq.gz", "rb") as data:
        return len({q.triple for q in ox.parse(data.read(), format=ox.RdfFormat.N_QUADS)})


@pytest.mark.parametrize("way", WAYS)
def test_the_union_default_graph_is_a_set(client: TestClient, dist: Path, way: str) -> None:
    response = _send(client, way, COUNT.format(**{"from": ""}), [], [])
    counted = int(response.json()["results"]["bindings"][0]["n"]["value"])
    assert counted == _distinct_triples(dist)
    void = ox.parse((dist / "void.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    declared = {int(t.object.value) for t in void
                if t.subject.value == "https://w3id.org/mgi/dataset" and t.predicate.value == "http://rdfs.org/ns/void#triples"}
    assert declared == {counted}


@pytest.mark.parametrize("way", WAYS)
def test_relative_iris_resolve_against_the_endpoint(client: TestClient, way: str) -> None:
    response = _send(client, way, "SELECT ?x WHERE { BIND(<s> AS ?x) }", [], [])
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"] == [{"x": {"type": "uri", "value": "http://testserver/s"}}]


def test_a_dataset_iri_that_is_no_iri_is_a_400(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert response.status_code == 400
    assert "default-graph-uri" in response.text


@pytest.mark.parametrize("query", [
    "DESCRIBE ?x WHERE { ?x a ?type }",
    f"DESCRIBE ?x FROM <{MEDELLIN}> FROM <{G}co-bucaramanga-2022> WHERE {{ ?x a ?type }}",
    f"CONSTRUCT {{ ?s ?p ?o }} FROM <{MEDELLIN}> FROM <{G}co-bucaramanga-2022> WHERE {{ ?s ?p ?o }}",
], ids=["describe-union", "describe-from-twice", "construct-from-twice"])
def test_graph_results_hold_each_triple_once(dist: Path, query: str) -> None:
    app = create_app(Settings(data_dir=dist, query_workers=1, max_rows=100_000))
    with TestClient(app) as big:
        response = big.get("/sparql", params={"query": query, "format": "nt"})
    assert response.status_code == 200, response.text
    lines = response.text.splitlines()
    assert len(lines) > 100
    assert len(lines) == len(set(lines))


# --- the decision, without a store ---------------------------------------------------------------


def test_no_protocol_dataset_leaves_the_query_its_from() -> None:
    assert query_arguments(ProtocolDataset(), "http://h/sparql") == {"base_iri": "http://h/sparql"}


def test_a_protocol_dataset_names_every_graph_the_query_sees() -> None:
    arguments = query_arguments(protocol_dataset([MEDELLIN], []), None)
    assert arguments == {"base_iri": None, "default_graph": [ox.NamedNode(MEDELLIN)], "named_graphs": []}
    arguments = query_arguments(protocol_dataset([], [LIMA]), None)
    assert arguments["default_graph"] == [] and arguments["named_graphs"] == [ox.NamedNode(LIMA)]


def test_a_protocol_graph_must_be_an_iri() -> None:
    with pytest.raises(QueryError, match="named-graph-uri"):
        protocol_dataset([], ["relative/graph"])
