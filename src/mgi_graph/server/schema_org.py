"""The dataset as a schema.org ``Dataset`` in JSON-LD, for dataset search engines
(embedded in the home and dataset pages)."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox

from mgi_graph.iris import Iris
from mgi_graph.server.describe import IriMap
from mgi_graph.server.dumps import DumpFile
from mgi_graph.server.pages import select

DCTERMS = "http://purl.org/dc/terms/"


def dataset_jsonld(store: ox.Store, void: Iterable[ox.Triple], dumps: Iterable[DumpFile],
                   base: str, served: str) -> str:
    """A ``<script type="application/ld+json">`` body: safe inside HTML (``<`` escaped)."""
    iris, served_at = Iris(base), IriMap(base, served)
    iri = str(iris.dataset())
    facts: dict[str, list[str]] = {}
    for triple in void:
        if (triple.subject == ox.NamedNode(iri) and str(triple.predicate.value).startswith(DCTERMS)
                and isinstance(triple.object, (ox.NamedNode, ox.Literal))):
            facts.setdefault(str(triple.predicate.value)[len(DCTERMS):], []).append(str(triple.object.value))
    for row in select(store, "SELECT ?p ?o WHERE { $r ?p ?o FILTER(isLiteral(?o) || isIRI(?o)) }", r=iri):
        if str(row["p"].value).startswith(DCTERMS) and (not isinstance(row["o"], ox.Literal) or row["o"].language in (None, "en")):
            facts.setdefault(str(row["p"].value)[len(DCTERMS):], []).append(str(row["o"].value))
    places = select(store, "SELECT DISTINCT ?name WHERE { ?p a mgi:Profile ; dcterms:spatial ?s . ?s schema:name ?name }")
    document = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": iri,
        "url": served,
        "name": _first(facts, "title") or "Migration Governance Indicators knowledge graph",
        "description": _first(facts, "description"),
        "license": _first(facts, "license"),
        "creator": {"@type": "Organization", "name": _first(facts, "publisher") or "mgi-graph contributors"},
        "isBasedOn": sorted(facts.get("source", [])),
        "keywords": ["migration governance", "Migration Governance Indicators", "IOM", "linked open data"],
        "spatialCoverage": sorted(str(row["name"].value) for row in places),
        "distribution": [{"@type": "DataDownload", "contentUrl": served_at.to_served(str(iris.distribution(d.name))),
                          "encodingFormat": d.media_type.split(";")[0], "contentSize": str(d.size)}
                         for d in dumps if "/" not in d.name],
    }
    text = json.dumps({k: v for k, v in document.items() if v}, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c")


def _first(facts: dict[str, list[str]], key: str) -> str | None:
    values = facts.get(key)
    return sorted(values)[0] if values else None
