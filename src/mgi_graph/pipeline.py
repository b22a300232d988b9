"""The build: profile files -> parse -> extract -> locate -> graph -> validate -> dumps."""

from __future__ import annotations

import gc
import json
import multiprocessing
import multiprocessing.context
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mgi_graph.cache import ProfileCache
from mgi_graph.errors import BuildError, LocateError, MgiGraphError, ProfileParseError, ProfilesError
from mgi_graph.model import BuiltProfile, Located, Profile
from mgi_graph.outfolder import check_out_folder
from mgi_graph.locator.sssom import MappingSet, curated_links, read_mapping_sets, wikidata_ids
from mgi_graph.parse.addresses import source_addresses
from mgi_graph.validate import ValidationReport, load_shapes, validate_ntriples

if TYPE_CHECKING:
    from rdflib import URIRef

    from mgi_graph.iris import Iris

JsonObject = dict[str, Any]
Progress = Callable[[str], None]
Item = TypeVar("Item")
Output = TypeVar("Output")
# The build IRI names a digest of every profile: a profile is built with this one standing for it.
PLACEHOLDER_DIGEST = "0" * 16
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
    # stage -> seconds: load (parse, extract, locate; each profile's graph and texts: the
    # workers' part), assemble (the shared graphs), quads, validate, dump
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
    read_profile, extract_mentions, locate = _loaders()
    profile = replace(read_profile(path), source=portable_path(path))
    return locate(extract_mentions(profile), wikidata)


def _loaders() -> tuple[Callable[[Path], Profile], Callable[[Profile], Profile], Callable[..., Located]]:
    """parse, extract and locate, imported when a profile is first loaded: a rebuild whose
    profiles all come from the cache needs none of them (a tenth of a second of imports)."""
    from mgi_graph.extract import extract_mentions
    from mgi_graph.locator.registry import locate
    from mgi_graph.parse import read_profile

    return read_profile, extract_mentions, locate


def portable_path(path: Path) -> str:
    """``path`` relative to its folder's parent: ``profiles/co-medellin-2022.txt``.

    The graph records where a source text lies; an absolute path, or one relative to the
    working directory, would differ from one checkout or shell to the next and break
    byte-identical builds.
    """
    absolute = Path(os.path.abspath(path))
    return Path(absolute.parent.name, absolute.name).as_posix()


def load_profiles(paths: Sequence[Path], progress: Progress | None = None, *,
                  mapping_sets: Sequence[MappingSet] | None = None) -> list[Located]:
    """``paths`` through parse, extract and locate; curated QIDs from ``mapping_sets``
    (default: the curated links). Every bad profile is reported: its error alone, or
    ProfilesError with one error each. Many profiles are loaded by a pool of processes,
    one per core; the order stays ``paths``'.
    """
    sets = read_mapping_sets(curated_links()) if mapping_sets is None else mapping_sets
    _loaders()  # before the pool forks: the workers start with the stages imported
    wikidata = wikidata_ids(sets)
    addresses = source_addresses(paths)
    loaded = _each(paths, partial(_load_or_error, wikidata=wikidata))
    entries = _collected(paths, loaded, lambda located: located.profile.id, progress)
    # The source's recorded address is read afresh on every build, from its folder's record.
    return [replace(e, profile=replace(e.profile, address=addresses.get(path))) for e, path in zip(entries, paths)]


def build_profiles(paths: Sequence[Path], progress: Progress | None = None, *, iris: Iris,
                   mapping_sets: Sequence[MappingSet], vocabulary: str, cache: bool = True) -> list[BuiltProfile]:
    """``paths`` through every stage that needs no other profile (``BuiltProfile``), in the
    order of ``paths``; errors as ``load_profiles``. ``vocabulary`` is the vocabulary graph's
    N-Triples, which the profiles' table rows read.

    With ``cache``, profiles whose bytes, path, recorded address, links and code are
    unchanged since an earlier build are read back from the profile cache
    (``mgi_graph.cache``); the others are built by a pool of processes, one per core.
    """
    from mgi_graph.dump.jsonld import load_context

    located_links = wikidata_ids(mapping_sets)
    graph_links = wikidata_ids(mapping_sets, iris.base)
    addresses = source_addresses(paths)
    context = load_context()
    store = ProfileCache([iris.base, json.dumps(context, sort_keys=True), vocabulary,
                          *(f"{iri}\t{qid}" for iri, qid in sorted(graph_links.items()))]) if cache else None
    keys = [store.key(_read_bytes(path), portable_path(path), addresses.get(path, "")) if store else ""
            for path in paths]
    found = {i: hit for i, key in enumerate(keys) if store and isinstance(hit := store.get(key), BuiltProfile)}
    missing = [(path, addresses.get(path)) for i, path in enumerate(paths) if i not in found]
    if missing:
        _loaders()  # before the pool forks: the workers start with the stages imported
    built = iter(_each(missing, partial(_build_or_error, located_links=located_links, graph_links=graph_links,
                                        iris=iris, context=context, vocabulary=vocabulary)))
    results: list[BuiltProfile | MgiGraphError] = []
    for index in range(len(paths)):
        result = found.get(index) or next(built)
        if store and index not in found and isinstance(result, BuiltProfile):
            store.put(keys[index], result)
        results.append(result)
    return _collected(paths, results, lambda part: part.id, progress)


def build_profile(located: Located, *, iris: Iris, wikidata: Mapping[URIRef, str],
                  context: JsonObject, vocabulary: str) -> BuiltProfile:
    """``located`` as its named graph, links and texts, a placeholder standing for the build."""
    from mgi_graph.dump.parts import profile_texts
    from mgi_graph.graph import assemble_profile
    from mgi_graph.graph.quads import graph_text

    placeholder = iris.build(PLACEHOLDER_DIGEST)
    profile = located.profile
    graph, links = assemble_profile(located, iris=iris, wikidata=wikidata, build=placeholder)
    ntriples = graph_text(graph)
    texts = profile_texts(graph, links, ntriples, iris.profile(profile.id), iris, context, vocabulary)
    return BuiltProfile(profile.id, profile.sha256, len(profile.findings), ntriples, graph_text(links), texts,
                        str(placeholder))


Result = TypeVar("Result", Located, BuiltProfile)


def _collected(paths: Sequence[Path], results: Iterable[Result | MgiGraphError], id_of: Callable[[Result], str],
               progress: Progress | None) -> list[Result]:
    """``results`` (one per path), or the errors: each bad profile's, and each id used twice."""
    entries: list[Result] = []
    errors: list[MgiGraphError] = []
    seen: dict[str, str] = {}
    for path, result in zip(paths, results, strict=True):
        if isinstance(result, MgiGraphError):
            errors.append(result)
            continue
        profile_id = id_of(result)
        if profile_id in seen:
            errors.append(BuildError(f"{path}: profile id '{profile_id}' is also the id of {seen[profile_id]}"))
            continue
        seen[profile_id] = str(path)
        entries.append(result)
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


def _build_or_error(item: tuple[Path, str | None], located_links: Mapping[URIRef, str],
                    graph_links: Mapping[URIRef, str], iris: Iris, context: JsonObject,
                    vocabulary: str) -> BuiltProfile | MgiGraphError:
    """The built profile of ``item`` (a path and its recorded address), or the error that
    names what is wrong with it."""
    path, address = item
    located = _load_or_error(path, located_links)
    if isinstance(located, MgiGraphError):
        return located
    located = replace(located, profile=replace(located.profile, address=address))
    with _no_collection():
        return build_profile(located, iris=iris, wikidata=graph_links, context=context, vocabulary=vocabulary)


def _each(items: Sequence[Item], work: Callable[[Item], Output]) -> Iterator[Output]:
    """``work`` of each of ``items``, in order; by a process pool when there are enough of them."""
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if len(items) < POOL_MIN_PROFILES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return (work(item) for item in items)
    # fork: the workers start with this process's modules and lexicons already loaded.
    context = multiprocessing.get_context("fork")
    return _pooled(items, work, workers, context)


def _pooled(items: Sequence[Item], work: Callable[[Item], Output], workers: int,
            context: multiprocessing.context.BaseContext) -> Iterator[Output]:
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(work, items, chunksize=POOL_CHUNK)


def run_build(paths: Sequence[Path], out_dir: Path, *, iris: Iris, progress: Progress | None = None,
              links_dir: Path | None = None, cache: bool = True) -> BuildSummary:
    """Build, validate and dump; ``out_dir`` is replaced only if the graph conforms.

    ``links_dir`` defaults to the curated links. An ``out_dir`` the build may not replace
    (``outfolder``) is refused before any profile is read. ``cache=False`` builds every
    profile afresh (``build_profiles``) instead of reading unchanged ones back from the
    profile cache; the output is the same bytes either way.
    """
    # Imported here: `mgi-graph parse` loads profiles without the graph and dump stages.
    from mgi_graph.dump import write_dumps
    from mgi_graph.graph import assemble_shared, vocabulary_graph
    from mgi_graph.graph.quads import graph_text, quads_of

    clock = _Clock()
    links_dir = curated_links() if links_dir is None else links_dir
    inputs = [("the profiles folder", folder) for folder in sorted({p.parent for p in paths})]
    check_out_folder(out_dir, inputs=[*inputs, ("the links folder", links_dir)])
    mapping_sets = read_mapping_sets(links_dir)
    vocabulary = vocabulary_graph(iris)
    built = build_profiles(paths, progress, iris=iris, mapping_sets=mapping_sets, vocabulary=graph_text(vocabulary),
                           cache=cache)
    clock.lap("load")
    with _no_collection():
        build, shared = assemble_shared([(p.id, p.sha256) for p in sorted(built, key=lambda p: p.id)], iris,
                                        vocabulary)
        parts = sorted((p.with_build(str(build)) for p in built), key=lambda p: p.id)
        del built  # the texts with the placeholder: as large as the parts themselves
        links = iris.named_graph("links")
        texts = {name: graph_text(graph) for name, graph in shared.items() if name != links}
        texts[links] = "".join(sorted({line for p in parts for line in p.links.splitlines(keepends=True)}))
        texts.update((iris.named_graph(p.id), p.graph) for p in parts)
        clock.lap("assemble")
        quads = quads_of(texts, {name: graph for name, graph in shared.items() if name != links})
        clock.lap("quads")
        # The Rust validator releases the GIL: it checks the graph on the second core while
        # the dumps are written into a staging folder, which is swapped in only if it conforms.
        with ThreadPoolExecutor(max_workers=1) as pool:
            validation = pool.submit(_validate, quads.ntriples, iris)
            summary = write_dumps(None, out_dir, iris=iris, profile_ids=[p.id for p in parts], quads=quads,
                                  profiles={p.id: p.texts for p in parts}, check=partial(_conforms, validation))
        report, clock.stages["validate"] = validation.result()
        clock.lap("dump")
    return BuildSummary(
        profiles=len(parts),
        findings=sum(p.findings for p in parts),
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
