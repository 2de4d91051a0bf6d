"""Find quoted passages in French text, recovering from unbalanced marks.

Works on characters only (no spaCy): « », “ ”, "…", ″…″ with any spacing
(plain, no-break or narrow no-break spaces). A quote that never closes is
closed at the end of its paragraph or at a mismatched mark that stands in
closing position ("… de paix« , a-t-il dit"); a paragraph that reopens a
quote left open by the previous one continues it (multi-paragraph quote).
Nested quotes (“ ” or " " inside « ») stay inside the outer quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = {"«": "»", "“": "”", "„": "“", '"': '"', "″": "″"}
CLOSERS = frozenset({"»", "”", '"', "″"})
QUOTE_CHARS = frozenset('«»“”„"″')
SPACES = " \t\u00a0\u202f\u2009"
TRIM = SPACES + ",;"


@dataclass(frozen=True, slots=True)
class Marked:
    """A quoted passage: ``[start, end)`` is its text, ``[open_at, close_at)``
    the passage with its marks; ``closed`` is False when recovered."""

    start: int
    end: int
    open_at: int
    close_at: int
    closed: bool
    paragraph: int  # index of the paragraph it starts in
    pieces: tuple[tuple[int, int], ...] = ()  # text pieces when it spans paragraphs

    def text(self, full: str) -> str:
        parts = self.pieces or ((self.start, self.end),)
        words = " ".join(strip_marks(full[a:b]) for a, b in parts)
        return re.sub(r"\s+", " ", words).strip()


def strip_marks(s: str) -> str:
    """The text without quotation marks (nested ones included)."""
    s = re.sub(r"[«»“”„\"″]", " ", s)
    return re.sub(r"[ \t\u00a0\u202f\u2009]+", " ", s).strip(TRIM)


def paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _closing_position(text: str, i: int, lo: int, hi: int) -> bool:
    """A mark glued to the preceding word and followed by space, punctuation
    or the paragraph end stands where a closing mark would."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if before in SPACES:
        return after in SPACES or after in ",.;:!?)"
    return after in SPACES or not after.isalnum()


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in TRIM:
        a += 1
    while b > a and text[b - 1] in TRIM:
        b -= 1
    return a, b


def _scan_paragraph(text: str, lo: int, hi: int, pi: int) -> list[Marked]:
    out: list[Marked] = []
    open_at: int | None = None
    opener = ""
    nested: list[str] = []

    def close(at: int, end_mark: int, closed: bool) -> None:
        assert open_at is not None
        a, b = _trimmed(text, open_at + 1, at)
        if b > a:
            out.append(Marked(a, b, open_at, end_mark, closed, pi))

    for i in range(lo, hi):
        c = text[i]
        if c not in QUOTE_CHARS:
            continue
        closing = _closing_position(text, i, lo, hi)
        if open_at is None:
            glued = closing and i > lo and text[i - 1] not in SPACES
            if c in OPENERS and not glued:  # a stray mark glued to a word opens nothing
                open_at, opener, nested = i, c, []
            continue
        if nested:
            if c == OPENERS[nested[-1]] or (c in CLOSERS and closing):
                nested.pop()
            elif not closing and c in OPENERS:
                nested.append(c)
            continue
        if c == OPENERS[opener] or closing:
            close(i, i + 1, c == OPENERS[opener])
            open_at = None
        elif c == opener == "«":  # reopened without closing: close before it
            close(i, i, False)
            open_at, nested = i, []
        elif c in OPENERS:
            nested.append(c)
    if open_at is not None:
        close(hi, hi, False)
    return out


def find_marked(text: str) -> list[Marked]:
    """Every quoted passage of ``text``, multi-paragraph ones joined."""
    found: list[Marked] = []
    for pi, (lo, hi) in enumerate(paragraphs(text)):
        for q in _scan_paragraph(text, lo, hi, pi):
            prev = found[-1] if found else None
            if (
                prev is not None
                and not prev.closed
                and prev.close_at == _para_end(text, prev.open_at)
                and q.paragraph == prev.paragraph + 1
                and text[lo : q.open_at].strip(SPACES) == ""
            ):
                pieces = (prev.pieces or ((prev.start, prev.end),)) + ((q.start, q.end),)
                found[-1] = Marked(prev.start, q.end, prev.open_at, q.close_at, q.closed, prev.paragraph, pieces)
            else:
                found.append(q)
    return found


def _para_end(text: str, at: int) -> int:
    nl = text.find("\n", at)
    end = len(text) if nl < 0 else nl
    return end


def word_count(s: str) -> int:
    return len(re.findall(r"\w+", s))
