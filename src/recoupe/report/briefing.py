"""The HTML briefing: one self-contained, offline, printable page per corpus."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from recoupe.records import Analysis, Dispute, Reject, Signal, Stance
from recoupe.report import charts, labels, stats
from recoupe.report.keypoints import Targets, key_points
from recoupe.report.people import people
from recoupe.report.views import article_view, chronological, quote_cards

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "briefing.html.j2"
DEFAULT_TITLE = "recoupe — briefing"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every piece of article text is escaped; only marks.py builds Markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date_fr"] = labels.date_fr
    env.globals.update(
        stance_label=lambda code: labels.label(labels.STANCE_LABELS, code),
        dispute_label=lambda code: labels.label(labels.DISPUTE_LABELS, code),
        plural=labels.plural,
        type_label=lambda code: labels.label(labels.TYPE_LABELS, code, default=""),
        stage_label=lambda code: labels.label(labels.STAGE_LABELS, code),
    )
    return env


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _status_rows(analyses: Sequence[Analysis]) -> list[tuple[str, str, int]]:
    counts: Counter[tuple[str, str]] = Counter()
    for a in analyses:
        if a.article.published:
            for q in a.quotes:
                counts[(a.article.published[:10], q.status or "asserted")] += 1
    return [(d, st, n) for (d, st), n in sorted(counts.items())]


def _sources(analyses: Sequence[Analysis], signals: Sequence[Signal]) -> list[dict[str, Any]]:
    """One row per article: outlet, date, credited source and its signals."""
    by_article: dict[str, list[Signal]] = defaultdict(list)
    for sig in signals:
        by_article[sig.article_id].append(sig)
    return [{"view": article_view(a), "signals": by_article.get(a.article.id, [])}
            for a in analyses if by_article.get(a.article.id) or a.article.outlet]


def _charts(analyses: Sequence[Analysis], stances: Sequence[Stance]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    rows = _status_rows(analyses)
    if rows:
        out["timeline"] = charts.status_timeline_spec(rows)
    if any(st.date for st in stances):
        out["stances"] = charts.stance_spec(stances)
    return out


def briefing_context(
    analyses: Sequence[Analysis], *, title: str, rejects: Sequence[Reject], generated: str,
    stances: Sequence[Stance] = (), disputes: Sequence[Dispute] = (), signals: Sequence[Signal] = (),
    issue_labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the template needs, as plain values (no records)."""
    ordered = chronological(analyses)
    specs = _charts(ordered, stances)
    targets = Targets(ordered)
    return {
        "key_points": key_points(ordered, stances=stances, disputes=disputes, issue_labels=issue_labels),
        "charts": specs,
        "chart_js": Markup(charts.vendor_js()) if specs else None,  # trusted vendored library, not article text
        "stances": sorted(stances, key=lambda st: (st.issue, st.date or "", st.actor)),
        "disputes": [(d, targets.cite(d.a.article_id, d.a.start, d.a.date),
                      targets.cite(d.b.article_id, d.b.start, d.b.date)) for d in disputes],
        "sources": _sources(ordered, signals),
        "issue_labels": issue_labels or {},
        "title": title,
        "generated": generated,
        "overview": stats.overview(ordered, rejects),
        "speakers": stats.speakers(ordered),
        "unnamed": stats.speakers(ordered, unnamed=True),
        "entities": stats.entities(ordered),
        "people": (persons := people(ordered)),
        "person_ids": {pp.name: pp.id for pp in persons},
        "cards": quote_cards(ordered),
        "articles": [article_view(a) for a in ordered],
        "rejects": list(rejects),
    }


def render_briefing(
    analyses: Sequence[Analysis],
    *,
    title: str = DEFAULT_TITLE,
    rejects: Sequence[Reject] = (),
    generated: str | None = None,
    stances: Sequence[Stance] = (),
    disputes: Sequence[Dispute] = (),
    signals: Sequence[Signal] = (),
    issue: str | None = None,
    issue_labels: dict[str, str] | None = None,
) -> str:
    """The briefing as one self-contained HTML string: key points with citations,
    a timeline chart, a stance chart, disputes, speakers, entities, sources and
    their signals, quote cards linking to their marked sentence, and rejects.

    ``issue`` keeps the stances and disputes of that issue only. ``generated`` is the
    timestamp shown in the header (now, in UTC, when ``None``).
    """
    if issue is not None:
        stances = [st for st in stances if st.issue == issue]
        disputes = [d for d in disputes if d.issue == issue]
    ctx = briefing_context(analyses, title=title, rejects=rejects, generated=generated or _now(), stances=stances,
                           disputes=disputes, signals=signals, issue_labels=issue_labels)
    return _environment().get_template(TEMPLATE).render(**ctx)


def write_briefing(path: str | Path, analyses: Sequence[Analysis], **kw: Any) -> Path:
    """Render the briefing (see :func:`render_briefing` for ``kw``) into ``path``; returns it."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_briefing(analyses, **kw), encoding="utf-8")
    return out
