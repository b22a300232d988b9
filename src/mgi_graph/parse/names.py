"""Token spans of proper names in running text, for :mod:`.place`.

A name is a run of capitalised words that may hold lower-case connectors ('Santa Fe de
Antioquia', 'La Ligua'); a national name may also hold a conjunction when the longer name is
a country's ('Trinidad and Tobago', 'São Tomé e Príncipe'). Every phrase list comes from the
lexicon; every comparison goes through :func:`heading_key`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mgi_graph.parse.countries import lookup_country
from mgi_graph.parse.lexicon import Lexicon
from mgi_graph.parse.text import heading_key

_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*|\d+|[^\w\s]")
_SENTENCE_END = frozenset(".;!?")
MAX_MODIFIERS = 3
# 'D.C.' after 'Bogotá': at most a few one-letter initials, each with its dot.
_MAX_INITIALS = 3


@dataclass(slots=True)
class Token:
    """A word, number or mark of an introduction line. Not frozen, though nothing changes it:
    a frozen dataclass sets each field through ``object.__setattr__``, twice the cost."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=4096)
def opens_a_phrase(text: str, *lists: tuple[str, ...]) -> bool:
    """Whether a capitalised word of ``text`` is the first word of a phrase of ``lists``.

    Where none is, :func:`phrases_at` finds nothing at any capitalised token, so a search for
    those phrases can skip the text without making its tokens (the costly part). Memoised:
    the introductions of one language share most of their paragraphs, page after page.
    """
    firsts = [_by_first_word(phrases) for phrases in lists]
    return any(
        word[:1].isupper() and any(heading_key(word) in first for first in firsts)
        for word in set(_TOKEN.findall(text))  # a word used twice is looked at once
    )


def span_text(text: str, tokens: list[Token], start: int, end: int) -> str:
    """The text of tokens ``start``..``end`` (exclusive), spacing as written."""
    return text[tokens[start].start : tokens[end - 1].end]


def match_words(tokens: list[Token], i: int, phrase: str) -> int:
    """How many tokens from ``i`` spell ``phrase`` (case- and accent-insensitive), or 0."""
    keys = _phrase_keys(phrase)
    window = tokens[i : i + len(keys)]
    if len(window) < len(keys):
        return 0
    if all(heading_key(t.text) == key for t, key in zip(window, keys)):
        return len(keys)
    return 0


def phrases_at(tokens: list[Token], i: int, phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The ``phrases`` whose first word token ``i`` spells, in their order: the only ones
    :func:`match_words` can match there."""
    if i >= len(tokens):
        return ()
    return _by_first_word(phrases).get(heading_key(tokens[i].text), ())


@lru_cache(maxsize=1024)
def _phrase_keys(phrase: str) -> tuple[str, ...]:
    return tuple(heading_key(w) for w in phrase.split())


@lru_cache(maxsize=64)
def _by_first_word(phrases: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    # each lexicon phrase list is indexed once: a name is looked for at every capitalised word
    index: dict[str, list[str]] = {}
    for phrase in phrases:
        keys = _phrase_keys(phrase)
        if keys:
            index.setdefault(keys[0], []).append(phrase)
    return {first: tuple(found) for first, found in index.items()}


def name_after_head(tokens: list[Token], j: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """Skip capitalised modifiers and a connector after a head; the name's token span."""
    for modifiers in range(MAX_MODIFIERS + 1):
        k = j + modifiers
        if modifiers and not is_capitalised(tokens, k - 1):
            return None
        connector = _lower_phrase_at(tokens, k, lexicon.entity_connectors)
        if connector:
            end = name_end(tokens, k + connector, lexicon)
            return (k + connector, end) if end > k + connector else None
    return None


def name_end(tokens: list[Token], k: int, lexicon: Lexicon) -> int:
    """End (exclusive) of the capitalised name starting at ``k``; connectors only inside it."""
    end = k
    n = k
    while n < len(tokens) and not _is_initial(tokens, n):
        if is_capitalised(tokens, n) or _is_elided_name(tokens[n].text, lexicon):
            n += 1
            end = n
            continue
        connector = _lower_phrase_at(tokens, n, lexicon.name_connectors)
        if connector and is_capitalised(tokens, n + connector):
            n += connector
            continue
        break
    return end


def country_name_end(text: str, tokens: list[Token], start: int, end: int, lexicon: Lexicon) -> int:
    """Extend the name ``start``..``end`` over a conjunction when the longer name is a country.

    'and' cannot simply be a name connector: 'the Municipality of X and the Y' would swallow
    Y. Only the country list can say that 'Trinidad and Tobago' is one name.
    """
    conjunction = _lower_phrase_at(tokens, end, lexicon.name_conjunctions)
    if not conjunction or not is_capitalised(tokens, end + conjunction):
        return end
    longer = name_end(tokens, end + conjunction, lexicon)
    if lookup_country(span_text(text, tokens, start, longer), lexicon.languages):
        return country_name_end(text, tokens, start, longer, lexicon)
    return end


def initials_end(text: str, tokens: list[Token], end: int) -> int:
    """End of initials right after a name ('Bogotá D.C.'): part of the authority's name,
    not of the place's."""
    n = end
    while n - end < 2 * _MAX_INITIALS and _is_initial(tokens, n):
        if text[tokens[n - 1].end : tokens[n].start] not in ("", " "):
            break
        n += 2
    return n


def _is_initial(tokens: list[Token], k: int) -> bool:
    """'D' of 'D.C.': one capital letter and its dot."""
    if k + 1 >= len(tokens) or tokens[k + 1].text != ".":
        return False
    return len(tokens[k].text) == 1 and tokens[k].text.isupper()


def country_before(text: str, tokens: list[Token], i: int, lexicon: Lexicon) -> str | None:
    """The country named last before token ``i`` in its sentence: 'In Colombia, the District
    of Medellín ...' states the country although no parentheses follow the name."""
    k = next((n + 1 for n in range(i - 1, -1, -1) if tokens[n].text in _SENTENCE_END), 0)
    found = None
    while k < i:
        if is_capitalised(tokens, k):
            end = min(country_name_end(text, tokens, k, name_end(tokens, k, lexicon), lexicon), i)
            code = lookup_country(span_text(text, tokens, k, end), lexicon.languages)
            if code:
                found, k = code, end
                continue
        k += 1
    return found


def is_capitalised(tokens: list[Token], k: int) -> bool:
    return k < len(tokens) and tokens[k].text[:1].isupper()


def _lower_phrase_at(tokens: list[Token], k: int, phrases: tuple[str, ...]) -> int:
    """Length of the lower-case phrase ('of', 'de la', 'and the') starting at ``k``, or 0.

    Every word must be lower case: in 'Municipalidad de La Ligua' the connector is 'de'
    and the place 'La Ligua'.
    """
    for phrase in phrases_at(tokens, k, phrases):
        span = match_words(tokens, k, phrase)
        if span and all(t.text.islower() for t in tokens[k : k + span]):
            return span
    return 0


def _is_elided_name(word: str, lexicon: Lexicon) -> bool:
    """"d'Ivoire", "l'Est": an elided connector glued to a capitalised word is part of a name
    ('Côte d'Ivoire'); the tokenizer keeps such words whole."""
    for connector in lexicon.name_connectors:
        if connector.endswith("'") and " " not in connector:
            rest = word[len(connector) :]
            if heading_key(word[: len(connector)]) == heading_key(connector) and rest[:1].isupper():
                return True
    return False
