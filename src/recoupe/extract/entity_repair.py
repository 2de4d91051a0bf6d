"""Mention repair: turn spaCy's raw entity spans into trustworthy candidates.

spaCy's French NER is trained on Wikipedia; on news it glues date words to
names, tags sentence-initial participles and role descriptions, and keeps
elided articles. Each rule here is general: token shape, the model's own
lexicon of common words, the gazetteer, and the word lists in ``data/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from recoupe.extract.entity_lexicons import EntityLexicons
from recoupe.extract.entity_phrases import after_first_of, extend_feature, is_feature_phrase, quantified
from recoupe.extract.entity_words import (
    ACRONYM,
    ARTICLES,
    CAPITAL_ARTICLES,
    COORDINATORS,
    EVIDENCE_WEIGHT,
    FUNCTION_WORDS,
    LABELS,
    LEADER_NOUNS,
    NAME_PARTICLES,
    PLURAL_DETERMINERS,
    PREPOSITIONS,
    STRONG_WEIGHT,
)
from recoupe.extract.gazetteer import GazEntry, Gazetteer


@dataclass(slots=True)
class Candidate:
    """A repaired mention: character offsets into ``doc.text``."""

    start: int
    end: int
    text: str
    label: str
    gaz: GazEntry | None = None
    weak: bool = False  # a weak gazetteer alias ("Alliance"): kept only if its entity is named
    elided: bool = False  # an article or elision was stripped from the front
    common: bool = False  # one capitalised common word: kept only if the doc names it otherwise
    as_actor: bool = False
    weight: int = 1  # votes for the entity's type


def lower(tok: Token) -> str:
    return tok.lower_.replace("’", "'")


def _pieces(ent: Span) -> Iterator[list[Token]]:
    """The entity's tokens, split where a line break or a space token falls."""
    piece: list[Token] = []
    for tok in ent:
        if tok.is_space or "\n" in tok.text:
            if piece:
                yield piece
            piece = []
        else:
            piece.append(tok)
    if piece:
        yield piece


def _trim(toks: list[Token], lex: EntityLexicons, gaz: Gazetteer, label: str) -> tuple[list[Token], bool]:
    """Strip leading articles/titles/date words and trailing dates/punctuation."""
    elided = False
    while len(toks) > 1:
        if gaz.lookup(_text(toks)) is not None:
            break
        w = lower(toks[0])
        if label == "PER" and toks[0].text in CAPITAL_ARTICLES and gaz.lookup(_text(toks[1:])) is None:
            break  # "Le Pen", "La Fontaine": part of a surname (but "Le Kremlin" is not)
        if w in ARTICLES or w in lex.titles or w in lex.datewords or toks[0].is_punct:
            elided = elided or w in ARTICLES
            toks = toks[1:]
        elif w in lex.stopwords and toks[0].is_sent_start:
            toks = toks[1:]
        else:
            break
    while toks and (toks[-1].is_punct or lower(toks[-1]) in lex.datewords or lower(toks[-1]) in ARTICLES):
        if len(toks) == 1 and not toks[-1].is_punct:
            break
        toks = toks[:-1]
    if len(toks) == 1 and lower(toks[0]) in ARTICLES:
        return [], elided
    return toks, elided


def _text(toks: list[Token]) -> str:
    """The text of contiguous tokens (``doc.text`` is rebuilt on every access)."""
    return "".join(t.text_with_ws for t in toks[:-1]) + toks[-1].text


def _cand(toks: list[Token], label: str, gaz: GazEntry | None = None, **kw: Any) -> Candidate:
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    label = gaz.type if gaz is not None else label
    return Candidate(start, end, _text(toks), label, gaz, **kw)


def _after_role(toks: list[Token]) -> list[Token]:
    """ "Secrétaire général de l'OTAN" -> the tokens of "OTAN" (or [])."""
    for i in range(len(toks) - 1, 0, -1):
        if lower(toks[i]) in PREPOSITIONS:
            rest = toks[i + 1 :]
            while rest and lower(rest[0]) in ARTICLES:
                rest = rest[1:]
            return rest if rest and rest[0].text[:1].isupper() else []
    return []


def _is_demonym(toks: list[Token], gaz: Gazetteer) -> bool:
    """ "les Ukrainiens", "des Nord-Coréens": a plural capitalised people name."""
    if any(t.is_space for t in toks) or any(t.whitespace_ for t in toks[:-1]):
        return False
    text = _text(toks)
    first = toks[0]
    prev = first.nbor(-1) if first.i > 0 else None
    return (
        text[:1].isupper()
        and text.endswith("s")
        and prev is not None
        and lower(prev) in PLURAL_DETERMINERS
        and gaz.lookup(text) is None
    )


def _content_words(toks: list[Token]) -> list[str]:
    return [lower(t) for t in toks if not t.is_punct and lower(t) not in NAME_PARTICLES]


def _all_common(toks: list[Token], lex: EntityLexicons, is_common: Callable[[str], bool]) -> bool:
    words = _content_words(toks)
    return bool(words) and all(is_common(w) or w in lex.stopwords or w in lex.datewords for w in words)


def _reclassify(toks: list[Token], label: str, lex: EntityLexicons, is_common: Callable[[str], bool]) -> str:
    words = [t for t in toks if not t.is_punct]
    if len(words) > 1 and lower(words[0]) in lex.org_heads:
        return "ORG"
    full_person = label == "PER" and len(words) > 1  # "le groupe emploie Paul Martin"
    if not full_person and _org_noun_before(toks[0], lex.org_heads - LEADER_NOUNS):
        return "ORG"  # "la société Norvalis", "le groupe Ardentis"
    if len(toks) == 1 and label == "MISC" and ACRONYM.match(toks[0].text) and not is_common(lower(toks[0])):
        return "ORG"
    if len(words) == 1 and label == "PER" and _conj_with_place(words[0]):
        return "LOC"  # "menés par Washington et Moscou"
    return label


def _org_noun_before(tok: Token, heads: frozenset[str]) -> bool:
    """An organisation noun just before a name, over lowercase adjectives:
    "la société Norvalis", "la start-up nantaise Kelvora"."""
    before = tok.doc[max(0, tok.i - 8) : tok.i].text
    words = re.findall(r"[\w-]+|[^\w\s]", before)[-3:]
    for word in reversed(words):
        w = word.lower()
        if not word.islower() or w in ARTICLES or w in FUNCTION_WORDS:
            return False
        if w in heads:
            return True
    return False


def _conj_with_place(tok: Token) -> bool:
    """ "Washington et Moscou", "entre Kiev et Washington": coordinated with a place."""
    linked = [t for t in tok.children if t.dep_ == "conj"]
    if tok.dep_ == "conj":
        linked.append(tok.head)
    if linked:
        return all(t.ent_type_ == "LOC" for t in linked)
    doc, i = tok.doc, tok.i
    after = i + 2 < len(doc) and doc[i + 1].lower_ in COORDINATORS and doc[i + 2].ent_type_ == "LOC"
    before = i >= 2 and doc[i - 1].lower_ in COORDINATORS and doc[i - 2].ent_type_ == "LOC"
    return after or before


def resolve(  # noqa: C901 - one decision list, read top to bottom
    toks: list[Token],
    label: str,
    *,
    gaz: Gazetteer,
    lex: EntityLexicons,
    is_common: Callable[[str], bool],
    elided: bool = False,
) -> list[Candidate]:
    """Decide what a trimmed span is: a gazetteer name, a role description
    hiding a name, several names glued together, noise, or a new name."""
    if not toks:
        return []
    words = [t for t in toks if not t.is_punct]
    if not words or not any(ch.isupper() for t in words for ch in t.text):
        return []  # "valmérien": a lowercase word is never a name
    if is_feature_phrase(words, lex):  # "golfe de Gascogne", "Banc de Morève"
        return [_cand(toks, "LOC", gaz.lookup(_text(toks)), elided=elided, weight=STRONG_WEIGHT)]
    if label != "PER" and quantified(toks, is_common):  # "onze États riverains de la mer d'Azov"
        inner = after_first_of(toks)
        found = resolve(inner, label, gaz=gaz, lex=lex, is_common=is_common) if inner else []
        return [c for c in found if c.gaz is not None or not c.common]
    if len(words) == 1 and lower(words[0]) in lex.directions:
        return []  # "la flotte du Nord"
    if lower(words[0]) in lex.roles and len(words) > 1:
        inner = _after_role(toks)  # "Secrétaire général de l'OTAN" -> "OTAN"
        role_label = label if label in ("ORG", "LOC") else "ORG"
        found = resolve(inner, role_label, gaz=gaz, lex=lex, is_common=is_common, elided=True) if inner else []
        return [c for c in found if c.gaz is not None or not c.common]
    if words[0].text[:1].islower():
        if lower(words[0]) in lex.org_heads and len(words) > 1 and lower(words[0]) not in LEADER_NOUNS:
            return [_cand(toks, "ORG")]  # "ministère russe des Affaires étrangères"
        rest = toks[toks.index(words[0]) + 1 :]  # "gouvernement Bayrou" -> "Bayrou"
        while rest and (rest[0].text[:1].islower() or rest[0].is_punct):
            rest = rest[1:]
        if rest or is_common(lower(words[0])) or lower(words[0]) in NAME_PARTICLES:
            found = resolve(rest, label, gaz=gaz, lex=lex, is_common=is_common, elided=elided)
            return [c for c in found if c.gaz is not None or not c.common]
    text = _text(toks)
    hit = gaz.lookup(text)
    if hit is not None:
        return [_cand(toks, label, hit, elided=elided)]
    if len(words) > 1 and all(t.text.isupper() for t in words if t.is_alpha):
        # an all-caps headline: keep the words that are not common French words
        names = [t for t in words if not is_common(lower(t)) and lower(t) not in lex.stopwords]
        names = [t for t in names if lower(t) not in NAME_PARTICLES]
        return [c for t in names for c in resolve([t], label, gaz=gaz, lex=lex, is_common=is_common)]
    if len(words) > 1 and toks[-1].text[:1].islower():
        head = gaz.lookup(_text(toks[:-1]))
        if head is not None:  # "Département d'État américain"
            return [_cand(toks[:-1], label, head, elided=elided)]
    if len(words) > 1 and all(gaz.lookup(t.text) is not None for t in words):
        return [_cand([t], label, gaz.lookup(t.text)) for t in words]  # "Poutine Ukraine OTAN"
    weak = gaz.weak_lookup(text)
    if weak is not None:
        return [_cand(toks, label, weak, weak=True, elided=elided)]
    if len(words) == 1 and (lower(words[0]) in lex.stopwords or lower(words[0]) in lex.datewords):
        return []
    if _is_demonym(toks, gaz):
        return []
    new_label = _reclassify(toks, label, lex, is_common)
    if new_label != label:  # a rule's evidence outweighs the model's guess in the entity's vote
        label = new_label
        return [_cand(toks, label, elided=elided, weight=EVIDENCE_WEIGHT)]
    if _all_common(toks, lex, is_common):
        if len(words) > 1:
            # a title-case headline ("Une Nouvelle Dynamique") or a description
            return [] if label == "MISC" else [_cand(toks, label, elided=elided, common=True)]
        if label == "ORG" and lower(words[0]) in lex.org_heads and not words[0].is_sent_start:
            return [_cand(toks, label, elided=elided)]  # "devant le Parlement": a capitalised institution
        if words[0].pos_ != "PROPN" or words[0].is_sent_start or label == "MISC":
            # "Interrogé", "Cependant", "l'État": kept only if part of a longer name
            return [_cand(toks, label, elided=elided, common=True)]
    return [_cand(toks, label, elided=elided)]


def repaired_candidates(
    doc: Doc, *, gaz: Gazetteer, lex: EntityLexicons, is_common: Callable[[str], bool]
) -> list[Candidate]:
    """Every repaired candidate from ``doc.ents``, in text order."""
    out: list[Candidate] = []
    for ent in doc.ents:
        label = LABELS.get(ent.label_, "MISC")
        for piece in _pieces(ent):
            toks, elided = _trim(piece, lex, gaz, label)
            toks = extend_feature(toks, lex)
            out.extend(resolve(toks, label, gaz=gaz, lex=lex, is_common=is_common, elided=elided))
    return out


def mark_actor(doc: Doc, cand: Candidate, verbs: frozenset[str]) -> None:
    """A place that is the subject of a speech or decision verb acts."""
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None:
        return
    root = span.root
    if root.dep_.startswith("nsubj") and root.head.lemma_.lower() in verbs:
        cand.as_actor = True
