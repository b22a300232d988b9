"""Model -> RDF: the only package that turns model objects into triples.

The dataset holds one named graph per profile (``graph/{id}``), plus
``graph/vocabulary`` (ontology and concept schemes), ``graph/links`` (links to
external registries) and ``graph/provenance`` (the build and the dataset).
``assemble_profile`` builds one profile's graph and its links, which need no other profile
(the build's workers run it); ``assemble_shared`` the graphs that depend on every profile;
``assemble`` both, into ``IndexedGraph``s; ``build_dataset`` copies them into an rdflib
Dataset for callers of the library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rdflib import Dataset, Graph, URIRef

from mgi_graph.iris import Iris
from mgi_graph.graph.indexed import IndexedGraph
from mgi_graph.graph.mentions import add_mentions
from mgi_graph.graph.places import add_places
from mgi_graph.graph.profiles import add_profile
from mgi_graph.graph.vocabulary import add_provenance, build_digest, load_ttl_folder
from mgi_graph.model import Located
from mgi_graph.namespaces import PREFIXES

__all__ = ["assemble", "assemble_profile", "assemble_shared", "build_dataset", "merged_graph", "vocabulary_graph"]


def assemble(
    entries: Sequence[Located], *, iris: Iris, wikidata: Mapping[URIRef, str] | None = None
) -> dict[URIRef, IndexedGraph]:
    """Named graph IRI -> its graph, for ``entries``, which must have distinct profile ids.

    ``wikidata`` maps IRIs of the graph to curated Wikidata QIDs (from data/links).
    """
    ordered = sorted(entries, key=lambda located: located.profile.id)
    build, graphs = assemble_shared([(e.profile.id, e.profile.sha256) for e in ordered], iris)
    links = graphs[iris.named_graph("links")]
    for located in ordered:
        profile_graph, profile_links = assemble_profile(located, iris=iris, wikidata=wikidata, build=build)
        graphs[profile_graph.identifier] = profile_graph  # type: ignore[index]
        links.add_all(profile_links)
    return graphs


def assemble_profile(located: Located, *, iris: Iris, wikidata: Mapping[URIRef, str] | None,
                     build: URIRef) -> tuple[IndexedGraph, IndexedGraph]:
    """``located``'s named graph, and the triples it adds to ``graph/links``."""
    graph = IndexedGraph(iris.named_graph(located.profile.id))
    links = IndexedGraph(iris.named_graph("links"))
    add_profile(graph, iris, located, build)
    add_places(graph, links, iris, located.profile, located.country, located.place, wikidata or {},
               located.inference)
    add_mentions(graph, iris, located.profile)
    return graph, links


def vocabulary_graph(iris: Iris) -> IndexedGraph:
    """``graph/vocabulary``: the ontology and the concept schemes."""
    graph = IndexedGraph(iris.named_graph("vocabulary"))
    graph.add_all(load_ttl_folder("ontology", iris))
    return graph


def assemble_shared(profiles: Iterable[tuple[str, str]], iris: Iris,
                    vocabulary: IndexedGraph | None = None) -> tuple[URIRef, dict[URIRef, IndexedGraph]]:
    """The build IRI, and the vocabulary (``vocabulary_graph`` unless given), provenance and
    (empty) links graphs, for the profiles given as (id, SHA-256 of the source) in id order."""
    profiles = list(profiles)
    graphs = {iris.named_graph("vocabulary"): vocabulary_graph(iris) if vocabulary is None else vocabulary,
              **{iris.named_graph(name): IndexedGraph(iris.named_graph(name)) for name in ("provenance", "links")}}
    build = iris.build(build_digest(sha256 for _id, sha256 in profiles))
    add_provenance(graphs[iris.named_graph("provenance")], iris, [id_ for id_, _sha in profiles], build)
    return build, graphs


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
