"""One incremental update of the stored cluster index (see :mod:`recoupe.corpus.cluster_store`).

:func:`update` only reads: it returns what changed (new features, buckets and
pairs, the rebuilt groups and the group ids they replace), and
:func:`~recoupe.corpus.cluster_store.write_update` writes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Connection

from recoupe.corpus.agencies import credited_agencies
from recoupe.corpus.cluster_index import LSH_THRESHOLD, band_keys, minhash
from recoupe.corpus.cluster_store import (
    KINDS,
    ClusterUpdate,
    Edge,
    Group,
    StoryWindow,
    body_shingles,
    bucket_members,
    groups_of,
    read_features,
    stored_edges,
)
from recoupe.corpus.clusters import (
    STORY_THRESHOLD,
    WINDOW_DAYS,
    WIRE_THRESHOLD,
    ArticleFeatures,
    article_features,
    components,
    is_wire,
    make_cluster,
    make_wire_group,
    story_score,
    story_threshold,
    wire_scores,
    within_window,
)
from recoupe.records import Analysis


def update(conn: Connection, fresh: Sequence[Analysis], gone: Sequence[str], *,
           wire_threshold: float = WIRE_THRESHOLD, story_min: float = STORY_THRESHOLD,
           window_days: int = WINDOW_DAYS) -> ClusterUpdate:
    """Index ``fresh`` (new or changed articles) and take ``gone`` (changed or deleted) out."""
    feats = {a.article.id: article_features(a, agencies=credited_agencies(a.article))
             for a in sorted(fresh, key=lambda a: a.article.id)}
    lsh = min(LSH_THRESHOLD, wire_threshold)
    upd = ClusterUpdate(feats, {aid: band_keys(minhash(f.shingles), threshold=lsh) for aid, f in feats.items()})
    left, skip = set(gone), set(gone) | set(feats)
    seeds: dict[str, set[str]] = {}
    for kind in KINDS:
        near = {x for e in stored_edges(conn, kind, sorted(left)) for x in e[:2]}
        cids, members = groups_of(conn, kind, sorted(near | left))
        upd.old |= {(kind, c) for c in cids}
        seeds[kind] = members | near
    upd.edges["wire"] = _wire_edges(conn, upd, skip, wire_threshold)
    upd.edges["story"] = _story_edges(conn, feats, skip, story_min, window_days)
    for kind in KINDS:
        linked = {x for e in upd.edges[kind] for x in e[:2]} - set(feats)
        cids, members = groups_of(conn, kind, sorted(linked))
        upd.old |= {(kind, c) for c in cids}
        affected = (seeds[kind] | members | linked) - left | set(feats)
        upd.affected[kind] = affected
        upd.groups[kind] = _rebuild(conn, upd, kind, affected, left)
    return upd


def _wire_edges(conn: Connection, upd: ClusterUpdate, skip: set[str], threshold: float) -> list[Edge]:
    """New wire pairs: each new article against the stored articles and the earlier new
    ones that share one of its LSH buckets, decided by the exact shingle scores."""
    stored = bucket_members(conn, upd.bands)
    candidates = {aid: {x for i, key in enumerate(keys) for x in stored.get((i, key), ()) if x not in skip}
                  for aid, keys in upd.bands.items()}
    texts = body_shingles(conn, {x for c in candidates.values() for x in c})
    batch: dict[tuple[int, int], list[str]] = {}
    edges: list[Edge] = []
    for aid in sorted(upd.features):
        f, keys = upd.features[aid], upd.bands[aid]
        others = candidates[aid] | {x for i, key in enumerate(keys) for x in batch.get((i, key), ())}
        for other in sorted(others):
            g = upd.features.get(other) or ArticleFeatures(other, None, texts.get(other, frozenset()), {}, 0.0)
            jac, cont = wire_scores(f, g)
            if is_wire(jac, cont, min(len(f.shingles), len(g.shingles)), threshold=threshold):
                edges.append((min(aid, other), max(aid, other), round(jac, 4), round(cont, 4)))
        for i, key in enumerate(keys):
            batch.setdefault((i, key), []).append(aid)
    return edges


def _story_edges(conn: Connection, feats: Mapping[str, ArticleFeatures], skip: set[str], threshold: float,
                 window_days: int) -> list[Edge]:
    """New story pairs: each new article against the stored articles of its window (and
    the undated ones) and the earlier new ones; a pair shares features or scores 0."""
    window = StoryWindow(conn, skip, window_days)
    edges: list[Edge] = []
    done: list[ArticleFeatures] = []
    for aid in sorted(feats):
        f = feats[aid]
        nearby = [g for g in done if within_window(f, g, window_days=window_days)]
        for g in sorted([*window.around(f), *nearby], key=lambda g: g.id):
            score = story_score(f, g)
            if score >= story_threshold(f, g, threshold):
                edges.append((min(aid, g.id), max(aid, g.id), round(score, 4)))
        done.append(f)
    return edges


def _rebuild(conn: Connection, upd: ClusterUpdate, kind: str, members: set[str], gone: set[str]) -> list[Group]:
    """The groups (2 members or more) of ``members``: components of their pairs."""
    edges = {e for e in stored_edges(conn, kind, sorted(members)) if e[0] not in gone and e[1] not in gone}
    edges |= set(upd.edges[kind])
    feats = {**read_features(conn, sorted(members - set(upd.features))),
             **{k: f for k, f in upd.features.items() if k in members}}
    out: list[Group] = []
    groups = [g for g in components(members, [e[:2] for e in edges]) if len(g) >= 2]
    where = {m: n for n, g in enumerate(groups) for m in g}
    linking: dict[int, list[Edge]] = {}
    for e in edges:
        if e[0] in where:
            linking.setdefault(where[e[0]], []).append(e)
    for n, g in enumerate(groups):
        if kind == "story":
            out.append(make_cluster([feats[m] for m in g], linking.get(n, [])))
        else:
            out.append(make_wire_group([feats[m] for m in g], linking.get(n, [])))
    return out
