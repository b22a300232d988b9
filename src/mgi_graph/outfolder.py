"""The output folder of a build: what ``--out`` accepts, and the swap that replaces it.

``dist`` is a symbolic link to a sibling folder ``.dist.<8 random characters>`` holding one complete
build. A new build is written into a new sibling, then the link is pointed at it with one
rename(2), so a reader, or a kill, at any instant finds a complete build. Every folder a
build writes holds MARKER, the list of the files it wrote: a later build replaces only such
a folder (or an empty or absent one) and deletes nothing that is not on its list.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from mgi_graph.errors import OutFolderError

MARKER = ".mgi-graph"
FORMAT = 1
# Builds of mgi-graph 0.1 wrote no MARKER; their checksum list names every file they wrote.
CHECKSUMS = "SHA256SUMS"
# What a folder holding someone's project or repository has; an output folder never does.
PROJECT_FILES = (".git", ".hg", ".svn", "pyproject.toml", "setup.py")


def absolute_out(out: Path) -> Path:
    """``out`` made absolute without following its last part: the link ``dist`` stays ``dist``."""
    path = Path(os.path.abspath(out))
    return path.parent.resolve() / path.name


def check_out_folder(out: Path, *, inputs: Iterable[tuple[str, Path]] = ()) -> Path:
    """Raise OutFolderError unless a build may replace ``out``; returns ``out`` absolute.

    ``inputs`` (description, folder) are folders the build reads, which ``out`` must not
    contain; the working directory is always one.
    """
    path = absolute_out(out)
    if path.name == "":
        raise OutFolderError(f"--out {out}: the root folder; choose another folder")
    for what, folder in [("the working directory", Path.cwd()), *inputs]:
        if _contains(path, folder):
            raise OutFolderError(f"--out {out}: contains {what} {folder}; choose another folder")
    current = _current(path, out)
    if current is not None:
        _check_replaceable(current, out)
    _check_writable(path.parent, out)
    return path


@contextmanager
def replace_folder(out: Path) -> Iterator[Path]:
    """A new folder to write a build into; on success it replaces ``out`` in one rename.

    ``out`` is checked first (OutFolderError). On failure ``out`` is as it was and the new
    folder is gone; on success what killed builds left beside ``out`` is removed too.
    """
    path = check_out_folder(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging, lock = _new_version(path)
    except OSError as error:
        raise OutFolderError(f"--out {out}: cannot write there ({error.strerror}); choose another folder") from error
    try:
        yield staging
        _write_marker(staging)
        _point(path, staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        os.close(lock)
    _remove_leftovers(path, out)


def _contains(path: Path, folder: Path) -> bool:
    resolved, inner = path.resolve(), folder.resolve()
    return resolved == inner or resolved in inner.parents


def _is_version(name: str, out_name: str) -> bool:
    """A folder a build writes: ``.dist.`` and 8 characters (ours, and mkdtemp's of earlier versions)."""
    return re.fullmatch(rf"\.{re.escape(out_name)}\.[a-z0-9_]{{8}}", name) is not None


def _current(path: Path, out: Path) -> Path | None:
    """The folder ``path`` holds now: its link's target, itself, or None when there is none."""
    if path.is_symlink():
        target = os.readlink(path)
        if not _is_version(target, path.name):
            raise OutFolderError(f"--out {out}: a symbolic link mgi-graph did not make; remove it or choose another folder")
        folder = path.parent / target
        return folder if folder.is_dir() else None
    if not path.exists():
        return None
    if not path.is_dir():
        raise OutFolderError(f"--out {out}: exists and is not a folder; remove it or choose another folder")
    return path


def _check_replaceable(folder: Path, out: Path) -> None:
    """Empty, or made by mgi-graph with nothing added since: else OutFolderError."""
    for name in PROJECT_FILES:
        if (folder / name).exists():
            raise OutFolderError(f"--out {out}: holds {name}, so it is a project or repository; choose another folder")
    if not any(folder.iterdir()):
        return
    allowed = {MARKER} | _written(folder, out)
    for root, dirs, files in os.walk(folder):
        # An empty folder holds nothing to lose; a link to one is someone's, like a file.
        for name in files + [d for d in dirs if (Path(root) / d).is_symlink()]:
            relative = (Path(root) / name).relative_to(folder).as_posix()
            if relative not in allowed:
                raise OutFolderError(f"--out {out}: {relative} was not written by mgi-graph; "
                                     "move it out of the folder or choose another folder")


def _written(folder: Path, out: Path) -> set[str]:
    if not (folder / MARKER).exists() and (folder / CHECKSUMS).is_file():
        return _written_before_markers(folder, out)
    try:
        record = json.loads((folder / MARKER).read_text("utf-8"))
        files = record["files"]
        known = record["format"] <= FORMAT
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise OutFolderError(f"--out {out}: not empty and not made by mgi-graph (no readable {MARKER}); "
                             "choose another folder or empty it yourself") from error
    if not known:
        raise OutFolderError(f"--out {out}: written by a newer mgi-graph (format {record['format']}); upgrade")
    return {str(name) for name in files}


def _written_before_markers(folder: Path, out: Path) -> set[str]:
    """What a build that wrote no MARKER wrote: every file its CHECKSUMS lists, each still
    matching its digest; anything else means the folder is not (only) such a build."""
    written = {CHECKSUMS}
    try:
        lines = (folder / CHECKSUMS).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise OutFolderError(f"--out {out}: not made by mgi-graph (unreadable {CHECKSUMS}); "
                             "choose another folder or empty it yourself") from error
    for line in lines:
        digest, _, name = line.partition("  ")
        relative = PurePosixPath(name)
        path = folder / name
        if (relative.is_absolute() or ".." in relative.parts or not path.is_file() or path.is_symlink()
                or hashlib.sha256(path.read_bytes()).hexdigest() != digest):
            raise OutFolderError(f"--out {out}: not made by mgi-graph ({name} does not match its {CHECKSUMS}); "
                                 "choose another folder or empty it yourself")
        written |= {name, *(str(parent) for parent in relative.parents if str(parent) != ".")}
    return written


def _check_writable(parent: Path, out: Path) -> None:
    existing = next(p for p in (parent, *parent.parents) if p.exists())
    if not existing.is_dir():
        raise OutFolderError(f"--out {out}: {existing} is not a folder; choose another folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutFolderError(f"--out {out}: cannot write in {existing} (permission denied); choose another folder")


def _new_version(path: Path) -> tuple[Path, int]:
    """A new empty sibling of ``path``, locked while this build writes it (see _remove_leftovers)."""
    while True:
        folder = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        try:
            os.mkdir(folder, 0o777)  # the umask decides, not mkdtemp's 0700
            lock = os.open(folder, os.O_RDONLY)
        except (FileExistsError, FileNotFoundError):
            continue
        fcntl.flock(lock, fcntl.LOCK_EX)
        return folder, lock


def _write_marker(staging: Path) -> None:
    files = sorted((Path(root) / name).relative_to(staging).as_posix()
                   for root, _dirs, names in os.walk(staging) for name in names)
    record = {"format": FORMAT, "made_by": "mgi-graph build", "files": files}
    (staging / MARKER).write_text(json.dumps(record, indent=1) + "\n", "utf-8")


def _point(path: Path, staging: Path, out: Path) -> None:
    """Make ``path`` a link to ``staging`` with one rename(2), then remove what it held before."""
    previous = _current(path, out)
    link = staging.with_name(staging.name + ".link")
    os.symlink(staging.name, link)
    moved = None
    try:
        if previous == path:
            # A real folder (empty, or a copied build) cannot be swapped for a link in one step.
            moved = previous = _move_aside(path)
        os.replace(link, path)
    except BaseException:
        link.unlink(missing_ok=True)
        if moved is not None:
            os.rename(moved, path)
        raise
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)


def _move_aside(path: Path) -> Path:
    aside = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    os.rename(path, aside)
    return aside


def _remove_leftovers(path: Path, out: Path) -> None:
    """Remove what killed builds left beside ``path``: their folders, their links, and the
    ``.dist.old`` of the first version's swap. A folder a running build holds locked stays."""
    live = _current(path, out)
    for entry in path.parent.iterdir():
        name = entry.name.removesuffix(".link")
        if entry == live or not (_is_version(name, path.name) or name == f".{path.name}.old"):
            continue
        if entry.is_symlink():
            target = entry.parent / os.readlink(entry)
            if not target.is_dir() or _remove_unless_locked(target):
                entry.unlink()
        elif entry.is_dir():
            _remove_unless_locked(entry)


def _remove_unless_locked(folder: Path) -> bool:
    """Remove ``folder`` unless a running build holds its lock; True when removed.

    A killed build's lock went with its process, so its folder can go.
    """
    lock = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        shutil.rmtree(folder, ignore_errors=True)
        return True
    finally:
        os.close(lock)
