"""The grammatical gender of the people an article names, for pronouns.

French marks a person's gender around the name, not in it (first names are
unreliable): a title ("Mme Stravos", "M. Orn"), the determiner or the form
of a role next to the name ("la Première ministre X", "X, chercheuse à …",
"le porte-parole, X"), and the agreement of a participle or adjective after
"être" / "se dire" ("X s'est dite préoccupée", "X a été nommée"). Each clue
is a vote; an entity gets the gender most of its clues give, or none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from recoupe.extract.speaker_roles import ROLE_NOUNS, SOURCE_NOUNS, adjective_like
from recoupe.records import Entity, Mention

ROLE_WORDS = ROLE_NOUNS | SOURCE_NOUNS

FEMININE_TITLES = frozenset({"mme", "mmes", "madame", "mlle", "mademoiselle"})
MASCULINE_TITLES = frozenset({"m", "m.", "mm", "mm.", "monsieur"})
# role-noun endings that only a feminine form has ("présidente", "directrice", "chercheuse")
FEMININE_ENDINGS = ("euse", "rice", "ienne", "ère", "esse", "ante", "ente", "ée", "eure", "effe")
MASCULINE_ENDINGS = ("eur", "ien", "ier", "ent", "ant", "é", "eux")
NEUTRAL_NOUNS = frozenset({"porte-parole", "secrétaire", "ministre", "membre", "responsable", "juge", "chef"})
MAX_CONTEXT = 6


def _gender(t: Token) -> str | None:
    """The gender ``t`` shows: a determiner's morphology, a noun's form."""
    if t.pos_ == "DET":
        g = t.morph.get("Gender", [])
        return str(g[0]) if g else None
    if t.pos_ == "NOUN" and t.lower_ not in NEUTRAL_NOUNS:
        low = t.lower_
        if low.endswith(FEMININE_ENDINGS):
            return "Fem"
        if low.endswith(MASCULINE_ENDINGS):
            return "Masc"
    return None


def _is_role(t: Token, adjacent: bool) -> bool:
    """A role noun: one of the lexicon's, or (right beside the name) any noun
    whose form shows a gender ("l'enseignant américain X")."""
    if t.pos_ not in ("NOUN", "ADJ", "PROPN"):
        return False
    low = t.lower_
    if low in ROLE_WORDS or t.lemma_.lower() in ROLE_WORDS:
        return True
    return adjacent and t.pos_ == "NOUN" and t.is_lower and _gender(t) is not None


def _role_vote(doc: Doc, i: int) -> str | None:
    """The gender of the role noun at ``i``: its determiner ("la", "du"), else its form."""
    j = i - 1
    while j >= 0 and doc[j].pos_ == "ADJ":
        j -= 1
    if j >= 0 and doc[j].pos_ in ("DET", "ADP"):
        det = doc[j].morph.get("Gender", [])
        if det and "Plur" not in doc[j].morph.get("Number", []):
            return str(det[0])
    g = _gender(doc[i])
    if g is None and i + 1 < len(doc) and doc[i + 1].pos_ == "ADJ" and "Fem" in doc[i + 1].morph.get("Gender", []):
        return "Fem"  # "secrétaire générale"
    return g


def _left_role(doc: Doc, i: int) -> str | None:
    """ "la Première ministre X", "le président de la commission X", "le député X"."""
    j = i - 1
    adjacent = True  # "l'enseignant américain X": any gendered noun right before the name
    if j >= 0 and doc[j].text == ",":
        j -= 1
        adjacent = False  # "le ministre de l'Intérieur, X": only a role noun of the lexicon
    for _ in range(2 * MAX_CONTEXT):
        if j < 0:
            return None
        verb_adj = adjective_like(doc[j])
        if doc[j].is_punct or (doc[j].pos_ in ("VERB", "AUX", "PRON", "CCONJ", "SCONJ") and not verb_adj):
            return None
        if _is_role(doc[j], adjacent):
            return _role_vote(doc, j)
        if doc[j].pos_ != "ADJ" and not verb_adj:
            adjacent = False
        j -= 1
    return None


def _right_role(doc: Doc, k: int) -> str | None:
    """ "X, la présidente de …", "X, chercheuse à …"."""
    if k >= len(doc) or doc[k].text != ",":
        return None
    for j in range(k + 1, min(len(doc), k + 4)):
        if _is_role(doc[j], True):
            return _role_vote(doc, j)
        if doc[j].pos_ not in ("DET", "ADJ"):
            return None
    return None


def _agreement(head: Token) -> str | None:
    """ "X s'est dite …", "X a été nommée": a feminine participle or adjective
    agreeing with its subject (masculine is the default form: no evidence)."""
    if head.pos_ not in ("VERB", "ADJ") or not any(
        c.lemma_ in ("être", "se", "soi") or c.dep_ in ("aux:pass", "expl:comp") for c in head.children
    ):
        return None
    forms = [head, *(c for c in head.children if c.dep_ == "xcomp" and c.pos_ == "ADJ")]
    if any("Fem" in t.morph.get("Gender", []) for t in forms):
        return "Fem"
    return None


def _votes(doc: Doc, m: Mention) -> list[str]:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return []
    votes = []
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if span[0].lower_.rstrip(".") in FEMININE_TITLES | MASCULINE_TITLES and len(span) > 1:
        before = span[0].lower_  # the recogniser kept the title: "Mme Ilse Varga"
    if before in FEMININE_TITLES:
        votes.append("Fem")
    elif before in MASCULINE_TITLES or (before == "." and span.start > 1 and doc[span.start - 2].lower_ == "m"):
        votes.append("Masc")
    for g in (_left_role(doc, span.start), _right_role(doc, span.end)):
        if g is not None:
            votes.append(g)
    if span.root.dep_.startswith("nsubj"):
        g = _agreement(span.root.head)
        if g is not None:
            votes.append(g)
    return votes


def person_genders(doc: Doc, mentions: Sequence[tuple[Mention, Entity]]) -> dict[str, str]:
    """Entity name -> "Fem" | "Masc" for the people whose gender the text shows."""
    votes: dict[str, Counter[str]] = {}
    for m, e in mentions:
        if e.type == "PER":
            votes.setdefault(e.name, Counter()).update(_votes(doc, m))
    out = {}
    for name, c in votes.items():
        ranked = c.most_common()
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            out[name] = ranked[0][0]
    return out


def pronoun_gender(word: str) -> str | None:
    low = word.lower()
    if low in ("elle", "celle-ci", "elles"):
        return "Fem"
    if low in ("il", "celui-ci", "ils", "lui", "eux"):
        return "Masc"
    return None
