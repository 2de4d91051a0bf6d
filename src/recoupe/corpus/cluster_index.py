"""An incremental index of wire-copy groups and same-story clusters.

``add`` scores each new article against its candidates only — MinHash LSH
for wire copy, the articles dated within the story window (and the undated
ones) for stories: a pair outside the window is never a story pair —
and merges the groups it links (union-find). Pair scores depend on the two
articles alone, so adding articles one by one gives the same groups as
indexing them all at once; only the groups an addition touches are rebuilt.

The LSH buckets are :func:`band_keys` (a 63-bit digest of each band of the
MinHash signature, the banding ``datasketch`` picks for the threshold), so
that the index persisted in the store (:mod:`recoupe.corpus.cluster_store`)
proposes exactly the candidates this in-memory one does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from datasketch import MinHash, MinHashLSH

from recoupe.corpus.agencies import credited_agencies
from recoupe.corpus.clusters import (
    STORY_THRESHOLD,
    WINDOW_DAYS,
    WIRE_THRESHOLD,
    ArticleFeatures,
    Cluster,
    WireGroup,
    article_features,
    is_wire,
    make_cluster,
    make_wire_group,
    story_score,
    story_threshold,
    wire_scores,
    within_window,
)
from recoupe.records import Analysis

NUM_PERM = 128
SEED = 1
LSH_THRESHOLD = 0.4  # candidate recall: containment pairs have a lower Jaccard than the wire threshold


@lru_cache(maxsize=8)
def banding(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    """The (start, end) of each band of the signature: datasketch's choice for ``threshold``."""
    return tuple(MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges)


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[Any, str]:
    """The permutation parameters (and their scheme) MinHash draws for ``num_perm`` and ``seed``:
    drawn once, not for each article's MinHash."""
    m = MinHash(num_perm=num_perm, seed=seed)
    return m.permutations, m.scheme


def minhash(shingles: Iterable[int], *, num_perm: int = NUM_PERM, seed: int = SEED) -> MinHash:
    permutations, scheme = _permutations(num_perm, seed)
    m = MinHash(num_perm=num_perm, seed=seed, hashfunc=int, permutations=permutations, scheme=scheme)
    m.update_batch(sorted(shingles))
    return m


def band_keys(m: MinHash, *, threshold: float = LSH_THRESHOLD) -> tuple[int, ...]:
    """One LSH bucket per band: a 63-bit digest of the band's hash values."""
    return tuple(int.from_bytes(hashlib.blake2b(m.hashvalues[a:b].tobytes(), digest_size=8).digest(), "big") >> 1
                 for a, b in banding(threshold, len(m.hashvalues)))


class _Groups:
    """Union-find with member lists, edges and a per-group cache of built records."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.edges: dict[str, list[tuple]] = {}
        self.cache: dict[str, Any] = {}

    def add(self, node: str) -> None:
        self.parent[node] = node
        self.members[node] = {node}
        self.edges[node] = []

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def link(self, edge: tuple) -> str:
        ra, rb = self.find(edge[0]), self.find(edge[1])
        if ra != rb:
            keep, gone = (ra, rb) if len(self.members[ra]) >= len(self.members[rb]) else (rb, ra)
            self.parent[gone] = keep
            self.members[keep] |= self.members.pop(gone)
            self.edges[keep] += self.edges.pop(gone)
            self.cache.pop(gone, None)
            ra = keep
        self.edges[ra].append(edge)
        self.cache.pop(ra, None)
        return ra

    def roots(self, min_size: int) -> list[str]:
        return [r for r, m in self.members.items() if len(m) >= min_size]


class ClusterIndex:
    """Wire groups and story clusters of a growing set of articles."""

    def __init__(
        self, *, wire_threshold: float = WIRE_THRESHOLD, story_threshold: float = STORY_THRESHOLD,
        window_days: int = WINDOW_DAYS, num_perm: int = NUM_PERM, seed: int = SEED,
    ) -> None:
        self.wire_threshold = wire_threshold
        self.story_threshold = story_threshold
        self.window_days = window_days
        self.num_perm = num_perm
        self.seed = seed
        self.features: dict[str, ArticleFeatures] = {}
        self.lsh_threshold = min(LSH_THRESHOLD, wire_threshold)
        self.bands: dict[str, tuple[int, ...]] = {}  # article -> its bucket in each band
        self.buckets: list[dict[int, list[str]]] = [{} for _ in banding(self.lsh_threshold, num_perm)]
        self.by_day: dict[int | None, list[str]] = {}  # publication day (ordinal) -> articles
        self.wire = _Groups()
        self.story = _Groups()
        self.touched: set[str] = set()  # articles whose groups the last add changed

    def __len__(self) -> int:
        return len(self.features)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.features

    def edges(self, kind: str) -> list[tuple]:
        """Every linking pair of ``kind`` (story: (a, b, score); wire: (a, b, Jaccard, containment))."""
        groups = self.story if kind == "story" else self.wire
        return sorted(e for edges in groups.edges.values() for e in edges)

    def add(self, analyses: Iterable[Analysis]) -> set[str]:
        """Index new articles (ids already indexed are skipped); returns the ids
        of every article whose wire group or story cluster changed."""
        return self.add_indexed(self.indexed(a) for a in analyses if a.article.id not in self.features)

    def indexed(self, analysis: Analysis) -> tuple[ArticleFeatures, tuple[int, ...]]:
        """What this index keeps of an article: its features and its LSH buckets (a function of
        the article alone, so that other processes can compute it for :meth:`add_indexed`)."""
        f = article_features(analysis, agencies=credited_agencies(analysis.article))
        return f, band_keys(minhash(f.shingles, num_perm=self.num_perm, seed=self.seed), threshold=self.lsh_threshold)

    def add_indexed(self, items: Iterable[tuple[ArticleFeatures, tuple[int, ...]]]) -> set[str]:
        """:meth:`add` from the :meth:`indexed` form of each article."""
        self.touched = set()
        for f, keys in items:
            if f.id in self.features:
                continue
            self._add_wire(f, keys)
            self._add_story(f)
            self.features[f.id] = f
        return self.touched

    def add_all(self, items: Iterable[tuple[ArticleFeatures, tuple[int, ...]]]) -> None:
        """:meth:`add_indexed` for a whole set at once, into an empty index (a full pass): the
        same groups and edges, with every story pair scored by :func:`story_edges` (sparse
        products) instead of one candidate at a time."""
        from recoupe.corpus.story_pairs import story_edges

        if self.features:
            raise ValueError("add_all builds an empty index; add to a filled one with add_indexed")
        self.touched = set()
        for f, keys in sorted(items, key=lambda item: item[0].id):
            if f.id in self.features:
                continue
            self._add_wire(f, keys)
            self.story.add(f.id)
            self.by_day.setdefault(f.published.toordinal() if f.published else None, []).append(f.id)
            self.features[f.id] = f
        for edge in story_edges(self.features.values(), threshold=self.story_threshold,
                                window_days=self.window_days):
            self.story.link(edge)
        self.touched = set(self.features)

    def _add_wire(self, f: ArticleFeatures, keys: tuple[int, ...]) -> None:
        self.wire.add(f.id)
        found = {other for band, key in zip(self.buckets, keys, strict=True) for other in band.get(key, ())}
        for other in sorted(found):
            g = self.features[other]
            jac, cont = wire_scores(f, g)
            if is_wire(jac, cont, min(len(f.shingles), len(g.shingles)), threshold=self.wire_threshold):
                root = self.wire.link((min(f.id, other), max(f.id, other), round(jac, 4), round(cont, 4)))
                self.touched |= self.wire.members[root]
        for band, key in zip(self.buckets, keys, strict=True):
            band.setdefault(key, []).append(f.id)
        self.bands[f.id] = keys

    def _add_story(self, f: ArticleFeatures) -> None:
        self.story.add(f.id)
        day = f.published.toordinal() if f.published else None
        if day is None:  # an undated article may join a story of any date
            candidates = set(self.features)
        else:
            w = self.window_days
            candidates = {x for d in (None, *range(day - w, day + w + 1)) for x in self.by_day.get(d, ())}
        self.by_day.setdefault(day, []).append(f.id)
        for other in sorted(candidates):
            g = self.features[other]
            if not within_window(f, g, window_days=self.window_days):
                continue
            score = story_score(f, g)
            if score >= story_threshold(f, g, self.story_threshold):
                root = self.story.link((min(f.id, other), max(f.id, other), round(score, 4)))
                self.touched |= self.story.members[root]
        self.touched.add(f.id)

    def wire_groups(self) -> list[WireGroup]:
        out = []
        for root in self.wire.roots(2):
            if root not in self.wire.cache:
                members = [self.features[i] for i in self.wire.members[root]]
                self.wire.cache[root] = make_wire_group(members, self.wire.edges[root])
            out.append(self.wire.cache[root])
        return sorted(out, key=lambda g: g.members)

    def clusters(self, *, min_size: int = 2) -> list[Cluster]:
        out = []
        for root in self.story.roots(min_size):
            if root not in self.story.cache:
                members = [self.features[i] for i in self.story.members[root]]
                self.story.cache[root] = make_cluster(members, self.story.edges[root])
            out.append(self.story.cache[root])
        return sorted(out, key=lambda c: c.members)

    def wire_group_of(self, article_id: str) -> tuple[str, ...]:
        return tuple(sorted(self.wire.members[self.wire.find(article_id)]))

    def cluster_of(self, article_id: str) -> tuple[str, ...]:
        return tuple(sorted(self.story.members[self.story.find(article_id)]))
