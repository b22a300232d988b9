"""What every command shares: the error type and common options."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from mgi_graph.defaults import DEFAULT_BASE

F = TypeVar("F", bound=Callable[..., Any])
ENVVAR_PREFIX = "MGI_GRAPH"


class CliError(click.ClickException):
    """A user error: one line on stderr, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        # Several bad profiles come as several lines: each is one complete message.
        for line in self.format_message().splitlines():
            click.echo(f"mgi-graph: {line}", err=True)


def name_envvars(command: click.Command, prefix: str) -> None:
    """Read each option of ``command`` from ``PREFIX_<OPTION>``, named after the option users
    type (``--out`` -> ``MGI_GRAPH_BUILD_OUT``) where click's ``auto_envvar_prefix`` would use
    the Python parameter (``out_dir``)."""
    for param in command.params:
        if isinstance(param, click.Option) and param.envvar is None:
            typed = max(param.opts, key=len).lstrip("-")
            param.envvar = f"{prefix}_{typed}".upper().replace("-", "_")


def base_option(function: F) -> F:
    return click.option(
        "--base",
        default=DEFAULT_BASE,
        show_default=True,
        help="Base IRI of the graph's resources.",
        callback=_check_base,
    )(function)


def _check_base(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not value.startswith(("http://", "https://")) or not value.endswith(("/", "#")):
        raise click.BadParameter("must be an http(s) IRI ending in '/' or '#'", ctx, param)
    return value
