"""The API's read queries: filtered, paginated lists (SQL ``LIMIT/OFFSET`` plus a count).

Pages walk an index in the list's order and stop at the page's end; totals
come from the summary tables (``recoupe.store.summary``) when the filters
allow (no filter, outlet and dates, quote status and kind, speakers), else
from a count over the filter's own index.
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, literal_column, or_, select, text, union_all

from recoupe.records import Stance
from recoupe.store import fulltext, summary
from recoupe.store import schema as s
from recoupe.store.postgres import index_plans
from recoupe.store.queries import SORT_MAX, newest_first, newest_quotes
from recoupe.store.rows import fold

MARK_OPEN, MARK_CLOSE = fulltext.MARK_OPEN, fulltext.MARK_CLOSE  # around the matched words of a snippet


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    entity: str | None = None
    issue: str | None = None
    q: str | None = None


DAY = 10  # characters of an ISO day


def entity_article_ids(key: str) -> Any:
    """Articles naming an entity whose folded name or alias is ``key``."""
    e, n = s.entities, s.entity_names
    return union_all(select(e.c.article_id).where(e.c.name_key == key), select(n.c.article_id).where(n.c.key == key))


def _article_where(f: ArticleFilter, dialect: str) -> list[Any]:
    a = s.articles
    where: list[Any] = []
    if f.outlet:
        where.append(func.lower(a.c.outlet) == f.outlet.lower())  # served by ix_articles_outlet
    if f.date_from:
        where.append(a.c.published >= f.date_from)
    if f.date_to:  # an empty date is not before any date
        where += [func.substr(a.c.published, 1, len(f.date_to)) <= f.date_to, a.c.published != ""]
    if f.entity is not None:
        # SQLite: "+id" (no index on the id for this test) makes it walk the newest-first index and check
        # each article against the (covering-index built) id list, stopping at the page's end
        aid = literal_column("+articles.id") if dialect == "sqlite" else a.c.id
        where.append(aid.in_(entity_article_ids(fold(f.entity))))
    if f.issue:
        where.append(a.c.id.in_(select(s.stances.c.article_id).where(s.stances.c.issue == f.issue)))
    return where


def _summary_total(conn: Any, f: ArticleFilter) -> int | None:
    """The number of articles that outlet and date filters alone select, from ``article_days``
    (``published >= X`` and ``substr(published, 1, n) <= X`` depend on its first 10 characters
    only, for the ISO dates the API accepts); ``None`` for other filters."""
    if f.entity is not None or f.issue or f.q or max(len(f.date_from or ""), len(f.date_to or "")) > DAY:
        return None
    if not (f.outlet or f.date_from or f.date_to):
        return _counter(conn, "articles")
    d = s.article_days
    where = []
    if f.outlet:
        where.append(func.lower(d.c.outlet) == f.outlet.lower())
    if f.date_from:
        where.append(d.c.day >= f.date_from)
    if f.date_to:
        where += [d.c.day != "", func.substr(d.c.day, 1, len(f.date_to)) <= f.date_to]
    return int(conn.execute(select(func.coalesce(func.sum(d.c.n_articles), 0)).where(*where)).scalar_one())


def _counter(conn: Any, key: str) -> int:
    return int(conn.execute(select(s.summary_counts.c.n).where(s.summary_counts.c.key == key)).scalar() or 0)


def list_articles(
    engine: Engine, f: ArticleFilter, *, limit: int, offset: int
) -> tuple[int, list[Any], dict[str, str]]:
    """``(total, rows, snippets by id)``; with a full-text query, best match first, else newest first."""
    a = s.articles
    cols = [a.c.id, a.c.title, a.c.outlet, a.c.published, a.c.url, a.c.author]
    where = _article_where(f, engine.dialect.name)
    if f.q and not fulltext.terms(f.q):
        return 0, [], {}
    found = fulltext.match(engine.dialect.name, f.q) if f.q else None
    params: dict[str, Any] = {}
    with engine.connect() as conn, index_plans(conn) if found is not None else nullcontext():
        if found is not None and not where:  # the search alone: rank the hits, then read one page of articles
            n_hits, page = fulltext.ranked(conn, found, limit=limit, offset=offset)
            ids = [aid for aid, _ in page]
            by_id = {r.id: r for r in conn.execute(select(*cols).where(a.c.id.in_(ids)))}
            hits_rows = [by_id[i] for i in ids if i in by_id]
            return n_hits, hits_rows, fulltext.snippets(conn, found, [r.id for r in hits_rows])
        if found is not None:
            hits = found.hits
            base = select(*cols).join(hits, hits.c.aid == a.c.id).where(*where)
            params, order = found.params, [hits.c.rank, a.c.id]
        elif f.q:  # no full-text search on this backend: a plain case-insensitive substring match
            like = f"%{f.q}%"
            base = select(*cols).where(*where, or_(a.c.title.ilike(like), a.c.body.ilike(like)))
            order = newest_first(a)
        else:
            base = select(*cols).where(*where)
            order = newest_first(a)
        total = _summary_total(conn, f)
        if total is None:
            counted = base.subquery()
            if f.entity is not None and not (f.q or f.outlet or f.date_from or f.date_to or f.issue):
                key = fold(f.entity)  # the entity alone: count its distinct articles from the covering indexes
                counted = select(s.entities.c.article_id).where(s.entities.c.name_key == key).union(
                    select(s.entity_names.c.article_id).where(s.entity_names.c.key == key)).subquery()
            total = conn.execute(select(func.count()).select_from(counted), params).scalar_one()
        rows = list(conn.execute(base.order_by(*order).limit(limit).offset(offset), params).all())
        snippets = fulltext.snippets(conn, found, [r.id for r in rows]) if found is not None else {}
    return int(total), rows, snippets


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    speaker_keys: tuple[str, ...] | None = None  # folded speaker names (see aggregates.speaker_keys)
    issue: str | None = None
    status: str | None = None
    kind: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    article_id: str | None = None


_QUOTE_COLS = ", ".join([*(f'q."{c.name}"' for c in s.quotes.columns), "a.outlet", "a.published", "a.title"])


def list_quotes(engine: Engine, f: QuoteFilter, *, limit: int, offset: int) -> tuple[int, list[Any]]:
    """Quotes, newest article first (undated last), and their total: a filter that selects few
    quotes fetches them by its own index and sorts them, else articles are walked newest first
    (:func:`recoupe.store.queries.newest_quotes`)."""
    if f.speaker_keys is not None and not f.speaker_keys:
        return 0, []
    where, dated, params = _quote_where(f)
    with engine.connect() as conn:
        total = _quote_total(conn, f)
        if total is None:
            if dated:  # every quote has its article: the join is needed for counting only when dates filter
                count_sql = ("SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id "
                             f"WHERE {' AND '.join(where + dated)}")
            else:
                count_sql = f"SELECT count(*) FROM quotes q WHERE {' AND '.join(where) or '1 = 1'}"
            total = int(conn.execute(text(count_sql), params).scalar_one())
        if total <= offset:
            return total, []
        rows = newest_quotes(conn, " AND ".join(where) or "1 = 1", params, dated=" AND ".join(dated),
                             columns=_QUOTE_COLS, by_filter=bool(where) and total <= SORT_MAX, limit=limit,
                             offset=offset)
    return total, rows


def _quote_where(f: QuoteFilter) -> tuple[list[str], list[str], dict[str, Any]]:
    """The SQL conditions of ``f`` on ``quotes q``, those on ``articles a``, and their parameters."""
    where: list[str] = []
    dated: list[str] = []
    params: dict[str, Any] = {}
    if f.speaker_keys:
        where.append(f"q.speaker_key IN ({', '.join(f':k{i}' for i in range(len(f.speaker_keys)))})")
        params.update({f"k{i}": k for i, k in enumerate(f.speaker_keys)})
    for col, value in (("status", f.status), ("kind", f.kind), ("article_id", f.article_id)):
        if value:
            where.append(f"q.{col} = :{col}")
            params[col] = value
    if f.issue:
        where.append("EXISTS (SELECT 1 FROM stances st WHERE st.article_id = q.article_id "
                     "AND st.quote_start = q.start AND st.issue = :issue)")
        params["issue"] = f.issue
    if f.date_from:
        dated.append("a.published >= :date_from")
        params["date_from"] = f.date_from
    if f.date_to:
        dated.append("substr(a.published, 1, :n_to) <= :date_to AND a.published <> ''")
        params.update(date_to=f.date_to, n_to=len(f.date_to))
    return where, dated, params


def _quote_total(conn: Any, f: QuoteFilter) -> int | None:
    """The total from the summaries when the filters allow: speakers alone (``speaker_stats``),
    status and kind alone (``summary_counts``); else ``None``."""
    if f.issue or f.article_id or f.date_from or f.date_to:
        return None
    if f.speaker_keys:
        if f.status or f.kind:
            return None
        st = s.speaker_stats
        stmt = select(func.coalesce(func.sum(st.c.n_quotes), 0)).where(st.c.key.in_(f.speaker_keys))
        return int(conn.execute(stmt).scalar_one())
    c = s.summary_counts
    total = 0
    for key, n in conn.execute(select(c.c.key, c.c.n).where(c.c.key.like("quotes:%"))):
        _, status, kind = key.split(":", 2)
        if (not f.status or status == f.status) and (not f.kind or kind == f.kind):
            total += n
    return total


_DERIVED_SQL = {  # cheap on each backend: SQLite's max(rowid) is a seek, its counts use the smallest index
    "sqlite": ("SELECT (SELECT count(*) FROM stances), (SELECT max(rowid) FROM stances), "
               "(SELECT count(*) FROM disputes), (SELECT max(rowid) FROM disputes)"),
    "postgresql": "SELECT (SELECT count(*) FROM stances), (SELECT count(*) FROM disputes)",
}


def signature(engine: Engine) -> tuple[Any, ...]:
    """The key of cached aggregates: the store's generation (changed by every save and delete of
    articles, one meta row) and the state of the derived tables the corpus pass writes."""
    with engine.connect() as conn:
        derived = _DERIVED_SQL.get(engine.dialect.name)
        state = tuple(conn.execute(text(derived)).one()) if derived else ()
        return (summary.generation(conn), *state)


def article_stances(engine: Engine, article_id: str) -> list[Stance]:
    t = s.stances
    stmt = select(t).where(t.c.article_id == article_id).order_by(t.c.seq)
    with engine.connect() as conn:
        return [Stance(r.actor, r.issue, r.stance, r.article_id, r.start, r.end, r.evidence, r.confidence, r.date,
                       r.quote_start, tuple(json.loads(r.cues))) for r in conn.execute(stmt)]
