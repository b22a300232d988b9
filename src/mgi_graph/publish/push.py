"""Copy the built graph into an external triple store (SPARQL 1.1 Graph Store HTTP Protocol).

Each named graph of ``dist/mgi.nq.gz`` is sent with ``PUT {store}?graph={iri}``,
which *replaces* that graph: pushing twice leaves the store as after one push,
never with duplicated triples. Triples in the default graph, if any, go to
``PUT {store}?default``.

The store URL is the Graph Store Protocol endpoint, for example
``http://localhost:7878/store`` (Oxigraph server), ``http://localhost:3030/ds/data``
(Fuseki), ``http://localhost:7200/repositories/mgi/rdf-graphs/service`` (GraphDB) or
``http://localhost:8890/sparql-graph-crud-auth`` (Virtuoso, which asks for HTTP Digest).

Credentials go with the scheme the store asks for in its first ``401`` answer
(``WWW-Authenticate: Digest`` or ``Basic``) unless one is forced, so a password is
never sent in clear to a store that asked for Digest.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from pathlib import Path
from collections.abc import Generator
from typing import IO, cast

import httpx
import pyoxigraph

from mgi_graph.defaults import AUTH_SCHEMES, AuthScheme
from mgi_graph.errors import BuildError, EndpointError
from mgi_graph.formats import NTRIPLES
from mgi_graph.query.store import dump_path

__all__ = ["AUTH_SCHEMES", "AuthScheme", "GraphPush", "push_dataset", "read_graphs"]


GraphPush = tuple[str, int]  # (graph IRI, or "" for the default graph; triples sent)


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
    scheme: AuthScheme | None = None,
    timeout: float = 60.0,
) -> list[GraphPush]:
    """PUT every graph of the built dataset to the Graph Store at ``store_url``.

    ``auth`` is a (user, password) pair, sent with HTTP ``scheme`` ("basic" or
    "digest"), or when ``scheme`` is None with the scheme the store's 401 asks for.
    Returns the graphs sent with their triple counts. Raises BuildError when
    ``dist_dir`` has no build and EndpointError (one line) when the store cannot be
    reached or refuses a graph.
    """
    graphs = read_graphs(dist_dir)
    pushed: list[GraphPush] = []
    with httpx.Client(auth=_client_auth(auth, scheme), timeout=timeout, follow_redirects=True) as client:
        for name, triples in graphs.items():
            body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
            _put(client, store_url, name, body or b"", user=auth[0] if auth else None)
            pushed.append((name, len(triples)))
    return pushed


def _client_auth(auth: tuple[str, str] | None, scheme: AuthScheme | None) -> httpx.Auth | None:
    if auth is None:
        return None
    if scheme == "basic":
        return httpx.BasicAuth(*auth)
    if scheme == "digest":
        return httpx.DigestAuth(*auth)
    return _ChallengedAuth(*auth)


class _ChallengedAuth(httpx.Auth):
    """Basic or Digest, whichever the store's first 401 asks for; kept for later requests."""

    def __init__(self, user: str, password: str) -> None:
        self._user = user
        self._password = password
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._chosen is not None:
            yield from self._chosen.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        digest = "digest" in _challenges(response)
        self._chosen = httpx.DigestAuth(self._user, self._password) if digest else httpx.BasicAuth(
            self._user, self._password)
        flow = self._chosen.auth_flow(request)
        retry = next(flow)
        if digest:  # Digest answers the challenge already received instead of asking again
            retry = flow.send(response)
        yield retry


def _challenges(response: httpx.Response) -> list[str]:
    """The lower-case schemes of the response's WWW-Authenticate headers ("digest", "basic", ...)."""
    return [value.split(" ", 1)[0].strip().lower() for value in response.headers.get_list("www-authenticate")]


def _put(client: httpx.Client, store_url: str, graph: str, body: bytes, *, user: str | None) -> None:
    params = {"graph": graph} if graph else {"default": ""}
    what = f"graph <{graph}>" if graph else "the default graph"
    try:
        response = client.put(store_url, params=params, content=body, headers={"Content-Type": NTRIPLES.media_type})
    except httpx.HTTPError as error:
        raise EndpointError(f"{store_url}: cannot send {what}: {_reason(error)}") from error
    if response.status_code >= 400:
        detail = " ".join(response.text.split())[:200]
        hint = _auth_hint(response, user, _asked_schemes(client, response))
        raise EndpointError(
            f"{store_url}: the store refused {what}: HTTP {response.status_code} {response.reason_phrase}"
            + (f" ({hint})" if hint else "") + (f": {detail}" if detail else "")
        )


def _asked_schemes(client: httpx.Client, response: httpx.Response) -> list[str]:
    """The schemes a 401 asks for; asked again without credentials when the 401 names none.

    Virtuoso answers Basic credentials sent to its Digest endpoint with a bare 401.
    """
    if response.status_code != 401:
        return []
    asked = _challenges(response)
    if asked or "Authorization" not in response.request.headers:
        return asked
    try:
        return _challenges(client.head(response.request.url, auth=httpx.Auth()))  # the base Auth sends none
    except httpx.HTTPError:
        return []


def _auth_hint(response: httpx.Response, user: str | None, asked: list[str]) -> str:
    """What to change when the store refused a login, without blaming credentials it never checked."""
    if response.status_code == 403:
        return (f"user '{user}' may not write graphs: the store must grant it write access"
                f" (Virtuoso: GRANT SPARQL_UPDATE TO \"{user}\")") if user else "the store needs --user and --password"
    if response.status_code != 401:
        return ""
    wanted = " or ".join(scheme.capitalize() for scheme in asked) or "an unnamed scheme"
    if user is None:
        return f"the store asks for {wanted} authentication: give --user and --password"
    usable = [scheme for scheme in asked if scheme in AUTH_SCHEMES]
    if asked and not usable:
        return f"the store asks for {wanted} authentication, which push cannot do: only Basic or Digest"
    sent = response.request.headers.get("Authorization", "").split(" ", 1)[0].lower()
    if sent and usable and sent not in usable:
        return f"the store asks for {wanted} authentication, not {sent.capitalize()}: use --auth {usable[0]} or leave --auth out"
    return f"the store rejected the password of user '{user}' ({sent.capitalize() or 'no'} authentication)"


def _reason(error: httpx.HTTPError) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:200]
