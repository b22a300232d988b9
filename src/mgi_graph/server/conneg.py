"""Content negotiation: ``Accept`` (RFC 9110 §12.5.1) and ``Accept-Language``.

An offer's quality is the q of the *most specific* media range that matches
it (``text/turtle;q=0`` beats ``*/*``). The best offer has the highest
quality; ties go to the offer matched by the more specific range
(``text/turtle, */*`` means Turtle), then to the server's order, which puts
HTML first so that ``*/*`` and a missing header give a browser page.

The offers below are made from rows of the formats table (``formats.tsv``): each
names its key (the file extension of a document, ``?format=``'s value), its media
type, other media types that ask for it and other short names ``?format=`` may use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from mgi_graph.formats import FORMATS
from mgi_graph.server.errors import NotAcceptableError


@dataclass(frozen=True)
class Offer:
    """A representation the server can send: ``key`` names it in URLs (``ttl``),
    ``media_type`` is what it sends, ``aliases`` are other types that ask for it,
    ``names`` other values of ``?format=`` that mean it (``turtle``)."""

    key: str
    media_type: str
    aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    def types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` it is sent with: every format the server writes is UTF-8."""
        return f"{self.media_type}; charset=utf-8"

    def is_named(self, value: str) -> bool:
        """Whether ``?format=value`` asks for this offer (a key, a short name or a media type)."""
        value = value.strip().lower()
        return value in (self.key, *self.names, *self.types())


def offer(name: str) -> Offer:
    """The offer of the formats table's row ``name``: its key, media type, aliases and names."""
    fmt = FORMATS[name]
    return Offer(fmt.key, fmt.media_type, fmt.aliases, fmt.names)


HTML_OFFER = offer("html")
TURTLE = offer("turtle")
JSONLD = offer("jsonld")
NTRIPLES = offer("ntriples")
RDFXML = offer("rdfxml")
JSON_RESULTS = offer("sparql-json")
XML_RESULTS = offer("sparql-xml")
CSV_RESULTS = offer("csv")
TSV_RESULTS = offer("tsv")
# Plain JSON (listings, errors, the OpenAPI document) and plain text (errors).
JSON_OFFER = offer("json")
PLAIN = offer("text")
# Documents of a resource, in the server's order of preference.
DOCUMENTS: tuple[Offer, ...] = (HTML_OFFER, TURTLE, JSONLD, NTRIPLES, RDFXML)
# What a SPARQL SELECT/ASK and a CONSTRUCT/DESCRIBE can be sent as. Machine formats first:
# a client sending "*/*" gets JSON or Turtle; a browser, which names text/html, gets a page.
RESULT_OFFERS: tuple[Offer, ...] = (JSON_RESULTS, XML_RESULTS, CSV_RESULTS, TSV_RESULTS, HTML_OFFER)
GRAPH_OFFERS: tuple[Offer, ...] = (TURTLE, JSONLD, NTRIPLES, RDFXML, HTML_OFFER)
# The Content-Type of each format by key (keys of results and graphs differ: json/jsonld, xml/rdf).
CONTENT_TYPES = {o.key: o.content_type for o in (*DOCUMENTS, *RESULT_OFFERS)}

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


def named_offer(values: str | Sequence[str] | None, offers: tuple[Offer, ...]) -> Offer | None:
    """The first offer that one of the ``?format=`` values names, in the values' order; None if none
    does (a format the server does not know yields to ``Accept``)."""
    for value in (values,) if isinstance(values, str) else values or ():
        for offer in offers:
            if offer.is_named(value):
                return offer
    return None


def negotiate(accept: str | None, offers: tuple[Offer, ...], *,
              format_key: str | Sequence[str] | None = None) -> Offer:
    """Like ``choose``, but an offer ``format_key`` names (``?format=ttl``, repeatable) wins,
    and no match raises.

    Raises NotAcceptableError listing the media types on offer.
    """
    available = tuple(o.media_type for o in offers)
    named = named_offer(format_key, offers)
    if named is not None:
        return named
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
