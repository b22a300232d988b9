"""Find Wikidata candidates for countries, places and divisions that have no curated QID.

Asks a SPARQL endpoint (Wikidata's by default, any Wikidata-shaped store in
tests) by identifier first: GeoNames id (P1566), ISO 3166-1 alpha-2 (P297) or
ISO 3166-2 (P300); then by label in the entity's country (P17). Identifier
matches are chained through a registry both sides share, so they are trusted
more than label matches. Nothing found here is curated: candidates go to an
SSSOM file only when a person runs ``mgi-graph link --write``.

Politeness towards query.wikidata.org: a descriptive User-Agent (Wikimedia's
policy requires one), a minimum interval between requests, a timeout, and
retries with exponential back-off (or the server's Retry-After) on 429 and 5xx.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from SPARQLWrapper import JSON, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException

from mgi_graph.defaults import USER_AGENT, WIKIDATA_ENDPOINT
from mgi_graph.errors import EndpointError
from mgi_graph.iris import DEFAULT_BASE, Iris
from mgi_graph.languages import LANGUAGES
from mgi_graph.model import CountryRecord, PlaceRecord
from mgi_graph.locator.sssom import Mapping, append_mappings, create_mapping_set

TOOL_CREATOR = "mgi:agent/mgi-graph-link"
# semapv: an identifier match chains our GeoNames/ISO mapping with Wikidata's;
# a label match is lexical.
CHAINED = "semapv:MappingChaining"
LEXICAL = "semapv:LexicalMatching"
RETRIABLE_STATUS = frozenset({429, 500, 502, 503, 504})

PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@dataclass(frozen=True)
class Entity:
    """Something of ours that may have a Wikidata item: a country, a place or a division."""

    iri: str
    label: str
    kind: str
    country: str
    geonames_id: int | None = None
    iso_code: str | None = None


@dataclass(frozen=True)
class Candidate:
    entity: Entity
    qid: str
    label: str
    confidence: float
    method: str
    justification: str


@dataclass(frozen=True)
class LinkSettings:
    endpoint: str = WIKIDATA_ENDPOINT
    user_agent: str = USER_AGENT
    min_interval: float = 1.0
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 2.0


@dataclass
class _Client:
    """One endpoint, spaced requests, retries; ``sleep``/``clock`` injectable for tests."""

    settings: LinkSettings
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: float | None = field(default=None, init=False)

    def select(self, query: str) -> list[dict[str, str]]:
        for attempt in range(self.settings.retries + 1):
            self._wait_turn()
            try:
                return _bindings(self._send(query))
            except urllib.error.HTTPError as error:
                if error.code not in RETRIABLE_STATUS or attempt == self.settings.retries:
                    raise self._error(f"HTTP {error.code} {error.reason}") from error
                self.sleep(_retry_after(error) or self.settings.backoff * 2**attempt)
            except EndPointInternalError as error:
                if attempt == self.settings.retries:
                    raise self._error("HTTP 500 internal error") from error
                self.sleep(self.settings.backoff * 2**attempt)
            except (TimeoutError, socket.timeout) as error:
                if attempt == self.settings.retries:
                    raise self._error(f"no answer within {self.settings.timeout:g} s") from error
                self.sleep(self.settings.backoff * 2**attempt)
            except urllib.error.URLError as error:
                if isinstance(error.reason, TimeoutError) and attempt < self.settings.retries:
                    self.sleep(self.settings.backoff * 2**attempt)
                    continue
                # Refused or unresolvable: retrying will not make the host appear.
                raise self._error(f"cannot connect ({_reason(error)})") from error
            except SPARQLWrapperException as error:
                raise self._error(str(error).splitlines()[0]) from error
        raise AssertionError("unreachable")

    def _wait_turn(self) -> None:
        now = self.clock()
        if self._last is not None and now - self._last < self.settings.min_interval:
            self.sleep(self.settings.min_interval - (now - self._last))
        self._last = self.clock()

    def _send(self, query: str) -> Any:
        wrapper = SPARQLWrapper(self.settings.endpoint, agent=self.settings.user_agent)
        wrapper.setQuery(query)
        wrapper.setReturnFormat(JSON)
        wrapper.setTimeout(int(max(1, self.settings.timeout)))
        try:
            return wrapper.queryAndConvert()
        except json.JSONDecodeError as error:
            raise self._error("the answer is not SPARQL JSON results; is this a SPARQL query URL?") from error

    def _error(self, what: str) -> EndpointError:
        return EndpointError(f"SPARQL endpoint {self.settings.endpoint}: {what}; check --endpoint and try again")


def _reason(error: urllib.error.URLError) -> str:
    reason = error.reason
    return getattr(reason, "strerror", None) or str(reason)


def _retry_after(error: urllib.error.HTTPError) -> float | None:
    value = error.headers.get("Retry-After") if error.headers else None
    try:
        return float(value) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to our own back-off


def _bindings(result: Any) -> list[dict[str, str]]:
    if not isinstance(result, dict) or "results" not in result:
        raise EndpointError("the SPARQL endpoint did not return SELECT results; check --endpoint")
    return [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _by_property(prop: str, value: str) -> str:
    return PREFIXES + f"""SELECT DISTINCT ?item ?label WHERE {{
  ?item wdt:{prop} {_literal(value)} .
  OPTIONAL {{ ?item rdfs:label ?label . FILTER(LANG(?label) = "en") }}
}}"""


def _by_label(label: str, country: str) -> str:
    # VALUES over language-tagged literals hits Wikidata's label index; a
    # FILTER on str(?label) would scan and time out there.
    values = " ".join(f"{_literal(label)}@{lang}" for lang in LANGUAGES)
    return PREFIXES + f"""SELECT DISTINCT ?item ?label WHERE {{
  VALUES ?label {{ {values} }}
  ?item rdfs:label ?label ; wdt:P17 ?country .
  ?country wdt:P297 {_literal(country)} .
}}"""


def _queries(entity: Entity) -> list[tuple[str, str, float, str]]:
    """(query, method, confidence, justification), most trusted first."""
    queries = []
    if entity.geonames_id is not None:
        queries.append((_by_property("P1566", str(entity.geonames_id)), "GeoNames id (P1566)", 0.95, CHAINED))
    if entity.iso_code and entity.kind == "country":
        queries.append((_by_property("P297", entity.iso_code), "ISO 3166-1 alpha-2 (P297)", 0.95, CHAINED))
    if entity.iso_code and entity.kind == "division":
        queries.append((_by_property("P300", entity.iso_code), "ISO 3166-2 (P300)", 0.95, CHAINED))
    queries.append((_by_label(entity.label, entity.country), "label in country (P17)", 0.7, LEXICAL))
    return queries


def _qid(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def find_candidates(
    entities: Iterable[Entity],
    endpoint: str = WIKIDATA_ENDPOINT,
    *,
    settings: LinkSettings | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Candidate]:
    """Wikidata candidates for ``entities``, by the most trusted method that finds any.

    Several items found by one method share its confidence (divided by their
    number): the curator picks. ``endpoint`` overrides ``settings.endpoint``.
    Raises EndpointError for an endpoint that cannot
    be reached, times out or keeps failing.
    """
    client = _Client(replace(settings or LinkSettings(), endpoint=endpoint), sleep=sleep)
    candidates: list[Candidate] = []
    for entity in entities:
        for query, method, confidence, justification in _queries(entity):
            rows = [r for r in client.select(query) if r.get("item", "").startswith("http://www.wikidata.org/entity/Q")]
            items = {_qid(r["item"]): r.get("label", "") for r in rows}
            if items:
                share = round(confidence / len(items), 3)
                candidates += [Candidate(entity, q, lbl, share, method, justification) for q, lbl in sorted(items.items())]
                break
    return candidates


def entities_for(country: CountryRecord, place: PlaceRecord | None, iris: Iris, level: str = "local") -> list[Entity]:
    """The linkable entities of one located profile: its country, place and division."""
    entities = [Entity(str(iris.country(country.iso2)), country.names.get("en", country.iso2), "country",
                       country.iso2, country.geonames_id, country.iso2)]
    if place is not None and level != "national":
        entities.append(Entity(str(iris.place(place.country, place.name)), place.name, "place",
                               place.country, place.geonames_id))
        if place.division_code and place.division:
            entities.append(Entity(str(iris.division(place.division_code)), place.division, "division",
                                   place.country, None, place.division_code))
    return entities


def unlinked(entities: Sequence[Entity], known: Iterable[str]) -> list[Entity]:
    """``entities`` without a curated QID, each once, in order."""
    skip = set(known)
    seen: set[str] = set()
    out = []
    for entity in entities:
        if entity.iri not in skip and entity.iri not in seen:
            seen.add(entity.iri)
            out.append(entity)
    return out


def to_mapping(candidate: Candidate, *, base: str = DEFAULT_BASE, today: date | None = None) -> Mapping:
    """An SSSOM row for ``candidate``, subject written as an ``mgi:`` CURIE."""
    iri = candidate.entity.iri
    path = Iris(base).path(iri)
    subject = iri if path is None else f"mgi:{path}"
    return Mapping(
        subject_id=subject,
        subject_label=candidate.entity.label,
        predicate_id="skos:exactMatch",
        object_id=f"wd:{candidate.qid}",
        object_label=candidate.label,
        mapping_justification=candidate.justification,
        confidence=candidate.confidence,
        creator_id=TOOL_CREATOR,
        mapping_date=(today or date.today()).isoformat(),
    )


def write_candidates(path: Path, candidates: Iterable[Candidate], *, today: date | None = None) -> int:
    """Append ``candidates`` to the SSSOM file ``path`` (created if missing); returns rows added."""
    create_mapping_set(path, str(Iris().mapping_set(path.name)), "mgi-graph entities to Wikidata")
    return append_mappings(path, [to_mapping(c, today=today) for c in candidates])
