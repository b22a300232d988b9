"""The pages for readers that are not documents about one resource: search, comparison,
index pages, the sitemap. ``ROUTES`` go before the catch-all resource route in ``app``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Awaitable, Callable
from dataclasses import replace
from xml.sax.saxutils import escape

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from mgi_graph.formats import CSV, JSON, XML
from mgi_graph.namespaces import MGI_NS
from mgi_graph.server import listings, resources
from mgi_graph.server.conneg import CONTENT_TYPES
from mgi_graph.server.map import world_map
from mgi_graph.server.pages import Row
from mgi_graph.server.search import FACETS, SearchResult
from mgi_graph.server.state import ServerState, state_of
from mgi_graph.server.views import View

PAGE_SIZE = 50
# Where a facet's values (slugs) come from, to label them in the reader's language.
FACET_IRIS = {
    "country": "country/{}", "domain": "domain/{}", "polarity": "polarity/{}",
    "kind": "kind/institution/{}", "profile": "profile/{}",
}
CSV_COLUMNS = ("finding", "profile_id", "position", "country", "level", "year", "domain", "polarity", "text")


def page_view(state: ServerState, request: Request) -> View:
    params: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        if name not in ("lang", "format"):
            params.setdefault(name, []).append(value)
    return replace(state.view(request), params=params)


def html(state: ServerState, view: View, template: str, **context: object) -> Response:
    body = state.render(template, view, **context)
    return Response(body, media_type=CONTENT_TYPES["html"], headers={"Vary": "Accept-Language"})


def facet_label(state: ServerState, view: View, facet: str, value: str) -> str:
    if facet == "level":
        return view.label(MGI_NS + value.capitalize())
    if facet in FACET_IRIS:
        return view.label(state.settings.base + FACET_IRIS[facet].format(value))
    return value


async def search(request: Request) -> Response:
    state = state_of(request)
    view = page_view(state, request)
    query = request.query_params.get("q", "")
    chosen = {name: request.query_params.getlist(name) for name in FACETS}
    result = state.findings.search(query, chosen)
    fmt = request.query_params.get("format")
    if fmt == CSV.key:
        return Response(search_csv(state, result), media_type=CSV.content_type,
                        headers={"Content-Disposition": 'attachment; filename="search.csv"'})
    if fmt == JSON.key:
        document = search_json(state, view, result, chosen)
        return Response(json.dumps(document, ensure_ascii=False, indent=1), media_type=JSON.media_type)
    page = _page_number(request.query_params.get("page"), len(result.hits))
    shown = result.hits[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    choices = listings.profile_choices(state.store, view)
    names = {c["id"]: c["title"] for c in choices}
    facets = [{"name": name, "values": [
        {"value": value, "count": count,
         "label": names.get(value, value) if name == "profile" else facet_label(state, view, name, value),
         "selected": value in chosen[name], "href": _toggle(view, name, value)}
        for value, count in result.facets[name]]} for name in FACETS if result.facets[name]]
    profiles = {c["iri"]: c for c in choices}
    hits = [{"hit": hit, "href": view.page(hit.finding.iri), "profile": profiles.get(hit.finding.profile),
             "domain": facet_label(state, view, "domain", next(iter(hit.finding.facets["domain"]), "")),
             "polarity": next(iter(hit.finding.facets["polarity"]), "")} for hit in shown]
    downloads = {fmt: view.to("search", **view.params, format=fmt) for fmt in ("csv", "json")}
    pages = {"number": page, "last": max(1, -(-len(result.hits) // PAGE_SIZE)),
             "previous": view.to("search", **{**view.params, "page": page - 1}) if page > 1 else None,
             "next": view.to("search", **{**view.params, "page": page + 1}) if page * PAGE_SIZE < len(result.hits) else None}
    chosen_list = [{"name": n, "value": v, "href": _toggle(view, n, v),
                    "label": names.get(v, v) if n == "profile" else facet_label(state, view, n, v)}
                   for n in FACETS for v in chosen[n]]
    return html(state, view, "search.html", title=view.t("Search"), query=query, search_text=query, total=len(result.hits),
                hits=hits, facets=facets, chosen=chosen_list, downloads=downloads, pages=pages)


def _page_number(text: str | None, total: int) -> int:
    last = max(1, -(-total // PAGE_SIZE))
    return min(max(int(text), 1), last) if text and text.isdigit() else 1


def _toggle(view: View, facet: str, value: str) -> str:
    """The search with ``value`` of ``facet`` chosen, or no longer chosen; back to page 1."""
    params = {k: list(v) for k, v in view.params.items() if k != "page"}
    values = params.get(facet, [])
    params[facet] = [v for v in values if v != value] if value in values else [*values, value]
    return view.to("search", **params)


def _rows(state: ServerState, result: SearchResult) -> list[dict[str, str]]:
    rows = []
    for hit in result.hits:
        finding = hit.finding
        facets = {name: ";".join(sorted(finding.facets[name])) for name in FACETS}
        rows.append({"finding": finding.iri, "profile_id": finding.profile_id, "position": str(finding.position),
                     **{k: facets[k] for k in ("country", "level", "year", "domain", "polarity")},
                     "text": finding.text})
    return rows


def search_csv(state: ServerState, result: SearchResult) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(_rows(state, result))
    return out.getvalue()


def search_json(state: ServerState, view: View, result: SearchResult, chosen: dict[str, list[str]]) -> Row:
    return {
        "query": result.query,
        "filters": {k: v for k, v in chosen.items() if v},
        "count": len(result.hits),
        "results": _rows(state, result),
        "facets": {name: [{"value": v, "label": facet_label(state, view, name, v), "count": n}
                          for v, n in result.facets[name]] for name in FACETS},
    }


async def compare(request: Request) -> Response:
    state = state_of(request)
    view = page_view(state, request)
    choices = listings.profile_choices(state.store, view)
    by_id = {c["id"]: c for c in choices}
    wanted = [i for i in dict.fromkeys(request.query_params.getlist("profiles")) if i in by_id]
    chosen = [by_id[i] for i in wanted]
    domains = listings.compare(state.store, state.vocabulary, view, chosen) if len(chosen) >= 2 else []
    unknown = [i for i in request.query_params.getlist("profiles") if i not in by_id]
    return html(state, view, "compare.html", title=view.t("Compare profiles"), choices=choices,
                chosen=chosen, wanted=wanted, domains=domains, unknown=unknown)


INDEXES = ("country", "place", "org", "instrument")


def index_page(kind: str) -> Callable[[Request], Awaitable[Response]]:
    """The index page of one kind of resource (``/country``, ``/place``, ``/org``, ``/instrument``)."""
    async def endpoint(request: Request) -> Response:
        state = state_of(request)
        view = page_view(state, request)
        # Literal view.t() calls: the catalogues are checked against them.
        titles = {"country": view.t("Countries"), "place": view.t("Places"),
                  "org": view.t("Institutions"), "instrument": view.t("Instruments")}
        return html(state, view, "index.html", title=titles[kind], kind=kind, items=_index_items(state, view, kind))
    return endpoint


def _index_items(state: ServerState, view: View, kind: str) -> list[Row]:
    if kind == "org":
        return listings.institutions(state.store, view, state.settings.base)
    listing = {"country": listings.countries, "place": listings.places, "instrument": listings.instruments}[kind]
    return listing(state.store, view)


async def map_page(request: Request) -> Response:
    state = state_of(request)
    view = page_view(state, request)
    return html(state, view, "map.html", title=view.t("Map of the profiled places"), m=world_map(state.store, view))


async def country(request: Request) -> Response:
    """``/country/CO`` is ``/country/co``: ISO codes in either case name the country."""
    code = request.path_params["code"]
    if code != code.lower():
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"{request.base_url}country/{code.lower()}{query}", status_code=301)
    request.scope["path_params"] = {"path": f"country/{code}"}
    return await resources.dereference(request)


async def sitemap(request: Request) -> Response:
    """Every resource of the graph and every index page (sitemaps.org protocol)."""
    state = state_of(request)
    served, base = str(request.base_url), state.settings.base
    result = state.store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }", use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    paths = sorted({str(s["s"].value)[len(base):].split("#", 1)[0] for s in result
                    if str(s["s"].value).startswith(base)} - {""})
    pages = ["", "search", "compare", "country", "place", "org", "instrument", "map", "sparql", "queries", "dumps/"]
    urls = [served + p for p in pages] + [served + p for p in paths if p not in pages]
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in urls) + "</urlset>\n")
    return Response(body, media_type=XML.media_type)


async def favicon(request: Request) -> Response:
    return RedirectResponse(f"{request.base_url}static/favicon.svg", status_code=301)


ROUTES = [
    Route("/search", search, methods=["GET"]),
    Route("/compare", compare, methods=["GET"]),
    *(Route(f"/{kind}", index_page(kind), methods=["GET"]) for kind in INDEXES),
    Route("/map", map_page, methods=["GET"]),
    Route("/country/{code}", country, methods=["GET"]),
    Route("/sitemap.xml", sitemap, methods=["GET"]),
    Route("/favicon.ico", favicon, methods=["GET"]),
]
