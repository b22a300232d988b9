"""Dataset -> the files of ``dist/``, written into a temporary folder and swapped in whole.

A build that fails half-way leaves the previous ``dist/`` as it was.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.util import guess_format

from mgi_graph.errors import BuildError
from mgi_graph.graph import Iris, merged_graph
from mgi_graph.graph.vocabulary import load_ttl_folder
from mgi_graph.jsonld import JsonLdWriter, iter_json, load_context
from mgi_graph.namespaces import PREFIXES
from mgi_graph.tables import write_tables
from mgi_graph.void import describe_dataset

# file name -> media type, for VoID/DCAT and the server
MEDIA_TYPES: dict[str, str] = {
    "mgi.nq.gz": "application/n-quads",
    "mgi.nt": "application/n-triples",
    "mgi.ttl": "text/turtle",
    "mgi.jsonld": "application/ld+json",
    "context.jsonld": "application/ld+json",
}


@dataclass(frozen=True)
class DumpSummary:
    out_dir: Path
    files: tuple[str, ...]
    triples: int


def write_dumps(dataset: Dataset, out_dir: Path, *, iris: Iris, profile_ids: Iterable[str],
                merged: Graph | None = None) -> DumpSummary:
    """Write every dump of ``dataset`` to ``out_dir``, replacing it only once all are written.

    ``merged`` is ``merged_graph(dataset)`` when the caller has it already (it validated it).
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        merged = merged if merged is not None else merged_graph(dataset)
        _write_all(dataset, merged, staging, iris, sorted(profile_ids))
        files = tuple(sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file()))
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return DumpSummary(out_dir=out_dir, files=files, triples=len(merged))


def _write_all(dataset: Dataset, merged: Graph, staging: Path, iris: Iris, profile_ids: list[str]) -> None:
    context = load_context()
    _write_gzip(staging / "mgi.nq.gz", _sorted_lines(dataset.serialize(format="nquads")))
    (staging / "mgi.nt").write_text(_sorted_lines(merged.serialize(format="nt")), "utf-8")
    (staging / "mgi.ttl").write_text(merged.serialize(format="turtle"), "utf-8")
    _write_json(staging / "mgi.jsonld", JsonLdWriter(merged, context).document(iris.dataset()))
    _write_json(staging / "context.jsonld", {"@context": context})
    profiles = staging / "profiles"
    profiles.mkdir()
    for profile_id in profile_ids:
        graph = _bound(dataset.graph(iris.named_graph(profile_id)))
        (profiles / f"{profile_id}.ttl").write_text(graph.serialize(format="turtle"), "utf-8")
        _write_json(profiles / f"{profile_id}.jsonld", JsonLdWriter(graph, context).document(iris.profile(profile_id)))
    media_types = {**MEDIA_TYPES, **write_tables(merged, staging, iris)}
    sizes = {name: _file_facts(staging / name) for name in media_types}
    void = describe_dataset(dataset, merged, iris, sizes, media_types)
    (staging / "void.ttl").write_text(void.serialize(format="turtle"), "utf-8")
    _write_checksums(staging)


def _bound(graph: Graph) -> Graph:
    copy = Graph()
    for prefix, namespace in PREFIXES.items():
        copy.bind(prefix, namespace)
    for triple in graph:
        copy.add(triple)
    return copy


def _sorted_lines(text: str) -> str:
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + "\n"


def _write_gzip(path: Path, text: str) -> None:
    # mtime=0 and no file name in the header keep the archive byte-identical between builds.
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
        out.write(text.encode("utf-8"))


def _write_json(path: Path, document: dict[str, object]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for chunk in iter_json(document):
            out.write(chunk)
        out.write("\n")


def _file_facts(path: Path) -> tuple[int, str]:
    data = path.read_bytes()
    return len(data), hashlib.sha256(data).hexdigest()


def _write_checksums(staging: Path) -> None:
    lines = [
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(staging).as_posix()}"
        for p in sorted(staging.rglob("*"))
        if p.is_file()
    ]
    (staging / "SHA256SUMS").write_text("\n".join(lines) + "\n", "utf-8")


def _swap(staging: Path, out_dir: Path) -> None:
    """Put ``staging`` in place of ``out_dir``; the old folder is kept until the new one is in."""
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildError(f"{out_dir}: exists and is not a folder; remove it or choose another --out")
    old = out_dir.with_name(f".{out_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)


def read_graph(path: Path, iris: Iris) -> Graph:
    """Any RDF file (``.nq.gz``, ``.nq``, ``.trig``, ``.ttl``, ``.nt``, ``.jsonld``) merged into one graph,
    with the vocabulary added so concept schemes can be checked."""
    if not path.is_file():
        raise BuildError(f"{path}: not found; run 'mgi-graph build' first or name a graph file")
    name = path.name.removesuffix(".gz")
    fmt = guess_format(name) or ("json-ld" if name.endswith(".jsonld") else None)
    if fmt is None:
        raise BuildError(f"{path}: unknown RDF format; use .ttl, .nt, .nq, .trig or .jsonld (optionally .gz)")
    raw = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    dataset = Dataset()
    try:
        dataset.parse(data=raw.decode("utf-8"), format=fmt, publicID=iris.base)
    except (ValueError, SyntaxError, UnicodeDecodeError) as error:
        raise BuildError(f"{path}: not valid {fmt}: {_first_line(error)}") from error
    graph = merged_graph(dataset)
    graph += load_ttl_folder("ontology", iris)
    return graph


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
