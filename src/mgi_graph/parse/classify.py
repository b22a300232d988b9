"""Tell what each line of a profile page is: heading, bullet, date, title, furniture or prose."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from mgi_graph.parse.language import title_key_language
from mgi_graph.parse.lexicon import Lexicon, Prefixes, content_words
from mgi_graph.parse.text import heading_key

_YEAR = re.compile(r"(19|20)\d\d")
_ROMAN = re.compile(r"[ivx]+")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = (".", ";", "!", "?")
# Longer than any polarity heading with its 'Migration governance:' prefix.
_MAX_HEADING_WORDS = 12
# A date at the very end of a line, as when a page's last bullet and its date were glued
# together by a careless copy: '... jurisdiction. 2022 November'.
_TRAILING_DATE = re.compile(r"^(?P<head>.*\S)\s+(?P<date>(?:\d{4}\s+\S+|\S+\s+(?:de\s+)?\d{4}))\s*$")


class Kind(Enum):
    BLANK = "blank"
    TITLE = "title"
    DATE = "date"
    POLARITY = "polarity"
    DOMAIN = "domain"
    BULLET = "bullet"
    MARKER = "marker"
    RESET = "reset"
    SKIP = "skip"
    TEXT = "text"


@dataclass(slots=True)
class Line:
    """One classified line. ``value`` is the domain/polarity slug, 'YYYY-MM', or bullet text.

    Not frozen, though nothing changes it: a frozen dataclass sets each field through
    ``object.__setattr__``, twice the cost, and every line of every page becomes one.
    """

    number: int
    text: str
    kind: Kind
    value: str = ""


def classify_lines(raw_lines: list[str], lexicon: Lexicon) -> list[Line]:
    """Classify every line (1-based numbers); split a date glued to the last line if needed."""
    lines = [classify_line(number, text, lexicon) for number, text in enumerate(raw_lines, 1)]
    if not any(line.kind is Kind.DATE for line in lines):
        lines = _split_glued_date(lines, lexicon)
    return lines


def classify_line(number: int, raw: str, lexicon: Lexicon) -> Line:
    text = raw.strip()
    if not text:
        return Line(number, text, Kind.BLANK)
    key = heading_key(text)
    heading = _heading(text, key, lexicon)
    if heading is not None:
        kind, value = heading
        return Line(number, text, kind, value)
    bullet = lexicon.bullet.match(text)
    body = bullet.group("text").strip() if bullet else text
    loose = _loose_domain(body, key, lexicon, bulleted=bullet is not None)
    if loose:
        return Line(number, text, Kind.DOMAIN, loose)
    if bullet:
        # '3. COOPERATION WITH PARTNERS ...': a numbered heading the lexicon does not know, not a
        # finding; the fixed domain order places the section under it.
        return Line(number, text, Kind.SKIP if _in_capitals(body) else Kind.BULLET, body)
    if lexicon.lone_bullet.match(text):
        return Line(number, text, Kind.MARKER)
    kind = _furniture_kind(text, key, lexicon)
    return Line(number, text, Kind.SKIP if kind is Kind.TEXT and _in_capitals(text) else kind)


def _heading(text: str, key: str, lexicon: Lexicon) -> tuple[Kind, str] | None:
    """The first of title, date, polarity, domain and loosely worded polarity that the line is.

    Each test runs only when those before it failed: most lines of a page are none of them.
    """
    if _is_title(key, lexicon):
        return Kind.TITLE, text
    date = parse_date(key, lexicon)
    if date:
        return Kind.DATE, date
    if polarity := match_polarity(key, lexicon):
        return Kind.POLARITY, polarity
    if domain := match_domain(key, lexicon):
        return Kind.DOMAIN, domain
    if polarity := _loose_polarity(text, key, lexicon):
        return Kind.POLARITY, polarity
    return None


def match_polarity(key: str, lexicon: Lexicon) -> str | None:
    """'migration governance examples of well developed areas' -> 'well-developed'."""
    return lexicon.polarity_headings.get(key)


def match_domain(key: str, lexicon: Lexicon) -> str | None:
    """A domain heading, tolerating numbering such as '1.', 'Domain 2' or 'III'."""
    words = key.split()
    if words and words[0] in lexicon.heading_number_words:
        words = words[1:]
    if words and (words[0].isdigit() or _ROMAN.fullmatch(words[0])) and len(words) > 1:
        words = words[1:]
    return lexicon.domains.get(" ".join(words)) or lexicon.domains.get(key)


def _loose_domain(body: str, key: str, lexicon: Lexicon, *, bulleted: bool) -> str | None:
    """A domain heading worded in a way the lexicon does not list verbatim.

    Only a line that looks like a heading qualifies: no sentence-ending mark, and written in
    capitals ('2. FORMULATION DE POLITIQUES ... GOUVERNEMENT', numbered like a list item) or,
    when not a list item, in Title Case. It names a domain when it holds every content word
    of one of the domain's multi-word phrases, and of no other domain's.
    """
    if body.endswith(_SENTENCE_END) or len(body) > 200 or not _looks_like_heading(body, bulleted=bulleted):
        return None
    return _best_phrase(key, lexicon.domain_words)


def _loose_polarity(text: str, key: str, lexicon: Lexicon) -> str | None:
    """A polarity heading worded differently ('Ámbitos con potencial de desarrollo adicional',
    'Examples of areas that are well developed'): a short line, not a sentence and not a
    list item, holding every content word of one polarity phrase."""
    if text.endswith(_SENTENCE_END) or len(key.split()) > _MAX_HEADING_WORDS or not text[:1].isupper():
        return None
    if lexicon.bullet.match(text):
        return None
    return _best_phrase(key, lexicon.polarity_words)


def _best_phrase(key: str, table: tuple[tuple[frozenset[str], str], ...]) -> str | None:
    """The slug of the phrases whose content words ``key`` all holds.

    None when phrases of two slugs fit: a line naming both polarities ('examples of
    well-developed areas and areas with potential ...') or two domains is prose, not a heading.
    """
    words = content_words(key)
    slugs = {slug for phrase, slug in table if phrase <= words}
    return slugs.pop() if len(slugs) == 1 else None


def _in_capitals(text: str) -> bool:
    """Two or more words, every letter a capital: a heading, never a finding or its wrap.

    Stops at the first word in lower case: that is the first word of nearly every finding.
    """
    words = 0
    for match in _LETTER_RUN.finditer(text):
        word = match.group()
        if len(word) > 1:
            if not word.isupper():
                return False
            words += 1
    return words >= 2


def _looks_like_heading(text: str, *, bulleted: bool) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4:
        return False
    if all(c.isupper() for c in letters):
        return True
    long_words = [w for w in _WORD.findall(text) if len(w) > 3]
    return not bulleted and bool(long_words) and all(w[0].isupper() for w in long_words)


def parse_date(key: str, lexicon: Lexicon) -> str | None:
    """'2022 aout' / 'september 2022' / '15 de septiembre de 2022' / 'published 2022 may' -> 'YYYY-MM'."""
    if "19" not in key and "20" not in key and key.isascii():
        # no year, and no digit that is not ASCII: most lines, told apart without splitting them
        return None
    key = _strip_date_label(key, lexicon)
    words = [w for w in key.split() if w not in lexicon.date_connectors]
    if not 2 <= len(words) <= 3:
        return None
    years = [w for w in words if _YEAR.fullmatch(w)]
    months = [lexicon.months[w] for w in words if w in lexicon.months]
    # isdecimal, not isdigit: int() cannot read every digit isdigit accepts ('➏', '²').
    days = [w for w in words if w.isdecimal() and len(w) <= 2 and 1 <= int(w) <= 31]
    if len(years) == 1 and len(months) == 1 and len(words) == 2 + len(days) and len(days) <= 1:
        return f"{years[0]}-{months[0]:02d}"
    return None


def _strip_date_label(key: str, lexicon: Lexicon) -> str:
    """'published september 2022' -> 'september 2022' (a label before the date on some pages)."""
    for label in lexicon.date_labels.candidates(key):
        if key.startswith(label + " "):
            return key[len(label) + 1 :]
    return key


def _is_title(key: str, lexicon: Lexicon) -> bool:
    return title_key_language(key, lexicon) is not None


def _furniture_kind(text: str, key: str, lexicon: Lexicon) -> Kind:
    if key in lexicon.reset_lines or _starts_with_any(key, lexicon.reset_prefixes):
        return Kind.RESET
    if lexicon.lone_number.fullmatch(text) or _starts_with_any(key, lexicon.skip_prefixes):
        return Kind.SKIP
    return Kind.TEXT


def _starts_with_any(key: str, prefixes: Prefixes) -> bool:
    return any(key == p or key.startswith(p + " ") for p in prefixes.candidates(key))


def _split_glued_date(lines: list[Line], lexicon: Lexicon) -> list[Line]:
    """Split '... last finding. 2022 November' into the finding and a date line.

    Only the last line with content before an optional trailing title is considered: that is
    where a page's date belongs.
    """
    tail = [i for i, line in enumerate(lines) if line.kind not in (Kind.BLANK, Kind.TITLE)]
    if not tail:
        return lines
    last = lines[tail[-1]]
    glued = _TRAILING_DATE.match(last.text)
    date = parse_date(heading_key(glued.group("date")), lexicon) if glued else None
    if not glued or not date:
        return lines
    head = classify_line(last.number, glued.group("head"), lexicon)
    date_line = Line(last.number, glued.group("date"), Kind.DATE, date)
    return [*lines[: tail[-1]], head, date_line, *lines[tail[-1] + 1 :]]
