"""The HTML briefing: one self-contained, offline, printable page per corpus."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from recoupe.records import Analysis, Reject
from recoupe.report import labels, stats
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
        plural=labels.plural,
        type_label=lambda code: labels.label(labels.TYPE_LABELS, code, default=""),
        stage_label=lambda code: labels.label(labels.STAGE_LABELS, code),
    )
    return env


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def briefing_context(
    analyses: Sequence[Analysis], *, title: str, rejects: Sequence[Reject], generated: str
) -> dict[str, Any]:
    """Everything the template needs, as plain values (no records)."""
    ordered = chronological(analyses)
    return {
        "title": title,
        "generated": generated,
        "overview": stats.overview(ordered, rejects),
        "speakers": stats.speakers(ordered),
        "unnamed": stats.speakers(ordered, unnamed=True),
        "entities": stats.entities(ordered),
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
) -> str:
    """The briefing as one HTML string: counts, articles, speakers, entities,
    quote cards linking to their marked sentence, and rejects with reasons.

    ``generated`` is the timestamp shown in the header (now, in UTC, when ``None``).
    """
    ctx = briefing_context(analyses, title=title, rejects=rejects, generated=generated or _now())
    return _environment().get_template(TEMPLATE).render(**ctx)


def write_briefing(path: str | Path, analyses: Sequence[Analysis], **kw: Any) -> Path:
    """Render the briefing (see :func:`render_briefing` for ``kw``) into ``path``; returns it."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_briefing(analyses, **kw), encoding="utf-8")
    return out
