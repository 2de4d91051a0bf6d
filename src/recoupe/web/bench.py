"""API latency on a large store: ``bench_api(n_articles=10000)``, called by ``make bench``.

The store is built by analysing the sample corpus once (spaCy) and saving
copies of those analyses with new ids, dates and outlets (no re-parsing);
then each main list/search endpoint is requested ``rounds`` times through
FastAPI's TestClient and its p50/p95 latencies are printed (target: p95 < 100 ms).
"""

from __future__ import annotations

import statistics
import tempfile
import time
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
    ("search phrase (FTS)", "/api/v1/articles?q=%22{word}%22%20{word2}"),
    ("quotes", "/api/v1/quotes"),
    ("quotes by speaker", "/api/v1/quotes?speaker={speaker}"),
    ("quotes by status", "/api/v1/quotes?status=conditional"),
    ("entities", "/api/v1/entities"),
    ("entities search", "/api/v1/entities?q={prefix}"),
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


def variant(a: Analysis, i: int) -> Analysis:
    """Copy ``i`` of an analysis: new id, date, outlet and a numbered last line (spans unchanged)."""
    art = a.article
    day = date(2026, 1, 1) + timedelta(days=i % 150)
    body = art.body + f"\n(Réf. {i})"
    return replace(a, article=replace(art, id=f"{art.id}~{i}", body=body, content_hash=f"{art.content_hash}~{i}",
                                      published=day.isoformat(), outlet=OUTLETS[i % len(OUTLETS)]))


def build_store(db: Path, analyses: list[Analysis], n_articles: int) -> None:
    from recoupe.store import Store

    with Store.open(db) as store:
        store.save_many(variant(analyses[i % len(analyses)], i) for i in range(n_articles))


def _params(analyses: list[Analysis]) -> dict[str, str]:
    from urllib.parse import quote

    ents = [e for a in analyses for e in a.entities if e.type == "PER"] or [e for a in analyses for e in a.entities]
    speakers = [q.speaker for a in analyses for q in a.quotes if q.speaker and q.speaker_type == "PER"]
    words = [w for w in analyses[0].article.body.split() if w.isalpha() and len(w) > 6] or ["article"]
    name = ents[0].name if ents else "Paris"
    return {"entity": quote(name), "speaker": quote((speakers or [name])[0].split()[-1]), "word": quote(words[0]),
            "word2": quote(words[min(1, len(words) - 1)]), "prefix": quote(name[:4].lower())}


def measure(client: Any, url: str, *, rounds: int) -> dict[str, float]:
    client.get(url)  # warm caches (aggregates, SQLite pages)
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {r.status_code} {r.text[:200]}")
    times.sort()
    return {"p50_ms": statistics.median(times), "p95_ms": times[max(0, round(0.95 * len(times)) - 1)],
            "max_ms": times[-1]}


def bench_api(n_articles: int = 10_000, *, rounds: int = 40, db: str | Path | None = None,
              analyses: list[Analysis] | None = None, echo: bool = True) -> dict[str, Any]:
    """Build a store of ``n_articles`` (or reuse ``db`` if it exists), time the endpoints, print and return
    ``{"n_articles", "build_s", "endpoints": {name: {"p50_ms", "p95_ms", "max_ms"}}, "worst_p95_ms"}``."""
    from fastapi.testclient import TestClient

    from recoupe.web import create_app

    analyses = analyses if analyses is not None else sample_analyses()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(db) if db else Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        if not path.exists():
            build_store(path, analyses, n_articles)
        build_s = time.perf_counter() - t0
        client = TestClient(create_app(path))
        params = _params(analyses)
        results = {name: measure(client, url.format(**params), rounds=rounds) for name, url in ENDPOINTS}
        client.close()
    worst = max(r["p95_ms"] for r in results.values())
    report = {"n_articles": n_articles, "build_s": round(build_s, 1), "endpoints": results, "worst_p95_ms": worst}
    if echo:
        print(f"API latency on {n_articles} articles (store built in {build_s:.1f} s), {rounds} requests each:")
        for name, r in results.items():
            print(f"  {name:<28} p50 {r['p50_ms']:7.1f} ms   p95 {r['p95_ms']:7.1f} ms")
        print(f"  worst p95: {worst:.1f} ms (target < 100 ms): {'OK' if worst < 100 else 'SLOW'}")
    return report


if __name__ == "__main__":  # pragma: no cover
    import sys

    bench_api(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
