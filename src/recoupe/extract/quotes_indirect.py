"""Reported speech: "X a affirmé que …", "selon X, …", "…, estime le ministre".

Dependency parse first (the cue's ``nsubj``, its inverted subject), token
patterns as the fallback, so a parser error costs a speaker, not a crash.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml
from spacy.tokens import Doc, Token

QUE = frozenset({"que", "qu'", "qu’"})
SELON = {"selon": "selon", "d'après": "d'après", "d’après": "d'après"}
INVERTED_PRONOUNS = frozenset({"il", "elle", "ils", "elles", "on"})
STOP_PUNCT = frozenset({".", ";", ":", "!", "?", "«", "»", "“", "”", '"', "\n"})
NP_POS = frozenset({"DET", "NOUN", "PROPN", "ADJ", "NUM", "PRON"})
ABBREVIATIONS = frozenset({"dr", "m", "mm", "mme", "mmes", "pr", "me", "mgr", "st", "ste", "gén", "col", "cap"})
OF = frozenset({"de", "du", "des", "d'", "d’", "en"})
SKIP_AFTER_CUE = frozenset({"ADV", "AUX"})


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, dict[str, str | None]]:
    text = files("recoupe.data").joinpath("reporting_verbs.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return {"verbs": dict(data["verbs"]), "nominal": dict(data["nominal"])}


REPORTING_VERBS: Mapping[str, str] = {k: str(v) for k, v in _lexicon()["verbs"].items()}
NOMINAL_CUES: Mapping[str, str | None] = _lexicon()["nominal"]


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


def sentence_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """The sentence of token ``i``, cut at line breaks."""
    sent = doc[i].sent
    text = doc.text
    a, b = sent.start_char, sent.end_char
    at = doc[i].idx
    nl = text.rfind("\n", a, at)
    if nl >= 0:
        a = nl + 1
    nl = text.find("\n", at, b)
    if nl >= 0:
        b = nl
    return a, b


def clean_end(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \t\u00a0\u202f«“\",":
        a += 1
    while b > a and text[b - 1] in " \t\u00a0\u202f.,;:»”\"":
        b -= 1
    return a, b


def cue_lemma(t: Token, cues: Mapping[str, str]) -> str | None:
    lemma = t.lemma_.lower()
    if t.pos_ not in ("VERB", "AUX", "NOUN", "ADJ") or t.dep_ == "aux:tense":
        return None
    nxt = t.nbor(1).lemma_.lower() if t.i + 1 < len(t.doc) else ""
    if lemma == "laisser" and nxt == "entendre":
        return "laisser entendre" if "laisser entendre" in cues else None
    if lemma == "mettre" and t.i + 2 < len(t.doc) and t.nbor(2).lower_ == "garde":
        return "mettre en garde" if "mettre en garde" in cues else None
    if t.pos_ in ("NOUN", "ADJ") and not t.lower_.endswith(("é", "ée", "ant")):
        return None
    return lemma if lemma in cues else None


def _negated(v: Token) -> bool:
    return any(c.dep_ == "advmod" and "Neg" in c.morph.get("Polarity") for c in v.children) or (
        v.i > 1 and v.doc[v.i - 1].lower_ in ("pas", "jamais", "guère") and v.doc[v.i - 2].dep_ == "aux:tense"
    )


def is_conditional(v: Token) -> bool:
    toks = [v, *(c for c in v.children if c.dep_.startswith("aux"))]
    return any("Cnd" in t.morph.get("Mood") for t in toks)


def np_after(doc: Doc, j: int, limit: int) -> tuple[int, int] | None:
    """A noun phrase starting at or just after token ``j`` (inverted subject)."""
    while j < limit and (doc[j].pos_ in ("ADV",) or doc[j].lower_ in ("-t", "-t-")):
        j += 1
    if j >= limit:
        return None
    t = doc[j]
    low = t.lower_.lstrip("-")
    if low in INVERTED_PRONOUNS:
        return t.idx + (len(t.text) - len(low)), t.idx + len(t.text)
    if t.pos_ not in NP_POS and not t.is_title:
        return None
    k = j
    while k < limit:
        tk = doc[k]
        if tk.text == ",":
            if k + 1 < limit and doc[k + 1].ent_type_ == "PER":  # "le président, Jean Dupont"
                k += 2
                while k < limit and doc[k].ent_iob_ == "I":
                    k += 1
            break
        if tk.text == "." and k > j and doc[k - 1].lower_.rstrip(".") in ABBREVIATIONS:
            k += 1
            continue
        if tk.is_punct and tk.text not in ("-", "'", "’") or tk.lower_ in ("qui", "lorsqu'", "lorsqu’", "lors"):
            break
        if tk.pos_ in ("VERB", "AUX") or (tk.pos_ == "ADP" and tk.lower_ not in OF):
            break
        k += 1
    if k == j:
        return None
    return doc[j].idx, doc[k - 1].idx + len(doc[k - 1].text)


def np_subject(t: Token) -> tuple[int, int]:
    """The subtree of a subject head, without relative clauses."""
    doc = t.doc
    a = t.left_edge.i
    b = t.right_edge.i
    for c in t.children:
        if c.dep_ in ("acl:relcl", "acl", "advcl", "parataxis") and c.i > t.i:
            b = min(b, c.left_edge.i - 1)
    while b > a and (doc[b].is_punct or doc[b].lower_ in ("qui", "que")):
        b -= 1
    while a < b and (doc[a].is_punct or doc[a].pos_ == "ADP"):
        a += 1
    return doc[a].idx, doc[b].idx + len(doc[b].text)


def has_subject(v: Token, avoid: Sequence[tuple[int, int]] = ()) -> bool:
    return any(c.dep_ == "nsubj" and not any(a <= c.idx < b for a, b in avoid) for c in v.children)


QUOTE_CLOSERS = frozenset({"»", "”", '"', "″", "«", "“"})


def speaker_of(
    v: Token, *, avoid: Sequence[tuple[int, int]] = (), inverted: bool = True
) -> tuple[int, int] | None:
    """The speaker span of cue ``v``: its subject, inverted (when allowed) or
    not, else the subject it shares with the verb it depends on."""
    doc = v.doc
    first = v
    for depth in range(4):
        for c in v.children:
            if any(a <= c.idx < b for a, b in avoid):
                continue
            if c.dep_ in ("nsubj", "expl:subj") and c.lower_.lstrip("-") != "t":
                if "Rel" in c.morph.get("PronType"):
                    return _antecedent(c)
                if c.dep_ == "expl:subj" or c.pos_ == "PRON":
                    low = c.lower_.lstrip("-")
                    return c.idx + len(c.text) - len(low), c.idx + len(c.text)
                return np_subject(c)
        if depth == 0 and inverted and v.i + 1 < len(doc):
            inv = _inverted(v, avoid)
            if inv is not None:
                return inv
        if "Part" in v.morph.get("VerbForm") and "Pres" in v.morph.get("Tense") and v.dep_ != "ROOT":
            v = v.sent.root  # "…, accusant X de …": the subject of the main verb
        elif v.dep_ in ("conj", "advcl", "xcomp") and v.head.i != v.i and v.head.pos_ in ("VERB", "AUX", "ADJ"):
            v = v.head
        else:
            break
    return _front_entity(first)


def _antecedent(rel: Token) -> tuple[int, int]:
    """"Joe Biden, qui défendait …": the words just before ", qui"."""
    doc = rel.doc
    j = rel.i - 1
    while j > 0 and doc[j].is_punct:
        j -= 1
    t = doc[j]
    if t.ent_type_:
        a = j
        while a > 0 and doc[a].ent_iob_ == "I":
            a -= 1
        return doc[a].idx, t.idx + len(t.text)
    return np_subject(t)


def _front_entity(v: Token) -> tuple[int, int] | None:
    """"Moscou, de son côté, a considéré …": an entity opening the sentence."""
    sent = v.sent
    t = sent[0]
    if t.ent_type_ and t.ent_iob_ == "B" and t.i < v.i:
        e = t.i
        while e + 1 < v.i and t.doc[e + 1].ent_iob_ == "I":
            e += 1
        if e + 1 < len(t.doc) and t.doc[e + 1].text == ",":
            return t.idx, t.doc[e].idx + len(t.doc[e].text)
    return None


def _inverted(v: Token, avoid: Sequence[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """The subject after an incise verb: "…, a-t-il dit", "» répond Rutte"."""
    doc = v.doc
    if has_subject(v, avoid) or ("Part" in v.morph.get("VerbForm") and "Pres" in v.morph.get("Tense")):
        return None
    prev = [t for t in doc[max(0, v.i - 4) : v.i] if not (t.dep_.startswith("aux") or t.pos_ == "ADV")]
    prev = [t for t in prev if not t.lower_.startswith("-")]
    if not prev or not (prev[-1].text == "," or prev[-1].text in QUOTE_CLOSERS):
        return None
    if prev[-1].text == ",":  # the words before the comma must be a statement
        s_start, _ = sentence_bounds(doc, v.i)
        before = [t for t in doc[: prev[-1].i] if t.idx >= s_start]
        if not any(t.text in QUOTE_CLOSERS or "Fin" in t.morph.get("VerbForm") for t in before):
            return None
    for t in doc[max(0, v.i - 2) : v.i]:
        if t.lower_.startswith("-") and t.lower_.lstrip("-") in INVERTED_PRONOUNS:
            low = t.lower_.lstrip("-")
            return t.idx + len(t.text) - len(low), t.idx + len(t.text)
    _, end = sentence_bounds(doc, v.i)
    limit = v.i + 1
    while limit < len(doc) and doc[limit].idx < end:
        limit += 1
    return np_after(doc, v.i + 1, limit)


def _complement(v: Token, end: int) -> tuple[str, int] | None:
    """(marker, char start of the reported content) after cue ``v``."""
    doc = v.doc
    j = v.i + 1
    steps = 0
    while j < len(doc) and doc[j].idx < end and steps < 8:
        t = doc[j]
        if t.lower_ in QUE and doc[j - 1].lower_ != "ce":
            return ("que", doc[j + 1].idx) if j + 1 < len(doc) else None
        if t.text in STOP_PUNCT or (t.pos_ == "VERB" and "Inf" not in t.morph.get("VerbForm")):
            return None
        if "Inf" in t.morph.get("VerbForm") or (t.lower_ == "avoir" and t.pos_ == "AUX"):
            if steps == 0 or doc[j - 1].pos_ in SKIP_AFTER_CUE:
                return "infinitive", t.idx
            return None
        j += 1
        steps += 1
    return None


def _nominal(v: Token, lemma: str, end: int) -> int | None:
    doc = v.doc
    if lemma not in NOMINAL_CUES or _negated(v):
        return None
    j = v.i + 1
    while j < len(doc) and (doc[j].pos_ in ("ADV",) or doc[j].lower_ in ("sur", "-t", "-il", "-elle")):
        j += 1
    if j >= len(doc) or doc[j].idx >= end or doc[j].pos_ not in ("DET", "NOUN", "PROPN", "NUM"):
        return None
    need = NOMINAL_CUES[lemma]
    if need and f" {need} " not in f" {doc.text[doc[j].idx:end].lower()} ".replace("'", " ").replace("’", " "):
        return None
    return doc[j].idx


def find_reported(doc: Doc, cues: Mapping[str, str], *, inside: list[tuple[int, int]]) -> list[Reported]:
    """Reported clauses of ``doc`` whose cue is outside the spans ``inside`` (direct quotes)."""
    out: list[Reported] = []
    for v in doc:
        if any(a <= v.idx < b for a, b in inside):
            continue
        if v.lower_ in SELON or (v.lower_ == "d'" and v.i + 1 < len(doc) and v.nbor(1).lower_ == "après"):
            r = _selon(doc, v)
            if r is not None:
                out.append(r)
            continue
        lemma = cue_lemma(v, cues)
        if lemma is None:
            continue
        s_start, s_end = sentence_bounds(doc, v.i)
        comp = _complement(v, s_end)
        if comp is None:
            nominal = _nominal(v, lemma, s_end)
            comp = ("nominal", nominal) if nominal is not None else None
        if comp is None:
            comp = _inverted_clause(v, s_start)
            if comp is None:
                continue
            a, b = clean_end(doc.text, s_start, comp[1])
        else:
            a, b = clean_end(doc.text, comp[1], s_end)
        if b - a < 3 or _negated(v) and comp[0] != "que":
            continue
        if comp[0] != "inverted" and _inverted(v, inside) is not None:
            continue  # "a insisté le ministre, …": an incise, not a complement
        speaker = speaker_of(v, avoid=[(a, b), *inside], inverted=comp[0] == "inverted")
        if speaker is None:
            continue
        out.append(Reported(a, b, lemma, v.i, speaker, comp[0], conditional=is_conditional(v)))
    return _unnest(doc, out)


def _unnest(doc: Doc, found: list[Reported]) -> list[Reported]:
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
        if sp is not None and outer.start < sp[0] and re.search(r"\b(et|mais)\s*$", doc.text[outer.start : sp[0]]):
            cut = re.sub(r"\b(et|mais)\s*$", "", doc.text[outer.start : sp[0]]).rstrip(" ,")
            outer.end = outer.start + len(cut)
            keep.append(r)
    return keep


def _inverted_clause(v: Token, s_start: int) -> tuple[str, int] | None:
    """"…, a-t-il indiqué." / "…, estime le ministre": content before the comma."""
    doc = v.doc
    j = v.i - 1
    while j >= 0 and (doc[j].dep_.startswith("aux") or doc[j].pos_ == "ADV" or doc[j].lower_.startswith("-")):
        j -= 1
    if j < 0 or doc[j].text != "," or doc[j].idx <= s_start:
        return None
    if _inverted(v) is None or any(t.text in QUOTE_CLOSERS for t in doc[: j] if t.idx >= s_start):
        return None  # after a quotation it is the quotation's incise
    return "inverted", doc[j].idx


def _selon(doc: Doc, v: Token) -> Reported | None:
    """"Selon X, …" (content after X) or "…, selon X." (content before)."""
    s_start, s_end = sentence_bounds(doc, v.i)
    first = v.i + (2 if v.lower_ == "d'" else 1)
    cue = "d'après" if v.lower_ != "selon" else "selon"
    k = first
    while k < len(doc) and doc[k].idx < s_end and doc[k].text not in (",", ".", ";", ":"):
        k += 1
    if k == first or k - first > 10:
        return None
    sp = (doc[first].idx, doc[k - 1].idx + len(doc[k - 1].text))
    if k < len(doc) and doc[k].text == ",":  # "selon X, secrétaire général de Y, …"
        n = k + 1
        while n < len(doc) and doc[n].idx < s_end and doc[n].text not in (",", ".", ";"):
            if doc[n].pos_ in ("VERB", "AUX"):
                break
            n += 1
        if n < len(doc) and doc[n].text == "," and n - k <= 8 and doc[k + 1].pos_ in ("ADJ", "NOUN", "DET"):
            k = n
    before = doc.text[s_start : v.idx].strip(" \t\u00a0\u202f")
    if k < len(doc) and doc[k].text == "," and (not before or before.lower() in ("mais", "et", "or", "toutefois")):
        a, b = clean_end(doc.text, doc[k].idx + 1, s_end)
    elif before.endswith(","):
        a, b = clean_end(doc.text, s_start, v.idx)
    else:
        return None
    return Reported(a, b, cue, v.i, sp, "selon") if b - a > 3 else None
