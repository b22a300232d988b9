"""Is a query federated? Decided from a parse of the query, never from a pattern.

The server makes no requests on a client's behalf, so a query that holds a
SERVICE clause is refused before it runs. pyoxigraph offers no parse-only call,
so the parse is rdflib's, and the two parsers must not disagree in a way that
lets a SERVICE through:

- pyoxigraph reads the keyword only where the letters ``SERVICE`` stand in the
  query text (it expands ``\\u`` escapes inside strings and IRIs only), so a
  text without them cannot be federated and is not parsed here at all;
- otherwise rdflib must parse the query and find no ``ServiceGraphPattern``;
  a text it cannot parse is refused, and so is one with ``\\u`` escapes,
  which rdflib expands everywhere and pyoxigraph does not (the two would read
  different queries).

rdflib is imported on first need: a worker that never sees the word starts fast.
"""

from __future__ import annotations

import re
from typing import Any

_WORD = re.compile("service", re.IGNORECASE)
_ESCAPE = re.compile(r"\\[uU]")
REFUSED = "SERVICE (federated query) is disabled: this endpoint does not call other endpoints"


def service_refusal(query: str) -> str | None:
    """Why ``query`` is refused as possibly federated, or None when it cannot call out."""
    if not _WORD.search(query):
        return None
    if _ESCAPE.search(query):
        return f"{REFUSED} (a query that mentions SERVICE may not use \\u escapes: they hide keywords)"
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(query)
    except (ParseBaseException, ValueError, TypeError, RecursionError) as error:
        detail = " ".join(str(error).split())[:200]
        return f"{REFUSED} (a query that mentions SERVICE must parse to be checked: {detail})"
    return REFUSED if _has_service(tree) else None


def _has_service(node: Any) -> bool:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:  # iterative: a deeply nested query must not exhaust the recursion limit
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                return True
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)
    return False
