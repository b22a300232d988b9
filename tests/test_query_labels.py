"""Stored queries choose labels by the profile's language, then English, then any language.

On a small hand-written graph with profiles in four languages: an institution or domain
named in the profile's language shows that name; one named only in other languages shows its
English name, and one without an English name its only name. Queries that are about no
profile (identifiers) take English, then any. Both engines (pyoxigraph, rdflib) agree.
"""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Dataset

from mgi_graph.query.stored import bind_query, load_queries
from mgi_graph.query.results import run_local, run_rdflib

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

QUERIES = load_queries()


def _profile(lang: str) -> str:
    pid = f"xx-{lang}-2020"
    return f"""
b:graph\\/{pid} {{
  b:profile\\/{pid} a mgi:Profile ; dcterms:identifier "{pid}" ; dcterms:language "{lang}"^^xsd:language ;
      schema:hasPart b:profile\\/{pid}\\/finding\\/1 .
  b:profile\\/{pid}\\/finding\\/1 schema:isPartOf b:profile\\/{pid} ; schema:position 1 ; schema:text "t"@{lang} ;
      mgi:domain b:domain\\/crises ; mgi:polarity b:polarity\\/potential ; schema:mentions b:org\\/un, b:org\\/office .
  b:org\\/un a org:Organization ; org:classification b:kind\\/institution\\/international .
  b:org\\/office a org:Organization ; org:classification b:kind\\/institution\\/government .
}}"""


SAMPLE = """
@prefix mgi: <https://w3id.org/mgi/ontology#> . @prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix b: <https://w3id.org/mgi/> .
b:graph\\/vocabulary {
  b:domain\\/crises skos:inScheme b:domain ; skos:notation "5" ;
      skos:prefLabel "Mobility dimension of crises"@en, "Dimensión de movilidad de las crisis"@es,
                     "Dimension de mobilité des crises"@fr .
  b:polarity\\/potential skos:notation "potential" .
}
b:graph\\/labels {
  b:org\\/un a org:Organization ; skos:prefLabel "Naciones Unidas"@es, "Nations Unies"@fr, "United Nations"@en .
  b:org\\/office a org:Organization ; skos:prefLabel "Alcaldía"@es .
  b:country\\/xx a schema:Country ; skos:prefLabel "Equis"@es, "Xland"@en .
  b:place\\/xx\\/a a schema:City ; skos:prefLabel "Ciudad A"@es .
}
""" + "".join(_profile(lang) for lang in ("en", "es", "fr", "pt"))

OWN_THEN_EN = {"en": "en", "es": "es", "fr": "fr", "pt": "en"}
DOMAIN = {"en": "Mobility dimension of crises", "es": "Dimensión de movilidad de las crisis",
          "fr": "Dimension de mobilité des crises"}
UN = {"en": "United Nations", "es": "Naciones Unidas", "fr": "Nations Unies"}


@pytest.fixture(scope="module")
def sample() -> tuple[pyoxigraph.Store, Dataset]:
    store = pyoxigraph.Store()
    store.load(SAMPLE, pyoxigraph.RdfFormat.TRIG)
    dataset = Dataset(default_union=True)
    dataset.parse(data=SAMPLE, format="trig")
    return store, dataset


def _records(sample: tuple[pyoxigraph.Store, Dataset], name: str, **values: str) -> list[dict[str, str]]:
    sparql = bind_query(QUERIES[name], values)
    local, reference = run_local(sample[0], sparql), run_rdflib(sample[1], sparql)
    assert local.rows == reference.rows
    return [{key: str(value) for key, value in record.items()} for record in local.records()]


@pytest.mark.parametrize("lang", sorted(OWN_THEN_EN))
def test_institution_labels_follow_the_profile_language(lang: str, sample: tuple[pyoxigraph.Store, Dataset]) -> None:
    rows = _records(sample, "institutions", profile=f"xx-{lang}-2020")
    labels = {row["institution"].rsplit("/", 1)[1]: row["label"] for row in rows}
    assert labels == {"un": UN[OWN_THEN_EN[lang]], "office": "Alcaldía"}


def test_every_profile_gets_its_own_institution_labels(sample: tuple[pyoxigraph.Store, Dataset]) -> None:
    rows = _records(sample, "institutions")
    got = {(row["profile_id"], row["label"]) for row in rows if row["institution"].endswith("/un")}
    assert got == {(f"xx-{lang}-2020", UN[own]) for lang, own in OWN_THEN_EN.items()}


@pytest.mark.parametrize("name", ["overview", "missing-strengths"])
def test_domain_labels_per_profile_follow_its_language(name: str, sample: tuple[pyoxigraph.Store, Dataset]) -> None:
    rows = _records(sample, name)
    got = {(row["profile_id"], row["domain_label"]) for row in rows if row["domain_notation"] == "5"}
    assert got == {(f"xx-{lang}-2020", DOMAIN[own]) for lang, own in OWN_THEN_EN.items()}


@pytest.mark.parametrize("lang", sorted(OWN_THEN_EN))
def test_profile_domain_label_follows_its_language(lang: str, sample: tuple[pyoxigraph.Store, Dataset]) -> None:
    rows = _records(sample, "profile", profile=f"xx-{lang}-2020")
    assert [row["domain_label"] for row in rows] == [DOMAIN[OWN_THEN_EN[lang]]]


@pytest.mark.parametrize(("a", "b"), [("es", "en"), ("fr", "es"), ("pt", "es")])
def test_compare_labels_follow_the_first_profile(a: str, b: str, sample: tuple[pyoxigraph.Store, Dataset]) -> None:
    rows = _records(sample, "compare", a=f"xx-{a}-2020", b=f"xx-{b}-2020")
    assert {row["domain_label"] for row in rows} == {DOMAIN[OWN_THEN_EN[a]]}


def test_place_labels_are_english_then_any(sample: tuple[pyoxigraph.Store, Dataset]) -> None:
    rows = _records(sample, "identifiers")
    assert {row["entity"].rsplit("/", 1)[1]: row["label"] for row in rows} == {"xx": "Xland", "a": "Ciudad A"}
