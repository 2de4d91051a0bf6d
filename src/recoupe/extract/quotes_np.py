"""Noun phrases around a reporting verb: a subject's extent, the
antecedent of a relative "qui", "par la voix de X", subject arcs."""

from __future__ import annotations

from spacy.tokens import Token

from recoupe.extract.speaker_roles import ROLE_NOUNS, SOURCE_NOUNS

PERSON_NOUNS = ROLE_NOUNS | SOURCE_NOUNS


def np_subject(t: Token) -> tuple[int, int]:
    """The subtree of a subject head, without relative clauses."""
    doc = t.doc
    a = t.left_edge.i
    b = t.right_edge.i
    for c in t.children:
        if c.dep_ in ("acl:relcl", "acl", "advcl", "parataxis") and c.i > t.i:
            b = min(b, c.left_edge.i - 1)
    for k in range(t.i + 1, b):  # "Des diplomates, sous couvert d'anonymat," stops at the comma
        if doc[k].text == "," and not (doc[k + 1].pos_ == "PROPN" or doc[k + 1].ent_type_):
            b = k - 1
            break
    for k in range(a, t.i):  # "KESSEL, 9 mars (APC) - La Première ministre": a dateline is no part of it
        if doc[k].text in ("-", "–", "—") and doc[k].is_punct and doc[k].whitespace_:
            a = k + 1
    while b > a and (doc[b].is_punct or doc[b].lower_ in ("qui", "que")):
        b -= 1
    while a < b and (doc[a].is_punct or doc[a].pos_ == "ADP"):
        a += 1
    return doc[a].idx, doc[b].idx + len(doc[b].text)


def subject_dep(c: Token) -> bool:
    """A subject arc; "nsubj:pass" too when the verb has no passive auxiliary
    ("le ministre a assuré", mislabelled passive by the parser)."""
    if c.dep_ in ("nsubj", "expl:subj"):
        return True
    return c.dep_ == "nsubj:pass" and not any(k.dep_ == "aux:pass" for k in c.head.children)


def voice_of(subject: Token) -> tuple[int, int] | None:
    """ "L'opposition, par la voix du député X, réclame …": X speaks."""
    for voice in subject.children:
        if voice.lemma_.lower() == "voix" and any(c.lower_ == "par" for c in voice.children):
            who = next((c for c in voice.children if c.dep_ == "nmod"), None)
            if who is not None:
                return np_subject(who)
    return None


def _person_noun(t: Token) -> bool:
    return t.pos_ == "NOUN" and (t.lower_ in PERSON_NOUNS or t.lemma_.lower() in PERSON_NOUNS)


def antecedent(rel: Token) -> tuple[int, int]:
    """ "Joe Biden, qui défendait …": the words just before ", qui"."""
    doc = rel.doc
    j = rel.i - 1
    while j > 0 and doc[j].is_punct:
        j -= 1
    t = doc[j]
    head = rel.head.head if rel.head.dep_ == "acl:relcl" else None
    while head is not None and head.dep_ == "nmod" and head.head.i < head.i and _person_noun(head.head):
        head = head.head  # "la présidente de l'association, qui …": the person, not the association
    if head is not None and head.i < rel.i and head.pos_ == "NOUN" and t.pos_ != "PROPN":
        # "X, la présidente de la coopérative des pêcheurs, qui juge …": the
        # relative hangs on "présidente", not on the last word before it
        return np_subject(head)
    if t.ent_type_:
        a = j
        while a > 0 and doc[a].ent_iob_ == "I":
            a -= 1
        return doc[a].idx, t.idx + len(t.text)
    return np_subject(t)
