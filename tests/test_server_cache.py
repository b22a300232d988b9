"""The response cache: a key holds every input of a response, and keys count against the bound."""

from __future__ import annotations

import pytest
from server_support import TestClient

from mgi_graph.server.state import Cached, ResponseCache

DOMAINS = "SELECT DISTINCT ?d WHERE { ?f <https://w3id.org/mgi/ontology#domain> ?d } ORDER BY ?d"


@pytest.mark.parametrize(
    "path", ["/", "/sparql?query=" + DOMAINS.replace(" ", "+").replace("#", "%23"), "/profile/co-medellin-2022.html",
             "/queries/domain-labels", "/openapi.json"],
    ids=["home", "sparql", "document", "stored-query", "openapi"],
)
def test_another_host_never_reaches_the_next_visitor(client: TestClient, path: str) -> None:
    poisoned = client.get(path, headers={"host": "evil.example", "accept": "text/html"})
    assert poisoned.status_code == 200 and "evil.example" in poisoned.text
    normal = client.get(path, headers={"accept": "text/html"})
    assert normal.status_code == 200
    assert "evil.example" not in normal.text


@pytest.mark.parametrize("path", ["/sparql?query=" + DOMAINS.replace(" ", "+").replace("#", "%23"), "/"])
def test_a_language_never_reaches_another(client: TestClient, path: str) -> None:
    spanish = client.get(path + ("&" if "?" in path else "?") + "lang=es", headers={"accept": "text/html"})
    assert '<html lang="es"' in spanish.text
    english = client.get(path, headers={"accept": "text/html", "accept-language": "en"})
    assert '<html lang="en"' in english.text
    by_header = client.get(path, headers={"accept": "text/html", "accept-language": "fr"})
    assert '<html lang="fr"' in by_header.text


def test_key_bytes_count_against_the_bound() -> None:
    cache = ResponseCache(entries=1000, size=8000)
    for number in range(100):
        cache.put(("sparql", f"{number:04d}" + "x" * 200), Cached("text/plain", b"1"))
    assert cache.bytes <= 8000
    assert len(cache) < 40
    huge = ("sparql", "y" * 5000)
    cache.put(huge, Cached("text/plain", b"1"))
    assert cache.get(huge) is None  # a key alone over an eighth of the bound is not kept
