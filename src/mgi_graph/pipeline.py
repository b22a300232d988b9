"""The build: profile files -> parse -> extract -> locate -> graph -> validate -> dumps."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from mgi_graph.dump import write_dumps
from mgi_graph.errors import BuildError
from mgi_graph.extract import extract_mentions
from mgi_graph.graph import Iris, build_dataset, merged_graph
from mgi_graph.graph.quads import dataset_quads
from mgi_graph.model import Located
from mgi_graph.parse import read_profile
from mgi_graph.registry import locate
from mgi_graph.sssom import MappingSet, read_mapping_sets, wikidata_ids, wikidata_paths
from mgi_graph.validate import ValidationReport, load_shapes, validate_ntriples

Progress = Callable[[str], None]
# Curated SSSOM mappings, relative to the working directory like data/profiles.
DEFAULT_LINKS = Path("data/links")


@dataclass(frozen=True)
class BuildSummary:
    profiles: int
    findings: int
    triples: int
    seconds: float
    out_dir: Path
    report: ValidationReport


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
                  mapping_sets: Sequence[MappingSet] | None = None) -> list[Located]:
    """``paths`` through parse, extract and locate; curated QIDs from ``mapping_sets``
    (default: those of data/links)."""
    entries: list[Located] = []
    seen: dict[str, str] = {}
    sets = read_mapping_sets(DEFAULT_LINKS) if mapping_sets is None else mapping_sets
    wikidata = wikidata_paths(sets)
    for path in paths:
        located = load_profile(path, wikidata)
        profile = located.profile
        if profile.id in seen:
            raise BuildError(f"{path}: profile id '{profile.id}' is also the id of {seen[profile.id]}")
        seen[profile.id] = str(path)
        entries.append(located)
        if progress:
            progress(str(path))
    return entries


def run_build(paths: Sequence[Path], out_dir: Path, *, iris: Iris, progress: Progress | None = None,
              links_dir: Path = DEFAULT_LINKS) -> BuildSummary:
    """Build, validate and dump; nothing is written unless the graph conforms."""
    started = time.perf_counter()
    mapping_sets = read_mapping_sets(links_dir)
    entries = load_profiles(paths, progress, mapping_sets=mapping_sets)
    dataset = build_dataset(entries, iris=iris, wikidata=wikidata_ids(mapping_sets, iris.base))
    quads = dataset_quads(dataset)
    report = validate_ntriples(quads.ntriples, load_shapes(iris))
    report.raise_for_violations()
    summary = write_dumps(dataset, out_dir, iris=iris, profile_ids=[e.profile.id for e in entries],
                          merged=merged_graph(dataset), quads=quads)
    return BuildSummary(
        profiles=len(entries),
        findings=sum(len(e.profile.findings) for e in entries),
        triples=summary.triples,
        seconds=time.perf_counter() - started,
        out_dir=summary.out_dir,
        report=report,
    )
