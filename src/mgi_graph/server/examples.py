"""Stored queries as the SPARQL page's examples: complete, runnable texts, and their
summaries in the reader's language.

A stored query's ``#+ example:`` header gives values for its parameters (used
where it has no default), so the example runs as it is; ``#+ summary_es:`` (and
``_fr``, ``_pt``) headers translate its summary, and ``#+ labels:`` gives each parameter
a label by language (``labels: {a: {en: First profile, es: Primer perfil}}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import yaml

from mgi_graph.query.stored import StoredQuery, bind_query, load_queries


def header(query: StoredQuery) -> Mapping[str, Any]:
    lines = []
    for line in query.text.splitlines():
        if not line.startswith("#+"):
            break
        lines.append(line[3:] if line.startswith("#+ ") else line[2:])
    found = yaml.safe_load("\n".join(lines)) or {}
    return found if isinstance(found, dict) else {}


def runnable(query: StoredQuery) -> str:
    """The query's SPARQL with its example values (then its defaults) bound, without its
    ``#+`` header (the page shows the summary)."""
    values = {str(k): str(v) for k, v in (header(query).get("example") or {}).items()}
    lines = bind_query(query, values).splitlines()
    start = next((i for i, line in enumerate(lines) if not line.startswith("#+")), len(lines))
    return "\n".join(lines[start:]).lstrip("\n") + "\n"


@cache
def summaries() -> Mapping[str, Mapping[str, str]]:
    """Query name -> language -> summary (English is the ``summary`` header)."""
    found = {}
    for name, query in load_queries().items():
        fields = header(query)
        found[name] = {"en": query.summary, **{key[len("summary_"):]: str(value).strip()
                                               for key, value in fields.items() if key.startswith("summary_")}}
    return found


def summary(name: str, language: str, fallback: str = "") -> str:
    by_language = summaries().get(name, {})
    return by_language.get(language) or by_language.get("en") or fallback


@cache
def _labels() -> Mapping[str, Mapping[str, Mapping[str, str]]]:
    """Query name -> parameter -> language -> label."""
    return {name: {str(param): {str(k): str(v) for k, v in (by_language or {}).items()}
                   for param, by_language in (header(query).get("labels") or {}).items()}
            for name, query in load_queries().items()}


def parameter_label(name: str, parameter: str, language: str) -> str:
    """The label of a stored query's parameter in ``language``, else in English, else its name."""
    by_language = _labels().get(name, {}).get(parameter, {})
    return by_language.get(language) or by_language.get("en") or parameter
