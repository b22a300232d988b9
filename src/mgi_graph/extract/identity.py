"""What makes two mentions one node: set on each mention here, read by the graph stage.

An international body or network of the alias table carries the table's names
(``Institution.labels``), so "Mercociudades" in one profile and "Mercocities Network"
in another are one node, keyed by the English name; anything else is keyed by its
scope and canonical name. An instrument carries the name the graph labels it with and
whether its own name makes it national.
"""

from __future__ import annotations

from dataclasses import replace

from mgi_graph.extract.heads import HeadFinder
from mgi_graph.extract.lexicon import Lexicon
from mgi_graph.extract.resolve import clean, restore_place
from mgi_graph.model import Institution, Instrument, Profile


def identify_institution(institution: Institution, lexicon: Lexicon) -> Institution:
    """``institution`` with the alias-table names of the body, by its canonical name or surface."""
    alias = lexicon.alias(institution.name) or lexicon.alias(institution.surface)
    return replace(institution, labels=tuple(sorted(alias.labels.items()))) if alias else institution


def identify_instrument(instrument: Instrument, profile: Profile, heads: HeadFinder) -> Instrument:
    """``instrument`` with its label (straight apostrophes, the place's accents) and its scope:
    ``national`` for "Política Nacional de ...", "National ... Strategy", else ``local``."""
    tokens = heads.lexicon.tokenizer.tokenize(instrument.surface)
    head = heads.primary(tokens, 0, len(tokens))
    scope = "national" if "national" in heads.markers(tokens, 0, len(tokens), head) else "local"
    return replace(instrument, label=restore_place(clean(instrument.surface), profile.place), scope=scope)
