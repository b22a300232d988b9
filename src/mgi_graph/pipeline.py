"""The build: profile files -> parse -> extract -> locate -> graph -> validate -> dumps."""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.context
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from mgi_graph.cache import FileCache, ProfileCache
from mgi_graph.errors import BuildError, LocateError, MgiGraphError, ProfileParseError, ProfilesError
from mgi_graph.extract import extract_mentions
from mgi_graph.model import Located
from mgi_graph.outfolder import check_out_folder
from mgi_graph.parse import read_profile
from mgi_graph.locator.registry import locate
from mgi_graph.locator.sssom import MappingSet, curated_links, read_mapping_sets, wikidata_ids
from mgi_graph.parse.addresses import source_addresses
from mgi_graph.validate import ValidationReport, load_shapes, validate_ntriples

if TYPE_CHECKING:
    from rdflib import URIRef

    from mgi_graph.iris import Iris

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
    """Every ``*.txt`` entry of ``folder``, sorted; BuildError when there are none.

    Entries that are not profile pages though named like one (a folder, a FIFO, a dangling
    link) are kept, so reading them reports each instead of the build skipping it silently.
    """
    if not folder.is_dir():
        raise BuildError(f"{folder}: not a folder of profiles")
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise BuildError(f"{folder}: no profiles (*.txt files) found")
    return paths


def load_profile(path: Path, wikidata: Mapping[URIRef, str] | None = None) -> Located:
    """One profile file through parse, extract and locate."""
    profile = replace(read_profile(path), source=portable_path(path))
    return locate(extract_mentions(profile), wikidata)


def portable_path(path: Path) -> str:
    """``path`` relative to its folder's parent: ``profiles/co-medellin-2022.txt``.

    The graph records where a source text lies; an absolute path, or one relative to the
    working directory, would differ from one checkout or shell to the next and break
    byte-identical builds.
    """
    absolute = Path(os.path.abspath(path))
    return Path(absolute.parent.name, absolute.name).as_posix()


def load_profiles(paths: Sequence[Path], progress: Progress | None = None, *,
                  mapping_sets: Sequence[MappingSet] | None = None, cache: bool = False) -> list[Located]:
    """``paths`` through parse, extract and locate; curated QIDs from ``mapping_sets``
    (default: the curated links). Every bad profile is reported: its error alone, or
    ProfilesError with one error each.

    With ``cache``, profiles whose bytes, path, links and code are unchanged since an
    earlier load are read back from the profile cache (``mgi_graph.cache``). Many
    profiles are loaded by a pool of processes, one per core; the order stays ``paths``'.
    """
    sets = read_mapping_sets(curated_links()) if mapping_sets is None else mapping_sets
    wikidata = wikidata_ids(sets)
    addresses = source_addresses(paths)
    store = ProfileCache(wikidata) if cache else None
    keys = [store.key(_read_bytes(path), portable_path(path)) if store else "" for path in paths]
    found = {i: hit for i, key in enumerate(keys) if store and (hit := store.get(key)) is not None}
    missing = [path for i, path in enumerate(paths) if i not in found]
    loaded = iter(_load_all(missing, wikidata))
    entries: list[Located] = []
    errors: list[MgiGraphError] = []
    seen: dict[str, str] = {}
    for index, path in enumerate(paths):
        located = found.get(index) or next(loaded)
        if isinstance(located, MgiGraphError):
            errors.append(located)
            continue
        if store and index not in found:
            store.put(keys[index], located)
        # Applied after the cache: the record is read afresh on every build, not cached.
        profile = replace(located.profile, address=addresses.get(path))
        located = replace(located, profile=profile)
        if profile.id in seen:
            errors.append(BuildError(f"{path}: profile id '{profile.id}' is also the id of {seen[profile.id]}"))
            continue
        seen[profile.id] = str(path)
        entries.append(located)
        if progress:
            progress(str(path))
    if errors:
        raise errors[0] if len(errors) == 1 else ProfilesError(errors)
    return entries


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        # read_profile words the error for this file; the cache just misses.
        return b""


def _load_or_error(path: Path, wikidata: Mapping[URIRef, str]) -> Located | MgiGraphError:
    """The loaded profile, or the error that names what is wrong with it."""
    try:
        return load_profile(path, wikidata)
    except (ProfileParseError, LocateError) as error:
        return error


def _load_all(paths: Sequence[Path], wikidata: Mapping[URIRef, str]) -> Iterator[Located | MgiGraphError]:
    """Each of ``paths`` loaded, in order; by a process pool when there are enough of them."""
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if len(paths) < POOL_MIN_PROFILES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return (_load_or_error(path, wikidata) for path in paths)
    # fork: the workers start with this process's modules and lexicons already loaded.
    context = multiprocessing.get_context("fork")
    return _pooled(paths, wikidata, workers, context)


def _pooled(paths: Sequence[Path], wikidata: Mapping[URIRef, str], workers: int,
            context: multiprocessing.context.BaseContext) -> Iterator[Located | MgiGraphError]:
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(partial(_load_or_error, wikidata=wikidata), paths, chunksize=POOL_CHUNK)


def run_build(paths: Sequence[Path], out_dir: Path, *, iris: Iris, progress: Progress | None = None,
              links_dir: Path | None = None, cache: bool = True) -> BuildSummary:
    """Build, validate and dump; nothing is written unless the graph conforms.

    ``links_dir`` defaults to the curated links. An ``out_dir`` the build may not replace
    (``outfolder``) is refused before any profile is read. ``cache=False`` loads every
    profile afresh instead of reading unchanged ones back from the profile cache, and
    writes each profile's files afresh instead of reading them back from the file cache;
    the output is the same bytes either way.
    """
    # Imported here: `mgi-graph parse` loads profiles without the graph and dump stages.
    from mgi_graph.dump import write_dumps
    from mgi_graph.graph import assemble
    from mgi_graph.graph.quads import graph_quads

    clock = _Clock()
    links_dir = curated_links() if links_dir is None else links_dir
    inputs = [("the profiles folder", folder) for folder in sorted({p.parent for p in paths})]
    check_out_folder(out_dir, inputs=[*inputs, ("the links folder", links_dir)])
    mapping_sets = read_mapping_sets(links_dir)
    entries = load_profiles(paths, progress, mapping_sets=mapping_sets, cache=cache)
    clock.lap("load")
    with _no_collection():
        graphs = assemble(entries, iris=iris, wikidata=wikidata_ids(mapping_sets, iris.base))
        clock.lap("assemble")
        quads = graph_quads(graphs)
        clock.lap("quads")
        # The Rust validator releases the GIL: it checks the graph on the second core while
        # the dumps are written into a staging folder, which is swapped in only if it conforms.
        with ThreadPoolExecutor(max_workers=1) as pool:
            validation = pool.submit(_validate, quads.ntriples, iris)
            summary = write_dumps(None, out_dir, iris=iris, profile_ids=[e.profile.id for e in entries],
                                  quads=quads, cache=FileCache() if cache else None,
                                  check=partial(_conforms, validation))
        report, clock.stages["validate"] = validation.result()
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


def _validate(ntriples: str, iris: Iris) -> tuple[ValidationReport, float]:
    """The report on ``ntriples`` and the seconds it took."""
    started = time.perf_counter()
    report = validate_ntriples(ntriples, load_shapes(iris))
    return report, time.perf_counter() - started


def _conforms(validation: Future[tuple[ValidationReport, float]]) -> None:
    """Wait for ``validation``; ValidationFailedError if the graph has a violation."""
    validation.result()[0].raise_for_violations()


@contextmanager
def _no_collection() -> Iterator[None]:
    """The cyclic garbage collector paused: the graph stages make some million objects that
    live until the build ends, and the collector would walk them again and again (a third of
    the graph stages' time) to find almost no garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
