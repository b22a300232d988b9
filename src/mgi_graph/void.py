"""The VoID + DCAT description of a build (``dist/void.ttl``)."""

from __future__ import annotations

from collections import Counter

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from mgi_graph.graph import Iris
from mgi_graph.graph.places import LINK_TARGETS, linkset_counts
from mgi_graph.namespaces import DCAT, PREFIXES, SD, SPDX, VOID

IANA = "https://www.iana.org/assignments/media-types/"


def describe_dataset(
    dataset: Dataset,
    merged: Graph,
    iris: Iris,
    files: dict[str, tuple[int, str]],
    media_types: dict[str, str],
) -> Graph:
    """VoID statistics, named-graph subsets, linksets and DCAT distributions with checksums."""
    void = Graph()
    for prefix, namespace in PREFIXES.items():
        void.bind(prefix, namespace)
    void.bind("sd", str(SD))
    node = iris.dataset()
    provenance = dataset.graph(iris.named_graph("provenance"))
    for triple in provenance.triples((node, None, None)):
        void.add(triple)
    for source in provenance.objects(node, DCTERMS.source):
        void += provenance.triples((source, None, None))
    _add_statistics(void, node, merged)
    _add_subsets(void, node, dataset)
    _add_linksets(void, node, dataset.graph(iris.named_graph("links")))
    for name, (size, digest) in sorted(files.items()):
        _add_distribution(void, node, iris.distribution(name), media_types[name], size, digest)
    void.add((node, VOID.dataDump, iris.distribution("mgi.nq.gz")))
    return void


def _add_statistics(void: Graph, node: URIRef, merged: Graph) -> None:
    void.add((node, VOID.triples, Literal(len(merged))))
    void.add((node, VOID.distinctSubjects, Literal(len(set(merged.subjects())))))
    void.add((node, VOID.properties, Literal(len(set(merged.predicates())))))
    classes = Counter(merged.objects(None, RDF.type))
    void.add((node, VOID.classes, Literal(len(classes))))
    for cls, count in sorted(classes.items()):
        partition = URIRef(f"{node}#class-{_local(cls)}")
        void.add((node, VOID.classPartition, partition))
        void.add((partition, VOID["class"], cls))
        void.add((partition, VOID.entities, Literal(count)))


def _add_subsets(void: Graph, node: URIRef, dataset: Dataset) -> None:
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if not len(graph) or not isinstance(graph.identifier, URIRef):
            continue
        subset = URIRef(f"{node}#graph-{_local(graph.identifier)}")
        void.add((node, VOID.subset, subset))
        void.add((subset, RDF.type, VOID.Dataset))
        void.add((subset, SD.name, graph.identifier))
        void.add((subset, VOID.triples, Literal(len(graph))))


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


def _add_distribution(void: Graph, node: URIRef, dist: URIRef, media: str, size: int, digest: str) -> None:
    void.add((node, DCAT.distribution, dist))
    void.add((dist, RDF.type, DCAT.Distribution))
    void.add((dist, DCAT.downloadURL, dist))
    void.add((dist, DCAT.mediaType, URIRef(IANA + media)))
    void.add((dist, DCTERMS.format, Literal(media)))
    void.add((dist, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    checksum = BNode(f"checksum-{digest[:16]}")
    void.add((dist, SPDX.checksum, checksum))
    void.add((checksum, RDF.type, SPDX.Checksum))
    void.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    void.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))


def _local(iri: object) -> str:
    """A readable, collision-free fragment: 'dcat-Dataset', 'graph-co-medellin-2022'."""
    text = str(iri)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace):
            return f"{prefix}-{text[len(namespace):]}"
    return text.rstrip("/").rsplit("/", 1)[-1]
