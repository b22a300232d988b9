"""The README's pandas, Python and JavaScript examples run on a build and print what the README shows."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"<!-- (example|output): ([a-z ]+) -->\n```[a-z]*\n(.*?)```", re.S)


def _blocks() -> tuple[dict[str, str], dict[str, str]]:
    examples: dict[str, str] = {}
    outputs: dict[str, str] = {}
    for kind, names, body in BLOCK.findall(README.read_text("utf-8")):
        for name in names.split():
            (examples if kind == "example" else outputs)[name] = body
    return examples, outputs


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").splitlines()]


def _run(command: list[str], dist: Path) -> str:
    # The examples read "dist/...": run them beside the test build's dist/ folder.
    assert dist.name == "dist"
    done = subprocess.run(command, cwd=dist.parent, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("name", ["pandas", "python"])
def test_python_examples_print_what_the_readme_says(dist: Path, name: str) -> None:
    examples, outputs = _blocks()
    assert len(examples[name].strip().splitlines()) <= 6
    assert _lines(_run([sys.executable, "-c", examples[name]], dist)) == _lines(outputs[name])


def test_javascript_example_prints_what_the_readme_says(dist: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (Debian package nodejs)")
    examples, outputs = _blocks()
    assert len(examples["javascript"].strip().splitlines()) <= 5
    assert _lines(_run([node, "-e", examples["javascript"]], dist)) == _lines(outputs["javascript"])
