"""The per-article part of a full corpus pass, in worker processes when the pass has them.

Most of a full pass's time goes to what depends on each article alone: its story
features and LSH buckets (:meth:`ClusterIndex.indexed`), its source key before wire
groups (:func:`own_source`), its checkable statements (for corroboration), its
signals but ``corroborated_share`` (:func:`own_signals`) and, for the articles to
do, its dispute material. :func:`article_work` computes all of it from one stored
analysis; :func:`works` yields it for every article, in id order, computed by
``workers`` processes that each open the store and read their own chunks of ids
(no analysis crosses a pipe, only the compact results), or in this process with
one worker or a store other processes cannot open (in memory). Either way the
results are the same records, so the pass's output does not depend on the workers.
"""

from __future__ import annotations

import copyreg
import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

from recoupe.corpus.cluster_index import ClusterIndex
from recoupe.corpus.clusters import ArticleFeatures
from recoupe.corpus.corroboration import own_source
from recoupe.corpus.denials import Said
from recoupe.corpus.dispute_store import Parts, material_parts
from recoupe.corpus.figures import Figure
from recoupe.corpus.issue_links import IssueModel, compile_text_issues
from recoupe.corpus.issues import Issue
from recoupe.corpus.signals import own_signals
from recoupe.corpus.statements import Statement, statements
from recoupe.records import Analysis, Dispute, DisputeEnd, Signal
from recoupe.store import Store

CHUNK = 200  # articles per task: large enough to amortise a read, small enough to balance the workers
MIN_PER_WORKER = 400  # fewer articles than this per worker: computed here (a worker's start costs more)


@dataclass(frozen=True, slots=True)
class ArticleWork:
    """What a full pass needs of one article, computed from it alone."""

    id: str
    content_hash: str
    outlet: str | None
    features: ArticleFeatures
    bands: tuple[int, ...]  # LSH buckets of its shingles
    own_source: str
    statements: tuple[Statement, ...]
    signals: tuple[Signal, ...]  # every signal but corroborated_share, in SIGNALS order
    material: Parts | None  # its dispute material, for an article to do


def _pickled_by_fields(*classes: type) -> None:
    """Pickle the records a worker sends as (class, field values): rebuilt by their constructor.
    The frozen dataclasses' own pickling calls ``dataclasses.fields()`` for every record: 15.8 s
    of the main process in a profiled full pass over 36,152 articles; this halves unpickling."""
    def by_fields(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
        names = [f.name for f in fields(cls)]
        values = attrgetter(*names)
        if len(names) == 1:
            return lambda obj: (cls, (values(obj),))
        return lambda obj: (cls, values(obj))

    for cls in classes:
        copyreg.pickle(cls, by_fields(cls))


_pickled_by_fields(ArticleWork, ArticleFeatures, Statement, Signal, Said, Figure, Dispute, DisputeEnd)


def article_work(an: Analysis, *, index: ClusterIndex, models: Sequence[IssueModel] | None) -> ArticleWork:
    """One article's work; ``models`` (the compiled issues) when its dispute material is to do."""
    art = an.article
    features, bands = index.indexed(an)
    return ArticleWork(art.id, art.content_hash, art.outlet, features, bands, own_source(art),
                       tuple(statements(an)), tuple(own_signals(an)),
                       material_parts(an, models) if models is not None else None)


def works(store: Store, ids: Sequence[str], *, index: ClusterIndex, issues: Sequence[Issue],
          fresh: Iterable[str], workers: int) -> Iterator[ArticleWork]:
    """The work of every stored article of ``ids`` (in that order; ids no longer stored are
    skipped), with dispute material for those of ``fresh``; buckets as ``index`` makes them."""
    todo = frozenset(fresh)
    chunks = [list(ids[i:i + CHUNK]) for i in range(0, len(ids), CHUNK)]
    url = shared_url(store)
    n = min(workers, len(ids) // MIN_PER_WORKER)
    if n < 2 or url is None:
        models = compile_text_issues(issues)
        for chunk in chunks:
            yield from _compute(store, chunk, index, models, todo)
        return
    ctx = mp.get_context("spawn")  # a clean interpreter: no engine or model state copied from this one
    blank = ClusterIndex(wire_threshold=index.wire_threshold, story_threshold=index.story_threshold,
                         window_days=index.window_days, num_perm=index.num_perm, seed=index.seed)
    with ProcessPoolExecutor(n, mp_context=ctx, initializer=_start, initargs=(url, blank, issues, todo)) as pool:
        for found in pool.map(_run, chunks):
            yield from found


def shared_url(store: Store) -> str | None:
    """The URL other processes can open the store by; ``None`` for an in-memory one."""
    url = store.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


def _compute(store: Store, ids: list[str], index: ClusterIndex, models: Sequence[IssueModel],
             todo: frozenset[str]) -> list[ArticleWork]:
    return [article_work(an, index=index, models=models if an.article.id in todo else None)
            for an in store.analyses(ids)]


_worker: dict[str, Any] = {}  # in a worker process: its store, index, models and articles to do


def _start(url: str, index: ClusterIndex, issues: Sequence[Issue], todo: frozenset[str]) -> None:
    _worker.update(store=Store.open(url), index=index, models=compile_text_issues(issues), todo=todo)


def _run(ids: list[str]) -> list[ArticleWork]:
    w = _worker
    return _compute(w["store"], ids, w["index"], w["models"], w["todo"])
