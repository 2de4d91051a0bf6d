"""The web UI: server-rendered pages (Jinja2, autoescaped), readable without JavaScript.

JavaScript only draws the charts (Vega-Lite, vendored) from JSON specs
embedded in the page; each chart also has a plain table fallback.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote as urlquote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from recoupe.report import charts
from recoupe.report.labels import DISPUTE_LABELS, KIND_LABELS, STATUS_LABELS, TYPE_LABELS, date_fr, label, plural
from recoupe.web.aggregates import (
    dispute_id,
    entity_by_name,
    find_entities,
    issues,
    overview,
    recent_disputes,
    speaker_keys,
)
from recoupe.web.deps import AppState, state_of
from recoupe.web.markup import marked_article
from recoupe.web.queries import (
    MARK_CLOSE,
    MARK_OPEN,
    ArticleFilter,
    QuoteFilter,
    article_stances,
    list_articles,
    list_quotes,
)

TEMPLATES = Path(__file__).parent / "templates"
PAGE_SIZE = 25
router = APIRouter(include_in_schema=False)
Q = Annotated[str | None, Query(max_length=500)]


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(date_fr=date_fr, url=lambda v: urlquote(str(v), safe=""))
    env.globals.update(plural=plural, status_label=lambda c: label(STATUS_LABELS, c),
                       kind_label=lambda c: label(KIND_LABELS, c), type_label=lambda c: label(TYPE_LABELS, c),
                       stance_label=lambda c: charts.STANCE_LABELS.get(c or "", c or "—"),
                       dispute_label=lambda c: label(DISPUTE_LABELS, c))
    return env


def render(name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    return HTMLResponse(environment().get_template(name).render(**ctx), status_code=status)


def not_found(what: str) -> HTMLResponse:
    return render("error.html.j2", 404, title="Introuvable", message=what)


def snippet_parts(raw: str | None) -> list[tuple[str, bool]]:
    """A snippet as (text, is_match) pieces, so the template escapes each one."""
    out: list[tuple[str, bool]] = []
    for i, chunk in enumerate((raw or "").split(MARK_OPEN)):
        if i == 0:
            out.append((chunk, False))
            continue
        hit, _, rest = chunk.partition(MARK_CLOSE)
        out += [(hit, True), (rest, False)]
    return [p for p in out if p[0]]


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    state = state_of(request)
    ov = overview(state)
    _, recent, _ = list_articles(state.store.engine, ArticleFilter(), limit=10, offset=0)
    disputes = recent_disputes(state)
    return render("overview.html.j2", title="Vue d'ensemble", ov=ov, issue_labels=state.issue_labels, recent=recent,
                  issues=issues(state),
                  disputes=[(dispute_id(d), d) for d in disputes],
                  day_spec=charts.per_day_spec(ov.per_day),
                  outlet_spec=charts.bar_spec(ov.per_outlet, title="Articles par média", unit="articles"),
                  speaker_spec=charts.bar_spec(ov.top_speakers, title="Acteurs les plus cités", unit="citations",
                                               colour="#7a4fa3"))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Q = None, outlet: Q = None, entity: Q = None, issue: Q = None,
           date_from: Q = None, date_to: Q = None, page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> HTMLResponse:
    state = state_of(request)
    f = ArticleFilter(outlet=outlet or None, entity=entity or None, issue=issue or None, q=q or None,
                      date_from=_iso(date_from), date_to=_iso(date_to))
    total, rows, snippets = list_articles(state.store.engine, f, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    ents = find_entities(state, q)[:12] if q else []
    params = {k: v for k, v in {"q": q, "outlet": outlet, "entity": entity, "issue": issue,
                                "date_from": date_from, "date_to": date_to}.items() if v}
    return render("search.html.j2", title=f"Recherche : {q}" if q else "Articles", q=q or "", params=params,
                  rows=rows, total=total, page=page, pages=max(1, -(-total // PAGE_SIZE)), entities=ents,
                  snippets={k: snippet_parts(v) for k, v in snippets.items()})


def _iso(value: str | None) -> str | None:
    import re

    return value if value and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) else None


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str, sentence: Annotated[str | None, Query(max_length=40)] = None
            ) -> HTMLResponse:
    state = state_of(request)
    found = state.store.article(article_id)
    if found is None:
        return not_found(f"Aucun article n'a l'identifiant « {article_id} ».")
    focus = _span(sentence)
    quotes = sorted(found.quotes, key=lambda q: q.start)
    return render("article.html.j2", title=found.article.title or found.article.id, a=found.article,
                  body=marked_article(found, focus=focus), quotes=quotes, entities=found.entities,
                  dates=found.dates, signals=state.store.signals(article_id=article_id),
                  stances=article_stances(state.store.engine, article_id), focus=focus)


def _span(raw: str | None) -> tuple[int, int] | None:
    start, _, end = (raw or "").partition("-")
    return (int(start), int(end)) if start.isdigit() and end.isdigit() else None


@router.get("/entities/{name}", response_class=HTMLResponse)
def entity(request: Request, name: str) -> HTMLResponse:
    state = state_of(request)
    g = entity_by_name(state, name)
    if g is None:
        return not_found(f"Aucune entité ne s'appelle « {name} ».")
    _, quotes = list_quotes(state.store.engine, QuoteFilter(speaker_keys=tuple(speaker_keys(state, g.name))),
                            limit=100, offset=0)
    stances = sorted(state.store.stances(actor=g.name), key=lambda st: (st.date or "", st.issue))
    _, arts, _ = list_articles(state.store.engine, ArticleFilter(entity=g.name), limit=20, offset=0)
    spec = charts.stance_spec(stances, title=None) if stances else None
    return render("entity.html.j2", title=g.name, g=g, quotes=quotes, stances=stances, articles=arts, spec=spec)


@router.get("/issues/{issue_id}", response_class=HTMLResponse)
def issue(request: Request, issue_id: str) -> HTMLResponse:
    state = state_of(request)
    row = next((r for r in issues(state) if r.id == issue_id), None)
    if row is None:
        return not_found(f"Aucun enjeu « {issue_id} ».")
    stances = sorted(state.store.stances(issue=issue_id), key=lambda st: (st.date or "", st.actor))
    disputes = state.store.disputes(issue=issue_id)
    return render("issue.html.j2", title=row.label, row=row, stances=stances, issue_labels=state.issue_labels,
                  disputes=[(dispute_id(d), d) for d in disputes], spec=charts.stance_spec(stances))


@router.get("/disputes/{did}", response_class=HTMLResponse)
def dispute(request: Request, did: str) -> HTMLResponse:
    state: AppState = state_of(request)
    found = next((d for d in state.store.disputes() if dispute_id(d) == did), None)
    if found is None:
        return not_found(f"Aucun différend « {did} ».")
    titles = {a.article.id: a.article for a in state.store.analyses([found.a.article_id, found.b.article_id])}
    return render("dispute.html.j2", title="Différend", d=found, articles=titles,
                  issue_label=state.issue_labels.get(found.issue or "", found.issue))
