"""SPARQL results documents of SELECT and ASK queries: JSON, XML, CSV and TSV.

The one writer of query results, for the command line (``results.format_table``) and
for the server's query workers. A value is given as its SPARQL JSON binding
(``{"type": "uri", "value": …}``; None when unbound), which both engines' terms map
to without loss: ``binding`` maps pyoxigraph's, ``results`` maps rdflib's. The module
imports only the standard library, pyoxigraph and the formats table, so a worker starts fast.

pyoxigraph's ``QuerySolutions.serialize`` writes these formats too, but only a live
result read to its end: a worker stops reading at ``max_rows + 1`` rows and writes
what it read, and the command line also writes rows from rdflib and from remote
endpoints. Its TSV also shortens terms the Turtle way (``3`` for ``"3"^^xsd:integer``)
where this writer keeps each term's N-Triples form.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from mgi_graph.formats import FORMATS
from mgi_graph.namespaces import XSD_STRING

__all__ = ["SELECT_FORMATS", "Binding", "binding", "ntriples", "write_boolean", "write_solutions"]

# The keys of the SPARQL results formats of the formats table: json, xml, csv, tsv.
SELECT_FORMATS = tuple(f.key for f in FORMATS.values() if f.kind == "results")
# One value as SPARQL 1.1 Query Results JSON writes it (a triple term as SPARQL 1.2 does).
Binding = Mapping[str, Any]
Row = Sequence[Binding | None]
_XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
_TRIPLE_PARTS = ("subject", "predicate", "object")
_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def binding(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, Any]:
    """The SPARQL JSON binding of a pyoxigraph term (no datatype for a simple literal)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": binding(term.subject), "predicate": binding(term.predicate),
                                            "object": binding(term.object)}}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value == XSD_STRING:
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def write_solutions(names: Sequence[str], rows: Sequence[Row], fmt: str, *, indent: int | None = None) -> str:
    """The ``fmt`` document (one of ``SELECT_FORMATS``) of a SELECT's ``rows``, each holding
    the bindings of ``names`` in order; ``indent`` indents JSON (for people reading it)."""
    if fmt == "json":
        bindings = [{n: b for n, b in zip(names, row) if b is not None} for row in rows]
        document = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False, indent=indent)
    if fmt == "xml":
        return "".join(_xml_lines(names, rows))
    if fmt == "csv":
        return _csv_lines([list(names), *([_csv_value(b) for b in row] for row in rows)])
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join("" if b is None else ntriples(b) for b in row) for row in rows]
    return "\n".join(lines) + "\n"


def write_boolean(value: bool, fmt: str, *, indent: int | None = None) -> str:
    """The ``fmt`` document (one of ``SELECT_FORMATS``) of an ASK query's answer."""
    text = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}, indent=indent)
    if fmt == "xml":
        return f"{_XML_HEAD}<head/><boolean>{text}</boolean></sparql>\n"
    if fmt == "csv":
        return _csv_lines([[text]])
    return text + "\n"


def ntriples(value: Binding) -> str:
    """A value in N-Triples syntax (TSV results encode values so; a triple term as RDF 1.2)."""
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return f"<{text}>"
    if kind == "bnode":
        return f"_:{text}"
    if kind == "triple":
        return "<<( " + " ".join(ntriples(text[part]) for part in _TRIPLE_PARTS) + " )>>"
    quoted = '"' + text.translate(_NT_ESCAPES) + '"'
    if "xml:lang" in value:
        return f"{quoted}@{value['xml:lang']}"
    return f"{quoted}^^<{value['datatype']}>" if "datatype" in value else quoted


def _csv_value(value: Binding | None) -> str:
    if value is None:
        return ""
    if value["type"] == "bnode":
        return f"_:{value['value']}"
    return ntriples(value) if value["type"] == "triple" else str(value["value"])


def _csv_lines(rows: list[list[str]]) -> str:
    """RFC 4180 lines (CRLF line ends, quoted where needed)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _xml_value(value: Binding) -> str:
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return f"<uri>{escape(text)}</uri>"
    if kind == "bnode":
        return f"<bnode>{escape(text)}</bnode>"
    if kind == "triple":
        return "<triple>" + "".join(f"<{p}>{_xml_value(text[p])}</{p}>" for p in _TRIPLE_PARTS) + "</triple>"
    if "xml:lang" in value:
        return f"<literal xml:lang={quoteattr(value['xml:lang'])}>{escape(text)}</literal>"
    if "datatype" in value:
        return f"<literal datatype={quoteattr(value['datatype'])}>{escape(text)}</literal>"
    return f"<literal>{escape(text)}</literal>"


def _xml_lines(names: Sequence[str], rows: Sequence[Row]) -> Iterator[str]:
    yield f"{_XML_HEAD}\n<head>"
    yield "".join(f"<variable name={quoteattr(n)}/>" for n in names)
    yield "</head>\n<results>\n"
    for row in rows:
        cells = "".join(f"<binding name={quoteattr(n)}>{_xml_value(b)}</binding>"
                        for n, b in zip(names, row) if b is not None)
        yield f"<result>{cells}</result>\n"
    yield "</results>\n</sparql>\n"
