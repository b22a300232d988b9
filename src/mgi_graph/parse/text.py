"""Raw bytes -> normalised lines, and the folding used to compare headings.

Normalisation policy (kept in one place so every stage agrees):
- line endings: CRLF, CR and LF all end a line; line numbers count them the way an editor does;
- a leading byte-order mark is dropped;
- non-breaking and other fixed-width spaces become plain spaces *everywhere*, finding text
  included: on web pages they are typography (e.g. before a French colon), not content, and
  downstream stages match names with plain spaces. The raw bytes survive only in ``sha256``;
- nothing else inside a line is changed, so a finding keeps its text verbatim.
"""

from __future__ import annotations

import os
import re
import stat
from collections import Counter
from functools import lru_cache
from pathlib import Path

from mgi_graph.errors import ProfileParseError
from mgi_graph.slug import fold, word_runs

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# NBSP, narrow NBSP, figure space, and the other Zs spaces a browser copy can leave behind.
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_APOSTROPHES = re.compile("[\u2019\u2018\u02bc\u00b4`]")
_BOM = "\ufeff"
_ASCII_RUNS = re.compile("[0-9a-z']+")  # slug.word_runs of ASCII text, for heading_key
_LETTER_RUNS = re.compile(r"[^\W\d_]+")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_KEY_CHARACTERS = "0-9a-z'"  # the ASCII characters of a heading_key word


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def read_profile_bytes(path: Path) -> bytes:
    """The bytes of the profile file ``path``; ProfileParseError when it cannot be read or is
    not a regular file, decided before reading: a FIFO would block until something writes to
    it, a device might never end."""
    try:
        # O_NONBLOCK: opening a FIFO does not wait for a writer (it changes nothing for files).
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        if path.is_symlink():
            raise ProfileParseError(str(path), f"a symbolic link to {os.readlink(path)}, which cannot be read "
                                    f"({exc.strerror}); fix or remove the link") from exc
        raise ProfileParseError(str(path), f"cannot read file ({exc.strerror}); check the path") from exc
    mode = os.fstat(handle).st_mode
    if not stat.S_ISREG(mode):
        os.close(handle)
        kind = next((name for test, name in _KINDS if test(mode)), "not a file")
        raise ProfileParseError(str(path), f"not a regular file ({kind}); a profile is a UTF-8 text file")
    with os.fdopen(handle, "rb") as stream:
        try:
            return stream.read()
        except OSError as exc:
            raise ProfileParseError(str(path), f"cannot read file ({exc.strerror}); check the path") from exc


def decode_profile(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) bytes -> text; raises ProfileParseError for anything else."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ProfileParseError(source, "file is UTF-16 encoded; re-save it as UTF-8", 1)
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise ProfileParseError(
            source,
            "binary file (NUL byte found): expected a plain-text MGI profile; "
            "save the page as text (UTF-8), not as PDF/Word",
            line,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ProfileParseError(
            source,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8",
            line,
        ) from exc
    text = text.removeprefix(_BOM)
    if not text.strip():
        raise ProfileParseError(
            source, "empty file: it holds no text; save the full MGI profile page as UTF-8 text"
        )
    return text


def split_lines(text: str) -> list[str]:
    """Lines of ``text`` with any line ending removed and odd spaces made plain."""
    # one pass over the text: no odd space ends a line
    return _LINE_BREAK.split(normalise_spaces(text.removeprefix(_BOM)))


def normalise_spaces(text: str) -> str:
    return _ODD_SPACES.sub(" ", text)


@lru_cache(maxsize=1 << 16)
def heading_key(text: str) -> str:
    """Fold ``text`` for comparing with lexicon phrases.

    Lower case, no accents, straight apostrophes, every other punctuation mark (colons,
    hyphens, parentheses, commas) a space, runs of spaces collapsed: so that
    'BIENESTAR SOCIOECONÓMICO ... (Y LA SOCIEDAD):' and 'Whole-of-government approach'
    meet their lexicon entries. Letters of non-Latin scripts are kept (slug.word_runs).
    Memoised: the place search compares the same words with every head phrase.
    """
    if text.isascii():
        # what _folded_key does to ASCII text: the odd spaces, the other apostrophes and the
        # accents are not ASCII, and ASCII folds by case alone
        return " ".join(_ASCII_RUNS.findall(text.replace("`", "'").casefold()))
    return _folded_key(text)


def _folded_key(text: str) -> str:
    folded = fold(_APOSTROPHES.sub("'", normalise_spaces(text)))
    if not folded.isascii():
        # Folding leaves few characters that are not ASCII ('–', '“', '•'), but word_runs then
        # looks at every character of the line. Those it would make a space are made one
        # here: most lines become ASCII, which it splits with one regex.
        folded = _NON_ASCII.sub(_kept_or_space, folded)
    return " ".join(word_runs(folded, _KEY_CHARACTERS))


def _kept_or_space(match: re.Match[str]) -> str:
    return match.group() if _in_words(match.group()) else " "


@lru_cache(maxsize=4096)
def _in_words(char: str) -> bool:
    """Whether word_runs keeps ``char`` (not ASCII) as part of a word: the letters of other scripts."""
    return bool(word_runs(char, _KEY_CHARACTERS))


def word_counts(text: str) -> Counter[str]:
    """Lower-cased words (accents kept), each with how often it occurs, for language detection.

    The runs of letters of the text, counted from its whitespace-separated tokens: most tokens
    are one word as they stand (all letters), and a regex over the whole text would make a
    match object for every word. Only the other tokens ('(MGI),', "l'État") are split into runs.
    """
    counts = Counter(text.casefold().split())
    for token in [token for token in counts if not token.isalpha()]:
        occurrences = counts.pop(token)
        for word in _LETTER_RUNS.findall(token):
            counts[word] += occurrences
    return counts
