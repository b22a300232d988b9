"""Where each profile text was copied from: the optional ``sources.tsv`` beside the profiles.

A copied page carries no address of its own, so a folder of profiles may hold a record of
them: a ``file<TAB>address`` header line, then one line a profile with the text's file name
and the http(s) address of IOM's page it was copied from (``#`` lines are comments).
Profiles the record leaves out simply have no known address.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from mgi_graph.errors import ProfileParseError

FILE_NAME = "sources.tsv"
HEADER = ("file", "address")
_ADDRESS = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


def read_addresses(folder: Path) -> dict[str, str]:
    """File name -> address, from ``folder/sources.tsv`` (empty when there is none).

    Raises ProfileParseError naming the record and line for a malformed line, an address
    that is not http(s), a file that is not in the folder or one listed twice.
    """
    path = folder / FILE_NAME
    if not path.is_file():
        return {}
    found: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or (number == 1 and tuple(line.split("\t")) == HEADER):
            continue
        name, address = _fields(path, number, line)
        if not (folder / name).is_file():
            raise ProfileParseError(str(path), f"'{name}' is not a profile of this folder", number)
        if name in found:
            raise ProfileParseError(str(path), f"'{name}' already has an address (line {lines[name]})", number)
        found[name], lines[name] = address, number
    return found


def _fields(path: Path, number: int, line: str) -> tuple[str, str]:
    fields = line.split("\t")
    if len(fields) != 2:
        plural = "" if len(fields) == 1 else "s"
        raise ProfileParseError(str(path), f"expected 'file<TAB>address', found {len(fields)} field{plural}", number)
    name, address = (f.strip() for f in fields)
    if not _ADDRESS.fullmatch(address):
        raise ProfileParseError(str(path), f"the address '{address}' is not an http(s) address", number)
    return name, address


def source_addresses(paths: Iterable[Path]) -> dict[Path, str]:
    """The recorded address of each of ``paths`` that has one (read from each one's folder)."""
    found: dict[Path, str] = {}
    for folder in sorted({path.parent for path in paths}):
        found.update({folder / name: address for name, address in read_addresses(folder).items()})
    return found
