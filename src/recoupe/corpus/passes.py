"""The two corpus passes of :func:`recoupe.corpus.analyse.analyse_corpus`.

Both compute the per-article results of the articles to do (stances, dispute
material), then write everything in one transaction. The *full* pass reads every
analysis once, in worker processes that return each article's own part
(:mod:`recoupe.corpus.article_work`), and recomputes every cross-article result in
memory from those parts; the *incremental* pass reads the analyses of new and changed
articles, and of the members of the clusters they touch, and updates the cross-article
results from the store.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, delete, select

from recoupe.corpus import cluster_store, dispute_store, stance_store, state
from recoupe.corpus.cluster_index import ClusterIndex
from recoupe.corpus.corroboration import group_statements, sources_of
from recoupe.corpus.issues import Issue
from recoupe.corpus.registry_cluster import NodeId
from recoupe.corpus.signal_scope import scope_of, scoped_signals, signals_from
from recoupe.corpus.statements import Statement
from recoupe.records import Analysis, Signal
from recoupe.settings import Settings
from recoupe.store import Store, derived
from recoupe.store import schema as s
from recoupe.store.engine import write_transaction

CHUNK = 500


class Phases(dict[str, float]):
    """Seconds spent per phase of a pass."""

    @contextmanager
    def time(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self[name] = self.get(name, 0.0) + time.perf_counter() - started


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    out = sorted(set(ids))
    for i in range(0, len(out), CHUNK):
        yield out[i:i + CHUNK]


def _registry(store: Store, settings: Settings, *, extra: Iterable[NodeId] = (),
              full: bool = False) -> frozenset[str] | None:
    from recoupe.corpus.registry import refresh_registry
    from recoupe.extract.gazetteer import load_gazetteer

    return refresh_registry(store, gazetteer=load_gazetteer(settings.gazetteer), extra=extra, full=full)[1]


def _forms(conn: Connection, ids: Iterable[str] | None) -> dict[str, list[list[Any]]]:
    """Article id -> its registry forms [type, key, ambiguous] (all articles when ``ids`` is None)."""
    link = s.registry_links
    stmt = select(link.c.article_id, link.c.type, link.c.key, link.c.ambiguous).distinct()
    rows = list(conn.execute(stmt)) if ids is None else [
        r for chunk in _chunks(ids) for r in conn.execute(stmt.where(link.c.article_id.in_(chunk)))]
    out: dict[str, list[list[Any]]] = {}
    for r in sorted(rows, key=lambda r: (r.article_id, r.type, r.key, bool(r.ambiguous))):
        out.setdefault(r.article_id, []).append([r.type, r.key, bool(r.ambiguous)])
    return out


def _unchanged(conn: Connection, hashes: Mapping[str, str]) -> list[str]:
    """The ids of ``hashes`` (article id -> content hash analysed) whose stored article is still
    the version analysed (an article re-saved during the pass stays to do: the next pass takes
    back what this one wrote)."""
    art = s.articles
    return sorted(r.id for chunk in _chunks(hashes) for r in conn.execute(
        select(art.c.id, art.c.content_hash).where(art.c.id.in_(chunk))) if hashes[r.id] == r.content_hash)


def _old_forms(conn: Connection, ids: Iterable[str]) -> set[NodeId]:
    """The registry forms the (changed or deleted) articles ``ids`` had at the last pass."""
    d = s.corpus_docs
    return {(t, k, bool(a)) for chunk in _chunks(ids)
            for forms in conn.execute(select(d.c.forms).where(d.c.article_id.in_(chunk))).scalars()
            for t, k, a in json.loads(forms)}


def full_pass(store: Store, plan: state.Plan, *, issues: Sequence[Issue], key: str,
              settings: Settings) -> dict[str, float]:
    """Recompute every cross-article result (and the per-article ones of ``plan.fresh``). The
    analyses are not held: each article's own part (:mod:`recoupe.corpus.article_work`) is
    computed as they are read, by ``settings.workers`` processes, and the stances of the
    articles to do are computed from their analyses read again, a chunk at a time."""
    from recoupe.corpus.article_work import works

    ph = Phases()
    with ph.time("registry"):
        _registry(store, settings, full=True)
    fresh = set(plan.fresh)
    with store.engine.connect() as conn:
        ids = list(conn.execute(select(s.articles.c.id).order_by(s.articles.c.id)).scalars())
    index = ClusterIndex()
    material = dispute_store.Material()
    own_sources: dict[str, str] = {}
    outlets: dict[str, str | None] = {}
    items: list[Statement] = []
    own: dict[str, tuple[Signal, ...]] = {}
    hashes: dict[str, str] = {}
    indexed = []
    with ph.time("articles"):  # read, and each article's own part: in the workers
        for w in works(store, ids, index=index, issues=issues, fresh=fresh, workers=settings.workers):
            indexed.append((w.features, w.bands))
            own[w.id], hashes[w.id] = w.signals, w.content_hash
            own_sources[w.id], outlets[w.id] = w.own_source, w.outlet
            items += w.statements
            if w.material is not None:
                material.put(w.id, w.material)
    ids = list(own)  # those still stored
    todo = sorted(fresh & own.keys())
    with ph.time("stances"):  # their analyses read again, a chunk at a time
        named = _stances(store, todo, store.analyses(todo), issues, settings)
    with ph.time("clusters"):
        index.add_all(indexed)
        del indexed
        wires, stories = index.wire_groups(), index.clusters()
    with ph.time("signals"):
        groups = group_statements(items, outlets, sources=sources_of(own_sources, wires),
                                  within=[c.members for c in stories])
        signals = signals_from(own, groups)
    with ph.time("write"), write_transaction(store.engine) as conn:
        state.drop_orphans(conn)
        state.clear_index(conn)
        stance_store.write(conn, todo, named)
        stance_store.rename(conn)
        dispute_store.save_material(conn, material)
        everything = dispute_store.merge(dispute_store.load_material(conn, set(ids) - fresh), material)
        stances = [derived.stance_of(r) for r in conn.execute(derived.stance_query())]
        conn.execute(delete(s.disputes))
        derived.put_disputes(conn, dispute_store.all_disputes(stances, everything))
        conn.execute(delete(s.clusters))
        derived.put_clusters(conn, {k: cluster_store.cluster_rows(k, stories if k == "story" else wires)
                                    for k in cluster_store.KINDS})
        derived.put_signals(conn, ids, signals)
        cluster_store.save_index(conn, index, _forms(conn, None))
        derived.mark_done(conn, _unchanged(conn, hashes), key)
    return dict(ph)


def _stances(store: Store, ids: Sequence[str], analyses: Iterable[Analysis], issues: Sequence[Issue],
             settings: Settings) -> list[stance_store.Named]:
    """The stances (named by the registry) of ``analyses``, the articles ``ids``."""
    if not issues or not ids:
        return []
    from recoupe.nlp import load_nlp

    with store.engine.connect() as conn:
        canon = stance_store.canonical_names(conn, ids)
    return stance_store.compute(analyses, issues, nlp=load_nlp(settings.model), canon=canon)


def incremental_pass(store: Store, plan: state.Plan, *, issues: Sequence[Issue], key: str,
                     settings: Settings) -> dict[str, float]:
    """Update the cross-article results with what new, changed and deleted articles touch."""
    from recoupe.corpus.cluster_update import update
    from recoupe.corpus.issue_links import compile_text_issues

    ph = Phases()
    gone = list(plan.gone)
    with ph.time("registry"):
        with store.engine.connect() as conn:
            extra = _old_forms(conn, gone)
        renamed = _registry(store, settings, extra=extra)
    with ph.time("read"):
        fresh = {a.article.id: a for a in store.analyses(plan.fresh)}
    with ph.time("stances+material"):
        named = _stances(store, list(fresh), list(fresh.values()), issues, settings)
        material = dispute_store.material_of(fresh.values(), compile_text_issues(issues))
    with ph.time("clusters"), store.engine.connect() as conn:
        upd = update(conn, list(fresh.values()), gone)
        where = scope_of(conn, upd, fresh)
    with ph.time("signals"):  # no connection held: an in-memory store has only one
        scope, signals = scoped_signals(store, where, fresh)
    with ph.time("write"), write_transaction(store.engine) as conn:
        keys = stance_store.keys_of(conn, gone) | stance_store.write(conn, sorted(fresh), named)
        stance_store.forget(conn, set(gone) - set(fresh))
        keys |= stance_store.rename(conn, None if renamed is None else set(renamed) - set(fresh))
        state.forget_index(conn, gone)
        cluster_store.write_update(conn, upd, _forms(conn, fresh))
        derived.put_signals(conn, scope, signals)
        dispute_store.update_disputes(conn, material, gone, keys)
        derived.mark_done(conn, _unchanged(conn, {a.article.id: a.article.content_hash for a in fresh.values()}), key)
    return dict(ph)


def rename_stances(store: Store) -> int:
    """After the registry was regrouped outside a pass (a user merge or split): name every stored
    stance as the registry now names its actor, and update the disputes of the actors renamed.
    Returns how many (issue, actor) keys changed."""
    with write_transaction(store.engine) as conn:
        keys = stance_store.rename(conn)
        if keys:
            dispute_store.update_disputes(conn, dispute_store.Material(), [], keys)
    return len(keys)
