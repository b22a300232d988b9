"""The extraction lexicons (``lexicon/extract-*.tsv``) as plain lookup tables.

Everything language-specific lives in those files, so a new language or a
missed head noun is a data change, not a code change (docs/adding-a-language.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib.resources.abc import Traversable
from pathlib import Path

from mgi_graph.extract.tokenizer import Tokenizer
from mgi_graph.packaged import resource_dir
from mgi_graph.slug import norm


@lru_cache(maxsize=1 << 14)
def alias_key(text: str, articles: frozenset[str], elisions: str) -> str:
    """The lookup key of an alias-table name: ``norm`` with hyphens as spaces and the
    definite ``articles`` dropped; an elided word is cut off as the tokenizer cuts it.

    Names of international bodies vary in exactly these ways across texts:
    "Haut-Commissariat" / "Haut Commissariat", "para os Refugiados" / "para Refugiados".
    ``elisions`` is a regex alternation of the elided words ("l|d").
    """
    text = norm(text).replace("-", " ")
    text = re.sub(rf"\b({elisions})'\s*", r"\1' ", text)  # "l'enfance" -> "l' enfance"
    return " ".join(w for w in text.split() if w not in articles)


@dataclass(frozen=True)
class Tails:
    """Sentence-case name tails of one language (``extract-tails.tsv``)."""

    suffixes: dict[str, str]  # lower-case ending -> adjective | participle
    words: dict[str, str]  # lower-case word -> stop | verb | prenominal | prep
    prefixes: frozenset[str] = frozenset()  # a word opening so is an adjective: "multi" -> multirisque

    def __bool__(self) -> bool:
        return bool(self.suffixes or self.words)


@dataclass(frozen=True)
class Head:
    form: str
    lang: str
    category: str  # org | local-government | instrument | place
    kind: str
    flags: frozenset[str]

    # Cached: head lookups compare these with the tokens at every word of a finding.
    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(norm(self.form).split())

    @cached_property
    def lower_words(self) -> tuple[bool, ...]:
        """Per word of the form, whether the form writes it in lower case ("Hoja de Ruta")."""
        return tuple(w[0].islower() for w in self.form.split())


@dataclass(frozen=True)
class Trigger:
    word: str
    lang: str
    kind: str
    where: str  # before | after
    mode: str  # title | phrase


@dataclass(frozen=True)
class Marker:
    words: tuple[str, ...]
    lang: str
    effect: str
    position: str


@dataclass(frozen=True)
class Alias:
    key: str
    kind: str
    labels: dict[str, str]  # language -> preferred label
    names: frozenset[str]  # every normalised name


@dataclass(frozen=True)
class Words:
    """The words the rules single out (``extract-word-roles.tsv``), every language's together."""

    roles: dict[str, frozenset[str]]  # role -> normalised words
    of: dict[str, str]  # language -> its "of": "Alcaldía de Pasto"
    plurals: tuple[tuple[str, str], ...]  # (plural ending, singular ending), in file order

    def role(self, name: str) -> frozenset[str]:
        return self.roles.get(name, frozenset())

    @cached_property
    def articles(self) -> frozenset[str]:
        return self.role("definite-article")

    @cached_property
    def elided(self) -> str:
        """The elisions as a regex alternation ("l|d"), for :func:`alias_key`."""
        return "|".join(re.escape(w) for w in sorted(self.role("elision"))) or "(?!)"

    def of_word(self, language: str) -> str:
        """The language's "of"; English's for a language the lexicon gives none."""
        return self.of.get(language) or self.of.get("en", "of")


@dataclass(frozen=True)
class Lexicon:
    heads: tuple[Head, ...]
    function_words: dict[str, str]  # word -> role
    triggers: tuple[Trigger, ...]
    year_cues: dict[str, tuple[tuple[str, ...], ...]]  # where -> cue word sequences
    markers: tuple[Marker, ...]
    aliases: dict[str, Alias] = field(default_factory=dict)  # alias_key(name) -> alias
    tails: dict[str, Tails] = field(default_factory=dict)  # language -> its name tails
    words: Words = field(default_factory=lambda: Words({}, {}, ()))
    tokenizer: Tokenizer = field(default_factory=lambda: Tokenizer((), ()))
    longest_alias: int = 0  # tokens in the longest alias-table name: no alias is looked up past it

    def heads_for(self, language: str) -> tuple[Head, ...]:
        """Heads usable in a profile of ``language``: its own, and foreign ones that are
        not marked ``strict`` (Spanish names occur in English profiles, but Spanish
        "Red" must not fire on English "red")."""
        return tuple(h for h in self.heads if h.lang == language or "strict" not in h.flags)

    @cached_property
    def alias_prefixes(self) -> frozenset[str]:
        """Every alias key and each of its leading runs of words ("" included): the keys a
        longer name may still grow into."""
        return frozenset(" ".join(words[:n]) for words in (k.split() for k in self.aliases)
                         for n in range(len(words) + 1))

    @cached_property
    def year_cues_by_length(self) -> dict[str, tuple[tuple[int, frozenset[tuple[str, ...]]], ...]]:
        """``year_cues`` grouped by length, longest first: years.py looks the words before or
        after a year up once per length instead of comparing them with every cue."""
        return {where: tuple((n, frozenset(c for c in cues if len(c) == n))
                             for n in sorted({len(c) for c in cues}, reverse=True))
                for where, cues in self.year_cues.items()}

    @cached_property
    def law_heads(self) -> frozenset[tuple[str, ...]]:
        """The words of the instrument heads of kind ``law`` ("ley", "decreto"), for years.py."""
        return frozenset(h.words for h in self.heads if h.category == "instrument" and h.kind == "law")

    def alias(self, name: str) -> Alias | None:
        return self.aliases.get(self.alias_key(name))

    def alias_key(self, name: str) -> str:
        return alias_key(name, self.words.articles, self.words.elided)

    def tails_for(self, language: str) -> Tails:
        return self.tails.get(language) or Tails({}, {})


def _rows(folder: Traversable, name: str) -> list[list[str]]:
    rows = []
    for line in (folder / name).read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _load_words(folder: Traversable) -> Words:
    roles: dict[str, set[str]] = {}
    of: dict[str, str] = {}
    for word, lang, role in (r[:3] for r in _rows(folder, "extract-word-roles.tsv")):
        roles.setdefault(role, set()).add(norm(word))
        if role == "of":
            of.setdefault(lang, word)
    plurals = tuple((r[0], r[2] if len(r) > 2 else "") for r in _rows(folder, "extract-plurals.tsv"))
    return Words({role: frozenset(words) for role, words in roles.items()}, of, plurals)


def _load_aliases(folder: Traversable, words: Words) -> dict[str, Alias]:
    grouped: dict[str, list[list[str]]] = {}
    for row in _rows(folder, "extract-aliases.tsv"):
        grouped.setdefault(row[0], []).append(row)
    aliases: dict[str, Alias] = {}
    for key, rows in grouped.items():
        labels = {r[2]: r[3] for r in rows if len(r) > 4 and r[4] == "pref"}
        alias = Alias(key, rows[0][1], labels, frozenset(alias_key(r[3], words.articles, words.elided) for r in rows))
        for name in alias.names:
            aliases[name] = alias
    return aliases


def _longest_alias(folder: Traversable, tokenizer: Tokenizer) -> int:
    return max((len(tokenizer.tokenize(r[3])) for r in _rows(folder, "extract-aliases.tsv")), default=0)


def _load_tails(folder: Traversable) -> dict[str, Tails]:
    found: dict[str, Tails] = {}
    for form, lang, role in (r[:3] for r in _rows(folder, "extract-tails.tsv")):
        tails = found.setdefault(lang, Tails({}, {}))
        if role == "prefix":
            found[lang] = replace(tails, prefixes=tails.prefixes | {form.lower()})
            continue
        table = tails.suffixes if role in ("adjective", "participle") else tails.words
        # not folded: "-é" (a participle) must not match every "-e"; "à" is not "a" (has)
        table[form.lower()] = role
    return found


@lru_cache(maxsize=4)
def load_lexicon(folder: Path | None = None) -> Lexicon:
    """Read the lexicon files of ``folder`` (the packaged ``lexicon/`` by default) once:
    they are package data and never change at run time."""
    source: Traversable = folder or resource_dir("lexicon")
    heads = tuple(
        Head(r[0], r[1], r[2], r[3], frozenset(f for f in (r[4] if len(r) > 4 else "").split(",") if f))
        for r in _rows(source, "extract-heads.tsv")
    )
    function_words = {norm(r[0]): r[2] for r in _rows(source, "extract-function-words.tsv")}
    triggers = tuple(Trigger(norm(r[0]), r[1], r[2], r[3], r[4]) for r in _rows(source, "extract-triggers.tsv"))
    cues: dict[str, set[tuple[str, ...]]] = {}
    for r in _rows(source, "extract-years.tsv"):
        cues.setdefault(r[2], set()).add(tuple(norm(r[0]).split()))
    markers = tuple(Marker(tuple(norm(r[0]).split()), r[1], r[2], r[3]) for r in _rows(source, "extract-markers.tsv"))
    words = _load_words(source)
    tokenizer = Tokenizer(words.role("elision"), words.role("glued"))
    return Lexicon(
        heads=heads,
        function_words=function_words,
        triggers=triggers,
        year_cues={k: tuple(sorted(v, key=len, reverse=True)) for k, v in cues.items()},
        markers=markers,
        aliases=_load_aliases(source, words),
        tails=_load_tails(source),
        words=words,
        tokenizer=tokenizer,
        longest_alias=_longest_alias(source, tokenizer),
    )
