"""A graph file named on the command line (``mgi-graph validate FILE``), read whatever its RDF format."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.util import guess_format

from mgi_graph.errors import BuildError
from mgi_graph.iris import Iris
from mgi_graph.graph import merged_graph
from mgi_graph.graph.vocabulary import load_ttl_folder


def read_graph(path: Path, iris: Iris) -> Graph:
    """Any RDF file (``.nq.gz``, ``.nq``, ``.trig``, ``.ttl``, ``.nt``, ``.jsonld``) merged into one graph,
    with the vocabulary added so concept schemes can be checked.

    Raises BuildError naming the file when it is missing, not a regular file, not gzip
    where its name says so, or not valid in the format its name says.
    """
    if not path.exists():
        raise BuildError(f"{path}: not found; run 'mgi-graph build' first or name a graph file")
    if not path.is_file():
        # A FIFO or device would block or never end; a folder is not one graph.
        raise BuildError(f"{path}: not a regular file; name a graph file")
    name = path.name.removesuffix(".gz")
    fmt = guess_format(name) or ("json-ld" if name.endswith(".jsonld") else None)
    if fmt is None:
        raise BuildError(f"{path}: unknown RDF format; use .ttl, .nt, .nq, .trig or .jsonld (optionally .gz)")
    text = _read_text(path)
    dataset = Dataset()
    try:
        dataset.parse(data=text, format=fmt, publicID=iris.base)
    except Exception as error:
        # rdflib's parsers report bad input with anything from SyntaxError to IndexError;
        # whatever they raise on this text, the file is what the user must fix.
        raise BuildError(f"{path}: not valid {fmt}: {_first_line(error)}") from error
    graph = merged_graph(dataset)
    graph += load_ttl_folder("ontology", iris)
    return graph


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BuildError(f"{path}: cannot read it ({error.strerror})") from error
    if path.name.endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as error:
            raise BuildError(f"{path}: not a complete gzip file ({_first_line(error)}); "
                             "name the file without .gz if it is not compressed") from error
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BuildError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
