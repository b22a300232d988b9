"""Institutions and instruments as graph nodes (graph/mentions.py) and their shapes."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from mgi_graph.extract import extract_mentions
from mgi_graph.iris import Iris
from mgi_graph.graph.mentions import INSTRUMENT, INSTRUMENT_KIND, add_mentions
from mgi_graph.namespaces import ORG, SCHEMA
from mgi_graph.parse import read_profile

ROOT = Path(__file__).resolve().parents[1]
IRIS = Iris()
BASE = IRIS.base


@lru_cache(maxsize=1)
def seed_graph() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "data" / "profiles").glob("*.txt")):
        add_mentions(graph, IRIS, extract_mentions(read_profile(path)))
    return graph


def shapes(iris: Iris = IRIS) -> Graph:
    return Graph().parse(data=(ROOT / "shapes" / "mentions.shapes.ttl").read_text("utf-8"), format="turtle",
                         publicID=iris.base)


def conforms(graph: Graph) -> tuple[bool, str]:
    ok, _report, text = validate(graph, shacl_graph=shapes(), advanced=True)
    return bool(ok), str(text)


def copy(graph: Graph) -> Graph:
    result = Graph()
    for triple in graph:
        result.add(triple)
    return result


# -- nodes and identity ----------------------------------------------------------------

def test_mayors_office_is_one_node_with_every_surface_form() -> None:
    org = URIRef(BASE + "org/co/medellin/mayors-office-of-medellin")
    graph = seed_graph()
    assert set(graph.objects(org, SKOS.prefLabel)) == {Literal("Mayor's Office of Medellín", lang="en")}
    assert {Literal("Mayor's Office of Medellin", lang="en"), Literal("Mayor\u2019s Office", lang="en")} <= set(
        graph.objects(org, SKOS.altLabel))
    assert (org, RDF.type, ORG.Organization) in graph
    assert (org, RDF.type, SCHEMA.GovernmentOrganization) in graph
    assert len(set(graph.subjects(SCHEMA.mentions, org))) >= 10


def test_alias_table_unites_a_network_across_profiles_and_languages() -> None:
    graph = seed_graph()
    network = URIRef(BASE + "org/int/mercocities")
    mentioning = {str(s).split("/finding/")[0].rsplit("/", 1)[-1] for s in graph.subjects(SCHEMA.mentions, network)}
    assert mentioning == {"co-medellin-2022", "ar-quilmes-2022"}
    labels = {lit.language: str(lit) for lit in graph.objects(network, SKOS.prefLabel)}
    assert labels["es"] == "Mercociudades" and labels["en"] == "Mercocities"
    assert {Literal("Mercociudades", lang="en"), Literal("Mercocities Network", lang="en")} <= set(
        graph.objects(network, SKOS.altLabel))
    assert (network, ORG.classification, IRIS.kind("institution", "network")) in graph


def test_nested_body_is_a_sub_organization() -> None:
    graph = seed_graph()
    group = URIRef(BASE + "org/co/medellin/special-group-for-ethnic-and-migrant-affairs")
    assert (group, ORG.subOrganizationOf, URIRef(BASE + "org/co/medellin/medellin-ombudsmans-office")) in graph


def test_scopes_place_national_and_international_bodies() -> None:
    graph = seed_graph()
    assert (URIRef(BASE + "org/co/ministry-of-the-interior"), RDF.type, ORG.Organization) in graph
    assert (URIRef(BASE + "org/ar/national-migration-directorate"), SKOS.altLabel, Literal("DNM", lang="en")) in graph
    assert (URIRef(BASE + "org/int/united-nations"), SKOS.prefLabel, Literal("Naciones Unidas", lang="es")) in graph


def test_instruments_have_kind_year_and_legislation_type() -> None:
    graph = seed_graph()
    plan = URIRef(BASE + "instrument/co/medellin/medellin-future-development-plan-2020-2023")
    assert (plan, RDF.type, INSTRUMENT) in graph
    assert (plan, INSTRUMENT_KIND, IRIS.kind("instrument", "plan")) in graph
    assert (plan, DCTERMS.date, Literal("2020", datatype=XSD.gYear)) in graph
    assert (plan, SKOS.prefLabel, Literal("Medellín Future Development Plan 2020-2023", lang="en")) in graph
    law = URIRef(BASE + "instrument/ar/quilmes/law-no-15192-of-civil-and-mutual-associations")
    assert (law, RDF.type, SCHEMA.Legislation) in graph
    national = URIRef(BASE + "instrument/cl/politica-nacional-de-migracion-y-extranjeria")
    assert (national, DCTERMS.date, Literal("2023", datatype=XSD.gYear)) in graph


def test_findings_mention_what_they_name() -> None:
    graph = seed_graph()
    finding = IRIS.finding("cl-monte-patria-2024", 7)
    assert set(graph.objects(finding, SCHEMA.mentions)) == {
        URIRef(BASE + "org/cl/monte-patria/unidad-de-inclusion-y-rehabilitacion"),
        URIRef(BASE + "org/cl/monte-patria/direccion-de-desarrollo-comunitario"),
    }


def test_building_twice_gives_the_same_graph() -> None:
    from rdflib.compare import isomorphic

    again = Graph()
    for path in sorted((ROOT / "data" / "profiles").glob("*.txt")):
        add_mentions(again, IRIS, extract_mentions(read_profile(path)))
    assert isomorphic(again, seed_graph())


# -- shapes ------------------------------------------------------------------------

def test_seed_graph_conforms_to_the_shapes() -> None:
    ok, text = conforms(seed_graph())
    assert ok, text


def _broken_label(graph: Graph) -> None:
    graph.add((URIRef(BASE + "org/int/mercocities"), SKOS.prefLabel, Literal("Mercociudades bis", lang="es")))


def _no_classification(graph: Graph) -> None:
    graph.remove((URIRef(BASE + "org/co/ministry-of-the-interior"), ORG.classification, None))


def _foreign_classification(graph: Graph) -> None:
    org = URIRef(BASE + "org/co/ministry-of-the-interior")
    graph.remove((org, ORG.classification, None))
    graph.add((org, ORG.classification, IRIS.kind("instrument", "plan")))


def _two_years(graph: Graph) -> None:
    plan = URIRef(BASE + "instrument/co/medellin/medellin-future-development-plan-2020-2023")
    graph.add((plan, DCTERMS.date, Literal("2021", datatype=XSD.gYear)))


def _no_kind(graph: Graph) -> None:
    graph.remove((None, INSTRUMENT_KIND, None))


def _mentions_a_place(graph: Graph) -> None:
    graph.add((IRIS.finding("co-medellin-2022", 1), SCHEMA.mentions, URIRef(BASE + "place/co/medellin")))


def _sub_organization_of_a_plan(graph: Graph) -> None:
    plan = URIRef(BASE + "instrument/co/medellin/medellin-future-development-plan-2020-2023")
    graph.add((URIRef(BASE + "org/co/ministry-of-the-interior"), ORG.subOrganizationOf, plan))


@pytest.mark.parametrize("breaker", [
    _broken_label, _no_classification, _foreign_classification, _two_years, _no_kind, _mentions_a_place,
    _sub_organization_of_a_plan,
])
def test_broken_graphs_do_not_conform(breaker: object) -> None:
    graph = copy(seed_graph())
    breaker(graph)  # type: ignore[operator]
    ok, _text = conforms(graph)
    assert not ok


def test_shape_concepts_follow_the_base() -> None:
    other = Iris("http://example.org/x/")
    graph = Graph()
    add_mentions(graph, other, extract_mentions(read_profile(ROOT / "data" / "profiles" / "co-medellin-2022.txt")))
    ok, _report, text = validate(graph, shacl_graph=shapes(other), advanced=True)
    assert ok, text


def test_vocabulary_declares_both_kind_schemes_in_four_languages() -> None:
    vocabulary = Graph().parse(data=(ROOT / "ontology" / "mentions.ttl").read_text("utf-8"), format="turtle",
                               publicID=BASE)
    for scheme, count in (("institution", 6), ("instrument", 7)):
        concepts = set(vocabulary.objects(IRIS.kind_scheme(scheme), SKOS.hasTopConcept))
        assert len(concepts) == count
        for concept in concepts:
            assert {lit.language for lit in vocabulary.objects(concept, SKOS.prefLabel)} == {"en", "es", "fr", "pt"}
            assert {lit.language for lit in vocabulary.objects(concept, SKOS.definition)} == {"en", "es", "fr", "pt"}


def test_the_graph_reads_mentions_without_running_the_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    # What makes two mentions one node (alias names, an instrument's label and scope) is on
    # the model, set by extract/: the graph stage tokenizes nothing and looks no head up.
    from mgi_graph.extract.heads import HeadFinder
    from mgi_graph.extract.tokenizer import Tokenizer

    profile = extract_mentions(read_profile(ROOT / "data" / "profiles" / "co-medellin-2022.txt"))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the graph stage ran the extractor")

    monkeypatch.setattr(HeadFinder, "primary", refuse)
    monkeypatch.setattr(Tokenizer, "tokenize", refuse)
    graph = Graph()
    add_mentions(graph, IRIS, profile)
    assert set(graph.subjects(RDF.type, INSTRUMENT)) and set(graph.subjects(RDF.type, ORG.Organization))


def test_instruments_carry_their_label_and_scope() -> None:
    profile = extract_mentions(read_profile(ROOT / "data" / "profiles" / "co-medellin-2022.txt"))
    instruments = [i for f in profile.findings for i in f.instruments]
    assert all(i.label and i.scope in ("local", "national") for i in instruments)
    assert any(i.scope == "national" for i in instruments) and any(i.scope == "local" for i in instruments)
