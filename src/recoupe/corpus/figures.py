"""Conflicting figures across articles: the same kind of figure — same unit, same
measured thing ("une trêve de 30 jours" / "de 45 jours") — given differently by
two articles whose sentences are about the same thing (word overlap).

:func:`article_figures` reads one article's figures (a pure function of the
article and the issues); :func:`figure_disputes` pairs figures. Figures are
compared only with figures of the same unit and measure, so a corpus pass can
pair the figures of new articles with the stored ones alone.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from recoupe.corpus.issue_links import IssueModel, text_links
from recoupe.corpus.stance_context import sentences
from recoupe.corpus.stance_lexicon import fold
from recoupe.extract.quantities import quantities_in
from recoupe.records import Analysis, Dispute, DisputeEnd

FACT_OVERLAP = 0.3
SKIP_UNITS = frozenset({"percent", "point", "year"})
WORD = re.compile(r"[a-z][a-z'-]{3,}")


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured figure of an article, with its sentence."""

    article_id: str
    seq: int  # position among the article's figures
    start: int  # the sentence
    end: int
    sentence: str
    unit: str
    measure_key: str  # fold(measure)
    measure: str
    value: float
    text: str  # the figure as written
    words: frozenset[str]  # the sentence's words
    issue: str | None  # the first issue the sentence links to
    source: str  # outlet, else credited source, else article id
    published: str | None

    @property
    def key(self) -> tuple[str, str]:
        return self.unit, self.measure_key

    @property
    def order(self) -> tuple[str, int]:
        return self.article_id, self.seq


def sentence_words(text: str) -> frozenset[str]:
    return frozenset(WORD.findall(fold(text)))


def article_figures(an: Analysis, models: Sequence[IssueModel]) -> list[Figure]:
    body, art = an.article.body, an.article
    source = art.outlet or art.credited_source or art.id
    out: list[Figure] = []
    for a, b in sentences(body):
        found = [q for q in quantities_in(body[a:b]) if q.measure and q.unit not in SKIP_UNITS]
        if not found:
            continue
        links = text_links(body[a:b], models)
        issue, words = (links[0][0] if links else None), sentence_words(body[a:b])
        for q in found:
            out.append(Figure(art.id, len(out), a, b, body[a:b], q.unit, fold(q.measure or ""), q.measure or "",
                              q.value, q.text, words, issue, source, art.published))
    return out


def _conflict(f1: Figure, f2: Figure) -> Dispute | None:
    if f1.article_id == f2.article_id or f1.key != f2.key:
        return None
    if abs(f1.value - f2.value) <= 0.01 * max(abs(f1.value), abs(f2.value)):
        return None
    overlap = len(f1.words & f2.words) / max(1, len(f1.words | f2.words))
    if overlap < FACT_OVERLAP:
        return None
    ends = [DisputeEnd(f.article_id, f.source, f.sentence, f.start, f.end, f.published) for f in (f1, f2)]
    why = f"{f1.text!r} vs {f2.text!r} ({f1.measure}, {f1.unit})"
    return Dispute("factual", f1.issue, ends[0], ends[1], round(overlap, 3), why)


def overlap_candidates(word_sets: Sequence[frozenset[str]], threshold: float) -> Iterator[tuple[int, int]]:
    """Every pair ``(i, j)``, ``i < j``, of ``word_sets`` whose Jaccard overlap may reach
    ``threshold`` (> 0), each once; a superset of the pairs that do (prefix filtering).

    Rank the words rarest first. Two sets that share ``o`` words share one among the first
    ``len(s) - o + 1`` words of each; a Jaccard of ``threshold`` or more means
    ``o >= threshold * len(s)`` for both sets. So a pair that passes shares a word of the
    two prefixes of ``len(s) - ceil(threshold * len(s)) + 1`` words, and only the sets
    holding a word are looked up: no longer every pair of a large group."""
    freq = Counter(w for words in word_sets for w in words)
    holders: dict[str, list[int]] = {}  # word -> the earlier sets with it in their prefix
    for j, words in enumerate(word_sets):
        ranked = sorted(words, key=lambda w: (freq[w], w))
        needed = math.ceil(threshold * len(ranked) - 1e-9)  # rounding can only lengthen the prefix
        seen: set[int] = set()
        for w in ranked[:len(ranked) - needed + 1]:
            for i in holders.get(w, ()):
                if i not in seen:
                    seen.add(i)
                    yield i, j
            holders.setdefault(w, []).append(j)


def figure_disputes(figures: Iterable[Figure], *, involving: set[str] | None = None) -> list[Dispute]:
    """Conflicts between figures of different articles, each pair once, in corpus order
    (article, then position); with ``involving``, only pairs with an article of that set.
    Only the pairs whose sentences can overlap enough are compared (``overlap_candidates``)."""
    by_key: dict[tuple[str, str], list[Figure]] = {}
    for f in sorted(figures, key=lambda f: f.order):
        by_key.setdefault(f.key, []).append(f)
    found: list[tuple[tuple[str, int], tuple[str, int], Dispute]] = []
    for group in by_key.values():
        for i, j in overlap_candidates([f.words for f in group], FACT_OVERLAP):
            f1, f2 = group[i], group[j]
            if involving is not None and f1.article_id not in involving and f2.article_id not in involving:
                continue
            d = _conflict(f1, f2)
            if d is not None:
                found.append((f1.order, f2.order, d))
    return [d for *_, d in sorted(found, key=lambda x: (x[0], x[1]))]
