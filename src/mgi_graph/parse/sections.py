"""Classified lines -> findings, each placed in a domain and a polarity section.

Layout rules (general, not tuned to one page):

- A polarity heading ('Examples of well-developed areas', 'Áreas con potencial ...') opens a
  section; bullets up to the next heading or page furniture are its findings.
- A domain heading seen after the last finding and after the last piece of reset furniture
  ('Key findings', 'INTRODUCTION', 'Click on the icons ...') names the domain of the next
  section. The domain list of the page's 'About' block is not a section heading: reset
  furniture makes the parser forget it, and so does seeing several different domain headings
  with no section between them.
- Without a fresh domain heading the fixed MGI order applies: a 'well-developed' heading, or a
  polarity already seen in the current domain, starts the next domain; so does a 'potential'
  heading that follows another. The first section without a heading is the first domain.
- On a page whose sections use bullet markers, a non-bullet line directly under a finding (no
  blank line between) continues it when the finding does not end a sentence or the line starts
  in lower case: a bullet wrapped over several lines. Other non-bullet lines are furniture.
  On a page with no bullet markers in any section, every non-blank prose line of a section is
  one finding.
- A bullet marker alone on its line ('•') makes the next prose line of the section a finding
  (a list item whose text the copy put on the next line); with no prose after it, it is an
  empty list item and is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mgi_graph.errors import ProfileParseError
from mgi_graph.model import DOMAINS
from mgi_graph.parse.classify import Kind, Line

_SENTENCE_END = (".", ";", "!", "?", "…", "»", "”", '"', ")")


@dataclass
class RawFinding:
    """A finding under construction (text may still grow with wrapped lines)."""

    domain: str
    polarity: str
    text: str
    line: int


@dataclass
class _State:
    """Where the scan is: the open section and the last domain heading not yet used."""

    domain_index: int | None = None
    polarity: str | None = None
    seen_polarities: set[str] = field(default_factory=set)
    fresh_domain: int | None = None
    headings_since: set[int] = field(default_factory=set)
    last_was_finding: bool = False
    marker_pending: bool = False


def collect_findings(lines: list[Line], source: str) -> list[RawFinding]:
    """Every finding on the page, in page order; raises ProfileParseError past six domains."""
    bulleted = _sections_use_bullets(lines)
    state = _State()
    findings: list[RawFinding] = []
    for line in lines:
        _step(state, line, findings, bulleted, source)
    return findings


def _step(state: _State, line: Line, findings: list[RawFinding], bulleted: bool, source: str) -> None:
    kind = line.kind
    continued = state.last_was_finding
    state.last_was_finding = False
    if kind is Kind.BLANK:
        return
    marked = state.marker_pending
    state.marker_pending = kind is Kind.MARKER and state.polarity is not None
    if marked and kind is Kind.TEXT and state.polarity is not None:
        findings.append(_new_finding(state, line.text, line.number))
        state.last_was_finding = True
        return
    if kind is Kind.DOMAIN:
        _note_domain_heading(state, DOMAINS.index(line.value))
    elif kind is Kind.POLARITY:
        _open_section(state, line, source)
    elif kind in (Kind.RESET, Kind.TITLE, Kind.DATE):
        state.fresh_domain = None
        state.headings_since = set()
        state.polarity = None
    elif kind is Kind.BULLET and state.polarity is not None:
        findings.append(_new_finding(state, line.value, line.number))
        state.last_was_finding = True
    elif kind is Kind.TEXT and state.polarity is not None:
        state.last_was_finding = _add_text(state, line, findings, bulleted, continued)


def _note_domain_heading(state: _State, index: int) -> None:
    """Remember a domain heading, unless it is one of a list of several (an 'About' block)."""
    state.headings_since.add(index)
    state.fresh_domain = index if len(state.headings_since) == 1 else None
    state.polarity = None


def _open_section(state: _State, line: Line, source: str) -> None:
    polarity = line.value
    if state.fresh_domain is not None:
        index = state.fresh_domain
    elif state.domain_index is None:
        index = 0
    elif polarity == "well-developed" or polarity in state.seen_polarities:
        index = state.domain_index + 1
    else:
        index = state.domain_index
    if index >= len(DOMAINS):
        raise ProfileParseError(
            source,
            f"more sections than the {len(DOMAINS)} MGI domains; "
            "add the missing domain headings so sections can be told apart",
            line.number,
        )
    if index != state.domain_index:
        state.seen_polarities = set()
    state.domain_index = index
    state.fresh_domain = None
    state.headings_since = set()
    state.polarity = polarity
    state.seen_polarities.add(polarity)


def _add_text(state: _State, line: Line, findings: list[RawFinding], bulleted: bool, continued: bool) -> bool:
    """Handle a prose line inside a section; True when it became (part of) a finding."""
    if not bulleted:
        findings.append(_new_finding(state, line.text, line.number))
        return True
    previous = findings[-1] if findings else None
    if continued and previous is not None and _continues(previous.text, line.text):
        previous.text = f"{previous.text} {line.text}"
        return True
    return False


def _continues(previous: str, text: str) -> bool:
    return not previous.endswith(_SENTENCE_END) or text[:1].islower()


def _new_finding(state: _State, text: str, number: int) -> RawFinding:
    assert state.domain_index is not None and state.polarity is not None
    return RawFinding(DOMAINS[state.domain_index], state.polarity, text, number)


def _sections_use_bullets(lines: list[Line]) -> bool:
    """True when any bullet marker (with or without text) appears after the first polarity heading."""
    started = False
    for line in lines:
        started = started or line.kind is Kind.POLARITY
        if started and line.kind in (Kind.BULLET, Kind.MARKER):
            return True
    return False
