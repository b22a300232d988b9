"""One profile's texts for the dumps (``model.ProfileTexts``), made from its own graph alone so
that the build's workers make them and the profile cache keeps them: ``profiles/{id}.ttl``,
``profiles/{id}.jsonld`` and the profile's node in ``mgi.jsonld``.

The node in ``mgi.jsonld`` is nested from the profile's graph and the links it adds, so a
reader of the merged file finds a place's Wikidata and GeoNames links where the place is.
``dump.merged`` puts the nodes together and describes whatever they leave out.
"""

from __future__ import annotations

from rdflib import URIRef

from mgi_graph.dump.jsonld import JsonLdWriter, JsonObject
from mgi_graph.dump.jsontext import iter_json
from mgi_graph.dump.tables.rows import profile_rows
from mgi_graph.graph.indexed import IndexedGraph
from mgi_graph.graph.quads import ntriples_turtle, spelling
from mgi_graph.iris import Iris
from mgi_graph.model import ProfileTexts
from mgi_graph.namespaces import PREFIXES


def profile_texts(graph: IndexedGraph, links: IndexedGraph, ntriples: str, root: URIRef, iris: Iris,
                  context: JsonObject, vocabulary: str) -> ProfileTexts:
    """The texts of the profile ``root`` whose named graph is ``graph`` (``ntriples``, sorted)
    and which adds ``links`` to ``graph/links``; ``vocabulary`` is the vocabulary graph's
    N-Triples, which the profile's table rows read too."""
    with_links = IndexedGraph(by_predicate=False)
    with_links.add_all(graph.triples((None, None, None)))
    with_links.add_all(links.triples((None, None, None)))
    writer = JsonLdWriter(with_links, context)
    reached: set[object] = set()
    node = writer.node(root, (iris.dataset(),), reached)  # type: ignore[arg-type]
    index = with_links.subject_index()
    covered = tuple(sorted((spelling(s), sum(map(len, index[s].values()))) for s in reached if s in index))
    return ProfileTexts(
        turtle=ntriples_turtle(ntriples, PREFIXES),
        jsonld=json_text(JsonLdWriter(graph, context).document(root)) + "\n",
        node=json_text(node),
        covered=covered,
        tables=profile_rows(ntriples + vocabulary, iris.base),
    )


def json_text(value: JsonObject) -> str:
    return "".join(iter_json(value))
