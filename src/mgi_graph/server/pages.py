"""The data behind each HTML page, read from the store with fixed, parameterised queries.

Resource IRIs go into the fixed queries (``$r``) only as pyoxigraph writes a
valid ``NamedNode``. Each function returns plain dicts and lists for a template.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from mgi_graph.namespaces import MGI_NS
from mgi_graph.server.views import Cell, View

PREFIXES = """
PREFIX mgi: <https://w3id.org/mgi/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
ORG_ORGANIZATION = "http://www.w3.org/ns/org#Organization"
INSTRUMENT = MGI_NS + "Instrument"
# Links to registries shown as buttons on place, country and organisation pages.
REGISTRIES = (
    ("http://www.wikidata.org/entity/", "Wikidata"),
    ("https://sws.geonames.org/", "GeoNames"),
)
# Codes shown in the identifiers box, by property IRI.
CODES = {
    MGI_NS + "iso3166Alpha2": "ISO 3166-1 alpha-2",
    MGI_NS + "iso3166Alpha3": "ISO 3166-1 alpha-3",
    MGI_NS + "iso3166Numeric": "ISO 3166-1 numeric",
    MGI_NS + "iso31662Code": "ISO 3166-2",
    MGI_NS + "m49Code": "UN M49",
    MGI_NS + "geonamesId": "GeoNames id",
}

Row = dict[str, Any]
LABEL_KINDS = ("prefLabel", "altLabel", "definition", "localDefinition", "nationalDefinition")


def select(store: ox.Store, sparql: str, **bindings: str) -> list[Row]:
    """Rows of a SELECT over the union of all graphs.

    ``bindings`` are IRIs put in place of ``$name`` in the query text, as
    pyoxigraph writes them (``NamedNode`` refuses anything that is not an IRI,
    so nothing else can get into the query).
    """
    for name, iri in bindings.items():
        sparql = sparql.replace(f"${name}", str(ox.NamedNode(iri)))
    result = store.query(PREFIXES + sparql, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: s[n] for n in names} for s in result]


def _value(term: Any) -> str | None:
    return None if term is None else str(term.value)


@dataclass(frozen=True)
class Concept:
    iri: str
    notation: str


@dataclass(frozen=True)
class Vocabulary:
    """The domain and polarity schemes, in their fixed order (read once)."""

    domains: tuple[Concept, ...]
    polarities: tuple[Concept, ...]

    @classmethod
    def read(cls, store: ox.Store, base: str) -> Vocabulary:
        def concepts(scheme: str) -> tuple[Concept, ...]:
            rows = select(store, "SELECT ?c ?n WHERE { ?c skos:inScheme $s ; skos:notation ?n }", s=base + scheme)
            found = {Concept(str(r["c"].value), str(r["n"].value)) for r in rows}
            return tuple(sorted(found, key=lambda c: (_number(c.notation), c.notation)))

        return cls(concepts("domain"), concepts("polarity"))


def _number(text: str) -> int:
    return int(text) if text.isdigit() else 1_000


def home(store: ox.Store, vocabulary: Vocabulary, view: View) -> Row:
    """The profiles table and the domain x profile matrix of well-developed/potential counts."""
    profiles = select(store, """
        SELECT ?p ?id ?issued ?language ?country ?place ?level (COUNT(DISTINCT ?f) AS ?n) WHERE {
          ?p a mgi:Profile ; dcterms:identifier ?id .
          OPTIONAL { ?p dcterms:issued ?issued } OPTIONAL { ?p dcterms:language ?language }
          OPTIONAL { ?p mgi:country ?country } OPTIONAL { ?p dcterms:spatial ?place }
          OPTIONAL { ?p mgi:level ?level } OPTIONAL { ?p schema:hasPart ?f }
        } GROUP BY ?p ?id ?issued ?language ?country ?place ?level ORDER BY ?id""")
    counts = select(store, """
        SELECT ?p ?d ?pol (COUNT(DISTINCT ?f) AS ?n) WHERE {
          ?p a mgi:Profile ; schema:hasPart ?f . ?f mgi:domain ?d ; mgi:polarity ?pol
        } GROUP BY ?p ?d ?pol""")
    matrix: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in counts:
        slug = str(row["pol"].value).rsplit("/", 1)[-1]
        matrix[(str(row["p"].value), str(row["d"].value))][slug] = int(row["n"].value)
    columns = [_profile_row(row, view) for row in profiles]
    rows = []
    for domain in vocabulary.domains:
        cells = []
        for column in columns:
            cell = matrix.get((column["iri"], domain.iri), {})
            good, gap = cell.get("well-developed", 0), cell.get("potential", 0)
            cells.append({"good": good, "gap": gap, "total": good + gap, "shade": heat_shade(good, gap),
                          "profile": column["id"], "domain": domain.iri.rsplit("/", 1)[-1]})
        rows.append({"domain": view.cell(ox.NamedNode(domain.iri)), "notation": domain.notation, "cells": cells,
                     "good": sum(c["good"] for c in cells), "gap": sum(c["gap"] for c in cells)})
    for index, column in enumerate(columns):
        column["good"] = sum(row["cells"][index]["good"] for row in rows)
        column["gap"] = sum(row["cells"][index]["gap"] for row in rows)
    return {"profiles": columns, "matrix": rows}


# The five classes of the heat map, from mostly potential to mostly well developed
# (ColorBrewer PuOr, colour-blind safe; styles in static/style.css). Balanced is neutral.
SHADES = ("gap-strong", "gap", "balanced", "good", "good-strong")


def heat_shade(good: int, gap: int) -> str:
    """The class of a cell: the share of well-developed findings, in five steps."""
    total = good + gap
    if not total or good == gap:
        return "balanced" if total else "empty"
    share = good / total
    return SHADES[0] if share <= 0.25 else SHADES[1] if share < 0.5 else SHADES[3] if share < 0.75 else SHADES[4]


def _profile_row(row: Row, view: View) -> Row:
    return {
        "iri": str(row["p"].value),
        "link": view.cell(row["p"]),
        "id": _value(row["id"]),
        "issued": _value(row.get("issued")),
        "language": _value(row.get("language")),
        "country": view.cell(row.get("country")),
        "place": view.cell(row.get("place")),
        "level": view.cell(row.get("level")),
        "findings": int(row["n"].value) if row.get("n") is not None else 0,
    }


def profile(store: ox.Store, vocabulary: Vocabulary, view: View, iri: str) -> Row:
    """A profile's facts, its findings grouped by domain (in MGI order) and its provenance."""
    facts = select(store, """
        SELECT ?id ?title ?issued ?language ?country ?place ?level ?source ?sha ?path ?address ?build WHERE {
          $r dcterms:identifier ?id .
          OPTIONAL { $r dcterms:title ?title } OPTIONAL { $r dcterms:issued ?issued }
          OPTIONAL { $r dcterms:language ?language } OPTIONAL { $r mgi:country ?country }
          OPTIONAL { $r dcterms:spatial ?place } OPTIONAL { $r mgi:level ?level }
          OPTIONAL { $r prov:wasDerivedFrom ?source OPTIONAL { ?source mgi:sha256 ?sha } OPTIONAL { ?source mgi:sourcePath ?path }
                     OPTIONAL { ?source dcterms:source ?address } }
          OPTIONAL { $r prov:wasGeneratedBy ?build }
        } LIMIT 1""", r=iri)
    findings = select(store, """
        SELECT ?f ?position ?d ?pol ?text WHERE {
          $r schema:hasPart ?f . ?f schema:position ?position ; mgi:domain ?d ; mgi:polarity ?pol ; schema:text ?text
        } ORDER BY ?position""", r=iri)
    mentions = _mentions(store, view, iri)
    groups = []
    for domain in vocabulary.domains:
        items = [_finding(row, view, mentions) for row in findings if row["d"].value == domain.iri]
        groups.append({
            "domain": view.cell(ox.NamedNode(domain.iri)),
            "notation": domain.notation,
            "anchor": domain.iri.rsplit("/", 1)[-1],
            "findings": items,
            "good": sum(1 for f in items if f["polarity"] == "well-developed"),
            "gap": sum(1 for f in items if f["polarity"] == "potential"),
        })
    row = facts[0] if facts else {}
    return {
        "iri": iri,
        "title": _value(row.get("title")),
        "id": _value(row.get("id")),
        "issued": _value(row.get("issued")),
        "language": _value(row.get("language")),
        "country": view.cell(row.get("country")),
        "place": view.cell(row.get("place")),
        "level": view.cell(row.get("level")),
        "source": view.cell(row.get("source")),
        "sha256": _value(row.get("sha")),
        "source_path": _value(row.get("path")),
        "original": _value(row.get("address")),
        "build": view.cell(row.get("build")),
        "groups": groups,
        "total": len(findings),
    }


def _mentions(store: ox.Store, view: View, profile_iri: str) -> dict[str, list[Row]]:
    rows = select(store, """
        SELECT ?f ?m ?type WHERE { $r schema:hasPart ?f . ?f schema:mentions ?m OPTIONAL { ?m a ?type } }
        ORDER BY ?f ?m""", r=profile_iri)
    by_finding: dict[str, dict[str, Row]] = defaultdict(dict)
    for row in rows:
        mention = by_finding[str(row["f"].value)].setdefault(
            str(row["m"].value), {"cell": view.cell(row["m"]), "kind": "other"})
        kind = _value(row.get("type"))
        if kind == ORG_ORGANIZATION:
            mention["kind"] = "institution"
        elif kind == INSTRUMENT and mention["kind"] == "other":
            mention["kind"] = "instrument"
    return {finding: list(found.values()) for finding, found in by_finding.items()}


def _finding(row: Row, view: View, mentions: dict[str, list[Row]]) -> Row:
    iri = str(row["f"].value)
    return {
        "iri": iri,
        "href": view.page(iri),
        "position": _value(row["position"]),
        "polarity": str(row["pol"].value).rsplit("/", 1)[-1],
        "polarity_label": view.label(str(row["pol"].value)),
        "text": row["text"].value,
        "language": row["text"].language,
        "mentions": mentions.get(iri, []),
    }


def domain(store: ox.Store, view: View, iri: str) -> Row:
    """A domain's labels and definitions in every language, and its findings across profiles."""
    labels = select(store, """
        SELECT ?kind ?text WHERE {
          VALUES ?kind { skos:prefLabel skos:altLabel skos:definition mgi:localDefinition mgi:nationalDefinition }
          $r ?kind ?text }""", r=iri)
    by_language: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in labels:
        kind = str(row["kind"].value).rsplit("#", 1)[-1]
        by_language[row["text"].language or ""][kind].append(row["text"].value)
    findings = select(store, """
        SELECT ?p ?f ?position ?pol ?text WHERE {
          ?f mgi:domain $r ; schema:isPartOf ?p ; schema:position ?position ; mgi:polarity ?pol ; schema:text ?text
        } ORDER BY ?p ?position""", r=iri)
    profiles: dict[str, Row] = {}
    for row in findings:
        entry = profiles.setdefault(str(row["p"].value), {"profile": view.cell(row["p"]), "findings": []})
        entry["findings"].append(_finding({**row, "f": row["f"]}, view, {}))
    order = [lang for lang in view.languages if lang in by_language] + sorted(set(by_language) - set(view.languages))
    notation = select(store, "SELECT ?n WHERE { $r skos:notation ?n } LIMIT 1", r=iri)
    return {
        "languages": [{"code": lang, **{k: by_language[lang].get(k, []) for k in LABEL_KINDS}} for lang in order],
        "profiles": list(profiles.values()),
        "notation": _value(notation[0]["n"]) if notation else None,
        "total": len(findings),
    }


def related(store: ox.Store, view: View, iri: str, triples: list[ox.Triple]) -> Row:
    """What the generic resource page adds to the property table: registry links, codes,
    profiles about a place, findings that mention an institution, and other inverse links."""
    node = ox.NamedNode(iri)
    own = [t for t in triples if t.subject == node]
    links = sorted({str(t.object.value) for t in own if isinstance(t.object, ox.NamedNode)
                    and str(t.predicate.value).endswith(("#exactMatch", "/sameAs", "#sameAs"))})
    external = [{"name": name, "href": link, "id": link[len(prefix):].strip("/")}
                for link in links for prefix, name in REGISTRIES if link.startswith(prefix)]
    codes = [{"name": CODES[str(t.predicate.value)], "value": t.object.value}
             for t in own if str(t.predicate.value) in CODES and isinstance(t.object, ox.Literal)]
    about = select(store, """
        SELECT DISTINCT ?p WHERE { ?p a mgi:Profile . { ?p dcterms:spatial $r } UNION { ?p mgi:country $r } UNION { ?p schema:about $r } }
        ORDER BY ?p""", r=iri)
    mentioned = select(store, """
        SELECT ?p ?f ?position ?pol ?text WHERE {
          ?f schema:mentions $r ; schema:isPartOf ?p ; schema:position ?position ; mgi:polarity ?pol ; schema:text ?text
        } ORDER BY ?p ?position LIMIT 500""", r=iri)
    inverse = select(store, """
        SELECT DISTINCT ?s ?pred WHERE { ?s ?pred $r FILTER(?pred NOT IN (schema:mentions, mgi:domain, mgi:polarity)) }
        ORDER BY ?pred ?s LIMIT 201""", r=iri)
    return {
        "external": sorted(external, key=lambda e: (e["name"], e["id"])),
        "codes": codes,
        "profiles": [view.cell(row["p"]) for row in about],
        "mentioned": [{"profile": view.cell(row["p"]), **_finding(row, view, {})} for row in mentioned],
        "inverse": [{"subject": view.cell(row["s"]), "predicate": view.cell(row["pred"])} for row in inverse[:200]],
        "inverse_more": len(inverse) > 200,
    }
