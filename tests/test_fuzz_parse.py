"""Fuzzing the parser with mutated seed profiles: it returns a Profile or raises
ProfileParseError (a one-line message naming the source), never anything else.

Bounded and deterministic for CI: a fixed number of examples, derandomised, no example
database, and a deadline far above a parse's milliseconds so a loaded machine does not fail it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seeds import PROFILES

from mgi_graph.errors import ProfileParseError
from mgi_graph.parse import parse_profile
from mgi_graph.parse.text import decode_profile

SEEDS = [p.read_text("utf-8") for p in sorted(PROFILES.glob("*.txt"))]
# Lines of every seed, so a mutation can bring in another layout's or language's heading.
SEED_LINES = sorted({line for text in SEEDS for line in text.splitlines()})

FUZZ = settings(max_examples=150, deadline=timedelta(seconds=10), derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def mutated_profiles(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(SEEDS)).splitlines()
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        operation = draw(st.sampled_from(["delete", "repeat", "move", "insert", "seed-line", "edit", "cut"]))
        if operation == "delete":
            del lines[at:at + draw(st.integers(1, 40))]
        elif operation == "repeat":
            lines[at:at] = lines[at:at + draw(st.integers(1, 20))]
        elif operation == "move" and lines:
            lines.insert(draw(st.integers(0, len(lines))), lines.pop(at))
        elif operation == "insert":
            lines.insert(at, draw(st.text(max_size=120)))
        elif operation == "seed-line":
            lines.insert(at, draw(st.sampled_from(SEED_LINES)))
        elif operation == "edit" and lines:
            line = lines[at]
            start = draw(st.integers(0, len(line)))
            lines[at] = line[:start] + draw(st.text(max_size=12)) + line[start + draw(st.integers(0, 12)):]
        elif operation == "cut":
            lines = lines[:at]
    return "\n".join(lines)


def _parses_or_says_why(text: str) -> None:
    try:
        profile = parse_profile(text, source="fuzz.txt")
    except ProfileParseError as error:
        message = str(error)
        assert message.startswith("fuzz.txt") and "\n" not in message, message
    else:
        assert profile.findings and profile.source == "fuzz.txt"


@FUZZ
@given(mutated_profiles())
def test_mutated_profiles_parse_or_fail_with_a_profile_error(text: str) -> None:
    _parses_or_says_why(text)


@FUZZ
@given(mutated_profiles(), st.lists(st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=4)), max_size=4))
def test_mutated_bytes_decode_and_parse_or_fail_with_a_profile_error(text: str,
                                                                    edits: list[tuple[int, bytes]]) -> None:
    data = bytearray(text.encode("utf-8"))
    for at, chunk in edits:
        at %= len(data) + 1
        data[at:at + len(chunk)] = chunk
    try:
        decoded = decode_profile(bytes(data), "fuzz.txt")
    except ProfileParseError as error:
        assert str(error).startswith("fuzz.txt") and "\n" not in str(error)
        return
    _parses_or_says_why(decoded)


@pytest.mark.parametrize("day", ["➏", "²", "٣"])
def test_a_date_line_whose_day_is_a_digit_sign_parses_or_says_why(day: str) -> None:
    # str.isdigit accepts '➏' and '²', which int() cannot read: the date test raised ValueError.
    lines = SEEDS[0].splitlines()
    _parses_or_says_why("\n".join([*lines[:2], f"{day} de mayo de 2022", *lines[2:]]))
