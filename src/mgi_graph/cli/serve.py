"""``mgi-graph serve``: the Linked Data server, or one request answered in process (``--get``)."""

from __future__ import annotations

from urllib.parse import urlsplit
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mgi_graph.cli.common import base_option
from mgi_graph.server.settings import Settings

if TYPE_CHECKING:
    import httpx
    from starlette.applications import Starlette


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--data", "data_dir", default="dist", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="A folder written by 'mgi-graph build'.")
@base_option
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Time limit of a SPARQL query, in seconds.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Most rows (or triples) a query may return.")
@click.option("--query-workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Processes that run SPARQL queries (each holds a copy of the graph).")
@click.option("--cache-entries", default=2_048, show_default=True, type=click.IntRange(min=0),
              help="Rendered responses kept in memory (the store is read-only); 0 turns the cache off.")
@click.option("--public-url", default=None, metavar="URL", callback=lambda _c, _p, v: _public_url(v),
              help="Where the site is served (e.g. behind a reverse proxy): the SPARQL endpoint's address, "
                   "redirects and page links. Default: the address each request was sent to.")
@click.option("--access-log/--no-access-log", default=True, show_default=True, help="Log every request.")
@click.option("--get", "get_path", metavar="PATH", default=None,
              help="Answer one GET request for PATH in process, print it and exit (no server).")
@click.option("--accept", default=None, metavar="TYPE", help="Accept header for --get.")
def serve(
    host: str,
    port: int,
    data_dir: Path,
    base: str,
    timeout: float,
    max_rows: int,
    query_workers: int,
    cache_entries: int,
    public_url: str | None,
    access_log: bool,
    get_path: str | None,
    accept: str | None,
) -> None:
    """Serve the graph: dereferenceable IRIs, SPARQL endpoint, stored queries, dumps and HTML.

    IRIs under --base are served at this server's root, so
    https://w3id.org/mgi/profile/x is http://HOST:PORT/profile/x.
    With --get, the exit code is 0 for a 2xx or 3xx answer and 1 otherwise.
    """
    from mgi_graph.server.app import (
        create_app,  # Starlette is loaded only by this command
    )

    settings = Settings(data_dir=data_dir, base=base, timeout=timeout, max_rows=max_rows,
                        query_workers=query_workers, cache_entries=cache_entries, public_url=public_url)
    app = create_app(settings)
    if get_path is not None:
        click.get_current_context().exit(_get(app, get_path, accept))
    import uvicorn

    click.echo(f"mgi-graph: serving {data_dir} at http://{host}:{port}/ (base {base})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=access_log, proxy_headers=True)


def _public_url(value: str | None) -> str | None:
    if value is None:
        return None
    url = urlsplit(value)
    if url.scheme not in ("http", "https") or not url.netloc or url.query or url.fragment:
        raise click.BadParameter(f"'{value}' is not an http(s) URL", param_hint="--public-url")
    return value if value.endswith("/") else value + "/"


def _get(app: Starlette, path: str, accept: str | None) -> int:
    """Datasette's ``--get``: one request through the app in process, printed as status line and body."""
    import asyncio  # here: `mgi-graph --help` must not pay for it

    response = asyncio.run(_request(app, path if path.startswith("/") else "/" + path, accept))
    click.echo(f"HTTP/1.1 {response.status_code} {response.reason_phrase}")
    if response.is_redirect:
        click.echo(f"Location: {response.headers['location']}")
    click.echo(response.text, nl=not response.text.endswith("\n"))
    return 0 if response.status_code < 400 else 1


async def _request(app: Starlette, path: str, accept: str | None) -> httpx.Response:
    import httpx  # here: `mgi-graph --help` must not pay for it

    headers = {"accept": accept} if accept else {}
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
            return await client.get(path, headers=headers)
    finally:
        app.state.mgi.pool.close()  # no lifespan here: stop the query workers a query started


COMMANDS = [serve]
