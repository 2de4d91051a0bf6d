"""Phrase-level repairs: where a name starts and ends around spaCy's span.

- a geographic feature noun with "de" is part of the place's name: "le
  golfe de Gascogne", "la mer d'Azov" (spaCy often keeps only the name);
- a quantified description is not a name: "onze États riverains de la mer
  d'Azov" keeps only the place after "de".

Joins of whole candidates ("le Conseil des ministres", "l'Institut d'études
maritimes de Brest") are in :mod:`recoupe.extract.entity_joins`.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from recoupe.extract.entity_lexicons import EntityLexicons

OF = frozenset({"de", "d'", "du", "des"})
OF_ARTICLES = frozenset({"la", "l'"})


def lower(tok: Token) -> str:
    return tok.lower_.replace("’", "'")


def _prev(tok: Token) -> Token | None:
    return tok.doc[tok.i - 1] if tok.i > 0 and not tok.doc[tok.i - 1].is_space else None


def is_feature_phrase(toks: list[Token], lex: EntityLexicons) -> bool:
    """ "golfe de Morève", "Mer d'Azov": a feature noun, "de", a capitalised name."""
    return len(toks) >= 3 and lower(toks[0]) in lex.features and lower(toks[1]) in OF and toks[2].text[:1].isupper()


def extend_feature(toks: list[Token], lex: EntityLexicons) -> list[Token]:
    """ "banc de [Morève]" -> the tokens of "banc de Morève"."""
    if not toks or not toks[0].text[:1].isupper():
        return toks
    of = _prev(toks[0])
    head = _prev(of) if of is not None else None
    if of is not None and head is not None and lower(of) in OF and lower(head) in lex.features:
        return [head, of, *toks]
    return toks


def quantified(toks: list[Token], is_common: Callable[[str], bool]) -> bool:
    """ "onze États riverains", "27 États membres": a number before a common noun."""
    before = _prev(toks[0]) if toks else None
    return (
        before is not None
        and (before.like_num or before.pos_ == "NUM")
        and is_common(lower(toks[0]))
        and not toks[0].text.isupper()
    )


def after_first_of(toks: list[Token]) -> list[Token]:
    """ "États riverains de la mer d'Azov" -> the tokens of "mer d'Azov"."""
    for i, tok in enumerate(toks):
        if lower(tok) in OF:
            rest = toks[i + 1 :]
            while rest and lower(rest[0]) in OF_ARTICLES:
                rest = rest[1:]
            return rest
    return []
