"""The ``mgi-graph`` command line: the only package that imports click, prints or exits.

Library errors (``MgiGraphError``) become a one-line message and exit code 2, in
one place (``MgiGroup.invoke``); anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from typing import Any

import click

from mgi_graph._version import __version__
from mgi_graph.cli import build, link, query, serve
from mgi_graph.cli.common import ENVVAR_PREFIX, CliError, name_envvars
from mgi_graph.errors import MgiGraphError


class MgiGroup(click.Group):
    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(cmd, name)
        name_envvars(cmd, f"{ENVVAR_PREFIX}_{name or cmd.name}")

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MgiGraphError as error:
            raise CliError(str(error)) from error


@click.group(
    cls=MgiGroup,
    context_settings={"auto_envvar_prefix": ENVVAR_PREFIX, "help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="mgi-graph")
def cli() -> None:
    """Turn IOM Migration Governance Indicators profiles into a Linked Open Data graph."""


for _module in (build, link, query, serve):
    for _command in _module.COMMANDS:
        cli.add_command(_command)
