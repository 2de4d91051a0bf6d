"""French date expressions resolved to calendar dates (HeidelTime-style).

``dates(doc, anchor=...)`` and ``find_dates(text, anchor=...)`` return
:class:`~recoupe.records.DateMention` records in text order. The grammar is
in :mod:`dates_grammar`, the lexicon in :mod:`dates_lexicon`, resolution
conventions in :mod:`dates_resolve` (weeks resolve to their Monday,
weekends to their Saturday; a bare weekday is past unless the verb says
future). ``anchor`` and ``anchor_source`` say what a value was resolved
against: ``published`` (the anchor), ``event`` (the last day-precise date
mentioned before, for "la veille"/"le lendemain"), ``none`` (no anchor:
the value is ``None``); both are ``None`` when the expression needs no
anchor ("13 février 2025", "2023", durations).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from recoupe.extract.dates_grammar import scan
from recoupe.extract.dates_resolve import FUTURE, PAST, resolve
from recoupe.nlp import doc_text, token_starts
from recoupe.records import DateMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

VERSION = "1"
MODAL_LEMMAS = frozenset({"devoir", "pouvoir", "aller", "vouloir", "compter", "prévoir"})
FUTURE_MODALS = frozenset({"aller", "devoir", "compter", "prévoir"})
PUBLISHED_CUES = r"(?:publié|publiée|mis\s+en\s+ligne|posté|parution)"
UPDATED_CUES = r"(?:mis\s+à\s+jour|actualisé|modifié|màj)"
HEAD_CHARS = 2000
DATELINE = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý' .-]+(?:\s*\([^)]*\))?\s*[,(-]\s*$")
TIME_WORDS = re.compile(r"\b(?:le|à|a|h|\d{1,2}\s*[h:]\s*\d{0,2}|publié|par\s+[^,|]+)\b", re.IGNORECASE)
CUE_MAX_OFFSET = 40  # a "Publié le" cue starts its line, or nearly (after a byline)
CUE_LINE_MAX = 160
LINE_DATE_REST = 20  # letters left on a line once its date and time are taken out
YEAR_HINT_CHARS = 60  # a lone month this close after an explicit year takes that year
SENTENCE_END = re.compile(r"[.!?]\s")


def find_dates(
    text: str, *, anchor: date | None, tense_of: Callable[[int], str | None] | None = None
) -> list[DateMention]:
    """Date mentions in plain ``text``; ``tense_of(char_offset)`` gives the tense
    ("past"/"future"/None) of the verb governing a date, when known."""
    out: list[DateMention] = []
    event: date | None = None
    year_at: tuple[int, int] | None = None  # (explicit year, end offset of its mention)
    for r in scan(text):
        tense = tense_of(r.start) if tense_of is not None else None
        hint = None
        if (
            year_at
            and r.start - year_at[1] <= YEAR_HINT_CHARS
            and not SENTENCE_END.search(text, year_at[1], r.start)
        ):
            hint = year_at[0]
        res = resolve(r, text, anchor=anchor, tense=tense, event=event, year_hint=hint)
        if res.source == "invalid":
            continue
        if res.day is not None and res.source != "event":
            event = res.day
        year_at = _year_context(res.value, res.kind, res.anchor, r.end, year_at)
        out.append(
            DateMention(
                text=text[r.start : r.end],
                start=r.start,
                end=r.end,
                value=res.value,
                kind=res.kind,
                anchor=res.anchor.isoformat() if res.anchor else None,
                anchor_source=res.source,
            )
        )
    return out


def _year_context(
    value: str | None, kind: str, anchor: date | None, end: int, current: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The explicit year a following lone month or day takes: set by "2019",
    "mars 2019", "cette année"; cleared by other dated expressions."""
    if value and kind != "duration" and (anchor is None or (len(value) == 4 and value.isdigit())):
        return int(value[:4]), end
    return current if kind == "duration" else None


def dates(doc: Doc, *, anchor: date | None) -> list[DateMention]:
    """Date mentions in a spaCy ``doc``, with verb tense from its morphology."""
    return find_dates(doc_text(doc), anchor=anchor, tense_of=doc_tense(doc))


def doc_tense(doc: Doc) -> Callable[[int], str | None]:
    """A ``tense_of(char_offset)`` function reading the governing verb's morphology."""
    starts = token_starts(doc)

    def tense_of(offset: int) -> str | None:
        i = bisect_right(starts, offset) - 1
        if i < 0:
            return None
        verb = governing_verb(doc[i])
        return verb_tense(verb) if verb is not None else None

    return tense_of


def governing_verb(tok: Token) -> Token | None:
    """The verb the token hangs on, else the nearest verb in its sentence."""
    cur = tok
    for _ in range(5):
        if cur.pos_ in ("VERB", "AUX") and cur is not tok:
            return cur
        if cur.head is cur:
            break
        cur = cur.head
    if cur.pos_ in ("VERB", "AUX"):
        return cur
    verbs = [t for t in tok.sent if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux:tense", "aux:pass")]
    return min(verbs, key=lambda t: abs(t.i - tok.i)) if verbs else None


def _morph(tok: Token, key: str) -> str:
    vals = tok.morph.get(key, [])
    return vals[0] if vals else ""


def verb_tense(verb: Token, *, depth: int = 0) -> str | None:
    """past / future / None from a verb and its auxiliaries."""
    for aux in verb.children:
        if not aux.dep_.startswith("aux"):
            continue
        if aux.lemma_ == "aller" and _morph(verb, "VerbForm") == "Inf":
            return FUTURE
        if _morph(aux, "Tense") == "Fut":
            return FUTURE
        if _morph(aux, "Mood") == "Cnd":
            return PAST if aux.dep_ == "aux:tense" else FUTURE
        if aux.dep_ == "aux:tense":
            return PAST
    if _morph(verb, "Tense") == "Fut" or _morph(verb, "Mood") == "Cnd":
        return FUTURE
    if _morph(verb, "Tense") in ("Past", "Imp"):
        return PAST
    if _morph(verb, "VerbForm") == "Inf" and depth < 2 and verb.head is not verb:
        head = verb.head
        if head.lemma_ in MODAL_LEMMAS or head.pos_ in ("VERB", "AUX"):
            if head.lemma_ in FUTURE_MODALS and _morph(head, "Tense") == "Pres":
                return FUTURE  # "va rencontrer", "doit rouvrir mercredi"
            return verb_tense(head, depth=depth + 1)
    return None


def published_from_text(text: str) -> str | None:
    """An ISO date from a "Publié le …" line, a dateline or a date line near the
    top of ``text``; a "Mis à jour le …" date only when nothing else is there."""
    head = text[:HEAD_CHARS]
    for cue in (PUBLISHED_CUES, None, UPDATED_CUES):
        found = _cued_date(head, cue) if cue else _line_date(head)
        if found:
            return found
    return None


def _full_dates(text: str) -> list[tuple[int, int, str]]:
    return [
        (m.start, m.end, m.value)
        for m in find_dates(text, anchor=None)
        if m.kind == "absolute" and m.value and len(m.value) == 10
    ]


def _cued_date(head: str, cue: str) -> str | None:
    for m in re.finditer(cue, head, re.IGNORECASE):
        line_start = head.rfind("\n", 0, m.start()) + 1
        line_end = head.find("\n", m.end()) % (len(head) + 1)
        if m.start() - line_start > CUE_MAX_OFFSET or line_end - line_start > CUE_LINE_MAX:
            continue  # "publié" inside a sentence of the article, not a byline
        found = _full_dates(head[m.end() : m.end() + 60])
        if found and found[0][0] <= 15:
            return found[0][2]
    return None


def _line_date(head: str) -> str | None:
    """A dateline ("PARIS, 13 février 2025 (AFP) -") or a short line that is
    mostly a date ("Le jeudi 13 février 2025 à 18h05"), not a title that
    happens to name a date."""
    for line in head.splitlines()[:20]:
        s = line.strip()
        if re.search(UPDATED_CUES, s, re.IGNORECASE):
            continue
        found = _full_dates(s)
        if not found:
            continue
        start, end, value = found[0]
        if DATELINE.match(s[:start]):
            return value
        rest = TIME_WORDS.sub(" ", s[:start] + " " + s[end:])
        if len(re.sub(r"\W+", "", rest)) <= LINE_DATE_REST:
            return value
    return None
