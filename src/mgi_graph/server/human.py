"""Resource pages for readers: labelled fields instead of prefixed properties.

Every property and class is named from ``fields.tsv`` (translated through the
interface's catalogues), else from its own label in the graph, else from the
last word of its IRI split into words; values are shown without language tags or
datatypes, and repeated ones (``schema:name`` and ``skos:prefLabel``…) once.
Findings, institutions and polarities get pages of their own kind.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

import pyoxigraph as ox

from mgi_graph.namespaces import MGI_NS, ORG, SCHEMA
from mgi_graph.server import listings, schema_org
from mgi_graph.server.pages import REGISTRIES, Row, Vocabulary, related, select
from mgi_graph.server.state import ServerState
from mgi_graph.server.views import Cell, View

SUB_ORGANIZATION = ORG + "subOrganizationOf"


@cache
def field_table() -> Mapping[str, tuple[str, str]]:
    """IRI -> (English label, role) from ``fields.tsv``."""
    table = {}
    for line in (files("mgi_graph.server") / "fields.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            iri, label, *role = line.split("\t")
            table[iri] = (label, role[0] if role else "")
    return table


def field_label(view: View, iri: str) -> str:
    known = field_table().get(iri)
    if known:
        return view.t(known[0])
    own = view.labels.get(iri, view.language)
    if own:
        return own
    word = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", word).replace("_", " ").lower() or iri


def role(iri: str) -> str:
    return field_table().get(iri, ("", ""))[1]


def kinds(view: View, types: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(field_label(view, t) for t in sorted(types)))


def value(view: View, term: object, triples: list[ox.Triple]) -> Cell:
    """A value as the reader sees it; a blank node's own fields inline, in one line."""
    if isinstance(term, ox.BlankNode):
        inner = fields(view, term, [t for t in triples if t.subject != term or t.object != term])
        return Cell(" · ".join(f"{row['label']}: {', '.join(c.text for c in row['values'])}" for row in inner["rows"]))
    cell = view.cell(term)
    if isinstance(term, ox.NamedNode) and view.labels.get(term.value, view.language) is None:
        owned = [t for t in triples if t.subject == term]
        if owned and "#" in term.value:  # a part described here (``x#geo``): its fields inline
            inner = fields(view, term, owned)
            text = " · ".join(f"{row['label']}: {', '.join(c.text for c in row['values'])}" for row in inner["rows"] + inner["parts"])
            return Cell(text or cell.text, cell.href, iri=term.value)
        if not term.value.startswith(view.iris.base):
            if term.value in field_table():
                return Cell(field_label(view, term.value), cell.href, iri=term.value)
            for prefix, name in REGISTRIES:
                if term.value.startswith(prefix):
                    return Cell(f"{name} {term.value[len(prefix):].strip('/')}", cell.href, iri=term.value)
            return Cell(term.value, cell.href, iri=term.value)
    return Cell(cell.text, cell.href, cell.language, None, cell.iri, cell.numeric)


def fields(view: View, subject: ox.NamedNode | ox.BlankNode, triples: list[ox.Triple]) -> Row:
    """The subject's names, what it is part of, and its other fields, each labelled once
    with its distinct values."""
    groups: dict[str, dict[str, dict[tuple[str, str | None], Cell]]] = {"name": {}, "part": {}, "": {}}
    for triple in triples:
        if triple.subject != subject:
            continue
        predicate = str(triple.predicate.value)
        kind = role(predicate)
        if kind == "hide":
            continue
        label = field_label(view, predicate)
        cell = value(view, triple.object, triples)
        groups.get(kind, groups[""]).setdefault(label, {})[(cell.text, cell.href)] = cell
    rows: dict[str, list[Row]] = {
        kind: [{"label": label, "values": sorted(cells.values(), key=lambda c: c.text.casefold())}
               for label, cells in sorted(by_label.items(), key=lambda item: item[0].casefold())]
        for kind, by_label in groups.items()}
    named: dict[str, Cell] = {c.text: c for cells in groups["name"].values() for c in cells.values()}
    names = sorted(named.values(), key=lambda c: c.text.casefold())
    return {"names": names, "parts": rows["part"], "rows": rows[""]}


def sections(view: View, iri: str, triples: list[ox.Triple]) -> list[Row]:
    """The resource's own fields, then those of the things it owns (``x#geo``…), titled by kind."""
    node = ox.NamedNode(iri)
    owned = sorted({t.subject for t in triples if isinstance(t.subject, ox.NamedNode) and t.subject != node
                    and t.subject.value.startswith((iri + "/", iri + "#"))}, key=lambda s: s.value)
    found = [{"anchor": None, "title": None, **fields(view, node, triples)}]
    for subject in owned:
        types = [str(t.object.value) for t in triples if t.subject == subject and isinstance(t.object, ox.NamedNode)
                 and str(t.predicate.value).endswith("#type")]
        title = (kinds(view, types) or [view.label(subject.value)])[0]
        found.append({"anchor": subject.value[len(iri) + 1:].replace("/", "-"), "title": title[:1].upper() + title[1:],
                      **fields(view, subject, triples)})
    return found


def grouped_findings(store: ox.Store, vocabulary: Vocabulary, view: View, predicate: str, iri: str) -> list[Row]:
    """The findings linked to ``iri`` by ``predicate``, by profile, then by domain (MGI order)."""
    rows = select(store, f"""
        SELECT ?p ?f ?position ?d ?pol ?text WHERE {{
          ?f {ox.NamedNode(predicate)} $r ; schema:isPartOf ?p ; schema:position ?position ; mgi:domain ?d ;
             mgi:polarity ?pol ; schema:text ?text
        }} ORDER BY ?p ?position""", r=iri)
    names = {c["iri"]: c for c in listings.profile_choices(store, view)}
    order = {d.iri: i for i, d in enumerate(vocabulary.domains)}
    profiles: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        text = row["text"]
        profiles[str(row["p"].value)][str(row["d"].value)].append({
            "href": view.page(str(row["f"].value)), "position": int(row["position"].value),
            "polarity": str(row["pol"].value).rsplit("/", 1)[-1], "polarity_label": view.label(str(row["pol"].value)),
            "text": text.value, "language": text.language})
    return [{"profile": names.get(p, {"title": view.label(p), "href": view.page(p)}),
             "domains": [{"domain": view.cell(ox.NamedNode(d)), "findings": found}
                         for d, found in sorted(by_domain.items(), key=lambda item: order.get(item[0], 99))]}
            for p, by_domain in profiles.items()]


def finding(store: ox.Store, view: View, iri: str) -> Row:
    rows = select(store, """
        SELECT ?p ?position ?d ?pol ?text WHERE {
          $r schema:isPartOf ?p ; schema:position ?position ; mgi:domain ?d ; mgi:polarity ?pol ; schema:text ?text
        } LIMIT 1""", r=iri)
    row = rows[0]
    mentions = select(store, """
        SELECT ?m (SAMPLE(?t) AS ?type) (SAMPLE(?k) AS ?kind) WHERE {
          $r schema:mentions ?m OPTIONAL { ?m a ?t } OPTIONAL { ?m org:classification|mgi:instrumentKind ?k }
        } GROUP BY ?m""", r=iri)
    profile = {c["iri"]: c for c in listings.profile_choices(store, view)}.get(str(row["p"].value))
    return {
        "text": row["text"].value, "language": row["text"].language, "position": int(row["position"].value),
        "profile": profile, "profile_href": view.page(str(row["p"].value)),
        "domain": view.cell(row["d"]), "domain_slug": str(row["d"].value).rsplit("/", 1)[-1],
        "polarity": str(row["pol"].value).rsplit("/", 1)[-1], "polarity_label": view.label(str(row["pol"].value)),
        "mentions": sorted(({"cell": view.cell(m["m"]), "kind": view.label(str(m["kind"].value)) if m.get("kind")
                             else field_label(view, str(m["type"].value)) if m.get("type") else ""}
                            for m in mentions), key=lambda m: m["cell"].text.casefold()),
    }


def institution(state: ServerState, view: View, iri: str) -> Row:
    store = state.store
    scope, where = listings.scope_of(state.settings.base, iri)
    parents = select(store, f"SELECT ?o WHERE {{ $r {ox.NamedNode(SUB_ORGANIZATION)} ?o }}", r=iri)
    units = select(store, f"SELECT ?o WHERE {{ ?o {ox.NamedNode(SUB_ORGANIZATION)} $r }}", r=iri)
    kinds_ = select(store, "SELECT ?k WHERE { $r org:classification ?k }", r=iri)
    return {
        "scope": scope, "where": view.cell(ox.NamedNode(where)) if where else None,
        "parents": [view.cell(r["o"]) for r in parents], "units": [view.cell(r["o"]) for r in units],
        "kinds": [view.cell(r["k"]) for r in kinds_],
        "findings": grouped_findings(store, state.vocabulary, view, SCHEMA + "mentions", iri),
    }


def render(state: ServerState, view: View, iri: str, types: set[str], triples: list[ox.Triple],
           common: dict[str, Any]) -> bytes:
    """The page of any resource that is not a profile or a domain."""
    if MGI_NS + "Finding" in types:
        data = finding(state.store, view, iri)
        title = data["text"] if len(data["text"]) <= 90 else data["text"][:88].rsplit(" ", 1)[0] + "…"
        return state.render("finding.html", view, page=data, **{**common, "title": title})
    page_sections = sections(view, iri, triples)
    extra: dict[str, Any] = {"institution": None, "polarity_findings": None}
    if ORG + "Organization" in types:
        extra["institution"] = institution(state, view, iri)
    if iri.startswith(state.settings.base + "polarity/"):
        extra["polarity_findings"] = grouped_findings(state.store, state.vocabulary, view, MGI_NS + "polarity", iri)
    found = related(state.store, view, iri, triples)
    found["inverse"] = [{"subject": r["subject"], "label": field_label(view, r["predicate"].iri or "")}
                        for r in found["inverse"]]
    dumps = [d for d in state.dumps.values() if "/" not in d.name]
    extra["dataset"] = (schema_org.dataset_jsonld(state.store, state.void, dumps, state.settings.base, view.iris.served)
                        if iri == state.settings.base + "dataset" else None)
    return state.render("resource.html", view, sections=page_sections, related=found,
                        kind_names=kinds(view, types), **extra, **common)
