"""Fuzzing the SPARQL/HTTP surface: no query string, parameter or header gives a 500.

Hypothesis runs derandomized (the same examples every run) and bounded in
examples, so the test is deterministic and its cost fixed.
"""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from server_support import TestClient

FUZZ = settings(max_examples=60, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# Pieces of SPARQL, so that many examples get past the first token.
PIECES = st.sampled_from([
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", "<http://x/>", "a", ".",
    "FILTER", "(", ")", "BIND", "AS", "SERVICE", "GRAPH", "OPTIONAL", "UNION", "LIMIT", "1", "'x'", '"y"@en',
    "PREFIX", "p:", "p:a\\#b", "#", "\n", "*", "COUNT", "GROUP BY", "ORDER BY", "VALUES", "<javascript:x>",
    "FROM", "FROM NAMED", "xsd:int", "<>", "\\u0053", "LATERAL", "<<", ">>", "?", "$x", "_:b", "[]",
])
QUERIES = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=30).map(" ".join))
PRINTABLE = st.text(string.ascii_letters + string.digits + " ;,=/*+-._:<>\"'#?&%()", max_size=60)
PARAMS = st.dictionaries(
    st.sampled_from(["default-graph-uri", "named-graph-uri", "format", "lang", "example", "update", "query",
                     "profile", "domain", "a", "b", "limit"]),
    st.one_of(st.text(max_size=60), PRINTABLE), max_size=4)
HEADERS = st.fixed_dictionaries({}, optional={
    "accept": PRINTABLE, "accept-language": PRINTABLE, "content-type": st.one_of(PRINTABLE, st.sampled_from([
        "application/sparql-query", "application/x-www-form-urlencoded", "application/sparql-update"])),
    "host": st.sampled_from(["evil.example", "localhost:1", "[::1]", "x" * 200]),
})


def _fine(status: int) -> bool:
    # 503: a random query may run past the time limit; anything else 5xx is a bug.
    return status < 500 or status == 503


@FUZZ
@given(query=QUERIES, params=PARAMS, headers=HEADERS)
def test_sparql_get_never_500(client: TestClient, query: str, params: dict[str, str], headers: dict[str, str]) -> None:
    response = client.get("/sparql", params={**params, "query": query}, headers=headers)
    assert _fine(response.status_code), response.text


@FUZZ
@given(body=st.one_of(QUERIES, st.binary(max_size=200).map(lambda b: b.decode("latin-1"))),
       params=PARAMS, headers=HEADERS)
def test_sparql_post_never_500(client: TestClient, body: str, params: dict[str, str], headers: dict[str, str]) -> None:
    response = client.post("/sparql", content=body.encode("utf-8", "surrogatepass"), params=params, headers=headers)
    assert _fine(response.status_code), response.text


@FUZZ
@given(name=st.sampled_from(["compare", "gaps", "export-profile", "domain-labels", "overview", "nope", "..%2f"]),
       params=PARAMS, headers=HEADERS)
def test_stored_queries_never_500(client: TestClient, name: str, params: dict[str, str], headers: dict[str, str]) -> None:
    response = client.get(f"/queries/{name}", params=params, headers=headers)
    assert _fine(response.status_code), response.text
