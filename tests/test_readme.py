"""The README is true (as Datasette's docs tests keep its docs true):

- every ``$ mgi-graph …`` command of its console examples runs, in order, in a folder that looks
  like a checkout (``data/`` linked in), and prints what the README shows. ``…`` in the README
  elides: inside a line it stands for any text (a digest, the rest of a long text), alone on a
  line for any number of lines. Timings are compared as ``<seconds>``, and the folder the
  examples run in is shown as ``/home/me/mgi-graph``;
- every command has ``--help``, and the commands table lists every command and only real ones,
  each with options its ``--help`` knows.
"""

from __future__ import annotations

import difflib
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from mgi_graph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")
HOME = "/home/me/mgi-graph"  # where the README's examples pretend to run
_SECONDS = re.compile(r"\b\d+(?:\.\d+)? s\b")


def console_examples(markdown: str) -> list[tuple[str, list[str]]]:
    """(command line, expected output lines) of every ``$ `` line of the ``console`` blocks."""
    examples: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^```console\n(.*?)^```", markdown, flags=re.S | re.M):
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append((line[2:], []))
            elif examples:
                examples[-1][1].append(line)
    return [(command, _strip_blank_end(lines)) for command, lines in examples]


def _strip_blank_end(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def output_matches(expected: list[str], actual: str) -> bool:
    """Whether ``actual`` is what ``expected`` shows, ``…`` eliding as the module docstring says."""
    pattern = ""
    for line in expected:
        if line.strip() == "…":
            pattern += r"(?:.*\n)*"
        else:
            pattern += ".*".join(re.escape(part) for part in _SECONDS.sub("<seconds>", line).split("…")) + r"\n"
    return re.fullmatch(pattern, _SECONDS.sub("<seconds>", actual)) is not None


def run_example(command: str) -> str:
    """Run one README command line in process: ``mgi-graph ARGS [| head -N]``, comments dropped."""
    program, *pipes = [part.strip() for part in command.split(" | ")]
    args = shlex.split(program, comments=True)
    assert args[0] == "mgi-graph", f"the README runs something else: {command}"
    result = CliRunner().invoke(cli, args[1:], prog_name="mgi-graph", catch_exceptions=False)
    assert result.exit_code == 0, f"{command} exited {result.exit_code}:\n{result.output}"
    lines = result.output.splitlines()
    for pipe in pipes:
        head = re.fullmatch(r"head -(\d+)", pipe)
        assert head, f"the README pipes into {pipe!r}, which this test cannot run"
        lines = lines[: int(head.group(1))]
    return "".join(f"{line}\n" for line in lines)


def _runnable(command: str) -> bool:
    # `serve` runs until stopped; `serve --get` answers one request and could run
    args = shlex.split(command, comments=True)
    return not (args[1:2] == ["serve"] and "--get" not in args)


def test_the_readme_has_console_examples() -> None:
    commands = [command for command, _ in console_examples(README)]
    assert commands and commands[0] == "mgi-graph build"  # the others read the dist/ it writes


def test_console_examples_print_what_the_readme_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "data").symlink_to(ROOT / "data")
    monkeypatch.chdir(tmp_path)
    wrong = []
    for command, expected in console_examples(README):
        if not _runnable(command):
            continue
        actual = run_example(command).replace(str(tmp_path), HOME)
        if not output_matches(expected, actual):
            diff = difflib.unified_diff(expected, actual.splitlines(), "README", "actual", lineterm="")
            wrong.append(f"$ {command}\n" + "\n".join(diff))
    assert not wrong, "\n\n".join(wrong)


@pytest.mark.parametrize(
    ("expected", "actual", "matches"),
    [
        (["a …", "b"], "a 123\nb\n", True),
        (["a", "…"], "a\nb\nc\n", True),
        (["built in 3.87 s"], "built in 27.46 s\n", True),
        (["a", "b"], "a\nc\n", False),
        (["a"], "a\nb\n", False),
        (["sha: 9493…"], "sha: 8b7a05\n", False),
    ],
)
def test_output_matching(expected: list[str], actual: str, matches: bool) -> None:
    assert output_matches(expected, actual) is matches


# --- commands and their --help ---------------------------------------------------------------


def _commands_table(markdown: str) -> list[str]:
    section = markdown.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    return [line.split("|")[1] for line in section.splitlines() if line.startswith("| `mgi-graph")]


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"], prog_name="mgi-graph")
    assert result.exit_code == 0 and result.output.startswith(f"Usage: mgi-graph {name}")
    assert cli.commands[name].help, f"{name} has no help text"


def test_the_commands_table_lists_every_command_and_no_other() -> None:
    listed = {name for cell in _commands_table(README) for name in re.findall(r"`mgi-graph (\w[\w-]*)", cell)}
    assert listed == set(cli.commands)


@pytest.mark.parametrize("cell", _commands_table(README), ids=lambda cell: cell.strip()[:40])
def test_the_commands_table_names_real_options(cell: str) -> None:
    helps = "".join(CliRunner().invoke(cli, [name, "--help"], prog_name="mgi-graph").output for name in re.findall(r"`mgi-graph (\w[\w-]*)", cell))
    unknown = [option for option in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", cell) if option not in helps]
    assert not unknown, f"the commands table shows options no --help knows: {unknown}"
