"""API latency on a large store: ``bench_api(n_articles=10000)``, called by ``make bench``.

The store (SQLite, or PostgreSQL with ``--db postgresql://...``) is built by
analysing the sample corpus once (spaCy) and saving copies of those analyses
with new ids, dates and outlets (no re-parsing) — or copies of the analyses
of another store (``--from-db``); then each main list/search endpoint is
requested ``rounds`` times through FastAPI's TestClient and its p50/p95
latencies are printed (target: p95 < 100 ms). With ``--churn`` an article is
re-saved before every request, so nothing cached between requests survives:
the latency of an API serving a store that is being written to.

    python -m recoupe.web.bench 36152 --db postgresql://user@host/db --churn
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from recoupe.records import Analysis

SAMPLE = Path(__file__).resolve().parents[3] / "examples" / "corpus"
OUTLETS = ("Le Courrier", "La Gazette", "Ouest Matin", "Le Quotidien", "Dépêches AFP", "Radio Nord", "Le Soir")
ENDPOINTS = (
    ("articles", "/api/v1/articles"),
    ("articles page 50", "/api/v1/articles?offset=1000&limit=20"),
    ("articles by outlet+dates", "/api/v1/articles?outlet=La%20Gazette&date_from=2026-02-01&date_to=2026-05-01"),
    ("articles by entity", "/api/v1/articles?entity={entity}"),
    ("search (FTS)", "/api/v1/articles?q={word}"),
    ("search common word (FTS)", "/api/v1/articles?q={common}"),
    ("search phrase (FTS)", "/api/v1/articles?q=%22{word}%22%20{word2}"),
    ("quotes", "/api/v1/quotes"),
    ("quotes by speaker", "/api/v1/quotes?speaker={speaker}"),
    ("quotes by status", "/api/v1/quotes?status=conditional"),
    ("entities", "/api/v1/entities"),
    ("entities page 20", "/api/v1/entities?offset=400&limit=20"),
    ("entities by type", "/api/v1/entities?type=ORG"),
    ("entities search", "/api/v1/entities?q={prefix}"),
    ("entity detail", "/api/v1/entities/{entity}"),
    ("overview page", "/"),
)


def sample_analyses(corpus: Path = SAMPLE) -> list[Analysis]:
    """The sample corpus analysed once (loads the spaCy model)."""
    from recoupe.pipeline import analyze
    from recoupe.settings import load_settings
    from recoupe.store import Store

    meta = corpus / "meta.jsonl"
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "sample.db") as store:
        analyze([corpus], store=store, settings=load_settings(workers=1), meta=meta if meta.is_file() else None)
        return list(store.analyses())


def stored_analyses(db: str | Path) -> list[Analysis]:
    """Every analysis of an existing store (to copy instead of the sample corpus)."""
    from recoupe.store import Store

    with Store.open(db) as store:
        return list(store.analyses())


def variant(a: Analysis, i: int) -> Analysis:
    """Copy ``i`` of an analysis: new id, date, outlet and a numbered last line (spans unchanged);
    its entities named once and never quoted get the copy's number (``"Lorient 12"``), so the
    corpus has a long tail of rare entities as a real one does, not only the sample's few names."""
    art = a.article
    day = date(2026, 1, 1) + timedelta(days=i % 150)
    body = art.body + f"\n(Réf. {i})"
    spoken = {q.speaker for q in a.quotes}
    entities = tuple(replace(e, name=f"{e.name} {i}") if len(e.mentions) == 1 and e.name not in spoken else e
                     for e in a.entities)
    return replace(a, entities=entities,
                   article=replace(art, id=f"{art.id}~{i}", body=body, content_hash=f"{art.content_hash}~{i}",
                                   published=day.isoformat(), outlet=OUTLETS[i % len(OUTLETS)]))


def build_store(db: str | Path, analyses: list[Analysis], n_articles: int) -> None:
    from recoupe.store import Store

    with Store.open(db) as store:
        store.save_many(variant(analyses[i % len(analyses)], i) for i in range(n_articles))


def _params(analyses: Sequence[Analysis]) -> dict[str, str]:
    """An entity and a speaker (the most frequent persons of ``analyses``), words of the first body,
    and the common word: the long word most of the bodies have (a search whose hits are many)."""
    from collections import Counter
    from urllib.parse import quote

    ents = Counter(e.name for a in analyses for e in a.entities if e.type == "PER") or Counter(
        e.name for a in analyses for e in a.entities)
    speakers = Counter(q.speaker for a in analyses for q in a.quotes if q.speaker and q.speaker_type == "PER")
    words = [w for w in analyses[0].article.body.split() if w.isalpha() and len(w) > 6] or ["article"]
    spread = Counter(w for a in analyses for w in {w.lower() for w in a.article.body.split()}
                     if w.isalpha() and len(w) > 6)
    common = min(spread.items(), key=lambda kv: (-kv[1], kv[0]))[0] if spread else words[0]
    name = ents.most_common(1)[0][0] if ents else "Paris"
    speaker = speakers.most_common(1)[0][0] if speakers else name
    return {"entity": quote(name), "speaker": quote(speaker.split()[-1]), "word": quote(words[0]),
            "word2": quote(words[min(1, len(words) - 1)]), "prefix": quote(name[:4].lower()), "common": quote(common)}


def store_params(db: str | Path, *, sample: int = 200) -> dict[str, str]:
    """The endpoints' arguments (the most frequent person and speaker, words) from articles spread over the store."""
    from recoupe.store import Store

    with Store.open(db) as store:
        known = sorted(store.known())
        ids = known[::max(1, len(known) // sample)]  # spread over the store: copies sort together
        return _params(list(store.analyses(ids)))


def measure(client: Any, url: str, *, rounds: int, before: Callable[[], object] | None = None) -> dict[str, float]:
    """Latencies of ``rounds`` GETs of ``url`` (after one untimed warm-up); ``before`` runs,
    untimed, before each request."""
    t0 = time.perf_counter()
    client.get(url)  # warm SQLite pages and the code paths; "first_ms" is this cold request
    first = (time.perf_counter() - t0) * 1000
    times = []
    for _ in range(rounds):
        if before is not None:
            before()
        t0 = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {r.status_code} {r.text[:200]}")
    times.sort()
    return {"p50_ms": statistics.median(times), "p95_ms": times[max(0, round(0.95 * len(times)) - 1)],
            "max_ms": times[-1], "first_ms": first}


class Churn:
    """Re-saves one stored article with a changed body on each call: a store being written to."""

    def __init__(self, db: str | Path) -> None:
        from recoupe.store import Store

        self.store = Store.open(db)
        first = min(self.store.known())
        found = self.store.article(first)
        assert found is not None
        self.analysis = found
        self.n = 0

    def __call__(self) -> None:
        self.n += 1
        art = self.analysis.article
        changed = replace(art, body=art.body + f"\n(rev. {self.n})", content_hash=f"{art.content_hash}#{self.n}")
        self.store.save(replace(self.analysis, article=changed))

    def close(self) -> None:
        self.store.close()


def time_endpoints(db: str | Path, params: dict[str, str], *, rounds: int, churn: bool = False,
                   endpoints: Sequence[tuple[str, str]] = ENDPOINTS) -> dict[str, dict[str, Any]]:
    """``{endpoint name: {"p50_ms", "p95_ms", "max_ms", "first_ms"}}`` on the app over ``db``
    (``{"error": message}`` for an endpoint that does not answer 200)."""
    from fastapi.testclient import TestClient

    from recoupe.web import create_app

    writer = Churn(db) if churn else None
    client = TestClient(create_app(db), raise_server_exceptions=False)
    results: dict[str, dict[str, Any]] = {}
    try:
        for name, url in endpoints:
            try:
                results[name] = measure(client, url.format(**params), rounds=rounds, before=writer)
            except RuntimeError as exc:  # an endpoint that fails is reported, the others still timed
                results[name] = {"error": str(exc)}
        return results
    finally:
        client.close()
        if writer is not None:
            writer.close()


def _has_articles(db: str | Path) -> bool:
    from recoupe.store import Store

    if "://" not in str(db) and not Path(db).exists():
        return False
    with Store.open(db) as store:
        return bool(store.stats()["articles"])


def bench_api(n_articles: int = 10_000, *, rounds: int = 40, db: str | Path | None = None,
              analyses: list[Analysis] | None = None, echo: bool = True, churn: bool = False) -> dict[str, Any]:
    """Build a store of ``n_articles`` (or reuse ``db``, a path or URL, if it has articles), time the
    endpoints, print and return ``{"n_articles", "build_s", "endpoints": {name: {...}}, "worst_p95_ms"}``."""
    with tempfile.TemporaryDirectory() as tmp:
        target = db if db else Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        if not _has_articles(target):
            build_store(target, analyses if analyses is not None else sample_analyses(), n_articles)
        build_s = time.perf_counter() - t0
        results = time_endpoints(target, store_params(target), rounds=rounds, churn=churn)
    failed = [name for name, r in results.items() if "error" in r]
    worst = max((r["p95_ms"] for r in results.values() if "error" not in r), default=0.0)
    report = {"n_articles": n_articles, "build_s": round(build_s, 1), "endpoints": results, "worst_p95_ms": worst,
              "failed": failed}
    if echo:
        how = ", an article re-saved before each" if churn else ""
        print(f"API latency on {n_articles} articles (store built in {build_s:.1f} s), {rounds} requests each{how}:")
        for name, r in results.items():
            if "error" in r:
                print(f"  {name:<28} FAILED: {r['error'][:100]}")
            else:
                print(f"  {name:<28} p50 {r['p50_ms']:7.1f} ms   p95 {r['p95_ms']:7.1f} ms   "
                      f"first {r['first_ms']:7.1f} ms")
        verdict = "FAILED" if failed else "OK" if worst < 100 else "SLOW"
        print(f"  worst p95: {worst:.1f} ms (target < 100 ms): {verdict}")
    return report


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m recoupe.web.bench", description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000, help="articles in the store (default 10000)")
    parser.add_argument("--db", default=None, help="a SQLite path or PostgreSQL URL (reused if it has articles)")
    parser.add_argument("--from-db", default=None, help="copy this store's analyses instead of the sample corpus")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--churn", action="store_true", help="re-save an article before each request")
    args = parser.parse_args(argv)
    analyses = stored_analyses(args.from_db) if args.from_db else None
    bench_api(args.n, rounds=args.rounds, db=args.db, analyses=analyses, churn=args.churn)


if __name__ == "__main__":  # pragma: no cover
    main()
