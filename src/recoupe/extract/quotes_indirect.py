"""Reported speech: "X a affirmé que …", "selon X, …", "…, estime le ministre".

Dependency parse first (the cue's ``nsubj``, its inverted subject), token
patterns as the fallback, so a parser error costs a speaker, not a crash.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib.resources import files

import yaml
from spacy.tokens import Doc, Token

from recoupe.extract.quotes_markers import (
    QUE,
    SELON,
    Reported,
    clean_end,
    pour_opening,
    selon_clause,
    speech_noun_clause,
)
from recoupe.extract.quotes_spans import (
    QUOTE_CLOSERS,
    inverted_subject,
    is_conditional,
    sentence_bounds,
    speaker_of,
    tokens_from,
)
from recoupe.nlp import doc_text

STOP_PUNCT = frozenset({".", ";", ":", "!", "?", "«", "»", "“", "”", '"', "\n"})
SKIP_BEFORE_OBJECT = frozenset(
    {
        "sur",
        "-t",
        "-il",
        "-elle",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "hier",
    }
)
SKIP_AFTER_CUE = frozenset({"ADV", "AUX"})
TIME_NOUNS = SKIP_BEFORE_OBJECT | {"matin", "soir", "après-midi", "week-end", "semaine", "mois", "année"}
OPEN_MARKS = frozenset({"«", "“", '"', "″"})


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, dict[str, str | None]]:
    text = files("recoupe.data").joinpath("reporting_verbs.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return {"verbs": dict(data["verbs"]), "nominal": dict(data["nominal"])}


REPORTING_VERBS: Mapping[str, str] = {k: str(v) for k, v in _lexicon()["verbs"].items()}
NOMINAL_CUES: Mapping[str, str | None] = _lexicon()["nominal"]


def _verb_lemmas(t: Token, loose: bool) -> list[str]:
    """The lemma, then guesses from the form when the lemmatizer failed ("estime")."""
    low = t.lower_
    out = [t.lemma_.lower()]
    if t.pos_ == "VERB" or loose:
        out += [
            low + "r",
            low[:-3] + "er" if low.endswith("ent") else "",
            low[:-1] + "er" if low.endswith("é") else "",
        ]
    return [x for x in out if x]


def cue_lemma(t: Token, cues: Mapping[str, str], *, loose: bool = False) -> str | None:
    """The cue ``t`` is, if any; ``loose`` where a verb is expected (an
    incise after a quotation), trusting the form over a noun tag ("lance")."""
    if t.pos_ not in ("VERB", "AUX", "NOUN", "ADJ", *(("X", "PROPN") if loose else ())) or t.dep_ == "aux:tense":
        return None
    lemma = next((x for x in _verb_lemmas(t, loose) if x in cues), t.lemma_.lower())
    nxt = t.nbor(1).lemma_.lower() if t.i + 1 < len(t.doc) else ""
    if lemma == "laisser" and nxt == "entendre":
        return "laisser entendre" if "laisser entendre" in cues else None
    if lemma == "mettre" and t.i + 2 < len(t.doc) and t.nbor(2).lower_ == "garde":
        return "mettre en garde" if "mettre en garde" in cues else None
    if t.pos_ in ("NOUN", "ADJ", "X", "PROPN") and not loose and not t.lower_.endswith(("é", "ée", "ant")):
        return None
    return lemma if lemma in cues else None


def _negated(v: Token) -> bool:
    return any(c.dep_ == "advmod" and "Neg" in c.morph.get("Polarity", []) for c in v.children) or (
        v.i > 1 and v.doc[v.i - 1].lower_ in ("pas", "jamais", "guère") and v.doc[v.i - 2].dep_ == "aux:tense"
    )


def _complement(v: Token, end: int) -> tuple[str, int] | None:
    """(marker, char start of the reported content) after cue ``v``."""
    doc = v.doc
    if v.i + 1 < len(doc) and _says_itself(v):
        return "attribute", doc[v.i + 1].idx
    j = v.i + 1 + {"laisser": 1, "mettre": 2}.get(v.lemma_.lower(), 0)
    steps = 0
    while j < len(doc) and doc[j].idx < end and steps < 8:
        t = doc[j]
        if t.lower_ in QUE and doc[j - 1].lower_ != "ce":
            return ("que", doc[j + 1].idx) if j + 1 < len(doc) else None
        if t.text in STOP_PUNCT or (t.pos_ == "VERB" and "Inf" not in t.morph.get("VerbForm", [])):
            return None
        if "Inf" in t.morph.get("VerbForm", []) or (t.lower_ == "avoir" and t.pos_ == "AUX"):
            if steps == 0 or doc[j - 1].pos_ in SKIP_AFTER_CUE:
                return "infinitive", t.idx
            return None
        j += 1
        steps += 1
    return None


def _says_itself(v: Token) -> bool:
    """ "X s'est dite ouverte à …", "s'est dit « encouragé »": a reflexive cue
    whose content is an attribute of the speaker."""
    kids = list(v.children)
    return any(c.dep_ == "expl:comp" for c in kids) and any(
        c.dep_ == "xcomp" and c.i > v.i and c.pos_ in ("VERB", "ADJ") for c in kids
    )


def _nominal(v: Token, lemma: str, end: int, text: str) -> int | None:
    doc = v.doc
    if lemma not in NOMINAL_CUES or _negated(v):
        return None
    j = v.i + 1
    while j < len(doc) and (doc[j].pos_ == "ADV" or doc[j].lower_ in SKIP_BEFORE_OBJECT or doc[j].text in OPEN_MARKS):
        j += 1
    if j + 1 < len(doc) and doc[j].lower_ in ("ce", "cette") and doc[j + 1].lower_ in TIME_NOUNS:
        j += 2  # "a annoncé ce mercredi l'envoi de …"
    if j >= len(doc) or doc[j].idx >= end or doc[j].pos_ not in ("DET", "NOUN", "PROPN", "NUM"):
        return None
    need = NOMINAL_CUES[lemma]
    if need and f" {need} " not in f" {text[doc[j].idx : end].lower()} ".replace("'", " ").replace("’", " "):
        return None
    if doc[j - 1].text in OPEN_MARKS:  # "a salué « une décision sage »": the quoted object
        return doc[j - 1].idx
    return doc[j].idx


def _object_end(doc: Doc, a: int, b: int, quoted: list[tuple[int, int]], cues: Mapping[str, str]) -> int:
    """Where a nominal object stops: at the closing mark of a quoted object
    ("a salué « une décision sage » et affirmé que …"), where a clause with a
    subject of its own starts ("une « provocation », et l'état-major a …"),
    or at a coordinated verb that reports nothing ("… et a quitté la salle")."""
    closing = next((q for p, q in quoted if p == a), None)
    if closing is not None:
        return min(b, closing)
    span = doc.char_span(a, b, alignment_mode="expand")
    for t in span if span is not None else ():
        if t.text == "," and not any(p <= t.idx < q for p, q in quoted):
            nxt = doc[t.i + 1] if t.i + 1 < len(doc) else t
            if nxt.pos_ in ("NUM", "ADV", "ADP", "SCONJ"):
                return t.idx  # "l'envoi de deux frégates, quatre jours après …": an adjunct
        if (
            t.pos_ == "CCONJ"
            and t.idx > a
            and doc[t.i - 1].text == ","
            and t.i + 1 < len(doc)
            and doc[t.i + 1].pos_ in ("DET", "PROPN", "PRON", "NOUN")
        ):
            return t.idx
        if t.pos_ == "CCONJ" and t.idx > a:
            j = t.i + 1
            while j < len(doc) and (doc[j].pos_ in ("AUX", "ADV") or doc[j].dep_.startswith("aux")):
                j += 1
            if j < len(doc) and doc[j].pos_ == "VERB" and cue_lemma(doc[j], cues) is None:
                return t.idx
    return b


def tokens_outside(doc: Doc, spans: list[tuple[int, int]]) -> Iterator[Token]:
    """The tokens of ``doc`` that start outside every character span ``[a, b)``."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(s for s in spans if s[0] < s[1]):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    j = 0
    for tok in doc:
        while j < len(merged) and merged[j][1] <= tok.idx:
            j += 1
        if j < len(merged) and merged[j][0] <= tok.idx:
            continue
        yield tok


def find_reported(doc: Doc, cues: Mapping[str, str], *, inside: list[tuple[int, int]]) -> list[Reported]:
    """Reported clauses of ``doc`` whose cue is outside the spans ``inside`` (direct quotes)."""
    text = doc_text(doc)
    out: list[Reported] = []
    for v in tokens_outside(doc, inside):
        if (
            v.lower_ in SELON
            or pour_opening(v, text)
            or (v.lower_ == "d'" and v.i + 1 < len(doc) and v.nbor(1).lower_ == "après")
        ):
            r = selon_clause(doc, v, text)
            if r is not None:
                out.append(r)
            continue
        if v.lemma_ == "être" and v.i + 1 < len(doc) and v.nbor(1).lower_ in QUE:
            r = speech_noun_clause(doc, v, text)
            if r is not None:
                out.append(r)
            continue
        lemma = cue_lemma(v, cues)
        if lemma is None:
            continue
        s_start, s_end = sentence_bounds(doc, v.i)
        comp = _complement(v, s_end)
        if comp is None:
            nominal = _nominal(v, lemma, s_end, text)
            comp = ("nominal", nominal) if nominal is not None else None
        if comp is None:
            comp = _inverted_clause(v, s_start)
            if comp is None:
                continue
            a, b = clean_end(text, s_start, comp[1])
        else:
            end = s_end
            if comp[0] in ("nominal", "attribute"):
                end = _object_end(doc, comp[1], s_end, inside if comp[0] == "nominal" else [], cues)
            a, b = clean_end(text, comp[1], end)
        if b - a < 3 or _negated(v) and comp[0] != "que":
            continue
        if comp[0] != "inverted" and inverted_subject(v, inside) is not None:
            # "a insisté le ministre, …": an incise, not a complement; the
            # content is then what comes before ("…, a annoncé le gouvernement")
            comp = _inverted_clause(v, s_start)
            if comp is None:
                continue
            a, b = clean_end(text, s_start, comp[1])
            if b - a < 3:
                continue
        speaker = speaker_of(v, avoid=[(a, b), *inside], inverted=comp[0] == "inverted")
        if speaker is None:
            continue
        out.append(Reported(a, b, lemma, v.i, speaker, comp[0], conditional=is_conditional(v)))
    return _unnest(doc, out, text)


def _unnest(doc: Doc, found: list[Reported], text: str) -> list[Reported]:
    """A cue inside another reported clause is part of what was reported,
    unless it opens a coordinated statement with its own subject ("… et
    son équipe a suggéré que …"), which then ends the first clause."""
    keep: list[Reported] = []
    for r in found:
        outer = next((o for o in found if o is not r and o.start <= doc[r.cue_i].idx < o.end), None)
        if outer is None:
            keep.append(r)
            continue
        sp = r.speaker
        if sp is not None and outer.start < sp[0] and re.search(r"\b(et|mais)\s*$", text[outer.start : sp[0]]):
            cut = re.sub(r"\b(et|mais)\s*$", "", text[outer.start : sp[0]]).rstrip(" ,")
            outer.end = outer.start + len(cut)
            keep.append(r)
    return keep


def _inverted_clause(v: Token, s_start: int) -> tuple[str, int] | None:
    """ "…, a-t-il indiqué." / "…, estime le ministre": content before the comma."""
    doc = v.doc
    j = v.i - 1
    while j >= 0 and (doc[j].dep_.startswith("aux") or doc[j].pos_ == "ADV" or doc[j].lower_.startswith("-")):
        j -= 1
    if j < 0 or doc[j].text != "," or doc[j].idx <= s_start:
        return None
    if inverted_subject(v) is None or any(t.text in QUOTE_CLOSERS for t in tokens_from(doc, s_start, j)):
        return None  # after a quotation it is the quotation's incise
    return "inverted", doc[j].idx
