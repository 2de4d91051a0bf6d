"""``make bench-scale``: the OrangeSum corpus through recoupe, one worker vs two vs Dask.

Each configuration analyses the same articles (``--limit N`` of
``../shared/corpus/orangesum/articles.jsonl.gz``) into a fresh SQLite store
through :func:`recoupe.pipeline.analyze`, then runs the corpus pass over it
(as ``recoupe analyze`` does), and prints the analysis's wall time and
articles/s, the corpus pass's time, both together, the peak memory of the
worker processes and of the main one (sampled from /proc by psutil), the
store's size, and the p95 latency of the store's list queries
(``quotes(speaker=)``, ``entities()``) and of full-text search on it; then
those and every list/search endpoint of the API on the last run's store. With
``--grow N`` the last run's articles are copied N times (query latency at a
corpus size not analysed here) into a SQLite store, and with ``--postgres
URL`` into that PostgreSQL database (``auto``: a throwaway local server); on each, the store's queries and every
list/search endpoint of the API (``recoupe.web.bench.ENDPOINTS``) are timed.

    python -m recoupe.bench_scale --limit 200 --grow 36152 --postgres postgresql://...
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

import psutil

from recoupe.bench import default_corpus
from recoupe.records import Analysis
from recoupe.settings import load_settings
from recoupe.store import Store

FULL_CORPUS = 36_152  # articles in OrangeSum, for the extrapolation
CONFIGS = {"workers-1": ("local", 1), "workers-2": ("local", 2), "dask-2": ("dask", 2)}
SAMPLE_EVERY_S = 0.25
QUERY_ROUNDS = 3
API_ROUNDS = 20  # requests per API endpoint
N_SPEAKERS = 20
SEARCH_WORDS = ("gouvernement", "président", "police", "élections", "grève")
MIB = 1024 * 1024
# issue 8's targets: per worker process, peak memory (1 GB read as 10^9 bytes, the stricter);
# 2 workers against 1; the whole corpus through ``recoupe analyze`` with 2 workers
WORKER_PEAK_MAX_MIB = 1e9 / MIB
SPEED_UP_MIN = 1.7
FULL_CORPUS_MAX_MIN = 30.0


@dataclass(slots=True)
class RunResult:
    name: str
    analysed: int
    rejected: int
    seconds: float
    startup_s: float  # until the first result: model loading, cluster start, first batch
    steady_per_s: float  # articles/s after the first batch
    peak_main_mib: float
    peak_worker_mib: float
    n_workers_seen: int
    store_mib: float
    p95_ms: dict[str, float]
    corpus_s: float = 0.0  # the corpus pass after the analysis (registry, clusters, signals, disputes)
    peak_corpus_mib: float = 0.0  # this process's peak during the corpus pass

    @property
    def total_s(self) -> float:
        """What ``recoupe analyze`` takes: the analysis, then the corpus pass."""
        return self.seconds + self.corpus_s

    @property
    def per_s(self) -> float:
        return self.analysed / self.seconds if self.seconds else 0.0


class MemorySampler:
    """Peak RSS of this process and of each of its descendants (the workers), sampled."""

    def __init__(self, every_s: float = SAMPLE_EVERY_S) -> None:
        self.every_s = every_s
        self.main_peak = 0
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        self.main_peak = max(self.main_peak, me.memory_info().rss)
        for child in me.children(recursive=True):
            try:
                rss = child.memory_info().rss
            except psutil.Error:  # ended between listing and reading
                continue
            self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), rss)

    def _loop(self) -> None:
        while not self._stop.wait(self.every_s):
            self._sample()

    def __enter__(self) -> MemorySampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def write_slice(corpus: Path, limit: int | None, folder: Path) -> Path:
    """The first ``limit`` lines of the corpus (all of it with ``None``) as one input file."""
    if limit is None:
        return corpus
    target = folder / "slice.jsonl"
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as src, target.open("w", encoding="utf-8") as dst:
        for n, line in enumerate(src):
            if n >= limit:
                break
            dst.write(line)
    return target


def query_latencies(store: Store, *, api: bool = True) -> dict[str, float]:
    """p95 (ms) of the store's list queries (the CLI's), over several arguments each, and with
    ``api`` of every list/search endpoint of the API (``recoupe.web.bench.ENDPOINTS``, through
    FastAPI's TestClient, as ``"api <endpoint>"``)."""
    from recoupe.store import fulltext

    speakers = [e.name for e in store.entities(type="PER", top=N_SPEAKERS)]
    runs: dict[str, list[Callable[[], object]]] = {
        "quotes()": [partial(store.quotes, limit=50)],
        "entities(top=50)": [partial(store.entities, top=50), partial(store.entities, type="PER", top=50)],
    }
    if speakers:
        runs["quotes(speaker=)"] = [partial(store.quotes, speaker=s, limit=50) for s in speakers]
    if fulltext.enabled(store.engine):
        runs["search"] = [partial(fulltext.search, store.engine, w) for w in SEARCH_WORDS]
    out = {}
    for name, fns in runs.items():
        times = [t for fn in fns for t in _timings(fn)]
        out[name] = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    if api and store.stats()["articles"]:
        from recoupe.web.bench import store_params, time_endpoints

        db = store.engine.url.render_as_string(hide_password=False)
        for endpoint, r in time_endpoints(db, store_params(db), rounds=API_ROUNDS).items():
            out[f"api {endpoint}"] = r.get("p95_ms", math.nan)  # NaN: the endpoint failed
    return out


def _timings(fn: Callable[[], object]) -> Iterator[float]:
    fn()  # warm the caches once: steady-state latency is what an API user sees
    for _ in range(QUERY_ROUNDS):
        start = time.perf_counter()
        fn()
        yield (time.perf_counter() - start) * 1000


def store_mib(store: Store, path: Path | None) -> float:
    if path is not None:
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / MIB
    with store.engine.connect() as conn:
        return float(conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one()) / MIB


def run_one(name: str, source: Path, folder: Path, *, batch_size: int) -> RunResult:
    """One configuration, in this process (``main`` gives each its own process)."""
    from recoupe.corpus.analyse import analyse_corpus
    from recoupe.pipeline import RunSummary, analyze

    engine, workers = CONFIGS[name]
    settings = load_settings(workers=workers if engine == "local" else 1, batch_size=batch_size)
    db = folder / f"{name}.db"
    first: list[tuple[float, int]] = []

    def on_article(summary: RunSummary) -> None:
        if not first:
            first.append((time.perf_counter(), summary.analysed))

    with Store.open(db) as store:
        with MemorySampler() as mem:
            started = time.perf_counter()
            summary = analyze([source], store=store, settings=settings, engine=engine, local_workers=workers,
                              on_article=on_article)
            ended = time.perf_counter()
        with MemorySampler() as corpus_mem:
            corpus = analyse_corpus(store, settings=settings)  # as recoupe analyze does next
    with Store.open(db) as store:
        latencies = query_latencies(store, api=False)
        size = store_mib(store, db)
    t_first = first[0][0] if first else ended
    n_first = min(batch_size, summary.analysed)  # the first batch's results all come at t_first
    steady = (summary.analysed - n_first) / (ended - t_first) if ended > t_first else 0.0
    # with one local worker the analysis runs in this process: it is the worker
    worker_peak = mem.main_peak if engine == "local" and workers <= 1 else max(mem.peaks.values(), default=0)
    return RunResult(name, summary.analysed, summary.n_rejected, summary.seconds, t_first - started, steady,
                     mem.main_peak / MIB, worker_peak / MIB, len(mem.peaks), size,
                     latencies, corpus.seconds, corpus_mem.main_peak / MIB)


def run_in_child(name: str, source: Path, folder: Path, *, batch_size: int) -> RunResult:
    """``run_one`` in a fresh interpreter, so that memory peaks are this run's own."""
    out = folder / f"{name}.json"
    cmd = [sys.executable, "-m", "recoupe.bench_scale", "--child", name, "--child-source", str(source),
           "--child-folder", str(folder), "--batch-size", str(batch_size)]
    subprocess.run(cmd, check=True)
    return RunResult(**json.loads(out.read_text(encoding="utf-8")))


def copies(analyses: Sequence[Analysis], n: int) -> Iterator[Analysis]:
    """``n`` analyses: ``analyses`` again and again, each copy under a new id and content hash, with
    the dates, outlets and long tail of rare entity names of :func:`recoupe.web.bench.variant`."""
    from recoupe.web.bench import variant

    for i in range(n):
        yield variant(analyses[i % len(analyses)], i)


def copy_store(src_db: Path, dst_db: str | Path, *, grow: int | None = None) -> tuple[float, float, dict[str, float]]:
    """Save the analyses of ``src_db`` into ``dst_db`` (bulk saves; ``grow`` copies of them when
    given, to time the queries at a corpus size not analysed); save seconds, size, query p95s."""
    with Store.open(src_db) as src:
        analyses = list(src.analyses())
    started = time.perf_counter()
    with Store.open(dst_db) as dst:
        dst.save_many(copies(analyses, grow) if grow and analyses else analyses)
        dst.refresh_statistics()  # as the corpus pass after a run does
        seconds = time.perf_counter() - started
        path = Path(dst_db) if "://" not in str(dst_db) else None
        return seconds, store_mib(dst, path), query_latencies(dst)


def _print_copy(label: str, seconds: float, size: float, latencies: dict[str, float]) -> None:
    _print_latencies(f"{label}: saved in {seconds:.0f} s, store {size:.1f} MiB", latencies)


def _print_latencies(label: str, latencies: dict[str, float]) -> None:
    print(f"{label}; p95 latency:", flush=True)
    for query, ms in latencies.items():
        print(f"  {query:<34} {ms:8.1f} ms" if not math.isnan(ms) else f"  {query:<34}   FAILED")
    failed = any(math.isnan(ms) for ms in latencies.values())
    worst = max((ms for ms in latencies.values() if not math.isnan(ms)), default=0.0)
    verdict = "FAILED" if failed else "OK" if worst < 100 else "SLOW"
    print(f"  worst p95 {worst:.1f} ms (target < 100 ms): {verdict}", flush=True)


@contextmanager
def _workdir(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="recoupe-bench-scale-") as tmp:
        yield Path(tmp)


def report(results: Sequence[RunResult], *, corpus_size: int) -> list[str]:
    """The table (wall s: the analysis; corpus s: the corpus pass after it; total min: both,
    what ``recoupe analyze`` takes), the speed-ups, and the analysis extrapolated to ``corpus_size``."""
    lines = [f"{'run':<10} {'articles':>8} {'rejected':>8} {'wall s':>7} {'start s':>7} {'art/s':>6} "
             f"{'steady':>6} {'main MiB':>8} {'worker MiB':>10} {'corpus s':>8} {'corpus MiB':>10} "
             f"{'total min':>9} {'store MiB':>9}  p95 ms (queries)"]
    for r in results:
        queries = ", ".join(f"{k} {v:.1f}" for k, v in r.p95_ms.items())
        lines.append(f"{r.name:<10} {r.analysed:>8} {r.rejected:>8} {r.seconds:>7.1f} {r.startup_s:>7.1f} "
                     f"{r.per_s:>6.2f} {r.steady_per_s:>6.2f} {r.peak_main_mib:>8.0f} {r.peak_worker_mib:>10.0f} "
                     f"{r.corpus_s:>8.1f} {r.peak_corpus_mib:>10.0f} {r.total_s / 60:>9.1f} "
                     f"{r.store_mib:>9.1f}  {queries}")
    base = next((r for r in results if r.name == "workers-1"), None)
    for r in results:
        if base is not None and r is not base and base.per_s and base.steady_per_s:
            lines.append(f"speed-up {r.name} vs workers-1: {r.per_s / base.per_s:.2f}x wall, "
                         f"{r.steady_per_s / base.steady_per_s:.2f}x steady")
    lines += targets(results, corpus_size=corpus_size)
    for r in results:
        rate = r.steady_per_s or r.per_s
        if rate:
            minutes = (r.startup_s + corpus_size / rate) / 60
            mib = r.store_mib * corpus_size / max(r.analysed, 1)
            lines.append(f"extrapolated to {corpus_size} articles, {r.name}: {minutes:.0f} min "
                         f"(startup + steady rate, analysis only), store ~{mib:.0f} MiB")
    return lines


def targets(results: Sequence[RunResult], *, corpus_size: int) -> list[str]:
    """A line per target of issue 8 that these runs can check: each run's worker peak; 2 workers
    against 1; the total of the 2-worker run, when it analysed the whole corpus."""
    def verdict(ok: bool) -> str:
        return "OK" if ok else "MISSED"

    lines = [f"target {r.name}: worker peak {r.peak_worker_mib:.0f} MiB (<= 1 GB, {WORKER_PEAK_MAX_MIB:.0f} MiB): "
             f"{verdict(r.peak_worker_mib <= WORKER_PEAK_MAX_MIB)}" for r in results]
    by_name = {r.name: r for r in results}
    one, two = by_name.get("workers-1"), by_name.get("workers-2")
    if one is not None and two is not None and one.per_s:
        ratio = two.per_s / one.per_s
        lines.append(f"target workers-2 vs workers-1: {ratio:.2f}x (>= {SPEED_UP_MIN}x): "
                     f"{verdict(ratio >= SPEED_UP_MIN)}")
    if two is not None and two.analysed >= corpus_size:
        minutes = two.total_s / 60
        lines.append(f"target workers-2, {two.analysed} articles: {minutes:.1f} min in all "
                     f"(<= {FULL_CORPUS_MAX_MIN:.0f} min): {verdict(minutes <= FULL_CORPUS_MAX_MIN)}")
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m recoupe.bench_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None, help="a .jsonl(.gz) corpus (default: OrangeSum)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (default: all)")
    parser.add_argument("--runs", default=",".join(CONFIGS), help=f"comma-separated, among {', '.join(CONFIGS)}")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--postgres", default=None,
                        help="also time the queries on this PostgreSQL URL ('auto': a throwaway local server)")
    parser.add_argument("--grow", type=int, default=None,
                        help="time the queries on N copies of the last run's articles (SQLite, and --postgres)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the stores in this folder")
    parser.add_argument("--in-process", action="store_true", help="all runs in this process (no fresh one each)")
    for hidden in ("--child", "--child-source", "--child-folder"):
        parser.add_argument(hidden, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        folder = Path(args.child_folder)
        result = run_one(args.child, Path(args.child_source), folder, batch_size=args.batch_size)
        (folder / f"{args.child}.json").write_text(json.dumps(asdict(result)), encoding="utf-8")
        return
    runs = [r.strip() for r in args.runs.split(",") if r.strip()]
    unknown = [r for r in runs if r not in CONFIGS]
    if unknown:
        parser.error(f"unknown runs {unknown}; valid: {', '.join(CONFIGS)}")
    corpus = args.corpus or default_corpus()[0]
    results: list[RunResult] = []
    with _workdir(args.keep) as folder:
        source = write_slice(corpus, args.limit, folder)
        print(f"corpus: {corpus} ({args.limit or 'all'} articles), batch size {args.batch_size}", flush=True)
        for name in runs:
            run = run_one if args.in_process else run_in_child
            result = run(name, source, folder, batch_size=args.batch_size)
            results.append(result)
            print(report([result], corpus_size=FULL_CORPUS)[1], flush=True)
        print("\n".join(report(results, corpus_size=FULL_CORPUS)))
        last = folder / f"{runs[-1]}.db"
        with Store.open(last) as store:  # the API too on the analysed store (the runs time the CLI's queries)
            _print_latencies(f"sqlite, the {runs[-1]} store", query_latencies(store))
        if args.grow:
            _print_copy(f"sqlite, {args.grow} copied articles", *copy_store(last, folder / "grown.db", grow=args.grow))
        if args.postgres == "auto":
            _on_local_postgres(last, grow=args.grow)
        elif args.postgres:
            label = f"postgresql, {args.grow or 'the same'} articles"
            _print_copy(label, *copy_store(last, args.postgres, grow=args.grow))


def _on_local_postgres(db: Path, *, grow: int | None) -> None:
    """The store copied into a throwaway local PostgreSQL server, and its queries timed there;
    a message instead when no server can start here."""
    from recoupe.store.pg_local import PostgresUnavailable, running

    try:
        with running() as server:
            label = f"postgresql (local, throwaway), {grow or 'the same'} articles"
            _print_copy(label, *copy_store(db, server.create_db("bench"), grow=grow))
    except PostgresUnavailable as exc:
        print(f"postgresql: not timed ({exc})", flush=True)


if __name__ == "__main__":
    main()
