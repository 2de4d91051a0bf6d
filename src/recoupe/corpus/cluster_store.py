"""The wire/story cluster index kept in the store, updated with new articles only.

What :class:`~recoupe.corpus.cluster_index.ClusterIndex` holds in memory is kept in
tables: each article's story features (``corpus_docs``: day, entity and term
weights, credited agencies), its MinHash LSH buckets (``cluster_bands``) and the
linking pairs (``cluster_edges``). Groups are the connected components of the
pairs, and the ``clusters`` table names each article's group. An update:

1. takes the changed or deleted articles out: their pairs go, and the groups they
   were in are recomputed;
2. scores each new article against its candidates only — the articles sharing an
   LSH bucket (wire copy; shingles recomputed from the stored bodies) and the
   articles dated within the story window, or undated (same story);
3. recomputes the components of the groups it touched, from their pairs.

A pair's score depends on its two articles alone and the candidates are those the
in-memory index proposes, so the groups are those a full recompute gives.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from recoupe.corpus.cluster_index import ClusterIndex
from recoupe.corpus.clusters import ArticleFeatures, Cluster, WireGroup
from recoupe.corpus.text_units import shingles
from recoupe.store import schema as s
from recoupe.store.engine import insert_rows

KINDS = ("story", "wire")
CHUNK = 500
Edge = tuple[Any, ...]  # (a, b, score) or (a, b, Jaccard, containment)
Group = Cluster | WireGroup


@dataclass(slots=True)
class ClusterUpdate:
    """What an update computed, before it is written."""

    features: dict[str, ArticleFeatures]  # the new articles'
    bands: dict[str, tuple[int, ...]]
    edges: dict[str, list[Edge]] = field(default_factory=dict)  # kind -> new pairs
    groups: dict[str, list[Group]] = field(default_factory=dict)  # kind -> rebuilt groups (2 members or more)
    old: set[tuple[str, str]] = field(default_factory=set)  # (kind, cluster id) replaced
    affected: dict[str, set[str]] = field(default_factory=dict)  # kind -> articles whose group was recomputed


def _chunks(ids: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(ids)
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def doc_row(f: ArticleFeatures, forms: Sequence[Sequence[Any]] = ()) -> dict[str, Any]:
    return {"article_id": f.id, "day": f.published.toordinal() if f.published else None, "norm": f.norm,
            "vector": json.dumps(f.vector, ensure_ascii=False), "agencies": json.dumps(list(f.agencies)),
            "forms": json.dumps([list(x) for x in forms], ensure_ascii=False)}


def _features(r: Any) -> ArticleFeatures:
    return ArticleFeatures(r.article_id, date.fromordinal(r.day) if r.day is not None else None, frozenset(),
                           json.loads(r.vector), r.norm, tuple(json.loads(r.agencies)))


def read_features(conn: Connection, ids: Iterable[str]) -> dict[str, ArticleFeatures]:
    """Stored features (without shingles) of ``ids``."""
    d = s.corpus_docs
    cols = (d.c.article_id, d.c.day, d.c.norm, d.c.vector, d.c.agencies)
    return {r.article_id: _features(r) for chunk in _chunks(ids)
            for r in conn.execute(select(*cols).where(d.c.article_id.in_(chunk)))}


def _edge_rows(kind: str, edges: Iterable[Edge]) -> list[dict[str, Any]]:
    return [{"kind": kind, "a": e[0], "b": e[1], "score": e[2], "containment": e[3] if kind == "wire" else None}
            for e in edges]


def _band_rows(bands: Mapping[str, Sequence[int]]) -> list[dict[str, Any]]:
    return [{"bucket": key, "band": i, "article_id": aid} for aid, keys in bands.items() for i, key in enumerate(keys)]


def cluster_rows(kind: str, groups: Iterable[Group]) -> dict[str, list[tuple[str, float]]]:
    """cluster id -> [(member, score)]: a story's mean pair score; a wire member's best Jaccard."""
    if kind == "story":
        return {c.id: [(m, c.score) for m in c.members] for c in groups if isinstance(c, Cluster)}
    return {w.id: [(m, max((p[2] for p in w.pairs if m in p[:2]), default=1.0)) for m in w.members]
            for w in groups if isinstance(w, WireGroup)}


def save_index(conn: Connection, index: ClusterIndex, forms: Mapping[str, Sequence[Sequence[Any]]]) -> None:
    """Write a whole in-memory index (a full pass; the tables are empty)."""
    docs = [doc_row(f, forms.get(aid, ())) for aid, f in sorted(index.features.items())]
    for part in (s.corpus_docs, docs), (s.cluster_bands, _band_rows(index.bands)), \
            (s.cluster_edges, [r for k in KINDS for r in _edge_rows(k, index.edges(k))]):
        table, rows = part
        for chunk in _chunks(rows):
            insert_rows(conn, table, chunk)


def write_update(conn: Connection, upd: ClusterUpdate, forms: Mapping[str, Sequence[Sequence[Any]]]) -> None:
    """Write what :func:`update` computed (the gone articles' rows are already deleted)."""
    from recoupe.store.derived import put_clusters

    docs = [doc_row(f, forms.get(aid, ())) for aid, f in sorted(upd.features.items())]
    edges = [r for k in KINDS for r in _edge_rows(k, upd.edges.get(k, ()))]
    for table, rows in ((s.corpus_docs, docs), (s.cluster_bands, _band_rows(upd.bands)), (s.cluster_edges, edges)):
        for chunk in _chunks(rows):
            insert_rows(conn, table, chunk)
    put_clusters(conn, {k: cluster_rows(k, upd.groups.get(k, ())) for k in KINDS}, gone=upd.old)


# -- reading the stored index -----------------------------------------------------------------

def stored_edges(conn: Connection, kind: str, ids: Iterable[str]) -> set[Edge]:
    e = s.cluster_edges
    cols = (e.c.a, e.c.b, e.c.score, e.c.containment) if kind == "wire" else (e.c.a, e.c.b, e.c.score)
    out: set[Edge] = set()
    for chunk in _chunks(ids):
        for col in (e.c.a, e.c.b):
            out.update(tuple(r) for r in conn.execute(select(*cols).where(e.c.kind == kind, col.in_(chunk))))
    return out


def groups_of(conn: Connection, kind: str, ids: Iterable[str]) -> tuple[set[str], set[str]]:
    """(cluster ids, all their members) of the groups of ``kind`` that ``ids`` are in."""
    c = s.clusters
    cids = {cid for chunk in _chunks(ids) for cid in conn.execute(
        select(c.c.cluster_id).where(c.c.kind == kind, c.c.article_id.in_(chunk))).scalars()}
    members = {aid for chunk in _chunks(sorted(cids)) for aid in conn.execute(
        select(c.c.article_id).where(c.c.kind == kind, c.c.cluster_id.in_(chunk))).scalars()}
    return cids, members


def bucket_members(conn: Connection, bands: Mapping[str, Sequence[int]]) -> dict[tuple[int, int], list[str]]:
    """(band, bucket) -> the stored articles in it, for the buckets of ``bands``."""
    b = s.cluster_bands
    wanted = {(i, key) for keys in bands.values() for i, key in enumerate(keys)}
    out: dict[tuple[int, int], list[str]] = {}
    for chunk in _chunks(sorted({key for _, key in wanted})):
        for r in conn.execute(select(b.c.band, b.c.bucket, b.c.article_id).where(b.c.bucket.in_(chunk))):
            if (r.band, r.bucket) in wanted:
                out.setdefault((r.band, r.bucket), []).append(r.article_id)
    return out


def body_shingles(conn: Connection, ids: Iterable[str]) -> dict[str, frozenset[int]]:
    a = s.articles
    return {r.id: shingles(r.body) for chunk in _chunks(sorted(ids))
            for r in conn.execute(select(a.c.id, a.c.body).where(a.c.id.in_(chunk)))}


class StoryWindow:
    """Stored articles by day, read once per day: the story candidates of a dated article
    are those within the window, plus every undated one (an undated article: all)."""

    def __init__(self, conn: Connection, skip: set[str], window_days: int) -> None:
        self.conn, self.skip, self.window = conn, skip, window_days
        self.by_day: dict[int | None, list[ArticleFeatures]] = {}
        self.everything = False

    def _load(self, days: list[int | None] | None) -> None:
        d = s.corpus_docs
        stmt = select(d.c.article_id, d.c.day, d.c.norm, d.c.vector, d.c.agencies)
        if days is not None:
            dated = [x for x in days if x is not None]
            cond = d.c.day.in_(dated)
            stmt = stmt.where(cond | d.c.day.is_(None) if None in days else cond)
            self.by_day.update({x: [] for x in days})
        for r in self.conn.execute(stmt):
            if r.article_id not in self.skip:
                self.by_day.setdefault(r.day, []).append(_features(r))

    def around(self, f: ArticleFeatures) -> list[ArticleFeatures]:
        if f.published is None and not self.everything:
            self.by_day.clear()
            self._load(None)
            self.everything = True
        if f.published is None:
            days: list[int | None] = list(self.by_day)
        else:
            d0 = f.published.toordinal()
            days = [None, *range(d0 - self.window, d0 + self.window + 1)]
            missing = [x for x in days if x not in self.by_day]
            if missing and not self.everything:
                self._load(missing)
        return [g for x in days for g in self.by_day.get(x, ())]
