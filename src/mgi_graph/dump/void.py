"""The VoID + DCAT-AP 3 description of a build (``dist/void.ttl``).

Conforms to the DCAT-AP 3.0.1 shapes (mandatory and range; recommended as far as the
data allows). Whose is what: the finding texts and titles are quoted from IOM's profiles
and stay IOM's (a rights statement says so and links IOM's portal); the graph's own
structure, identifiers and descriptions are mgi-graph's, under CC BY 4.0.
"""

from __future__ import annotations

import json

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from mgi_graph.formats import FORMATS, GZIP
from mgi_graph.iris import Iris
from mgi_graph.graph.indexed import IndexedGraph
from mgi_graph.graph.places import GEONAMES, GEONAMES_LICENSE, LINK_TARGETS, linkset_counts
from mgi_graph.graph.quads import graph_quads, ntriples_turtle, spelling
from mgi_graph.graph.vocabulary import IOM_PORTAL
from mgi_graph.namespaces import DCAT, MGI, PREFIXES, SD, SPDX, VOID

__all__ = ["DESCRIPTIONS", "METADATA_FILES", "describe_dataset", "void_turtle"]

IANA = "http://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
DATA_THEME = URIRef("http://publications.europa.eu/resource/authority/data-theme")
# Files of dist/ that describe others rather than hold data: not distributions.
METADATA_FILES = frozenset({"context.jsonld"})
# What a distribution holds, for the files that need more than their name and media type.
DESCRIPTIONS: dict[str, str] = {
    "mgi.nq.gz": "Every named graph of the dataset, as gzip-compressed N-Quads.",
    "mgi.nt": "The union of the named graphs, as sorted N-Triples.",
    "mgi.ttl": "The union of the named graphs, as Turtle.",
    "mgi.jsonld": "The union of the named graphs, as JSON-LD (compacted with context.jsonld).",
}
# File-name endings that mean a compressed file: ending -> media type of the compression.
COMPRESSIONS = {f".{GZIP.extension}": GZIP.media_type}
# EU file-type authority codes (dcterms:format) of the media types that have one.
FILE_TYPES = {f.media_type: f.file_type for f in FORMATS.values() if f.file_type}
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
RIGHTS = (
    "The finding texts and profile titles are quoted from Migration Governance Indicators profiles "
    "published by the International Organization for Migration (IOM); they remain IOM's and their "
    "reuse is subject to IOM's terms of use (see the source). The CC BY 4.0 licence covers what "
    "mgi-graph adds: the graph's structure, identifiers, classifications and descriptions."
)
KEYWORDS = ("migration governance", "Migration Governance Indicators", "migration policy", "local government")
THEMES = {"SOCI": "Population and society", "GOVE": "Government and public sector"}
# The prefixes of void.ttl: the graph's own, and those of the description's vocabularies.
VOID_PREFIXES = {**PREFIXES, "sd": str(SD), "foaf": str(FOAF)}


def describe_dataset(
    named: Mapping[URIRef, Graph],
    merged: Graph | str,
    iris: Iris,
    files: dict[str, tuple[int, str]],
    media_types: dict[str, str],
    sizes: Mapping[URIRef, int] | None = None,
) -> Graph:
    """VoID statistics, named-graph subsets, linksets and DCAT distributions with checksums.

    ``merged`` is the merged graph, or its sorted N-Triples (the build's: not parsed then);
    ``named`` maps each named graph's IRI to the graph; ``sizes``, when given, each one's
    number of triples (so that only the provenance and links graphs are read); ``files`` gives (byte size, SHA-256) of the files of dist/ by relative path; each but
    METADATA_FILES becomes a distribution, with ``media_types[name]``.
    """
    # IndexedGraph: some 6,000 adds, several times faster than rdflib's memory store
    void = IndexedGraph()
    for prefix, namespace in VOID_PREFIXES.items():
        void.bind(prefix, namespace)
    node = iris.dataset()
    provenance = _named(named, iris.named_graph("provenance"))
    for triple in provenance.triples((node, None, None)):
        void.add(triple)
    for build in provenance.objects(node, PROV.wasGeneratedBy):
        void.add((build, RDF.type, PROV.Activity))
    _add_catalogue_record(void, iris, node)
    facts = _graph_facts(merged if isinstance(merged, str) else _ntriples(merged))
    _add_coverage(void, node, facts)
    _add_statistics(void, node, facts)
    _add_subsets(void, node, sizes if sizes is not None else {name: len(graph) for name, graph in named.items()})
    _add_linksets(void, node, _named(named, iris.named_graph("links")))
    for name, (size, digest) in sorted(files.items()):
        if name in METADATA_FILES:
            continue
        _add_distribution(void, node, iris, name, media_types[name], size, digest)
    void.add((node, VOID.dataDump, iris.distribution("mgi.nq.gz")))
    void.add((node, VOID.sparqlEndpoint, iris.sparql_endpoint()))
    return void


def void_turtle(
    named: Mapping[URIRef, Graph],
    merged: Graph | str,
    iris: Iris,
    files: dict[str, tuple[int, str]],
    media_types: dict[str, str],
    sizes: Mapping[URIRef, int] | None = None,
) -> str:
    """``describe_dataset`` as Turtle written by pyoxigraph's Rust serialiser from sorted
    N-Triples (the graph rdflib's Turtle serialiser writes, some ten times faster)."""
    void = describe_dataset(named, merged, iris, files, media_types, sizes)
    assert isinstance(void, IndexedGraph)
    return ntriples_turtle(graph_quads({iris.dataset(): void}).ntriples, VOID_PREFIXES)


@dataclass(frozen=True)
class _GraphFacts:
    """What VoID says of the merged graph, gathered in one pass over it."""

    triples: int
    subjects: int
    predicates: frozenset[str]
    classes: Counter[Node]
    countries: frozenset[str]
    issued: tuple[str, ...]  # each profile's dcterms:issued, sorted


def _graph_facts(ntriples: str) -> _GraphFacts:
    """The facts of the merged graph given as its N-Triples, read as text: the build has the
    text, and parsing it into a graph would cost ten times as much."""
    rdf_type, profile, date, country = (f"<{iri}>" for iri in (RDF.type, MGI.Profile, DCTERMS.issued, MGI.country))
    subjects: set[str] = set()
    predicates: set[str] = set()
    classes: Counter[str] = Counter()
    countries: set[str] = set()
    profiles: set[str] = set()
    dates: dict[str, list[str]] = {}
    triples = 0
    for line in ntriples.splitlines():
        s, p, o = line[:-2].split(" ", 2)
        triples += 1
        subjects.add(s)
        predicates.add(p)
        if p == rdf_type:
            classes[o] += 1
            if o == profile:
                profiles.add(s)
        elif p == country:
            countries.add(o[1:-1])
        elif p == date:
            dates.setdefault(s, []).append(json.loads(o[: o.rindex('"') + 1]))
    return _GraphFacts(triples=triples, subjects=len(subjects), predicates=frozenset(p[1:-1] for p in predicates),
                       classes=Counter({URIRef(c[1:-1]): n for c, n in classes.items()}),
                       countries=frozenset(countries),
                       issued=tuple(sorted(d for s in profiles for d in dates.get(s, ()))))


def _ntriples(graph: Graph) -> str:
    """``graph``'s triples as N-Triples lines, as the build writes them (any order)."""
    return "".join(f"{spelling(s)} {spelling(p)} {spelling(o)} .\n" for s, p, o in graph)


def _add_catalogue_record(void: Graph, iris: Iris, node: URIRef) -> None:
    """Publisher, licence, rights, sources, keywords and themes: what DCAT-AP asks of a dataset."""
    publisher = iris.agent("mgi-graph")
    void.add((node, DCTERMS.publisher, publisher))
    void.add((publisher, RDF.type, FOAF.Agent))
    void.add((publisher, FOAF.name, Literal("mgi-graph contributors")))
    void.add((node, DCTERMS.license, LICENSE))
    void.add((LICENSE, RDF.type, DCTERMS.LicenseDocument))
    void.add((LICENSE, RDFS.label, Literal("Creative Commons Attribution 4.0 International", lang="en")))
    rights = URIRef(f"{node}#rights")
    void.add((node, DCTERMS.rights, rights))
    void.add((rights, RDF.type, DCTERMS.RightsStatement))
    void.add((rights, RDFS.label, Literal(RIGHTS, lang="en")))
    void.add((rights, DCTERMS.source, IOM_PORTAL))
    for conformance in list(void.objects(node, DCTERMS.conformsTo)):
        void.add((conformance, RDF.type, DCTERMS.Standard))
    _add_source(void, node, IOM_PORTAL, "IOM Migration Governance Indicators profiles",
                ("iom", "International Organization for Migration"), None)
    _add_source(void, node, GEONAMES, "GeoNames geographical database", ("geonames", "GeoNames"),
                URIRef(GEONAMES_LICENSE))
    for keyword in KEYWORDS:
        void.add((node, DCAT.keyword, Literal(keyword, lang="en")))
    void.add((DATA_THEME, RDF.type, SKOS.ConceptScheme))
    void.add((DATA_THEME, DCTERMS.title, Literal("Data theme", lang="en")))
    for code, label in THEMES.items():
        theme = URIRef(f"{DATA_THEME}/{code}")
        void.add((node, DCAT.theme, theme))
        void.add((theme, RDF.type, SKOS.Concept))
        void.add((theme, SKOS.prefLabel, Literal(label, lang="en")))
        void.add((theme, SKOS.inScheme, DATA_THEME))


def _add_source(void: Graph, node: URIRef, source: URIRef, title: str, publisher_name: tuple[str, str],
                license: URIRef | None) -> None:
    """A dataset this one is derived from (DCAT-AP: dcterms:source is a dcat:Dataset), named by the
    web site that publishes it, with its publisher; ``publisher_name`` is (fragment, name)."""
    agent_name, agent_title = publisher_name
    publisher = URIRef(f"{node}#agent-{agent_name}")
    void.add((node, DCTERMS.source, source))
    void.add((source, RDF.type, DCAT.Dataset))
    void.add((source, DCTERMS.title, Literal(title, lang="en")))
    void.add((source, DCTERMS.description, Literal(f"{title}, published at {source}", lang="en")))
    void.add((source, DCAT.landingPage, source))
    void.add((source, RDF.type, FOAF.Document))
    void.add((source, DCTERMS.publisher, publisher))
    void.add((publisher, RDF.type, FOAF.Agent))
    void.add((publisher, FOAF.name, Literal(agent_title)))
    if license is not None:
        void.add((source, DCTERMS.license, license))
        void.add((license, RDF.type, DCTERMS.LicenseDocument))


def _add_coverage(void: Graph, node: URIRef, facts: _GraphFacts) -> None:
    """Where (the profiles' countries) and when (their months of publication) the data is about."""
    for country in sorted(facts.countries):
        void.add((node, DCTERMS.spatial, URIRef(country)))
        void.add((URIRef(country), RDF.type, DCTERMS.Location))
    issued = facts.issued
    if issued:
        period = URIRef(f"{node}#period")
        void.add((node, DCTERMS.temporal, period))
        void.add((period, RDF.type, DCTERMS.PeriodOfTime))
        void.add((period, DCAT.startDate, Literal(issued[0], datatype=XSD.gYearMonth)))
        void.add((period, DCAT.endDate, Literal(issued[-1], datatype=XSD.gYearMonth)))
    vocabularies = {_namespace(term) for term in facts.predicates} | {_namespace(cls) for cls in facts.classes}
    for vocabulary in sorted(vocabularies):
        void.add((node, VOID.vocabulary, URIRef(vocabulary)))


def _namespace(term: object) -> str:
    text = str(term)
    return text[: max(text.rfind("#"), text.rfind("/")) + 1]


def _add_statistics(void: Graph, node: URIRef, facts: _GraphFacts) -> None:
    void.add((node, VOID.triples, Literal(facts.triples)))
    void.add((node, VOID.distinctSubjects, Literal(facts.subjects)))
    void.add((node, VOID.properties, Literal(len(facts.predicates))))
    classes = facts.classes
    void.add((node, VOID.classes, Literal(len(classes))))
    for cls, count in sorted(classes.items()):
        partition = URIRef(f"{node}#class-{_local(cls)}")
        void.add((node, VOID.classPartition, partition))
        void.add((partition, VOID["class"], cls))
        void.add((partition, VOID.entities, Literal(count)))


def _named(named: Mapping[URIRef, Graph], name: URIRef) -> Graph:
    return named.get(name) or Graph(identifier=name)


def _add_subsets(void: Graph, node: URIRef, sizes: Mapping[URIRef, int]) -> None:
    for name, size in sorted(sizes.items(), key=lambda item: str(item[0])):
        if not size or not isinstance(name, URIRef):
            continue
        subset = URIRef(f"{node}#graph-{_local(name)}")
        void.add((node, VOID.subset, subset))
        void.add((subset, RDF.type, VOID.Dataset))
        void.add((subset, SD.name, name))
        void.add((subset, VOID.triples, Literal(size)))


def _add_linksets(void: Graph, node: URIRef, links: Graph) -> None:
    for name, count in linkset_counts(links).items():
        linkset = URIRef(f"{node}#linkset-{name}")
        void.add((node, VOID.subset, linkset))
        void.add((linkset, RDF.type, VOID.Linkset))
        void.add((linkset, VOID.subjectsTarget, node))
        void.add((linkset, VOID.objectsTarget, URIRef(f"{node}#target-{name}")))
        void.add((URIRef(f"{node}#target-{name}"), VOID.uriSpace, Literal(LINK_TARGETS[name])))
        void.add((linkset, VOID.linkPredicate, SKOS.exactMatch))
        void.add((linkset, VOID.triples, Literal(count)))


def _add_distribution(void: Graph, node: URIRef, iris: Iris, name: str, media: str, size: int, digest: str) -> None:
    dist = iris.distribution(name)
    void.add((node, DCAT.distribution, dist))
    void.add((dist, RDF.type, DCAT.Distribution))
    void.add((dist, DCTERMS.title, Literal(name)))
    description = DESCRIPTIONS.get(name, f"{name}, a file of the build ({media}).")
    void.add((dist, DCTERMS.description, Literal(description, lang="en")))
    void.add((dist, DCAT.downloadURL, dist))
    void.add((dist, DCAT.accessURL, iris.distribution("")))  # the downloads page
    void.add((dist, DCTERMS.license, LICENSE))
    void.add((dist, DCTERMS.rights, URIRef(f"{node}#rights")))
    void.add((dist, DCAT.mediaType, _media_type(void, media)))
    code = FILE_TYPES.get(media)
    file_type = URIRef(FILE_TYPE + code) if code else _media_type(void, media)
    void.add((dist, DCTERMS.format, file_type))
    void.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
    for ending, compression in COMPRESSIONS.items():
        if name.endswith(ending):
            void.add((dist, DCAT.compressFormat, _media_type(void, compression)))
    void.add((dist, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    checksum = BNode(f"checksum-{digest[:16]}")
    void.add((dist, SPDX.checksum, checksum))
    void.add((checksum, RDF.type, SPDX.Checksum))
    void.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    void.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    void.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))


def _media_type(void: Graph, media: str) -> URIRef:
    iri = URIRef(IANA + media)
    void.add((iri, RDF.type, DCTERMS.MediaType))
    return iri


def _local(iri: object) -> str:
    """A readable, collision-free fragment: 'dcat-Dataset', 'graph-co-medellin-2022'."""
    text = str(iri)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace):
            return f"{prefix}-{text[len(namespace):]}"
    return text.rstrip("/").rsplit("/", 1)[-1]
