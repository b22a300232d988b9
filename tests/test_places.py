"""Countries, divisions and places as triples, their links, and the places shapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, SKOS

from mgi_graph.iris import Iris
from mgi_graph.graph.places import add_places, geonames_iri, linkset_counts, spatial_iri
from mgi_graph.model import Finding, Profile
from mgi_graph.namespaces import MGI, SCHEMA, WD
from mgi_graph.locator.registry import locate
from mgi_graph.locator.sssom import read_mapping_sets, wikidata_ids

ROOT = Path(__file__).resolve().parents[1]
IRIS = Iris()
SEEDS = [
    ("Medellín", "District of Medellín", "CO"),
    ("Bucaramanga", "Municipio de Bucaramanga", None),
    ("Monte Patria", "Municipalidad de Monte Patria", "CL"),
    ("Quilmes", "Municipio de Quilmes", "AR"),
    ("Lima", "Municipalidad Metropolitana de Lima", None),
]


def make_profile(place: str, entity: str, country: str | None, level: str = "local") -> Profile:
    return Profile(
        source=f"{place}.txt", sha256="0" * 64, title=None, entity=entity, level=level, place=place,
        published="2022-08", language="es", chrome_language="en",
        findings=(Finding(1, "crises", "potential", "Texto."),), country=country,
    )


@pytest.fixture(scope="module")
def place_graphs() -> tuple[Graph, Graph]:
    """The five seeds' place triples (all profile graphs merged) and the shared links graph."""
    sets = read_mapping_sets(ROOT / "data" / "links")
    wikidata = wikidata_ids(sets)
    graph, links = Graph(), Graph()
    for place, entity, country in SEEDS:
        located = locate(make_profile(place, entity, country), wikidata)
        add_places(graph, links, IRIS, located.profile, located.country, located.place, wikidata,
                   located.inference)
    return graph, links


def shapes() -> Graph:
    return Graph().parse(ROOT / "shapes" / "places.shapes.ttl")


def conforms(data: Graph) -> tuple[bool, str]:
    ok, _report, text = validate(data, shacl_graph=shapes(), inference="none", advanced=True)
    return bool(ok), str(text)


def test_places_conform_to_the_shapes(place_graphs: tuple[Graph, Graph]) -> None:
    graph, links = place_graphs
    ok, text = conforms(graph + links)
    assert ok, text


def test_country_codes_and_names(place_graphs: tuple[Graph, Graph]) -> None:
    graph, _ = place_graphs
    co = IRIS.country("CO")
    assert (co, RDF.type, SCHEMA.Country) in graph
    assert graph.value(co, MGI.iso3166Alpha2) == Literal("CO")
    assert graph.value(co, MGI.iso3166Alpha3) == Literal("COL")
    assert graph.value(co, MGI.iso3166Numeric) == Literal("170")
    assert graph.value(co, MGI.m49Code) == Literal("170")
    assert Literal("Colômbia", lang="pt") in set(graph.objects(co, SKOS.prefLabel))
    assert graph.value(IRIS.country("AR"), MGI.iso3166Numeric) == Literal("032")


def test_place_lies_in_its_division_in_its_country(place_graphs: tuple[Graph, Graph]) -> None:
    graph, _ = place_graphs
    city = IRIS.place("CO", "Bucaramanga")
    division = IRIS.division("CO-SAN")
    assert (city, RDF.type, SCHEMA.City) in graph
    assert graph.value(city, SCHEMA.containedInPlace) == division
    assert (division, RDF.type, SCHEMA.AdministrativeArea) in graph
    assert graph.value(division, MGI.iso31662Code) == Literal("CO-SAN")
    assert graph.value(division, SCHEMA.containedInPlace) == IRIS.country("CO")
    assert graph.value(IRIS.place("PE", "Lima"), SCHEMA.containedInPlace) == IRIS.division("PE-LMA")
    assert not list(graph.triples((None, OWL.sameAs, None)))


def test_links_to_wikidata_and_geonames(place_graphs: tuple[Graph, Graph]) -> None:
    _, links = place_graphs
    medellin = IRIS.place("CO", "Medellín")
    assert (medellin, SKOS.exactMatch, WD.Q48278) in links
    assert (medellin, SCHEMA.sameAs, WD.Q48278) in links
    assert (medellin, SKOS.exactMatch, URIRef("https://sws.geonames.org/3674962/")) in links
    assert (IRIS.country("PE"), SKOS.exactMatch, WD.Q419) in links
    # No QID was curated for Bucaramanga: only GeoNames.
    assert {str(o)[:25] for o in links.objects(IRIS.place("CO", "Bucaramanga"), SKOS.exactMatch)} == {
        "https://sws.geonames.org/"}


def test_linkset_counts(place_graphs: tuple[Graph, Graph]) -> None:
    _, links = place_graphs
    # Wikidata: 4 countries + Medellín + Lima; GeoNames: 4 countries + 5 places.
    assert linkset_counts(links) == {"geonames": 9, "wikidata": 6}


def test_inferred_country_has_provenance(place_graphs: tuple[Graph, Graph]) -> None:
    graph, _ = place_graphs
    profile = make_profile("Lima", "Municipalidad Metropolitana de Lima", "PE")
    activity = URIRef(f"{IRIS.profile(profile.id)}/country-inference")
    assert (activity, RDF.type, MGI.CountryInference) in graph
    assert (activity, PROV.used, URIRef("https://www.geonames.org/")) in graph
    assert graph.value(activity, MGI.inferredCountry) == IRIS.country("PE")
    assert (IRIS.profile(profile.id), PROV.wasInfluencedBy, activity) in graph
    medellin = make_profile("Medellín", "District of Medellín", "CO")
    assert not list(graph.triples((URIRef(f"{IRIS.profile(medellin.id)}/country-inference"), None, None)))


@pytest.mark.parametrize("broken", [
    URIRef("https://www.wikidata.org/wiki/Q739"),
    URIRef("https://www.wikidata.org/entity/Q739"),
    URIRef("http://sws.geonames.org/3686110/"),
    URIRef("https://sws.geonames.org/3686110"),
])
def test_a_broken_link_iri_fails(place_graphs: tuple[Graph, Graph], broken: URIRef) -> None:
    graph, links = place_graphs
    data = graph + links
    data.add((IRIS.country("CO"), SKOS.exactMatch, broken))
    ok, text = conforms(data)
    assert not ok
    assert "canonical" in text


@pytest.mark.parametrize(("prop", "value"), [
    (MGI.iso3166Alpha2, "co"),
    (MGI.iso3166Alpha3, "CO"),
    (MGI.iso3166Numeric, "32"),
    (MGI.iso31662Code, "CO_ANT"),
])
def test_a_broken_code_fails(place_graphs: tuple[Graph, Graph], prop: URIRef, value: str) -> None:
    graph, _ = place_graphs
    data = Graph() + graph
    node = IRIS.division("CO-SAN") if prop == MGI.iso31662Code else IRIS.country("CO")
    data.set((node, prop, Literal(value)))
    ok, _text = conforms(data)
    assert not ok


def test_national_profile_place_is_the_country() -> None:
    profile = make_profile("Colombia", "Republic of Colombia", "CO", level="national")
    located = locate(profile)
    graph, links = Graph(), Graph()
    add_places(graph, links, IRIS, located.profile, located.country, located.place, {})
    assert spatial_iri(IRIS, located.profile, located.place) == IRIS.country("CO")
    assert not list(graph.subjects(RDF.type, SCHEMA.City))
    assert (IRIS.country("CO"), SKOS.exactMatch, geonames_iri(3686110)) in links
    assert conforms(graph + links)[0]
