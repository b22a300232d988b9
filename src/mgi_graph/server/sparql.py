"""The SPARQL 1.1 Protocol endpoint ``/sparql`` (read-only) and its service description.

Queries run in the worker pool under the time limit; results are cached by
query text, dataset and format (the store never changes). The default graph
and the named graphs a query sees follow ``dataset`` (SPARQL 1.1 Query §13,
Protocol §2.1.4). SERVICE is refused (``federation``): the server makes no
requests on a client's behalf.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from mgi_graph.errors import MgiGraphError, QueryError, QuerySyntaxError
from mgi_graph.formats import FORM, SPARQL_QUERY, SPARQL_UPDATE
from mgi_graph.namespaces import RDF_TYPE, SD, VOID
from mgi_graph.server import examples
from mgi_graph.server.conneg import (
    CONTENT_TYPES,
    DOCUMENTS,
    GRAPH_OFFERS,
    HTML_OFFER,
    RESULT_OFFERS,
    Offer,
    choose,
    named_offer,
    negotiate,
)
from mgi_graph.server.dataset import protocol_dataset
from mgi_graph.server.errors import (
    NotAcceptableError,
    QueryRefusedError,
    ReadOnlyError,
    ResultTooLargeError,
    UnsupportedMediaTypeError,
)
from mgi_graph.server.pool import Ticket
from mgi_graph.server.state import Cached, ServerState, state_of
from mgi_graph.server.worker import QueryFailure, QueryJob, QueryReply

FORMATS_NS = "http://www.w3.org/ns/formats/"
RDF_TYPE_NODE = ox.NamedNode(RDF_TYPE)
W3C_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
               "Turtle", "JSON-LD", "N-Triples", "RDF_XML")


@dataclass(frozen=True)
class Protocol:
    """One SPARQL Protocol request, whatever way it came (GET, form POST, direct POST)."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()  # the values of ?format=, in order


async def sparql_get(request: Request) -> Response:
    params = request.query_params
    if "update" in params:
        raise ReadOnlyError("this endpoint is read-only: SPARQL UPDATE is not accepted")
    queries = params.getlist("query")
    if not queries:
        return await service_description(request)
    return await answer(request, _protocol(queries, params.getlist("default-graph-uri"),
                                           params.getlist("named-graph-uri"), params.getlist("format")))


async def sparql_post(request: Request) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    params = request.query_params
    body = await request.body()
    # Decoding costs many times the body's size: never on the event loop.
    text = await run_in_threadpool(decode_body, body)
    if content_type == FORM.media_type:
        form = await run_in_threadpool(read_form, text)
        if "update" in form:
            raise ReadOnlyError("this endpoint is read-only: SPARQL UPDATE is not accepted")
        fmt = form.get("format", []) + params.getlist("format")
        # The W3C protocol tests send the dataset in the URL of a form POST: both are read.
        default = form.get("default-graph-uri", []) + params.getlist("default-graph-uri")
        named = form.get("named-graph-uri", []) + params.getlist("named-graph-uri")
        return await answer(request, _protocol(form.get("query", []), default, named, fmt))
    if content_type == SPARQL_UPDATE.media_type:
        raise ReadOnlyError("this endpoint is read-only: SPARQL UPDATE is not accepted")
    if content_type == SPARQL_QUERY.media_type:
        return await answer(request, _protocol([text], params.getlist("default-graph-uri"),
                                               params.getlist("named-graph-uri"), params.getlist("format")))
    raise UnsupportedMediaTypeError(
        f"POST /sparql needs Content-Type {FORM.media_type} or {SPARQL_QUERY.media_type}, "
        f"not '{content_type or 'none'}'"
    )


def read_form(text: str) -> dict[str, list[str]]:
    return parse_qs(text, keep_blank_values=True)


def decode_body(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QueryError(f"the request body is not UTF-8: {error}") from error


def _protocol(queries: list[str], default: list[str], named: list[str], fmt: list[str]) -> Protocol:
    if len(queries) != 1:
        raise QueryError(f"a SPARQL request needs exactly one 'query' parameter, not {len(queries)}")
    if not queries[0].strip():
        raise QueryError("the 'query' parameter is empty")
    # A graph named twice is one graph of the dataset, not two copies of it.
    dataset = protocol_dataset(list(dict.fromkeys(default)), list(dict.fromkeys(named)))
    return Protocol(queries[0], dataset.default_graphs, dataset.named_graphs, tuple(fmt))


def pick_formats(request: Request, formats: tuple[str, ...]) -> tuple[Offer | None, Offer | None]:
    """The offer for a SELECT/ASK result and for a graph result; NotAcceptableError if neither fits.

    A ``?format=`` value the server knows wins; otherwise ``Accept`` decides (SPARQLWrapper
    sends ``format=`` values of its own, such as ``n3``, beside a good ``Accept``).
    """
    accept = request.headers.get("accept")
    select = named_offer(formats, RESULT_OFFERS) or choose(accept, RESULT_OFFERS)
    graph = named_offer(formats, GRAPH_OFFERS) or choose(accept, GRAPH_OFFERS)
    if select is None and graph is None:
        available = tuple(o.media_type for o in (*RESULT_OFFERS, *GRAPH_OFFERS) if o is not HTML_OFFER)
        raise NotAcceptableError(f"'Accept: {accept}' fits no result format; available: {', '.join(available)}",
                                 available)
    return select, graph


async def run_in_pool(state: ServerState, job: QueryJob, request: Request | None) -> QueryReply | QueryFailure:
    """``job`` in the pool, queued by the client's address; stopped if the client disconnects."""
    client = request.client.host if request is not None and request.client else ""
    ticket = state.pool.ticket(client)
    error: MgiGraphError | None = None
    try:
        async with anyio.create_task_group() as watchers:
            if request is not None:
                watchers.start_soon(_cancel_on_disconnect, request, state, ticket)
            try:
                reply: QueryReply | QueryFailure = await run_in_threadpool(
                    state.pool.run, job, state.settings.timeout, state.settings.queue_timeout, ticket)
            except MgiGraphError as raised:
                error = raised  # raised outside the task group, which would wrap it in an ExceptionGroup
            finally:
                watchers.cancel_scope.cancel()
    finally:
        ticket.close()
    if error is not None:
        raise error
    return reply


async def _cancel_on_disconnect(request: Request, state: ServerState, ticket: Ticket) -> None:
    # The body has been read: the next ASGI message is the client going away.
    while (await request.receive())["type"] != "http.disconnect":
        pass
    state.pool.cancel(ticket)


async def run_job(state: ServerState, query: str, select: Offer | None, graph: Offer | None,
                  protocol: Protocol | None = None, request: Request | None = None,
                  base_iri: str | None = None) -> QueryReply:
    """Run ``query`` in the pool (relative IRIs resolved against ``base_iri``); worker
    failures become the matching MgiGraphError. The worker refuses a federated query
    (``federation``) before running it."""
    protocol = protocol or Protocol(query)
    job = QueryJob(
        query=query,
        select_format=None if select is None else ("json" if select.key == "html" else select.key),
        graph_format=None if graph is None else ("ttl" if graph.key == "html" else graph.key),
        max_rows=state.settings.max_rows,
        default_graphs=protocol.default_graphs,
        named_graphs=protocol.named_graphs,
        base_iri=base_iri,
    )
    reply = await run_in_pool(state, job, request)
    if isinstance(reply, QueryFailure):
        raise _failure(reply, state.settings.max_rows)
    return reply


def _failure(failure: QueryFailure, max_rows: int) -> Exception:
    if failure.reason == "syntax":
        return QuerySyntaxError(f"SPARQL syntax error: {failure.message}")
    if failure.reason == "refused":
        return QueryRefusedError(failure.message)
    if failure.reason == "too-large":
        return ResultTooLargeError(
            f"the result has more than {max_rows} rows, this endpoint's limit; "
            "add LIMIT (and OFFSET to page through it) or aggregate"
        )
    if failure.reason == "not-acceptable":
        offers = GRAPH_OFFERS if failure.kind == "graph" else RESULT_OFFERS
        available = tuple(o.media_type for o in offers if o is not HTML_OFFER)
        return NotAcceptableError(f"{failure.message} cannot be sent in the requested format; "
                                  f"available: {', '.join(available)}", available)
    # The engine refused to evaluate the query (unknown function, an invalid dataset IRI…):
    # the client's query is at fault, not the server.
    return QueryError(f"the query cannot be evaluated: {failure.message}")


async def answer(request: Request, protocol: Protocol) -> Response:
    state = state_of(request)
    select, graph = pick_formats(request, protocol.formats)
    endpoint = state.view(request).iris.served + "sparql"
    parts = ("sparql", protocol.query, protocol.default_graphs, protocol.named_graphs,
             select and select.key, graph and graph.key, endpoint)
    cached = await state.cached(request, parts, lambda: _answer(state, request, protocol, select, graph, endpoint))
    return Response(cached.body, media_type=cached.media_type, headers={"Vary": "Accept"})


async def _answer(state: ServerState, request: Request, protocol: Protocol, select: Offer | None,
                  graph: Offer | None, endpoint: str) -> Cached:
    reply = await run_job(state, protocol.query, select, graph, protocol, request, base_iri=endpoint)
    wants_html = (select is HTML_OFFER and reply.kind != "graph") or (graph is HTML_OFFER and reply.kind == "graph")
    if wants_html:
        return Cached(CONTENT_TYPES["html"], results_page(state, request, protocol.query, reply))
    return Cached(CONTENT_TYPES[reply.format], reply.body)


def results_page(state: ServerState, request: Request, query: str, reply: QueryReply) -> bytes:
    view = state.view(request)
    table = results_table(view, reply)
    return state.render("sparql.html", view, query=query, table=table, examples=_examples(state), title="SPARQL")


def results_table(view: object, reply: QueryReply) -> dict[str, object]:
    """Columns and cells of a reply for an HTML table (a graph result is shown as Turtle)."""
    if reply.kind == "graph":
        return {"kind": "graph", "text": reply.body.decode("utf-8"), "count": reply.count}
    document = json.loads(reply.body)
    if reply.kind == "ask":
        return {"kind": "ask", "boolean": bool(document["boolean"]), "count": 1}
    columns = document["head"]["vars"]
    rows = [[view.json_cell(b.get(c)) for c in columns] for b in document["results"]["bindings"]]  # type: ignore[attr-defined]
    return {"kind": "select", "columns": columns, "rows": rows, "count": len(rows)}


def _examples(state: ServerState) -> list[dict[str, str]]:
    return [{"name": q.name, "summary": q.summary} for q in state.queries.values() if not q.needs_internet]


async def service_description(request: Request) -> Response:
    state = state_of(request)
    offer = negotiate(request.headers.get("accept"), DOCUMENTS, format_key=request.query_params.getlist("format"))
    view = state.view(request)
    if offer is HTML_OFFER:
        name = request.query_params.get("example")
        example = state.queries.get(name) if name else None
        query = examples.runnable(example) if example else DEFAULT_QUERY
        body = state.render("sparql.html", view, query=query, table=None, examples=_examples(state), title="SPARQL")
        return Response(body, media_type=CONTENT_TYPES["html"])
    cached = await state.cached(request, ("service-description", offer.key),
                                lambda: _description_document(state, view.iris.served, offer))
    return Response(cached.body, media_type=cached.media_type, headers={"Vary": "Accept"})


async def _description_document(state: ServerState, served: str, offer: Offer) -> Cached:
    fmt = ox.RdfFormat.from_extension(offer.key)  # a graph format's key is its file extension
    assert fmt is not None
    prefixes = {"sd": str(SD), "void": str(VOID), "formats": FORMATS_NS}
    text = ox.serialize(description_triples(state, served), format=fmt, prefixes=prefixes)
    assert text is not None  # no output file given: the bytes are returned
    return Cached(CONTENT_TYPES[offer.key], text)


DEFAULT_QUERY = """PREFIX mgi: <https://w3id.org/mgi/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

# Findings per domain and polarity, over every profile
SELECT ?domain ?polarity (COUNT(?finding) AS ?findings)
WHERE {
  ?finding mgi:domain ?d ; mgi:polarity ?p .
  ?d skos:notation ?domain . ?p skos:notation ?polarity .
}
GROUP BY ?domain ?polarity
ORDER BY ?domain ?polarity
"""


def sd(local: str) -> ox.NamedNode:
    return ox.NamedNode(SD + local)


def description_triples(state: ServerState, served: str) -> list[ox.Triple]:
    """``sd:Service`` for this endpoint: formats, features and the dataset it queries."""
    endpoint = ox.NamedNode(served + "sparql")
    dataset, default = ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [
        ox.Triple(endpoint, RDF_TYPE_NODE, sd("Service")),
        ox.Triple(endpoint, sd("endpoint"), endpoint),
        ox.Triple(endpoint, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(endpoint, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(endpoint, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE_NODE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE_NODE, sd("Graph")),
        ox.Triple(ox.NamedNode(str(state.settings.iris.dataset())), ox.NamedNode(VOID.sparqlEndpoint), endpoint),
    ]
    triples += [ox.Triple(endpoint, sd("resultFormat"), ox.NamedNode(FORMATS_NS + f)) for f in W3C_FORMATS]
    for number, graph in enumerate(sorted(state.store.named_graphs(), key=str)):
        named = ox.BlankNode(f"graph{number}")
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE_NODE, sd("NamedGraph")),
            ox.Triple(named, sd("name"), graph),
        ]
    return triples
