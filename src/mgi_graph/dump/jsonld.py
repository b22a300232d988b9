"""Graph -> nested JSON-LD, written directly (no framing: pyld's framing is superlinear).

A JSON programmer iterates ``doc["profiles"]`` -> ``["findings"]`` ->
``["mentions"]`` without knowing RDF; the document still expands to exactly the
graph: every triple is written once per place its subject appears, and what
the nesting does not reach is listed under ``included``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, XSD

from mgi_graph.dump.jsontext import JsonText
from mgi_graph.dump.jsontext import iter_json as iter_json  # the writers' JSON text
from mgi_graph.graph.indexed import Index, IndexedGraph
from mgi_graph.namespaces import SCHEMA
from mgi_graph.packaged import read_text

# Properties whose objects are written inside their subject, not beside it.
NESTED = frozenset({
    DCTERMS.hasPart, SCHEMA.hasPart, SCHEMA.mentions, DCTERMS.spatial, SCHEMA.containedInPlace,
    PROV.wasDerivedFrom, ORG.subOrganizationOf, SCHEMA.geo,
})
_NATIVE: dict[URIRef, Callable[[str], Any]] = {XSD.integer: int, XSD.boolean: lambda v: v == "true"}
# Looked up for every node: rdflib's namespace attributes cost a call each.
_TYPE, _POSITION, _INTEGER = RDF.type, SCHEMA.position, XSD.integer
_TYPE_IRI = str(RDF.type)

JsonObject = dict[str, Any]


@dataclass(frozen=True)
class Term:
    key: str
    iri: str
    kind: str  # "@id", "@language", a datatype IRI, or "" (plain, native)
    is_set: bool


def load_context() -> JsonObject:
    """The published ``@context`` (ontology/context.jsonld)."""
    return json.loads(read_text("ontology", "context.jsonld"))["@context"]  # type: ignore[no-any-return]


class JsonLdWriter:
    """Writes nodes of one graph as nested JSON-LD objects under one context."""

    def __init__(self, graph: Graph, context: JsonObject,
                 placed: Mapping[URIRef | BNode, JsonText] | None = None) -> None:
        """``placed`` holds nodes already written, put in where they would be nested."""
        self.graph = graph
        self.placed = placed or {}
        # subject -> predicate -> objects: every lookup below is one of these dictionaries.
        self.index = graph.subject_index() if isinstance(graph, IndexedGraph) else _index(graph)
        self.context = context
        self.prefixes, self.terms = _context_terms(context)
        self._compacted: dict[str, str] = {}
        # (predicate, kind of object) -> its term, for every object whose term its value cannot change
        self._term_of_kind: dict[tuple[object, ...], Term | None] = {}

    def document(self, root: URIRef) -> JsonObject:
        """``root`` nested, plus every subject the nesting does not reach under ``included``."""
        reached: set[URIRef | BNode] = set()
        top = self.node(root, (), reached)
        rest = sorted((s for s in self.index if s not in reached), key=str)
        if rest:
            top["included"] = [self.node(_resource(s), (s,), reached, nest=False) for s in rest]
        return {"@context": self.context, **top}

    def node(self, subject: URIRef | BNode, path: tuple[object, ...], reached: set[URIRef | BNode],
             *, nest: bool = True) -> JsonObject:
        reached.add(subject)
        out: JsonObject = {"id": self._id(subject)}
        by_predicate = self.index.get(subject, {})
        types = by_predicate.get(_TYPE)
        if types:
            out["type"] = [self.compact(str(t)) for t in sorted(types, key=str)]
        for iri, predicate in sorted((str(p), p) for p in by_predicate if isinstance(p, URIRef)):
            if iri == _TYPE_IRI:
                continue
            objects = by_predicate[predicate]
            nestable = nest and predicate in NESTED
            for obj in objects if len(objects) == 1 else sorted(objects, key=self._order):
                value: JsonObject | JsonText | None = None
                if nestable and obj not in path:
                    if obj in self.placed:
                        value = self.placed[obj]  # type: ignore[index]
                    elif obj in self.index:
                        value = self.node(_resource(obj), (*path, subject), reached)
                self._put(out, predicate, obj, value)
        return out

    def compact(self, iri: str) -> str:
        compacted = self._compacted.get(iri)
        if compacted is None:
            compacted = self._compacted[iri] = self._compact(iri)
        return compacted

    def _compact(self, iri: str) -> str:
        for prefix, namespace in self.prefixes.items():
            if iri.startswith(namespace) and "/" not in iri[len(namespace):]:
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def _order(self, node: object) -> tuple[int, str, str, str, str]:
        """Findings (anything with a schema:position) in document order, the rest by value."""
        positions = self.index.get(node, {}).get(_POSITION, ()) if isinstance(node, URIRef) else ()
        position = next(iter(positions), None)
        rank = int(position) if isinstance(position, Literal) and position.datatype == _INTEGER else 0
        return (rank, type(node).__name__, str(node), str(getattr(node, "datatype", "")),
                str(getattr(node, "language", "")))

    def _id(self, node: URIRef | BNode) -> str:
        return f"_:{node}" if isinstance(node, BNode) else str(node)

    def _put(self, out: JsonObject, predicate: URIRef, obj: object, nested: JsonObject | JsonText | None) -> None:
        term = self._term_for(predicate, obj)
        if term is None:
            _append(out, self.compact(str(predicate)), nested or self._value_object(obj), as_list=True)
        elif term.kind == "@language":
            assert isinstance(obj, Literal)
            _append(out.setdefault(term.key, {}), str(obj.language), str(obj), as_list=term.is_set)
        else:
            value = nested or (self._id(obj) if term.kind == "@id" else _plain(obj))  # type: ignore[arg-type]
            _append(out, term.key, value, as_list=term.is_set)

    def _term_for(self, predicate: URIRef, obj: object) -> Term | None:
        datatype = getattr(obj, "datatype", None)
        if datatype in _NATIVE:
            return self._first_fitting(predicate, obj)  # whether it fits depends on its value
        kind = (predicate, type(obj), datatype, getattr(obj, "language", None) is None)
        if kind not in self._term_of_kind:
            self._term_of_kind[kind] = self._first_fitting(predicate, obj)
        return self._term_of_kind[kind]

    def _first_fitting(self, predicate: URIRef, obj: object) -> Term | None:
        for term in self.terms.get(str(predicate), ()):
            if _fits(term, obj):
                return term
        return None

    def _value_object(self, obj: object) -> JsonObject:
        if isinstance(obj, (URIRef, BNode)):
            return {"@id": self._id(obj)}
        assert isinstance(obj, Literal)
        if obj.language:
            return {"@value": str(obj), "@language": obj.language}
        if obj.datatype and obj.datatype != XSD.string:
            return {"@value": str(obj), "@type": self.compact(str(obj.datatype))}
        return {"@value": str(obj)}


def _index(graph: Graph) -> Index:
    index: Index = {}
    for s, p, o in graph:
        index.setdefault(s, {}).setdefault(p, {})[o] = None
    return index


# The last context read and its prefixes and terms: a build writes some 500 documents under one.
_last_context: list[tuple[JsonObject, dict[str, str], dict[str, list[Term]]]] = []


def _context_terms(context: JsonObject) -> tuple[dict[str, str], dict[str, list[Term]]]:
    """The prefixes and terms of ``context``, worked out once for the same context object."""
    if not _last_context or _last_context[0][0] is not context:
        prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}
        _last_context[:] = [(context, prefixes, _terms(context, prefixes))]
    _, prefixes, terms = _last_context[0]
    return prefixes, terms


def _terms(context: JsonObject, prefixes: dict[str, str]) -> dict[str, list[Term]]:
    def expand(value: str) -> str:
        prefix, _, local = value.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else value

    terms: dict[str, list[Term]] = {}
    for key, definition in context.items():
        if key.startswith("@") or key in prefixes:
            continue
        if isinstance(definition, str):
            definition = {"@id": definition}
        iri = definition["@id"]
        if iri.startswith("@"):
            continue
        container = definition.get("@container", [])
        containers = set(container) if isinstance(container, list) else {container}
        kind = "@language" if "@language" in containers else expand(definition.get("@type", ""))
        terms.setdefault(expand(iri), []).append(Term(key, expand(iri), kind, "@set" in containers))
    return terms


def _fits(term: Term, obj: object) -> bool:
    if term.kind == "@id":
        return isinstance(obj, URIRef)
    if not isinstance(obj, Literal):
        return False
    if term.kind == "@language":
        return obj.language is not None
    if term.kind:
        return obj.language is None and str(obj.datatype) == term.kind
    return obj.language is None and _native_fits(obj)


def _native_fits(obj: Literal) -> bool:
    if obj.datatype in (None, XSD.string):
        return True
    if obj.datatype in _NATIVE:
        return str(obj) == str(Literal(_plain(obj)))
    return False


def _resource(node: object) -> URIRef | BNode:
    assert isinstance(node, (URIRef, BNode)), node
    return node


def _plain(obj: Literal) -> Any:
    convert = _NATIVE.get(obj.datatype) if obj.datatype else None
    return convert(str(obj)) if convert else str(obj)


def _append(container: JsonObject, key: str, value: Any, *, as_list: bool) -> None:
    if key not in container:
        container[key] = [value] if as_list else value
        return
    current = container[key]
    container[key] = [*current, value] if isinstance(current, list) else [current, value]


