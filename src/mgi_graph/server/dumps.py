"""The files of ``dist/`` as downloads, with checksums as ETags, and the VoID description.

A server generation serves one snapshot of ``dist/``: every file is opened
once, at start-up, and served from that open file, so a rebuild (which
replaces files by renaming new ones over them, or removes them) changes
nothing a running server sends; the ETag is the SHA-256 of the bytes read
from that open file, never a checksum file that may have changed since. The
SPARQL workers load the store from the same open ``mgi.nq.gz``. To serve a
new build, restart the server.

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

import anyio
import anyio.to_thread
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from mgi_graph.formats import BINARY, TEXT, format_of_file
from mgi_graph.outfolder import CHECKSUMS

VOID_FILE = "void.ttl"


@dataclass(frozen=True)
class DumpFile:
    name: str  # path relative to dist/, with '/'
    path: Path
    fd: int  # held open for the server's lifetime: the bytes served are the bytes hashed
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
    """The Content-Type of a file of dist/: its format's, by the last ending of its name. A gzipped
    dump is sent as what it is on disk (gzip), not with Content-Encoding, so that clients save the
    .gz file instead of silently unpacking it."""
    if name.endswith(CHECKSUMS):
        return TEXT.content_type
    fmt = format_of_file(name)
    return fmt.content_type if fmt else BINARY.media_type


def index_dumps(data_dir: Path) -> dict[str, DumpFile]:
    """Every regular, non-hidden file under ``data_dir`` by relative path, opened and hashed."""
    root = data_dir.resolve()
    files: dict[str, DumpFile] = {}
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (Path(folder) / d).is_symlink())
        for name in sorted(names):
            path = Path(folder) / name
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            try:
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            except OSError:
                continue  # removed (or replaced by a link) while listing: not part of this snapshot
            stat = os.fstat(fd)
            files[relative] = DumpFile(relative, path, fd, stat.st_size, stat.st_mtime, _sha256(fd, stat.st_size),
                                       media_type_of(name))
    return files


def close_dumps(files: dict[str, DumpFile]) -> None:
    for dump in files.values():
        os.close(dump.fd)


def _sha256(fd: int, size: int) -> str:
    digest = hashlib.sha256()
    for offset in range(0, size, 1 << 20):
        digest.update(os.pread(fd, 1 << 20, offset))
    return digest.hexdigest()


def read_void(files: dict[str, DumpFile]) -> list[ox.Triple]:
    """The triples of the snapshot's ``void.ttl`` (empty when the build has none)."""
    dump = files.get(VOID_FILE)
    if dump is None:
        return []
    data = os.pread(dump.fd, dump.size, 0)
    return [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE)]


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
    return HeldFileResponse(dump, headers)


class HeldFileResponse(Response):
    """The bytes of a held file, read in a thread in chunks (no Range support)."""

    CHUNK = 1 << 16

    def __init__(self, dump: DumpFile, headers: dict[str, str]) -> None:
        super().__init__(None, media_type=dump.media_type, headers={**headers, "Content-Length": str(dump.size)})
        self.dump = dump

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        if scope.get("method") == "HEAD":
            await send({"type": "http.response.body", "body": b""})
            return
        offset = 0
        while offset < self.dump.size:
            chunk = await anyio.to_thread.run_sync(os.pread, self.dump.fd, self.CHUNK, offset)
            if not chunk:
                break
            offset += len(chunk)
            await send({"type": "http.response.body", "body": chunk, "more_body": offset < self.dump.size})
        if offset == 0 or offset < self.dump.size:
            await send({"type": "http.response.body", "body": b""})
