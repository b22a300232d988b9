"""One profile's files, ``profiles/{id}.ttl`` and ``profiles/{id}.jsonld``: written from the
profile's named graph, or read back from a file cache when that graph is unchanged.

A profile's graph names the build that generated it (``prov:wasGeneratedBy``), whose IRI
is a digest of every profile, so a change to one profile changes that one triple of all
the others. The cache therefore holds each file with the build IRI replaced by a fixed
placeholder IRI of the same form, keyed by the graph with the same replacement; the IRI is
an opaque string to both writers (the profile has one build, so no sort order depends on
it), so putting the build back gives the bytes a fresh write would.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Protocol

from rdflib import URIRef
from rdflib.namespace import PROV

from mgi_graph.dump.jsonld import JsonLdWriter, JsonObject
from mgi_graph.dump.jsontext import iter_json
from mgi_graph.graph.indexed import IndexedGraph
from mgi_graph.graph.quads import Quads, ntriples_turtle
from mgi_graph.iris import Iris
from mgi_graph.namespaces import PREFIXES

PLACEHOLDER_DIGEST = "0" * 16


class FileCache(Protocol):
    """Where written files are kept between builds, by a key naming what they are made of."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, data: bytes) -> None: ...


class ProfileFiles:
    """The files of each profile of ``quads``, through ``cache`` when one is given."""

    def __init__(self, quads: Quads, iris: Iris, context: JsonObject, cache: FileCache | None) -> None:
        self.quads = quads
        self.iris = iris
        self.context = context
        self.cache = cache
        self.placeholder = str(iris.build(PLACEHOLDER_DIGEST))
        self.context_digest = hashlib.sha256(json.dumps(context, sort_keys=True).encode()).hexdigest()

    def files(self, profile_id: str) -> tuple[str, str]:
        """(Turtle, JSON-LD) of ``profile_id``'s graph."""
        name = self.iris.named_graph(profile_id)
        root = self.iris.profile(profile_id)
        graph = self.quads.named.get(name) or IndexedGraph(name)
        ntriples = self.quads.graph_ntriples.get(name, b"")
        build = str(graph.value(root, PROV.wasGeneratedBy) or self.placeholder)
        content = hashlib.sha256(f"{root}\0{self.context_digest}\0".encode())
        content.update(ntriples.replace(f"<{build}>".encode(), f"<{self.placeholder}>".encode()))
        key = content.hexdigest()
        return (
            self._cached(f"{key}.ttl", build, lambda: ntriples_turtle(ntriples, PREFIXES)),
            self._cached(f"{key}.jsonld", build, lambda: _jsonld(graph, self.context, root)),
        )

    def _cached(self, key: str, build: str, write: Callable[[], str]) -> str:
        data = self.cache.get(key) if self.cache else None
        if data is not None:
            return data.decode("utf-8").replace(self.placeholder, build)
        text = write()
        if self.cache:
            self.cache.put(key, text.replace(build, self.placeholder).encode("utf-8"))
        return text


def _jsonld(graph: IndexedGraph, context: JsonObject, root: URIRef) -> str:
    return "".join(iter_json(JsonLdWriter(graph, context).document(root))) + "\n"
