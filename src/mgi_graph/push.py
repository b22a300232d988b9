"""Copy the built graph into an external triple store (SPARQL 1.1 Graph Store HTTP Protocol).

Each named graph of ``dist/mgi.nq.gz`` is sent with ``PUT {store}?graph={iri}``,
which *replaces* that graph: pushing twice leaves the store as after one push,
never with duplicated triples. Triples in the default graph, if any, go to
``PUT {store}?default``.

The store URL is the Graph Store Protocol endpoint, for example
``http://localhost:7878/store`` (Oxigraph server), ``http://localhost:3030/ds/data``
(Fuseki) or ``http://localhost:7200/repositories/mgi/rdf-graphs/service`` (GraphDB).
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from pathlib import Path
from typing import IO, cast

import httpx
import pyoxigraph

from mgi_graph.errors import BuildError, EndpointError
from mgi_graph.store import dump_path

__all__ = ["GraphPush", "push_dataset", "read_graphs"]

GraphPush = tuple[str, int]  # (graph IRI, or "" for the default graph; triples sent)
_NTRIPLES = "application/n-triples"


def read_graphs(dist_dir: Path) -> dict[str, list[pyoxigraph.Triple]]:
    """The triples of ``dist_dir/mgi.nq.gz`` by graph IRI ("" for the default graph), sorted by IRI."""
    path = dump_path(dist_dir)
    graphs: dict[str, list[pyoxigraph.Triple]] = defaultdict(list)
    try:
        with gzip.open(path, "rb") as data:
            for quad in pyoxigraph.parse(cast(IO[bytes], data), pyoxigraph.RdfFormat.N_QUADS):
                name = "" if isinstance(quad.graph_name, pyoxigraph.DefaultGraph) else quad.graph_name.value
                graphs[name].append(quad.triple)
    except (OSError, SyntaxError, EOFError) as error:
        raise BuildError(f"{path}: cannot read: {error}") from error
    return dict(sorted(graphs.items()))


def push_dataset(
    dist_dir: Path,
    store_url: str,
    *,
    auth: tuple[str, str] | None = None,
    timeout: float = 60.0,
) -> list[GraphPush]:
    """PUT every graph of the built dataset to the Graph Store at ``store_url``.

    ``auth`` is a (user, password) pair for HTTP basic authentication. Returns the
    graphs sent with their triple counts. Raises BuildError when ``dist_dir`` has no
    build and EndpointError (one line) when the store cannot be reached or refuses a graph.
    """
    graphs = read_graphs(dist_dir)
    pushed: list[GraphPush] = []
    basic = httpx.BasicAuth(*auth) if auth else None
    with httpx.Client(auth=basic, timeout=timeout, follow_redirects=True) as client:
        for name, triples in graphs.items():
            body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
            _put(client, store_url, name, body or b"")
            pushed.append((name, len(triples)))
    return pushed


def _put(client: httpx.Client, store_url: str, graph: str, body: bytes) -> None:
    params = {"graph": graph} if graph else {"default": ""}
    what = f"graph <{graph}>" if graph else "the default graph"
    try:
        response = client.put(store_url, params=params, content=body, headers={"Content-Type": _NTRIPLES})
    except httpx.HTTPError as error:
        raise EndpointError(f"{store_url}: cannot send {what}: {_reason(error)}") from error
    if response.status_code >= 400:
        detail = " ".join(response.text.split())[:200]
        hint = " (check --user/--password)" if response.status_code in (401, 403) else ""
        raise EndpointError(
            f"{store_url}: the store refused {what}: HTTP {response.status_code} {response.reason_phrase}{hint}"
            + (f": {detail}" if detail else "")
        )


def _reason(error: httpx.HTTPError) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:200]
