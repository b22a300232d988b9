"""Model -> RDF: the only package that turns model objects into triples.

The dataset holds one named graph per profile (``graph/{id}``), plus
``graph/vocabulary`` (ontology and concept schemes), ``graph/links`` (links to
external registries) and ``graph/provenance`` (the build and the dataset).
``assemble`` fills each into an ``IndexedGraph`` (the build's path); ``build_dataset``
copies them into an rdflib Dataset for callers of the library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rdflib import Dataset, Graph, URIRef

from mgi_graph.iris import Iris
from mgi_graph.graph.indexed import IndexedGraph
from mgi_graph.graph.mentions import add_mentions
from mgi_graph.graph.places import add_places
from mgi_graph.graph.profiles import add_profile
from mgi_graph.graph.vocabulary import add_provenance, build_digest, load_ttl_folder
from mgi_graph.model import Located
from mgi_graph.namespaces import PREFIXES

__all__ = ["assemble", "build_dataset", "merged_graph"]


def assemble(
    entries: Sequence[Located], *, iris: Iris, wikidata: Mapping[URIRef, str] | None = None
) -> dict[URIRef, IndexedGraph]:
    """Named graph IRI -> its graph, for ``entries``, which must have distinct profile ids.

    ``wikidata`` maps IRIs of the graph to curated Wikidata QIDs (from data/links).
    """
    ordered = sorted(entries, key=lambda located: located.profile.id)
    graphs: dict[URIRef, IndexedGraph] = {}

    def graph(name: str) -> IndexedGraph:
        iri = iris.named_graph(name)
        graphs[iri] = IndexedGraph(iri)
        return graphs[iri]

    graph("vocabulary").add_all(load_ttl_folder("ontology", iris))
    build = iris.build(build_digest(ordered))
    add_provenance(graph("provenance"), iris, ordered, build)
    links = graph("links")
    known = wikidata or {}
    for located in ordered:
        profile_graph = graph(located.profile.id)
        add_profile(profile_graph, iris, located, build)
        add_places(profile_graph, links, iris, located.profile, located.country, located.place, known,
                   located.inference)
        add_mentions(profile_graph, iris, located.profile)
    return graphs


def build_dataset(
    entries: Sequence[Located], *, iris: Iris, wikidata: Mapping[URIRef, str] | None = None
) -> Dataset:
    """``assemble``'s graphs as the named graphs of an rdflib Dataset."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    for name, graph in assemble(entries, iris=iris, wikidata=wikidata).items():
        target = dataset.graph(name)
        dataset.addN((s, p, o, target) for s, p, o in graph)
    return dataset


def merged_graph(dataset: Dataset) -> Graph:
    """All named graphs as one graph (what Turtle, N-Triples and SHACL see)."""
    merged = Graph()
    for prefix, namespace in PREFIXES.items():
        merged.bind(prefix, namespace)
    for quad in dataset.quads((None, None, None, None)):
        merged.add(quad[:3])
    return merged
