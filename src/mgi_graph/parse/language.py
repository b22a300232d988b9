"""Language of a stretch of text, from the share of each language's function words."""

from __future__ import annotations

from mgi_graph.parse.lexicon import Lexicon
from mgi_graph.parse.text import heading_key, word_counts


def detect_language(text: str, lexicon: Lexicon) -> str | None:
    """The lexicon language whose function words are most frequent in ``text``, or None.

    None when the text is too short to tell (fewer than ``language_min_hits`` hits), when the
    best language's words make up less than ``language_min_share`` of all words (text in a
    language the lexicon does not know), or when two languages tie.
    """
    counts = word_counts(text)
    words = sum(counts.values())
    if not words:
        return None
    scores = sorted(
        ((sum(counts[w] for w in lexicon.function_words[lang]), lang) for lang in lexicon.languages),
        reverse=True,
    )
    (best, language), (second, _) = scores[0], scores[1]
    if best < lexicon.language_min_hits or best / words < lexicon.language_min_share:
        return None
    return language if best > second else None


def title_language(title: str, lexicon: Lexicon) -> str | None:
    """The language of the lexicon title phrase ``title`` starts with; None if it starts with none.

    The phrase decides because the rest of a title is the authority's name, which says little:
    "Perfil de Gobernanza Migratoria: Municipio de Bucaramanga", on a page with English
    furniture, is Spanish. (The classifier takes a line for the title by this same test.)
    """
    return title_key_language(heading_key(title), lexicon)


def title_key_language(key: str, lexicon: Lexicon) -> str | None:
    """:func:`title_language` of a line already folded by ``heading_key``."""
    for prefix in lexicon.title_prefixes.candidates(key):  # longest first
        if key == prefix or key.startswith(prefix + " "):
            return lexicon.title_languages[prefix]
    return None
