"""The briefing of a stored corpus (``recoupe brief``): analyses plus derived tables from a Store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from recoupe.errors import RecoupeError
from recoupe.report.briefing import DEFAULT_TITLE, write_briefing

if TYPE_CHECKING:
    from recoupe.store import Store


def write_store_briefing(
    store: Store, path: str | Path, *, issue: str | None = None, issue_labels: dict[str, str] | None = None,
    title: str | None = None,
) -> Path:
    """Write the briefing of every stored article into ``path``; with ``issue``, of the
    articles that take a stance on it or hold one side of one of its disputes."""
    stances = store.stances(issue=issue)
    disputes = store.disputes(issue=issue)
    ids: list[str] | None = None
    if issue is not None:
        ids = sorted({st.article_id for st in stances} | {e.article_id for d in disputes for e in (d.a, d.b)})
        if not ids:
            known = sorted({st.issue for st in store.stances()} | {d.issue for d in store.disputes() if d.issue})
            raise RecoupeError(f"no stance or dispute on issue {issue!r} in the store; "
                               f"issues found: {', '.join(known) or 'none'}")
    analyses = list(store.analyses(ids))
    wanted = {a.article.id for a in analyses}
    signals = [sig for sig in store.signals() if sig.article_id in wanted]
    labels = issue_labels or {}
    default = f"recoupe — {labels.get(issue, issue)}" if issue else DEFAULT_TITLE
    return write_briefing(path, analyses, rejects=store.rejects() if issue is None else (), stances=stances,
                          disputes=disputes, signals=signals, issue=issue, issue_labels=labels,
                          title=title or default)
