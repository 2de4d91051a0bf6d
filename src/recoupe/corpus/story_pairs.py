"""Every same-story pair of a whole set of articles at once, for a full pass.

:class:`~recoupe.corpus.cluster_index.ClusterIndex` scores a new article against each
candidate in Python, a few microseconds a pair: 36,000 articles have tens of millions
of pairs within the story window, minutes of one process. Here one sparse matrix
product per publication day (its articles against those of the next ``window_days``
days, and the undated ones against every article) gives every pair's cosine at once.

The products only *propose* pairs: every pair within ``EPS`` of the lowest threshold
is scored again by :func:`~recoupe.corpus.clusters.story_score`, which decides and
gives the score kept. The edges are therefore exactly those the one-by-one index
finds (the float error of a product is ~1e-15, far below ``EPS``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

from recoupe.corpus.clusters import ArticleFeatures, story_score, story_threshold

EPS = 1e-6  # a pair scoring this close under the threshold is scored exactly


def story_edges(features: Iterable[ArticleFeatures], *, threshold: float,
                window_days: int) -> list[tuple[str, str, float]]:
    """Every (a, b, score) with a < b whose cosine reaches :func:`story_threshold`, for the
    pairs within ``window_days`` of each other (any pair with an undated article), sorted."""
    feats = sorted(features, key=lambda f: f.id)
    matrix = _unit_rows(feats)
    by_day: dict[int, list[int]] = {}
    undated: list[int] = []
    for i, f in enumerate(feats):
        if f.published is None:
            undated.append(i)
        else:
            by_day.setdefault(f.published.toordinal(), []).append(i)
    floor = threshold - EPS
    proposed: set[tuple[int, int]] = set()
    for day, rows in by_day.items():  # each pair of dates |d - e| <= window once: e from d on
        cols = [j for e in range(day, day + window_days + 1) for j in by_day.get(e, ())]
        _propose(matrix, rows, cols, floor, proposed)
    if undated:
        _propose(matrix, undated, range(len(feats)), floor, proposed)
    edges = []
    for i, j in sorted(proposed):
        a, b = feats[i], feats[j]
        score = story_score(a, b)
        if score >= story_threshold(a, b, threshold):
            edges.append((a.id, b.id, round(score, 4)))
    return edges


def _unit_rows(feats: Sequence[ArticleFeatures]) -> sparse.csr_matrix:
    """One row per article: its feature weights over its norm (a zero row without features)."""
    vocab: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for f in feats:
        if f.norm:
            for key, weight in f.vector.items():
                indices.append(vocab.setdefault(key, len(vocab)))
                data.append(weight / f.norm)
        indptr.append(len(indices))
    return sparse.csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64),
                              np.asarray(indptr, dtype=np.int64)), shape=(len(feats), max(1, len(vocab))))


def _propose(matrix: sparse.csr_matrix, rows: Sequence[int], cols: Sequence[int], floor: float,
             out: set[tuple[int, int]]) -> None:
    """Add to ``out`` the pairs (i < j) of ``rows`` x ``cols`` whose cosine reaches ``floor``."""
    if not rows or not cols:
        return
    product = (matrix[list(rows)] @ matrix[list(cols)].T).tocoo()
    keep = product.data >= floor
    row_ids = np.asarray(rows)[product.row[keep]].tolist()
    col_ids = np.asarray(cols)[product.col[keep]].tolist()
    out.update((min(i, j), max(i, j)) for i, j in zip(row_ids, col_ids, strict=True) if i != j)
