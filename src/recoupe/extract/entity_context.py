"""Context evidence for a mention's type: the words around it.

spaCy's French model guesses a type from a name's shape, and an unknown
capital ("Kessel", "Orsava") often comes out as a person or as MISC. The
words around each mention are better evidence, and every mention of an
entity votes for its type (:mod:`recoupe.extract.entity_canon`):

- a wire dateline at the start of a line ("KESSEL, 9 mars (APC) -") is a
  place, and the agency credited in its parentheses an organisation;
- a place noun before the name ("le port aldarien de X", "la capitale X",
  "au large de X") or a locative preposition ("à X", "en X", "depuis X"),
  unless a dative verb or noun governs the "à" ("a répondu à X");
- the article and ending of a country ("la Valmerie", "l'Estrie");
- a courtesy title or a role noun just before ("M. X", "le ministre X")
  makes a person;
- a name alone in « » near a ship noun ("le chalutier « X »") is a vessel,
  which is none of PER, ORG, LOC: the mention is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Token

from recoupe.extract.entity_lexicons import EntityLexicons
from recoupe.extract.entity_repair import Candidate, lower

STRONG = 3  # one mention with this evidence outweighs two of spaCy's guesses
WEAK = 2
DROP = ""  # the label that says: not a PER, ORG or LOC at all
MONTHS = "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
DATELINE_AFTER = re.compile(
    rf"[ \t]*(?:,[ \t]*(?:le[ \t]+)?\d{{1,2}}(?:er)?[ \t]+(?:{MONTHS})\b|\([ \t]*[A-Z][\w.-]*[ \t]*\)[ \t]*[-–—])",
    re.IGNORECASE,
)
CREDIT_BEFORE = re.compile(r"\([ \t]*$")
CREDIT_AFTER = re.compile(r"^[ \t]*\)[ \t]*[-–—]")
COUNTRY_ENDINGS = ("ie", "ia")
FEMININE_ARTICLES = frozenset({"la", "l'"})
SKIP_BEFORE_PLACE = frozenset({"de", "d'", "du"})
NOUN_ANYWAY = frozenset({"large"})  # "au large de X": the parser calls it an adjective
OPENING = frozenset({"«", "“", '"'})
CLOSING = frozenset({"»", "”", '"'})
SHIP_DETERMINERS = frozenset({"le", "la", "l'", "du", "au"})
TRADE_NOUNS = frozenset({"pétrolier", "pétroliers"})  # "le pétrolier TotalEnergies" is a company
# role heads that are not a person's title ("le sommet X", "les membres X")
NOT_PERSON_ROLES = frozenset({"sommet", "réunion", "délégation", "membre", "membres", "responsables", "dirigeants"})
VESSEL_WINDOW = 12  # tokens before the « in which a ship noun is looked for


def _line_start(text: str, start: int) -> bool:
    line = text.rfind("\n", 0, start) + 1
    return not text[line:start].strip()


def _prev(tok: Token) -> Token | None:
    i = tok.i - 1
    while i >= 0 and tok.doc[i].is_space:
        i -= 1
    return tok.doc[i] if i >= 0 else None


def _next(tok: Token) -> Token | None:
    i = tok.i + 1
    while i < len(tok.doc) and tok.doc[i].is_space:
        i += 1
    return tok.doc[i] if i < len(tok.doc) else None


def _after_place_noun(first: Token, lex: EntityLexicons) -> bool:
    """ "le port aldarien de X", "la capitale X", "au large de X"."""
    tok = _prev(first)
    steps = 0
    while tok is not None and steps < 4:
        w = lower(tok)
        if w in lex.place_nouns and tok.text[:1].islower() and (tok.pos_ == "NOUN" or w in NOUN_ANYWAY):
            return True  # "est" the verb, "maison commune" the adjective are not place nouns
        if w in SKIP_BEFORE_PLACE or (tok.pos_ == "ADJ" and tok.text.islower()):
            tok, steps = _prev(tok), steps + 1
            continue
        return False
    return False


def _dative(prep: Token, lex: EntityLexicons) -> bool:
    """ "a répondu à X", "l'aide militaire à X": the "à" introduces a person."""
    before = _prev(prep)
    while before is not None and before.pos_ == "ADJ":
        before = _prev(before)
    heads = {prep.head.lemma_.lower(), prep.head.head.lemma_.lower()}
    if before is not None:
        heads.add(before.lemma_.lower())
        heads.add(lower(before))
    return bool(heads & lex.dative)


def _after_preposition(first: Token, n_words: int, lex: EntityLexicons) -> bool:
    prep = _prev(first)
    if prep is None or lower(prep) not in lex.place_preps:
        return False
    if lower(prep) == "en":
        return True  # "en Valmerie": a country or region
    return n_words == 1 and not _dative(prep, lex)


def _common(word: str, is_common: Callable[[str], bool]) -> bool:
    """A common word, also when a capital lost its accent ("Economie", "Etat")."""
    w = word.lower()
    return is_common(w) or (w[:1] == "e" and is_common("é" + w[1:]))


def _country_shape(first: Token, n_words: int, is_common: Callable[[str], bool]) -> bool:
    """ "la Valmerie", "l'Estrie": a feminine article and a country ending
    (not "l'Economie" of "le ministre de l'Economie")."""
    prev = _prev(first)
    text = first.text
    return (
        n_words == 1
        and not _common(text, is_common)
        and prev is not None
        and lower(prev) in FEMININE_ARTICLES
        and text.endswith(COUNTRY_ENDINGS)
        and not text.isupper()
    )


def _titled(first: Token, lex: EntityLexicons) -> bool:
    """ "M. X", "Mme X", "le ministre X", "la Première ministre X"."""
    prev = _prev(first)
    if prev is None or (len(first.text) > 1 and first.text.isupper()):
        return False  # "le maire RPR de Paris": an acronym is a party, not a surname
    w = lower(prev)
    return w in lex.titles or (w in lex.roles and w not in NOT_PERSON_ROLES and prev.text.islower())


def _vessel(first: Token, last: Token, lex: EntityLexicons) -> bool:
    """A ship's name: in apposition to a ship noun ("le porte-avions X"), or
    alone in « » with a ship noun shortly before ("le « X » et le « Y »")."""
    before, after = _prev(first), _next(last)
    if before is not None and lower(before) in lex.vessels and lower(before) not in TRADE_NOUNS:
        return True
    if before is None or after is None or before.text not in OPENING or after.text not in CLOSING:
        return False
    named_by = _prev(before)  # "la frégate « X »", "et le « Y »"; not "le quotidien « Z »"
    if named_by is None or (lower(named_by) not in lex.vessels and lower(named_by) not in SHIP_DETERMINERS):
        return False
    window = first.doc[max(first.sent.start, before.i - VESSEL_WINDOW) : before.i]
    return any(lower(t) in lex.vessels for t in window)


def context_type(
    doc: Doc, text: str, cand: Candidate, lex: EntityLexicons, is_common: Callable[[str], bool]
) -> tuple[str, int] | None:
    """The type the words around ``cand`` give it, with its weight, or ``None``.
    A label of :data:`DROP` says the mention names a ship, not an entity."""
    if _line_start(text, cand.start) and DATELINE_AFTER.match(text, cand.end):
        return "LOC", STRONG
    if cand.text.isupper() and CREDIT_BEFORE.search(text, 0, cand.start) and CREDIT_AFTER.match(text[cand.end :]):
        return "ORG", STRONG
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None:
        return None
    first, last = span[0], span[-1]
    n_words = len(cand.text.split())
    if _vessel(first, last, lex):
        return DROP, STRONG
    if _titled(first, lex):
        return "PER", STRONG
    if _after_place_noun(first, lex):
        return "LOC", STRONG
    if lower(first) in lex.org_heads:
        return None  # "en Conseil des ministres" is an institution
    if _after_preposition(first, n_words, lex) or _country_shape(first, n_words, is_common):
        return "LOC", WEAK
    return None


def _retypable(cand: Candidate, is_common: Callable[[str], bool]) -> bool:
    """Gazetteer names keep their type; spaCy's MISC is retyped only when it
    looks like a name ("Orsava"), not a title or an event ("17 Grands Prix")."""
    if cand.gaz is not None:
        return False
    if cand.label != "MISC":
        return True
    words = cand.text.split()
    return not any(ch.isdigit() for ch in cand.text) and not all(is_common(w.lower()) for w in words)


def apply_context(
    doc: Doc, text: str, cands: list[Candidate], lex: EntityLexicons, is_common: Callable[[str], bool]
) -> list[Candidate]:
    """Candidates re-typed by their context where it outweighs what they had;
    ships dropped."""
    out = []
    for c in cands:
        found = context_type(doc, text, c, lex, is_common) if _retypable(c, is_common) else None
        if found is not None and found[0] == DROP:
            continue
        if found is not None and found[1] > c.weight:
            c.label, c.weight = found
        out.append(c)
    return out
