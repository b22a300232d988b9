"""Stored queries as an HTTP API, and their OpenAPI 3 description.

``/queries`` lists the packaged ``queries/*.rq``; ``/queries/{name}?param=…``
binds the parameters (``bind_query`` escapes every value) and runs the query
like ``/sparql`` does, under the same time limit and row cap.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mgi_graph._version import __version__
from mgi_graph.errors import UnknownQueryError
from mgi_graph.formats import FORM, SPARQL_QUERY
from mgi_graph.query.stored import StoredQuery, bind_query
from mgi_graph.server.conneg import (
    CONTENT_TYPES,
    CSV_RESULTS,
    GRAPH_OFFERS,
    HTML_OFFER,
    JSON_OFFER,
    JSON_RESULTS,
    PLAIN,
    TSV_RESULTS,
    XML_RESULTS,
    Offer,
    negotiate,
)
from mgi_graph.server.errors import QueryRefusedError
from mgi_graph.server.sparql import results_table, run_job
from mgi_graph.server.state import Cached, ServerState, state_of

LIST_OFFERS: tuple[Offer, ...] = (JSON_OFFER, HTML_OFFER)
ROW_OFFERS: tuple[Offer, ...] = (JSON_RESULTS, CSV_RESULTS, TSV_RESULTS, XML_RESULTS, HTML_OFFER)
# Query-string names that are not query parameters.
RESERVED = frozenset({"format", "lang"})


def describe_query(query: StoredQuery, served: str) -> dict[str, Any]:
    return {
        "name": query.name,
        "summary": query.summary,
        "description": query.description,
        "tags": list(query.tags),
        "kind": query.kind,
        "url": f"{served}queries/{query.name}",
        "needs_internet": query.needs_internet,
        "parameters": [
            {"name": p.name, "type": p.type, "required": p.required, "default": p.default,
             "allowed": list(p.allowed), "language": p.language}
            for p in query.params
        ],
    }


async def list_queries(request: Request) -> Response:
    state = state_of(request)
    offer = negotiate(request.headers.get("accept"), LIST_OFFERS, format_key=request.query_params.get("format"))
    served = state.iris(request).served
    described = [describe_query(q, served) for q in state.queries.values()]
    if offer is JSON_OFFER:
        return Response(json.dumps({"queries": described}, ensure_ascii=False, indent=1),
                        media_type=JSON_OFFER.media_type, headers={"Vary": "Accept"})
    body = state.render("queries.html", state.view(request), queries=described, title="Stored queries")
    return Response(body, media_type=CONTENT_TYPES["html"], headers={"Vary": "Accept"})


async def run_stored_query(request: Request) -> Response:
    state = state_of(request)
    query = _stored(request.path_params["name"], state)
    offers = GRAPH_OFFERS if query.kind in ("construct", "describe") else ROW_OFFERS
    offer = negotiate(request.headers.get("accept"), offers, format_key=request.query_params.get("format"))
    values = {k: v for k, v in request.query_params.items() if k not in RESERVED}
    view = state.view(request)
    if offer is HTML_OFFER and not values and any(p.required for p in query.params):
        # A browser arriving without parameters gets the form, not an error.
        body = state.render("query.html", view, query=describe_query(query, view.iris.served), values={},
                            table=None, title=query.summary or query.name)
        return Response(body, media_type=CONTENT_TYPES["html"], headers={"Vary": "Accept"})
    if query.needs_internet:
        raise QueryRefusedError(f"query '{query.name}' calls other SPARQL endpoints (SERVICE), "
                                "which this server does not do; run it against an endpoint that can")
    cached = await state.cached(request, ("stored", query.name, offer.key),
                                lambda: _answer_stored(state, request, query, offer, values))
    return Response(cached.body, media_type=cached.media_type, headers={"Vary": "Accept"})


async def _answer_stored(state: ServerState, request: Request, query: StoredQuery, offer: Offer,
                         values: dict[str, str]) -> Cached:
    sparql = bind_query(query, values)  # only on a miss: errors are never cached
    is_graph = query.kind in ("construct", "describe")
    reply = await run_job(state, sparql, None if is_graph else offer, offer if is_graph else None, request=request)
    if offer is HTML_OFFER:
        view = state.view(request)
        body = state.render("query.html", view, query=describe_query(query, view.iris.served), values=values,
                            table=results_table(view, reply), title=query.summary or query.name)
        return Cached(CONTENT_TYPES["html"], body)
    return Cached(CONTENT_TYPES[reply.format], reply.body)


def _stored(name: str, state: ServerState) -> StoredQuery:
    # Not resolve_query: it also opens .rq files by path, which no HTTP client may do.
    if name in state.queries:
        return state.queries[name]
    close = difflib.get_close_matches(name, list(state.queries), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known queries: {', '.join(sorted(state.queries))}"
    raise UnknownQueryError(f"unknown query '{name}'{hint}")


async def openapi(request: Request) -> Response:
    state = state_of(request)
    served = state.iris(request).served
    cached = await state.cached(request, ("openapi", served), lambda: _openapi_json(state, served))
    return Response(cached.body, media_type=cached.media_type)


async def _openapi_json(state: ServerState, served: str) -> Cached:
    document = openapi_document(state.queries.values(), served)
    return Cached(JSON_OFFER.media_type, json.dumps(document, indent=1).encode("utf-8"))


def _content(offers: tuple[Offer, ...]) -> dict[str, Any]:
    return {o.media_type: {} for o in offers}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PLAIN.media_type: {"schema": {"type": "string"}}}}


def openapi_document(queries: Any, served: str) -> dict[str, Any]:
    """OpenAPI 3.1 of ``/queries``, each stored query (from its ``#+`` header) and ``/sparql``."""
    paths: dict[str, Any] = {
        "/queries": {"get": {
            "operationId": "listQueries",
            "summary": "The stored queries, with their parameters",
            "responses": {"200": {"description": "The list", "content": _content(LIST_OFFERS)}},
        }},
        "/sparql": {
            "get": {
                "operationId": "sparqlQuery",
                "summary": "SPARQL 1.1 Protocol query (read-only); without 'query', the service description",
                "parameters": [
                    {"name": "query", "in": "query", "required": False, "schema": {"type": "string"}},
                    {"name": "default-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                    {"name": "named-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                ],
                "responses": _responses(ROW_OFFERS + GRAPH_OFFERS[:-1]),
            },
            "post": {
                "operationId": "sparqlQueryPost",
                "summary": f"SPARQL 1.1 Protocol query by POST (form or {SPARQL_QUERY.media_type})",
                "requestBody": {"content": {
                    FORM.media_type: {"schema": {"type": "object", "properties": {"query": {"type": "string"}}}},
                    SPARQL_QUERY.media_type: {"schema": {"type": "string"}},
                }},
                "responses": _responses(ROW_OFFERS + GRAPH_OFFERS[:-1]),
            },
        },
    }
    for query in queries:
        offers = GRAPH_OFFERS if query.kind in ("construct", "describe") else ROW_OFFERS
        paths[f"/queries/{query.name}"] = {"get": {
            "operationId": _operation_id(query.name),
            "summary": query.summary or query.name,
            "description": query.description,
            "tags": list(query.tags),
            "parameters": [_parameter(p) for p in query.params],
            "responses": _responses(offers),
        }}
    return {
        "openapi": "3.1.0",
        "info": {"title": "MGI knowledge graph: stored queries", "version": __version__,
                 "description": "Stored SPARQL queries over the Migration Governance Indicators graph."},
        "servers": [{"url": served.rstrip("/")}],
        "paths": paths,
    }


def _responses(offers: tuple[Offer, ...]) -> dict[str, Any]:
    return {
        "200": {"description": "Query results", "content": _content(offers)},
        "400": _error("A parameter is missing or invalid; the message names it"),
        "403": _error("Refused: an update, or a federated (SERVICE) query"),
        "404": _error("No such stored query"),
        "406": _error("No acceptable result format"),
        "422": _error("The result has more rows than the server's limit"),
        "503": _error("The query ran past the server's time limit"),
    }


def _parameter(param: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": {"integer": "integer", "number": "number"}.get(param.type, "string")}
    if param.type == "iri":
        schema["format"] = "iri"
    if param.allowed:
        schema["enum"] = list(param.allowed)
    if param.default is not None:
        schema["default"] = param.default
    described = f"{param.type}" + (f", tagged @{param.language}" if param.language else "")
    return {"name": param.name, "in": "query", "required": param.required, "schema": schema, "description": described}


def _operation_id(name: str) -> str:
    head, *rest = name.replace("_", "-").split("-")
    return head + "".join(part.capitalize() for part in rest)
