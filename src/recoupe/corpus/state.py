"""What a corpus pass knows of the previous one: which articles it has seen, and what
it needs to take back what they contributed once they change or go.

An article has gone through a pass when it has a ``corpus_state`` row (deleted with
the article, so a re-saved or deleted article loses it); the pass's own tables
(``corpus_docs``, ``cluster_*``, ``stance_actors``, ``dispute_*``, ``registry_forms``)
have no foreign key, so they still describe the old version until the next pass
retracts it. A pass writes ``corpus_state`` last: one killed half-way leaves its
articles to be done again by the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, exists, func, select

from recoupe.store import schema as s

FULL_SHARE = 0.5  # when at least this share of the stored articles is new or changed, a full pass is cheaper
CHUNK = 500


@dataclass(frozen=True, slots=True)
class Plan:
    """What a pass has to do."""

    full: bool  # recompute every corpus-level result
    fresh: tuple[str, ...]  # new or changed articles: their contributions are computed
    gone: tuple[str, ...]  # changed or deleted articles: their old contributions are taken back
    articles: int  # articles stored
    reason: str = ""  # why a full pass


def plan(engine: Engine, issues_hash: str, *, full: bool | None = None) -> Plan:
    """Compare the store with the pass's state: what is new, changed or gone. ``full``: True
    asks for a full pass, False for an incremental one whenever possible, None lets the share
    of new articles decide."""
    st, docs, art = s.corpus_state, s.corpus_docs, s.articles
    done = exists().where(st.c.article_id == art.c.id, st.c.issues_hash == issues_hash)
    with engine.connect() as conn:
        n = int(conn.execute(select(func.count()).select_from(art)).scalar_one())
        fresh = tuple(conn.execute(select(art.c.id).where(~done).order_by(art.c.id)).scalars())
        gone = tuple(conn.execute(select(docs.c.article_id).where(~exists().where(st.c.article_id == docs.c.article_id))
                                  .order_by(docs.c.article_id)).scalars())
        other_issues = conn.execute(select(st.c.article_id).where(st.c.issues_hash != issues_hash).limit(1)).first()
        indexed = conn.execute(select(docs.c.article_id).limit(1)).first() is not None
        if full is True or (n and not indexed):  # every article's own results are computed again
            fresh = tuple(conn.execute(select(art.c.id).order_by(art.c.id)).scalars())
    reason = ("asked" if full is True else "the issues changed" if other_issues is not None
              else "no corpus index yet" if n and not indexed
              else "most articles are new" if full is None and n and len(fresh) >= FULL_SHARE * n else "")
    return Plan(bool(reason), fresh, gone, n, reason)


def counts(engine: Engine) -> dict[str, int]:
    """Stances, disputes, story clusters and wire groups stored."""
    c = s.clusters
    with engine.connect() as conn:
        out = {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
               for t in (s.stances, s.disputes)}
        for kind in ("story", "wire"):
            out[kind] = int(conn.execute(select(func.count(c.c.cluster_id.distinct())).where(c.c.kind == kind))
                            .scalar_one())
    return out


def drop_orphans(conn: Connection) -> None:
    """Delete what the pass's tables hold about articles no longer stored (a full pass)."""
    for table in (s.stance_actors, s.dispute_statements, s.dispute_figures):
        conn.execute(delete(table).where(~exists().where(s.articles.c.id == table.c.article_id)))


def clear_index(conn: Connection) -> None:
    """Empty the cluster index (a full pass rebuilds it)."""
    for table in (s.corpus_docs, s.cluster_bands, s.cluster_edges):
        conn.execute(delete(table))


def forget_index(conn: Connection, ids: Sequence[str]) -> None:
    """Take articles ``ids`` out of the cluster index (their docs, buckets and pairs)."""
    e = s.cluster_edges
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        for table in (s.corpus_docs, s.cluster_bands):
            conn.execute(delete(table).where(table.c.article_id.in_(chunk)))
        for kind in ("story", "wire"):
            conn.execute(delete(e).where(e.c.kind == kind, e.c.a.in_(chunk)))
            conn.execute(delete(e).where(e.c.kind == kind, e.c.b.in_(chunk)))
