"""Namespaces of the graph. ``MGI`` lists every term of ``ontology/*.ttl`` the code uses.

``_fail = True`` turns a typo into an AttributeError at import time instead of a
silently minted IRI; tests/test_ontology.py checks each term is declared.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

MGI_NS = "https://w3id.org/mgi/ontology#"


class MGI(DefinedNamespace):
    _NS = Namespace(MGI_NS)
    _fail = True

    # classes and individuals
    Profile: URIRef
    Finding: URIRef
    SourceText: URIRef
    Build: URIRef
    GovernanceLevel: URIRef
    Local: URIRef
    National: URIRef
    # properties of profiles
    level: URIRef
    entityName: URIRef
    pageLanguage: URIRef
    countryInferred: URIRef
    country: URIRef
    # properties of findings
    domain: URIRef
    polarity: URIRef
    # provenance
    sha256: URIRef
    sourcePath: URIRef
    # domain definitions
    nationalDefinition: URIRef
    localDefinition: URIRef
    # instruments (ontology/mentions.ttl)
    Instrument: URIRef
    instrumentKind: URIRef
    # registries (ontology/places.ttl)
    iso3166Alpha2: URIRef
    iso3166Alpha3: URIRef
    iso3166Numeric: URIRef
    m49Code: URIRef
    m49Region: URIRef
    m49RegionName: URIRef
    iso31662Code: URIRef
    geonamesId: URIRef
    CountryInference: URIRef
    inferredCountry: URIRef


SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "mgi": MGI_NS,
    "schema": str(SCHEMA),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": str(ORG),
    "void": str(VOID),
    "dcat": str(DCAT),
    "spdx": str(SPDX),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": str(WD),
}

# Terms spelled as plain strings where pyoxigraph and the pages want strings, not rdflib terms.
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = PREFIXES["xsd"] + "string"
