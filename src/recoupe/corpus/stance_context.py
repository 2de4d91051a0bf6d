"""What a stored Analysis tells the stance reader without a Doc: sentences,
and which entity or quote covers a character offset."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from recoupe.records import Analysis, Entity, Quote

_NEXT = r"(?=[«“\"A-ZÀ-ÝÉÈ0-9])"
LONG_QUOTE = 6  # words: a direct quote this long is parsed on its own, without its incise
SENTENCE_END = re.compile(rf"(?<=[.!?…])[\s\u00a0]+{_NEXT}|(?<=[.!?…][»”\"])[\s\u00a0]+{_NEXT}"
                          rf"|(?<=[.!?…][\s\u00a0][»”])[\s\u00a0]+{_NEXT}|\n+")


@lru_cache(maxsize=16)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence or line of ``text``, stripped, empty ones dropped (cached:
    an article's denials, claims, figures and counts each read its sentences)."""
    out = []
    pos = 0
    for m in [*SENTENCE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        a, b = pos, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
        pos = m.end() if m else len(text)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Context:
    analysis: Analysis
    starts: tuple[int, ...]  # mention starts, sorted
    mentions: tuple[tuple[int, int, Entity], ...]
    quotes: tuple[Quote, ...]  # with a speaker

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity one of whose mentions overlaps [start, end)."""
        i = bisect.bisect_right(self.starts, start)
        for a, b, ent in self.mentions[max(0, i - 3):i + 3]:
            if a < end and start < b:
                return ent
        return None

    def quote_at(self, pos: int) -> Quote | None:
        inside = [q for q in self.quotes if q.start <= pos < q.end]
        return min(inside, key=lambda q: q.end - q.start, default=None)

    def quotes_in(self, start: int, end: int) -> list[Quote]:
        return [q for q in self.quotes if q.start < end and start < q.end]

    def last_person_before(self, pos: int, *, reach: int = 400) -> Entity | None:
        """The nearest person named before ``pos`` (for "il", "elle")."""
        best = None
        for a, _b, ent in self.mentions:
            if a >= pos:
                break
            if ent.type == "PER" and pos - a <= reach:
                best = ent
        return best

    def date_in(self, start: int, end: int) -> str | None:
        for d in self.analysis.dates:
            if start <= d.start < end and d.value and len(d.value) == 10 and d.kind != "duration":
                return d.value
        return None


def build_context(analysis: Analysis) -> Context:
    mentions = sorted(((m.start, m.end, e) for e in analysis.entities for m in e.mentions),
                      key=lambda x: x[:2])
    quotes = tuple(q for q in analysis.quotes if q.speaker)
    return Context(analysis, tuple(a for a, _, _ in mentions), tuple(mentions), quotes)


DATELINE = re.compile(r"[A-ZÀ-Ý][A-ZÀ-Ý'’. -]{1,40}(?:\s*\([^)\n]{1,30}\))?(?:,\s*(?:le\s+)?\d{1,2}(?:er)?\s+\w+"
                      r"(?:\s+\d{4})?)?\s*\([A-Za-zÀ-ÿ/ -]{2,20}\)\s*[-–—]\s*")


def strip_dateline(body: str, span: tuple[int, int]) -> tuple[int, int]:
    """A wire dateline ("KESSEL, 9 mars (APC) - ", "PARIS (AFP) - ") is no part of the sentence's grammar."""
    a, b = span
    m = DATELINE.match(body, a, b)
    return (m.end(), b) if m and m.end() < b else span


def units(body: str, ctx: Context) -> list[tuple[int, int]]:
    """Sentences of ``body``, long direct quotes apart (the parser reads them better alone)."""
    cuts = sorted((q.start, q.end) for q in ctx.quotes
                  if q.kind == "direct" and len(q.text.split()) >= LONG_QUOTE)
    out: list[tuple[int, int]] = []
    pos = 0
    for a, b in [*cuts, (len(body), len(body))]:
        if a < pos:
            continue
        out.extend((pos + x, pos + y) for x, y in sentences(body[pos:a]))
        out.extend((a + x, a + y) for x, y in sentences(body[a:b]))
        pos = b
    return [strip_dateline(body, (a, b)) for a, b in out if any(c.isalnum() for c in body[a:b])]
