"""What HTML pages share: the Jinja2 environment, labels in the reader's language, links.

``LabelIndex`` (``labels``) is read once at start-up (the store never changes); ``View`` is
made per request and carries the language and the server's address, so that
templates write ``v.label(iri)`` and ``v.href(iri)`` and never see the base.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import jinja2
import pyoxigraph as ox

from mgi_graph.languages import LANGUAGES, language_name
from mgi_graph.namespaces import MGI_NS, PREFIXES
from mgi_graph.query.solutions import ntriples
from mgi_graph.server.describe import IriMap
from mgi_graph.server.examples import parameter_label, summary
from mgi_graph.server.i18n import translate, translate_plural
from mgi_graph.server.labels import LabelIndex

LANGUAGE_NAMES = {code: language_name(code) for code in LANGUAGES}
XSD = "http://www.w3.org/2001/XMLSchema#"
# The only IRIs that become links in a page.
WEB_SCHEMES = ("http://", "https://")
# The graph's prefixes, plus rdf: (rdf:type is on every page).
SHOWN_PREFIXES = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", **PREFIXES}
NUMERIC = frozenset({"integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger"})


def make_templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mgi_graph.server", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    # Old-style gettext: the i18n extension marks the translation safe and then
    # %-formats it with the escaped variables of {% trans %} blocks.
    env.globals["SPARQL_PREFIXES"] = SHOWN_PREFIXES
    env.globals["query_summary"] = _query_summary
    env.globals["parameter_label"] = _parameter_label
    env.globals["gettext"] = _gettext
    env.globals["ngettext"] = _ngettext
    return env


@jinja2.pass_context
def _gettext(context: jinja2.runtime.Context, message: str) -> str:
    return translate(context["v"].language, message)


@jinja2.pass_context
def _query_summary(context: jinja2.runtime.Context, name: str, fallback: str) -> str:
    return summary(name, context["v"].language, fallback)


@jinja2.pass_context
def _parameter_label(context: jinja2.runtime.Context, name: str, parameter: str) -> str:
    return parameter_label(name, parameter, context["v"].language)


@jinja2.pass_context
def _ngettext(context: jinja2.runtime.Context, singular: str, plural: str, n: int) -> str:
    return translate_plural(context["v"].language, singular, plural, n)


def compact(iri: str) -> str:
    """``schema:name`` for a known namespace, else the IRI itself."""
    for prefix, namespace in SHOWN_PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace) and "/" not in iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


@dataclass(frozen=True)
class Cell:
    """A term ready for a template: text to show, a link (or None), language and datatype."""

    text: str
    href: str | None = None
    language: str | None = None
    datatype: str | None = None
    iri: str | None = None
    numeric: bool = False


@dataclass(frozen=True)
class View:
    iris: IriMap
    labels: LabelIndex
    language: str
    path: str = "/"
    query: dict[str, str] = field(default_factory=dict)
    # The page's own parameters (``q``, facets), kept when the language changes.
    params: dict[str, list[str]] = field(default_factory=dict)

    def href(self, iri: str) -> str:
        """A link for ``iri``: this server's page for IRIs under the base, the IRI otherwise."""
        return self.iris.to_served(iri)

    def page(self, iri: str) -> str:
        """Where a link to ``iri`` goes: the resource on this server for IRIs of this graph
        (it answers with a 303 to its HTML page; ``?lang=`` is kept), the IRI itself otherwise.
        Ontology terms go to their anchor on this server's ``/ontology`` page."""
        if iri.startswith(MGI_NS) and MGI_NS.startswith(self.iris.base):
            return self.keep(self.iris.served + MGI_NS[len(self.iris.base):].rstrip("#")) + "#" + iri[len(MGI_NS):]
        served = self.iris.to_served(iri)
        if not served.startswith(self.iris.served) or "lang" not in self.query:
            return served
        head, hash_, fragment = served.partition("#")
        return f"{head}?{urlencode({'lang': self.query['lang']})}{hash_}{fragment}"

    def link(self, iri: str) -> str | None:
        """``page(iri)`` when ``iri`` is a web address; None (shown as text) for any other
        scheme: a ``javascript:`` or ``data:`` IRI in a result must not become a link."""
        return self.page(iri) if iri.lower().startswith(WEB_SCHEMES) else None

    def label(self, iri: str) -> str:
        return self.labels.get(iri, self.language) or self.fallback(iri)

    def fallback(self, iri: str) -> str:
        short = compact(iri)
        if short != iri:
            return short
        if iri.startswith(self.iris.base):
            # No label: the last segment of the path names it ("co-medellin-2022"); a number
            # names a part of something, shown with it ("co-medellin-2022 #3").
            segments = iri[len(self.iris.base):].rstrip("/").split("/")
            if segments[-1].isdigit() and len(segments) >= 3:
                return f"{segments[-3]} #{segments[-1]}"
            if segments[0] == "profile" and len(segments) == 3:  # a profile's source text, inference…
                return f"{segments[1]} {segments[2].replace('-', ' ')}"
            return segments[-1]
        return iri

    def cell(self, term: object) -> Cell:
        if term is None:
            return Cell("")
        if isinstance(term, ox.NamedNode):
            return Cell(self.label(term.value), self.link(term.value), iri=term.value)
        if isinstance(term, ox.BlankNode):
            return Cell(f"_:{term.value}")
        if not isinstance(term, ox.Literal):
            return Cell(str(term))  # an RDF-star triple: not in this graph, shown as written
        datatype = term.datatype.value
        shown = None if term.language or datatype in (XSD + "string",) else compact(datatype)
        return Cell(term.value, language=term.language, datatype=shown)

    def json_cell(self, binding: dict[str, str] | None) -> Cell:
        """A cell from a SPARQL JSON results binding."""
        if binding is None:
            return Cell("")
        if binding["type"] == "uri":
            return Cell(self.label(binding["value"]), self.link(binding["value"]), iri=binding["value"])
        if binding["type"] in ("bnode", "triple"):
            return Cell(ntriples(binding))
        datatype = binding.get("datatype")
        numeric = datatype is not None and datatype[len(XSD):] in NUMERIC
        return Cell(binding["value"], language=binding.get("xml:lang"),
                    datatype=compact(datatype) if datatype else None, numeric=numeric)

    def with_lang(self, language: str) -> str:
        """This page's URL in another language (its other parameters kept)."""
        params = {**self.query, **self.params, "lang": language}
        return f"{self.path}?{urlencode(params, doseq=True)}"

    def to(self, path: str, **params: Any) -> str:
        """A link to ``path`` on this server, keeping the reader's ``?lang=``.
        ``params`` with a list value repeat (``profiles=a&profiles=b``); None ones are left out."""
        pairs: list[tuple[str, str]] = []
        for name, value in params.items():
            values = value if isinstance(value, (list, tuple)) else [value]
            pairs.extend((name, str(item)) for item in values if item is not None and item != "")
        if "lang" in self.query:
            pairs.append(("lang", self.query["lang"]))
        return self.iris.served + path + (f"?{urlencode(pairs)}" if pairs else "")

    def keep(self, url: str) -> str:
        """``url`` (a page of this server) with the reader's ``?lang=`` kept."""
        if "lang" not in self.query:
            return url
        return f"{url}{'&' if '?' in url else '?'}{urlencode({'lang': self.query['lang']})}"

    def t(self, message: str) -> str:
        """``message`` in the reader's language (for words made in Python, not templates)."""
        return translate(self.language, message)

    @property
    def languages(self) -> tuple[str, ...]:
        return LANGUAGES

    def root(self) -> str:
        return self.iris.served
