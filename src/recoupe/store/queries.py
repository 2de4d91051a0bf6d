"""Read-side queries across articles: quotes by speaker, entities by frequency.

Both read the summary tables (``recoupe.store.summary``) for what would
otherwise group every row: entity frequencies and aliases, the folded
speaker names. Quotes come newest article first (undated last), walking the
``ix_articles_newest`` index, or, when a speaker selects few, sorted.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import and_, bindparam, func, literal_column, or_, select, text

from recoupe.records import Quote
from recoupe.store import schema as s
from recoupe.store.postgres import index_plans
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
SORT_MAX = 5000  # a condition selecting at most this many quotes: fetch them by its index and sort


def newest_first(a: Any) -> list[Any]:
    """Newest article first, undated last (the ``ix_articles_newest`` index, on both backends)."""
    undated: Any = literal_column("''")  # a literal, not a bound parameter: the index's own expression
    return [func.coalesce(a.c.published, undated).desc(), a.c.id.desc()]


NEWEST_QUOTES = "coalesce(a.published, '') DESC, a.id DESC, q.seq"  # the ix_articles_newest index, then seq
QUOTE_COLUMNS = ", ".join(["q.id", "q.article_id", "a.outlet", "a.published", "a.title", "a.url",
                           *(f'q."{f}"' for f in _QUOTE_FIELDS)])


def newest_quotes(conn: Any, where: str = "1 = 1", params: dict[str, Any] | None = None, *, dated: str = "",
                  columns: str = QUOTE_COLUMNS, by_filter: bool = False, limit: int | None = None,
                  offset: int = 0, expanding: tuple[str, ...] = ()) -> list[Any]:
    """Quotes (``q``, with their article ``a``) matching the SQL conditions ``where`` (on ``q``)
    and ``dated`` (on ``a``), newest article first (undated last). ``by_filter``, for a ``where``
    that selects few quotes, fetches them by its index and sorts them; otherwise articles are
    walked newest first with each one's quotes, stopping at the page's end. Raw SQL so that each
    backend can be told so: SQLite by the join order (``CROSS JOIN``), PostgreSQL by a subquery
    it cannot flatten (``OFFSET 0``) that carries each quote's day, sorted on (the articles'
    index would have it walk every article, comparing each with every selected quote).
    ``expanding``: the parameters that are lists (``IN :name``)."""
    postgres = conn.dialect.name == "postgresql"
    order = NEWEST_QUOTES
    if by_filter and postgres:  # sorted on the subquery's own day: not by walking every article for each quote
        day = "(SELECT coalesce(d.published, '') FROM articles d WHERE d.id = q.article_id)"
        source = (f"(SELECT q.*, {day} AS sort_day FROM quotes q WHERE {where} OFFSET 0) q "
                  "JOIN articles a ON a.id = q.article_id")
        where, order = "1 = 1", "q.sort_day DESC, q.article_id DESC, q.seq"
    elif postgres or conn.dialect.name != "sqlite":
        source = "quotes q JOIN articles a ON a.id = q.article_id"
    elif by_filter:
        source = "quotes q CROSS JOIN articles a ON a.id = q.article_id"
    else:
        source = "articles a CROSS JOIN quotes q ON a.id = q.article_id"
    page = "" if limit is None else " LIMIT :limit OFFSET :offset"
    cond = f"{where} AND {dated}" if dated else where
    sql = f"SELECT {columns} FROM {source} WHERE {cond} ORDER BY {order}{page}"
    stmt = text(sql).bindparams(*(bindparam(name, expanding=True) for name in expanding))
    return list(conn.execute(stmt, {**(params or {}), "limit": limit, "offset": offset}).all())


def quote_rows(conn: Any, *, speaker: str | None = None, limit: int | None = None) -> list[QuoteRow]:
    """Quotes, newest article first. ``speaker`` matches, ignoring accents,
    case and punctuation, the quote's speaker or any alias of the entity of
    that name in the same article, as whole words: ``"martin"`` finds
    ``"Paul Martin"``, ``"le pen"`` finds ``"Marine Le Pen"``, ``"mart"``
    finds neither."""
    if speaker is None:
        rows = newest_quotes(conn, limit=limit)
    else:
        key = fold(speaker)
        if not key:  # only spaces or punctuation: names no one
            return []
        found = _speaker_condition(conn, key)
        if found is None:
            return []
        where, params, at_most = found
        rows = newest_quotes(conn, where, params, by_filter=at_most <= SORT_MAX, limit=limit,
                             expanding=tuple(params))
    return [QuoteRow(**{**r._mapping, "anonymous": bool(r.anonymous)}) for r in rows]


def _speaker_condition(conn: Any, key: str) -> tuple[str, dict[str, list[str]], int] | None:
    """The SQL condition on ``q`` of the quotes whose speaker has the words of ``key``, or whose
    speaker's entity in the same article has an alias that has them; its parameters; and at most
    how many quotes it selects. ``None`` when none. The candidate names come from the summaries
    (distinct speakers, the aliases of speakers), so no quote or entity row is scanned for them."""
    sp = s.speaker_stats
    direct, aliased = speaker_names(conn, key)
    candidates = sorted({*direct, *(name_key for _k, name_key in aliased)})
    if not candidates:
        return None
    at_most = conn.execute(select(func.coalesce(func.sum(sp.c.n_quotes), 0))
                           .where(sp.c.key.in_(candidates))).scalar_one()
    params: dict[str, list[str]] = {"candidates": candidates}
    either = []
    if direct:
        params["direct"] = direct
        either.append("q.speaker_key IN :direct")
    if aliased:
        params["aliases"] = sorted({k for k, _n in aliased})
        either.append("EXISTS (SELECT 1 FROM entity_names n JOIN entities e ON e.id = n.entity_id "
                      "WHERE n.key IN :aliases AND e.article_id = q.article_id AND e.name_key = q.speaker_key "
                      "AND (q.speaker_type IS NULL OR q.speaker_type = e.type))")
    return f"q.speaker_key IN :candidates AND ({' OR '.join(either)})", params, int(at_most)


def speaker_names(conn: Any, key: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The folded speaker names (``quotes.speaker_key``) that have the words of ``key``, and the
    ``(alias key, speaker name)`` pairs of the speakers' entities whose alias has them; from the
    summaries, the aliases looked up by speaker (an alias only counts for quotes spoken under
    its entity's name). The aliases are found through ``entity_words`` (each word of each entity
    group's name and aliases): an alias with the words of ``key`` belongs to a group with each of
    them."""
    sp, al, w = s.speaker_stats, s.entity_stat_aliases, s.entity_words
    word = max(key.split(), key=len)  # the longest word of key, likely the rarest: the groups that have it
    direct = list(conn.execute(select(sp.c.key).where(has_words(sp.c.key, key))).scalars())
    with index_plans(conn):  # by word, then the groups' aliases: not a LIKE over every alias
        aliased = conn.execute(select(al.c.key, al.c.name_key).distinct()
                               .join(w, and_(w.c.name == al.c.name, w.c.type == al.c.type))
                               .where(w.c.word == word, has_words(al.c.key, key),
                                      al.c.name_key.in_(select(sp.c.key)))).all()
    return direct, [(k, n) for k, n in aliased]


def has_words(column: Any, key: str) -> Any:
    """``column`` (a folded name) contains the words of ``key`` (folded, so
    free of ``%`` and ``_``) as a contiguous run of whole words."""
    return or_(
        column == key,
        column.like(f"{key} %"),
        column.like(f"% {key}"),
        column.like(f"% {key} %"),
    )


def entity_rank(t: Any = s.entity_stats) -> list[Any]:
    """Most widespread first: articles, then mentions; ties by name ignoring case, type, name
    (the ``ix_entity_stats_rank`` index)."""
    return [t.c.n_articles.desc(), t.c.n_mentions.desc(), t.c.sort_key, t.c.type, t.c.name]


def entity_rows(conn: Any, *, type: str | None = None, top: int | None = None) -> list[EntityRow]:
    """Entities grouped by (name, type), most widespread first."""
    t = s.entity_stats
    stmt = select(t).order_by(*entity_rank(t))
    if type is not None:
        stmt = stmt.where(t.c.type == type)
    if top is not None:
        stmt = stmt.limit(top)
    groups = conn.execute(stmt).all()
    aliases = aliases_of(conn, [(g.name, g.type) for g in groups])
    return [EntityRow(name=g.name, type=g.type, articles=g.n_articles, mentions=g.n_mentions, quotes=g.n_quotes,
                      aliases=tuple(aliases.get((g.name, g.type), ())), wikidata=g.wikidata) for g in groups]


def aliases_of(conn: Any, groups: list[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
    """The aliases (other than the name, sorted) of each (name, type) of ``groups``."""
    wanted = set(groups)
    out: dict[tuple[str, str], list[str]] = {}
    t = s.entity_stat_aliases
    names = sorted({name for name, _ in wanted})
    for i in range(0, len(names), 500):
        stmt = select(t.c.name, t.c.type, t.c.alias).where(t.c.name.in_(names[i:i + 500]))
        for name, etype, alias in conn.execute(stmt):
            if (name, etype) in wanted:
                out.setdefault((name, etype), []).append(alias)
    for found in out.values():
        found.sort()
    return out
