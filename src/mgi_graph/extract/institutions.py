"""Turn a name found in a finding into an ``Institution``: kind, scope, canonical name."""

from __future__ import annotations

from dataclasses import dataclass

from mgi_graph.extract.heads import HeadFinder, HeadHit
from mgi_graph.extract.lexicon import Alias, Lexicon
from mgi_graph.extract.resolve import (
    alias_name,
    clean,
    local_government_name,
    names_own_place,
    restore_place,
)
from mgi_graph.extract.tokenizer import Token
from mgi_graph.model import Institution, Profile

_INTERNATIONAL = "international"


@dataclass(frozen=True)
class OrgContext:
    profile: Profile
    lexicon: Lexicon
    heads: HeadFinder


def from_alias(surface: str, alias: Alias, ctx: OrgContext) -> Institution:
    """An international organisation or network of the alias table."""
    return Institution(
        surface=clean_surface(surface),
        name=alias_name(alias, ctx.profile.language),
        kind=alias.kind,
        scope=_INTERNATIONAL,
    )


def from_name(tokens: list[Token], start: int, end: int, head: HeadHit, surface: str, ctx: OrgContext) -> Institution | None:
    """The institution ``tokens[start:end]`` names, or None when it is a bare generic word."""
    if _bare_head(start, end, head) and not _stands_alone(head):
        return None  # "the Plan", "múltiples Secretarías": a head noun alone names nothing
    if _generic_plural(tokens, start, end, head):
        return None  # "les ministères sectoriels", "ministerios sectoriales": no proper name
    if head.head.category == "local-government" and _own_local_government(tokens, start, end, head, ctx):
        name = local_government_name(head.head, ctx.profile, ctx.heads)
        return Institution(clean_surface(surface), restore_place(name, ctx.profile.place), "government", "local")
    effects = ctx.heads.markers(tokens, start, end, head)
    kind = _kind(head, effects)
    return Institution(
        surface=clean_surface(surface),
        name=restore_place(clean(surface), ctx.profile.place),
        kind=kind,
        scope=_scope(head, kind, effects),
    )


def nest(child: Institution, parent: Institution) -> Institution:
    """``child`` as part of ``parent``: a body of an international network is international too."""
    scope, kind = child.scope, child.kind
    if parent.scope != "local":
        scope = parent.scope
    if parent.kind in (_INTERNATIONAL, "network") and kind == "government":
        kind = parent.kind
    return Institution(child.surface, child.name, kind, scope, parent.name)


def clean_surface(surface: str) -> str:
    return " ".join(surface.split())


def _bare_head(start: int, end: int, head: HeadHit) -> bool:
    return end - start == head.length


def _generic_plural(tokens: list[Token], start: int, end: int, head: HeadHit) -> bool:
    """A plural head followed by lower-case words only is a class of bodies, not a name."""
    rest = tokens[start : head.index] + tokens[head.index + head.length : end]
    return head.plural and all(t.is_word and not t.is_capitalised for t in rest)


def _stands_alone(head: HeadHit) -> bool:
    # a plural ("Municipalidades") is never the profile's own government
    return "standalone" in head.head.flags and not head.plural


def _own_local_government(tokens: list[Token], start: int, end: int, head: HeadHit, ctx: OrgContext) -> bool:
    if head.plural:
        return False
    before = [t.text for t in tokens[start : head.index]]
    after = [t.text for t in tokens[head.index + head.length : end]]
    if not before and not after:
        return True  # "la Municipalidad", "the Mayor's Office"
    glue = ctx.heads.lexicon.words.role("own-place-glue")
    if before and not after:
        return names_own_place(before, ctx.profile, glue)  # "Springfield Mayor's Office"
    return not before and names_own_place(after, ctx.profile, glue)


def _kind(head: HeadHit, effects: set[str]) -> str:
    if _INTERNATIONAL in effects:
        # "Association internationale des communes rurales" is still a network
        return "network" if head.head.kind == "network" else _INTERNATIONAL
    for effect in ("civil-society", "academic"):
        if effect in effects:
            return effect
    return head.head.kind


def _scope(head: HeadHit, kind: str, effects: set[str]) -> str:
    if kind in (_INTERNATIONAL, "network"):
        return _INTERNATIONAL
    if "national" in effects or "national" in head.head.flags:
        return "national"
    return "local"
