"""What ``--out`` accepts, and the swap that replaces an earlier build.

A build writes only into a folder that is absent, empty or one mgi-graph made; anything
else is refused (exit 2, one line) before a profile is read. The swap leaves a complete
``dist/`` at every instant, removes what killed builds left behind and honours the umask.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset
from seeds import PROFILES, ROOT

from mgi_graph import pipeline
from mgi_graph.cli import cli
from mgi_graph.dump import write_dumps
from mgi_graph.errors import MgiGraphError
from mgi_graph.iris import Iris


def _build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["build", *args])
    return result.exit_code, result.stderr


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry below ``folder``: file bytes, or None for a folder."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refusals come before any profile is read."""
    def fail(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a profile was read before --out was checked")
    monkeypatch.setattr(pipeline, "load_profile", fail)


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder shaped like a clone of the repository, as the working directory."""
    folder = tmp_path / "clone"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (folder / "pyproject.toml").write_text("[project]\nname = 'mgi-graph'\n")
    shutil.copytree(PROFILES, folder / "data" / "profiles")
    shutil.copytree(ROOT / "data" / "links", folder / "data" / "links")
    monkeypatch.chdir(folder)
    return folder


def _assert_refused(code: int, stderr: str, *words: str) -> None:
    assert code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mgi-graph: "), stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize("out", [".", "data", ".."])
def test_out_of_the_clone_or_above_it_is_refused_before_any_work(clone: Path, no_work: None, out: str) -> None:
    before = _tree(clone.parent)
    code, stderr = _build("--out", out)
    _assert_refused(code, stderr, "--out")
    assert _tree(clone.parent) == before


@pytest.mark.parametrize("out", ["data/profiles", "data/links"])
def test_out_of_an_input_folder_is_refused(clone: Path, no_work: None, out: str) -> None:
    before = _tree(clone)
    code, stderr = _build("--profiles", "data/profiles", "--links", "data/links", "--out", out)
    _assert_refused(code, stderr, out.split("/")[-1])
    assert _tree(clone) == before


def test_out_of_a_folder_with_unrelated_files_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         no_work: None) -> None:
    work, other = tmp_path / "work", tmp_path / "somedir"
    work.mkdir()
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    monkeypatch.chdir(work)
    code, stderr = _build("--profiles", str(PROFILES), "--out", "../somedir")
    _assert_refused(code, stderr, "somedir", "not made by mgi-graph")
    assert _tree(tmp_path) == {"somedir": None, "somedir/notes.txt": b"mine", "work": None}


def test_out_of_a_project_folder_is_refused(tmp_path: Path, no_work: None) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[project]\n")
    code, stderr = _build("--profiles", str(PROFILES), "--out", str(project))
    _assert_refused(code, stderr, "pyproject.toml")
    assert (project / "pyproject.toml").exists()


def test_out_of_a_file_is_refused(tmp_path: Path, no_work: None) -> None:
    (tmp_path / "dist").write_text("a file")
    code, stderr = _build("--profiles", str(PROFILES), "--out", str(tmp_path / "dist"))
    _assert_refused(code, stderr, "not a folder")
    assert (tmp_path / "dist").read_text() == "a file"


def _dump(out: Path, version: str) -> None:
    """A real, small dump (no profiles); ``version`` is in its base IRI, so two differ."""
    write_dumps(Dataset(), out, iris=Iris(f"https://example.org/{version}/"), profile_ids=[])


def _version_of(out: Path) -> str:
    """Which complete build ``out`` holds; fails on a missing or half-written one."""
    sums = (out / "SHA256SUMS").read_text().splitlines()
    assert len(sums) >= 6 and all((out / line.split("  ")[1]).is_file() for line in sums)
    return "v1" if "example.org/v1/" in (out / "void.ttl").read_text() else "v2"


def _leftovers(parent: Path, live: Path) -> list[str]:
    """Hidden siblings of ``dist`` other than the folder it currently names."""
    current = live.resolve().name
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".dist") and p.name != current)


def test_a_new_build_replaces_our_own_folder_and_leaves_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    _dump(out, "v1")
    _dump(out, "v2")
    assert _version_of(out) == "v2"
    assert _leftovers(tmp_path, out) == []


def test_an_empty_folder_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "dist").mkdir()
    _dump(tmp_path / "dist", "v1")
    assert _version_of(tmp_path / "dist") == "v1"


def test_a_file_someone_put_into_our_folder_is_not_deleted(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    _dump(out, "v1")
    (out / "notes.txt").write_text("mine")
    with pytest.raises(MgiGraphError, match="notes.txt"):
        _dump(out, "v2")
    assert (out / "notes.txt").read_text() == "mine" and _version_of(out) == "v1"


def _first_version_build(tmp_path: Path) -> Path:
    """A build as mgi-graph 0.1 left it: a real folder, no marker, its files in SHA256SUMS."""
    _dump(tmp_path / "built", "v1")
    old = tmp_path / "dist"
    shutil.copytree(tmp_path / "built", old)
    (old / ".mgi-graph").unlink()
    return old


def test_a_build_of_the_first_version_is_recognised_by_its_checksums(tmp_path: Path) -> None:
    old = _first_version_build(tmp_path)
    _dump(old, "v2")
    assert _version_of(old) == "v2"


@pytest.mark.parametrize("change", ["added", "edited"])
def test_a_first_version_build_someone_changed_is_refused(tmp_path: Path, change: str) -> None:
    old = _first_version_build(tmp_path)
    if change == "added":
        (old / "notes.txt").write_text("mine")
    else:
        (old / "mgi.ttl").write_text("# my own edits\n")
    with pytest.raises(MgiGraphError, match="notes.txt" if change == "added" else "mgi.ttl"):
        _dump(old, "v2")
    assert (old / ("notes.txt" if change == "added" else "mgi.ttl")).exists()


class _StopAt:
    """os.rename and os.replace failing on their ``call``-th use, as a kill at that instant would."""

    def __init__(self, call: int) -> None:
        self.call, self.seen = call, 0

    def wrap(self, real: Callable[..., None]) -> Callable[..., None]:
        def run(*args: object, **kwargs: object) -> None:
            self.seen += 1
            if self.seen == self.call:
                raise KeyboardInterrupt("killed")
            real(*args, **kwargs)
        return run


@pytest.mark.parametrize("call", [1, 2, 3])
def test_a_swap_stopped_at_any_rename_leaves_a_complete_dist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             call: int) -> None:
    out = tmp_path / "dist"
    _dump(out, "v1")
    stop = _StopAt(call)
    monkeypatch.setattr(os, "rename", stop.wrap(os.rename))
    monkeypatch.setattr(os, "replace", stop.wrap(os.replace))
    try:
        _dump(out, "v2")
    except KeyboardInterrupt:
        assert _version_of(out) == "v1"
    else:
        assert _version_of(out) == "v2"
    monkeypatch.undo()
    _dump(out, "v2")
    assert _version_of(out) == "v2" and _leftovers(tmp_path, out) == []


@pytest.mark.parametrize("call", [1, 2, 3])
def test_a_copied_build_stopped_at_any_rename_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      call: int) -> None:
    """A real folder (a copy of a build) takes two renames to become a link; stopped, it is put back."""
    _dump(tmp_path / "built", "v1")
    out = tmp_path / "dist"
    shutil.copytree(tmp_path / "built", out)
    stop = _StopAt(call)
    monkeypatch.setattr(os, "rename", stop.wrap(os.rename))
    monkeypatch.setattr(os, "replace", stop.wrap(os.replace))
    try:
        _dump(out, "v2")
    except KeyboardInterrupt:
        assert not out.is_symlink() and _version_of(out) == "v1"
    else:
        assert out.is_symlink() and _version_of(out) == "v2"


KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
from rdflib import Dataset
from mgi_graph.dump import write_dumps
from mgi_graph.errors import MgiGraphError
from mgi_graph.iris import Iris
out = Path(sys.argv[1])
write_dumps(Dataset(), out, iris=Iris("https://example.org/v1/"), profile_ids=[])
def kill(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
os.rename = os.replace = kill
write_dumps(Dataset(), out, iris=Iris("https://example.org/v2/"), profile_ids=[])
"""


def test_what_a_killed_build_left_is_removed_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    killed = subprocess.run([sys.executable, "-c", KILLED_BUILD, str(out)], capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _version_of(out) == "v1"
    assert _leftovers(tmp_path, out), "the killed build left its staging folder"
    (tmp_path / ".dist.old").mkdir()  # what the first version's swap left when killed
    (tmp_path / ".dist.old" / "mgi.nt").write_text("")
    (tmp_path / ".distillery").mkdir()  # not ours
    _dump(out, "v2")
    assert _version_of(out) == "v2"
    assert _leftovers(tmp_path, out) == [".distillery"]


def test_a_folder_a_running_build_holds_stays(tmp_path: Path) -> None:
    running = tmp_path / ".dist.0123abcd"
    running.mkdir()
    lock = os.open(running, os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _dump(tmp_path / "dist", "v1")
        assert running.is_dir()
    finally:
        os.close(lock)
    _dump(tmp_path / "dist", "v2")
    assert not running.exists()


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    previous = os.umask(0o022)
    os.umask(previous)
    yield os.umask
    os.umask(previous)


def _modes(folder: Path) -> set[tuple[str, str]]:
    found = {("dir", oct(stat.S_IMODE(folder.stat().st_mode)))}
    for path in folder.rglob("*"):
        found.add(("dir" if path.is_dir() else "file", oct(stat.S_IMODE(path.stat().st_mode))))
    return found


@pytest.mark.parametrize(("mask", "folder", "file"), [(0o022, "0o755", "0o644"), (0o027, "0o750", "0o640")])
def test_the_output_honours_the_umask(tmp_path: Path, umask: Callable[[int], None], mask: int,
                                      folder: str, file: str) -> None:
    umask(mask)
    _dump(tmp_path / "a" / "dist", "v1")
    assert _modes(tmp_path / "a" / "dist") == {("dir", folder), ("file", file)}
    assert oct(stat.S_IMODE((tmp_path / "a").stat().st_mode)) == folder
