"""Profiles, their findings and their source texts as triples."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from mgi_graph.formats import TEXT
from mgi_graph.iris import Iris
from mgi_graph.graph.mentions import add_organization, org_iri
from mgi_graph.graph.places import spatial_iri
from mgi_graph.model import Finding, Institution, Located, Profile
from mgi_graph.namespaces import MGI, SCHEMA

_LEVELS = {"local": MGI.Local, "national": MGI.National}
# Every MGI profile is published by IOM; the alias table gives its names in four languages.
PUBLISHER = Institution(
    surface="International Organization for Migration",
    name="International Organization for Migration",
    kind="international",
    scope="international",
)


def add_profile(graph: Graph, iris: Iris, located: Located, build: URIRef) -> None:
    """Describe ``located.profile`` in ``graph`` (its own named graph)."""
    profile = located.profile
    node = iris.profile(profile.id)
    place = spatial_iri(iris, profile, located.place)
    chrome = profile.chrome_language
    graph.add((node, RDF.type, MGI.Profile))
    graph.add((node, RDF.type, SCHEMA.Report))
    if profile.title:
        graph.add((node, DCTERMS.title, Literal(profile.title, lang=profile.title_language)))
    graph.add((node, MGI.entityName, Literal(profile.entity, lang=profile.language)))
    graph.add((node, MGI.level, _LEVELS[profile.level]))
    graph.add((node, DCTERMS.issued, Literal(profile.published, datatype=XSD.gYearMonth)))
    graph.add((node, DCTERMS.language, Literal(profile.language, datatype=XSD.language)))
    graph.add((node, MGI.pageLanguage, Literal(chrome, datatype=XSD.language)))
    graph.add((node, DCTERMS.spatial, place))
    graph.add((node, SCHEMA.about, place))
    graph.add((node, MGI.country, iris.country(located.country.iso2)))
    graph.add((node, MGI.countryInferred, Literal(profile.country_inferred)))
    graph.add((node, DCTERMS.identifier, Literal(profile.id)))
    publisher = org_iri(iris, profile, PUBLISHER)
    add_organization(graph, iris, profile, PUBLISHER, publisher)
    graph.add((node, DCTERMS.publisher, publisher))
    _add_source(graph, iris, profile, node, build)
    for finding in profile.findings:
        _add_finding(graph, iris, profile, node, finding)


def _add_source(graph: Graph, iris: Iris, profile: Profile, node: URIRef, build: URIRef) -> None:
    source = iris.source(profile.id)
    graph.add((source, RDF.type, MGI.SourceText))
    graph.add((source, RDF.type, PROV.Entity))
    graph.add((source, MGI.sha256, Literal(profile.sha256, datatype=XSD.hexBinary)))
    graph.add((source, MGI.sourcePath, Literal(profile.source)))
    graph.add((source, DCTERMS.format, Literal(TEXT.media_type)))
    if profile.address:
        graph.add((source, DCTERMS.source, URIRef(profile.address)))
    graph.add((node, PROV.wasDerivedFrom, source))
    graph.add((node, PROV.wasGeneratedBy, build))


def _add_finding(graph: Graph, iris: Iris, profile: Profile, node: URIRef, finding: Finding) -> None:
    item = iris.finding(profile.id, finding.position)
    graph.add((item, RDF.type, MGI.Finding))
    graph.add((item, SCHEMA.isPartOf, node))
    graph.add((node, SCHEMA.hasPart, item))
    graph.add((item, SCHEMA.position, Literal(finding.position)))
    graph.add((item, MGI.domain, iris.domain(finding.domain)))
    graph.add((item, MGI.polarity, iris.polarity(finding.polarity)))
    graph.add((item, SCHEMA.text, Literal(finding.text, lang=profile.language)))
