"""The JSON-LD dumps' JSON text is the standard library's indented text, written faster."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mgi_graph.dump.jsontext import iter_json

NESTED: dict[str, Any] = {
    "@context": {"schema": "https://schema.org/", "empty": {}, "none": []},
    "id": "https://w3id.org/mgi/dataset",
    "type": ["dcat:Dataset"],
    "hasPart": [{"id": "a", "position": 3, "flag": True, "other": False, "nothing": None,
                 "text": "Quote \" back\\slash\nnew line\ttab \u00e9\u4e2d \U0001f600 \x00\x1f",
                 "deep": [[{"x": [1, 2.5, -0.0, 10**20]}], [], {}]}],
    "included": [],
}


@pytest.mark.parametrize("value", [NESTED, [], {}, "text", 7, None, [[[]]], {"a": {"b": {"c": {"d": [1]}}}},
                                   [{"a": 1}, {"b": [2, {"c": 3}]}]])
def test_text_is_what_json_dumps_writes(value: Any) -> None:
    assert "".join(iter_json(value)) == json.dumps(value, ensure_ascii=False, indent=1)


def test_a_large_document_comes_in_chunks() -> None:
    document = {"hasPart": [{"id": str(i), "text": "x" * 100} for i in range(100)]}
    chunks = list(iter_json(document))
    assert len(chunks) >= 100
    assert max(len(c) for c in chunks) < 1000


@pytest.mark.parametrize("value", [{("tuple", "key"): "a"}, {"a": object()}, [b"bytes"]])
def test_what_json_refuses_is_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        json.dumps(value)
    with pytest.raises(TypeError):
        "".join(iter_json(value))
