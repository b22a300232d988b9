"""Defaults the command line shows in ``--help``, in a module free of heavy imports.

``mgi-graph --help`` builds every option before running anything; were these values
kept beside the code that uses them, showing them would import rdflib, SPARQLWrapper
and the gazetteer. Each stage imports its default from here.
"""

from __future__ import annotations

from typing import Literal

from mgi_graph._version import __version__

# The base IRI of the graph's resources (DESIGN §4).
DEFAULT_BASE = "https://w3id.org/mgi/"
# Output formats of a query's results (mgi_graph.query.results writes them).
RESULT_FORMATS = ("table", "csv", "tsv", "json", "ttl", "jsonld")
WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = f"mgi-graph/{__version__} (https://w3id.org/mgi/; mgi-graph maintainers) SPARQLWrapper/2"
# Authentication schemes `push` offers (mgi_graph.publish.push uses them).
AuthScheme = Literal["basic", "digest"]
AUTH_SCHEMES: tuple[AuthScheme, ...] = ("basic", "digest")
