"""Stances in the store: computed once per article version (and issues file), named by
the registry, and renamed — not recomputed — when the registry renames an entity.

``stance_actors`` keeps, for each stored stance (same article and ``seq``), the actor
as its article gives it and the name the registry gave it, so a pass can rename the
stances of the articles whose entities the registry now names otherwise, and knows
which (issue, actor) a deleted article's stances were about.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, select

from recoupe.corpus.issues import Issue
from recoupe.records import Analysis, Stance
from recoupe.store import derived
from recoupe.store import schema as s
from recoupe.store.engine import insert_rows
from recoupe.store.rows import fold

if TYPE_CHECKING:
    from spacy.language import Language

CHUNK = 500
Key = tuple[str, str]  # (issue, actor)
Named = tuple[Stance, str]  # a stance (actor named by the registry) and its actor as read


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    out = sorted(set(ids))
    for i in range(0, len(out), CHUNK):
        yield out[i:i + CHUNK]


def canonical_names(conn: Connection, article_ids: Iterable[str]) -> dict[tuple[str, str], str]:
    """(article id, folded entity name) -> its registry entry's name, for ``article_ids``."""
    from recoupe.corpus.registry_read import canonical_names_in

    return canonical_names_in(conn, sorted(set(article_ids)))


def named(stances: Iterable[Stance], canon: dict[tuple[str, str], str]) -> list[Named]:
    """Each stance with its actor named as the registry names it, and the actor as read."""
    return [(replace(st, actor=canon.get((st.article_id, fold(st.actor)), st.actor)), st.actor) for st in stances]


def compute(analyses: Iterable[Analysis], issues: Sequence[Issue], *, nlp: Language,
            canon: dict[tuple[str, str], str]) -> list[Named]:
    """The stances of ``analyses`` on ``issues``, named by the registry."""
    from recoupe.corpus.stances import article_stances

    return named((st for a in analyses for st in article_stances(a, issues, nlp=nlp)), canon)


def write(conn: Connection, article_ids: Sequence[str], stances: Sequence[Named]) -> set[Key]:
    """Replace the stances of ``article_ids``; returns their (issue, actor) keys, old and new."""
    keys = keys_of(conn, article_ids)
    forget(conn, article_ids)
    derived.put_stances(conn, article_ids, [st for st, _ in stances])
    seen: dict[str, int] = {}
    rows = []
    for st, raw in stances:  # numbered as derived.put_stances numbers them
        seq = seen[st.article_id] = seen.get(st.article_id, -1) + 1
        rows.append({"article_id": st.article_id, "seq": seq, "issue": st.issue, "actor_raw": raw, "actor": st.actor})
    for i in range(0, len(rows), CHUNK):
        insert_rows(conn, s.stance_actors, rows[i:i + CHUNK])
    return keys | {(st.issue, st.actor) for st, _ in stances}


def keys_of(conn: Connection, article_ids: Iterable[str]) -> set[Key]:
    """The (issue, actor) of the stored stances of ``article_ids`` (also of deleted articles)."""
    t = s.stance_actors
    return {(r.issue, r.actor) for chunk in _chunks(article_ids)
            for r in conn.execute(select(t.c.issue, t.c.actor).where(t.c.article_id.in_(chunk)))}


def forget(conn: Connection, article_ids: Iterable[str]) -> None:
    for chunk in _chunks(article_ids):
        conn.execute(delete(s.stance_actors).where(s.stance_actors.c.article_id.in_(chunk)))


def with_stances(conn: Connection, article_ids: Iterable[str] | None = None) -> list[str]:
    """The articles (of ``article_ids``, or all) that have stances."""
    t = s.stance_actors
    if article_ids is None:
        return list(conn.execute(select(t.c.article_id).distinct().order_by(t.c.article_id)).scalars())
    return sorted({a for chunk in _chunks(article_ids) for a in conn.execute(
        select(t.c.article_id).where(t.c.article_id.in_(chunk)).distinct()).scalars()})


def rename(conn: Connection, article_ids: Iterable[str] | None = None) -> set[Key]:
    """Name the stored stances of ``article_ids`` (default: all) as the registry now names their
    actors; returns the (issue, actor) keys that changed, old and new."""
    ids = with_stances(conn, article_ids)
    canon = canonical_names(conn, ids)
    t, st_t = s.stance_actors, s.stances
    changed: set[str] = set()
    keys: set[Key] = set()
    actors: dict[tuple[str, int], tuple[str, str]] = {}
    for chunk in _chunks(ids):
        for r in conn.execute(select(t).where(t.c.article_id.in_(chunk))):
            now = canon.get((r.article_id, fold(r.actor_raw)), r.actor_raw)
            actors[(r.article_id, r.seq)] = (r.actor_raw, now)
            if now != r.actor:
                changed.add(r.article_id)
                keys |= {(r.issue, r.actor), (r.issue, now)}
    if not changed:
        return keys
    stances: list[Named] = []
    for chunk in _chunks(changed):
        stmt = select(st_t).where(st_t.c.article_id.in_(chunk)).order_by(st_t.c.article_id, st_t.c.seq)
        for r in conn.execute(stmt):
            raw, now = actors[(r.article_id, r.seq)]
            stances.append((replace(derived.stance_of(r), actor=now), raw))
    write(conn, sorted(changed), stances)
    return keys
