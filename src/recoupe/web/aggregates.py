"""Corpus-wide aggregates (entity table, overview counts, issues), cached per store state.

Grouping every entity row of a large store takes longer than a request
should, so each aggregate is computed once and kept until
:func:`recoupe.web.queries.signature` (article count, last analysis time,
derived row counts) changes.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import desc, func, select

from recoupe.records import Dispute, content_hash
from recoupe.store import schema as s
from recoupe.store.rows import fold
from recoupe.web.deps import AppState
from recoupe.web.queries import signature

T = TypeVar("T")
TOP_OUTLETS = 30


def cached(state: AppState, name: str, build: Callable[[], T]) -> T:
    sig = signature(state.store.engine)
    hit = state.cache.get(name)
    if hit is not None and hit[0] == sig:
        return hit[1]
    value = build()
    state.cache[name] = (sig, value)
    return value


@dataclass(slots=True)
class EntityGroup:
    name: str
    type: str
    articles: int
    mentions: int
    quotes: int = 0
    aliases: list[str] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)  # folded name and aliases, for search


def entity_groups(state: AppState) -> list[EntityGroup]:
    """Every (name, type) of the corpus, most widespread first."""
    return cached(state, "entities", lambda: _entity_groups(state))


def _entity_groups(state: AppState) -> list[EntityGroup]:
    """Counts grouped in SQL; aliases read once per distinct alias list (most rows have none or repeat)."""
    e, q = s.entities, s.quotes
    n_articles = func.count(func.distinct(e.c.article_id))
    groups: dict[tuple[str, str], EntityGroup] = {}
    with state.store.engine.connect() as conn:
        for name, etype, key, n_art, n_men in conn.execute(
                select(e.c.name, e.c.type, func.min(e.c.name_key), n_articles, func.sum(e.c.n_mentions))
                .group_by(e.c.name, e.c.type)):
            groups[(name, etype)] = EntityGroup(name, etype, int(n_art), int(n_men or 0), keys={key})
        for name, etype, raw in conn.execute(
                select(e.c.name, e.c.type, e.c.aliases).where(e.c.aliases != "[]").distinct()):
            g = groups[(name, etype)]
            for alias in json.loads(raw):
                if alias != name and alias not in g.aliases:
                    g.aliases.append(alias)
                    g.keys.add(fold(alias))
        by_key = select(q.c.speaker_key, func.count()).group_by(q.c.speaker_key)
        spoken: Counter[str] = Counter(dict(conn.execute(by_key).all()))
    for g in groups.values():
        g.quotes = spoken.get(fold(g.name), 0) if g.type != "LOC" else 0
        g.aliases.sort()
    return sorted(groups.values(), key=lambda g: (-g.articles, -g.mentions, g.name.casefold(), g.type))


def speaker_keys(state: AppState, speaker: str) -> list[str]:
    """The folded quote speakers that ``speaker`` names, as whole words: a speaker's own name
    (``"martin"`` finds ``"paul martin"``) or any alias of the entity of that name (``"mme dubois"``)."""
    key = fold(speaker)
    if not key:
        return []
    padded = f" {key} "
    spoken = cached(state, "speakers", lambda: _spoken(state))
    keys = {k for k in spoken if padded in f" {k} "}
    for g in entity_groups(state):
        if any(padded in f" {k} " for k in g.keys):
            keys.add(fold(g.name))
    return sorted(keys & spoken)


def _spoken(state: AppState) -> set[str]:
    q = s.quotes
    with state.store.engine.connect() as conn:
        return {k for k in conn.execute(select(q.c.speaker_key).distinct()).scalars() if k}


def find_entities(state: AppState, q: str | None, *, type: str | None = None) -> list[EntityGroup]:
    """Entities whose name or any alias contains ``q`` (accents and case ignored)."""
    key = fold(q) if q else ""
    out = []
    for g in entity_groups(state):
        if type and g.type != type:
            continue
        if key and not any(key in k for k in g.keys):
            continue
        out.append(g)
    if key:  # exact names and aliases first
        out.sort(key=lambda g: key not in g.keys)
    return out


def entity_by_name(state: AppState, name: str, *, type: str | None = None) -> EntityGroup | None:
    key = fold(name)
    exact = [g for g in entity_groups(state) if (type is None or g.type == type) and key in g.keys]
    primary = [g for g in exact if fold(g.name) == key]
    found = primary or exact
    return found[0] if found else None


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


def top_speakers(state: AppState, per_article: Any, *, limit: int) -> list[tuple[str, int]]:
    """Quote counts per speaker, one row per real-world entity: each article's
    spelling ("Veskovic") counted under its registry entity ("Dragan Vesković")."""
    from recoupe.corpus.registry_read import canonical_names
    from recoupe.store.rows import fold

    canon = canonical_names(state.store)
    counts: dict[str, int] = {}
    for article_id, speaker, n in per_article:
        name = canon.get((article_id, fold(speaker)), speaker)
        counts[name] = counts.get(name, 0) + n
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def overview(state: AppState) -> Overview:
    return cached(state, "overview", lambda: _overview(state))


def _overview(state: AppState) -> Overview:
    a, q = s.articles, s.quotes
    day = func.substr(a.c.published, 1, 10)
    count_col = func.count().label("n")
    with state.store.engine.connect() as conn:
        per_day = [(d, n) for d, n in conn.execute(
            select(day, func.count()).where(a.c.published.is_not(None)).group_by(day).order_by(day)).all()]
        per_outlet = [(o or "?", n) for o, n in conn.execute(
            select(a.c.outlet, count_col).group_by(a.c.outlet).order_by(desc(count_col)).limit(TOP_OUTLETS)).all()]
        per_article = conn.execute(
            select(q.c.article_id, q.c.speaker, count_col)
            .where(q.c.speaker.is_not(None), func.coalesce(q.c.speaker_type, "") != "DESC")
            .group_by(q.c.article_id, q.c.speaker)).all()
        stats = state.store.stats()
    speakers = top_speakers(state, per_article, limit=15)
    return Overview(
        n_articles=stats["articles"], n_quotes=stats["quotes"], n_entities=len(entity_groups(state)),
        n_stances=stats["stances"], n_disputes=stats["disputes"], per_day=per_day, per_outlet=per_outlet,
        top_speakers=speakers, first=per_day[0][0] if per_day else None, last=per_day[-1][0] if per_day else None,
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
