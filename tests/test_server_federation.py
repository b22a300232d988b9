"""SERVICE is refused from the query's parse: no query makes the server open a connection."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from server_support import TestClient

from mgi_graph.server.federation import service_refusal


@pytest.fixture()
def listener() -> Iterator[socket.socket]:
    """A local port that records whether anything connected to it."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.setblocking(False)
        yield server


def _connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


FEDERATED = [
    # A \# inside a prefixed local name hid the following SERVICE from the old pattern.
    r"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ex:a\#b ?o . SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "ASK {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
    "PREFIX e: <{url}> SELECT * WHERE {{ SERVICE e: {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ OPTIONAL {{ SeRvIcE <{url}> {{ ?s ?p ?o }} }} }} # \\u0022",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
]


@pytest.mark.parametrize("template", FEDERATED)
def test_no_query_makes_an_outbound_request(client: TestClient, listener: socket.socket, template: str) -> None:
    url = "http://127.0.0.1:%d/sparql" % listener.getsockname()[1]
    response = client.get("/sparql", params={"query": template.format(url=url)})
    assert response.status_code == 403, response.text
    assert "SERVICE" in response.text
    assert _connections(listener) == 0


@pytest.mark.parametrize(
    "query",
    [
        "PREFIX service: <http://example.org/service#> SELECT * WHERE { ?s service:x ?o }",
        'SELECT ("SERVICE" AS ?x) WHERE {}',
        "SELECT ?service WHERE { BIND(1 AS ?service) }",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o } # SERVICE <http://127.0.0.1:9/>",
    ],
    ids=["prefix", "string", "variable", "iri-and-comment"],
)
def test_the_word_outside_a_service_clause_is_not_refused(client: TestClient, query: str) -> None:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text


def test_a_query_without_the_word_is_not_parsed_twice() -> None:
    # Syntax errors of ordinary queries keep pyoxigraph's own message (the check is skipped).
    assert service_refusal("SELECT * WHERE { ?s ?p }") is None
    assert service_refusal("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }") is not None
