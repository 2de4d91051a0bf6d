"""Same-story clusters and wire-copy groups.

Two relations between articles, each computed pair by pair (a pair's score
depends on the two articles only, so an incremental index gives exactly
what a full recompute gives):

- **wire copy**: word 5-gram shingles of the body (folded words); MinHash
  LSH (``datasketch``, fixed seed) proposes candidates, the exact Jaccard
  and containment of the shingle sets decide. Jaccard ≥ threshold, or one
  text ≥ ``CONTAINMENT_MIN`` contained in the other (an agency dispatch
  with a paragraph added), is the same wire text.
- **same story**: cosine of weighted features — canonical entity names
  (people and organisations weigh more than places) and the article's most
  frequent content stems — within ``window_days`` of each other when both
  are dated.

Groups are the connected components (union-find), listed in a stable order.
:class:`~recoupe.corpus.cluster_index.ClusterIndex` keeps them up to date.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from recoupe.corpus.text_units import content_terms, fold, shingles
from recoupe.extract import parse_iso_date
from recoupe.records import Analysis, content_hash

STORY_THRESHOLD = 0.3
UNDATED_MARGIN = 0.25  # an undated article must be this much closer to join a story (it could bridge any date)
WIRE_THRESHOLD = 0.7
CONTAINMENT_MIN = 0.85  # share of the shorter text's shingles found in the longer one
CONTAINMENT_MIN_SHINGLES = 40  # below this, containment alone proves nothing
WINDOW_DAYS = 3
ENTITY_WEIGHTS = {"PER": 3.0, "ORG": 3.0, "MISC": 2.0, "LOC": 1.5, "NAME": 1.5}
EVIDENCE_FEATURES = 8
HASH_CODE = "I" if array("I").itemsize >= 4 else "L"  # an array type that holds 32-bit hashes


@dataclass(frozen=True, slots=True)
class WireGroup:
    """Articles that carry the same (wire) text."""

    id: str
    members: tuple[str, ...]
    pairs: tuple[tuple[str, str, float, float], ...]  # (a, b, Jaccard, containment) of the linking pairs
    agencies: tuple[str, ...] = ()  # agencies its members credit
    first: str | None = None  # the earliest published member (the likely original)


@dataclass(frozen=True, slots=True)
class Cluster:
    """Articles about the same story, with why they were grouped."""

    id: str
    members: tuple[str, ...]
    score: float  # mean similarity of the linking pairs
    edges: tuple[tuple[str, str, float], ...]
    shared_entities: tuple[str, ...] = ()  # entity names found in at least two members
    shared_terms: tuple[str, ...] = ()
    start: str | None = None  # first and last publication dates
    end: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """What the pair scores need from one article."""

    id: str
    published: date | None
    shingles: Collection[int]  # distinct; packed (:func:`packed`) where many articles are held
    vector: Mapping[str, float]  # "e:name" entity and "t:stem" term weights
    norm: float
    agencies: tuple[str, ...] = ()


def story_vector(analysis: Analysis) -> dict[str, float]:
    """Entity and content-term weights of one article."""
    vec: dict[str, float] = {}
    for ent in analysis.entities:
        key = "e:" + fold(ent.name)
        weight = ENTITY_WEIGHTS.get(ent.type, 1.0) * (1.0 + math.log(max(1, len(ent.mentions))))
        vec[key] = max(vec.get(key, 0.0), weight)
    text = "\n".join(t for t in (analysis.article.title, analysis.article.body) if t)
    for term, count in content_terms(text).items():
        vec["t:" + term] = 1.0 + math.log(count)
    return vec


def packed(hashes: Iterable[int]) -> array[int]:
    """Distinct 32-bit shingle hashes as a sorted machine array: 4 bytes each instead of a set's
    ~70 (an int object and its slots), for an index that holds every article's."""
    return array(HASH_CODE, sorted(set(hashes)))


def article_features(analysis: Analysis, *, agencies: Sequence[str] = ()) -> ArticleFeatures:
    vec = story_vector(analysis)
    return ArticleFeatures(
        id=analysis.article.id,
        published=parse_iso_date(analysis.article.published),
        shingles=packed(shingles(analysis.article.body)),
        vector=vec,
        norm=math.sqrt(sum(w * w for w in vec.values())),
        agencies=tuple(agencies),
    )


def wire_scores(a: ArticleFeatures, b: ArticleFeatures) -> tuple[float, float]:
    """Exact (Jaccard, containment) of two shingle sets."""
    if not a.shingles or not b.shingles:
        return 0.0, 0.0
    inter = len(set(a.shingles).intersection(b.shingles))  # both distinct: the union is the rest
    return inter / (len(a.shingles) + len(b.shingles) - inter), inter / min(len(a.shingles), len(b.shingles))


def is_wire(jaccard: float, containment: float, smaller: int, *, threshold: float) -> bool:
    return jaccard >= threshold or (containment >= CONTAINMENT_MIN and smaller >= CONTAINMENT_MIN_SHINGLES)


def within_window(a: ArticleFeatures, b: ArticleFeatures, *, window_days: int) -> bool:
    if a.published is None or b.published is None:
        return True
    return abs((a.published - b.published).days) <= window_days


def story_threshold(a: ArticleFeatures, b: ArticleFeatures, threshold: float) -> float:
    """The similarity a pair needs: higher when one of them has no date."""
    return threshold if a.published and b.published else threshold + UNDATED_MARGIN


def story_score(a: ArticleFeatures, b: ArticleFeatures) -> float:
    """Cosine similarity of the two feature vectors. The shared features are found by one set
    intersection (most pairs share a few of ~50), and summed exactly (``math.fsum``): the
    same value whatever order the intersection lists them in."""
    if not a.norm or not b.norm:
        return 0.0
    va, vb = a.vector, b.vector
    shared = va.keys() & vb.keys()
    if not shared:
        return 0.0
    return math.fsum([va[k] * vb[k] for k in shared]) / (a.norm * b.norm)


def components(ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[tuple[str, ...]]:
    """Connected components, each sorted, listed by their first member."""
    parent: dict[str, str] = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for i in parent:
        groups.setdefault(find(i), []).append(i)
    return sorted(tuple(sorted(g)) for g in groups.values())


def shared_features(members: Sequence[ArticleFeatures], prefix: str) -> tuple[str, ...]:
    """Features of ``prefix`` that at least two members share, most shared first."""
    counts: dict[str, float] = {}
    present: dict[str, int] = {}  # how many members have the feature
    for f in members:
        for k, w in f.vector.items():
            if k.startswith(prefix):
                counts[k] = counts.get(k, 0.0) + w
                present[k] = present.get(k, 0) + 1
    shared = [k for k in counts if present[k] >= 2]
    shared.sort(key=lambda k: (-counts[k], k))
    return tuple(k[len(prefix) :] for k in shared[:EVIDENCE_FEATURES])


def make_cluster(members: Sequence[ArticleFeatures], edges: Sequence[tuple[str, str, float]]) -> Cluster:
    """The cluster record of ``members`` (in any order) linked by ``edges`` (in any order)."""
    members = sorted(members, key=lambda f: f.id)
    edges = sorted(edges)
    ids = tuple(f.id for f in members)
    days = sorted(f.published for f in members if f.published)
    return Cluster(
        id=content_hash("cluster", *ids, length=12),
        members=ids,
        score=round(sum(e[2] for e in edges) / len(edges), 4) if edges else 1.0,
        edges=tuple(edges),
        shared_entities=shared_features(members, "e:"),
        shared_terms=shared_features(members, "t:"),
        start=days[0].isoformat() if days else None,
        end=days[-1].isoformat() if days else None,
    )


def make_wire_group(members: Sequence[ArticleFeatures], pairs: Sequence[tuple[str, str, float, float]]) -> WireGroup:
    ids = tuple(sorted(f.id for f in members))
    dated = sorted((f.published, f.id) for f in members if f.published)
    agencies = sorted({a for f in members for a in f.agencies})
    return WireGroup(
        id=content_hash("wire", *ids, length=12),
        members=ids,
        pairs=tuple(sorted(pairs)),
        agencies=tuple(agencies),
        first=dated[0][1] if dated else ids[0],
    )


def story_clusters(
    analyses: Sequence[Analysis], *, threshold: float = STORY_THRESHOLD, window_days: int = WINDOW_DAYS,
    min_size: int = 2,
) -> list[Cluster]:
    """Same-story groups of ``analyses`` (groups smaller than ``min_size`` left out)."""
    from recoupe.corpus.cluster_index import ClusterIndex

    index = ClusterIndex(story_threshold=threshold, window_days=window_days)
    index.add_all(index.indexed(a) for a in analyses)
    return index.clusters(min_size=min_size)


def wire_groups(analyses: Sequence[Analysis], *, threshold: float = WIRE_THRESHOLD) -> list[WireGroup]:
    """Groups of articles carrying the same wire text (near-duplicates)."""
    from recoupe.corpus.cluster_index import ClusterIndex

    index = ClusterIndex(wire_threshold=threshold)
    index.add(analyses)
    return index.wire_groups()
