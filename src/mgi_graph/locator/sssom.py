"""Read and append SSSOM/TSV mapping sets (``data/links/*.sssom.tsv``).

An SSSOM/TSV file is a YAML metadata block, every line prefixed with ``#``
(``curie_map``, ``mapping_set_id``, ``license``...), followed by a TSV table with
one mapping per row. Only the columns in ``COLUMNS`` are written; other columns
of a file read are kept in ``Mapping.extra`` and written back.
See https://mapping-commons.github.io/sssom/spec-formats-tsv/.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml
from rdflib import URIRef

from mgi_graph.defaults import DEFAULT_BASE
from mgi_graph.errors import SssomError
from mgi_graph.iris import Iris
from mgi_graph.packaged import resource_dir

COLUMNS: tuple[str, ...] = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "creator_id",
    "mapping_date",
)
# Subjects are written against the default base of the graph's IRIs (``Iris.rebased`` moves them).
CURIE_MAP: dict[str, str] = {
    "mgi": DEFAULT_BASE,
    "wd": "http://www.wikidata.org/entity/",
    "semapv": "https://w3id.org/semapv/vocab/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
WIKIDATA = CURIE_MAP["wd"]


@dataclass(frozen=True)
class Mapping:
    subject_id: str
    predicate_id: str
    object_id: str
    mapping_justification: str
    subject_label: str = ""
    object_label: str = ""
    confidence: float | None = None
    creator_id: str = ""
    mapping_date: str = ""
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two rows the same mapping, whoever made it and when."""
        return (self.subject_id, self.predicate_id, self.object_id)

    def row(self) -> dict[str, str]:
        values = {name: str(getattr(self, name)) for name in COLUMNS if name != "confidence"}
        values["confidence"] = "" if self.confidence is None else f"{self.confidence:g}"
        return values | dict(self.extra)


@dataclass(frozen=True)
class MappingSet:
    path: Path
    metadata: dict[str, Any]
    mappings: tuple[Mapping, ...] = field(default=())

    @property
    def curie_map(self) -> dict[str, str]:
        return {**CURIE_MAP, **(self.metadata.get("curie_map") or {})}

    def expand(self, curie: str) -> str:
        """'wd:Q739' -> 'http://www.wikidata.org/entity/Q739'; IRIs pass through."""
        prefix, sep, local = curie.partition(":")
        if sep and prefix in self.curie_map and not local.startswith("//"):
            return self.curie_map[prefix] + local
        return curie


def _split(text: str, path: Path) -> tuple[dict[str, Any], str]:
    header = [line[1:] for line in text.splitlines() if line.startswith("#")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    try:
        metadata = yaml.safe_load("\n".join(header)) or {}
    except yaml.YAMLError as error:
        raise SssomError(f"{path}: the '#' YAML header is not valid YAML: {error}; fix the header") from error
    if not isinstance(metadata, dict):
        raise SssomError(f"{path}: the '#' YAML header must be a mapping of keys such as curie_map")
    return metadata, body


def _mapping(row: dict[str, str], path: Path, line: int) -> Mapping:
    missing = [name for name in ("subject_id", "predicate_id", "object_id", "mapping_justification") if not row.get(name)]
    if missing:
        raise SssomError(f"{path}:{line}: missing {', '.join(missing)}; every row needs them")
    try:
        confidence = float(row["confidence"]) if row.get("confidence") else None
    except ValueError as error:
        raise SssomError(f"{path}:{line}: confidence '{row['confidence']}' is not a number between 0 and 1") from error
    known = {name: row.get(name) or "" for name in COLUMNS if name != "confidence"}
    extra = tuple((k, v or "") for k, v in row.items() if k not in COLUMNS and k is not None)
    return Mapping(**known, confidence=confidence, extra=extra)


def read_mapping_set(path: Path) -> MappingSet:
    """Parse one SSSOM/TSV file; raises SssomError naming the file and line."""
    try:
        text = path.read_text("utf-8")
    except OSError as error:
        raise SssomError(f"{path}: cannot read the mapping file: {error.strerror}") from error
    metadata, body = _split(text, path)
    header_lines = sum(1 for line in text.splitlines() if line.startswith("#"))
    reader = csv.DictReader(io.StringIO(body), delimiter="\t")
    mappings = tuple(_mapping(row, path, header_lines + n + 2) for n, row in enumerate(reader))
    return MappingSet(path=path, metadata=metadata, mappings=mappings)


def curated_links() -> Path:
    """The curated mapping sets of mgi-graph: data/links of the checkout, or the copy in the
    wheel; never relative to the working directory, so a build gives the same links from anywhere."""
    # An installed package is a folder on disk (pip does not install zipped), so a Path.
    return Path(str(resource_dir("links")))


def read_mapping_sets(folder: Path) -> list[MappingSet]:
    """Every ``*.sssom.tsv`` of ``folder``, by file name; none if the folder is missing."""
    if not folder.is_dir():
        return []
    return [read_mapping_set(p) for p in sorted(folder.glob("*.sssom.tsv"))]


def render_mapping_set(mapping_set: MappingSet) -> str:
    header = yaml.safe_dump(mapping_set.metadata, sort_keys=False, allow_unicode=True, width=1000)
    lines = [f"#{line}" for line in header.splitlines()]
    columns = list(COLUMNS) + [k for k, _ in (mapping_set.mappings[0].extra if mapping_set.mappings else ())]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter="\t", lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for mapping in mapping_set.mappings:
        writer.writerow(mapping.row())
    return "\n".join(lines) + "\n" + out.getvalue()


def append_mappings(path: Path, mappings: Iterable[Mapping]) -> int:
    """Add ``mappings`` not already in ``path`` (same subject, predicate, object); returns how many.

    The header and existing rows are kept byte for byte (curators format them);
    new rows follow the file's own column order. The result goes to a temporary
    file in the same folder, renamed over the original, so a crash or a
    concurrent reader never sees half a file.
    """
    current = read_mapping_set(path)
    seen = {m.key for m in current.mappings}
    new = []
    for mapping in mappings:
        if mapping.key not in seen:
            seen.add(mapping.key)
            new.append(mapping)
    if not new:
        return 0
    text = path.read_text("utf-8")
    columns = _columns(text)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter="\t", lineterminator="\n", extrasaction="ignore")
    for mapping in new:
        writer.writerow(mapping.row())
    _write_atomically(path, (text if text.endswith("\n") else text + "\n") + out.getvalue())
    return len(new)


def create_mapping_set(path: Path, mapping_set_id: str, title: str) -> None:
    """Start an empty SSSOM/TSV file (header and column names); an existing file is kept."""
    if path.exists():
        return
    metadata = {"mapping_set_id": mapping_set_id, "mapping_set_title": title,
                "license": "https://creativecommons.org/publicdomain/zero/1.0/", "curie_map": dict(CURIE_MAP)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, render_mapping_set(MappingSet(path, metadata)))
    except OSError as error:
        raise SssomError(f"{path}: cannot create the mapping file: {error.strerror}") from error


def _columns(text: str) -> list[str]:
    for line in text.splitlines():
        if line and not line.startswith("#"):
            return line.split("\t")
    return list(COLUMNS)


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def wikidata_ids(mapping_sets: Iterable[MappingSet], base: str = DEFAULT_BASE) -> dict[URIRef, str]:
    """Subject IRI under ``base`` -> Wikidata QID ('Q739') for every exact match to a Wikidata
    item: the one shape of the curated links, read by ``registry.locate`` and ``graph``."""
    iris = Iris(base)
    found: dict[URIRef, str] = {}
    for mapping_set in mapping_sets:
        for m in mapping_set.mappings:
            target = mapping_set.expand(m.object_id)
            if mapping_set.expand(m.predicate_id).endswith("#exactMatch") and target.startswith(WIKIDATA):
                found[iris.rebased(mapping_set.expand(m.subject_id))] = target[len(WIKIDATA):]
    return found
