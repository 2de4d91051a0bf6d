"""Run nlp + extraction over articles, in this process or in N local worker processes.

Both runners share one contract (DESIGN.md convention 3): an iterable of
``Article`` in, an iterator of ``Analysis | Reject`` out, in input order.
The spaCy model is loaded once per process. An article that crashes the
parser or an extractor becomes a ``Reject`` with a traceback summary; the
run goes on.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import Any

from recoupe.records import Analysis, Article, Reject
from recoupe.settings import Settings

Result = Analysis | Reject

# Docs per ``nlp.pipe`` batch, within one task of ``settings.batch_size`` articles. The
# activations of a batch are computed together, so the worker's memory grows with it: over
# its 530 MiB with the model loaded, +326 MiB at 32 OrangeSum articles, +109 MiB at 8
# (the peak of 20 tasks each). Its speed does not (800 articles: 41.3 s at 32, 41.6 s at 8).
NLP_BATCH = 8


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _failure(article: Article, stage: str, exc: BaseException) -> Reject:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {frames[-1].name}:{frames[-1].lineno}" if frames else ""
    return Reject(article.id, stage, "crash", f"{type(exc).__name__}: {exc}{where}"[:500])


class _Analyser:
    """The per-process state: the model and the gazetteer, loaded once."""

    def __init__(self, settings: Settings) -> None:
        from recoupe.extract.gazetteer import load_gazetteer
        from recoupe.nlp import load_nlp

        self.settings = settings
        self.nlp = load_nlp(settings.model)
        self.gazetteer = load_gazetteer(settings.gazetteer)

    def one(self, article: Article) -> Result:
        try:
            doc = self.nlp(article.body)
        except Exception as exc:  # a parser crash on one text must not stop the run
            return _failure(article, "nlp", exc)
        return self._extract(doc, article)

    def _extract(self, doc: Any, article: Article) -> Result:
        from recoupe.extract import analyse_doc

        try:
            return analyse_doc(doc, article, gazetteer=self.gazetteer)
        except Exception as exc:
            return _failure(article, "extract", exc)

    def batch(self, articles: list[Article]) -> list[Result]:
        """One batch, inside a spaCy memory zone: the strings the batch added to
        the vocabulary are freed afterwards, so a long run's memory stays flat
        (the records hold plain Python values, nothing from the zone). One BLAS
        thread: this process is one of the run's workers, one core each."""
        from recoupe.nlp import one_blas_thread

        with self.nlp.memory_zone(), one_blas_thread():
            try:
                docs = list(self.nlp.pipe([a.body for a in articles], batch_size=NLP_BATCH))
            except Exception:  # find the culprit: redo the batch one article at a time
                return [self.one(a) for a in articles]
            return [self._extract(doc, a) for doc, a in zip(docs, articles, strict=True)]


def analyse_local(articles: Iterable[Article], *, settings: Settings) -> Iterator[Result]:
    """In this process: ``nlp.pipe`` in batches, then the extractors. The model is
    loaded with the first batch: a run with nothing new to analyse never loads it."""
    analyser: _Analyser | None = None
    for chunk in batched(articles, settings.batch_size):
        analyser = analyser or _Analyser(settings)
        yield from analyser.batch(chunk)


_WORKER: _Analyser | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool
    _WORKER = _Analyser(settings)


def _work(chunk: list[Article]) -> list[Result]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.batch(chunk)


def analyse_parallel(articles: Iterable[Article], *, settings: Settings) -> Iterator[Result]:
    """In ``settings.workers`` processes, each loading the model once.

    At most two batches per worker are in flight, so memory stays bounded
    however long the input is; results come back in input order.
    """
    if settings.workers <= 1:
        yield from analyse_local(articles, settings=settings)
        return
    articles = iter(articles)
    first = list(islice(articles, settings.batch_size))
    if not first:  # nothing new to analyse: start no worker (each would load the model)
        return
    articles = chain(first, articles)
    ctx = mp.get_context("spawn")  # a clean interpreter: no model state copied from the parent
    with ctx.Pool(settings.workers, initializer=_init_worker, initargs=(settings,)) as pool:
        pending: deque[Any] = deque()
        for chunk in batched(articles, settings.batch_size):
            pending.append(pool.apply_async(_work, (chunk,)))
            if len(pending) >= 2 * settings.workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
