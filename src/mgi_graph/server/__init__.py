"""``mgi-graph serve``: a read-only Linked Data server over a built ``dist/``.

Modules, one job each: ``settings`` (the frozen Settings), ``app`` (routes and
the one error handler), ``conneg`` (Accept and Accept-Language), ``describe``
(what a resource's RDF document holds), ``documents`` (how it is written),
``resources`` (dereferencing, 303s), ``pages`` and ``views`` (HTML), ``sparql``
(the SPARQL 1.1 Protocol endpoint), ``api`` (stored queries and OpenAPI),
``dumps`` (files and VoID), ``pool`` and ``worker`` (queries in killable
processes, under a time limit).

``create_app`` is imported lazily so that a query worker process, which imports
``mgi_graph.server.worker``, does not load Starlette and Jinja2.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from mgi_graph.server.app import create_app

        return create_app
    if name == "Settings":
        from mgi_graph.server.settings import Settings

        return Settings
    raise AttributeError(name)
