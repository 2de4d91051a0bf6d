"""The main job: ingest -> clean -> nlp -> extract -> store -> export.

``analyze`` is the library function behind ``recoupe analyze`` (the CLI is
a thin wrapper over it). Articles already stored with the same content
hash are skipped without parsing; a changed article is re-analysed and
replaces its old rows. Results are stored in batches, one transaction
each, so an interrupted run leaves a consistent store that the next run
completes.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from recoupe.batch.dask_runner import runner_for
from recoupe.clean import clean_article
from recoupe.extract.dates import find_dates, published_from_text
from recoupe.ingest import read_inputs
from recoupe.records import Analysis, Article, Reject
from recoupe.settings import Settings
from recoupe.store import Store

STORE_BATCH = 64


@dataclass(slots=True)
class RunSummary:
    read: int = 0
    analysed: int = 0
    skipped: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    tokens: int = 0
    seconds: float = 0.0
    ids: list[str] = field(default_factory=list)  # every article of this run's input, in input order

    @property
    def articles_per_s(self) -> float:
        return self.analysed / self.seconds if self.seconds else 0.0

    @property
    def n_rejected(self) -> int:
        return sum(self.rejected.values())


def estimate_published(body: str) -> str | None:
    """The latest day-precise absolute date the text mentions: a lower bound
    for its publication date, used only when nothing better exists."""
    days = [d.value for d in find_dates(body, anchor=None)
            if d.kind == "absolute" and d.value and len(d.value) == 10]
    return max(days) if days else None


def with_published(article: Article) -> Article:
    """Fill a missing publication date: from the text (a dateline, "publié le …"),
    else an estimate from the latest absolute date mentioned, marked ``estimated``;
    ``None`` when nothing supports one."""
    if article.published:
        return article
    found = published_from_text(article.body)
    if found:
        return replace(article, published=found, published_source="text")
    estimate = estimate_published(article.body)
    return replace(article, published=estimate, published_source="estimated") if estimate else article


def _to_analyse(
    inputs: Sequence[str | Path], *, store: Store, settings: Settings, meta: str | Path | None,
    summary: RunSummary, on_item: Callable[[RunSummary], None] | None = None,
) -> Iterator[Article]:
    known = store.known()
    seen: dict[str, str] = {}
    passed = 0  # inputs skipped or rejected so far: they show in the progress too
    for item in read_inputs(inputs, meta=meta, settings=settings):
        if on_item is not None and summary.skipped + summary.n_rejected > passed:
            passed = summary.skipped + summary.n_rejected
            on_item(summary)
        if isinstance(item, Reject):
            summary.rejected[item.reason] += 1
            store.save_reject(item)
            continue
        summary.read += 1
        cleaned = clean_article(item, max_chars=settings.max_chars_per_article)
        if isinstance(cleaned, Reject):
            summary.rejected[cleaned.reason] += 1
            store.save_reject(cleaned)
            continue
        article = with_published(cleaned)
        if article.id in seen:
            if seen[article.id] != article.content_hash:
                reject = Reject(article.source, "ingest", "duplicate-id",
                                f"id {article.id!r} already used by another input in this run")
                summary.rejected[reject.reason] += 1
                store.save_reject(reject)
            else:
                summary.skipped += 1
            continue
        seen[article.id] = article.content_hash
        summary.ids.append(article.id)
        if known.get(article.id) == article.content_hash:
            summary.skipped += 1
            continue
        yield article


def analyze(
    inputs: Sequence[str | Path], *, store: Store, settings: Settings, meta: str | Path | None = None,
    on_article: Callable[[RunSummary], None] | None = None, engine: str = "local",
    scheduler: str | None = None, local_workers: int = 2,
) -> RunSummary:
    """Analyse every article of ``inputs`` into ``store``; returns the run's counters.
    ``on_article`` is called with them after each result, and after inputs skipped or rejected.
    ``engine``: ``"local"`` (``settings.workers`` processes) or ``"dask"`` (the cluster at
    ``scheduler``, or a LocalCluster of ``local_workers`` processes)."""
    summary = RunSummary()
    started = time.perf_counter()
    articles = _to_analyse(inputs, store=store, settings=settings, meta=meta, summary=summary, on_item=on_article)
    pending: list[Analysis] = []
    runner = runner_for(engine, scheduler=scheduler, local_workers=local_workers)
    try:
        for result in runner(articles, settings=settings):
            if isinstance(result, Reject):
                summary.rejected[result.reason] += 1
                store.save_reject(result)
            else:
                pending.append(result)
                summary.analysed += 1
                summary.tokens += result.n_tokens
                if len(pending) >= STORE_BATCH:
                    store.save_many(pending)
                    pending.clear()
            summary.seconds = time.perf_counter() - started
            if on_article is not None:
                on_article(summary)
    finally:  # an interrupted run (Ctrl-C) keeps every result already analysed
        if pending:
            store.save_many(pending)
        summary.seconds = time.perf_counter() - started
    return summary


def registry_speakers(store: Store, analyses: Sequence[Analysis]) -> list[Analysis]:
    """The analyses with each quote's speaker and entity named as its registry entity, so that
    cross-article views count one speaker once whatever each outlet's spelling."""
    from recoupe.corpus.registry_read import canonical_names
    from recoupe.store.rows import fold

    canon = canonical_names(store)

    def renamed(a: Analysis) -> Analysis:
        aid = a.article.id
        quotes = tuple(replace(q, speaker=canon.get((aid, fold(q.speaker)), q.speaker)) if q.speaker else q
                       for q in a.quotes)
        ents = tuple(replace(e, name=canon.get((aid, fold(e.name)), e.name)) for e in a.entities)
        return replace(a, quotes=quotes, entities=ents)

    return [renamed(a) for a in analyses]


def export(
    store: Store, out: str | Path, *, ids: Iterable[str] | None = None, title: str | None = None,
    issue_labels: Mapping[str, str] | None = None,
) -> dict[str, Path]:
    """Write articles.jsonl, stances.jsonl, disputes.jsonl and briefing.html into ``out``
    for the articles ``ids`` (default: the whole store), from the stored records
    and the derived tables that corpus analysis filled."""
    from recoupe.corpus.disputes import dispute_rows
    from recoupe.corpus.stances import stance_rows
    from recoupe.export import write_articles, write_jsonl
    from recoupe.report import write_briefing

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    wanted = None if ids is None else list(dict.fromkeys(ids))
    analyses = sorted(store.analyses(wanted), key=lambda a: a.article.id)
    keep = {a.article.id for a in analyses}
    stances = [st for st in store.stances() if st.article_id in keep]
    disputes = [d for d in store.disputes() if d.a.article_id in keep and d.b.article_id in keep]
    paths = {
        "articles": out / "articles.jsonl",
        "stances": out / "stances.jsonl",
        "disputes": out / "disputes.jsonl",
        "briefing": out / "briefing.html",
    }
    write_articles(paths["articles"], analyses)
    write_jsonl(paths["stances"], stance_rows(stances))
    write_jsonl(paths["disputes"], dispute_rows(disputes))
    kw = {"title": title} if title else {}
    signals = [sig for sig in store.signals() if sig.article_id in keep]
    write_briefing(paths["briefing"], registry_speakers(store, analyses), rejects=store.rejects(),
                   stances=stances, disputes=disputes,
                   signals=signals, issue_labels=dict(issue_labels or {}), **kw)
    return paths
