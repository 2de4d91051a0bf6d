"""Attributing a quotation that stands on its own (not inside a reported
clause): an incise after it ("« … », a-t-il dit"), an incise inside it, a cue
before a colon, "Nom : « … »", an attribution line below it ("— X"), or the
previous speaker when it continues; a lower-case fragment in the writer's own
sentence ("a jugé le moratoire « inacceptable »") is reported, not quoted.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from recoupe.extract.quotes_direct import Marked, paragraphs, strip_marks, word_count
from recoupe.extract.quotes_indirect import REPORTING_VERBS, cue_lemma
from recoupe.extract.quotes_spans import ABBREVIATIONS, is_conditional, sentence_bounds, speaker_of
from recoupe.nlp import token_starts

__all__ = ["MIN_DIRECT_WORDS", "Item", "attribute", "paragraphs"]

MIN_DIRECT_WORDS = 4  # shorter quoted fragments are scare quotes or mixed-quote pieces
MIN_UNATTRIBUTED_WORDS = 6  # a quotation with no cue at all must be this long to count
ATTRIBUTION_LINE = re.compile(r"^[ \t\u00a0]*[•·▪\-–—][ \t\u00a0]*(\w[^\n]{1,60}?)[ \t\u00a0.]*$")
_SP = "[ \t\u00a0\u202f]"
NAME_COLON = re.compile(rf"^{_SP}*((?:[A-ZÀ-Ý][\w'’.-]*{_SP}+){{0,3}}[A-ZÀ-Ý][\w'’.-]+){_SP}*:{_SP}*$")
INNER_INCISE = re.compile(
    r",\s*(?:(?:a|avait|aurait)-t-(?P<p1>il|elle)\s+(?P<part>\w+)|(?P<verb>\w+)-(?:t-)?(?P<p2>il|elle))"
    r"(?:\s+[^,.;:!?«»“”\"]{1,40}?)?\s*,"
)


@dataclass(slots=True)
class Item:
    start: int
    end: int
    text: str
    kind: str
    speaker: tuple[int, int] | None  # None: the previous speaker (continuation)
    cue: str | None
    conditional: bool
    sentence: tuple[int, int]
    paragraph: int = -1
    mode: str = "span"  # span | continue | incise | host


def _sentence_end(text: str, at: int, hi: int) -> int:
    for mt in re.finditer(r"[.!?…](?=[\s«»“”\"]|$)", text[at:hi]):
        word = re.search(r"(\w+)$", text[at : at + mt.start()])
        if word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        return at + mt.end()
    return hi


def _tokens(doc: Doc, a: int, b: int, *, first: int | None = None, last: int | None = None) -> list[Token]:
    """The tokens starting in ``[a, b)``; with ``first`` / ``last``, only the first / last ones."""
    starts = token_starts(doc)
    at = range(bisect_left(starts, a), bisect_left(starts, b))
    if first is not None:
        at = at[:first]
    if last is not None:
        at = at[-last:]
    return [doc[i] for i in at]


def attribute(
    doc: Doc, text: str, paras: list[tuple[int, int]], m: Marked, marked: list[Marked], cues: Mapping[str, str]
) -> Item | None:
    lo, hi = paras[m.paragraph]
    last_lo, last_hi = next(((a, b) for a, b in paras if a <= m.close_at <= b), (lo, hi))
    nxt = min((q.open_at for q in marked if q.open_at >= m.close_at), default=last_hi)
    tail_end = min(_sentence_end(text, m.close_at, last_hi), nxt, last_hi)
    qtext = m.text(text)
    base = Item(m.start, m.end, qtext, "direct", None, None, False, (m.open_at, m.close_at), m.paragraph)
    short = word_count(qtext) < MIN_DIRECT_WORDS  # needs a cue right beside it
    for n, t in enumerate(_tokens(doc, m.close_at, tail_end, first=12)):  # incise: « … », a-t-il dit
        if t.pos_ in ("CCONJ", "SCONJ") or t.lower_ in ("que", "qu'", "qu’"):
            break  # "« … » et affirmé que": a coordinated verb, not an incise
        lemma = cue_lemma(t, cues, loose=n <= 2)
        if lemma is not None and not (short and n > 4):
            sp = speaker_of(t, avoid=[(m.open_at, m.close_at)]) or _before(doc, m.close_at, t)
            if sp is not None:
                base.speaker, base.cue, base.conditional, base.mode = sp, lemma, is_conditional(t), "incise"
                base.sentence = sentence_bounds(doc, t.i)
                return base
    inner = _inner_incise(text, m)  # « A, a-t-il dit, B »
    if inner is not None:
        base.speaker, base.cue, base.text, base.mode = (
            inner[0],
            inner[1],
            re.sub(r"\s+", " ", INNER_INCISE.sub(" ", qtext, 1)),
            "incise",
        )
        return base
    fragment = _is_fragment(doc, text, m)
    head_lo = lo
    if not text[lo : m.open_at].strip() and m.paragraph > 0:  # "Elle a ajouté :" then the quote
        prev_lo, prev_hi = paras[m.paragraph - 1]
        if text[prev_lo:prev_hi].rstrip().endswith(":"):
            head_lo = prev_lo
    before = _tokens(doc, head_lo, m.open_at, last=8)  # X a répondu : « … »
    for k in range(len(before) - 1, -1, -1):
        t = before[k]
        if t.text in (".", "!", "?", "»", "”"):
            break
        lemma = cue_lemma(t, cues)
        colon = text[head_lo : m.open_at].rstrip().endswith(":")
        if lemma is not None and len(before) - k <= 6 and (colon or not short):
            sp = speaker_of(t)
            if sp is not None:
                base.speaker, base.cue, base.conditional = sp, lemma, is_conditional(t)
                if fragment and not colon:  # "a jugé le moratoire « inacceptable »": reported, not quoted
                    base.kind, base.start = "indirect", t.idx + len(t.text)
                    base.text = re.sub(r"\s+", " ", strip_marks(text[base.start : m.end]))
                return base
    if fragment:
        return None  # a fragment in the writer's own sentence: a scare quote
    label = NAME_COLON.match(text[lo : m.open_at])  # "Gabriel Attal : « … »"
    if label is not None:
        base.speaker = (lo + label.start(1), lo + label.end(1))
        return base
    line = _attribution_line(text, paras, m)
    if line is not None:
        base.speaker = line
        return base
    outside = (text[lo : m.open_at] + text[m.close_at : last_hi]).strip(' \t\u00a0\u202f.,;:!?»”"')
    if not outside or text[lo : m.open_at].rstrip().endswith(":") or word_count(qtext) >= MIN_UNATTRIBUTED_WORDS:
        base.mode = "continue"
        return base
    return None


def _is_fragment(doc: Doc, text: str, m: Marked) -> bool:
    """A quoted piece inside the writer's own sentence ("a salué « une
    décision sage »"): it starts in lower case, after words of the sentence
    that do not end with a colon."""
    first = next((c for c in text[m.start : m.end] if c.isalpha()), "")
    if not first or not first.islower():
        return False
    span = doc.char_span(m.open_at, m.open_at + 1, alignment_mode="expand")
    if span is None:
        return False
    s_lo, _ = sentence_bounds(doc, span.start)
    before = text[s_lo : m.open_at].strip(" \t\u00a0\u202f")
    return bool(before) and not before.endswith(":")


def _inner_incise(text: str, m: Marked) -> tuple[tuple[int, int], str] | None:
    """An incise inside the marks: « La paix, a-t-il ajouté, se construit »."""
    found = INNER_INCISE.search(text, m.start, m.end)
    if found is None:
        return None
    verb = (found.group("part") or found.group("verb")).lower()
    guesses = [verb + "r", verb[:-1] + "er", verb[:-1] + "re", verb + "re", verb]
    cue = next((g for g in guesses if g in REPORTING_VERBS), verb)
    who = "p1" if found.group("p1") else "p2"
    return (found.start(who), found.end(who)), cue


def _before(doc: Doc, close_at: int, v: Token) -> tuple[int, int] | None:
    """ "« … », Rutte a insisté": the words between the quote and the cue."""
    toks = [
        t for t in _tokens(doc, close_at, v.idx) if not (t.is_punct or t.dep_.startswith("aux") or t.lemma_ == "se")
    ]
    if not toks or len(toks) > 6:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _attribution_line(text: str, paras: list[tuple[int, int]], m: Marked) -> tuple[int, int] | None:
    """A quotation followed by a line "• Donald Trump" or "— Zelensky"."""
    i = next((k for k, (a, b) in enumerate(paras) if a <= m.close_at <= b), None)
    if i is None or i + 1 >= len(paras):
        return None
    a, b = paras[i + 1]
    found = ATTRIBUTION_LINE.match(text[a:b])
    if found is None or word_count(found.group(1)) > 6 or not found.group(1)[0].isupper():
        return None
    return a + found.start(1), a + found.end(1)
