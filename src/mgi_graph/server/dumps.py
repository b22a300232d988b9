"""The files of ``dist/`` as downloads, with checksums as ETags, and the VoID description.

Only files listed at start-up are served, looked up by their exact relative
path: a request path is a key, never joined to a folder, so ``..``, encoded
slashes, absolute paths and symlinks cannot reach anything else. Symlinks and
hidden files are not listed at all.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import FileResponse, Response

CHECKSUMS = "SHA256SUMS"
VOID_FILE = "void.ttl"
# Media types by file suffix, longest first. A gzipped dump is sent as what it
# is on disk (application/gzip), not with Content-Encoding, so that clients save
# the .gz file instead of silently unpacking it.
MEDIA_TYPES: tuple[tuple[str, str], ...] = (
    (".nq.gz", "application/gzip"),
    (".gz", "application/gzip"),
    (".jsonld", "application/ld+json"),
    (".ttl", "text/turtle; charset=utf-8"),
    (".nt", "application/n-triples; charset=utf-8"),
    (".nq", "application/n-quads; charset=utf-8"),
    (".json", "application/json"),
    (".csv", "text/csv; charset=utf-8"),
    (".rq", "application/sparql-query; charset=utf-8"),
    (".tsv", "text/tab-separated-values; charset=utf-8"),
    (".txt", "text/plain; charset=utf-8"),
    (CHECKSUMS, "text/plain; charset=utf-8"),
)


@dataclass(frozen=True)
class DumpFile:
    name: str  # path relative to dist/, with '/'
    path: Path
    size: int
    mtime: float
    sha256: str
    media_type: str

    @property
    def etag(self) -> str:
        return f'"{self.sha256}"'

    @property
    def last_modified(self) -> str:
        return formatdate(self.mtime, usegmt=True)


def media_type_of(name: str) -> str:
    for suffix, media_type in MEDIA_TYPES:
        if name.endswith(suffix):
            return media_type
    return "application/octet-stream"


def index_dumps(data_dir: Path) -> dict[str, DumpFile]:
    """Every regular, non-hidden file under ``data_dir`` by relative path.

    Checksums come from SHA256SUMS where it lists the file; the others are
    hashed once, here.
    """
    root = data_dir.resolve()
    sums = _read_checksums(root / CHECKSUMS)
    files: dict[str, DumpFile] = {}
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (Path(folder) / d).is_symlink())
        for name in sorted(names):
            path = Path(folder) / name
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            stat = path.stat()
            digest = sums.get(relative) or _sha256(path)
            files[relative] = DumpFile(relative, path, stat.st_size, stat.st_mtime, digest, media_type_of(name))
    return files


def _read_checksums(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    sums: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if len(digest) == 64 and name:
            sums[name.strip()] = digest.lower()
    return sums


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for chunk in iter(lambda: data.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_void(data_dir: Path) -> list[ox.Triple]:
    """The triples of ``void.ttl`` (empty when the build has none)."""
    path = data_dir / VOID_FILE
    if not path.is_file():
        return []
    return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def not_modified(request: Request, dump: DumpFile) -> bool:
    """RFC 9110 §13.1: If-None-Match wins over If-Modified-Since."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or dump.etag in tags
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError):
            return False
        return int(dump.mtime) <= since
    return False


def file_response(request: Request, dump: DumpFile) -> Response:
    headers = {
        "ETag": dump.etag,
        "Last-Modified": dump.last_modified,
        "Cache-Control": "public, max-age=300",
    }
    if not_modified(request, dump):
        return Response(status_code=304, headers=headers)
    return FileResponse(dump.path, media_type=dump.media_type, headers=headers)
