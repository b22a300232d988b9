"""The data of the index pages (countries, places, institutions, instruments) and of the
comparison of profiles, read from the store with fixed queries (as ``pages`` does)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import pyoxigraph as ox

from mgi_graph.iris import Iris
from mgi_graph.server.pages import Row, Vocabulary, select
from mgi_graph.server.views import View

LOCAL, NATIONAL, INTERNATIONAL = "local", "national", "international"


def profile_choices(store: ox.Store, view: View) -> list[Row]:
    """Every profile by the name of the entity it assesses (and its year), for pickers."""
    rows = select(store, """
        SELECT ?p ?id (SAMPLE(?entity) AS ?name) (SAMPLE(?issued) AS ?date) WHERE {
          ?p a mgi:Profile ; dcterms:identifier ?id .
          OPTIONAL { ?p mgi:entityName ?entity } OPTIONAL { ?p dcterms:issued ?issued }
        } GROUP BY ?p ?id ORDER BY ?id""")
    choices = []
    for row in rows:
        name = str(row["name"].value) if row.get("name") else view.label(str(row["p"].value))
        year = str(row["date"].value)[:4] if row.get("date") else ""
        choices.append({"id": str(row["id"].value), "iri": str(row["p"].value), "name": name, "year": year,
                        "href": view.page(str(row["p"].value)),
                        "title": f"{name} ({year})" if year else name})
    return sorted(choices, key=lambda c: (c["name"].casefold(), c["year"]))


def compare(store: ox.Store, vocabulary: Vocabulary, view: View, chosen: Sequence[Row]) -> list[Row]:
    """Per domain (MGI order): each chosen profile's findings and counts, in the order chosen."""
    if not chosen:
        return []
    values = " ".join(str(ox.NamedNode(c["iri"])) for c in chosen)
    rows = select(store, f"""
        SELECT ?p ?f ?position ?d ?pol ?text WHERE {{
          VALUES ?p {{ {values} }}
          ?p schema:hasPart ?f . ?f schema:position ?position ; mgi:domain ?d ; mgi:polarity ?pol ; schema:text ?text
        }} ORDER BY ?p ?position""")
    cells: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        text = row["text"]
        cells[(str(row["p"].value), str(row["d"].value))].append({
            "href": view.page(str(row["f"].value)),
            "position": int(row["position"].value),
            "polarity": _slug(str(row["pol"].value)),
            "polarity_label": view.label(str(row["pol"].value)),
            "text": text.value,
            "language": text.language,
        })
    domains = []
    for domain in vocabulary.domains:
        columns = []
        for profile in chosen:
            findings = cells.get((profile["iri"], domain.iri), [])
            columns.append({"profile": profile, "findings": findings,
                            "good": sum(f["polarity"] == "well-developed" for f in findings),
                            "gap": sum(f["polarity"] == "potential" for f in findings)})
        domains.append({"domain": view.cell(ox.NamedNode(domain.iri)), "notation": domain.notation,
                        "slug": _slug(domain.iri), "columns": columns})
    return domains


def countries(store: ox.Store, view: View) -> list[Row]:
    rows = select(store, """
        SELECT ?c (SAMPLE(?code) AS ?iso) (COUNT(DISTINCT ?p) AS ?profiles) WHERE {
          ?c a schema:Country . OPTIONAL { ?c mgi:iso3166Alpha2 ?code } OPTIONAL { ?p mgi:country ?c }
        } GROUP BY ?c""")
    found = [{"cell": view.cell(r["c"]), "code": str(r["iso"].value) if r.get("iso") else "",
              "profiles": int(r["profiles"].value)} for r in rows]
    return sorted(found, key=lambda c: c["cell"].text.casefold())


def places(store: ox.Store, view: View) -> list[Row]:
    """Cities and country subdivisions, each with what it lies in and its profiles."""
    rows = select(store, """
        SELECT ?place ?type (SAMPLE(?in) AS ?within) (COUNT(DISTINCT ?p) AS ?profiles) WHERE {
          VALUES ?type { schema:City schema:AdministrativeArea }
          ?place a ?type . OPTIONAL { ?place schema:containedInPlace ?in }
          OPTIONAL { ?p a mgi:Profile ; dcterms:spatial ?place }
        } GROUP BY ?place ?type""")
    found = [{"cell": view.cell(r["place"]), "kind": "city" if str(r["type"].value).endswith("City") else "division",
              "within": view.cell(r.get("within")), "profiles": int(r["profiles"].value)} for r in rows]
    return sorted(found, key=lambda p: (p["kind"], p["cell"].text.casefold()))


def scope_of(base: str, iri: str) -> tuple[str, str | None]:
    """Where an institution sits, read from its IRI (``org/int/x``, ``org/co/x``,
    ``org/co/medellin/x``): its scope and the place or country it belongs to."""
    level, where = Iris(base).org_home(iri)
    return level, str(where) if where else None


def institutions(store: ox.Store, view: View, base: str) -> list[Row]:
    """Institutions grouped by kind, then by scope and place, with how many findings name each."""
    rows = select(store, """
        SELECT ?o ?kind (COUNT(DISTINCT ?f) AS ?findings) WHERE {
          ?o a org:Organization . OPTIONAL { ?o org:classification ?kind } OPTIONAL { ?f schema:mentions ?o }
        } GROUP BY ?o ?kind""")
    kinds: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        iri = str(row["o"].value)
        scope, where = scope_of(base, iri)
        kind = str(row["kind"].value) if row.get("kind") else ""
        kinds[kind].append({"cell": view.cell(row["o"]), "scope": scope,
                            "where": view.cell(ox.NamedNode(where)) if where else None,
                            "findings": int(row["findings"].value)})
    order = {INTERNATIONAL: 0, NATIONAL: 1, LOCAL: 2}
    groups = []
    for kind, members in kinds.items():
        members.sort(key=lambda m: (order[m["scope"]], m["where"].text if m["where"] else "", m["cell"].text.casefold()))
        groups.append({"kind": view.cell(ox.NamedNode(kind)) if kind else None, "slug": _slug(kind) if kind else "none",
                       "members": members})
    return sorted(groups, key=lambda g: (-len(g["members"]), g["slug"]))


def instruments(store: ox.Store, view: View) -> list[Row]:
    rows = select(store, """
        SELECT ?i ?kind (SAMPLE(?date) AS ?year) (COUNT(DISTINCT ?f) AS ?findings) WHERE {
          ?i a mgi:Instrument . OPTIONAL { ?i mgi:instrumentKind ?kind } OPTIONAL { ?i dcterms:date ?date }
          OPTIONAL { ?f schema:mentions ?i }
        } GROUP BY ?i ?kind""")
    kinds: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        kinds[str(row["kind"].value) if row.get("kind") else ""].append({
            "cell": view.cell(row["i"]), "year": str(row["year"].value) if row.get("year") else "",
            "findings": int(row["findings"].value)})
    return sorted(({"kind": view.cell(ox.NamedNode(k)) if k else None, "slug": _slug(k) if k else "none",
                    "members": sorted(m, key=lambda x: x["cell"].text.casefold())} for k, m in kinds.items()),
                  key=lambda g: (-len(g["members"]), g["slug"]))


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]
