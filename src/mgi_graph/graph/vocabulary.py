"""The vocabulary graph (ontology/*.ttl) and the dataset's provenance."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from mgi_graph._version import __version__
from mgi_graph.iris import Iris
from mgi_graph.graph.places import GEONAMES, GEONAMES_LICENSE
from mgi_graph.namespaces import DCAT, MGI, SCHEMA, VOID
from mgi_graph.packaged import resource_files

SOFTWARE = URIRef("https://pypi.org/project/mgi-graph/")
IOM_PORTAL = URIRef("https://www.migrationdataportal.org/")


def load_ttl_folder(kind: str, iris: Iris) -> Graph:
    """Parse every ``.ttl`` of a packaged folder; relative IRIs resolve against the data base."""
    graph = Graph()
    for item in resource_files(kind, ".ttl"):  # type: ignore[arg-type]
        graph.parse(data=item.read_text("utf-8"), format="turtle", publicID=iris.base)
    return graph


def build_digest(sources: Iterable[str]) -> str:
    """A stable name for a build of the profiles whose sources have the SHA-256 digests
    ``sources`` (in profile id order): the same inputs and version give the same build IRI."""
    digest = hashlib.sha256(__version__.encode())
    for sha256 in sources:
        digest.update(sha256.encode())
    return digest.hexdigest()[:16]


def add_provenance(graph: Graph, iris: Iris, profile_ids: Sequence[str], build: URIRef) -> None:
    """The build activity and the dataset it generates.

    No wall-clock time is recorded: two builds of the same inputs must give the
    same bytes, so the activity is identified by its inputs instead.
    """
    graph.add((build, RDF.type, MGI.Build))
    graph.add((build, RDF.type, PROV.Activity))
    graph.add((build, RDFS.label, Literal(f"mgi-graph {__version__} build", lang="en")))
    graph.add((build, PROV.wasAssociatedWith, SOFTWARE))
    graph.add((SOFTWARE, RDF.type, PROV.SoftwareAgent))
    graph.add((SOFTWARE, RDFS.label, Literal(f"mgi-graph {__version__}")))
    for profile_id in profile_ids:
        graph.add((build, PROV.used, iris.source(profile_id)))
    dataset = iris.dataset()
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("Migration Governance Indicators knowledge graph", lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(
        "Findings of IOM Migration Governance Indicators (MGI) profiles by domain and polarity, "
        "with the places, institutions and instruments they name, as Linked Open Data.", lang="en")))
    graph.add((dataset, DCTERMS.source, IOM_PORTAL))
    # Places and their codes come from GeoNames, whose CC BY 4.0 licence asks for attribution.
    # (Publisher, licence and rights are the catalogue's: void.py writes them.)
    graph.add((dataset, DCTERMS.source, GEONAMES))
    graph.add((GEONAMES, RDFS.label, Literal("GeoNames")))
    graph.add((GEONAMES, DCTERMS.license, GEONAMES_LICENSE))
    graph.add((dataset, DCTERMS.conformsTo, iris.shapes()))
    graph.add((dataset, VOID.vocabulary, URIRef(str(MGI._NS))))
    graph.add((dataset, VOID.uriSpace, Literal(iris.base)))
    graph.add((dataset, PROV.wasGeneratedBy, build))
    graph.add((dataset, SCHEMA.version, Literal(__version__)))
    for profile_id in profile_ids:
        graph.add((dataset, DCTERMS.hasPart, iris.profile(profile_id)))
