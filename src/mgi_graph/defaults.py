"""Defaults the command line shows in ``--help``, in a module free of heavy imports.

``mgi-graph --help`` builds every option before running anything; were these values
kept beside the code that uses them, showing them would import rdflib, SPARQLWrapper
and the gazetteer. Each stage imports its default from here.
"""

from __future__ import annotations

from typing import Literal

from mgi_graph._version import __version__
from mgi_graph.formats import CSV, JSONLD, SPARQL_JSON, TSV, TURTLE

# The base IRI of the graph's resources (DESIGN §4).
DEFAULT_BASE = "https://w3id.org/mgi/"
# Output formats of a query's results (mgi_graph.query.results writes them): an aligned text
# table for the terminal, the SPARQL results formats of rows and the RDF formats of graphs.
TABLE = "table"
ROW_FORMATS = (CSV, TSV, SPARQL_JSON)
GRAPH_FORMATS = (TURTLE, JSONLD)
RESULT_FORMATS = (TABLE, *(f.key for f in (*ROW_FORMATS, *GRAPH_FORMATS)))
WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = f"mgi-graph/{__version__} (https://w3id.org/mgi/; mgi-graph maintainers) SPARQLWrapper/2"
# Authentication schemes `push` offers (mgi_graph.publish.push uses them).
AuthScheme = Literal["basic", "digest"]
AUTH_SCHEMES: tuple[AuthScheme, ...] = ("basic", "digest")
