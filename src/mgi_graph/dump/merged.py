"""``mgi.jsonld``: the dataset's node with each profile's node nested as ``dump.parts`` wrote
it, and under ``included`` every subject that no profile's node describes whole.

A subject is described whole by a profile's node when the node writes as many of its
triples as the merged graph has (the node's triples are the merged graph's, so the sets are
equal). Subjects several profiles describe differently (an organisation each profile names
in its own words) and the vocabulary and provenance are written from the merged graph, once.
The document therefore still expands to exactly the merged graph, and an unchanged profile's
node is reused as it is, text included.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import BNode, URIRef

from mgi_graph.dump.jsonld import JsonLdWriter, JsonObject
from mgi_graph.dump.jsontext import JsonText
from mgi_graph.graph.indexed import from_ntriples
from mgi_graph.graph.quads import spelling
from mgi_graph.iris import Iris
from mgi_graph.model import ProfileTexts


def merged_document(ntriples: str, nodes: Mapping[URIRef, ProfileTexts], iris: Iris,
                    context: JsonObject) -> JsonObject:
    """The document of the merged graph ``ntriples`` (sorted N-Triples), with ``nodes``
    (profile IRI -> its texts) nested where they describe their subjects whole."""
    lines = ntriples.splitlines(keepends=True)
    counts: dict[str, int] = {}
    for line in lines:
        subject = line[: line.index(" ")]
        counts[subject] = counts.get(subject, 0) + 1
    placed: dict[URIRef | BNode, JsonText] = {}
    whole: set[str] = set()
    for root, texts in nodes.items():
        described = {subject for subject, count in texts.covered if counts.get(subject) == count}
        # A profile's node goes in only when it describes the profile whole: otherwise the
        # profile is written from the merged graph, and so is everything nested in it.
        if spelling(root) in described:
            placed[root] = JsonText(texts.node)
            whole |= described
    rest = from_ntriples("".join(line for line in lines if line[: line.index(" ")] not in whole))
    return JsonLdWriter(rest, context, placed).document(iris.dataset())
