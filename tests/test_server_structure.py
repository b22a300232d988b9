"""One owner per concern in the server (issue 10), proved from the AST of src/mgi_graph/server:
the response cache is reached only through ``ServerState.cached``, request state only through
``state_of``, a constant is assigned in one module, and the store has one label index."""

from __future__ import annotations

import ast
import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from server_support import TestClient
from starlette.requests import Request

from mgi_graph.server.labels import LABELS, index_labels
from mgi_graph.server.state import Cached, ServerState, state_of

SRC = Path(__file__).resolve().parents[1] / "src" / "mgi_graph"
SERVER = SRC / "server"
# Constants once defined in several modules; each now has one owner.
SINGLE_OWNER = ("GRAPH_OFFERS", "RESULT_OFFERS", "DOCUMENTS", "JSON", "PLAIN", "HTML", "RDF_TYPE", "SD",
                "XSD_STRING", "CHECKSUMS", "LABELS", "ORG", "RESULT_FORMATS")


def _trees(folder: Path) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(folder.rglob("*.py")):
        yield path.relative_to(SRC).as_posix(), ast.parse(path.read_text("utf-8"))


def _attributes(tree: ast.Module) -> Iterator[ast.Attribute]:
    return (node for node in ast.walk(tree) if isinstance(node, ast.Attribute))


def _constants(tree: ast.Module) -> Iterator[tuple[str, ast.expr | None]]:
    """The UPPER_CASE names a module assigns at its top level, with their values."""
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id.lstrip("_").isupper():
                    yield target.id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id.isupper():
            yield node.target.id, node.value


def test_the_response_cache_is_reached_only_through_cached() -> None:
    touched = [f"{name}:{a.lineno}: .{a.attr}" for name, tree in _trees(SERVER) if name != "server/state.py"
               for a in _attributes(tree) if a.attr in ("cache", "_cache", "cache_key", "_cache_key")]
    assert touched == []


def test_request_state_is_fetched_only_by_state_of() -> None:
    # ``request.app.state`` (and the attribute the state is kept in) belongs to state.py alone.
    fetched = [f"{name}:{a.lineno}" for name, tree in _trees(SERVER) if name != "server/state.py"
               for a in _attributes(tree)
               if (a.attr == "state" and isinstance(a.value, ast.Attribute) and a.value.attr == "app")
               or a.attr == "mgi"]
    assert fetched == []


def test_request_state_is_the_apps(client: TestClient) -> None:
    request = Request({"type": "http", "app": client.app, "method": "GET", "path": "/", "headers": []})
    assert isinstance(state_of(request), ServerState)


def test_constants_once_duplicated_have_one_owner() -> None:
    owners: dict[str, list[str]] = {name: [] for name in SINGLE_OWNER}
    for module, tree in _trees(SRC):
        for name, _ in _constants(tree):
            if name in owners:
                owners[name].append(module)
    assert {name: modules for name, modules in owners.items() if len(modules) != 1} == {}


def test_no_server_constant_is_assigned_twice() -> None:
    """No two server modules assign one name or one literal IRI or media type."""
    names: dict[str, list[str]] = {}
    literals: dict[str, list[str]] = {}
    for module, tree in _trees(SERVER):
        for name, value in _constants(tree):
            names.setdefault(name, []).append(module)
            if isinstance(value, ast.Constant) and isinstance(value.value, str) and ("/" in value.value):
                literals.setdefault(value.value, []).append(f"{module}:{name}")
    assert {n: m for n, m in names.items() if len(m) > 1} == {}
    assert {v: m for v, m in literals.items() if len(m) > 1} == {}


# --- the cache helper ------------------------------------------------------------------------------


def _request(app: object, host: str, query: str = "") -> Request:
    return Request({"type": "http", "app": app, "method": "GET", "path": "/p", "query_string": query.encode(),
                    "scheme": "http", "server": (host, 80), "headers": [(b"host", host.encode())]})


def test_cached_computes_once_per_input_and_never_keeps_an_error(client: TestClient) -> None:
    state = state_of(_request(client.app, "a.example"))
    computed: list[str] = []

    async def compute(text: str) -> Cached:
        computed.append(text)
        if text == "boom":
            raise ValueError(text)
        return Cached("text/plain", text.encode())

    async def ask(host: str, parts: tuple[str, ...], text: str, query: str = "") -> bytes:
        return (await state.cached(_request(client.app, host, query), parts, lambda: compute(text))).body

    async def scenario() -> None:
        assert await ask("a.example", ("t", "1"), "first") == b"first"
        assert await ask("a.example", ("t", "1"), "second") == b"first"  # kept
        assert await ask("b.example", ("t", "1"), "other host") == b"other host"
        assert await ask("a.example", ("t", "1"), "spanish", "lang=es") == b"spanish"
        assert await ask("a.example", ("t", "2"), "other part") == b"other part"
        for _ in range(2):
            with pytest.raises(ValueError):
                await ask("a.example", ("t", "3"), "boom")

    asyncio.run(scenario())
    assert computed == ["first", "other host", "spanish", "other part", "boom", "boom"]


# --- one label index ---------------------------------------------------------------------------------


def test_one_label_index_serves_pages_and_documents() -> None:
    thing, untagged = ox.NamedNode("https://example.org/x"), ox.NamedNode("https://example.org/u")
    pref, rdfs = ox.NamedNode(LABELS[0]), ox.NamedNode(LABELS[1])
    store = ox.Store()
    for quad in [ox.Quad(thing, rdfs, ox.Literal("Label", language="en")),
                 ox.Quad(thing, pref, ox.Literal("Preferred", language="en")),
                 ox.Quad(thing, pref, ox.Literal("Préféré", language="fr")),
                 ox.Quad(untagged, rdfs, ox.Literal("Plain"))]:
        store.add(quad)
    labels = index_labels(store)
    assert labels.get(thing.value, "fr") == "Préféré"
    assert labels.get(thing.value, "es") == "Preferred"  # English when the language has none
    assert labels.get(untagged.value, "fr") == "Plain"
    assert labels.get("https://example.org/none", "en") is None
    assert labels.all(thing.value) == {"en": "Preferred", "fr": "Préféré"}
    assert set(labels.triples(thing)) == {q.triple for q in store.quads_for_pattern(thing, None, None)}


def test_the_server_reads_labels_once(client: TestClient) -> None:
    state = state_of(_request(client.app, "a.example"))
    indexes = [name for name, value in vars(state).items() if type(value).__name__ == "LabelIndex"]
    assert indexes == ["labels"]
    defined = [f"{module}:{node.name}" for module, tree in _trees(SERVER) for node in tree.body
               if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and "label" in node.name.lower()
               and "index" in node.name.lower()]
    assert defined == ["server/labels.py:LabelIndex", "server/labels.py:index_labels"]


# --- one writer of SPARQL results --------------------------------------------------------------------

RESULTS_XML_NS = "http://www.w3.org/2005/sparql-results#"
ROWS = "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?s ?o"


def _builds_results_document(tree: ast.Module) -> bool:
    """Whether a module builds a SPARQL results document: a dict literal with a "head" key,
    or the results XML namespace."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and any(isinstance(k, ast.Constant) and k.value == "head" for k in node.keys):
            return True
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and RESULTS_XML_NS in node.value:
            return True
    return False


def test_sparql_results_are_written_in_one_module() -> None:
    assert [module for module, tree in _trees(SRC) if _builds_results_document(tree)] == ["query/solutions.py"]


def _tricky_store() -> ox.Store:
    """Terms whose writing differs between careless writers: quotes, line breaks and tabs,
    languages, datatypes, blank nodes, an unbound column."""
    subject, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    store = ox.Store()
    for term in [ox.Literal('say "hi", then\n\tgo'), ox.Literal("Préféré", language="fr"),
                 ox.Literal("007", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                 ox.BlankNode("b1"), ox.NamedNode("https://example.org/o")]:
        store.add(ox.Quad(subject, p, term))
    return store


@pytest.mark.parametrize("query", [ROWS, "ASK { ?s ?p ?o }", "ASK { <urn:x:none> ?p ?o }"], ids=["select", "ask", "ask-false"])
@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_the_cli_and_the_server_write_one_result_alike(query: str, fmt: str) -> None:
    from mgi_graph.query.results import format_table, run_local
    from mgi_graph.server.worker import QueryJob, QueryReply, execute

    store = _tricky_store()
    reply = execute(store, QueryJob(query, fmt, None, 100))
    assert isinstance(reply, QueryReply)
    printed = format_table(run_local(store, query, use_default_graph_as_union=False), fmt)
    if fmt == "json":  # the command line indents its JSON for a terminal
        assert json.loads(reply.body) == json.loads(printed)
    else:
        assert reply.body.decode("utf-8") == printed


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_a_triple_term_is_written_in_every_results_format(fmt: str) -> None:
    from mgi_graph.server.worker import QueryJob, QueryReply, execute

    query = "SELECT ?t WHERE { BIND(TRIPLE(<https://example.org/a>, <https://example.org/b>, 'c') AS ?t) }"
    reply = execute(ox.Store(), QueryJob(query, fmt, None, 10))
    assert isinstance(reply, QueryReply) and reply.count == 1
    assert "https://example.org/b" in reply.body.decode("utf-8")
