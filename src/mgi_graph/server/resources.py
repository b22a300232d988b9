"""Dereferencing (W3C "Cool URIs for the Semantic Web", 303 pattern).

``GET /profile/x`` names the thing; it answers ``303 See Other`` to a document
about it, chosen by ``Accept`` (or ``?format=``): ``/profile/x.html``,
``.ttl``, ``.jsonld``, ``.nt`` or ``.rdf``. Documents are rendered once and cached.
An RDF document describes the canonical IRI (``{base}profile/x``); the redirects
and ``Link`` headers point where the site is served (``--public-url``, else the
request's own address).

Documents are rendered on the event loop, not in a thread: rendering is bounded
(one resource and what it owns, read from the in-process store) and holds the
GIL throughout, so a thread added only a hand-off and contention for the GIL
with the loop, and halved the throughput.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from mgi_graph.namespaces import MGI_NS, RDF_TYPE
from mgi_graph.server import human, pages
from mgi_graph.server.conneg import CONTENT_TYPES, DOCUMENTS, negotiate
from mgi_graph.server.describe import describe, own_objects, resource_exists
from mgi_graph.server.documents import serialize
from mgi_graph.server.errors import UnknownResourceError
from mgi_graph.server.state import Cached, ServerState, state_of
from mgi_graph.server.views import View

EXTENSIONS = {offer.key: offer for offer in DOCUMENTS}
# Characters an IRI path of this graph may hold; anything else cannot name a resource.
_PATH = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@/-]+")
SKOS_IN_SCHEME = "http://www.w3.org/2004/02/skos/core#inScheme"
VOID_SPARQL_ENDPOINT = "http://rdfs.org/ns/void#sparqlEndpoint"


def alternates(served_path: str, skip: str | None = None) -> str:
    """A ``Link`` header value listing the documents of a resource."""
    return ", ".join(
        f'<{served_path}.{offer.key}>; rel="alternate"; type="{offer.media_type}"'
        for offer in DOCUMENTS
        if offer.key != skip
    )


def _exists(state: ServerState, iri: str) -> bool:
    try:
        return resource_exists(state.store, iri)
    except ValueError:  # not a valid IRI
        return False


async def dereference(request: Request) -> Response:
    state = state_of(request)
    path = request.path_params["path"]
    if not _PATH.fullmatch(path):
        raise UnknownResourceError(f"/{path}: no such resource")
    stem, dot, extension = path.rpartition(".")
    if dot and extension in EXTENSIONS and _exists(state, state.settings.base + stem):
        return await document(request, stem, extension)
    iri = state.settings.base + path
    if not _exists(state, iri):
        raise UnknownResourceError(f"/{path}: no resource <{iri}> in this graph")
    offer = negotiate(request.headers.get("accept"), DOCUMENTS, format_key=request.query_params.getlist("format"))
    return see_other(request, path, offer.key)


def see_other(request: Request, path: str, extension: str) -> Response:
    served = state_of(request).iris(request).served + path
    rest = {k: v for k, v in request.query_params.items() if k != "format"}
    location = f"{served}.{extension}" + (f"?{urlencode(rest)}" if rest else "")
    headers = {"Vary": "Accept", "Link": alternates(served)}
    return RedirectResponse(location, status_code=303, headers=headers)


async def document(request: Request, path: str, extension: str, *, iri: str | None = None) -> Response:
    """The ``extension`` document of the resource at ``path`` (rendered once, then cached)."""
    state = state_of(request)
    iri = iri or state.settings.base + path
    view = state.view(request)
    cached = await state.cached(request, ("document", iri, extension),
                                lambda: render_document(state, view, iri, extension))
    served = view.iris.served + path
    headers = {"Link": alternates(served, skip=extension), **dict(cached.headers)}
    if extension == "html":
        headers["Vary"] = "Accept-Language"
    return Response(cached.body, media_type=cached.media_type, headers=headers)


def _extra(state: ServerState, iri: str) -> list[ox.Triple]:
    """What the store does not say about ``iri``: the dataset's VoID (read from the build)."""
    return state.void if iri == state.settings.base + "dataset" else []


def describe_resource(state: ServerState, iri: str) -> set[ox.Triple]:
    """The description of ``iri``, with the graph's canonical IRIs."""
    return describe(state.store, iri, _extra(state, iri), state.hash_children, state.labels)


def _endpoint(view: View, state: ServerState, iri: str) -> list[ox.Triple]:
    """What follows the dataset's description: where this server answers SPARQL
    (VoID; known only now, from ``--public-url`` or the request's address)."""
    if iri != state.settings.base + "dataset":
        return []
    return [ox.Triple(ox.NamedNode(iri), ox.NamedNode(VOID_SPARQL_ENDPOINT), ox.NamedNode(view.iris.served + "sparql"))]


async def render_document(state: ServerState, view: View, iri: str, extension: str) -> Cached:
    if extension == "html":
        return Cached(CONTENT_TYPES["html"], render_page(state, view, iri))
    triples, tail = describe_resource(state, iri), _endpoint(view, state, iri)
    body = serialize(triples, extension, iri, tail)
    return Cached(CONTENT_TYPES[extension], body)


def render_page(state: ServerState, view: View, iri: str) -> bytes:
    # The page a resource gets depends on its own types and schemes only: profile and
    # domain pages read what they show with their own queries, without its description.
    types = own_objects(state.store, iri, RDF_TYPE, _extra(state, iri))
    schemes = own_objects(state.store, iri, SKOS_IN_SCHEME, _extra(state, iri))
    common = {
        "iri": iri,
        "served": view.iris.to_served(iri),
        "title": view.label(iri),
        "types": [view.cell(ox.NamedNode(t)) for t in sorted(types)],
        "formats": [(o.key, o.media_type) for o in DOCUMENTS if o.key != "html"],
    }
    if MGI_NS + "Profile" in types:
        data = pages.profile(state.store, state.vocabulary, view, iri)
        return state.render("profile.html", view, page=data, **common)
    if state.settings.base + "domain" in schemes:
        data = pages.domain(state.store, view, iri)
        return state.render("domain.html", view, page=data, **common)
    triples = sorted(describe_resource(state, iri), key=str) + _endpoint(view, state, iri)
    return human.render(state, view, iri, types, triples, common)
