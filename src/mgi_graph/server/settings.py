"""The server's settings: one frozen value, made by the CLI and passed down."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from mgi_graph.defaults import DEFAULT_BASE

if TYPE_CHECKING:
    from mgi_graph.iris import Iris


@dataclass(frozen=True)
class Settings:
    """What ``create_app`` needs.

    ``data_dir`` is a built ``dist/``; ``base`` the IRI prefix of the graph's
    resources, served at the server's root; ``timeout`` (seconds) and
    ``max_rows`` bound every SPARQL query; ``query_workers`` is the number of
    worker processes that run SPARQL queries (each holds its own copy of the
    store, so a query past its time limit can be stopped by ending its process);
    ``queue_timeout`` bounds the wait for a free worker (separate from the
    query's own time limit); ``per_client`` is how many queries one remote
    address may have running or waiting (429 beyond); ``cache_entries`` bounds the cache of rendered
    responses; ``public_url`` is where the site is served (behind a reverse
    proxy or the w3id.org redirect; ending in ``/``), for the SPARQL endpoint's
    address, redirects and the links of HTML pages; None means the address each
    request was sent to. RDF documents always describe the canonical IRIs under ``base``.
    """

    data_dir: Path = Path("dist")
    base: str = DEFAULT_BASE
    timeout: float = 10.0
    max_rows: int = 10_000
    queue_timeout: float = 30.0
    per_client: int = 8
    query_workers: int = 2
    max_body: int = 1024 * 1024
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    keep_alive: float = 5.0
    max_header_bytes: int = 16 * 1024
    cache_entries: int = 2_048
    cache_bytes: int = 64 * 1024 * 1024
    default_language: str = "en"
    public_url: str | None = None

    @cached_property
    def iris(self) -> Iris:
        """The graph's IRIs under ``base`` (rdflib ``URIRef``s: compare them to strings as ``str``)."""
        from mgi_graph.iris import Iris  # here: `mgi-graph --help` reads Settings without rdflib

        return Iris(self.base)
