"""The build: profile files -> parse -> extract -> locate -> graph -> validate -> dumps."""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from mgi_graph.cache import ProfileCache

from mgi_graph.defaults import DEFAULT_LINKS
from mgi_graph.dump import write_dumps
from mgi_graph.errors import BuildError
from mgi_graph.extract import extract_mentions
from mgi_graph.graph import Iris, build_dataset
from mgi_graph.graph.quads import dataset_quads
from mgi_graph.model import Located
from mgi_graph.parse import read_profile
from mgi_graph.registry import locate
from mgi_graph.sssom import MappingSet, read_mapping_sets, wikidata_ids, wikidata_paths
from mgi_graph.validate import ValidationReport, load_shapes, validate_ntriples

Progress = Callable[[str], None]
# Below this many profiles to load, starting the worker processes costs more than it saves.
POOL_MIN_PROFILES = 16
POOL_CHUNK = 4


@dataclass(frozen=True)
class BuildSummary:
    profiles: int
    findings: int
    triples: int
    seconds: float
    out_dir: Path
    report: ValidationReport
    # stage -> seconds: load (parse, extract, locate), assemble, quads, validate, dump
    stages: dict[str, float] = field(default_factory=dict)


def find_profiles(folder: Path) -> list[Path]:
    """The ``*.txt`` profile pages of ``folder``, sorted; BuildError when there are none."""
    if not folder.is_dir():
        raise BuildError(f"{folder}: not a folder of profiles")
    paths = sorted(p for p in folder.glob("*.txt") if p.is_file())
    if not paths:
        raise BuildError(f"{folder}: no profiles (*.txt files) found")
    return paths


def load_profile(path: Path, wikidata: Mapping[str, str] | None = None) -> Located:
    """One profile file through parse, extract and locate."""
    profile = replace(read_profile(path), source=portable_path(path))
    return locate(extract_mentions(profile), wikidata)


def portable_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else its file name.

    The graph records where a source text lies; an absolute path would differ from
    one checkout to the next and break byte-identical builds.
    """
    absolute = path.resolve()
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.name


def load_profiles(paths: Sequence[Path], progress: Progress | None = None, *,
                  mapping_sets: Sequence[MappingSet] | None = None, cache: bool = False) -> list[Located]:
    """``paths`` through parse, extract and locate; curated QIDs from ``mapping_sets``
    (default: those of data/links).

    With ``cache``, profiles whose bytes, path, links and code are unchanged since an
    earlier load are read back from the profile cache (``mgi_graph.cache``). Many
    profiles are loaded by a pool of processes, one per core; the order stays ``paths``'.
    """
    sets = read_mapping_sets(DEFAULT_LINKS) if mapping_sets is None else mapping_sets
    wikidata = wikidata_paths(sets)
    store = ProfileCache(wikidata) if cache else None
    keys = [store.key(_read_bytes(path), portable_path(path)) if store else "" for path in paths]
    found = {i: hit for i, key in enumerate(keys) if store and (hit := store.get(key)) is not None}
    missing = [path for i, path in enumerate(paths) if i not in found]
    loaded = iter(_load_all(missing, wikidata))
    entries: list[Located] = []
    seen: dict[str, str] = {}
    for index, path in enumerate(paths):
        located = found.get(index) or next(loaded)
        if store and index not in found:
            store.put(keys[index], located)
        profile = located.profile
        if profile.id in seen:
            raise BuildError(f"{path}: profile id '{profile.id}' is also the id of {seen[profile.id]}")
        seen[profile.id] = str(path)
        entries.append(located)
        if progress:
            progress(str(path))
    return entries


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        # read_profile words the error for this file; the cache just misses.
        return b""


def _load_all(paths: Sequence[Path], wikidata: Mapping[str, str]) -> Iterator[Located]:
    """Each of ``paths`` loaded, in order; by a process pool when there are enough of them."""
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if len(paths) < POOL_MIN_PROFILES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return (load_profile(path, wikidata) for path in paths)
    # fork: the workers start with this process's modules and lexicons already loaded.
    context = multiprocessing.get_context("fork")
    return _pooled(paths, wikidata, workers, context)


def _pooled(paths: Sequence[Path], wikidata: Mapping[str, str], workers: int,
            context: multiprocessing.context.BaseContext) -> Iterator[Located]:
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(partial(load_profile, wikidata=wikidata), paths, chunksize=POOL_CHUNK)


def run_build(paths: Sequence[Path], out_dir: Path, *, iris: Iris, progress: Progress | None = None,
              links_dir: Path = DEFAULT_LINKS, cache: bool = True) -> BuildSummary:
    """Build, validate and dump; nothing is written unless the graph conforms.

    ``cache=False`` loads every profile afresh instead of reading unchanged ones back
    from the profile cache; the output is the same bytes either way.
    """
    clock = _Clock()
    mapping_sets = read_mapping_sets(links_dir)
    entries = load_profiles(paths, progress, mapping_sets=mapping_sets, cache=cache)
    clock.lap("load")
    dataset = build_dataset(entries, iris=iris, wikidata=wikidata_ids(mapping_sets, iris.base))
    clock.lap("assemble")
    quads = dataset_quads(dataset)
    clock.lap("quads")
    report = validate_ntriples(quads.ntriples, load_shapes(iris))
    report.raise_for_violations()
    clock.lap("validate")
    summary = write_dumps(dataset, out_dir, iris=iris, profile_ids=[e.profile.id for e in entries],
                          quads=quads)
    clock.lap("dump")
    return BuildSummary(
        profiles=len(entries),
        findings=sum(len(e.profile.findings) for e in entries),
        triples=summary.triples,
        seconds=clock.total(),
        out_dir=summary.out_dir,
        report=report,
        stages=dict(clock.stages),
    )


class _Clock:
    """Seconds spent in each stage of a build, for ``BuildSummary.stages``."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.stages: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = now - self.last
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.started
