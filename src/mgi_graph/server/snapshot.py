"""Reading the server's snapshot of ``dist/``: files held open at start-up.

``dumps.index_dumps`` opens every file once; the server and its query workers
(which inherit the descriptor of ``mgi.nq.gz``) read those open files, not the
paths, so a rebuild that renames new files over the old ones or removes them
changes nothing until the server restarts. Only pyoxigraph is imported here: a
worker starts fast.
"""

from __future__ import annotations

import gzip
import io
import os
from typing import IO, Any, cast

import pyoxigraph as ox


class HeldFile(io.RawIOBase):
    """A read-only file over a held descriptor, with its own position (``os.pread``), so readers
    in several threads or processes sharing the descriptor never move each other's offset."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = os.pread(self.fd, len(buffer), self.position)
        buffer[:len(chunk)] = chunk
        self.position += len(chunk)
        return len(chunk)


def load_held_store(fd: int) -> ox.Store:
    """The store from the held ``mgi.nq.gz`` (raises OSError, EOFError or SyntaxError when broken)."""
    store = ox.Store()
    with gzip.GzipFile(fileobj=io.BufferedReader(HeldFile(fd)), mode="rb") as data:
        store.bulk_load(cast(IO[bytes], data), ox.RdfFormat.N_QUADS)
    return store
