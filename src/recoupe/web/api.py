"""The read side of the REST API (``/api/v1``): every list is paginated (limit, offset, total)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from recoupe.extract.status import STATUSES
from recoupe.web import convert
from recoupe.web import schemas as m
from recoupe.web.aggregates import dispute_id, entity_by_name, entity_page, issues, speaker_keys
from recoupe.web.deps import Page, State
from recoupe.web.errors import ApiError
from recoupe.web.queries import ArticleFilter, QuoteFilter, article_stances, list_articles, list_quotes

router = APIRouter(prefix="/api/v1", responses=m.ERRORS)

ISO = Annotated[str | None, Query(pattern=m.ISO_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")]
Text = Annotated[str | None, Query(max_length=500)]
ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
KINDS = ("direct", "indirect", "mixed")
DISPUTE_KINDS = ("disagreement", "shift", "denial", "factual")
DETAIL_CAP = 200


def _check(name: str, value: str | None, valid: tuple[str, ...]) -> None:
    if value is not None and value not in valid:
        raise ApiError(422, f"unknown {name} {value!r}; valid: {', '.join(valid)}", details={"valid": list(valid)})


@router.get("/articles", response_model=m.Page[m.ArticleSummary], tags=["articles"])
def articles(state: State, page: Page, outlet: Text = None, date_from: ISO = None, date_to: ISO = None,
             entity: Text = None, issue: Text = None,
             q: Annotated[str | None, Query(max_length=500, description="full-text query (title and body)")] = None,
             ) -> m.Page[m.ArticleSummary]:
    """Articles, newest first (best match first with ``q``), filtered by outlet, dates, entity, issue, text."""
    f = ArticleFilter(outlet=outlet, date_from=date_from, date_to=date_to, entity=entity, issue=issue, q=q)
    total, rows, snippets = list_articles(state.store.engine, f, limit=page.limit, offset=page.offset)
    items = [convert.article_summary(r, snippets.get(r.id)) for r in rows]
    return m.Page[m.ArticleSummary](items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/articles/{article_id}", response_model=m.ArticleDetail, tags=["articles"])
def article(state: State, article_id: str) -> m.ArticleDetail:
    """One article: body, entities with mentions, quotes, dates, claims, stances and signals."""
    found = state.store.article(article_id)
    if found is None:
        raise ApiError(404, f"no article with id {article_id!r}")
    return convert.article_detail(found, stances=article_stances(state.store.engine, article_id),
                                  signals=state.store.signals(article_id=article_id))


@router.get("/entities", response_model=m.Page[m.EntitySummary], tags=["entities"])
def entities(state: State, page: Page,
             q: Annotated[str | None, Query(max_length=200, description="words starting a name or alias")] = None,
             type: Annotated[str | None, Query(description="PER, ORG, LOC or MISC")] = None,
             ) -> m.Page[m.EntitySummary]:
    """Entities across the corpus, most widespread first; ``q`` searches names and aliases by word prefix."""
    _check("type", type, ENTITY_TYPES)
    total, found = entity_page(state, q, type=type, limit=page.limit, offset=page.offset)
    items = [convert.entity_summary(g) for g in found]
    return m.Page[m.EntitySummary](items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/entities/{name}", response_model=m.EntityDetail, tags=["entities"])
def entity(state: State, name: str, type: Annotated[str | None, Query()] = None) -> m.EntityDetail:
    """One entity by its name or any alias: aliases, mentions, the quotes it spoke, its stances over time."""
    _check("type", type, ENTITY_TYPES)
    g = entity_by_name(state, name, type=type)
    if g is None:
        raise ApiError(404, f"no entity named {name!r}")
    mentions = _mentions(state, g.name, g.type)
    _, quotes = list_quotes(state.store.engine, QuoteFilter(speaker_keys=tuple(speaker_keys(state, g.name))),
                            limit=DETAIL_CAP, offset=0)
    stances = sorted(state.store.stances(actor=g.name), key=lambda st: (st.date or "", st.issue))
    return m.EntityDetail(**convert.entity_summary(g).model_dump(), mentions_in=mentions,
                          quotes_by=[convert.quote_row_out(r) for r in quotes],
                          stances=[convert.stance_out(st) for st in stances])


def _mentions(state: State, name: str, etype: str) -> list[m.EntityMention]:
    from sqlalchemy import select

    from recoupe.store import schema as s

    e, x = s.entities, s.mentions  # by e.article_id: the ix_entities_group_article order, so the walk stops early
    stmt = (select(x.c.article_id, x.c.text, x.c.start, x.c.end).select_from(e).join(x, e.c.id == x.c.entity_id)
            .where(e.c.name == name, e.c.type == etype).order_by(e.c.article_id, x.c.start).limit(DETAIL_CAP))
    with state.store.engine.connect() as conn:
        return [m.EntityMention(article_id=a, text=t, start=st, end=en) for a, t, st, en in conn.execute(stmt)]


@router.get("/quotes", response_model=m.Page[m.QuoteOut], tags=["quotes"])
def quotes(state: State, page: Page,
           speaker: Annotated[str | None, Query(max_length=200, description="any name or alias of the speaker")] = None,
           issue: Text = None, status: Text = None, kind: Text = None, date_from: ISO = None, date_to: ISO = None,
           article_id: Text = None) -> m.Page[m.QuoteOut]:
    """Quotes, newest article first, filtered by speaker (any alias), issue, status, kind and dates."""
    _check("status", status, STATUSES)
    _check("kind", kind, KINDS)
    keys = None if speaker is None else tuple(speaker_keys(state, speaker))
    f = QuoteFilter(speaker_keys=keys, issue=issue, status=status, kind=kind, date_from=date_from, date_to=date_to,
                    article_id=article_id)
    total, rows = list_quotes(state.store.engine, f, limit=page.limit, offset=page.offset)
    return m.Page[m.QuoteOut](items=[convert.quote_row_out(r) for r in rows], total=total, limit=page.limit,
                              offset=page.offset)


@router.get("/issues", response_model=m.Page[m.IssueOut], tags=["issues"])
def issue_list(state: State, page: Page) -> m.Page[m.IssueOut]:
    """Issues with stances or disputes (and those of the issues file, if the app has one)."""
    rows = issues(state)
    items = [m.IssueOut(id=r.id, label=r.label, stances=r.stances, actors=r.actors, disputes=r.disputes)
             for r in rows[page.offset:page.offset + page.limit]]
    return m.Page[m.IssueOut](items=items, total=len(rows), limit=page.limit, offset=page.offset)


@router.get("/issues/{issue_id}", response_model=m.IssueDetail, tags=["issues"])
def issue(state: State, issue_id: str) -> m.IssueDetail:
    """One issue: every actor's stances (by date) and the disputes about it."""
    row = next((r for r in issues(state) if r.id == issue_id), None)
    if row is None:
        raise ApiError(404, f"no issue {issue_id!r}")
    stances = sorted(state.store.stances(issue=issue_id), key=lambda st: (st.date or "", st.actor))
    return m.IssueDetail(id=row.id, label=row.label, stances=row.stances, actors=row.actors, disputes=row.disputes,
                         stance_list=[convert.stance_out(st) for st in stances],
                         dispute_list=[convert.dispute_out(d) for d in state.store.disputes(issue=issue_id)])


@router.get("/stances", response_model=m.Page[m.StanceOut], tags=["issues"])
def stances(state: State, page: Page, issue: Text = None, actor: Text = None) -> m.Page[m.StanceOut]:
    """Stances, by issue then actor then date."""
    found = state.store.stances(issue=issue, actor=actor)
    return m.Page[m.StanceOut](items=[convert.stance_out(st) for st in found[page.offset:page.offset + page.limit]],
                               total=len(found), limit=page.limit, offset=page.offset)


@router.get("/disputes", response_model=m.Page[m.DisputeOut], tags=["disputes"])
def disputes(state: State, page: Page, kind: Text = None, issue: Text = None) -> m.Page[m.DisputeOut]:
    """Disputes (disagreements, shifts, denials, factual contradictions) with both sides."""
    _check("kind", kind, DISPUTE_KINDS)
    found = state.store.disputes(kind=kind, issue=issue)
    return m.Page[m.DisputeOut](items=[convert.dispute_out(d) for d in found[page.offset:page.offset + page.limit]],
                                total=len(found), limit=page.limit, offset=page.offset)


@router.get("/disputes/{dispute_id}", response_model=m.DisputeOut, tags=["disputes"])
def dispute(state: State, dispute_id_: Annotated[str, Path(alias="dispute_id")]) -> m.DisputeOut:
    """One dispute with both sides."""
    found = next((d for d in state.store.disputes() if dispute_id(d) == dispute_id_), None)
    if found is None:
        raise ApiError(404, f"no dispute with id {dispute_id_!r}")
    return convert.dispute_out(found)


@router.get("/clusters", response_model=m.Page[m.ClusterOut], tags=["clusters"])
def clusters(state: State, page: Page,
             kind: Annotated[str | None, Query(description="story or wire")] = None) -> m.Page[m.ClusterOut]:
    """Story clusters and wire-copy groups, each with its member articles."""
    found = [m.ClusterOut(kind=k, cluster_id=cid, members=[m.ClusterMember(article_id=a, score=sc) for a, sc in mem])
             for k, groups in state.store.clusters(kind=kind).items() for cid, mem in groups.items()]
    return m.Page[m.ClusterOut](items=found[page.offset:page.offset + page.limit], total=len(found),
                                limit=page.limit, offset=page.offset)


@router.get("/signals", response_model=m.Page[m.SignalOut], tags=["signals"])
def signals(state: State, page: Page, article_id: Text = None, name: Text = None) -> m.Page[m.SignalOut]:
    """Reliability signals of articles, each with its explanation and evidence spans."""
    found = [sig for sig in state.store.signals(article_id=article_id) if name is None or sig.name == name]
    return m.Page[m.SignalOut](items=[convert.signal_out(sig) for sig in found[page.offset:page.offset + page.limit]],
                               total=len(found), limit=page.limit, offset=page.offset)
