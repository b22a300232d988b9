"""Candidate names: runs of capitalised words, and how they split into names.

A run is capitalised words joined by the function words names may contain
("Department of Culture, Youth and Sport"). A run can hold
several names: coordinated ("la Oficina de Turismo y la Dirección de Obras"),
nested ("Youth Unit ... of the Rivertown Ombudsman's Office"), or both.
"""

from __future__ import annotations

from dataclasses import dataclass

from mgi_graph.extract.heads import HeadFinder
from mgi_graph.extract.lists import complement_list
from mgi_graph.extract.tokenizer import Token

_MAX_GLUE = 4  # up to three glue words: "y de la", "et de l'", "for the"; longer gaps end a name
_BREAKS = frozenset(".;:!?()[]")
_OPENERS = frozenset({"article", "prep", "contraction", "plural-contraction"})


@dataclass(frozen=True)
class Part:
    """One name inside a run: tokens ``start:end``; ``parent`` is the part it is nested in."""

    start: int
    end: int
    parent: Part | None = None


class SpanFinder:
    def __init__(self, heads: HeadFinder, known: frozenset[str]) -> None:
        self.heads = heads
        self.lexicon = heads.lexicon
        self.words = heads.lexicon.function_words
        self.role = heads.lexicon.words.role  # word roles of extract-word-roles.tsv
        self.known = known  # alias keys and abbreviations: names without a head noun
        self._tail: frozenset[int] = frozenset()  # set by runs()
        self._list_conj: set[int] = set()  # conjunctions closing a list of complements, set by runs()

    # -- runs -----------------------------------------------------------------
    def runs(self, tokens: list[Token], skip: set[int], tail: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
        """Maximal capitalised runs, leaving out tokens in ``skip`` (quoted titles); lower-case
        words in ``tail`` continue a name (sentence-case languages, see tails.py)."""
        self._tail = tail
        self._list_conj = set()
        found: list[tuple[int, int]] = []
        i = 0
        while i < len(tokens):
            if i in skip or not self._starts(tokens, i):
                i += 1
                continue
            end = self._extend(tokens, i, skip)
            start = self._trim_start(tokens, i, end)
            if start < end:
                found.append((start, end))
            i = end
        return found

    def _starts(self, tokens: list[Token], i: int) -> bool:
        token = tokens[i]
        if token.is_capitalised or token.is_acronym or self.heads.at(tokens, i) is not None:
            return True  # the last: "la loi n° 2011-08", "le ministère de la Justice"
        # "123 Social Line": a number opens a name only when a capitalised word follows
        return token.type == "number" and i + 1 < len(tokens) and tokens[i + 1].is_capitalised

    def _extend(self, tokens: list[Token], i: int, skip: set[int]) -> int:
        end = i + 1
        j = i + 1
        while j < len(tokens) and j not in skip:
            if self._name_token(tokens, i, j):
                j += 1
                end = j
                continue
            nxt = self._after_glue(tokens, i, j, skip)
            if nxt is None:
                break
            j = nxt
        return end

    def _name_token(self, tokens: list[Token], start: int, j: int) -> bool:
        token = tokens[j]
        if token.is_capitalised or token.is_acronym or j in self._tail:
            return True
        if token.type in ("number", "range", "numero"):
            # numbers belong to instrument names: "Circular 254 de 2018", "Plan 2020-2023"
            return any(h.head.category == "instrument" for h in self.heads.all(tokens, start, j))
        return False

    def _after_glue(self, tokens: list[Token], start: int, j: int, skip: set[int]) -> int | None:
        """Index of the name token after a short run of glue words at ``j``, if any."""
        law_number = j >= 2 and tokens[j - 2].type == "numero"
        if tokens[j - 1].type in ("number", "range") and not law_number:
            # a year or number closes a name, except "Circular 12 de 2019 de Pasto"; a law's
            # number does not: "Law No. 12.345 on Housing"
            if tokens[j].key not in self.role("after-number") or j + 1 >= len(tokens):
                return None
            return j + 1 if self._name_token(tokens, start, j + 1) else None
        for k in range(j, min(j + _MAX_GLUE, len(tokens))):
            token = tokens[k]
            if k in skip:
                return None
            if k > j and self._name_token(tokens, start, k):
                # after a comma only a list of complements gets this far: ", de la Coopération"
                listed = tokens[j].text == ","
                return k if k - j < 3 or listed or self._coordinated_complement(tokens, j) else None
            if token.type == "dash" and k == j:
                continue
            if token.text == "," and k == j and self._list_closed(tokens, start, k):
                continue  # "Bureau d'accueil, d'orientation et de suivi"
            if token.text == "," and k == j and k + 1 < len(tokens) and tokens[k + 1].is_capitalised:
                if self.words.get(tokens[k + 1].key) == "article":
                    return None  # ", la Asociación ..." starts a new name
                continue
            if token.is_word and not token.is_capitalised and token.key in self.words:
                if self.words[token.key] == "prep-article" and not self._article_at(tokens, k + 1):
                    return None  # "Salvadoreños en el Exterior" is one name, "Raíces en San Rafael" is not
                # after a conjunction a locative opens a second complement of the verb, not of
                # the name: "and in", "y en"; "and of", "y de la" stay inside one name
                if token.key in self.role("locative") and k > j and self.words.get(tokens[k - 1].key) == "conj":
                    return None  # "the X Council and in Y Governments": two bodies, each with its "in"
                continue
            return None
        return None

    def _list_closed(self, tokens: list[Token], start: int, comma: int) -> bool:
        """Whether a list of complements of the same name starts at ``comma`` (lists.py);
        its closing conjunction is remembered: it must not split the name in two."""
        def noun(i: int) -> bool:
            return tokens[i].is_word and self._name_token(tokens, start, i)

        def head(i: int) -> bool:
            hit = self.heads.at(tokens, i)
            return self._body_start(tokens, i) or (hit is not None and hit.head.category != "place")

        closing = complement_list(tokens, comma, self.words, noun=noun, adjective=noun, head=head)
        if closing is not None:
            self._list_conj.add(closing)
        return closing is not None

    def _body_start(self, tokens: list[Token], i: int) -> bool:
        """Whether a body without a head noun starts at ``i``: "y del PNUD", "la UNESCO"."""
        if tokens[i].is_acronym:
            return True
        # a name's alias key is its tokens' keys joined (finding.py): grown a token at a time,
        # it is checked at each length without joining and folding the words again
        key = ""
        for token in tokens[i : i + self.lexicon.longest_alias]:
            word = self.lexicon.alias_key(token.text)
            if word:
                key = f"{key} {word}" if key else word
            if key in self.known:
                return True
        return False

    def _coordinated_complement(self, tokens: list[Token], j: int) -> bool:
        """Three glue words only as a second "of" complement: "de la Justice et de l'Intérieur",
        "Oficina de Turismo y de la Cultura"; "Conference on Housing and in the Forum" is two names."""
        return self.words.get(tokens[j].key) == "conj" and tokens[j + 1].key in self.role("of-complement")

    def _article_at(self, tokens: list[Token], k: int) -> bool:
        return k < len(tokens) and self.words.get(tokens[k].key) == "article"

    def _trim_start(self, tokens: list[Token], start: int, end: int) -> int:
        """Drop a leading article ("The", "La") and a sentence-opening word that is
        only capitalised because it opens the sentence ("Through the Youth Unit")."""
        if self._sentence_start(tokens, start) and start + 1 < end and not self._is_name_word(tokens, start):
            nxt = tokens[start + 1]
            if not nxt.is_capitalised and nxt.key in self.words:
                start += 1
        while start < end and (tokens[start].key in self.words or not tokens[start].is_word) and (
            tokens[start].type != "number"
        ):
            start += 1
        if self.heads.type_word(tokens, start, end):
            start += 1  # "ONG Centro Ítalo-Brasileiro ...": the type word is not part of the name
        return start

    def _sentence_start(self, tokens: list[Token], i: int) -> bool:
        return i == 0 or tokens[i - 1].text in _BREAKS

    def _is_name_word(self, tokens: list[Token], i: int) -> bool:
        return self.heads.at(tokens, i) is not None or tokens[i].key in self.known

    # -- splitting --------------------------------------------------------------
    def split(self, tokens: list[Token], start: int, end: int) -> list[Part]:
        """The names of one run, parents before their children."""
        parts: list[Part] = []
        for a, b in self._split_coordination(tokens, start, end, strong=True):
            if self.heads.type_word(tokens, a, b):
                a += 1  # "et l'ONG Centre ...": see _trim_start
            for c, d in self._split_party(tokens, a, b):
                parts.extend(self._split_nesting(tokens, c, d, None))
        return parts

    def _split_party(self, tokens: list[Token], start: int, end: int) -> list[tuple[int, int]]:
        """An instrument and the body it is made with: "Parceria para a Mobilidade com a União
        Europeia" is an agreement and a party, not one name."""
        for k in range(start + 1, end - 1):
            if tokens[k].is_capitalised or tokens[k].key not in self.role("party"):
                continue
            right = k + 1
            while right < end - 1 and not tokens[right].is_capitalised and tokens[right].key in self.words:
                right += 1
            left = self.heads.primary(tokens, start, k)
            if left is not None and left.head.category == "instrument" and self.is_org(tokens, right, end, strict=True):
                return [(start, k), (right, end)]
        return [(start, end)]

    def _split_nesting(self, tokens: list[Token], start: int, end: int, parent: Part | None) -> list[Part]:
        end = self._trim_place_tail(tokens, start, end)
        if self._known(tokens, start, end):
            return [Part(start, end, parent)]  # "International Committee of the Red Cross" is one body
        for k in range(start + 1, end - 1):
            right = self._nest_point(tokens, k, end)
            if right is None or not self.is_org(tokens, right, end, strict=True):
                continue
            if not self._has_head_or_known(tokens, start, k) or self._one_local_government(tokens, start, k, right, end):
                continue
            outer = [p for a, b in self._split_coordination(tokens, right, end, strong=False)
                     for p in self._split_nesting(tokens, a, b, parent)]
            inner_parent = outer[0] if outer else parent
            inner = [Part(a, b, inner_parent) for a, b in self._split_coordination(tokens, start, k, strong=False)]
            return outer + inner
        return [Part(a, b, parent) for a, b in self._split_coordination(tokens, start, end, strong=False)]

    def _one_local_government(self, tokens: list[Token], start: int, k: int, right: int, end: int) -> bool:
        """"Wilaya de la Région de l'Oriental", "Conseil de la Région": a bare local-government
        head on either side of "de la" makes one body, not a body nested in another."""
        def bare(a: int, b: int) -> bool:
            hit = self.heads.at(tokens, a)
            return hit is not None and hit.length == b - a and hit.head.category == "local-government"

        inner = bare(start, k)
        outer = bare(right, end) and not any("standalone" in h.head.flags for h in self.heads.all(tokens, right, end))
        return inner or outer

    def _nest_point(self, tokens: list[Token], k: int, end: int) -> int | None:
        """Start of the outer name if a nesting preposition sits at ``k``: "of the", "de la", "del"."""
        role = self.words.get(tokens[k].key)
        if tokens[k].is_capitalised:
            return None
        if role == "contraction" and tokens[k].key not in self.role("no-nest-contraction"):
            return k + 1 if k + 1 < end else None
        if tokens[k].key in self.role("nest-of") and k + 2 < end and self.words.get(tokens[k + 1].key) == "article":
            if tokens[k + 1].key in self.role("nest-article"):
                return k + 2
        return None

    def _trim_place_tail(self, tokens: list[Token], start: int, end: int) -> int:
        """"Departamento de Fomento ... de la Comuna": a trailing generic place is not part of the name."""
        last = self.heads.at(tokens, end - 1)
        if end - start > 2 and last and last.head.category == "place" and last.length == 1:
            k = end - 1
            while k > start and not tokens[k - 1].is_capitalised and tokens[k - 1].key in self.words:
                k -= 1
            if k < end - 1:
                return k
        return end

    def _split_coordination(self, tokens: list[Token], start: int, end: int, *, strong: bool) -> list[tuple[int, int]]:
        if not strong and self._known(tokens, start, end):
            return [(start, end)]  # "United Cities and Local Governments Network" is one body
        for k in range(start + 1, end - 1):
            right = self._coordination_point(tokens, k, end, strong)
            if right is None:
                continue
            if strong or self._coordinated(tokens, start, k, right, end):
                return [(start, k)] + self._split_coordination(tokens, right, end, strong=strong)
        return [(start, end)]

    def _coordination_point(self, tokens: list[Token], k: int, end: int, strong: bool) -> int | None:
        token = tokens[k]
        is_conj = not token.is_capitalised and self.words.get(token.key) == "conj"
        if strong:
            # "y la Dirección", "et à l'Association", "e do Ministério": a conjunction, then
            # prepositions and articles, then a new name
            if not is_conj or k in self._list_conj:
                return None  # "contra el Racismo, la Discriminación y la Xenofobia": one name
            j = k + 1
            while j < end - 1 and not tokens[j].is_capitalised and self.words.get(tokens[j].key) in _OPENERS:
                j += 1
            roles = [self.words.get(t.key) for t in tokens[k + 1 : j]]
            head = self.heads.at(tokens, j)
            if roles and all(r == "article" for r in roles):
                return j if tokens[j].is_capitalised or tokens[j].is_acronym or head is not None else None
            # after a preposition only a head opens a new name: "et à l'Association", but
            # "de la Justice et de l'Intérieur", "de Coimbra e do Minho" are one name's complements
            opened = any(r in ("article", "contraction") for r in roles)
            new = (head is not None and head.head.category != "place") or self._body_start(tokens, j)
            return j if opened and new else None
        if is_conj or token.text == ",":
            return k + 1
        return None

    def _coordinated(self, tokens: list[Token], a: int, k: int, right: int, end: int) -> bool:
        """Whether "A and B" / "A, B" are two names rather than one name with "and" in it."""
        if self._known(tokens, right, end):
            return True
        left_head = self.heads.primary(tokens, a, k)
        right_head = self.heads.primary(tokens, right, end, strict=True)
        if tokens[k].text == ",":
            # "Personería de Pasto, Contraloría de Nariño": each name of a list opens
            # with its head; "Directorate of Gender, Community Services ..." is one name
            first = self.heads.at(tokens, right)
            return left_head is not None and first is not None and first.head.category != "place"
        # "Law No. 15192 of Civil and Mutual Associations" is one name: the left side
        # must end in its own head noun to stand alone ("Ministerio de Vivienda y
        # Territorio" ends in a complement's head: one name)
        last = self.heads.at(tokens, k - 1)
        own = left_head is not None and last is not None and last.index == left_head.index
        return own and last is not None and last.head.category != "place" and right_head is not None

    # -- tests on parts -------------------------------------------------------
    def is_org(self, tokens: list[Token], start: int, end: int, *, strict: bool) -> bool:
        if self._known(tokens, start, end):
            return True
        head = self.heads.primary(tokens, start, end, strict=strict)
        return head is not None and head.head.category in ("org", "local-government")

    def _known(self, tokens: list[Token], start: int, end: int) -> bool:
        return self.lexicon.alias_key(" ".join(t.text for t in tokens[start:end])) in self.known

    def _has_head_or_known(self, tokens: list[Token], start: int, end: int) -> bool:
        return self.heads.primary(tokens, start, end) is not None
