"""Reliability signals after an incremental cluster update: recomputed for the articles
whose corroboration can have changed, and for them only.

An article's signals depend on the article and on the corroboration of its statements,
which is computed within its story cluster from the statements and the independent
sources (wire group, credited agency, outlet) of the cluster's members. So the scope is
every member of a story cluster that changed, and of the (unchanged) story cluster of
any article whose wire group changed. Of an unchanged article, only ``corroborated_share``
is recomputed: its other signals depend on the article alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from recoupe.corpus.cluster_store import ClusterUpdate, read_features
from recoupe.corpus.clusters import WireGroup, make_wire_group
from recoupe.corpus.corroboration import Corroboration, corroborations, independent_sources
from recoupe.corpus.signals import SIGNALS, article_signals, corroboration_signal
from recoupe.records import Analysis, Signal
from recoupe.store import Store
from recoupe.store import schema as s

CHUNK = 500


def cluster_members(conn: Connection, kind: str, ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Cluster id -> its members (sorted), for the stored groups of ``kind`` that ``ids`` are in."""
    c = s.clusters
    wanted = sorted(set(ids))
    cids = {x for i in range(0, len(wanted), CHUNK) for x in conn.execute(
        select(c.c.cluster_id).where(c.c.kind == kind, c.c.article_id.in_(wanted[i:i + CHUNK]))).scalars()}
    out: dict[str, list[str]] = {}
    order = sorted(cids)
    for i in range(0, len(order), CHUNK):
        stmt = select(c.c.cluster_id, c.c.article_id).where(c.c.kind == kind, c.c.cluster_id.in_(order[i:i + CHUNK]))
        for r in conn.execute(stmt):
            out.setdefault(r.cluster_id, []).append(r.article_id)
    return {cid: tuple(sorted(m)) for cid, m in out.items()}


def signals_from(own: Mapping[str, Sequence[Signal]], corroborated: Sequence[Corroboration]) -> list[Signal]:
    """The signals of the articles of ``own`` (id -> its :func:`own_signals`), in id order, with
    their ``corroborated_share`` from the corroboration groups."""
    by_article = _by_article(corroborated)
    return [sig for aid in sorted(own) for sig in (*own[aid], corroboration_signal(aid, by_article.get(aid, [])))]


@dataclass(frozen=True, slots=True)
class Scope:
    """The articles whose signals an update recomputes, the story clusters that hold them, and
    the wire groups that name their sources."""

    ids: frozenset[str]
    within: list[tuple[str, ...]]
    wires: list[WireGroup]


def scope_of(conn: Connection, upd: ClusterUpdate, fresh: Iterable[str]) -> Scope:
    """The members of every story cluster the update rebuilt, of the unchanged story clusters
    of articles whose wire group changed, and the new articles."""
    story, wire = upd.affected.get("story", set()), upd.affected.get("wire", set())
    kept = cluster_members(conn, "story", wire - story)  # unchanged story clusters whose sources changed
    within = [c.members for c in upd.groups.get("story", ())] + list(kept.values())
    ids = story | wire | set(fresh) | {m for members in kept.values() for m in members}
    return Scope(frozenset(ids), within, _wires(conn, upd, ids))


def scoped_signals(store: Store, scope: Scope, fresh: Mapping[str, Analysis]) -> tuple[list[str], list[Signal]]:
    """(articles whose signals are recomputed, their signals). The other articles of the scope
    keep their stored signals but ``corroborated_share``, the only one that depends on others."""
    loaded = {a.article.id: a for a in store.analyses(sorted(scope.ids - set(fresh)))}
    analyses = sorted([*loaded.values(), *(fresh[a] for a in scope.ids & set(fresh))], key=lambda a: a.article.id)
    sources = independent_sources(analyses, wires=scope.wires)
    by_article = _by_article(corroborations(analyses, sources=sources, within=scope.within))
    with store.engine.connect() as conn:
        stored = _stored_signals(conn, loaded)
    out: list[Signal] = []
    for a in analyses:
        aid = a.article.id
        mine = by_article.get(aid, [])
        if aid in stored:
            new = corroboration_signal(aid, mine)
            out += [new if sig.name == new.name else sig for sig in stored[aid]]
        else:
            out += article_signals(a, corroboration=mine)
    return [a.article.id for a in analyses], out


def _by_article(corroborated: Sequence[Corroboration]) -> dict[str, list[Corroboration]]:
    out: dict[str, list[Corroboration]] = {}
    for c in corroborated:
        for aid in set(c.articles):
            out.setdefault(aid, []).append(c)
    return out


def _stored_signals(conn: Connection, ids: Iterable[str]) -> dict[str, list[Signal]]:
    """The stored signals of ``ids`` (those that have the whole set)."""
    t = s.signals
    wanted = sorted(set(ids))
    out: dict[str, list[Signal]] = {}
    for i in range(0, len(wanted), CHUNK):
        stmt = select(t).where(t.c.article_id.in_(wanted[i:i + CHUNK])).order_by(t.c.article_id, t.c.seq)
        for r in conn.execute(stmt):
            out.setdefault(r.article_id, []).append(
                Signal(r.article_id, r.name, r.value, r.explanation, tuple(tuple(e) for e in json.loads(r.evidence))))
    return {aid: sigs for aid, sigs in out.items() if [x.name for x in sigs] == list(SIGNALS)}


def _wires(conn: Connection, upd: ClusterUpdate, scope: Iterable[str]) -> list[WireGroup]:
    """The wire groups of the articles of ``scope``: rebuilt ones, else as stored."""
    rebuilt = [w for w in upd.groups.get("wire", ()) if isinstance(w, WireGroup)]
    covered = upd.affected.get("wire", set()) | {m for w in rebuilt for m in w.members}
    stored = cluster_members(conn, "wire", set(scope) - covered)
    feats = read_features(conn, {m for members in stored.values() for m in members})
    return [*rebuilt, *(make_wire_group([feats[m] for m in members], []) for members in stored.values())]
