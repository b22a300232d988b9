"""Country names in the lexicon languages -> ISO 3166-1 alpha-2, from pycountry's own data.

pycountry ships gettext catalogues of the ISO 3166-1 names, so 'Pérou', 'Perú' and 'Peru'
all resolve without a hand-kept table. The one place names become codes: parsing asks it,
and so does ``locator.registry``, which also reads its translations of the ISO names.
"""

from __future__ import annotations

import gettext
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

import pycountry

from mgi_graph.parse.text import heading_key


def lookup_country(name: str, languages: tuple[str, ...]) -> str | None:
    """ISO alpha-2 of ``name`` in any of ``languages`` (accent/case-insensitive), or None."""
    return _country_index(languages).get(heading_key(name))


def country_short_name(alpha_2: str) -> str:
    """English short name: 'Bolivia', not 'Bolivia, Plurinational State of'."""
    country = pycountry.countries.get(alpha_2=alpha_2)
    if country is None:
        return alpha_2
    return str(getattr(country, "common_name", None) or country.name)


@lru_cache(maxsize=4)
def _country_index(languages: tuple[str, ...]) -> dict[str, str]:
    """{folded name: alpha-2}; names shared by two countries ('Korea') are left out."""
    codes: dict[str, set[str]] = defaultdict(set)
    catalogues = [translator("iso3166-1", lang) for lang in languages]
    for country in pycountry.countries:
        for english in _names(country):
            for catalogue in catalogues:
                for variant in _variants(catalogue.gettext(english)):
                    codes[heading_key(variant)].add(country.alpha_2)
    return {key: next(iter(found)) for key, found in codes.items() if len(found) == 1 and key}


def _names(country: object) -> Iterator[str]:
    for attribute in ("name", "common_name", "official_name"):
        value = getattr(country, attribute, None)
        if value:
            yield str(value)


def _variants(name: str) -> Iterator[str]:
    """'Korea, Republic of' -> itself, 'Republic of Korea' and 'Korea'."""
    yield name
    if ", " in name:
        head, _, tail = name.partition(", ")
        yield f"{tail} {head}"
        yield head


@lru_cache(maxsize=None)
def translator(domain: str, language: str) -> gettext.NullTranslations:
    """pycountry's catalogue of an ISO standard's names (``iso3166-1``, ``iso4217``) in ``language``."""
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        # English has no catalogue: the ISO names are English already.
        return gettext.NullTranslations()

