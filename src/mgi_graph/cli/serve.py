"""``mgi-graph serve``: the Linked Data server, or one request answered in process (``--get``)."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mgi_graph.cli.common import CliError, base_option
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
@click.option("--max-body", default=1024 * 1024, show_default=True, type=click.IntRange(min=1),
              help="Largest request body, in bytes; bigger ones get 413 before they are read.")
@click.option("--queue-timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Longest wait for a free query worker, in seconds (then 503).")
@click.option("--per-client", default=8, show_default=True, type=click.IntRange(min=1),
              help="Queries one remote address may have running or waiting (429 beyond).")
@click.option("--header-timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Seconds a connection has to send a request's headers (from opening or the last response).")
@click.option("--body-timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Seconds a client has to send a request body.")
@click.option("--keep-alive", default=5.0, show_default=True, type=click.FloatRange(min=1),
              help="Seconds an idle keep-alive connection stays open.")
@click.option("--max-header-bytes", default=16 * 1024, show_default=True, type=click.IntRange(min=1024),
              help="Largest request line plus headers, in bytes.")
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
    max_body: int,
    queue_timeout: float,
    per_client: int,
    header_timeout: float,
    body_timeout: float,
    keep_alive: float,
    max_header_bytes: int,
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
                        query_workers=query_workers, max_body=max_body, queue_timeout=queue_timeout, per_client=per_client,
                        header_timeout=header_timeout, body_timeout=body_timeout, keep_alive=keep_alive,
                        max_header_bytes=max_header_bytes, cache_entries=cache_entries, public_url=public_url)
    # The port is taken before anything is loaded or printed: a busy port is one line, exit 2.
    listener = None if get_path is not None else _listen(host, port)
    app = create_app(settings)
    if listener is None:
        click.get_current_context().exit(_get(app, get_path or "/", accept))
        return
    import uvicorn

    from mgi_graph.server.limits import server_config

    bound = listener.getsockname()[1]
    click.echo(f"mgi-graph: serving {data_dir} at http://{host}:{bound}/ (base {base})", err=True)
    uvicorn.Server(server_config(app, settings, access_log=access_log)).run(sockets=[listener])


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; a CliError naming the address when it cannot be had."""
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(2048)
    except OSError as error:
        listener.close()
        raise CliError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    return listener


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
