"""Read-side summaries: corpus-wide aggregates kept exactly equal to the raw rows.

Listing entities by frequency, counting quotes per speaker or articles per
day would otherwise group every row of a large store on each request. The
summary tables (``schema.SUMMARY_TABLES``) hold those aggregates, and every
save and delete applies, in its own transaction, the *difference* its
articles make: the contribution of the rows it inserts minus that of the
rows it replaces, both computed by :func:`collect` from the same columns.
Every aggregate is a sum over articles (counts) or is recomputed from an
index (the greatest wikidata id), so the result is the aggregate of the raw
rows whatever the order of saves, re-analyses and deletions;
:func:`rebuild` recomputes everything from scratch (a store made before the
summaries, or a check). ``entity_words`` (every word of each group's folded
name and aliases) is rewritten for the groups whose name or aliases come or go.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, func, select, update

from recoupe.store import schema as s
from recoupe.store.rows import fold

Group = tuple[str, str]  # (name, type)
_CHUNK = 500
_ENTITY_COLS = ("article_id", "name", "type", "name_key", "n_mentions", "wikidata", "aliases")
_QUOTE_COLS = ("article_id", "speaker_key", "speaker_type", "status", "kind")
_ARTICLE_COLS = ("id", "published", "outlet")


@dataclass(slots=True)
class Delta:
    """What some articles add to (or, negated, remove from) the summaries."""

    # (name, type) -> [articles, mentions, quotes spoken under its name]
    groups: defaultdict[Group, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    wikidata: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (name, type, wikidata) rows
    aliases: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (name, type, alias) rows
    speakers: Counter[str] = field(default_factory=Counter)
    days: Counter[tuple[str, str]] = field(default_factory=Counter)
    counts: Counter[str] = field(default_factory=Counter)


def day_of(published: str | None) -> str:
    return (published or "")[:10]


def collect(delta: Delta, articles: Iterable[Mapping[str, Any]], entities: Iterable[Mapping[str, Any]],
            quotes: Iterable[Mapping[str, Any]], *, sign: int = 1) -> None:
    """Add ``sign`` times the contribution of these rows (every row of some articles: their
    ``articles``, ``entities`` and ``quotes`` rows as dicts or row mappings) to ``delta``."""
    for a in articles:
        delta.days[(day_of(a["published"]), a["outlet"] or "")] += sign
        delta.counts["articles"] += sign
    spoken: dict[str, Counter[tuple[str, str | None]]] = defaultdict(Counter)
    for q in quotes:
        delta.counts[f"quotes:{q['status']}:{q['kind']}"] += sign
        if q["speaker_key"] is not None:
            delta.speakers[q["speaker_key"]] += sign
            spoken[q["article_id"]][(q["speaker_key"], q["speaker_type"])] += 1
    named: set[tuple[str, str, str]] = set()  # (article, name, type): one article counts once per group
    for e in entities:
        name, etype, key = e["name"], e["type"], e["name_key"]
        by_speaker = spoken.get(e["article_id"])
        n_quotes = by_speaker[(key, None)] + by_speaker[(key, etype)] if by_speaker else 0
        stats = delta.groups[(name, etype)]
        if (e["article_id"], name, etype) not in named:
            named.add((e["article_id"], name, etype))
            stats[0] += sign
        stats[1] += sign * e["n_mentions"]
        stats[2] += sign * n_quotes
        if e["wikidata"] is not None:
            delta.wikidata[(name, etype, e["wikidata"])] += sign
        if e["aliases"] != "[]":
            for alias in dict.fromkeys(json.loads(e["aliases"])):
                if alias != name:
                    delta.aliases[(name, etype, alias)] += sign


def stored_rows(conn: Connection, ids: list[str]) -> Iterator[tuple[list[Any], list[Any], list[Any]]]:
    """The summarised columns of the stored articles among ``ids``, per chunk: (articles, entities, quotes)."""
    a, e, q = s.articles, s.entities, s.quotes
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        yield (list(conn.execute(select(*(a.c[c] for c in _ARTICLE_COLS)).where(a.c.id.in_(chunk))).mappings()),
               list(conn.execute(select(*(e.c[c] for c in _ENTITY_COLS)).where(e.c.article_id.in_(chunk)))
                    .mappings()),
               list(conn.execute(select(*(q.c[c] for c in _QUOTE_COLS)).where(q.c.article_id.in_(chunk)))
                    .mappings()))


def remove_stored(conn: Connection, delta: Delta, ids: list[str]) -> None:
    """Subtract the contribution of the stored articles among ``ids`` (before they are deleted)."""
    for articles, entities, quotes in stored_rows(conn, ids):
        collect(delta, articles, entities, quotes, sign=-1)


def apply(conn: Connection, delta: Delta, *, empty: bool = False) -> None:
    """Write ``delta`` into the summary tables (inside the caller's write transaction);
    ``empty``: they are empty (a rebuild), nothing to read back."""
    if conn.dialect.name == "postgresql":
        delta = _as_stored(delta)
    born, gone = _apply_groups(conn, delta, empty=empty)
    born_aliases, gone_aliases = _add(conn, s.entity_stat_aliases, ("name", "type", "alias"), ("n_rows",),
                                      {k: (n,) for k, n in delta.aliases.items() if n},
                                      lambda k: {"key": fold(k[2]), "name_key": fold(k[0])}, empty=empty)
    _rewrite_words(conn, {*born, *gone, *((n, t) for n, t, _a in [*born_aliases, *gone_aliases])}, empty=empty)
    _add(conn, s.speaker_stats, ("key",), ("n_quotes",), {(k,): (n,) for k, n in delta.speakers.items() if n},
         empty=empty)
    _add(conn, s.article_days, ("day", "outlet"), ("n_articles",), {k: (n,) for k, n in delta.days.items() if n},
         empty=empty)
    _add(conn, s.summary_counts, ("key",), ("n",), {(k,): (n,) for k, n in delta.counts.items() if n},
         keep_zero=True)


def _rewrite_words(conn: Connection, groups: set[Group], *, empty: bool) -> None:
    """Replace the ``entity_words`` of ``groups`` (those created or removed, or whose aliases
    changed) by the words of their folded name and aliases, as the summaries now hold them."""
    t, al, w = s.entity_stats, s.entity_stat_aliases, s.entity_words
    match = and_(w.c.name == bindparam("k_name"), w.c.type == bindparam("k_type"))
    for chunk in _chunks(sorted(groups), _CHUNK):
        if not empty:
            conn.execute(delete(w).where(match), [{"k_name": n, "k_type": ty} for n, ty in chunk])
        wanted, names = set(chunk), sorted({n for n, _t in chunk})
        words: set[tuple[str, str, str]] = set()
        for name, etype in conn.execute(select(t.c.name, t.c.type).where(t.c.name.in_(names))):
            if (name, etype) in wanted:
                words.update((name, etype, word) for word in fold(name).split())
        for name, etype, key in conn.execute(select(al.c.name, al.c.type, al.c.key).where(al.c.name.in_(names))):
            if (name, etype) in wanted:
                words.update((name, etype, word) for word in key.split())
        if words:
            conn.execute(w.insert(), [{"name": n, "type": ty, "word": wd} for n, ty, wd in sorted(words)])


def _as_stored(delta: Delta) -> Delta:
    """``delta`` with its names as PostgreSQL stores them (NUL replaced, ``recoupe.store.postgres``):
    the rows read back from the database are keyed so."""
    from recoupe.store.postgres import scrub

    def keyed(counter: Mapping[Any, Any]) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key, value in counter.items():
            k = tuple(map(scrub, key)) if isinstance(key, tuple) else scrub(key)
            if isinstance(value, list):
                out[k] = [a + b for a, b in zip(out.get(k, [0, 0, 0]), value, strict=True)]
            else:
                out[k] = out.get(k, 0) + value
        return out

    return Delta(defaultdict(lambda: [0, 0, 0], keyed(delta.groups)), Counter(keyed(delta.wikidata)),
                 Counter(keyed(delta.aliases)), Counter(keyed(delta.speakers)), Counter(keyed(delta.days)),
                 Counter(keyed(delta.counts)))


def _apply_groups(conn: Connection, delta: Delta, *, empty: bool) -> tuple[list[Any], list[Any]]:
    """entity_stats: counts added, groups created and removed (and counted per type), wikidata
    recomputed; returns the groups created and removed."""
    changed = {g: tuple(v) for g, v in delta.groups.items() if any(v)}
    recount = {(n, t) for (n, t, _w), c in delta.wikidata.items() if c}

    def extra(group: tuple[Any, ...]) -> dict[str, Any]:
        return {"name_key": fold(group[0]), "sort_key": group[0].casefold(), "wikidata": None}

    born, gone = _add(conn, s.entity_stats, ("name", "type"), ("n_articles", "n_mentions", "n_quotes"), changed,
                      extra, empty=empty)
    per_type = Counter(f"entities:{t}" for _n, t in born)
    per_type.subtract(Counter(f"entities:{t}" for _n, t in gone))
    _add(conn, s.summary_counts, ("key",), ("n",), {(k,): (n,) for k, n in per_type.items() if n}, keep_zero=True)
    t, e = s.entity_stats, s.entities
    greatest = (select(func.max(e.c.wikidata)).where(e.c.name == t.c.name, e.c.type == t.c.type)
                .scalar_subquery())
    for names in _chunks(sorted({n for n, _t in recount}), _CHUNK):
        conn.execute(update(t).where(t.c.name.in_(names)).values(wikidata=greatest))
    return born, gone


def _add(conn: Connection, table: Table, keys: tuple[str, ...], counts: tuple[str, ...],
         deltas: Mapping[tuple[Any, ...], tuple[int, ...]], extra: Any = None, *,
         keep_zero: bool = False, empty: bool = False) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Add ``deltas`` (key values -> count increments) to ``table``: rows read, summed and
    written back (the caller holds the write lock); a row whose first count falls to zero is
    deleted unless ``keep_zero``. ``extra(key)`` gives a new row's other columns; ``empty``: the
    table is empty, nothing to read. Returns the keys of the rows created and of those deleted."""
    if not deltas:
        return [], []
    key_cols = [table.c[k] for k in keys]
    current: dict[tuple[Any, ...], Any] = {}
    for chunk in _chunks([] if empty else sorted({k[0] for k in deltas}), _CHUNK):  # the leading key column
        for r in conn.execute(select(table).where(key_cols[0].in_(chunk))).mappings():
            current[tuple(r[k] for k in keys)] = r
    inserts, updates, gone = [], [], []
    for key, inc in deltas.items():
        row = current.get(key)
        values = [(row[c] if row is not None else 0) + d for c, d in zip(counts, inc, strict=True)]
        new = dict(zip(counts, values, strict=True))
        if values[0] <= 0 and not keep_zero:
            if row is not None:
                gone.append(key)
        elif row is None:
            inserts.append({**dict(zip(keys, key, strict=True)), **(extra(key) if extra else {}), **new})
        else:
            updates.append({**{f"k_{k}": v for k, v in zip(keys, key, strict=True)}, **new})
    match = and_(*(c == bindparam(f"k_{c.name}") for c in key_cols))
    if gone:
        conn.execute(delete(table).where(match), [{f"k_{k}": v for k, v in zip(keys, g, strict=True)} for g in gone])
    if updates:  # executemany: the SET clause is the parameters named after columns
        conn.execute(update(table).where(match), updates)
    if inserts:
        conn.execute(table.insert(), inserts)
    return [tuple(r[k] for k in keys) for r in inserts], gone


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def rebuild(conn: Connection) -> None:
    """Recompute every summary from the raw rows (inside the caller's write transaction)."""
    for table in s.SUMMARY_TABLES:
        conn.execute(delete(table))
    ids = list(conn.execute(select(s.articles.c.id).order_by(s.articles.c.id)).scalars())
    delta = Delta()
    for articles, entities, quotes in stored_rows(conn, ids):
        collect(delta, articles, entities, quotes)
    apply(conn, delta, empty=True)


GENERATION_KEY = "data_generation"  # meta row: changes with every write of articles or derived rows


def touch(conn: Connection) -> None:
    """Give the store a new generation (inside a write transaction): caches keyed on it expire."""
    import uuid

    conn.execute(delete(s.meta).where(s.meta.c.key == GENERATION_KEY))
    conn.execute(s.meta.insert(), [{"key": GENERATION_KEY, "value": uuid.uuid4().hex}])


def generation(conn: Connection) -> str:
    """The store's current generation ("" before its first write)."""
    return conn.execute(select(s.meta.c.value).where(s.meta.c.key == GENERATION_KEY)).scalar() or ""
