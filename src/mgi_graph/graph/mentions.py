"""Institutions and instruments as nodes of a profile's graph, and the findings' links to them.

The same body named in several findings or profiles is one node (its IRI from the keys
``extract.identity`` set on each mention), with its canonical name as ``skos:prefLabel`` and
every surface form as ``skos:altLabel``. Vocabulary: ``ontology/mentions.ttl``;
shapes: ``shapes/mentions.shapes.ttl``.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from mgi_graph.iris import Iris
from mgi_graph.model import Finding, Institution, Instrument, Profile
from mgi_graph.namespaces import MGI, ORG, SCHEMA
from mgi_graph.slug import fold

# the two terms ontology/mentions.ttl adds to mgi:
INSTRUMENT = MGI.Instrument
INSTRUMENT_KIND = MGI.instrumentKind

_SCHEMA_TYPE = {
    "government": SCHEMA.GovernmentOrganization,
    "civil-society": SCHEMA.NGO,
    "academic": SCHEMA.EducationalOrganization,
}


def add_mentions(graph: Graph, iris: Iris, profile: Profile) -> None:
    """Add the institutions and instruments ``profile``'s findings mention to ``graph``."""
    for finding in profile.findings:
        node = iris.finding(profile.id, finding.position)
        for institution in finding.institutions:
            org = org_iri(iris, profile, institution)
            graph.add((node, SCHEMA.mentions, org))
            add_organization(graph, iris, profile, institution, org)
            if institution.parent:
                parent = _parent(finding, institution)
                graph.add((org, ORG.subOrganizationOf, org_iri(iris, profile, parent)))
        for instrument in finding.instruments:
            work = instrument_iri(iris, profile, instrument)
            graph.add((node, SCHEMA.mentions, work))
            _add_instrument(graph, iris, profile, instrument, work)


def org_iri(iris: Iris, profile: Profile, institution: Institution) -> URIRef:
    """Alias-table bodies by their English name, as international; others by scope and name."""
    if institution.labels:
        return iris.org(Iris.home("international", profile.country, profile.place), dict(institution.labels)["en"])
    return iris.org(Iris.home(_scope(institution.scope, profile), profile.country, profile.place), institution.name)


def instrument_iri(iris: Iris, profile: Profile, instrument: Instrument) -> URIRef:
    home = Iris.home(_scope(instrument.scope, profile), profile.country, profile.place)
    return iris.instrument(home, _label(instrument))


def _scope(scope: str, profile: Profile) -> str:
    # a national profile's own bodies and instruments belong to the country, not to a city
    if scope == "local" and profile.level == "national":
        return "national"
    return scope


def _label(instrument: Instrument) -> str:
    return instrument.label or instrument.surface


def _parent(finding: Finding, child: Institution) -> Institution:
    """The parent as the finding names it; the extractor always names it, the fallback is for
    hand-made profiles."""
    for institution in finding.institutions:
        if institution.name == child.parent:
            return institution
    return Institution(child.parent or "", child.parent or "", "government", child.scope)


def add_organization(graph: Graph, iris: Iris, profile: Profile, institution: Institution, org: URIRef) -> None:
    graph.add((org, RDF.type, ORG.Organization))
    graph.add((org, RDF.type, _schema_type(institution)))
    graph.add((org, ORG.classification, iris.kind("institution", institution.kind)))
    labels = dict(institution.labels) or {profile.language: institution.name}
    for language, label in sorted(labels.items()):
        _add_label(graph, org, label, language)
    if institution.surface != labels.get(profile.language):
        graph.add((org, SKOS.altLabel, Literal(institution.surface, lang=profile.language)))


def _add_label(graph: Graph, node: URIRef, label: str, language: str) -> None:
    """One prefLabel per language: a second spelling met later becomes an altLabel."""
    current = [o for o in graph.objects(node, SKOS.prefLabel) if getattr(o, "language", None) == language]
    literal = Literal(label, lang=language)
    if not current:
        graph.add((node, SKOS.prefLabel, literal))
    elif literal not in current:
        graph.add((node, SKOS.altLabel, literal))


def _schema_type(institution: Institution) -> URIRef:
    if institution.kind == "academic" and "univers" in fold(institution.name):
        return SCHEMA.CollegeOrUniversity
    return _SCHEMA_TYPE.get(institution.kind, SCHEMA.Organization)


def _add_instrument(graph: Graph, iris: Iris, profile: Profile, instrument: Instrument, work: URIRef) -> None:
    graph.add((work, RDF.type, INSTRUMENT))
    graph.add((work, RDF.type, SCHEMA.Legislation if instrument.kind == "law" else SCHEMA.CreativeWork))
    label = _label(instrument)
    _add_label(graph, work, label, profile.language)
    graph.add((work, SCHEMA.name, Literal(label, lang=profile.language)))
    if instrument.surface != label:
        graph.add((work, SKOS.altLabel, Literal(instrument.surface, lang=profile.language)))
    if not any(graph.objects(work, INSTRUMENT_KIND)):
        graph.add((work, INSTRUMENT_KIND, iris.kind("instrument", instrument.kind)))
    # the first dated mention wins: a later "the Plan" without its year must not add a second
    if instrument.year is not None and not any(graph.objects(work, DCTERMS.date)):
        graph.add((work, DCTERMS.date, Literal(str(instrument.year), datatype=XSD.gYear)))
