"""JSON text exactly as ``json.dumps(value, ensure_ascii=False, indent=1)`` writes it, made
several times faster, chunk by chunk.

With ``indent`` set, the standard library encodes in pure Python through nested generators,
which cost most of writing the JSON-LD dumps. Here plain recursive functions append to a list
and strings are escaped by the library's C function; the output is the same text (the tests
compare them). A chunk is one member of the top-level object or of a list directly in it
(one profile of ``mgi.jsonld``), so a large dump is never held as one string.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from json.encoder import encode_basestring
from typing import Any

Parts = list[str]


class JsonText(str):
    """JSON text written earlier by ``iter_json`` at the top level, put in as it is, its lines
    indented to the depth where it goes (a string holds no raw line break)."""


# How many levels of containers hand out a chunk per member.
CHUNKED_LEVELS = 2


def iter_json(value: Any) -> Iterator[str]:
    """``value`` as indented JSON text, in chunks."""
    parts: Parts = []
    yield from _chunked(value, parts, "\n", CHUNKED_LEVELS)
    yield "".join(parts)


def _chunked(value: Any, parts: Parts, newline: str, levels: int) -> Iterator[str]:
    if not levels or not value or not isinstance(value, (dict, list, tuple)):
        _write(value, parts, newline)
        return
    inner = newline + " "
    members = value.items() if isinstance(value, dict) else ((None, item) for item in value)
    separator = ("{" if isinstance(value, dict) else "[") + inner
    for key, item in members:
        parts.append(separator)
        if isinstance(value, dict):
            _key(key, parts)
        yield from _chunked(item, parts, inner, levels - 1)
        yield "".join(parts)
        parts.clear()
        separator = "," + inner
    parts.append(newline + ("}" if isinstance(value, dict) else "]"))


def _write(value: Any, parts: Parts, newline: str) -> None:
    """Append ``value``'s text to ``parts``; ``newline`` starts a line at its depth."""
    if isinstance(value, JsonText):
        parts.append(value.replace("\n", newline))
    elif isinstance(value, str):
        parts.append(encode_basestring(value))
    elif isinstance(value, dict):
        _container(value.items(), "{", "}", parts, newline, _member)
    elif isinstance(value, (list, tuple)):
        _container(((None, item) for item in value), "[", "]", parts, newline, _item)
    else:
        parts.append(_scalar(value))


def _container(members: Any, opening: str, closing: str, parts: Parts, newline: str,
               put: Callable[[Any, Any, Parts, str], None]) -> None:
    inner = newline + " "
    separator = opening + inner
    for key, item in members:
        parts.append(separator)
        put(key, item, parts, inner)
        separator = "," + inner
    parts.append(opening + closing if separator == opening + inner else newline + closing)


def _member(key: Any, item: Any, parts: Parts, newline: str) -> None:
    _key(key, parts)
    _write(item, parts, newline)


def _item(_key: Any, item: Any, parts: Parts, newline: str) -> None:
    _write(item, parts, newline)


def _key(key: Any, parts: Parts) -> None:
    if not isinstance(key, str):
        raise TypeError(f"keys must be str, not {type(key).__name__}")
    parts.append(encode_basestring(key) + ": ")


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return float.__repr__(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
