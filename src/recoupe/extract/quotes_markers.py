"""Reporting markers that are not verbs: "selon X, …", "d'après X, …",
"pour X, …" and statement nouns ("le message de X était que …")."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from recoupe.extract.quotes_spans import sentence_bounds, tokens_from
from recoupe.extract.speaker_roles import ROLE_NOUNS

QUE = frozenset({"que", "qu'", "qu’"})
SELON = {"selon": "selon", "d'après": "d'après", "d’après": "d'après"}
# nouns whose owner is the source: "le message de X était que …"
MAX_APPOSITION = 16  # tokens of "X, chercheuse à l'Institut d'études … de Port-Lisière, …"
SPEECH_NOUNS = frozenset({"message", "position", "avis", "conviction", "argument", "thèse", "réponse", "explication"})


@dataclass(slots=True)
class Reported:
    """One reported clause: its text span, its cue and the speaker's span."""

    start: int
    end: int
    cue: str
    cue_i: int  # token index of the cue (-1: none)
    speaker: tuple[int, int] | None
    marker: str  # que | inverted | selon | nominal | infinitive
    kind: str = "indirect"
    conditional: bool = False


def clean_end(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in ' \t\u00a0\u202f«“",':
        a += 1
    while b > a and text[b - 1] in ' \t\u00a0\u202f.,;:»”"':
        b -= 1
    return a, b


def speech_noun_clause(doc: Doc, v: Token, text: str) -> Reported | None:
    """ "Le message de X à Y était que …": a statement noun owned by X."""
    s_start, s_end = sentence_bounds(doc, v.i)
    toks = tokens_from(doc, s_start, v.i)
    k = next((i for i, t in enumerate(toks) if t.lemma_.lower() in SPEECH_NOUNS and t.pos_ == "NOUN"), None)
    if k is None or k + 2 >= len(toks) or toks[k + 1].lower_ not in ("de", "du", "d'", "d’"):
        return None
    who = toks[k + 2 :]
    cut = next((i for i, t in enumerate(who) if t.pos_ in ("ADP", "VERB", "AUX") or t.is_punct), len(who))
    who = who[:cut]
    if not who:
        return None
    a, b = clean_end(text, doc[v.i + 1].idx + len(doc[v.i + 1].text), s_end)
    speaker = (who[0].idx, who[-1].idx + len(who[-1].text))
    return Reported(a, b, toks[k].lemma_.lower(), v.i, speaker, "que") if b - a > 3 else None


def pour_opening(v: Token, text: str) -> bool:
    """ "Pour Emmanuel Macron, …" / "Pour lui, …" opening a sentence (not
    "Pour l'Ukraine, …": only a person or a personal pronoun)."""
    doc = v.doc
    if v.lower_ != "pour" or v.i + 1 >= len(doc):
        return False
    s_start, _ = sentence_bounds(doc, v.i)
    if text[s_start : v.idx].strip(" \t\u00a0\u202f,").lower() not in ("", "mais", "et", "or"):
        return False
    nxt = doc[v.i + 1]
    if nxt.lower_ in ("lui", "elle", "eux", "elles"):
        return True
    if _role_opening(doc, v.i + 1):
        return True
    if nxt.ent_type_ != "PER":
        return False
    k = v.i + 1
    while k < len(doc) and doc[k].ent_type_ == "PER":
        k += 1
    return k < len(doc) and doc[k].text == ","


def _role_opening(doc: Doc, i: int) -> bool:
    """ "Pour la chercheuse, …", "Pour le ministre des Affaires étrangères, …":
    a definite role noun (a person already named) then a comma."""
    if doc[i].lower_ not in ("le", "la", "l'", "l’", "les") or i + 1 >= len(doc):
        return False
    head = doc[i + 1]
    if head.lower_ not in ROLE_NOUNS and head.lemma_.lower() not in ROLE_NOUNS:
        return False
    k = i + 2
    while k < len(doc) and k - i < 8 and doc[k].text not in (",", ".", ";", ":"):
        k += 1
    return k < len(doc) and doc[k].text == ","


def selon_clause(doc: Doc, v: Token, text: str) -> Reported | None:
    """ "Selon X, …" (content after X) or "…, selon X." (content before)."""
    s_start, s_end = sentence_bounds(doc, v.i)
    first = v.i + (2 if v.lower_ == "d'" else 1)
    cue = {"selon": "selon", "pour": "pour"}.get(v.lower_, "d'après")
    k = first
    while k < len(doc) and doc[k].idx < s_end and doc[k].text not in (",", ".", ";", ":"):
        k += 1
    if k == first or k - first > 10:
        return None
    if doc[first].lower_ in ("nos", "notre", "mes", "ma", "mon"):
        return None  # "selon nos informations": the outlet itself
    sp = (doc[first].idx, doc[k - 1].idx + len(doc[k - 1].text))
    if k < len(doc) and doc[k].text == ",":  # "selon X, secrétaire général de Y, …"
        n = k + 1
        while n < len(doc) and doc[n].idx < s_end and doc[n].text not in (",", ".", ";"):
            if doc[n].pos_ in ("VERB", "AUX"):
                break
            n += 1
        if (
            n < len(doc)
            and doc[n].text == ","
            and n - k <= MAX_APPOSITION
            and doc[k + 1].pos_ in ("ADJ", "NOUN", "DET", "PROPN")
        ):
            k = n
    before = text[s_start : v.idx].strip(" \t\u00a0\u202f")
    if k < len(doc) and doc[k].text == "," and (not before or before.lower() in ("mais", "et", "or", "toutefois")):
        a, b = clean_end(text, doc[k].idx + 1, s_end)
    elif before.endswith(","):
        a, b = clean_end(text, s_start, v.idx)
    else:
        return None
    return Reported(a, b, cue, v.i, sp, "selon") if b - a > 3 else None
