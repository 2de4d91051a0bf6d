"""Corpus-wide aggregates (entity table, speakers, overview counts, issues).

Entity frequencies, aliases, speakers and article counts are read from the
summary tables (``recoupe.store.summary``), which every save keeps equal to
the raw rows: a page of entities reads one page of ``entity_stats`` by its
rank index. What depends on the corpus pass (issues, the top speakers under
their registry names) is computed once per store generation
(:func:`recoupe.web.queries.signature`) and cached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import and_, desc, func, select

from recoupe.records import Dispute, content_hash
from recoupe.store import schema as s
from recoupe.store.queries import speaker_names
from recoupe.store.rows import fold
from recoupe.web.deps import AppState
from recoupe.web.entity_search import EntityGroup, entity_by_name, entity_page, find_entities
from recoupe.web.queries import signature

__all__ = ["EntityGroup", "entity_by_name", "entity_page", "find_entities", "speaker_keys", "overview", "issues",
           "dispute_id", "top_speakers", "recent_disputes"]

T = TypeVar("T")
TOP_OUTLETS = 30
TOP_SPEAKERS = 15


def cached(state: AppState, name: str, build: Callable[[], T]) -> T:
    sig = signature(state.store.engine)
    hit = state.cache.get(name)
    if hit is not None and hit[0] == sig:
        return hit[1]
    value = build()
    state.cache[name] = (sig, value)
    return value


def speaker_keys(state: AppState, speaker: str) -> list[str]:
    """The folded quote speakers that ``speaker`` names, as whole words: a speaker's own name
    (``"martin"`` finds ``"paul martin"``) or any alias of the entity of that name (``"mme dubois"``)."""
    key = fold(speaker)
    if not key:
        return []
    with state.store.engine.connect() as conn:
        direct, aliased = speaker_names(conn, key)
    return sorted({*direct, *(name_key for _alias, name_key in aliased)} - {""})


def dispute_id(d: Dispute) -> str:
    """The id the store gives the dispute's row (a content hash)."""
    return content_hash(d.kind, d.issue, d.a, d.b)


@dataclass(frozen=True, slots=True)
class Overview:
    n_articles: int
    n_quotes: int
    n_entities: int
    n_stances: int
    n_disputes: int
    per_day: list[tuple[str, int]]
    per_outlet: list[tuple[str, int]]
    top_speakers: list[tuple[str, int]]
    first: str | None
    last: str | None


def top_speakers(state: AppState, *, limit: int = TOP_SPEAKERS) -> list[tuple[str, int]]:
    """Quote counts per speaker, one row per real-world entity: each article's spelling
    ("Veskovic") counted under its registry entity ("Dragan Vesković"). Cached per store
    generation: the registry names come from the corpus pass."""
    return cached(state, "top_speakers", lambda: _top_speakers(state, limit))


def _top_speakers(state: AppState, limit: int) -> list[tuple[str, int]]:
    q, link, entry = s.quotes, s.registry_links, s.registry_entries
    # each (article, folded name)'s registry name, as registry_read.canonical_names picks it: of two
    # same-named entities of one article, the last in (type, id); joined once, not looked up per quote
    rank = func.row_number().over(partition_by=[link.c.article_id, link.c.key],
                                  order_by=[link.c.type.desc(), link.c.entity_id.desc()]).label("rank")
    named = (select(link.c.article_id, link.c.key, entry.c.name, rank)
             .join(entry, entry.c.id == link.c.registry_id).subquery("named"))
    canonical = select(named.c.article_id, named.c.key, named.c.name).where(named.c.rank == 1).subquery("canonical")
    who = func.coalesce(canonical.c.name, q.c.speaker).label("who")
    n = func.count().label("n")
    stmt = (select(who, n)
            .select_from(q.outerjoin(canonical, and_(canonical.c.article_id == q.c.article_id,
                                                     canonical.c.key == q.c.speaker_key)))
            .where(q.c.speaker.is_not(None), func.coalesce(q.c.speaker_type, "") != "DESC")
            .group_by(who).order_by(desc(n), who).limit(limit))
    with state.store.engine.connect() as conn:
        return [(name, int(count)) for name, count in conn.execute(stmt)]


def recent_disputes(state: AppState, *, limit: int = 10) -> list[Dispute]:
    """The first disputes in the stored order (the home page's), cached per store generation."""
    return cached(state, "recent_disputes", lambda: state.store.disputes()[:limit])


def overview(state: AppState) -> Overview:
    """The home page's counts and charts, from the summary tables (the top speakers cached)."""
    d, c = s.article_days, s.summary_counts
    with state.store.engine.connect() as conn:
        counts: dict[str, int] = {}
        for key, n in conn.execute(select(c.c.key, c.c.n)):
            kind = key.split(":", 1)[0]
            counts[kind] = counts.get(kind, 0) + int(n)
        per_day = [(day, int(n)) for day, n in conn.execute(
            select(d.c.day, func.sum(d.c.n_articles)).where(d.c.day != "").group_by(d.c.day).order_by(d.c.day))]
        total = func.sum(d.c.n_articles).label("n")
        per_outlet = [(o or "?", int(n)) for o, n in conn.execute(
            select(d.c.outlet, total).group_by(d.c.outlet).order_by(desc(total), d.c.outlet).limit(TOP_OUTLETS))]
        n_stances, n_disputes = (int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                                 for t in (s.stances, s.disputes))
    return Overview(
        n_articles=counts.get("articles", 0), n_quotes=counts.get("quotes", 0), n_entities=counts.get("entities", 0),
        n_stances=n_stances, n_disputes=n_disputes, per_day=per_day, per_outlet=per_outlet,
        top_speakers=top_speakers(state), first=per_day[0][0] if per_day else None,
        last=per_day[-1][0] if per_day else None,
    )


@dataclass(frozen=True, slots=True)
class IssueRow:
    id: str
    label: str
    stances: int
    actors: int
    disputes: int


def issues(state: AppState) -> list[IssueRow]:
    return cached(state, "issues", lambda: _issues(state))


def _issues(state: AppState) -> list[IssueRow]:
    st, d = s.stances, s.disputes
    with state.store.engine.connect() as conn:
        counts = {i: (n, m) for i, n, m in conn.execute(
            select(st.c.issue, func.count(), func.count(func.distinct(st.c.actor_key))).group_by(st.c.issue)).all()}
        disputes: dict[str, int] = dict(conn.execute(
            select(d.c.issue, func.count()).where(d.c.issue.is_not(None)).group_by(d.c.issue)).all())
    ids = list(dict.fromkeys([*state.issue_labels, *sorted(counts), *sorted(disputes)]))
    return [IssueRow(i, state.issue_labels.get(i, i), *counts.get(i, (0, 0)), disputes.get(i, 0)) for i in ids]


def as_list(value: Any) -> list[Any]:
    return list(value) if value else []

