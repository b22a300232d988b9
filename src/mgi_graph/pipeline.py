"""The build: profile files -> parse -> extract -> locate -> graph -> validate -> dumps."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from mgi_graph.dump import write_dumps
from mgi_graph.errors import BuildError, LocateError, MgiGraphError, ProfileParseError, ProfilesError
from mgi_graph.extract import extract_mentions
from mgi_graph.graph import Iris, build_dataset, merged_graph
from mgi_graph.model import Located
from mgi_graph.outfolder import check_out_folder
from mgi_graph.parse import read_profile
from mgi_graph.registry import locate
from mgi_graph.sssom import MappingSet, curated_links, read_mapping_sets, wikidata_ids, wikidata_paths
from mgi_graph.validate import ValidationReport, load_shapes, validate_graph

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildSummary:
    profiles: int
    findings: int
    triples: int
    seconds: float
    out_dir: Path
    report: ValidationReport


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


def load_profile(path: Path, wikidata: Mapping[str, str] | None = None) -> Located:
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
                  mapping_sets: Sequence[MappingSet] | None = None) -> list[Located]:
    """``paths`` through parse, extract and locate; curated QIDs from ``mapping_sets``
    (default: the curated links). Every bad profile is reported: its error alone, or
    ProfilesError with one error each."""
    entries: list[Located] = []
    errors: list[MgiGraphError] = []
    seen: dict[str, str] = {}
    sets = read_mapping_sets(curated_links()) if mapping_sets is None else mapping_sets
    wikidata = wikidata_paths(sets)
    for path in paths:
        try:
            located = load_profile(path, wikidata)
        except (ProfileParseError, LocateError) as error:
            errors.append(error)
            continue
        profile = located.profile
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


def run_build(paths: Sequence[Path], out_dir: Path, *, iris: Iris, progress: Progress | None = None,
              links_dir: Path | None = None) -> BuildSummary:
    """Build, validate and dump; nothing is written unless the graph conforms.

    ``links_dir`` defaults to the curated links. An ``out_dir`` the build may not replace
    (``outfolder``) is refused before any profile is read.
    """
    started = time.perf_counter()
    links_dir = curated_links() if links_dir is None else links_dir
    inputs = [("the profiles folder", folder) for folder in sorted({p.parent for p in paths})]
    check_out_folder(out_dir, inputs=[*inputs, ("the links folder", links_dir)])
    mapping_sets = read_mapping_sets(links_dir)
    entries = load_profiles(paths, progress, mapping_sets=mapping_sets)
    dataset = build_dataset(entries, iris=iris, wikidata=wikidata_ids(mapping_sets, iris.base))
    merged = merged_graph(dataset)
    report = validate_graph(merged, load_shapes(iris))
    report.raise_for_violations()
    summary = write_dumps(dataset, out_dir, iris=iris, profile_ids=[e.profile.id for e in entries],
                          merged=merged)
    return BuildSummary(
        profiles=len(entries),
        findings=sum(len(e.profile.findings) for e in entries),
        triples=summary.triples,
        seconds=time.perf_counter() - started,
        out_dir=summary.out_dir,
        report=report,
    )
