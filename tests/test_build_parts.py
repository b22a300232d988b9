"""The build's parts: each profile built alone (graph, links, texts), the N-Triples text read
back into a graph, and mgi.jsonld put together from the profiles' nodes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from mgi_graph.graph.indexed import from_ntriples
from mgi_graph.graph.quads import graph_text
from mgi_graph.iris import Iris

MERCOCITIES = str(Iris().org(Iris.home("international", None, ""), "Mercocities"))


def test_from_ntriples_reads_what_rdflib_reads(dist: Path) -> None:
    text = (dist / "mgi.nt").read_text("utf-8")
    assert set(from_ntriples(text)) == set(Graph().parse(data=text, format="nt"))


def test_from_ntriples_reads_back_escapes_languages_and_datatypes() -> None:
    graph = from_ntriples("")
    subject, predicate = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    objects = [Literal('a "quoted" \\ back\nslash\ttab \u00e9 \U0001f600'), Literal("x", lang="pt-BR"),
               Literal("7", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")), Literal("plain"),
               Literal("\x01control")]
    for obj in objects:
        graph.add((subject, predicate, obj))
    text = graph_text(graph)
    assert set(from_ntriples(text)) == set(graph)
    assert len(from_ntriples(text)) == len(objects)


def _node(nodes: list[dict[str, Any]], iri: str) -> dict[str, Any] | None:
    return next((n for n in nodes if n.get("id") == iri), None)


def _nested(node: Any, iri: str) -> list[dict[str, Any]]:
    """Every object with ``id`` ``iri`` nested anywhere in ``node``."""
    found = []
    if isinstance(node, dict):
        if node.get("id") == iri:
            found.append(node)
        for value in node.values():
            found += _nested(value, iri)
    elif isinstance(node, list):
        for value in node:
            found += _nested(value, iri)
    return found


def test_a_body_profiles_name_differently_is_described_whole_under_included(dist: Path) -> None:
    doc = json.loads((dist / "mgi.jsonld").read_text("utf-8"))
    whole = _node(doc["included"], MERCOCITIES)
    assert whole is not None, "Mercocities, named in two profiles' own words, is under included"
    in_profiles = [n for p in doc["profiles"] for n in _nested(p, MERCOCITIES) if len(n) > 1]
    assert len({json.dumps(n, sort_keys=True) for n in in_profiles}) > 1, "each profile writes its own labels"
    labels = {label for n in in_profiles for label in n.get("altLabel", {}).get("en", [])}
    assert labels == set(whole["altLabel"]["en"])


def test_each_profile_in_mgi_jsonld_is_its_own_document_with_its_links(dist: Path) -> None:
    doc = json.loads((dist / "mgi.jsonld").read_text("utf-8"))
    for profile in doc["profiles"]:
        own = json.loads((dist / "profiles" / f"{profile['identifier']}.jsonld").read_text("utf-8"))
        assert profile["findings"] == own["findings"]
        place = profile["place"]
        assert set(place) - set(own["place"]) <= {"exactMatch", "sameAs"}
        assert any("wikidata.org" in link or "geonames.org" in link for link in place.get("exactMatch", [])), place
