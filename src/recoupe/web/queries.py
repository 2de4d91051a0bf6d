"""The API's read queries: filtered, paginated lists (SQL ``LIMIT/OFFSET`` plus a count)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, literal_column, or_, select, text, union_all

from recoupe.records import Stance
from recoupe.store import fulltext
from recoupe.store import schema as s
from recoupe.store.rows import fold

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"  # snippet() match markers


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    entity: str | None = None
    issue: str | None = None
    q: str | None = None


# Read-side indexes the API's sorts and filters use (idempotent; also valid PostgreSQL).
READ_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_web_articles_published ON articles (published, id)",
    "CREATE INDEX IF NOT EXISTS ix_web_articles_outlet ON articles (lower(outlet))",
    "CREATE INDEX IF NOT EXISTS ix_web_quotes_article_seq ON quotes (article_id, seq)",
    "CREATE INDEX IF NOT EXISTS ix_web_quotes_status ON quotes (status)",
    "CREATE INDEX IF NOT EXISTS ix_web_entities_key_article ON entities (name_key, article_id)",
    "CREATE INDEX IF NOT EXISTS ix_web_entity_names_key_article ON entity_names (key, article_id)",
    "CREATE INDEX IF NOT EXISTS ix_web_entities_group ON entities (name, type, article_id, n_mentions, name_key)",
)


def ensure_indexes(engine: Engine) -> None:
    with engine.begin() as conn:
        for ddl in READ_INDEXES:
            conn.exec_driver_sql(ddl)


def newest_first(a: Any) -> list[Any]:
    """Newest first, undated last (SQLite's DESC order puts NULL last), so the published index serves it."""
    return [a.c.published.desc(), a.c.id.desc()]


def _has_words(column: Any, key: str) -> Any:
    """``column`` (a folded name) contains ``key``'s words as whole words."""
    return or_(column == key, column.like(f"{key} %"), column.like(f"% {key}"), column.like(f"% {key} %"))


def entity_article_ids(key: str) -> Any:
    """Articles naming an entity whose folded name or alias is ``key``."""
    e, n = s.entities, s.entity_names
    return union_all(select(e.c.article_id).where(e.c.name_key == key), select(n.c.article_id).where(n.c.key == key))


def _article_where(f: ArticleFilter) -> list[Any]:
    a = s.articles
    where: list[Any] = []
    if f.outlet:
        where.append(func.lower(a.c.outlet) == f.outlet.lower())  # served by ix_web_articles_outlet
    if f.date_from:
        where.append(a.c.published >= f.date_from)
    if f.date_to:
        where.append(func.substr(a.c.published, 1, len(f.date_to)) <= f.date_to)
    if f.entity is not None:
        # "+id": no index on the id for this test, so SQLite walks the published index (newest first)
        # and checks each article against the (covering-index built) id list, stopping at the page's end
        where.append(literal_column("+articles.id").in_(entity_article_ids(fold(f.entity))))
    if f.issue:
        where.append(a.c.id.in_(select(s.stances.c.article_id).where(s.stances.c.issue == f.issue)))
    return where


def list_articles(
    engine: Engine, f: ArticleFilter, *, limit: int, offset: int
) -> tuple[int, list[Any], dict[str, str]]:
    """``(total, rows, snippets by id)``; with a full-text query, best match first, else newest first."""
    a = s.articles
    cols = [a.c.id, a.c.title, a.c.outlet, a.c.published, a.c.url, a.c.author]
    where = _article_where(f)
    expr = fulltext.fts_query(f.q) if f.q else ""
    if f.q and not expr:
        return 0, [], {}
    with engine.connect() as conn:
        if expr and fulltext.enabled(engine):
            hits = (select(literal_column("m.article_id").label("aid"),
                           literal_column(f"bm25({fulltext.FTS_TABLE}, 5.0, 1.0)").label("rank"))
                    .select_from(text(f"{fulltext.FTS_TABLE} f JOIN {fulltext.MAP_TABLE} m ON m.rowid = f.rowid"))
                    .where(text(f"{fulltext.FTS_TABLE} MATCH :fts_q"))).subquery("hits")
            base = select(*cols).join(hits, hits.c.aid == a.c.id).where(*where)
            params = {"fts_q": expr}
            order = [hits.c.rank, a.c.id]
        elif expr:  # no FTS on this backend: a plain case-insensitive substring match
            like = f"%{f.q}%"
            base = select(*cols).where(*where, or_(a.c.title.ilike(like), a.c.body.ilike(like)))
            params, order = {}, newest_first(a)
        else:
            base = select(*cols).where(*where)
            params, order = {}, newest_first(a)
        counted = base.subquery()
        if f.entity is not None and not (expr or f.outlet or f.date_from or f.date_to or f.issue):
            key = fold(f.entity)  # the entity alone: count its distinct articles from the covering indexes
            counted = select(s.entities.c.article_id).where(s.entities.c.name_key == key).union(
                select(s.entity_names.c.article_id).where(s.entity_names.c.key == key)).subquery()
        total = conn.execute(select(func.count()).select_from(counted), params).scalar_one()
        rows = list(conn.execute(base.order_by(*order).limit(limit).offset(offset), params).all())
        snippets = _snippets(conn, expr, [r.id for r in rows]) if expr and fulltext.enabled(engine) else {}
    return int(total), rows, snippets


def _snippets(conn: Any, expr: str, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    marks = ",".join(f":i{k}" for k in range(len(ids)))
    sql = (f"SELECT m.article_id, snippet({fulltext.FTS_TABLE}, 1, char(2), char(3), '…', 20) "
           f"FROM {fulltext.FTS_TABLE} f JOIN {fulltext.MAP_TABLE} m ON m.rowid = f.rowid "
           f"WHERE {fulltext.FTS_TABLE} MATCH :q AND m.article_id IN ({marks})")
    params = {"q": expr, **{f"i{k}": v for k, v in enumerate(ids)}}
    return {aid: snip for aid, snip in conn.execute(text(sql), params).all()}


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    speaker_keys: tuple[str, ...] | None = None  # folded speaker names (see aggregates.speaker_keys)
    issue: str | None = None
    status: str | None = None
    kind: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    article_id: str | None = None


_QUOTE_COLS = ", ".join(f'q."{c.name}"' for c in s.quotes.columns)


def list_quotes(engine: Engine, f: QuoteFilter, *, limit: int, offset: int) -> tuple[int, list[Any]]:
    """Quotes, newest article first. Raw SQL so SQLite can be told the join order (``CROSS JOIN``):
    walk articles by the published index and fetch each one's quotes, stopping at the page's end."""
    where: list[str] = []
    params: dict[str, Any] = {"limit": limit, "offset": offset}
    if f.speaker_keys is not None:
        if not f.speaker_keys:
            return 0, []
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
    dated = []
    if f.date_from:
        dated.append("a.published >= :date_from")
        params["date_from"] = f.date_from
    if f.date_to:
        dated.append("substr(a.published, 1, :n_to) <= :date_to")
        params.update(date_to=f.date_to, n_to=len(f.date_to))
    join = "CROSS JOIN" if engine.dialect.name == "sqlite" else "JOIN"
    cond = " AND ".join(where + dated) or "1 = 1"
    sql = (f"SELECT {_QUOTE_COLS}, a.outlet, a.published, a.title FROM articles a {join} quotes q "
           f"ON a.id = q.article_id WHERE {cond} "
           "ORDER BY a.published DESC, a.id DESC, q.seq LIMIT :limit OFFSET :offset")
    if dated:  # every quote has its article: the join is needed for counting only when dates filter
        count_sql = f"SELECT count(*) FROM articles a {join} quotes q ON a.id = q.article_id WHERE {cond}"
    else:
        count_sql = f"SELECT count(*) FROM quotes q WHERE {' AND '.join(where) or '1 = 1'}"
    with engine.connect() as conn:
        total = conn.execute(text(count_sql), params).scalar_one()
        rows = list(conn.execute(text(sql), params).all())
    return int(total), rows


SIGNATURE_SQL = ("SELECT (SELECT count(*) FROM articles), (SELECT max(rowid) FROM articles), "
                 "(SELECT count(*) FROM stances), (SELECT max(rowid) FROM stances), "
                 "(SELECT count(*) FROM disputes), (SELECT max(rowid) FROM disputes)")


def signature(engine: Engine) -> tuple[Any, ...]:
    """Changes whenever articles or derived tables change (a re-saved row gets a new rowid):
    the key of cached aggregates. Cheap: counts use the smallest index, ``max(rowid)`` is a seek."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            return tuple(conn.execute(text(SIGNATURE_SQL)).one())
        return tuple(conn.execute(select(func.count(), func.max(s.articles.c.analysed_at))).one())


def article_stances(engine: Engine, article_id: str) -> list[Stance]:
    t = s.stances
    stmt = select(t).where(t.c.article_id == article_id).order_by(t.c.seq)
    with engine.connect() as conn:
        return [Stance(r.actor, r.issue, r.stance, r.article_id, r.start, r.end, r.evidence, r.confidence, r.date,
                       r.quote_start, tuple(json.loads(r.cues))) for r in conn.execute(stmt)]
