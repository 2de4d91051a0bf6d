"""Disputes: pairs of statements that cannot both hold, or that show a change.

- ``disagreement``: two actors, opposite stances on one issue — the
  strongest evidence pair per actor pair and issue;
- ``shift``: one actor whose stance on an issue changes from one article
  or date to the next (each change once, in date order);
- ``denial`` and ``factual``: see :mod:`recoupe.corpus.denials`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any

from recoupe.corpus.denials import denial_disputes, factual_disputes
from recoupe.corpus.issue_links import IssueModel
from recoupe.corpus.issues import Issue
from recoupe.records import Analysis, Dispute, DisputeEnd, Stance

OPPOSITE = (("support", "oppose"), ("oppose", "support"))  # a tuple: ties go the same way in every process


def _end(s: Stance) -> DisputeEnd:
    return DisputeEnd(s.article_id, s.actor, s.evidence, s.start, s.end, s.date, s.stance)


def disagreements(stances: Sequence[Stance], *, touching: set[tuple[str, str]] | None = None) -> list[Dispute]:
    """One per (issue, actor pair) with opposite stances: the most confident pair. With
    ``touching`` ((issue, actor) keys), only the pairs with one of those actors on that issue."""
    by_issue: dict[str, dict[str, dict[str, Stance]]] = defaultdict(lambda: defaultdict(dict))
    for s in stances:
        best = by_issue[s.issue][s.actor].get(s.stance)
        if best is None or s.confidence > best.confidence:
            by_issue[s.issue][s.actor][s.stance] = s
    out = []
    for issue, actors in sorted(by_issue.items()):
        names = sorted(actors)
        mine = [x for x in names if touching is None or (issue, x) in touching]
        couples = combinations(names, 2) if touching is None else sorted(
            {(min(x, y), max(x, y)) for x in mine for y in names if y != x})
        for x, y in couples:
            pairs = [(actors[x][p], actors[y][q]) for p, q in OPPOSITE if p in actors[x] and q in actors[y]]
            if not pairs:
                continue
            a, b = max(pairs, key=lambda ab: min(ab[0].confidence, ab[1].confidence))
            why = f"{a.actor} {a.stance}s and {b.actor} {b.stance}s {issue}"
            out.append(Dispute("disagreement", issue, _end(a), _end(b),
                               round(min(a.confidence, b.confidence), 3), why))
    return sorted(out, key=lambda d: -d.score)


def _when(s: Stance) -> tuple[str, str, int]:
    return (s.date or "", s.article_id, s.start)


def shifts(stances: Sequence[Stance]) -> list[Dispute]:
    """One actor, one issue, a different stance in a later article or at a later date."""
    by_key: dict[tuple[str, str], list[Stance]] = defaultdict(list)
    for s in stances:
        by_key[(s.actor, s.issue)].append(s)
    out = []
    for (actor, issue), group in sorted(by_key.items()):
        per_label: dict[tuple[str, str], Stance] = {}  # an article may tell of the change itself
        for s in sorted(group, key=lambda s: (-s.confidence, _when(s))):
            if s.stance != "neutral" or not any(k[0] == s.article_id for k in per_label):
                per_label.setdefault((s.article_id, s.stance), s)
        seq = sorted(per_label.values(), key=_when)
        for a, b in zip(seq, seq[1:], strict=False):
            if a.stance == b.stance or (a.date == b.date and a.article_id == b.article_id):
                continue
            why = f"{actor}: {a.stance} ({a.date or '?'}) then {b.stance} ({b.date or '?'}) on {issue}"
            score = round(min(a.confidence, b.confidence), 3)
            out.append(Dispute("shift", issue, _end(a), _end(b), score, why))
    return out


def corpus_disputes(stances: Sequence[Stance], analyses: Sequence[Analysis], *, issues: Sequence[Issue] = (),
                    models: Sequence[IssueModel] | None = None) -> list[Dispute]:
    """All disputes of a corpus. ``issues`` (or their compiled ``models``) link denied claims and figures
    to issues, and then only claims about an issue count; without them denials and figures carry no
    issue and only denials in the claim's own article are found."""
    if models is None:
        models = _text_models(issues)
    return [*disagreements(stances), *shifts(stances), *denial_disputes(analyses, models),
            *factual_disputes(analyses, models)]


def _text_models(issues: Sequence[Issue]) -> list[IssueModel]:
    """Parse-free issue models (term stems only): enough for the text linker."""
    from recoupe.corpus.issue_links import compile_text_issues

    return compile_text_issues(issues)


def _end_row(e: DisputeEnd) -> dict[str, Any]:
    return {"article": e.article_id, "actor": e.actor, "text": e.text, "start": e.start, "end": e.end,
            "date": e.date, "stance": e.stance}


def dispute_rows(disputes: Iterable[Dispute]) -> list[dict[str, Any]]:
    """GOLD.md ``disputes.jsonl`` rows (plus score, explanation and the ends' texts)."""
    return [{"kind": d.kind, "issue": d.issue, "a": _end_row(d.a), "b": _end_row(d.b), "score": d.score,
             "explanation": d.explanation} for d in disputes]
