"""Demonstrative sources: "ces mêmes sources", "ce diplomate chevronné".

A demonstrative noun phrase points back: to the unnamed source described
before with the same head noun ("des sources proches des négociations" …
"d'après ces mêmes sources"), or, for a singular person noun, to the
person the article has just named ("Lucien Ferrand-Oduya. Ce diplomate
chevronné …").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from spacy.tokens import Span, Token

DEMONSTRATIVES = frozenset({"ce", "cet", "cette", "ces"})
S = TypeVar("S")


def head_noun(span: Span) -> Token | None:
    """The first noun of a description ("ces mêmes sources" -> "sources")."""
    return next((t for t in span if t.pos_ == "NOUN"), None)


def head_lemma(span: Span) -> str | None:
    t = head_noun(span)
    return t.lemma_.lower() if t is not None else None


def is_demonstrative(span: Span) -> bool:
    return len(span) > 1 and span[0].lower_ in DEMONSTRATIVES


def demonstrative_gender(span: Span) -> str | None:
    first = span[0].lower_
    return {"cette": "Fem", "ce": "Masc", "cet": "Masc"}.get(first)


def antecedent(
    span: Span,
    described: Sequence[tuple[int, str, S]],
    people: Callable[[int, str | None], S | None],
    person_nouns: frozenset[str],
) -> S | None:
    """What a demonstrative description refers to, or None.

    ``described``: (position, head lemma, speaker) of earlier unnamed sources;
    ``people(before, gender)``: the latest person agreeing in gender."""
    if not is_demonstrative(span):
        return None
    lemma = head_lemma(span)
    if lemma is None:
        return None
    for pos, head, sp in reversed(described):
        if pos < span.start_char and head == lemma:
            return sp
    noun = head_noun(span)
    plural = noun is not None and "Plur" in noun.morph.get("Number", [])
    if not plural and (lemma in person_nouns or (noun is not None and noun.lower_ in person_nouns)):
        return people(span.start_char, demonstrative_gender(span))
    return None
