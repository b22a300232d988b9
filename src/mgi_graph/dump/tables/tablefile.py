"""One CSV file of ``dist/``: where it goes, which table it is, and its bytes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from mgi_graph.dump.tables.spec import TableSpec


@dataclass(frozen=True)
class TableFile:
    path: str  # relative to dist/, with '/'
    name: str  # the data package's resource name
    spec: TableSpec
    titles: dict[str, str]
    data: bytes
    is_main: bool = True  # False for a per-profile slice of a main table

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()
