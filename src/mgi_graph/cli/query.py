"""``mgi-graph queries``, ``query`` and ``push``: stored queries and external triple stores."""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

import click

from mgi_graph.defaults import AUTH_SCHEMES, RESULT_FORMATS, AuthScheme

if TYPE_CHECKING:
    from mgi_graph.query.results import ResultTable
    from mgi_graph.query.stored import StoredQuery

__all__ = ["COMMANDS", "push", "queries", "query"]

DATA_OPTION = click.option(
    "--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("dist"),
    show_default=True, help="Folder of a build ('mgi-graph build' output).",
)


def _describe_params(stored: StoredQuery) -> str:
    parts = []
    for param in stored.params:
        text = param.name if param.required else f"[{param.name}]"
        if param.default is not None:
            text += f"={param.default}"
        if param.allowed:
            text += " (" + "|".join(param.allowed) + ")"
        elif param.type != "string":
            text += f" ({param.type})"
        parts.append(text)
    return " ".join(parts)


@click.command()
def queries() -> None:
    """List the stored queries with their summaries and parameters."""
    from mgi_graph.query.stored import load_queries  # here: `mgi-graph --help` must not pay for YAML

    stored = load_queries()
    width = max((len(name) for name in stored), default=0)
    for name, item in stored.items():
        click.echo(f"{name.ljust(width)}  {item.summary}")
        params = _describe_params(item)
        if params:
            click.echo(f"{''.ljust(width)}  params: {params}")
        if item.needs_internet:
            click.echo(f"{''.ljust(width)}  needs internet (federated)")


def _parse_values(pairs: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"'{pair}' is not key=value", param_hint="'-p'")
        values[key.strip()] = value
    return values


@click.command()
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="Query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True, help="Output format.")
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL endpoint instead of the built graph.")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds to wait for --endpoint.")
@DATA_OPTION
def query(name: str, params: tuple[str, ...], fmt: str, endpoint: str | None, timeout: float, data_dir: Path) -> None:
    """Run stored query NAME (see 'mgi-graph queries') or a .rq FILE.

    Without --endpoint the query runs on the built graph in an embedded store.
    """
    # Imported here: listing the queries must not pay for rdflib and the store.
    from mgi_graph.query.results import format_table, run_local, run_remote
    from mgi_graph.query.store import open_store
    from mgi_graph.query.stored import bind_query, resolve_query

    stored = resolve_query(name)
    sparql = bind_query(stored, _parse_values(params))
    table: ResultTable
    if endpoint:
        table = run_remote(endpoint, sparql, timeout=timeout)
    else:
        table = run_local(open_store(data_dir), sparql)
    click.echo(format_table(table, fmt), nl=False)


@click.command()
@click.option("--store", "store_url", required=True, metavar="URL",
              help="Graph Store Protocol endpoint, e.g. http://localhost:7878/store (Oxigraph).")
@click.option("--user", help="User name for HTTP authentication.")
@click.option("--password", help="Password for HTTP authentication (or MGI_GRAPH_PUSH_PASSWORD).")
@click.option("--auth", "scheme", type=click.Choice(AUTH_SCHEMES),
              help="HTTP authentication scheme; by default the one the store asks for (Virtuoso: digest).")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds to wait for each graph.")
@DATA_OPTION
def push(store_url: str, user: str | None, password: str | None, scheme: AuthScheme | None, timeout: float,
         data_dir: Path) -> None:
    """Copy the built graph into a triple store, one PUT per named graph.

    Each graph is replaced, so pushing again never duplicates triples.
    """
    from mgi_graph.publish.push import push_dataset

    if (user is None) != (password is None):
        raise click.UsageError("give both --user and --password, or neither")
    auth = (user, password) if user is not None and password is not None else None
    pushed = push_dataset(data_dir, store_url, auth=auth, scheme=scheme, timeout=timeout)
    for graph, triples in pushed:
        click.echo(f"{graph or '(default graph)'}\t{triples}")
    click.echo(f"{len(pushed)} graphs, {sum(t for _, t in pushed)} triples pushed to {store_url}")


COMMANDS = [queries, query, push]
