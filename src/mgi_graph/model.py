"""Plain data passed between pipeline stages (parse -> extract -> locate -> graph).

No rdflib here: these are the values a JSON programmer sees in ``mgi-graph parse``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mgi_graph.slug import slugify

DOMAINS: tuple[str, ...] = (
    "migrants-rights",
    "whole-of-government",
    "partnerships",
    "well-being",
    "crises",
    "safe-migration",
)
POLARITIES: tuple[str, ...] = ("well-developed", "potential")
LEVELS: tuple[str, ...] = ("local", "national")
INSTITUTION_KINDS: tuple[str, ...] = (
    "government",
    "international",
    "network",
    "academic",
    "civil-society",
    "other",
)
INSTRUMENT_KINDS: tuple[str, ...] = (
    "plan",
    "policy",
    "strategy",
    "law",
    "programme",
    "event",
    "other",
)


@dataclass(frozen=True)
class Institution:
    """A named body a finding mentions.

    ``name`` is the canonical name (abbreviations expanded, short forms of the
    local government resolved); ``scope`` says whose body it is: ``"local"``,
    ``"national"`` or ``"international"``; ``parent`` is the canonical name of
    the body it belongs to, when the text nests one name in another; ``labels``
    are the (language, name) pairs of the alias table for a body it lists (an
    international body or network), empty for any other.
    """

    surface: str
    name: str
    kind: str
    scope: str = "local"
    parent: str | None = None
    labels: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Instrument:
    """A named plan, policy, law, programme or event a finding mentions.

    ``label`` is the name the graph gives it (the surface when empty); ``scope`` is
    ``"national"`` when its name says so ("Política Nacional de ..."), else ``"local"``.
    """

    surface: str
    kind: str
    year: int | None = None
    label: str = ""
    scope: str = "local"


@dataclass(frozen=True)
class Finding:
    position: int
    domain: str
    polarity: str
    text: str
    line: int = 0
    institutions: tuple[Institution, ...] = ()
    instruments: tuple[Instrument, ...] = ()


@dataclass(frozen=True)
class Profile:
    """One MGI profile page.

    ``country`` is an ISO 3166-1 alpha-2 code, or ``None`` until the country is
    located (see ``country_inferred``). ``chrome_language`` is the language of
    the page furniture, which may differ from ``language`` (the findings'),
    published as ``page_language`` (JSON, tables) and ``mgi:pageLanguage``;
    ``title_language`` the title's own (None without a title). ``address`` is the web page
    the text was copied from, when the profiles' ``sources.tsv`` records it.
    """

    source: str
    sha256: str
    title: str | None
    entity: str
    level: str
    place: str
    published: str
    language: str
    chrome_language: str
    findings: tuple[Finding, ...]
    country: str | None = None
    country_name: str | None = None
    country_inferred: bool = False
    title_language: str | None = None
    address: str | None = None

    @property
    def id(self) -> str:
        country = (self.country or "xx").lower()
        return f"{country}-{slugify(self.place)}-{self.published[:4]}"


@dataclass(frozen=True)
class CountryRecord:
    """A country as the registries know it."""

    iso2: str
    iso3: str
    numeric: str
    m49: str
    names: dict[str, str] = field(default_factory=dict)
    region: str | None = None
    wikidata: str | None = None
    # Added by the registry work: the M49 code of ``region`` and the country's GeoNames id.
    region_m49: str | None = None
    geonames_id: int | None = None


@dataclass(frozen=True)
class PlaceRecord:
    """A profile's place as the gazetteer knows it.

    ``geonames_id`` identifies the populated place; ``division`` and
    ``division_code`` its first-level administrative division (ISO 3166-2).
    """

    name: str
    country: str
    geonames_id: int | None = None
    division: str | None = None
    division_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Located:
    """A profile with what the registries know of its country and place.

    ``inference`` says how a country the text does not name was found (None when stated).
    """

    profile: Profile
    country: CountryRecord
    place: PlaceRecord
    inference: str | None = None


@dataclass(frozen=True)
class ProfileTexts:
    """What the dumps write of one profile, made from its own graph alone.

    ``node`` is the profile's node in ``mgi.jsonld`` as JSON text, nested from the profile's
    graph and the links it adds; ``covered`` pairs each subject written in ``node``
    (its N-Triples spelling) with how many triples of it are written there. ``tables`` holds
    the profile's rows of each table made profile by profile (``by_profile`` in the tables'
    definitions), as CSV without the header; those rows also read the vocabulary.
    """

    turtle: str
    jsonld: str
    node: str
    covered: tuple[tuple[str, int], ...]
    tables: dict[str, bytes]

    def replace_text(self, old: str, new: str) -> ProfileTexts:
        """These texts with ``old`` spelled ``new`` (an IRI that no text abbreviates)."""
        before, after = old.encode("utf-8"), new.encode("utf-8")
        return ProfileTexts(self.turtle.replace(old, new), self.jsonld.replace(old, new),
                            self.node.replace(old, new), self.covered,
                            {name: rows.replace(before, after) for name, rows in self.tables.items()})


@dataclass(frozen=True)
class BuiltProfile:
    """A profile through every stage that needs no other profile: its named graph and the
    links it adds (sorted N-Triples) and its texts for the dumps. Made by the build's workers
    and kept by the profile cache before the build IRI is known: ``build`` names the IRI
    that stands for it."""

    id: str
    sha256: str
    findings: int
    graph: str
    links: str
    texts: ProfileTexts
    build: str

    def with_build(self, build: str) -> BuiltProfile:
        """This profile with ``build`` for the IRI that stood for the build."""
        return BuiltProfile(self.id, self.sha256, self.findings, self.graph.replace(self.build, build),
                            self.links, self.texts.replace_text(self.build, build), build)
