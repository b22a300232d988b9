"""Model -> RDF: the only package that turns model objects into triples.

The dataset holds one named graph per profile (``graph/{id}``), plus
``graph/vocabulary`` (ontology and concept schemes), ``graph/links`` (links to
external registries) and ``graph/provenance`` (the build and the dataset).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import SKOS

from mgi_graph.iris import Iris
from mgi_graph.graph.mentions import add_mentions
from mgi_graph.graph.places import add_link, add_places
from mgi_graph.graph.profiles import add_profile
from mgi_graph.graph.vocabulary import add_provenance, build_digest, load_ttl_folder
from mgi_graph.model import Located
from mgi_graph.namespaces import PREFIXES, WD

__all__ = ["build_dataset", "merged_graph"]


def build_dataset(
    entries: Sequence[Located], *, iris: Iris, wikidata: Mapping[URIRef, str] | None = None
) -> Dataset:
    """The whole graph of ``entries``, which must have distinct profile ids.

    ``wikidata`` maps IRIs of the graph to curated Wikidata QIDs (from data/links).
    """
    ordered = sorted(entries, key=lambda located: located.profile.id)
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    vocabulary = dataset.graph(iris.named_graph("vocabulary"))
    for triple in load_ttl_folder("ontology", iris):
        vocabulary.add(triple)
    build = iris.build(build_digest(ordered))
    add_provenance(dataset.graph(iris.named_graph("provenance")), iris, ordered, build)
    links = dataset.graph(iris.named_graph("links"))
    known = wikidata or {}
    for located in ordered:
        graph = dataset.graph(iris.named_graph(located.profile.id))
        add_profile(graph, iris, located, build)
        add_places(graph, links, iris, located.profile, located.country, located.place, known,
                   located.inference)
        add_mentions(graph, iris, located.profile)
    _link_mentioned(dataset, links, known)
    return dataset


def _link_mentioned(dataset: Dataset, links: Graph, wikidata: Mapping[URIRef, str]) -> None:
    """Curated links of nodes other than places (organisations), where the graph has them."""
    for node, qid in sorted(wikidata.items()):
        if (None, None, node) in dataset and (node, SKOS.exactMatch, None) not in links:
            add_link(links, node, WD[qid])


def merged_graph(dataset: Dataset) -> Graph:
    """All named graphs as one graph (what Turtle, N-Triples and SHACL see)."""
    merged = Graph()
    for prefix, namespace in PREFIXES.items():
        merged.bind(prefix, namespace)
    for quad in dataset.quads((None, None, None, None)):
        merged.add(quad[:3])
    return merged
