"""Profile page text -> :class:`~mgi_graph.model.Profile`.

Public API: :func:`parse_profile` (text) and :func:`read_profile` (file). Both raise
:class:`~mgi_graph.errors.ProfileParseError` with a one-line message naming the file, the line
where there is one, what is wrong and how to fix it.

A page is rejected as *truncated* when it has findings but (a) no publication date line
('2022 September', 'septiembre de 2022') anywhere, or (b) findings in fewer than two of the six
domains: every MGI profile has a date line at its end and findings in (nearly) every domain,
so either gap means the copy stopped early.

Stages: :mod:`.text` (decoding, line splitting, folding) -> :mod:`.classify` (what each line
is) -> :mod:`.sections` (findings with domain and polarity) -> :mod:`.language` and
:mod:`.place` (metadata). All language knowledge is in ``lexicon/parse.json``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from mgi_graph.errors import ProfileParseError
from mgi_graph.model import Finding, Profile
from mgi_graph.parse.classify import Kind, Line, classify_lines
from mgi_graph.parse.countries import country_short_name
from mgi_graph.parse.language import detect_language, title_language
from mgi_graph.parse.lexicon import Lexicon, load_lexicon
from mgi_graph.parse.place import Subject, find_subject
from mgi_graph.parse.sections import RawFinding, collect_findings
from mgi_graph.parse.text import decode_profile, read_profile_bytes, split_lines

__all__ = ["parse_profile", "read_profile"]

_FURNITURE = (Kind.RESET, Kind.SKIP, Kind.DOMAIN, Kind.POLARITY)


def read_profile(path: Path, *, lexicon_dir: Path | None = None) -> Profile:
    """Read and parse the profile at ``path`` (UTF-8, BOM tolerated).

    ``source`` is ``str(path)``; ``sha256`` is the digest of the file's bytes.
    Raises ProfileParseError for an unreadable, non-regular (FIFO, folder), empty, binary or
    non-UTF-8 file and for
    every problem :func:`parse_profile` reports.
    """
    data = read_profile_bytes(path)
    text = decode_profile(data, str(path))
    return _parse(text, str(path), hashlib.sha256(data).hexdigest(), load_lexicon(lexicon_dir))


def parse_profile(text: str, *, source: str, lexicon_dir: Path | None = None) -> Profile:
    """Parse one profile page's text; ``source`` names it in the Profile and in errors.

    The language knowledge is read from ``lexicon_dir`` (a folder laid out as the packaged
    ``lexicon/``), the packaged lexicon by default.

    ``sha256`` is the digest of ``text`` encoded as UTF-8. Raises ProfileParseError for an
    empty page, a page without findings, a truncated page, findings in a language the lexicon
    does not know, and a page that names no place.
    """
    return _parse(text, source, hashlib.sha256(text.encode("utf-8")).hexdigest(), load_lexicon(lexicon_dir))


def _parse(text: str, source: str, sha256: str, lexicon: Lexicon) -> Profile:
    if not text.strip():
        raise ProfileParseError(
            source, "empty file: it holds no text; save the full MGI profile page as UTF-8 text"
        )
    lines = classify_lines(split_lines(text), lexicon)
    raw = collect_findings(lines, source)
    if not raw:
        _raise_no_findings(lines, text, source, lexicon)
    published = _published(lines, raw, source)
    _check_domains(raw, source)
    language = _findings_language(raw, source, lexicon)
    chrome = detect_language(_chrome_text(lines, raw), lexicon) or language
    title = next((line.text for line in lines if line.kind is Kind.TITLE), None)
    subject = _subject(lines, title, source, lexicon)
    return Profile(
        source=source,
        sha256=sha256,
        title=title,
        title_language=title_language(title, lexicon) if title else None,
        entity=subject.entity,
        level=subject.level,
        place=subject.place,
        published=published,
        language=language,
        chrome_language=chrome,
        findings=tuple(
            Finding(position, f.domain, f.polarity, f.text, f.line) for position, f in enumerate(raw, 1)
        ),
        country=subject.country,
        country_name=country_short_name(subject.country) if subject.country else None,
        country_inferred=False,
    )


def _raise_no_findings(lines: list[Line], text: str, source: str, lexicon: Lexicon) -> None:
    heading = next((line for line in lines if line.kind is Kind.POLARITY), None)
    if heading is not None:
        raise ProfileParseError(
            source,
            f"'{heading.text}' and the other section headings have no findings under them; "
            "save the complete profile page, with the bullet points of its key findings",
            heading.number,
        )
    if detect_language(text, lexicon) is None:
        raise ProfileParseError(source, _unknown_language("the page is", lexicon))
    if any(line.kind in _FURNITURE for line in lines):
        raise ProfileParseError(
            source,
            "no findings: the page has MGI boilerplate but no 'Examples of well-developed areas' "
            "or 'Areas with potential for further development' sections; "
            "save the page including its key findings",
        )
    raise ProfileParseError(
        source,
        "not an MGI profile: no domain or 'well-developed'/'potential' section headings found; "
        "check that the file is a Migration Governance Indicators profile page",
    )


def _published(lines: list[Line], raw: list[RawFinding], source: str) -> str:
    dates = [line for line in lines if line.kind is Kind.DATE]
    if not dates:
        raise ProfileParseError(
            source,
            "truncated page: no publication date line (e.g. '2022 September') follows the findings; "
            "save the complete profile page",
            raw[-1].line,
        )
    return dates[-1].value


def _check_domains(raw: list[RawFinding], source: str) -> None:
    domains = {f.domain for f in raw}
    if len(domains) < 2:
        raise ProfileParseError(
            source,
            f"truncated page: findings stop after the first domain section ({raw[0].domain}); "
            "save the complete profile page, with all six domains",
            raw[-1].line,
        )


def _findings_language(raw: list[RawFinding], source: str, lexicon: Lexicon) -> str:
    language = detect_language("\n".join(f.text for f in raw), lexicon)
    if language is None:
        raise ProfileParseError(source, _unknown_language("the findings are", lexicon), raw[0].line)
    return language


def _unknown_language(what: str, lexicon: Lexicon) -> str:
    known = ", ".join(lexicon.languages)
    return (
        f"unknown language: {what} in none of the known languages ({known}); "
        "add the language's headings, months and function words to lexicon/parse.json"
    )


def _chrome_text(lines: list[Line], raw: list[RawFinding]) -> str:
    """Everything that is not a finding: headings, furniture, introduction, date."""
    finding_lines = {f.line for f in raw}
    return "\n".join(
        line.text for line in lines if line.kind is not Kind.BLANK and line.number not in finding_lines
    )


def _subject(lines: list[Line], title: str | None, source: str, lexicon: Lexicon) -> Subject:
    first_section = next(i for i, line in enumerate(lines) if line.kind is Kind.POLARITY)
    intro = [line.text for line in lines[:first_section] if line.kind in (Kind.TEXT, Kind.RESET, Kind.SKIP)]
    remainder = title.partition(":")[2].strip() if title and ":" in title else None
    subject = find_subject(intro, lexicon, title=remainder)
    if subject is None:
        raise ProfileParseError(
            source,
            "no place found: neither the introduction nor a title line names the authority "
            "(e.g. 'Municipality of X', 'Municipio de X', 'Republic of X'); "
            "save the page with its introduction or title",
        )
    return subject
