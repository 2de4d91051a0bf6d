"""Speaker spans for quotes: who is the subject of a reporting verb.

The parse first (``nsubj``, ``expl:subj`` "-t-il", a relative "qui" and
its antecedent, the subject shared with the verb a participle hangs on),
then token patterns: the noun phrase after an incise verb ("…, estime le
ministre"), an entity opening the sentence ("Moscou, de son côté, a …").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from recoupe.extract.quotes_np import antecedent, np_subject, subject_dep, voice_of
from recoupe.nlp import doc_text

INVERTED_PRONOUNS = frozenset({"il", "elle", "ils", "elles", "on"})
INVERTED_TAIL = re.compile(r"-(?:t-)?(il|elle|ils|elles|on)(?![^\W\d_])", re.IGNORECASE)  # right after the verb
NP_POS = frozenset({"DET", "NOUN", "PROPN", "ADJ", "NUM", "PRON"})
ABBREVIATIONS = frozenset({"dr", "m", "mm", "mme", "mmes", "pr", "me", "mgr", "st", "ste", "gén", "col", "cap"})
OF = frozenset({"de", "du", "des", "d'", "d’", "en"})


SENT_STARTS_KEY = "recoupe.sent_starts"


def sent_starts(doc: Doc) -> list[int]:
    """The index of each sentence's first token (0 first), computed once per Doc."""
    starts: list[int] | None = doc.user_data.get(SENT_STARTS_KEY)
    if starts is None:
        starts = doc.user_data[SENT_STARTS_KEY] = [0, *(t.i for t in doc[1:] if t.is_sent_start)]
    return starts


def sent_of(t: Token) -> Span:
    """The sentence of ``t``, found by bisection in :func:`sent_starts`."""
    doc = t.doc
    starts = sent_starts(doc)
    k = bisect_right(starts, t.i)
    return doc[starts[k - 1] : starts[k] if k < len(starts) else len(doc)]


def tokens_from(doc: Doc, char: int, i: int) -> list[Token]:
    """The tokens before token ``i`` that start at or after ``char``."""
    k = i
    while k > 0 and doc[k - 1].idx >= char:
        k -= 1
    return list(doc[k:i])


SENTENCE_ENDS = frozenset({".", "!", "?", "…", "»", "”", '"', ":", ";"})


def _sentence_span(doc: Doc, i: int) -> tuple[int, int]:
    """Token range of the sentence of ``i``, rejoining a sentence the parser
    cut at an opening quotation mark ("l'envoi est | « un signal »")."""
    sent = sent_of(doc[i])
    a, b = sent.start, sent.end
    for _ in range(3):
        if b >= len(doc) or doc[b - 1].text in SENTENCE_ENDS or "\n" in doc[b - 1].whitespace_ + doc[b].text:
            break
        b = sent_of(doc[b]).end
    for _ in range(3):
        if a == 0 or doc[a - 1].text in SENTENCE_ENDS or "\n" in doc[a - 1].whitespace_ + doc[a - 1].text:
            break
        a = sent_of(doc[a - 1]).start
    return a, b


def sentence_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """The sentence of token ``i``, cut at line breaks."""
    a_i, b_i = _sentence_span(doc, i)
    last = doc[b_i - 1]
    a, b = doc[a_i].idx, last.idx + len(last.text)
    text = doc_text(doc)[a:b]  # offsets relative to the sentence
    at = doc[i].idx - a
    nl = text.rfind("\n", 0, at)
    start = a + nl + 1 if nl >= 0 else a
    nl = text.find("\n", at)
    end = a + nl if nl >= 0 else b
    return start, end


def pron(t: Token) -> str:
    """ "-t-il" / "-elle" / "il" -> "il" / "elle"."""
    return re.sub(r"^-(t-)?", "", t.lower_)


def is_conditional(v: Token) -> bool:
    toks = [v, *(c for c in v.children if c.dep_.startswith("aux"))]
    return any("Cnd" in t.morph.get("Mood", []) for t in toks)


# words between an incise verb and its subject: "estime pour sa part X"
FILLERS = tuple(
    tuple(f.split())
    for f in (
        "pour sa part",
        "pour leur part",
        "pour son compte",
        "quant à lui",
        "quant à elle",
        "quant à eux",
        "de son côté",
        "de leur côté",
        "à son tour",
        "lui aussi",
        "elle aussi",
    )
)


def np_after(doc: Doc, j: int, limit: int) -> tuple[int, int] | None:
    """A noun phrase starting at or just after token ``j`` (inverted subject)."""
    while j < limit:
        filler = next((f for f in FILLERS if [x.lower_ for x in doc[j : j + len(f)]] == list(f)), None)
        if filler is not None:
            j += len(filler)
        elif doc[j].pos_ == "ADV" or doc[j].lower_ in ("-t", "-t-"):
            j += 1
        else:
            break
    if j >= limit:
        return None
    t = doc[j]
    low = pron(t)
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


def has_letter(t: Token) -> bool:
    """Whether ``t`` has a letter: a lone "-" the parser made a subject ("affirme-t-il.-", split
    as "-", "t", "-", "il.-" when no space follows the period) names no one."""
    return any(ch.isalpha() for ch in t.text)


def has_subject(v: Token, avoid: Sequence[tuple[int, int]] = ()) -> bool:
    return any(c.dep_ == "nsubj" and has_letter(c) and not any(a <= c.idx < b for a, b in avoid)
               for c in v.children)


QUOTE_CLOSERS = frozenset({"»", "”", '"', "″", "«", "“"})


def speaker_of(v: Token, *, avoid: Sequence[tuple[int, int]] = (), inverted: bool = True) -> tuple[int, int] | None:
    """The speaker span of cue ``v``: its subject, inverted (when allowed) or
    not, else the subject it shares with the verb it depends on."""
    doc = v.doc
    first = v
    inverted_ok = inverted
    for _depth in range(4):
        for c in v.children:
            if any(a <= c.idx < b for a, b in avoid):
                continue
            if subject_dep(c) and pron(c) != "t" and c.lemma_ != "se" and has_letter(c):
                if "Rel" in c.morph.get("PronType", []):
                    return antecedent(c)
                if c.dep_ == "expl:subj" or c.pos_ == "PRON":
                    low = pron(c)
                    return c.idx + len(c.text) - len(low), c.idx + len(c.text)
                return voice_of(c) or np_subject(c)
        if inverted_ok and v.i + 1 < len(doc):
            inv = inverted_subject(v, avoid)
            if inv is not None:
                return inv
        inverted_ok = False
        if "Part" in v.morph.get("VerbForm", []) and "Pres" in v.morph.get("Tense", []) and v.dep_ != "ROOT":
            # "…, accusant X de …" / "a déclaré Y, expliquant que …": the main verb's subject
            v = v.head if v.head.pos_ == "VERB" and v.head.i != v.i else sent_of(v).root
            inverted_ok = True
        elif v.dep_ in ("conj", "advcl", "xcomp") and v.head.i != v.i and v.head.pos_ in ("VERB", "AUX", "ADJ"):
            v = v.head
        else:
            break
    return _front_entity(first) or _nearest_subject(first, avoid)


def _nearest_subject(v: Token, avoid: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """A parse that lost the arc: the last subject before ``v`` in its
    sentence with no other finite verb in between ("X a, lui, jugé que")."""
    best = None
    for t in sent_of(v):
        if t.i >= v.i:
            break
        if _finite_main(t):
            best = None
        elif (t.dep_ == "nsubj" and t.pos_ in ("NOUN", "PROPN") and has_letter(t)
              and not any(a <= t.idx < b for a, b in avoid)):
            best = t
    return np_subject(best) if best is not None else None


def _front_entity(v: Token) -> tuple[int, int] | None:
    """ "Moscou, de son côté, a considéré …": an entity opening the sentence."""
    sent = sent_of(v)
    t = sent[0]
    if t.ent_type_ and t.ent_iob_ == "B" and t.i < v.i:
        e = t.i
        while e + 1 < v.i and t.doc[e + 1].ent_iob_ == "I":
            e += 1
        if e + 1 < len(t.doc) and t.doc[e + 1].text == ",":
            return t.idx, t.doc[e].idx + len(t.doc[e].text)
    return None


def _finite_main(t: Token) -> bool:
    """A finite verb that is not only an auxiliary ("a" in "X a, lui, jugé")."""
    return "Fin" in t.morph.get("VerbForm", []) and not t.dep_.startswith("aux")


def inverted_subject(v: Token, avoid: Sequence[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """The subject after an incise verb: "…, a-t-il dit", "» répond Rutte"."""
    doc = v.doc
    if "Part" in v.morph.get("VerbForm", []) and "Pres" in v.morph.get("Tense", []):
        return None
    prev = [t for t in doc[max(0, v.i - 4) : v.i] if not (t.dep_.startswith("aux") or t.pos_ == "ADV")]
    prev = [t for t in prev if not t.lower_.startswith("-") and t.lemma_ != "se"]
    if not prev or not (prev[-1].text == "," or prev[-1].text in QUOTE_CLOSERS):
        return None
    if prev[-1].text == ",":  # the words before the comma must be a statement
        s_start, _ = sentence_bounds(doc, v.i)
        before = tokens_from(doc, s_start, prev[-1].i)
        if not any(t.text in QUOTE_CLOSERS or _finite_main(t) or t.pos_ == "VERB" for t in before):
            return None
        # "Il n'est pas exclu que X, …, serve de …, estime Y": a subject the
        # parser gave the incise from inside that statement does not count
        misparsed = any(_finite_main(t) for t in before) and all(
            c.i < prev[-1].i for c in v.children if c.dep_ == "nsubj"
        )
        if has_subject(v, avoid) and not misparsed:
            return None
    elif has_subject(v, avoid):
        return None
    for t in doc[max(0, v.i - 2) : v.i]:
        if t.lower_.startswith("-") and pron(t) in INVERTED_PRONOUNS:
            low = pron(t)
            return t.idx + len(t.text) - len(low), t.idx + len(t.text)
    glued = INVERTED_TAIL.match(doc.text, v.idx + len(v.text))  # "affirme-t-il.-": the tokenizer split it
    if glued is not None:
        return glued.span(1)
    _, end = sentence_bounds(doc, v.i)
    limit = v.i + 1
    while limit < len(doc) and doc[limit].idx < end:
        limit += 1
    return np_after(doc, v.i + 1, limit)
