"""What makes two mentions one node: the keys the graph mints IRIs from.

An international body or network of the alias table is keyed by its English
preferred label, so "Mercociudades" in one profile and "Mercocities Network"
in another are one node; anything else by its scope and canonical name.
"""

from __future__ import annotations

from mgi_graph.extract.heads import head_finder
from mgi_graph.extract.lexicon import Alias, load_lexicon
from mgi_graph.extract.resolve import clean, restore_place
from mgi_graph.model import Institution, Instrument, Profile


def alias_of(institution: Institution) -> Alias | None:
    """The alias-table entry of an international body, by its canonical name or surface."""
    lexicon = load_lexicon()
    return lexicon.alias(institution.name) or lexicon.alias(institution.surface)


def org_key(institution: Institution, profile: Profile) -> tuple[str, str]:
    """(scope level, name): ``international`` + the English label for alias-table bodies."""
    alias = alias_of(institution)
    if alias is not None:
        return "international", alias.labels["en"]
    return _level(institution.scope, profile), institution.name


def instrument_label(instrument: Instrument, profile: Profile) -> str:
    """The instrument's name as the graph labels it: straight apostrophes, the place's accents."""
    return restore_place(clean(instrument.surface), profile.place)


def instrument_level(instrument: Instrument, profile: Profile) -> str:
    """``national`` for "Política Nacional de ...", "National ... Strategy"; else the profile's own."""
    lexicon = load_lexicon()
    heads = head_finder(profile.language)
    tokens = lexicon.tokenizer.tokenize(instrument.surface)
    head = heads.primary(tokens, 0, len(tokens))
    if "national" in heads.markers(tokens, 0, len(tokens), head):
        return "national"
    return _level("local", profile)


def _level(scope: str, profile: Profile) -> str:
    # a national profile's own bodies belong to the country, not to a city
    if scope == "local" and profile.level == "national":
        return "national"
    return scope
