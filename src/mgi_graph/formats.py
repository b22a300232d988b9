"""The one table of formats: media types, file extensions, short names and the rdflib and
pyoxigraph names of every format mgi-graph reads, writes, sends or accepts.

The table is data (``formats.tsv`` beside this module); every other module takes its media
types, extensions and format names from here, so a format is described once
(tests/test_formats.py fails when a media type is spelled anywhere else).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # pyoxigraph is imported only by the code that serialises
    import pyoxigraph

__all__ = [
    "BINARY", "CSV", "CSVW", "FORM", "FORMATS", "GZIP", "HTML", "JSON", "JSONLD", "NQUADS", "NTRIPLES",
    "RDFXML", "SPARQL_JSON", "SPARQL_QUERY", "SPARQL_UPDATE", "SPARQL_XML", "TEXT", "TSV", "TURTLE", "XML",
    "Format", "FormatKind", "format_of_file", "oxigraph_format",
]

TABLE = "formats.tsv"
FormatKind = Literal["graph", "dataset", "results", "other"]


@dataclass(frozen=True)
class Format:
    """One row of the table (its header comment says what each column means)."""

    name: str
    media_type: str
    aliases: tuple[str, ...]
    key: str
    names: tuple[str, ...]
    extension: str
    rdflib: str
    oxigraph: str
    kind: FormatKind
    charset: str
    file_type: str

    @property
    def content_type(self) -> str:
        """The media type with its charset parameter, where the type takes one."""
        return f"{self.media_type}; charset={self.charset}" if self.charset else self.media_type

    def rdf_format(self) -> pyoxigraph.RdfFormat:
        """pyoxigraph's name for this RDF format; ValueError for a format that is not RDF."""
        import pyoxigraph

        if not self.oxigraph:
            raise ValueError(f"{self.name} is not an RDF format")
        return getattr(pyoxigraph.RdfFormat, self.oxigraph)  # type: ignore[no-any-return]


def _load() -> dict[str, Format]:
    lines = [line for line in (files(__package__) / TABLE).read_text("utf-8").splitlines()
             if line and not line.startswith("#")]
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:]]
    return {row["name"]: _format(row) for row in rows}


def _format(row: dict[str, str]) -> Format:
    return Format(
        name=row["name"], media_type=row["media_type"], aliases=tuple(row["aliases"].split()), key=row["key"],
        names=tuple(row["names"].split()), extension=row["extension"], rdflib=row["rdflib"],
        oxigraph=row["oxigraph"], kind=row["kind"], charset=row["charset"],  # type: ignore[arg-type]
        file_type=row["file_type"],
    )


FORMATS: dict[str, Format] = _load()
HTML = FORMATS["html"]
TURTLE = FORMATS["turtle"]
NTRIPLES = FORMATS["ntriples"]
NQUADS = FORMATS["nquads"]
JSONLD = FORMATS["jsonld"]
RDFXML = FORMATS["rdfxml"]
SPARQL_JSON = FORMATS["sparql-json"]
SPARQL_XML = FORMATS["sparql-xml"]
CSV = FORMATS["csv"]
TSV = FORMATS["tsv"]
TEXT = FORMATS["text"]
JSON = FORMATS["json"]
CSVW = FORMATS["csvw"]
XML = FORMATS["xml"]
SPARQL_QUERY = FORMATS["sparql-query"]
SPARQL_UPDATE = FORMATS["sparql-update"]
FORM = FORMATS["form"]
GZIP = FORMATS["gzip"]
BINARY = FORMATS["binary"]
_BY_EXTENSION = {f".{f.extension}": f for f in FORMATS.values() if f.extension}
_RDF_BY_KEY = {f.key: f for f in FORMATS.values() if f.oxigraph}


def format_of_file(name: str) -> Format | None:
    """The format of a file by the last ending of its name (``mgi.nq.gz`` is gzip); None if unknown."""
    dot = name.rfind(".")
    return _BY_EXTENSION.get(name[dot:]) if dot > 0 else None


def oxigraph_format(key: str) -> pyoxigraph.RdfFormat:
    """pyoxigraph's format for the RDF format whose key is ``key`` (``ttl``, ``jsonld``: a document's
    extension, ``?format=``'s value); ValueError for a key that names no RDF format."""
    fmt = _RDF_BY_KEY.get(key)
    if fmt is None:
        raise ValueError(f"{key!r} names no RDF format")
    return fmt.rdf_format()
