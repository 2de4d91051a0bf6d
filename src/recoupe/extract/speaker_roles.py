"""The roles an article gives its people, for resolving "le ministre".

"le président russe Vladimir Poutine", "Le secrétaire général de l'OTAN,
Mark Rutte", "Rutte, secrétaire général de …": each PER mention with a role
phrase beside it gives (role words, position, person). Word lists are data
files in ``recoupe/data``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files

from spacy.tokens import Doc, Span, Token

from recoupe.records import Entity, Mention


@lru_cache(maxsize=4)
def load_word_list(name: str) -> frozenset[str]:
    """Words of ``recoupe/data/<name>`` (one a line, ``#`` comments)."""
    text = files("recoupe.data").joinpath(name).read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


ROLE_NOUNS = load_word_list("quotes_roles.txt")
SOURCE_NOUNS = load_word_list("quotes_sources.txt")


ROLE_NOUNS = load_word_list("quotes_roles.txt")
SOURCE_NOUNS = load_word_list("quotes_sources.txt")


def adjective_like(t: Token) -> bool:
    """A lower-case "verb" the tagger made of an unknown adjective
    ("la Première ministre aldarienne"): non-finite, or hanging on a noun
    with no subject of its own."""
    if t.pos_ != "VERB" or not t.is_lower:
        return False
    if "Fin" not in t.morph.get("VerbForm", []):
        return True
    return t.dep_ in ("acl", "amod") and not any(c.dep_.startswith("nsubj") for c in t.children)


def role_words(tokens: Sequence[Token] | Span) -> frozenset[str]:
    return frozenset(t.lemma_.lower() for t in tokens if t.pos_ in ("NOUN", "ADJ", "PROPN") or t.is_title)


def role_head(tokens: Sequence[Token] | Span) -> str | None:
    for t in tokens:
        if t.is_punct or t.pos_ in ("DET", "ADP"):
            continue
        low = t.lower_
        if low in ROLE_NOUNS or t.lemma_.lower() in ROLE_NOUNS:
            return t.lemma_.lower() if t.lemma_.lower() in ROLE_NOUNS else low
        if t.pos_ != "ADJ" and low not in ("ancien", "ancienne", "nouveau", "nouvelle", "haut", "haute"):
            return None
    return None


ROLE_POS = frozenset({"NOUN", "ADJ", "PROPN", "DET", "ADP"})


def role_map(doc: Doc, mentions: Sequence[tuple[Mention, Entity]]) -> list[tuple[frozenset[str], int, Entity]]:
    """Roles the article gives its people: "le président russe Vladimir Poutine",
    "Le secrétaire général de l'OTAN, Mark Rutte", "Rutte, secrétaire général de ..."."""
    out: list[tuple[frozenset[str], int, Entity]] = []
    for m, e in mentions:
        if e.type != "PER":
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        i = span.start - 1
        if i >= 0 and doc[i].text == ",":
            i -= 1
        left: list[Token] = []
        while i >= 0 and len(left) < 9 and not doc[i].is_punct and (doc[i].pos_ in ROLE_POS or adjective_like(doc[i])):
            left.insert(0, doc[i])
            i -= 1
        for k in range(len(left)):
            if role_head(left[k:]) is not None:
                out.append((role_words(left[k:]), m.start, e))
                break
        j = span.end
        if j < len(doc) and doc[j].text == ",":
            right: list[Token] = []
            j += 1
            while j < len(doc) and len(right) < 9 and doc[j].text not in (",", ".", ";", "\n"):
                right.append(doc[j])
                j += 1
            if right and role_head(right) is not None:
                out.append((role_words(right), m.start, e))
    return out
