"""Key points of the briefing: short French sentences, each with citations to its evidence.

Built from counts only (no generation): the most quoted speaker, each
issue's camps, the strongest disputes, denied and conditional statements.
Every point cites the sentences it rests on (links into the texts).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from recoupe.records import Analysis, Dispute, Stance
from recoupe.report.labels import DISPUTE_LABELS, STATUS_LABELS, label, plural
from recoupe.report.marks import anchor_id, span_ok
from recoupe.report.stats import is_unnamed
from recoupe.report.views import section_id

MAX_POINTS = 8
MAX_CITES = 4
CAUTIOUS = ("denied", "conditional", "hedged", "anonymous")


@dataclass(frozen=True, slots=True)
class Cite:
    target: str  # fragment id in the page
    label: str  # "Le Courrier, 9 mars"


@dataclass(frozen=True, slots=True)
class KeyPoint:
    text: str
    cites: tuple[Cite, ...]


class Targets:
    """Where a span of an article can be linked: its quote mark when one starts there, else the article."""

    def __init__(self, analyses: Sequence[Analysis]) -> None:
        self.starts = {(a.article.id, q.start) for a in analyses for q in a.quotes
                       if span_ok(a.article.body, q.start, q.end)}
        self.names = {a.article.id: a.article.outlet or a.article.id for a in analyses}

    def cite(self, article_id: str, start: int | None, date: str | None = None) -> Cite | None:
        if article_id not in self.names:
            return None
        linked = start is not None and (article_id, start) in self.starts
        target = anchor_id(article_id, start) if linked and start is not None else section_id(article_id)
        return Cite(target, self.names[article_id] + (f", {date}" if date else ""))


def _cites(items: list[Cite | None]) -> tuple[Cite, ...]:
    seen: dict[str, Cite] = {}
    for c in items:
        if c is not None and c.target not in seen:
            seen[c.target] = c
    return tuple(seen.values())[:MAX_CITES]


def speaker_point(analyses: Sequence[Analysis], t: Targets) -> KeyPoint | None:
    counts: Counter[str] = Counter()
    where: dict[str, list[Cite | None]] = defaultdict(list)
    arts: dict[str, set[str]] = defaultdict(set)
    for a in analyses:
        for q in a.quotes:
            if q.speaker and not is_unnamed(q):
                counts[q.speaker] += 1
                arts[q.speaker].add(a.article.id)
                where[q.speaker].append(t.cite(a.article.id, q.start, a.article.published))
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return KeyPoint(f"{name} est l'intervenant le plus cité : {plural(n, 'citation')} dans "
                    f"{plural(len(arts[name]), 'article')}.", _cites(where[name]))


def issue_points(stances: Sequence[Stance], labels: dict[str, str], t: Targets) -> list[KeyPoint]:
    by_issue: dict[str, dict[str, list[Stance]]] = defaultdict(lambda: defaultdict(list))
    for st in stances:
        by_issue[st.issue][st.stance].append(st)
    points = []
    for issue, camps in sorted(by_issue.items(), key=lambda kv: -sum(len(v) for v in kv[1].values())):
        parts = []
        for stance, word in (("support", "pour"), ("oppose", "contre")):
            actors = list(dict.fromkeys(st.actor for st in camps.get(stance, [])))
            if actors:
                parts.append(f"{word} : {', '.join(actors[:5])}{' …' if len(actors) > 5 else ''}")
        if not parts:
            continue
        evidence = [t.cite(st.article_id, st.quote_start if st.quote_start is not None else st.start, st.date)
                    for stance in ("support", "oppose") for st in camps.get(stance, [])]
        points.append(KeyPoint(f"{labels.get(issue, issue)} — {' ; '.join(parts)}.", _cites(evidence)))
    return points


def dispute_points(disputes: Sequence[Dispute], t: Targets, *, top: int = 3) -> list[KeyPoint]:
    points = []
    for d in sorted(disputes, key=lambda d: -d.score)[:top]:
        text = f"{label(DISPUTE_LABELS, d.kind).capitalize()} : {d.a.actor} / {d.b.actor}"
        text += f" — {d.explanation}" if d.explanation else "."
        points.append(KeyPoint(text, _cites([t.cite(d.a.article_id, d.a.start, d.a.date),
                                             t.cite(d.b.article_id, d.b.start, d.b.date)])))
    return points


def caution_point(analyses: Sequence[Analysis], t: Targets) -> KeyPoint | None:
    counts: Counter[str] = Counter()
    cites: list[Cite | None] = []
    total = 0
    for a in analyses:
        for q in a.quotes:
            total += 1
            if q.status in CAUTIOUS:
                counts[q.status] += 1
                cites.append(t.cite(a.article.id, q.start, a.article.published))
    if not counts:
        return None
    detail = ", ".join(f"{n} {label(STATUS_LABELS, s)}" for s, n in counts.most_common())
    return KeyPoint(f"{sum(counts.values())} déclarations sur {total} sont à prendre avec précaution ({detail}).",
                    _cites(cites))


def key_points(analyses: Sequence[Analysis], *, stances: Sequence[Stance] = (), disputes: Sequence[Dispute] = (),
               issue_labels: dict[str, str] | None = None) -> list[KeyPoint]:
    t = Targets(analyses)
    points = [speaker_point(analyses, t), *issue_points(stances, issue_labels or {}, t),
              *dispute_points(disputes, t), caution_point(analyses, t)]
    return [p for p in points if p is not None][:MAX_POINTS]
