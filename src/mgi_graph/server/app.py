"""``create_app(settings)``: the Starlette application and its routes.

Every ``MgiGraphError`` reaches the client through ``handle_error``, the one
place that maps the error tree to status codes (``errors.STATUS``) and writes
the answer as an HTML page for browsers and as plain text for everyone else.
Anything else is a bug and stays a 500 with its traceback in the log.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from mgi_graph.errors import MgiGraphError
from mgi_graph.server import api, pages, resources, schema_org, sparql, web
from mgi_graph.server.compress import CompressPages
from mgi_graph.server.conditional import ConditionalGet
from mgi_graph.server.conneg import (CONTENT_TYPES, GRAPH_OFFERS, HTML_OFFER, JSON_OFFER, PLAIN, TURTLE, choose,
                                      negotiate)
from mgi_graph.server.dumps import file_response
from mgi_graph.server.errors import ServerBusyError, TooManyQueriesError, UnknownResourceError, status_of
from mgi_graph.server.headers import SecurityHeaders
from mgi_graph.server.limits import BodyLimit
from mgi_graph.server.settings import Settings
from mgi_graph.server.state import Cached, ServerState, attach_state, state_of
from mgi_graph.server.views import View

ERROR_OFFERS = (HTML_OFFER, PLAIN, JSON_OFFER)


def create_app(settings: Settings) -> Starlette:
    """The server over ``settings.data_dir`` (loaded now; BuildError when it holds no build).

    Query workers start with the app's lifespan, or on the first query when the
    app is driven without one (``httpx.ASGITransport``); ``app.state.mgi.pool.close()``
    stops them.
    """
    state = ServerState.load(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(state.pool.start)
        try:
            yield
        finally:
            state.pool.close()

    static = StaticFiles(directory=str(files("mgi_graph.server") / "static"))
    routes = [
        Route("/", home, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/sparql", sparql.sparql_get, methods=["GET"]),
        Route("/sparql", sparql.sparql_post, methods=["POST"]),
        Route("/queries", api.list_queries, methods=["GET"]),
        Route("/queries/{name}", api.run_stored_query, methods=["GET"]),
        Route("/openapi.json", api.openapi, methods=["GET"]),
        Route("/dumps", lambda request: RedirectResponse("/dumps/", status_code=301), methods=["GET"]),
        Route("/dumps/", dump_index, methods=["GET"]),
        Route("/dumps/{path:path}", dump_file, methods=["GET"]),
        Route("/.well-known/void", well_known_void, methods=["GET"]),
        Mount("/static", app=static, name="static"),
        *web.ROUTES,
        Route("/{path:path}", resources.dereference, methods=["GET"]),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(BodyLimit, max_body=settings.max_body, max_header_bytes=settings.max_header_bytes),
        Middleware(CompressPages, minimum_size=1024),
        Middleware(ConditionalGet),
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
            expose_headers=["Link", "Location", "ETag", "Content-Location", "Vary"],
        )
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={MgiGraphError: handle_error},
        lifespan=lifespan,
    )
    attach_state(app, state)
    return app


async def handle_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, MgiGraphError)
    status = status_of(error)
    message = str(error)
    headers = {"Vary": "Accept"}
    if isinstance(error, (ServerBusyError, TooManyQueriesError)):
        headers["Retry-After"] = "5"
    accept = request.headers.get("accept")
    offer = (choose(accept, ERROR_OFFERS) or PLAIN) if accept else PLAIN
    if offer is JSON_OFFER:
        body = json.dumps({"status": status, "error": message})
        return Response(body, status_code=status, media_type=JSON_OFFER.media_type, headers=headers)
    if offer is HTML_OFFER:
        state = state_of(request)
        page = state.render("error.html", state.view(request), status=status, message=message,
                            title=_REASONS.get(status, "Error"))
        return Response(page, status_code=status, media_type=CONTENT_TYPES["html"], headers=headers)
    return Response(message + "\n", status_code=status, media_type=PLAIN.content_type, headers=headers)


_REASONS = {400: "Bad request", 403: "Forbidden", 404: "Not found", 406: "Not acceptable", 413: "Request too large",
            415: "Unsupported media type", 422: "Result too large", 429: "Too many queries", 500: "Server error", 503: "Service unavailable"}


async def home(request: Request) -> Response:
    state = state_of(request)
    view = state.view(request)
    cached = await state.cached(request, ("home",), lambda: _home_page(state, view))
    headers = {"Vary": "Accept-Language", "Link": f'<{view.iris.served}.well-known/void>; rel="describedby"; type="{TURTLE.media_type}"'}
    return Response(cached.body, media_type=cached.media_type, headers=headers)


async def _home_page(state: ServerState, view: View) -> Cached:
    data = await run_in_threadpool(pages.home, state.store, state.vocabulary, view)
    dumps = [d for d in state.dumps.values() if "/" not in d.name]
    body = state.render("home.html", view, page=data, dumps=dumps, title="Migration Governance Indicators",
                        dataset=schema_org.dataset_jsonld(state.store, state.void, dumps, state.settings.base, view.iris.served),
                        queries=[api.describe_query(q, view.iris.served) for q in state.queries.values()])
    return Cached(CONTENT_TYPES["html"], body)


async def healthz(request: Request) -> Response:
    """200 when a query worker can answer SPARQL, 503 while none can (all starting or failing)."""
    state = state_of(request)
    await run_in_threadpool(state.pool.start)
    health = state.pool.health()
    ok = health["ready"] > 0
    body = {"status": "ok" if ok else "unavailable", "sparql": {"workers_ready": health["ready"], "workers": health["size"]}}
    return Response(json.dumps(body), status_code=200 if ok else 503, media_type=JSON_OFFER.media_type,
                    headers={"Cache-Control": "no-store"})


async def dump_index(request: Request) -> Response:
    state = state_of(request)
    offer = negotiate(request.headers.get("accept"), (HTML_OFFER, JSON_OFFER), format_key=request.query_params.get("format"))
    served = state.iris(request)
    listing = [{"name": d.name, "url": served.to_served(str(state.settings.iris.distribution(d.name))), "size": d.size,
                "sha256": d.sha256, "media_type": d.media_type} for d in state.dumps.values()]
    if offer is JSON_OFFER:
        return Response(json.dumps({"files": listing}, indent=1), media_type=JSON_OFFER.media_type, headers={"Vary": "Accept"})
    body = state.render("dumps.html", state.view(request), files=listing, title="Downloads")
    return Response(body, media_type=CONTENT_TYPES["html"], headers={"Vary": "Accept"})


async def dump_file(request: Request) -> Response:
    state = state_of(request)
    name = request.path_params["path"]
    dump = state.dumps.get(name)
    if dump is None:
        raise UnknownResourceError(f"/dumps/{name}: no such file; /dumps/ lists the downloads")
    return file_response(request, dump)


async def well_known_void(request: Request) -> Response:
    """The VoID/DCAT description (RFC 8615 well-known URI), the same document as ``/dataset``."""
    offer = negotiate(request.headers.get("accept"), GRAPH_OFFERS, format_key=request.query_params.get("format"))
    response = await resources.document(request, "dataset", offer.key)
    served = state_of(request).iris(request).served
    response.headers["Content-Location"] = f"{served}dataset.{offer.key}"
    response.headers["Vary"] = "Accept"
    return response
