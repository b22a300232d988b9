"""The ontology parses, and every mgi: term the code uses is declared in ontology/*.ttl."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import RDF, Graph, URIRef

from mgi_graph.iris import Iris
from mgi_graph.graph.vocabulary import load_ttl_folder
from mgi_graph.namespaces import MGI, MGI_NS

ROOT = Path(__file__).resolve().parents[1]


def _vocabulary() -> Graph:
    return load_ttl_folder("ontology", Iris())


def _declared(graph: Graph) -> set[str]:
    return {str(s) for s in graph.subjects(RDF.type, None) if str(s).startswith(MGI_NS)}


def test_every_namespace_term_is_declared() -> None:
    declared = _declared(_vocabulary())
    used = {str(MGI[name]) for name in MGI.__annotations__}
    assert used - declared == set()


def test_every_mgi_term_in_code_shapes_and_queries_is_declared() -> None:
    declared = {term.removeprefix(MGI_NS) for term in _declared(_vocabulary())}
    pattern = re.compile(r"\b(?:MGI\.|mgi:)([A-Za-z][A-Za-z0-9]*)(?![A-Za-z0-9/-])")
    files = [*ROOT.glob("src/**/*.py"), *ROOT.glob("shapes/*.ttl"), *ROOT.glob("queries/*.rq"),
             *ROOT.glob("ontology/*.ttl")]
    used = {(f.name, m) for f in files for m in pattern.findall(f.read_text("utf-8"))}
    missing = sorted((name, term) for name, term in used if term not in declared)
    assert missing == []


def test_domain_scheme_has_six_domains_with_four_languages() -> None:
    graph = _vocabulary()
    scheme = URIRef(Iris().base + "domain")
    domains = sorted(graph.objects(scheme, URIRef("http://www.w3.org/2004/02/skos/core#hasTopConcept")))
    assert len(domains) == 6
    for domain in domains:
        labels = {lit.language for lit in graph.objects(domain, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))}
        assert labels == {"en", "es", "fr", "pt"}


def test_concepts_follow_the_configured_base() -> None:
    graph = load_ttl_folder("ontology", Iris("http://example.org/x/"))
    assert (URIRef("http://example.org/x/domain/crises"), RDF.type, None) in graph
