"""Countries, first-level divisions and places as triples; their links to Wikidata and GeoNames.

The place of a local profile is the GeoNames *populated place* (``schema:City``),
which is what its GeoNames id and Wikidata item describe. The municipality that
governs it (the profile's assessed entity, "Municipio de Bucaramanga") is an
organisation, not a place, and is never ``owl:sameAs`` the city. A national
profile's place is the country itself.

Descriptions go to the profile's named graph; ``skos:exactMatch`` and
``schema:sameAs`` to external registries go to the shared ``graph/links``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from mgi_graph.iris import Iris
from mgi_graph.model import CountryRecord, PlaceRecord, Profile
from mgi_graph.namespaces import MGI, SCHEMA, WD

GEONAMES_FEATURE = "https://sws.geonames.org/"
GEONAMES = URIRef("https://www.geonames.org/")
GEONAMES_LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
# Link targets for VoID linksets: name -> IRI prefix of the target's entities.
LINK_TARGETS: dict[str, str] = {"wikidata": str(WD), "geonames": GEONAMES_FEATURE}


def geonames_iri(geonames_id: int) -> URIRef:
    """The canonical GeoNames feature IRI: https, trailing slash."""
    return URIRef(f"{GEONAMES_FEATURE}{geonames_id}/")


def spatial_iri(iris: Iris, profile: Profile, place: PlaceRecord) -> URIRef:
    """The IRI a profile's ``dcterms:spatial`` should point to: the country for a national profile."""
    if profile.level == "national":
        return iris.country(place.country)
    return iris.place(place.country, place.name)


def add_country(graph: Graph, iris: Iris, country: CountryRecord) -> URIRef:
    node = iris.country(country.iso2)
    graph.add((node, RDF.type, SCHEMA.Country))
    for language, name in sorted(country.names.items()):
        graph.add((node, SKOS.prefLabel, Literal(name, lang=language)))
        graph.add((node, SCHEMA.name, Literal(name, lang=language)))
    graph.add((node, MGI.iso3166Alpha2, Literal(country.iso2)))
    graph.add((node, MGI.iso3166Alpha3, Literal(country.iso3)))
    graph.add((node, MGI.iso3166Numeric, Literal(country.numeric)))
    graph.add((node, MGI.m49Code, Literal(country.m49)))
    if country.region_m49:
        graph.add((node, MGI.m49Region, Literal(country.region_m49)))
    if country.region:
        graph.add((node, MGI.m49RegionName, Literal(country.region, lang="en")))
    if country.geonames_id:
        graph.add((node, MGI.geonamesId, Literal(str(country.geonames_id))))
    return node


def _add_division(graph: Graph, iris: Iris, place: PlaceRecord, country: URIRef) -> URIRef | None:
    if not (place.division and place.division_code):
        return None
    node = iris.division(place.division_code)
    graph.add((node, RDF.type, SCHEMA.AdministrativeArea))
    # ISO 3166-2 names are in the country's own language(s), untagged.
    graph.add((node, SCHEMA.name, Literal(place.division)))
    graph.add((node, MGI.iso31662Code, Literal(place.division_code)))
    graph.add((node, SCHEMA.containedInPlace, country))
    return node


def _add_city(graph: Graph, node: URIRef, place: PlaceRecord, parent: URIRef) -> None:
    graph.add((node, RDF.type, SCHEMA.City))
    graph.add((node, SCHEMA.name, Literal(place.name)))
    graph.add((node, SCHEMA.containedInPlace, parent))
    if place.geonames_id:
        graph.add((node, MGI.geonamesId, Literal(str(place.geonames_id))))
    if place.latitude is not None and place.longitude is not None:
        # A hash IRI, not a blank node, so that two builds write the same bytes.
        geo = URIRef(f"{node}#geo")
        graph.add((node, SCHEMA.geo, geo))
        graph.add((geo, RDF.type, SCHEMA.GeoCoordinates))
        graph.add((geo, SCHEMA.latitude, Literal(Decimal(str(place.latitude)), datatype=XSD.decimal)))
        graph.add((geo, SCHEMA.longitude, Literal(Decimal(str(place.longitude)), datatype=XSD.decimal)))


def add_link(links: Graph, node: URIRef, target: URIRef) -> None:
    links.add((node, SKOS.exactMatch, target))
    links.add((node, SCHEMA.sameAs, target))


def add_wikidata_links(links: Graph, wikidata: Mapping[URIRef, str], nodes: Iterable[URIRef]) -> None:
    """Link each of ``nodes`` that has a curated QID (e.g. organisations, by the assembler)."""
    for node in nodes:
        if qid := wikidata.get(node):
            add_link(links, node, WD[qid])


def add_inference(graph: Graph, iris: Iris, profile: Profile, country: URIRef, evidence: str | None) -> None:
    """PROV for a country the text does not name: which gazetteer, which evidence."""
    node = iris.profile(profile.id)
    activity = URIRef(f"{node}/country-inference")
    graph.add((activity, RDF.type, MGI.CountryInference))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.used, GEONAMES))
    graph.add((activity, PROV.used, iris.source(profile.id)))
    graph.add((activity, MGI.inferredCountry, country))
    if evidence:
        graph.add((activity, RDFS.comment, Literal(evidence, lang="en")))
    # Influenced, not generated: the build activity generates the profile node.
    graph.add((node, PROV.wasInfluencedBy, activity))
    graph.add((GEONAMES, RDF.type, PROV.Entity))
    graph.add((GEONAMES, RDFS.label, Literal("GeoNames")))
    graph.add((GEONAMES, DCTERMS.license, GEONAMES_LICENSE))


def add_places(
    graph: Graph,
    links: Graph,
    iris: Iris,
    profile: Profile,
    country: CountryRecord,
    place: PlaceRecord,
    wikidata: Mapping[URIRef, str],
    inference: str | None = None,
) -> None:
    """Describe the profile's country, division and place in ``graph``; link them in ``links``.

    ``wikidata`` maps our IRIs to curated QIDs (``mgi_graph.locator.sssom.wikidata_ids``);
    ``inference`` is ``Located.inference``, the evidence for an inferred country.
    """
    country_node = add_country(graph, iris, country)
    nodes = [country_node]
    if country.geonames_id:
        add_link(links, country_node, geonames_iri(country.geonames_id))
    if profile.level != "national":
        division = _add_division(graph, iris, place, country_node)
        city = iris.place(place.country, place.name)
        _add_city(graph, city, place, division or country_node)
        nodes += [city] + ([division] if division else [])
        if place.geonames_id:
            add_link(links, city, geonames_iri(place.geonames_id))
    add_wikidata_links(links, wikidata, nodes)
    if profile.country_inferred:
        add_inference(graph, iris, profile, country_node, inference)


def linkset_counts(links: Graph) -> dict[str, int]:
    """Link target name ('wikidata', 'geonames') -> number of skos:exactMatch links to it."""
    counts: Counter[str] = Counter()
    for _subject, _predicate, target in links.triples((None, SKOS.exactMatch, None)):
        for name, prefix in LINK_TARGETS.items():
            if str(target).startswith(prefix):
                counts[name] += 1
    return dict(sorted(counts.items()))
