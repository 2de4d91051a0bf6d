"""Entity groups ((name, type) across the corpus) for the API and the web UI: pages, search by
word prefix, lookup by name or alias, all read from the summary tables (``recoupe.store.summary``).

A search finds its candidate groups in ``entity_words`` (an index of every word of each group's
folded name and aliases): when they are few (at most ``FEW``) they are read by key and
ranked here, else joined and ranked in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, true

from recoupe.store import schema as s
from recoupe.store.queries import aliases_of, entity_rank
from recoupe.store.rows import fold
from recoupe.web.deps import AppState

FEW = 200  # candidates ranked here rather than in SQL
WORD_END = "\U0010ffff"  # after every word that starts with a given prefix (binary / C collation order)
_CHUNK = 500


@dataclass(slots=True)
class EntityGroup:
    name: str
    type: str
    articles: int
    mentions: int
    quotes: int = 0  # quotes whose speaker has its folded name (none for places)
    aliases: list[str] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)  # folded name and aliases


def _groups(conn: Any, rows: list[Any]) -> list[EntityGroup]:
    """EntityGroups of ``entity_stats`` rows, with their aliases and quote counts."""
    aliases = aliases_of(conn, [(r.name, r.type) for r in rows])
    sp = s.speaker_stats
    keys = sorted({r.name_key for r in rows if r.type != "LOC"})
    spoken = dict(conn.execute(select(sp.c.key, sp.c.n_quotes).where(sp.c.key.in_(keys))).all()) if keys else {}
    out = []
    for r in rows:
        names = aliases.get((r.name, r.type), [])
        out.append(EntityGroup(r.name, r.type, r.n_articles, r.n_mentions,
                               spoken.get(r.name_key, 0) if r.type != "LOC" else 0, names,
                               {r.name_key, *map(fold, names)}))
    return out


def entity_page(state: AppState, q: str | None, *, type: str | None = None, limit: int,
                offset: int = 0) -> tuple[int, list[EntityGroup]]:
    """``(total, page)`` of the entities with a name or alias in which ``q`` starts a word
    (accents and case ignored; ``"mme dub"`` finds "Mme Dubois"; exact names and aliases first),
    else of all; most widespread first."""
    key = fold(q) if q else ""
    with state.store.engine.connect() as conn:
        if key:
            found = _few_matches(conn, key, type)
            if found is not None:
                return len(found), _groups(conn, found[offset:offset + limit])
        total, page = _ranked_in_sql(conn, key, type, limit=limit, offset=offset)
        return total, _groups(conn, page)


def _ranked_in_sql(conn: Any, key: str, type: str | None, *, limit: int, offset: int) -> tuple[int, list[Any]]:
    """``(total, page)``: the page's keys ranked in SQL (from indexes only), then its rows. The
    exact names and aliases, few, are ranked first apart (no per-candidate test in the sort)."""
    t, stmt = _word_match(conn.dialect.name, key) if key else (s.entity_stats, select(s.entity_stats.c.name,
                                                                                        s.entity_stats.c.type))
    stmt = stmt.where(t.c.type == type) if type else stmt
    exact = _exact(conn, key, type) if key else []
    if exact:
        stmt = stmt.where(*(or_(t.c.name != name, t.c.type != etype) for name, etype in exact))
    total = len(exact) + _total(conn, stmt, key, type, n_exact=len(exact))
    head = exact[offset:offset + limit]
    rest = conn.execute(stmt.order_by(*entity_rank(t)).limit(limit - len(head))
                        .offset(max(0, offset - len(exact)))) if len(head) < limit else []
    page = [*head, *((r.name, r.type) for r in rest)]
    rows = _stats(conn, page)
    return total, [rows[k] for k in page]


def _exact(conn: Any, key: str, type: str | None) -> list[tuple[str, str]]:
    """The groups named ``key`` (folded) or with an alias folded to it, ranked."""
    t, al = s.entity_stats, s.entity_stat_aliases
    named = select(t.c.name, t.c.type).where(t.c.name_key == key)
    aliased = select(al.c.name, al.c.type).where(al.c.key == key)
    rows = {(r.name, r.type) for q in (named, aliased) for r in conn.execute(q)}
    rows = {g for g in rows if type is None or g[1] == type}
    stats = _stats(conn, list(rows))
    return sorted(rows, key=lambda g: (-stats[g].n_articles, -stats[g].n_mentions, stats[g].sort_key, g[1], g[0]))


def _total(conn: Any, stmt: Any, key: str, type: str | None, *, n_exact: int) -> int:
    """How many rows ``stmt`` selects (the ``n_exact`` exact matches left out): from the counters,
    the candidates alone (a one-word ``key`` finds exactly its candidates), or by counting ``stmt``."""
    if not key:
        c = s.summary_counts
        return int(conn.execute(select(func.coalesce(func.sum(c.c.n), 0)).where(
            c.c.key == f"entities:{type}" if type else c.c.key.like("entities:%"))).scalar_one())
    if " " not in key and type is None:
        found = _candidates(key).subquery()
        return int(conn.execute(select(func.count()).select_from(found)).scalar_one()) - n_exact
    return int(conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())


def _stats(conn: Any, groups: list[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """The ``entity_stats`` rows of ``groups``, read by name."""
    t, wanted = s.entity_stats, set(groups)
    names = sorted({name for name, _type in wanted})
    return {(r.name, r.type): r for i in range(0, len(names), _CHUNK)
            for r in conn.execute(select(t).where(t.c.name.in_(names[i:i + _CHUNK]))) if (r.name, r.type) in wanted}


def _few_matches(conn: Any, key: str, type: str | None) -> list[Any] | None:
    """Every ``entity_stats`` row that ``key`` finds, ranked (as :func:`_ranked_in_sql` ranks them),
    when its candidates are at most ``FEW``; else ``None``."""
    rest = key.split()[1:]
    found = conn.execute(_candidates(key).limit(FEW + 1)).all()
    if len(found) > FEW:
        return None
    candidates = [(n, t) for n, t in found if type is None or t == type]
    rows = _stats(conn, candidates)
    aliases = {g: [fold(a) for a in names] for g, names in aliases_of(conn, list(rows)).items()}
    padded = f" {key}"

    def keys(r: Any) -> list[str]:
        return [r.name_key, *aliases.get((r.name, r.type), [])]

    found = [r for r in rows.values() if not rest or any(padded in f" {k}" for k in keys(r))]
    return sorted(found, key=lambda r: (key not in keys(r), -r.n_articles, -r.n_mentions, r.sort_key, r.type, r.name))


def _candidates(key: str) -> Any:
    """The (name, type) of the groups with a word that is the first word of ``key``, or starts
    with it when it is the only one (``entity_words``, by its word index)."""
    w = s.entity_words
    first, *rest = key.split()
    by_word = w.c.word == first if rest else and_(w.c.word >= first, w.c.word < first + WORD_END)
    return select(w.c.name, w.c.type).where(by_word).distinct()


def _word_match(dialect: str, key: str) -> tuple[Any, Any]:
    """``(t, stmt)``: the ``entity_stats`` rows ``t`` of the groups with a name or alias in which the
    words of ``key`` start at a word, and the select of their (name, type): the candidates of
    :func:`_candidates`, checked whole when ``key`` has several words. On PostgreSQL the rows are
    joined LATERAL (one index probe per candidate), which its planner would otherwise hash-join
    against a scan of the whole table."""
    t: Any = s.entity_stats
    al = s.entity_stat_aliases
    found = _candidates(key).subquery("found")
    if dialect == "postgresql":
        t = select(t).where(t.c.name == found.c.name, t.c.type == found.c.type).lateral("t")
        stmt = select(t.c.name, t.c.type).select_from(found).join(t, true())
    else:
        stmt = select(t.c.name, t.c.type).join(found, and_(found.c.name == t.c.name, found.c.type == t.c.type))
    if " " not in key:
        return t, stmt
    pattern = f"% {key}%"  # folded: no LIKE wildcard in it
    in_alias = exists().where(al.c.name == t.c.name, al.c.type == t.c.type, (" " + al.c.key).like(pattern))
    return t, stmt.where(or_((" " + t.c.name_key).like(pattern), in_alias))


def find_entities(state: AppState, q: str | None, *, type: str | None = None,
                  limit: int = 50) -> list[EntityGroup]:
    """The first ``limit`` entities found by ``q`` (see :func:`entity_page`)."""
    return entity_page(state, q, type=type, limit=limit)[1]


def entity_by_name(state: AppState, name: str, *, type: str | None = None) -> EntityGroup | None:
    """The most widespread entity of that folded name, else of that folded alias."""
    t, al = s.entity_stats, s.entity_stat_aliases
    key = fold(name)
    typed = [t.c.type == type] if type else []
    by_alias = exists().where(al.c.name == t.c.name, al.c.type == t.c.type, al.c.key == key)
    with state.store.engine.connect() as conn:
        for cond in (t.c.name_key == key, by_alias):
            row = conn.execute(select(t).where(cond, *typed).order_by(*entity_rank(t)).limit(1)).first()
            if row is not None:
                return _groups(conn, [row])[0]
    return None
