"""Reading the entity registry: entries, one entity's aliases and articles,
merges to review, and any alias -> registry id."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from recoupe.errors import RecoupeError
from recoupe.store import QuoteRow, Store
from recoupe.store import schema as s
from recoupe.store.rows import fold

TYPES = ("PER", "ORG", "LOC", "MISC")
ID_SHAPE = re.compile(r"[0-9a-f]{16}")  # recoupe.records.content_hash


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """One real-world entity across the corpus."""

    id: str
    name: str  # the gazetteer name, else the most widespread full form
    type: str
    wikidata: str | None
    aliases: tuple[str, ...]
    n_articles: int
    n_mentions: int
    n_quotes: int  # quotes it is the speaker of


@dataclass(frozen=True, slots=True)
class RegistryAlias:
    """A name of an entry and the evidence that brought it in."""

    alias: str
    key: str
    reason: str  # exact | alias | article | surname | fuzzy:<score> | gazetteer:<id> | user
    score: float
    via: str | None  # the name it was linked to
    n_articles: int


@dataclass(frozen=True, slots=True)
class RegistryArticle:
    """One article naming an entry, with the name as the article gives it."""

    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    name: str
    reason: str
    score: float
    n_mentions: int


@dataclass(frozen=True, slots=True)
class EntityDetail:
    entry: RegistryEntry
    aliases: tuple[RegistryAlias, ...]
    articles: tuple[RegistryArticle, ...]


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One automatic merge, for a person to check."""

    registry_id: str
    name: str
    type: str
    alias: str
    reason: str
    score: float
    via: str | None
    n_articles: int


def resolve(store: Store, name: str) -> str | None:
    """The registry id of the entity ``name`` (its name or any alias, ignoring
    accents and case), or ``None``. A name shared by several entries (a lone
    surname) resolves to the one whose main name it is, else the most widespread.
    A name that is no alias resolves as the words of one ("Ruttea" finds the
    entry of "Marc Ruttea"), the most widespread entry first. A registry id
    resolves to itself (to tell apart two entries of one name and different types)."""
    key = fold(name)
    if not key:
        return None
    a, e = s.registry_aliases, s.registry_entries
    if ID_SHAPE.fullmatch(name.strip()):
        with store.engine.connect() as conn:
            if conn.execute(select(e.c.id).where(e.c.id == name.strip())).scalar() is not None:
                return name.strip()
    order = ((e.c.name_key != key), (a.c.reason == "article"), e.c.n_articles.desc(), e.c.id)
    stmt = select(a.c.registry_id).join(e, e.c.id == a.c.registry_id)
    with store.engine.connect() as conn:
        found = conn.execute(stmt.where(a.c.key == key).order_by(*order).limit(1)).scalar()
        if found is None:
            words = or_(a.c.key.like(f"{key} %"), a.c.key.like(f"% {key}"), a.c.key.like(f"% {key} %"))
            found = conn.execute(stmt.where(words).order_by(*order).limit(1)).scalar()
        return found


def _n_quotes(conn: Connection, ids: list[str]) -> dict[str, int]:
    link, q = s.registry_links, s.quotes
    stmt = (
        select(link.c.registry_id, func.count(q.c.id))
        .join(q, and_(q.c.article_id == link.c.article_id, q.c.speaker_key == link.c.key,
                      or_(q.c.speaker_type.is_(None), q.c.speaker_type == link.c.type)))
        .where(link.c.registry_id.in_(ids))
        .group_by(link.c.registry_id)
    )
    return {rid: int(n) for rid, n in conn.execute(stmt)}


def registry_entities(store: Store, *, type: str | None = None, top: int | None = None) -> list[RegistryEntry]:
    """Registry entries, most widespread first; ``type`` one of PER, ORG, LOC, MISC."""
    if type is not None and type not in TYPES:
        raise RecoupeError(f"unknown entity type {type!r}; valid: {', '.join(TYPES)}")
    e = s.registry_entries
    stmt = select(e).order_by(e.c.n_articles.desc(), e.c.n_mentions.desc(), e.c.name, e.c.id)
    if type is not None:
        stmt = stmt.where(e.c.type == type)
    if top is not None:
        stmt = stmt.limit(top)
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
        return _entries(conn, rows)


def _entries(conn: Connection, rows: Sequence[Any]) -> list[RegistryEntry]:
    ids = [r.id for r in rows]
    aliases: dict[str, list[str]] = defaultdict(list)
    quotes: dict[str, int] = {}
    a = s.registry_aliases
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        stmt = select(a.c.registry_id, a.c.alias).where(a.c.registry_id.in_(chunk)).order_by(
            a.c.registry_id, a.c.n_articles.desc(), a.c.alias)
        for rid, alias in conn.execute(stmt):
            aliases[rid].append(alias)
        quotes.update(_n_quotes(conn, chunk))
    return [
        RegistryEntry(r.id, r.name, r.type, r.wikidata, tuple(x for x in aliases[r.id] if x != r.name),
                      r.n_articles, r.n_mentions, quotes.get(r.id, 0))
        for r in rows
    ]


def entity_detail(store: Store, name: str) -> EntityDetail | None:
    """The entity ``name`` resolves to: its aliases with their evidence and its articles."""
    rid = resolve(store, name)
    if rid is None:
        return None
    e, a, link, art = s.registry_entries, s.registry_aliases, s.registry_links, s.articles
    with store.engine.connect() as conn:
        entry = _entries(conn, conn.execute(select(e).where(e.c.id == rid)).all())[0]
        aliases = tuple(
            RegistryAlias(r.alias, r.key, r.reason, r.score, r.via, r.n_articles)
            for r in conn.execute(select(a).where(a.c.registry_id == rid).order_by(a.c.score.desc(), a.c.alias))
        )
        stmt = (
            select(link.c.article_id, art.c.title, art.c.outlet, art.c.published, link.c.name, link.c.reason,
                   link.c.score, link.c.n_mentions)
            .join(art, art.c.id == link.c.article_id)
            .where(link.c.registry_id == rid)
            .order_by(func.coalesce(art.c.published, ""), link.c.article_id, link.c.name)
        )
        articles = tuple(RegistryArticle(*r) for r in conn.execute(stmt))
    return EntityDetail(entry, aliases, articles)


def review_merges(store: Store, *, limit: int | None = None) -> list[ReviewRow]:
    """Every automatic merge (an alias brought into an entry by evidence other than
    the same name), weakest evidence first."""
    e, a = s.registry_entries, s.registry_aliases
    stmt = (
        select(e.c.id, e.c.name, e.c.type, a.c.alias, a.c.reason, a.c.score, a.c.via, a.c.n_articles)
        .join(a, a.c.registry_id == e.c.id)
        .where(a.c.reason != "exact")
        .order_by(a.c.score, a.c.n_articles.desc(), e.c.name, a.c.alias)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    with store.engine.connect() as conn:
        return [ReviewRow(*r) for r in conn.execute(stmt)]


def linked_entities(store: Store, name: str) -> list[tuple[str, str, str]]:
    """(article id, entity name, type) of every article entity linked to the entity
    ``name`` resolves to: what a query by "any alias, across articles" needs
    (the quotes of a speaker are those whose ``speaker`` is one of these names)."""
    rid = resolve(store, name)
    if rid is None:
        return []
    link = s.registry_links
    stmt = (select(link.c.article_id, link.c.name, link.c.type).where(link.c.registry_id == rid)
            .order_by(link.c.article_id, link.c.name))
    with store.engine.connect() as conn:
        return [(r.article_id, r.name, r.type) for r in conn.execute(stmt)]


def speaker_quotes(store: Store, name: str, *, limit: int | None = None) -> list[QuoteRow]:
    """The quotes of a speaker named by any alias, across articles: those of
    every article entity the registry links to ``name``, plus the store's own
    per-article alias match (for speakers the registry does not know)."""
    links = linked_entities(store, name)
    if not links:  # a spelling the corpus never used, but the gazetteer knows ("Zelenskyy")
        from recoupe.extract.gazetteer import default_gazetteer

        entry = default_gazetteer().lookup(name)
        links = linked_entities(store, entry.name) if entry else []
    wanted = {(aid, fold(entity)) for aid, entity, _ in links}
    found = {q.id: q for q in store.quotes(speaker=name)}
    for entity in {e for _, e in wanted}:
        for q in store.quotes(speaker=entity):
            if (q.article_id, fold(q.speaker or "")) in wanted:
                found.setdefault(q.id, q)
    rows = sorted(found.values(), key=lambda q: (q.published or "", q.article_id, q.start), reverse=True)
    return rows[:limit] if limit is not None else rows


def canonical_names(store: Store) -> dict[tuple[str, str], str]:
    """(article id, folded entity name) -> the registry entry's name: one name
    per real-world entity across articles, for cross-article views (stances,
    disputes, the briefing)."""
    with store.engine.connect() as conn:
        return canonical_names_in(conn)


def canonical_names_in(conn: Connection, article_ids: Sequence[str] | None = None) -> dict[tuple[str, str], str]:
    """:func:`canonical_names` of ``article_ids`` (default: all). Two entities of one article with
    the same folded name (and other types): the one last in (type, entity id) order names it."""
    link, entry = s.registry_links, s.registry_entries
    stmt = (select(link.c.article_id, link.c.key, entry.c.name).join(entry, entry.c.id == link.c.registry_id)
            .order_by(link.c.article_id, link.c.key, link.c.type, link.c.entity_id))
    if article_ids is None:
        return {(r.article_id, r.key): r.name for r in conn.execute(stmt)}
    ids = sorted(set(article_ids))
    out: dict[tuple[str, str], str] = {}
    for i in range(0, len(ids), 500):
        rows = conn.execute(stmt.where(link.c.article_id.in_(ids[i:i + 500])))
        out.update({(r.article_id, r.key): r.name for r in rows})
    return out
