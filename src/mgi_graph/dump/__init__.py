"""Dataset -> the files of ``dist/``, written into a new folder and swapped in whole
(``outfolder``): a build that fails half-way leaves the previous ``dist/`` as it was.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from mgi_graph.formats import JSONLD, NQUADS, NTRIPLES, TURTLE
from mgi_graph.iris import Iris
from mgi_graph.graph.quads import Quads, dataset_quads, ntriples_turtle
from mgi_graph.dump.files import write_files
from mgi_graph.dump.jsonld import JsonObject, load_context
from mgi_graph.dump.merged import merged_document
from mgi_graph.dump.parts import profile_texts
from mgi_graph.graph.indexed import IndexedGraph
from mgi_graph.model import ProfileTexts
from mgi_graph.dump.jsontext import iter_json
from mgi_graph.namespaces import PREFIXES
from mgi_graph.outfolder import absolute_out, replace_folder
from mgi_graph.dump.tables import write_tables
from mgi_graph.dump.void import void_turtle

# file name -> media type, for VoID/DCAT and the server
MEDIA_TYPES: dict[str, str] = {
    "mgi.nq.gz": NQUADS.media_type,
    "mgi.nt": NTRIPLES.media_type,
    "mgi.ttl": TURTLE.media_type,
    "mgi.jsonld": JSONLD.media_type,
    "context.jsonld": JSONLD.media_type,
}


GZIP_LEVEL = 6


@dataclass(frozen=True)
class DumpSummary:
    out_dir: Path
    files: tuple[str, ...]
    triples: int


def write_dumps(dataset: Dataset | None, out_dir: Path, *, iris: Iris, profile_ids: Iterable[str],
                quads: Quads | None = None, profiles: Mapping[str, ProfileTexts] | None = None,
                check: Callable[[], None] | None = None) -> DumpSummary:
    """Write every dump of ``dataset`` to ``out_dir``, replacing it only once all are written.

    ``quads`` is the assembled graphs' ``graph_quads`` when the caller has them (the build
    validates them); ``dataset`` is read only when they are not given. ``profiles`` holds
    the texts of profiles the caller has already made (``dump.parts``); the others are made
    here, the same bytes either way. ``check`` is called once every file is written: when it
    raises, ``out_dir`` is left as it was.
    """
    with replace_folder(out_dir) as staging:
        if quads is None:
            quads = dataset_quads(dataset if dataset is not None else Dataset())
        texts = {id_: (profiles or {}).get(id_) or _profile_texts(quads, iris, id_) for id_ in sorted(profile_ids)}
        _write_all(quads, staging, iris, texts)
        files = tuple(sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file()))
        if check:
            check()
    return DumpSummary(out_dir=absolute_out(out_dir), files=files, triples=quads.triples)


def _profile_texts(quads: Quads, iris: Iris, profile_id: str) -> ProfileTexts:
    """The texts of a profile of ``quads``: those a build's worker makes, from the same graphs."""
    name = iris.named_graph(profile_id)
    graph = quads.named.get(name) or IndexedGraph(name)
    links = quads.named.get(iris.named_graph("links")) or IndexedGraph()
    own = IndexedGraph(by_predicate=False)
    for subject in graph.subject_index():
        own.add_all(links.triples((subject, None, None)))
    vocabulary = quads.texts.get(iris.named_graph("vocabulary"), "")
    return profile_texts(graph, own, quads.texts.get(name, ""), iris.profile(profile_id), iris, load_context(),
                         vocabulary)


def _write_all(quads: Quads, staging: Path, iris: Iris, profiles: dict[str, ProfileTexts]) -> None:
    context = load_context()
    by_profile = {profile_id: texts.tables for profile_id, texts in profiles.items()}
    # zlib releases the GIL: the archive is compressed on another thread (the other core)
    # while this one writes the rest. The tables' store stays on this one: made beside the
    # texts, it would lift the build's peak memory by some 40 MB at 250 profiles.
    ntriples = quads.ntriples.encode("utf-8")  # once, for the file, Turtle and the tables' store
    with ThreadPoolExecutor(max_workers=1) as pool:
        archive = pool.submit(_write_gzip, staging / "mgi.nq.gz", quads.nquads)
        _write_rest(quads, ntriples, staging, iris, profiles, context)
        media_types = {**MEDIA_TYPES, **write_tables(ntriples, staging, iris, by_profile)}
        archive.result()
    facts = {name: _file_facts(staging / name) for name in media_types}
    void = void_turtle(quads.named, quads.ntriples, iris, facts, media_types, quads.sizes())
    (staging / "void.ttl").write_text(void, "utf-8")
    _write_checksums(staging, {name: digest for name, (_, digest) in facts.items()})


def _write_rest(quads: Quads, ntriples: bytes, staging: Path, iris: Iris, profiles: dict[str, ProfileTexts],
                context: JsonObject) -> None:
    """The merged N-Triples (``ntriples``: ``quads.ntriples`` encoded), Turtle and JSON-LD, the
    context, and each profile's files."""
    (staging / "mgi.nt").write_bytes(ntriples)
    (staging / "mgi.ttl").write_text(ntriples_turtle(ntriples, PREFIXES), "utf-8")
    nodes = {iris.profile(profile_id): texts for profile_id, texts in profiles.items()}
    _write_json(staging / "mgi.jsonld", merged_document(quads.ntriples, nodes, iris, context))
    _write_json(staging / "context.jsonld", {"@context": context})
    folder = staging / "profiles"
    folder.mkdir()
    write_files(item for profile_id, texts in profiles.items() for item in (
        (folder / f"{profile_id}.ttl", texts.turtle.encode("utf-8")),
        (folder / f"{profile_id}.jsonld", texts.jsonld.encode("utf-8"))))


def _write_gzip(path: Path, data: bytes) -> None:
    # mtime=0 and no file name in the header keep the archive byte-identical between builds.
    # zlib's default level: a third of level 9's time for a file 5 % larger.
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                               compresslevel=GZIP_LEVEL) as out:
        out.write(data)


def _write_json(path: Path, document: dict[str, object]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for chunk in iter_json(document):
            out.write(chunk)
        out.write("\n")


def _file_facts(path: Path) -> tuple[int, str]:
    data = path.read_bytes()
    return len(data), hashlib.sha256(data).hexdigest()


def _write_checksums(staging: Path, known: Mapping[str, str]) -> None:
    """SHA256SUMS of every file of ``staging``; ``known`` holds the digests already taken (the
    large dumps, which VoID describes), so that no file is read twice."""
    lines = []
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            name = path.relative_to(staging).as_posix()
            digest = known.get(name) or hashlib.sha256(path.read_bytes()).hexdigest()
            lines.append(f"{digest}  {name}")
    (staging / "SHA256SUMS").write_text("\n".join(lines) + "\n", "utf-8")
