"""Corpus views of the ``recoupe`` command: timeline, claims, stances, disputes,
signals and clusters. Thin wrappers over the store and ``recoupe.timeline``;
registered on the main app by ``recoupe.cli``."""

from __future__ import annotations

from typing import Annotated

import typer

from recoupe.cli import DbOpt, SettingsOpt, StatusOpt, _open_store, _settings, app, friendly_errors, print_rows
from recoupe.errors import RecoupeError


@app.command()
def timeline(
    entity: Annotated[str | None, typer.Option("--entity", help="statements by or about this entity")] = None,
    status: StatusOpt = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 200,
    db: DbOpt = None, settings_file: SettingsOpt = None,
) -> None:
    """Quotes and claims in date order, with their epistemic status."""
    from recoupe.timeline import timeline as build

    with friendly_errors(), _open_store(db, _settings(settings_file)) as store:
        rows = [[st.date or "?", "" if st.date_source == "text" else f"({st.date_source})", st.outlet or "",
                 st.speaker or "", st.kind, st.status, st.text]
                for st in build(store.analyses(), entity=entity, status=status)[:limit]]
        print_rows(["date", "date from", "outlet", "speaker", "kind", "status", "statement"], rows)


@app.command()
def claims(
    status: StatusOpt = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 200,
    db: DbOpt = None, settings_file: SettingsOpt = None,
) -> None:
    """Checkable claims (figures, agreements, decisions, meetings…) with their status."""
    from recoupe.extract.status import check_status

    with friendly_errors(), _open_store(db, _settings(settings_file)) as store:
        check_status(status)
        rows = []
        for analysis in store.analyses():
            for c in analysis.claims:
                if status is None or c.status == status:
                    rows.append([c.date or "?", analysis.article.outlet or "", c.kind, c.status,
                                 ", ".join(c.cues), c.text])
        rows.sort(key=lambda r: r[0])
        print_rows(["date", "outlet", "kind", "status", "cues", "claim"], rows[:limit])


@app.command()
def stances(
    issue: Annotated[str | None, typer.Option("--issue", help="issue id from the issues file")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="canonical actor name")] = None,
    db: DbOpt = None, settings_file: SettingsOpt = None,
) -> None:
    """Actors' positions on each issue over time, with the evidence."""
    with friendly_errors(), _open_store(db, _settings(settings_file)) as store:
        found = store.stances(issue=issue, actor=actor)
        if issue and not found and issue not in {st.issue for st in store.stances()}:
            raise RecoupeError(f"no stance on issue {issue!r} in the store (analyse with --issues FILE first)")
        rows = [[st.issue, st.actor, st.date or "?", st.stance, f"{st.confidence:.2f}", st.article_id, st.evidence]
                for st in sorted(found, key=lambda x: (x.issue, x.actor, x.date or ""))]
        print_rows(["issue", "actor", "date", "stance", "conf.", "article", "evidence"], rows)


@app.command()
def disputes(
    kind: Annotated[str | None, typer.Option("--kind", help="disagreement, shift, denial or factual")] = None,
    issue: Annotated[str | None, typer.Option("--issue")] = None,
    db: DbOpt = None, settings_file: SettingsOpt = None,
) -> None:
    """Where sources or actors contradict each other, with both sides' evidence."""
    with friendly_errors():
        if kind and kind not in {"disagreement", "shift", "denial", "factual"}:
            raise RecoupeError(f"unknown dispute kind {kind!r}; valid: disagreement, shift, denial, factual")
        with _open_store(db, _settings(settings_file)) as store:
            rows = [[d.kind, d.issue or "", f"{d.score:.2f}", f"{d.a.actor} ({d.a.article_id})", d.a.text,
                     f"{d.b.actor} ({d.b.article_id})", d.b.text] for d in store.disputes(kind=kind, issue=issue)]
            print_rows(["kind", "issue", "score", "a", "a says", "b", "b says"], rows)


@app.command()
def signals(
    article_id: Annotated[str | None, typer.Argument(help="one article id [default: all]")] = None,
    db: DbOpt = None, settings_file: SettingsOpt = None,
) -> None:
    """Reliability signals per article, each with its explanation (never a bare verdict)."""
    with friendly_errors(), _open_store(db, _settings(settings_file)) as store:
        rows = [[sig.article_id, sig.name, f"{sig.value:g}", sig.explanation]
                for sig in store.signals(article_id=article_id)]
        print_rows(["article", "signal", "value", "why"], rows)


@app.command()
def clusters(
    kind: Annotated[str | None, typer.Option("--kind", help="story or wire")] = None,
    db: DbOpt = None, settings_file: SettingsOpt = None,
) -> None:
    """Story clusters and wire-copy groups across outlets."""
    with friendly_errors(), _open_store(db, _settings(settings_file)) as store:
        rows = [[k, cid, str(len(members)), ", ".join(aid for aid, _ in members)]
                for k, groups in store.clusters(kind=kind).items() for cid, members in groups.items()]
        print_rows(["kind", "cluster", "articles", "members"], rows)
