"""Stored SPARQL queries: ``queries/*.rq`` files with grlc-style ``#+`` headers.

A stored query is plain SPARQL 1.1 preceded by ``#+ key: value`` comment lines
that form a YAML document, as grlc (https://github.com/CLARIAH/grlc) reads them::

    #+ summary: Areas with potential for further development in one domain
    #+ tags:
    #+   - findings
    #+ defaults:
    #+   - domain: crises
    #+ enumerate:
    #+   - domain:
    #+     - migrants-rights
    #+     - crises

Parameters follow grlc's (BASIL's) variable convention: ``?_name`` is a required
parameter, ``?__name`` an optional one (left unbound when not given), and an
optional ``_type`` suffix gives its type: ``?_profile`` (string), ``?_place_iri``,
``?_year_integer``, ``?_label_en`` (a string tagged ``@en``). ``defaults`` and
``enumerate`` (the allowed values) name parameters without ``?_`` or type suffix.

Every file is parsed at load, header and query, so a broken file fails when the
queries are loaded and not on first use. Values are bound by rewriting the
parameter variables outside strings, IRIs and comments into escaped SPARQL terms:
user text never reaches the query unescaped.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from mgi_graph.errors import QueryBindingError, QuerySyntaxError, UnknownQueryError
from mgi_graph.resources import resource_files

__all__ = [
    "QueryParam",
    "StoredQuery",
    "bind_query",
    "load_queries",
    "parse_stored_query",
    "resolve_query",
]

# grlc's decorators; anything else in a header is most likely a typo.
HEADER_KEYS = frozenset({
    "summary", "description", "tags", "defaults", "enumerate", "method",
    "endpoint", "endpoint_in_url", "pagination", "transform",
    # mgi-graph's own: translated summaries, parameter labels by language, and the values
    # that make the query a runnable example.
    "summary_es", "summary_fr", "summary_pt", "labels", "example",
})
PARAM_TYPES = ("string", "iri", "integer", "number")
_XSD = "http://www.w3.org/2001/XMLSchema#"

# Strings, IRIs and comments are matched first so that a "?_x" inside them is not a parameter.
_TOKENS = re.compile(
    r'''(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"(?:[^"\\\n]|\\.)*"'''
    r"""|'(?:[^'\\\n]|\\.)*'"""
    r'''|<[^<>"{}|^`\\\s]*>'''
    r"""|\#[^\n]*)"""
    r"""|(?P<param>[?$](?P<optional>__?)(?P<name>[A-Za-z][A-Za-z0-9]*)(?:_(?P<type>[A-Za-z0-9]+))?)(?![A-Za-z0-9_])"""
)
_IRI = re.compile(r"""[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|^`\\]*""")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


@dataclass(frozen=True)
class QueryParam:
    """One parameter of a stored query.

    ``type`` is one of ``PARAM_TYPES``; ``language`` the tag of a language-tagged
    string parameter; ``allowed`` the enumerated values (empty: any value of the type);
    ``required`` says the caller must give it (no ``?__`` and no default).
    """

    name: str
    type: str = "string"
    default: str | None = None
    allowed: tuple[str, ...] = ()
    required: bool = True
    language: str | None = None


@dataclass(frozen=True)
class StoredQuery:
    """A parsed ``.rq`` file. ``kind`` is ``select``, ``ask``, ``construct`` or ``describe``."""

    name: str
    path: str
    summary: str
    description: str
    tags: tuple[str, ...]
    params: tuple[QueryParam, ...]
    text: str
    kind: str = "select"

    def param(self, name: str) -> QueryParam | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def needs_internet(self) -> bool:
        """Federated queries call other endpoints (SERVICE) and are never run offline."""
        return "needs-internet" in self.tags


def load_queries() -> dict[str, StoredQuery]:
    """Every packaged stored query by name (the file name without ``.rq``).

    Raises QuerySyntaxError naming the file when a header or a query is broken.
    """
    loaded = (_load(item) for item in resource_files("queries", ".rq"))
    return {query.name: query for query in loaded}


def resolve_query(name_or_path: str, queries: Mapping[str, StoredQuery] | None = None) -> StoredQuery:
    """A stored query by name, or any ``.rq`` file by path.

    Raises UnknownQueryError (with close names) when it is neither.
    """
    known = load_queries() if queries is None else queries
    if name_or_path in known:
        return known[name_or_path]
    path = Path(name_or_path)
    if path.suffix == ".rq" or path.is_file():
        if not path.is_file():
            raise UnknownQueryError(f"{name_or_path}: no such query file")
        return _load(path)
    close = difflib.get_close_matches(name_or_path, list(known), n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}?" if close else f"known queries: {', '.join(sorted(known))}"
    raise UnknownQueryError(f"unknown query '{name_or_path}'; {hint} ('mgi-graph queries' lists them)")


def bind_query(query: StoredQuery, values: Mapping[str, str]) -> str:
    """The query's SPARQL with ``values`` (and defaults) substituted for its parameters.

    Raises QueryBindingError naming the parameter when one is unknown, missing
    or not a valid value of its type / not one of its allowed values.
    """
    unknown = sorted(set(values) - {p.name for p in query.params})
    if unknown:
        names = ", ".join(p.name for p in query.params) or "none"
        raise QueryBindingError(f"query '{query.name}' has no parameter '{unknown[0]}' (parameters: {names})")
    rendered: dict[str, str] = {}
    for param in query.params:
        value = values.get(param.name, param.default)
        if value is None:
            if param.required:
                raise QueryBindingError(f"query '{query.name}' needs parameter '{param.name}'{_choices(param)}")
            continue  # optional and not given: the variable stays unbound, as in grlc
        rendered[param.name] = render_value(query.name, param, value)
    return _substitute(query.text, rendered)


def render_value(query_name: str, param: QueryParam, value: str) -> str:
    """``value`` as a SPARQL term of ``param``'s type; QueryBindingError when it is not one."""
    if param.allowed and value not in param.allowed:
        raise QueryBindingError(
            f"query '{query_name}': '{value}' is not a valid value of parameter '{param.name}'{_choices(param)}"
        )
    if param.type == "iri":
        if not _IRI.fullmatch(value):
            raise QueryBindingError(f"query '{query_name}': parameter '{param.name}' must be an absolute IRI, not '{value}'")
        return f"<{value}>"
    if param.type in ("integer", "number"):
        pattern, datatype = (_INTEGER, "integer") if param.type == "integer" else (_NUMBER, "decimal")
        if not pattern.fullmatch(value):
            raise QueryBindingError(f"query '{query_name}': parameter '{param.name}' must be {'an' if param.type == 'integer' else 'a'} {param.type}, not '{value}'")
        return f'"{value}"^^<{_XSD}{datatype}>'
    literal = '"' + "".join(_STRING_ESCAPES.get(c, c) for c in value) + '"'
    return f"{literal}@{param.language}" if param.language else literal


def parse_stored_query(text: str, *, name: str, path: str) -> StoredQuery:
    """Parse the header and the SPARQL of one ``.rq`` file; QuerySyntaxError names ``path``."""
    header = _read_header(text, path)
    params = _read_params(text, header, path)
    kind = _check_sparql(text, path)
    tags = header.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    return StoredQuery(
        name=name,
        path=path,
        summary=str(header.get("summary") or "").strip(),
        description=str(header.get("description") or "").strip(),
        tags=tuple(str(tag) for tag in tags),
        params=params,
        text=text,
        kind=kind,
    )


def _load(item: Traversable | Path) -> StoredQuery:
    name = item.name.removesuffix(".rq")
    try:
        text = item.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QuerySyntaxError(f"{item}: cannot read query file: {error}") from error
    return parse_stored_query(text, name=name, path=str(item))


def _read_header(text: str, path: str) -> dict[str, Any]:
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            break
        lines.append(line[3:] if line.startswith("#+ ") else line[2:])
    if not lines:
        return {}
    try:
        header = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else path
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise QuerySyntaxError(f"{where}: broken '#+' header: {problem}") from error
    if header is None:
        return {}
    if not isinstance(header, dict):
        raise QuerySyntaxError(f"{path}: the '#+' header must be 'key: value' lines")
    unknown = sorted(set(header) - HEADER_KEYS)
    if unknown:
        raise QuerySyntaxError(f"{path}: unknown header key '{unknown[0]}' (known: {', '.join(sorted(HEADER_KEYS))})")
    return header


def _pairs(entries: Any, key: str, path: str) -> dict[str, Any]:
    """grlc writes ``defaults``/``enumerate`` as a list of one-key maps; a plain map is accepted too."""
    if entries is None:
        return {}
    if isinstance(entries, dict):
        return dict(entries)
    if isinstance(entries, list) and all(isinstance(e, dict) and len(e) == 1 for e in entries):
        return {k: v for entry in entries for k, v in entry.items()}
    raise QuerySyntaxError(f"{path}: header '{key}' must be a list of 'name: value' entries")


def _read_params(text: str, header: Mapping[str, Any], path: str) -> tuple[QueryParam, ...]:
    defaults = _pairs(header.get("defaults"), "defaults", path)
    allowed = _pairs(header.get("enumerate"), "enumerate", path)
    found: dict[str, QueryParam] = {}
    for match in _TOKENS.finditer(_body(text)):
        if not match.group("param"):
            continue
        param = _make_param(match, defaults, allowed, path)
        previous = found.setdefault(param.name, param)
        if previous != param:
            raise QuerySyntaxError(f"{path}: parameter '{param.name}' is used with two different types or optionality")
    labels = _pairs(header.get("labels"), "labels", path)
    for key, names in (("defaults", defaults), ("enumerate", allowed), ("labels", labels)):
        stray = sorted(set(names) - set(found))
        if stray:
            raise QuerySyntaxError(f"{path}: header '{key}' names '{stray[0]}', which is not a parameter (?_{stray[0]}) of the query")
    return tuple(found.values())


def _make_param(match: re.Match[str], defaults: Mapping[str, Any], allowed: Mapping[str, Any], path: str) -> QueryParam:
    name, suffix = match.group("name"), match.group("type")
    kind, language = "string", None
    if suffix in PARAM_TYPES or suffix == "literal":
        kind = "string" if suffix == "literal" else suffix
    elif suffix and _LANGUAGE.fullmatch(suffix):
        language = suffix
    elif suffix:
        raise QuerySyntaxError(f"{path}: parameter {match.group('param')} has unknown type '{suffix}' (use {', '.join(PARAM_TYPES)} or a language tag)")
    choices = allowed.get(name) or []
    if not isinstance(choices, list):
        raise QuerySyntaxError(f"{path}: enumerate for '{name}' must be a list of values")
    default = defaults.get(name)
    optional = match.group("optional") == "__"
    return QueryParam(
        name=name,
        type=kind,
        default=None if default is None else str(default),
        allowed=tuple(str(c) for c in choices),
        required=not optional and default is None,
        language=language,
    )


def _body(text: str) -> str:
    """The query without its header (header lines are comments, but YAML may hold '?_')."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if not line.startswith("#+")), len(lines))
    return "".join(lines[start:])


# Strings, IRIs and comments, where the word DESCRIBE says nothing about the query's form.
_NOT_KEYWORDS = re.compile(r'<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*')
_DESCRIBE = re.compile(r"\bDESCRIBE\b", re.IGNORECASE)


def _check_sparql(text: str, path: str) -> str:
    """The query's form; QuerySyntaxError when it is not SPARQL.

    pyoxigraph parses it (preparing it against an empty store evaluates nothing): rdflib's
    parser would cost `mgi-graph queries` a third of a second of imports.
    """
    import pyoxigraph

    try:
        prepared = pyoxigraph.Store().query(text)
    except SyntaxError as error:
        message = " ".join(str(error).split())
        raise QuerySyntaxError(f"{path}: not a valid SPARQL query: {message}") from error
    if isinstance(prepared, pyoxigraph.QuerySolutions):
        return "select"
    if isinstance(prepared, pyoxigraph.QueryBoolean):
        return "ask"
    return "describe" if _DESCRIBE.search(_NOT_KEYWORDS.sub(" ", text)) else "construct"


def _substitute(text: str, rendered: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group("param") and match.group("name") in rendered:
            return rendered[match.group("name")]
        return match.group(0)

    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if not line.startswith("#+")), len(lines))
    return "".join(lines[:start]) + _TOKENS.sub(replace, "".join(lines[start:]))


def _choices(param: QueryParam) -> str:
    return f" (one of: {', '.join(param.allowed)})" if param.allowed else f" ({param.type})"
