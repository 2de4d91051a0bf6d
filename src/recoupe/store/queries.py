"""Read-side queries across articles: quotes by speaker, entities by frequency."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import and_, desc, func, or_, select, union

from recoupe.records import Quote
from recoupe.store import schema as s
from recoupe.store.rows import fold, quote_from_row


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One stored quote with the article it comes from."""

    id: str
    article_id: str
    outlet: str | None
    published: str | None
    title: str | None
    url: str | None
    text: str
    kind: str
    speaker: str | None
    speaker_type: str | None
    cue: str | None
    polarity: str | None
    anonymous: bool
    status: str
    start: int
    end: int
    speaker_start: int | None
    speaker_end: int | None
    sentence_start: int
    sentence_end: int

    def quote(self) -> Quote:
        """The :class:`~recoupe.records.Quote` record of this row."""
        return quote_from_row({f.name: getattr(self, f.name) for f in fields(Quote)})


@dataclass(frozen=True, slots=True)
class EntityRow:
    """One entity (name, type) across the corpus."""

    name: str
    type: str
    n_articles: int
    n_mentions: int
    n_quotes: int
    aliases: tuple[str, ...]
    wikidata: str | None = None


_ARTICLE_FIELDS = {"id", "article_id", "outlet", "published", "title", "url"}
_QUOTE_FIELDS = [f.name for f in fields(QuoteRow) if f.name not in _ARTICLE_FIELDS]


def quote_rows(conn: Any, *, speaker: str | None = None, limit: int | None = None) -> list[QuoteRow]:
    """Quotes, newest article first; ``speaker`` matches (accent- and
    case-insensitively) the quote's speaker or any alias of the entity of
    that name in the same article."""
    q, a = s.quotes, s.articles
    stmt = select(
        q.c.id,
        q.c.article_id,
        a.c.outlet,
        a.c.published,
        a.c.title,
        a.c.url,
        *(q.c[f] for f in _QUOTE_FIELDS),
    ).join(a, a.c.id == q.c.article_id)
    if speaker is not None:
        key = fold(speaker)
        e, n, q2 = s.entities, s.entity_names, s.quotes.alias("q2")
        # Two index lookups (by speaker, by alias), not a scan with a correlated subquery.
        by_alias = (
            select(q2.c.id)
            .select_from(n)
            .join(e, e.c.id == n.c.entity_id)
            .join(q2, and_(q2.c.article_id == e.c.article_id, q2.c.speaker_key == e.c.name_key))
            .where(n.c.key == key)
        )
        by_speaker = select(s.quotes.c.id).where(s.quotes.c.speaker_key == key)
        stmt = stmt.where(q.c.id.in_(union(by_speaker, by_alias)))
    stmt = stmt.order_by(desc(func.coalesce(a.c.published, "")), q.c.article_id, q.c.seq)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [QuoteRow(**{**r, "anonymous": bool(r["anonymous"])}) for r in conn.execute(stmt).mappings()]


def _speaker_of(q: Any, e: Any) -> Any:
    """A quote is spoken by an entity: same article, same folded name, compatible type."""
    return and_(
        q.c.article_id == e.c.article_id,
        q.c.speaker_key == e.c.name_key,
        or_(q.c.speaker_type.is_(None), q.c.speaker_type == e.c.type),
    )


def entity_rows(conn: Any, *, type: str | None = None, top: int | None = None) -> list[EntityRow]:
    """Entities grouped by (name, type), most widespread first."""
    e, q = s.entities, s.quotes
    n_quotes = (
        select(e.c.id.label("entity_id"), func.count().label("n"))
        .join(q, _speaker_of(q, e))
        .group_by(e.c.id)
        .subquery()
    )
    articles = func.count(func.distinct(e.c.article_id)).label("n_articles")
    mentions = func.sum(e.c.n_mentions).label("n_mentions")
    stmt = (
        select(
            e.c.name,
            e.c.type,
            articles,
            mentions,
            func.coalesce(func.sum(n_quotes.c.n), 0).label("n_quotes"),
            func.max(e.c.wikidata).label("wikidata"),
        )
        .outerjoin(n_quotes, n_quotes.c.entity_id == e.c.id)
        .group_by(e.c.name, e.c.type)
        .order_by(desc(articles), desc(mentions), e.c.name, e.c.type)
    )
    if type is not None:
        stmt = stmt.where(e.c.type == type)
    if top is not None:
        stmt = stmt.limit(top)
    groups = [dict(r) for r in conn.execute(stmt).mappings()]
    aliases = _aliases(conn, {(g["name"], g["type"]) for g in groups}, type=type)
    return [
        EntityRow(
            name=g["name"],
            type=g["type"],
            n_articles=int(g["n_articles"]),
            n_mentions=int(g["n_mentions"]),
            n_quotes=int(g["n_quotes"]),
            aliases=tuple(sorted(aliases.get((g["name"], g["type"]), ()))),
            wikidata=g["wikidata"],
        )
        for g in groups
    ]


def _aliases(conn: Any, wanted: set[tuple[str, str]], *, type: str | None) -> dict[tuple[str, str], set[str]]:
    """The union of the aliases of each (name, type) over its articles."""
    out: dict[tuple[str, str], set[str]] = {}
    if not wanted:
        return out
    e = s.entities
    names = sorted({name for name, _ in wanted})
    for i in range(0, len(names), 500):
        stmt = select(e.c.name, e.c.type, e.c.aliases).where(e.c.name.in_(names[i : i + 500]))
        if type is not None:
            stmt = stmt.where(e.c.type == type)
        for name, etype, raw in conn.execute(stmt):
            if (name, etype) in wanted:
                out.setdefault((name, etype), set()).update(a for a in json.loads(raw) if a != name)
    return out
