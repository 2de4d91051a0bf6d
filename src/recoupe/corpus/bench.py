"""``python -m recoupe.corpus.bench [N ...] [--added K ...] [--store N=DB ...]``: the
corpus pass after adding K articles to N stored ones, incremental versus full.

For each stored size N (default 1000): a store of N analysed articles that went
through a corpus pass — the first N of ``../shared/corpus/orangesum`` (else the
sample corpus), analysed here, or a prepared store given with ``--store N=DB``
(kept between runs: analysing thousands of articles takes minutes) — gets K more
articles (the ones that follow, analysed once), then:

- the *incremental* pass (what ``recoupe analyze`` runs): the new articles'
  stances and material, and the cross-article results they touch;
- the *full* pass on the same store (as the corpus pass worked before it was
  incremental): the new articles' stances, then every cross-article result
  recomputed from all the stored records.

It prints both times, the incremental pass's phases, how the incremental pass
scales with N, and a linear extrapolation to the issue's scenario (36,000 stored,
1,000 added) from the measured sizes — an estimate, not a measurement.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from recoupe.bench import default_corpus
from recoupe.corpus import passes, state
from recoupe.corpus.analyse import analyse_corpus, issues_key
from recoupe.corpus.issues import Issue, load_issues
from recoupe.pipeline import analyze
from recoupe.settings import Settings, load_settings
from recoupe.store import Store

REPO = Path(__file__).resolve().parents[3]
TARGET = (36_000, 1_000)  # the issue's scenario: stored, added


@dataclass(frozen=True, slots=True)
class Run:
    stored: int
    added: int
    incremental_s: float
    full_s: float
    phases: dict[str, float]  # of the incremental pass
    full_phases: dict[str, float]


def _rows(corpus: Path, start: int, n: int) -> list[dict]:
    """Lines ``start`` to ``start + n`` of a JSONL(.gz) corpus, or the sample corpus' files."""
    if corpus.suffix not in (".gz", ".jsonl"):
        files = sorted(corpus.glob("*.txt"))[start:start + n]
        return [{"id": f"s{start + i}", "text": p.read_text(encoding="utf-8")} for i, p in enumerate(files)]
    rows = []
    with (gzip.open(corpus, "rt", encoding="utf-8") if corpus.suffix == ".gz" else corpus.open(encoding="utf-8")) as fh:
        for i, line in enumerate(fh):
            if i >= start + n:
                break
            if i >= start:
                rows.append(json.loads(line))
    return rows


def _analysed(rows: list[dict], db: Path, settings: Settings) -> float:
    """Analyse ``rows`` into ``db`` (per-article pipeline only); seconds."""
    src = db.with_suffix(".jsonl")
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    started = time.perf_counter()
    with Store.open(db) as store:
        analyze([src], store=store, settings=settings)
    return time.perf_counter() - started


def _copy(src: Path, dst: Path) -> None:
    """A consistent copy of an SQLite store (its WAL included)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dst}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


def _full_pass(store: Store, issues: list[Issue], settings: Settings) -> tuple[float, dict[str, float]]:
    """A full pass that computes the stances of the new articles only (reusing the others')."""
    started = time.perf_counter()
    key = issues_key(issues)
    plan = replace(state.plan(store.engine, key, full=False), full=True, reason="bench")
    phases = passes.full_pass(store, plan, issues=issues, key=key, settings=settings)
    return time.perf_counter() - started, phases


def measure(stored_db: Path, added_db: Path, n: int, k: int, issues: list[Issue], work: Path) -> Run:
    """Add the first ``k`` analyses of ``added_db`` to a copy of ``stored_db``; time both passes."""
    settings = load_settings()
    with Store.open(added_db) as src:
        extra = list(src.analyses())[:k]
    base = work / f"n{n}-k{k}.db"
    _copy(stored_db, base)
    with Store.open(base) as store:
        store.save_many(extra)
    other = work / f"n{n}-k{k}-full.db"
    _copy(base, other)
    with Store.open(base) as store:
        inc = analyse_corpus(store, issues=issues, settings=settings, full=False)
    with Store.open(other) as store:
        full_s, full_phases = _full_pass(store, issues, settings)
    for path in (base, other):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return Run(n, k, inc.seconds, full_s, inc.phases, full_phases)


def _prepared(n: int, given: dict[int, Path], corpus: Path, issues: list[Issue], work: Path) -> Path:
    """A store of ``n`` analysed articles after a corpus pass: given, or made here."""
    if n in given:
        return given[n]
    db = work / f"stored-{n}.db"
    extract_s = _analysed(_rows(corpus, 0, n), db, load_settings(workers=2))
    with Store.open(db) as store:
        first = analyse_corpus(store, issues=issues, settings=load_settings())
    print(f"N={n}: extraction {extract_s:.0f} s, first (full) corpus pass {first.seconds:.1f} s", flush=True)
    return db


def warm(issues: list[Issue]) -> float:
    """Load once what every pass of a process shares (the spaCy model, the issue models, the
    gazetteer, the modules), so that the timings are those of the passes; seconds."""
    started = time.perf_counter()
    import recoupe.corpus.cluster_update  # noqa: F401
    import recoupe.corpus.registry  # noqa: F401
    from recoupe.corpus.stance_lexicon import default_lexicon
    from recoupe.corpus.stances import issue_models
    from recoupe.extract.gazetteer import load_gazetteer
    from recoupe.nlp import load_nlp

    settings = load_settings()
    issue_models(issues, nlp=load_nlp(settings.model), lexicon=default_lexicon())
    load_gazetteer(settings.gazetteer)
    return time.perf_counter() - started


def report(runs: list[Run]) -> None:
    print(f"{'stored N':>9} {'added k':>8} {'incremental s':>14} {'full s':>8} {'full/incr':>10}")
    for r in runs:
        ratio = r.full_s / r.incremental_s
        print(f"{r.stored:>9} {r.added:>8} {r.incremental_s:>14.2f} {r.full_s:>8.1f} {ratio:>10.1f}")
    for r in runs:
        for what, phases in (("incremental", r.phases), ("full", r.full_phases)):
            parts = ", ".join(f"{name} {s:.2f}" for name, s in phases.items())
            print(f"{what} N={r.stored} k={r.added} (s): {parts}")
    sizes = sorted({r.stored for r in runs})
    if len(sizes) < 2:
        return
    lo, hi = sizes[0], sizes[-1]
    for k in sorted({r.added for r in runs}):
        a = next((r for r in runs if (r.stored, r.added) == (lo, k)), None)
        b = next((r for r in runs if (r.stored, r.added) == (hi, k)), None)
        if a and b:
            grow = (b.incremental_s - a.incremental_s) / (hi - lo) * 1000
            full_per = (b.full_s - a.full_s) / (hi - lo) * 1000
            print(f"k={k}: incremental {a.incremental_s:.2f} s at N={lo} -> {b.incremental_s:.2f} s at N={hi} "
                  f"({grow:+.3f} s per 1,000 stored); full {a.full_s:.1f} -> {b.full_s:.1f} s "
                  f"({full_per:+.1f} s per 1,000 stored)")
    _extrapolate(runs, lo, hi)


def _extrapolate(runs: list[Run], lo: int, hi: int) -> None:
    """Straight lines through the measured points: the incremental pass as base(N) + slope(N) * k,
    base and slope each linear in N (so a per-article cost that grows with N shows); the full
    pass linear in N, plus the new articles' stances. An estimate, not a measurement."""
    at = {(r.stored, r.added): r for r in runs}
    ks = sorted({r.added for r in runs})
    k0, k1 = ks[0], ks[-1]
    if k0 == k1 or not all((n, k) in at for n in (lo, hi) for k in (k0, k1)):
        return
    slope = {n: (at[n, k1].incremental_s - at[n, k0].incremental_s) / (k1 - k0) for n in (lo, hi)}
    base = {n: at[n, k0].incremental_s - slope[n] * k0 for n in (lo, hi)}
    n, k = TARGET

    def line(v: dict[int, float]) -> float:
        return v[hi] + (v[hi] - v[lo]) / (hi - lo) * (n - hi)

    inc = line(base) + line(slope) * k
    stances = at[hi, k1].phases.get("stances+material", 0.0) / k1  # the new articles' own results
    full = line({m: at[m, k0].full_s for m in (lo, hi)}) + stances * (k - k0)
    print(f"incremental: {line(slope):.3f} s per added article at N={n:,} ({slope[lo]:.3f} at N={lo}, "
          f"{slope[hi]:.3f} at N={hi}); full: {(at[hi, k0].full_s - at[lo, k0].full_s) / (hi - lo) * 1000:.1f} s "
          f"per 1,000 stored")
    print(f"extrapolated to N={n:,} stored, k={k:,} added (straight lines through the measured points, "
          f"an estimate): incremental ~{inc:.0f} s, full ~{full:.0f} s")


def main(argv: list[str] | None = None) -> list[Run]:
    parser = argparse.ArgumentParser(prog="python -m recoupe.corpus.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000], help="stored sizes N")
    parser.add_argument("--added", nargs="+", type=int, default=[1, 100], help="articles added, k")
    parser.add_argument("--store", action="append", default=[], metavar="N=DB",
                        help="a prepared store of the first N articles, after a corpus pass with the same issues")
    parser.add_argument("--issues", type=Path, default=None, help="issues file (default: shared/eval, else examples)")
    args = parser.parse_args(argv)
    corpus, _ = default_corpus()
    issues_file = args.issues or next(p for p in (REPO.parent / "shared" / "eval" / "issues.yaml",
                                                  REPO / "examples" / "issues.yaml") if p.is_file())
    issues = load_issues(issues_file)
    given = {int(n): Path(p) for n, p in (x.split("=", 1) for x in args.store)}
    print(f"corpus: {corpus} · issues: {issues_file}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="recoupe-corpus-bench-"))
    try:
        added_db = work / "added.db"
        extract_s = _analysed(_rows(corpus, max(args.sizes), max(args.added)), added_db, load_settings(workers=2))
        print(f"{max(args.added)} articles to add analysed in {extract_s:.0f} s (not timed below)", flush=True)
        print(f"loading the model, issue models and gazetteer once: {warm(issues):.1f} s (not timed below)", flush=True)
        runs = []
        for n in sorted(args.sizes):
            stored = _prepared(n, given, corpus, issues, work)
            for k in sorted(args.added):
                runs.append(measure(stored, added_db, n, k, issues, work))
                print(f"N={n} k={k}: incremental {runs[-1].incremental_s:.2f} s, full {runs[-1].full_s:.1f} s",
                      flush=True)
        report(runs)
        return runs
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
