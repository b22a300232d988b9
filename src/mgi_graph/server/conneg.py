"""Content negotiation: ``Accept`` (RFC 9110 §12.5.1) and ``Accept-Language``.

An offer's quality is the q of the *most specific* media range that matches
it (``text/turtle;q=0`` beats ``*/*``). The best offer has the highest
quality; ties go to the offer matched by the more specific range
(``text/turtle, */*`` means Turtle), then to the server's order, which puts
HTML first so that ``*/*`` and a missing header give a browser page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from mgi_graph.server.errors import NotAcceptableError


@dataclass(frozen=True)
class Offer:
    """A representation the server can send: ``key`` names it in URLs (``ttl``),
    ``media_type`` is what it sends, ``aliases`` are other types that ask for it."""

    key: str
    media_type: str
    aliases: tuple[str, ...] = ()

    def types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


HTML = Offer("html", "text/html", ("application/xhtml+xml",))
TURTLE = Offer("ttl", "text/turtle", ("application/x-turtle",))
JSONLD = Offer("jsonld", "application/ld+json", ("application/json",))
NTRIPLES = Offer("nt", "application/n-triples")
# Documents of a resource, in the server's order of preference.
DOCUMENTS: tuple[Offer, ...] = (HTML, TURTLE, JSONLD, NTRIPLES)

# Parsed Accept headers are cached: clients repeat the same few strings.
_Range = tuple[str, str, float]


@lru_cache(maxsize=256)
def parse_accept(header: str) -> tuple[_Range, ...]:
    """``(type, subtype, q)`` of each media range; malformed ranges are skipped."""
    ranges: list[_Range] = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        main, _, sub = media.partition("/")
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                q = _quality(value)
        ranges.append((main, sub, q))
    return tuple(ranges)


def _quality(value: str) -> float:
    try:
        q = float(value.strip())
    except ValueError:
        return 0.0
    return min(max(q, 0.0), 1.0)


def _match(ranges: tuple[_Range, ...], media_type: str) -> tuple[float, int]:
    """(q, specificity) of the most specific range matching ``media_type``; (0, -1) if none."""
    main, _, sub = media_type.partition("/")
    best: tuple[float, int] = (0.0, -1)
    for range_main, range_sub, q in ranges:
        if range_main == main and range_sub == sub:
            specificity = 2
        elif range_main == main and range_sub == "*":
            specificity = 1
        elif range_main == "*" and range_sub == "*":
            specificity = 0
        else:
            continue
        if specificity > best[1]:
            best = (q, specificity)
    return best


def _offer_match(ranges: tuple[_Range, ...], offer: Offer) -> tuple[float, int]:
    """The match of the offer's own type, unless an alias is named exactly (only then does an
    alias count: ``text/html;q=0, */*`` must not let ``*/*`` revive HTML through XHTML)."""
    best = _match(ranges, offer.media_type)
    for alias in offer.aliases:
        q, specificity = _match(ranges, alias)
        if specificity == 2 and (specificity, q) > (best[1], best[0]):
            best = (q, specificity)
    return best


def choose(accept: str | None, offers: tuple[Offer, ...]) -> Offer | None:
    """The best of ``offers`` for an ``Accept`` header; None when none is acceptable."""
    if not accept or not accept.strip():
        return offers[0] if offers else None
    return _choose(accept, offers)


@lru_cache(maxsize=1024)
def _choose(accept: str, offers: tuple[Offer, ...]) -> Offer | None:
    ranges = parse_accept(accept)
    best: Offer | None = None
    best_score: tuple[float, int, int] = (0.0, -1, 0)
    for order, offer in enumerate(offers):
        q, specificity = _offer_match(ranges, offer)
        score = (q, specificity, -order)
        if q > 0 and score > best_score:
            best, best_score = offer, score
    return best


def negotiate(accept: str | None, offers: tuple[Offer, ...], *, format_key: str | None = None) -> Offer:
    """Like ``choose``, but ``format_key`` (``?format=ttl``) wins, and no match raises.

    Raises NotAcceptableError listing the media types on offer.
    """
    available = tuple(o.media_type for o in offers)
    if format_key:
        for offer in offers:
            if format_key in (offer.key, offer.media_type):
                return offer
        keys = ", ".join(o.key for o in offers)
        raise NotAcceptableError(f"unknown format '{format_key}'; available: {keys}", available)
    chosen = choose(accept, offers)
    if chosen is None:
        raise NotAcceptableError(
            f"none of the media types in 'Accept: {accept}' is available; available: {', '.join(available)}",
            available,
        )
    return chosen


def choose_language(header: str | None, override: str | None, supported: tuple[str, ...], default: str) -> str:
    """``?lang=`` if supported, else the best ``Accept-Language`` match (``es-CO`` -> ``es``)."""
    if override and override.lower() in supported:
        return override.lower()
    if not header:
        return default
    return _choose_language(header, supported, default)


@lru_cache(maxsize=256)
def _choose_language(header: str, supported: tuple[str, ...], default: str) -> str:
    best, best_q = default, 0.0
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        tag = fields[0].lower().split("-")[0]
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                q = _quality(value)
        if tag == "*" and q > best_q:
            best, best_q = default, q
        elif tag in supported and q > best_q:
            best, best_q = tag, q
    return best
