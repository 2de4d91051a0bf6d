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
        return quote_from_row(self)


@dataclass(frozen=True, slots=True)
class EntityRow:
    """One entity (name, type) across the corpus."""

    name: str
    type: str
    articles: int  # how many articles name it
    mentions: int  # its mentions over those articles
    quotes: int  # quotes it is the speaker of
    aliases: tuple[str, ...]
    wikidata: str | None = None


_ARTICLE_FIELDS = {"id", "article_id", "outlet", "published", "title", "url"}
_QUOTE_FIELDS = [f.name for f in fields(QuoteRow) if f.name not in _ARTICLE_FIELDS]


def quote_rows(conn: Any, *, speaker: str | None = None, limit: int | None = None) -> list[QuoteRow]:
    """Quotes, newest article first. ``speaker`` matches, ignoring accents,
    case and punctuation, the quote's speaker or any alias of the entity of
    that name in the same article, as whole words: ``"martin"`` finds
    ``"Paul Martin"``, ``"le pen"`` finds ``"Marine Le Pen"``, ``"mart"``
    finds neither."""
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
        if not key:  # only spaces or punctuation: names no one
            return []
        e, n, q2 = s.entities, s.entity_names, s.quotes.alias("q2")
        # Two lookups (by speaker, by alias), not a correlated subquery per quote.
        by_alias = (
            select(q2.c.id)
            .select_from(n)
            .join(e, e.c.id == n.c.entity_id)
            .join(q2, _speaker_of(q2, e))
            .where(_has_words(n.c.key, key))
        )
        by_speaker = select(s.quotes.c.id).where(_has_words(s.quotes.c.speaker_key, key))
        stmt = stmt.where(q.c.id.in_(union(by_speaker, by_alias)))
    stmt = stmt.order_by(desc(func.coalesce(a.c.published, "")), q.c.article_id, q.c.seq)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [QuoteRow(**{**r, "anonymous": bool(r["anonymous"])}) for r in conn.execute(stmt).mappings()]


def _has_words(column: Any, key: str) -> Any:
    """``column`` (a folded name) contains the words of ``key`` (folded, so
    free of ``%`` and ``_``) as a contiguous run of whole words."""
    return or_(
        column == key,
        column.like(f"{key} %"),
        column.like(f"% {key}"),
        column.like(f"% {key} %"),
    )


def _speaker_of(q: Any, e: Any) -> Any:
    """A quote is spoken by an entity: same article, same folded name, compatible type."""
    return and_(
        q.c.article_id == e.c.article_id,
        q.c.speaker_key == e.c.name_key,
        or_(q.c.speaker_type.is_(None), q.c.speaker_type == e.c.type),
    )


def entity_rows(conn: Any, *, type: str | None = None, top: int | None = None) -> list[EntityRow]:
    """Entities grouped by (name, type), most widespread first."""
    e = s.entities
    articles = func.count(func.distinct(e.c.article_id)).label("n_articles")
    mentions = func.sum(e.c.n_mentions).label("n_mentions")
    stmt = (
        select(e.c.name, e.c.type, articles, mentions, func.max(e.c.wikidata).label("wikidata"))
        .group_by(e.c.name, e.c.type)
        .order_by(desc(articles), desc(mentions), e.c.name, e.c.type)
    )
    if type is not None:
        stmt = stmt.where(e.c.type == type)
    if top is not None:
        stmt = stmt.limit(top)
    groups = conn.execute(stmt).all()
    details = _details(conn, {(g.name, g.type) for g in groups}, type=type)
    rows = []
    for g in groups:
        aliases, n_quotes = details.get((g.name, g.type), (set(), 0))
        rows.append(
            EntityRow(
                name=g.name,
                type=g.type,
                articles=int(g.n_articles),
                mentions=int(g.n_mentions or 0),
                quotes=n_quotes,
                aliases=tuple(sorted(aliases)),
                wikidata=g.wikidata,
            )
        )
    return rows


def _details(
    conn: Any, wanted: set[tuple[str, str]], *, type: str | None
) -> dict[tuple[str, str], tuple[set[str], int]]:
    """The union of the aliases and the number of quotes of each (name, type)
    over its articles (computed for the groups asked for only)."""
    out: dict[tuple[str, str], tuple[set[str], int]] = {}
    e, q = s.entities, s.quotes
    n_quotes = select(func.count()).select_from(q).where(_speaker_of(q, e)).scalar_subquery()
    names = sorted({name for name, _ in wanted})
    for i in range(0, len(names), 500):
        stmt = select(e.c.name, e.c.type, e.c.aliases, n_quotes).where(e.c.name.in_(names[i : i + 500]))
        if type is not None:
            stmt = stmt.where(e.c.type == type)
        for name, etype, raw, n in conn.execute(stmt):
            if (name, etype) in wanted:
                aliases, total = out.get((name, etype), (set(), 0))
                aliases.update(a for a in json.loads(raw) if a != name)
                out[(name, etype)] = (aliases, total + n)
    return out
