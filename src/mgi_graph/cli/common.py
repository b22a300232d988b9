"""What every command shares: the error type and common options."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from mgi_graph.defaults import DEFAULT_BASE

F = TypeVar("F", bound=Callable[..., Any])


class CliError(click.ClickException):
    """A user error: one line on stderr, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"mgi-graph: {self.format_message()}", err=True)


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
