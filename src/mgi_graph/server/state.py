"""Everything a request handler needs, loaded once at start-up, and the response cache.

The store never changes while the server runs, so any response computed from
it can be kept: ``ResponseCache`` holds rendered bodies keyed by what they
depend on (resource, format, language, server address, query text). Handlers
reach it only through ``ServerState.cached``, which builds that key, and reach
the state only through ``state_of``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import jinja2
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request

from mgi_graph.errors import BuildError
from mgi_graph.languages import LANGUAGES
from mgi_graph.query.store import DUMP_NAME, dump_path
from mgi_graph.query.stored import StoredQuery, load_queries
from mgi_graph.server.conneg import choose_language
from mgi_graph.server.describe import IriMap
from mgi_graph.server.dumps import DumpFile, close_dumps, index_dumps, read_void
from mgi_graph.server.labels import LabelIndex, index_labels
from mgi_graph.server.pages import Vocabulary
from mgi_graph.server.pool import QueryPool
from mgi_graph.server.search import FindingIndex
from mgi_graph.server.settings import Settings
from mgi_graph.server.snapshot import load_held_store
from mgi_graph.server.views import View, make_templates


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

    def __len__(self) -> int:
        return len(self._items)

    @property
    def bytes(self) -> int:
        """Bytes held: bodies and keys (a key can be as long as the query text in it)."""
        return self._bytes

    def get(self, key: Hashable) -> Cached | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: Hashable, item: Cached) -> Cached:
        cost = len(item.body) + _key_size(key)
        if cost > self.size // 8:
            return item  # one huge result (or query text) must not push everything else out
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body) + _key_size(key)
            self._items[key] = item
            self._bytes += cost
            while len(self._items) > self.entries or self._bytes > self.size:
                dropped_key, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped.body) + _key_size(dropped_key)
        return item


def _key_size(key: object) -> int:
    """About the bytes a key holds: its strings' lengths, plus a little per part."""
    if isinstance(key, (str, bytes)):
        return len(key) + 16
    if isinstance(key, tuple):
        return 16 + sum(_key_size(part) for part in key)
    return 16


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

    @classmethod
    def load(cls, settings: Settings) -> ServerState:
        """Read ``settings.data_dir``; raises BuildError when it holds no build."""
        data_dir = Path(settings.data_dir)
        dumps = index_dumps(data_dir)  # the snapshot: every file opened now, served from then on
        if DUMP_NAME not in dumps:
            close_dumps(dumps)
            dump_path(data_dir)  # raises the BuildError that names the folder
        try:
            store = load_held_store(dumps[DUMP_NAME].fd)
        except (OSError, SyntaxError, EOFError) as error:
            close_dumps(dumps)
            raise BuildError(f"{data_dir / DUMP_NAME}: cannot load: {error}") from error
        return cls(
            settings=settings,
            store=store,
            queries=load_queries(),
            labels=index_labels(store),
            vocabulary=Vocabulary.read(store, settings.base),
            dumps=dumps,
            void=read_void(dumps),
            pool=QueryPool(dumps[DUMP_NAME].fd, settings.query_workers, per_client=settings.per_client),
            templates=make_templates(),
            cache=ResponseCache(settings.cache_entries, settings.cache_bytes),
            hash_children=_hash_children(store),
        )

    @cached_property
    def findings(self) -> FindingIndex:
        """The finding index of the search page, read on first use: start-up does not wait for it."""
        return FindingIndex(self.store)

    def iris(self, request: Request) -> IriMap:
        return IriMap(self.settings.base, self.settings.public_url or str(request.base_url))

    def language(self, request: Request) -> str:
        return choose_language(
            request.headers.get("accept-language"),
            request.query_params.get("lang"),
            LANGUAGES,
            self.settings.default_language,
        )

    async def cached(self, request: Request, parts: tuple[Hashable, ...],
                     compute: Callable[[], Awaitable[Cached]]) -> Cached:
        """The response to ``request``: kept from an earlier request with the same inputs, else
        ``compute()``'s, then kept. The key holds every input of a response: the address it was
        asked at (Host, scheme, port), path, query string and language, plus the handler's
        ``parts`` (the chosen format, a POSTed query). What ``compute`` raises is never kept."""
        key = (str(request.base_url), request.url.path, request.url.query, self.language(request), *parts)
        kept = self.cache.get(key)
        if kept is not None:
            return kept
        return self.cache.put(key, await compute())

    def view(self, request: Request) -> View:
        query = {"lang": request.query_params["lang"]} if "lang" in request.query_params else {}
        return View(self.iris(request), self.labels, self.language(request), request.url.path, query)

    def render(self, template: str, view: View, **context: object) -> bytes:
        return self.templates.get_template(template).render(v=view, **context).encode("utf-8")


def attach_state(app: Starlette, state: ServerState) -> None:
    """Make ``state`` what ``state_of`` returns for the requests of ``app``."""
    app.state.mgi = state


def state_of(request: Request) -> ServerState:
    """The state of the app answering ``request``: the one way handlers reach it."""
    state: ServerState = request.app.state.mgi
    return state


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
