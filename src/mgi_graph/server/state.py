"""Everything a request handler needs, loaded once at start-up, and the response cache.

The store never changes while the server runs, so any response computed from
it can be kept: ``ResponseCache`` holds rendered bodies keyed by what they
depend on (resource, format, language, server address, query text).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pyoxigraph as ox
from starlette.requests import Request

from mgi_graph.queries import StoredQuery, load_queries
from mgi_graph.server.conneg import choose_language
from mgi_graph.server.describe import IriMap, LabelTriples, index_labels
from mgi_graph.server.dumps import DumpFile, index_dumps, read_void
from mgi_graph.server.pages import Vocabulary
from mgi_graph.server.pool import QueryPool
from mgi_graph.server.settings import LANGUAGES, Settings
from mgi_graph.server.views import LabelIndex, View, make_templates
from mgi_graph.store import open_store


@dataclass(frozen=True)
class Cached:
    media_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


class ResponseCache:
    """A thread-safe LRU of response bodies, bounded in entries and in bytes."""

    def __init__(self, entries: int, size: int) -> None:
        self.entries = entries
        self.size = size
        self._items: OrderedDict[Hashable, Cached] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Cached | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: Hashable, item: Cached) -> Cached:
        if len(item.body) > self.size // 8:
            return item  # one huge result must not push everything else out
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._items[key] = item
            self._bytes += len(item.body)
            while len(self._items) > self.entries or self._bytes > self.size:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped.body)
        return item


@dataclass
class ServerState:
    settings: Settings
    store: ox.Store
    queries: dict[str, StoredQuery]
    labels: LabelIndex
    vocabulary: Vocabulary
    dumps: dict[str, DumpFile]
    void: list[ox.Triple]
    pool: QueryPool
    templates: jinja2.Environment
    cache: ResponseCache
    hash_children: dict[str, tuple[str, ...]] = field(default_factory=dict)
    label_triples: LabelTriples = field(default_factory=dict)

    @classmethod
    def load(cls, settings: Settings) -> ServerState:
        """Read ``settings.data_dir``; raises BuildError when it holds no build."""
        data_dir = Path(settings.data_dir)
        store = open_store(data_dir)
        return cls(
            settings=settings,
            store=store,
            queries=load_queries(),
            labels=LabelIndex(store),
            vocabulary=Vocabulary.read(store, settings.base),
            dumps=index_dumps(data_dir),
            void=read_void(data_dir),
            pool=QueryPool(data_dir, settings.query_workers),
            templates=make_templates(),
            cache=ResponseCache(settings.cache_entries, settings.cache_bytes),
            hash_children=_hash_children(store),
            label_triples=index_labels(store),
        )

    def iris(self, request: Request) -> IriMap:
        return IriMap(self.settings.base, self.settings.public_url or str(request.base_url))

    def language(self, request: Request) -> str:
        return choose_language(
            request.headers.get("accept-language"),
            request.query_params.get("lang"),
            LANGUAGES,
            self.settings.default_language,
        )


    def view(self, request: Request) -> View:
        query = {"lang": request.query_params["lang"]} if "lang" in request.query_params else {}
        return View(self.iris(request), self.labels, self.language(request), request.url.path, query)

    def render(self, template: str, view: View, **context: object) -> bytes:
        return self.templates.get_template(template).render(v=view, **context).encode("utf-8")


def _hash_children(store: ox.Store) -> dict[str, tuple[str, ...]]:
    """Subjects ``x#y`` by ``x``: a document describes the hash IRIs under its own IRI."""
    found: dict[str, set[str]] = {}
    result = store.query(
        'SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s) && CONTAINS(STR(?s), "#")) }',
        use_default_graph_as_union=True,
    )
    assert isinstance(result, ox.QuerySolutions)
    for solution in result:
        iri = str(solution["s"].value)
        found.setdefault(iri.split("#", 1)[0], set()).add(iri)
    return {k: tuple(sorted(v)) for k, v in found.items()}
