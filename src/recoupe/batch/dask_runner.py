"""Run nlp + extraction on a Dask cluster, with the contract of the local runner.

``analyse_dask`` takes an iterable of ``Article`` and yields ``Analysis |
Reject`` in input order, like :func:`recoupe.batch.local.analyse_parallel`.
Articles go to the workers in partitions of ``settings.batch_size`` (the
same batches as the local runner, so the same records come back); at most
``IN_FLIGHT_PER_WORKER`` partitions per worker are submitted at a time, so
memory stays bounded however long the input is. Each worker process loads
the spaCy model once (a per-process cache keyed by the settings).

A worker that dies mid-run loses nothing: its partitions are recomputed
elsewhere by the scheduler, and results are yielded once each, in order. A
partition that keeps killing workers is retried article by article, and the
article that still fails becomes a ``Reject``; an article that crashes an
extractor becomes a ``Reject`` with its traceback summary (as locally).

Dask is optional: ``pip install 'recoupe[dask]'``.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from itertools import chain
from typing import Any

from recoupe.batch.local import Result, _Analyser, analyse_parallel, batched
from recoupe.errors import ConfigError
from recoupe.records import Article, Reject
from recoupe.settings import Settings

ENGINES = ("local", "dask")
IN_FLIGHT_PER_WORKER = 2
Runner = Callable[..., Iterator[Result]]

# The analyser of this worker process, per settings: the model is loaded once per process.
_ANALYSERS: dict[Settings, _Analyser] = {}


def analyse_partition(settings: Settings, articles: list[Article]) -> list[Result]:
    """The Dask task: analyse one partition in the worker process."""
    analyser = _ANALYSERS.get(settings)
    if analyser is None:
        _ANALYSERS.clear()  # one model per process, not one per settings ever seen
        analyser = _ANALYSERS[settings] = _Analyser(settings)
    return analyser.batch(articles)


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ConfigError("the dask engine needs dask.distributed: pip install 'recoupe[dask]'") from exc
    return distributed


def _client(stack: ExitStack, *, scheduler: str | None, local_workers: int) -> Any:
    """A client of ``scheduler``, or of a new LocalCluster of ``local_workers`` processes."""
    distributed = _distributed()
    if scheduler is None:
        if local_workers < 1:
            raise ConfigError(f"local_workers must be >= 1, not {local_workers}")
        cluster = stack.enter_context(distributed.LocalCluster(
            n_workers=local_workers, threads_per_worker=1, processes=True, dashboard_address=":0",
        ))
        client = stack.enter_context(distributed.Client(cluster))
    else:
        try:
            client = stack.enter_context(distributed.Client(scheduler, timeout="30s"))
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}") from exc
    link = dashboard_link(client)
    if link:
        print(f"Dask dashboard: {link}", file=sys.stderr, flush=True)
    return client


def dashboard_link(client: Any) -> str | None:
    """The URL of the cluster's dashboard; ``None`` when it has none (a scheduler started
    without one), where ``client.dashboard_link`` would raise ``KeyError``."""
    try:
        link = client.dashboard_link
    except (KeyError, AttributeError, OSError):
        return None
    return str(link) if link else None


def _n_workers(client: Any, default: int) -> int:
    try:
        return max(1, len(client.scheduler_info()["workers"]))
    except (KeyError, OSError):
        return max(1, default)


def _lost(article: Article, exc: BaseException) -> Reject:
    """An article whose task failed on its own, even after retries (e.g. it kills its worker)."""
    return Reject(article.id, "nlp", "crash", f"worker lost: {type(exc).__name__}: {exc}"[:500])


def _gather(client: Any, settings: Settings, future: Any, chunk: list[Article]) -> list[Result]:
    """The results of one partition; a failed partition is retried one article at a time."""
    try:
        return list(future.result())
    except Exception as exc:  # KilledWorker, a lost connection...: find the culprit
        if len(chunk) == 1:
            return [_lost(chunk[0], exc)]
    out: list[Result] = []
    for article in chunk:
        single = client.submit(analyse_partition, settings, [article], pure=False)
        try:
            out.extend(single.result())
        except Exception as exc:
            out.append(_lost(article, exc))
    return out


def analyse_dask(
    articles: Iterable[Article], *, settings: Settings, scheduler: str | None = None, local_workers: int = 2,
) -> Iterator[Result]:
    """Analyse ``articles`` on the Dask cluster at ``scheduler`` (``tcp://host:8786``), or on a
    new LocalCluster of ``local_workers`` processes; yields results in input order."""
    chunks = batched(articles, settings.batch_size)
    first = next(chunks, None)
    if first is None:  # nothing to do (e.g. every article already stored): no cluster to start
        return
    with ExitStack() as stack:
        client = _client(stack, scheduler=scheduler, local_workers=local_workers)
        limit = IN_FLIGHT_PER_WORKER * _n_workers(client, local_workers)
        pending: deque[tuple[Any, list[Article]]] = deque()
        for chunk in chain([first], chunks):
            pending.append((client.submit(analyse_partition, settings, chunk, pure=False), chunk))
            if len(pending) >= limit:
                yield from _gather(client, settings, *pending.popleft())
        while pending:
            yield from _gather(client, settings, *pending.popleft())


def runner_for(engine: str, *, scheduler: str | None = None, local_workers: int = 2) -> Runner:
    """The runner of ``engine`` (one of ``ENGINES``), called as ``runner(articles, settings=...)``."""
    if engine == "local":
        if scheduler is not None:
            raise ConfigError("--scheduler needs the dask engine (--engine dask)")
        return analyse_parallel
    if engine == "dask":
        _distributed()

        def run(articles: Iterable[Article], *, settings: Settings) -> Iterator[Result]:
            return analyse_dask(articles, settings=settings, scheduler=scheduler, local_workers=local_workers)

        return run
    raise ConfigError(f"unknown engine {engine!r}; valid: {', '.join(ENGINES)}")
