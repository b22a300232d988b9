"""Coordinated names under one plural head noun.

"the Ministries of Justice and Labour" names two bodies, the Ministry of
Justice and the Ministry of Labour; so do "las Secretarías de Cultura y
Turismo", "les ministères de la Justice et de l'Intérieur" and "as
Universidades de Coimbra e do Minho". The canonical names take the head's
singular form from the lexicon; each conjunct keeps its own preposition or
borrows the first one's ("Turismo" -> "Secretaría de Turismo").
"""

from __future__ import annotations

from mgi_graph.extract.heads import HeadHit
from mgi_graph.extract.resolve import clean
from mgi_graph.extract.tokenizer import Token

_OPENERS = frozenset({"prep", "contraction", "plural-contraction"})


def distribute(text: str, tokens: list[Token], start: int, end: int, head: HeadHit, words: dict[str, str],
               of: str) -> list[tuple[str, str]]:
    """(surface, canonical name) of each body ``tokens[start:end]`` names, or [] if it names one;
    ``of`` is the profile language's "of", for a conjunct without its own preposition.

    Only a plural head that opens the name and is followed by a preposition
    distributes: "Community Integration Centres" and "múltiples Secretarías" do not.
    """
    body = head.index + head.length
    if not head.plural or head.index != start or head.head.category != "org" or body >= end:
        return []
    if words.get(tokens[body].key) not in _OPENERS:
        return []
    cuts = [k for k in range(body + 1, end)
            if tokens[k].text == "," or (not tokens[k].is_capitalised and words.get(tokens[k].key) == "conj")]
    if not cuts:
        return []
    singular = clean(head.head.form)
    shared = tokens[body].text if words.get(tokens[body].key) == "prep" else of
    found = []
    a = body
    for b in [*cuts, end]:
        while a < b and (tokens[a].text == "," or words.get(tokens[a].key) == "conj"):
            a += 1  # ", and Labour": the list's own glue
        if a >= b:
            continue
        complement = clean(text[tokens[a].start : tokens[b - 1].end])
        own = words.get(tokens[a].key) in _OPENERS
        name = f"{singular} {complement}" if own else f"{singular} {shared} {complement}"
        first = start if a == body else a
        found.append((" ".join(text[tokens[first].start : tokens[b - 1].end].split()), name))
        a = b
    return found if len(found) > 1 else []
