"""``python -m recoupe.corpus.bench [N]``: the corpus pass, full versus incremental.

Analyses N articles (the first N of ``../shared/corpus/orangesum`` when
present, else the sample corpus) into a fresh store, times a full corpus
pass (every article's stances computed), then adds one more article and
times the incremental pass that follows (only that article's stances are
computed; clusters, corroboration, signals and disputes are rebuilt from
the stored records).
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

from recoupe.bench import default_corpus
from recoupe.corpus.analyse import analyse_corpus
from recoupe.corpus.issues import load_issues
from recoupe.pipeline import analyze
from recoupe.settings import load_settings
from recoupe.store import Store

REPO = Path(__file__).resolve().parents[3]


def _write_slice(corpus: Path, n: int, out: Path) -> None:
    """The first n lines of a JSONL(.gz) corpus, or the sample corpus' files, as one JSONL file."""
    rows = []
    if corpus.suffix == ".gz" or corpus.suffix == ".jsonl":
        opener = gzip.open if corpus.suffix == ".gz" else open
        with opener(corpus, "rt", encoding="utf-8") as fh:
            for line in fh:
                rows.append(json.loads(line))
                if len(rows) >= n:
                    break
    else:
        for i, path in enumerate(sorted(corpus.glob("*.txt"))[:n]):
            rows.append({"id": f"s{i}", "text": path.read_text(encoding="utf-8")})
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def main(n: int = 1000) -> dict[str, float]:
    corpus, _ = default_corpus()
    issues_file = REPO.parent / "shared" / "eval" / "issues.yaml"
    issues = load_issues(issues_file if issues_file.is_file() else REPO / "examples" / "issues.yaml")
    settings = load_settings(workers=2)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "all.jsonl"
        _write_slice(corpus, n + 1, data)
        lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
        first, last = Path(tmp) / "first.jsonl", Path(tmp) / "last.jsonl"
        first.write_text("".join(lines[:-1]), encoding="utf-8")
        last.write_text(lines[-1], encoding="utf-8")
        with Store.open(Path(tmp) / "bench.db") as store:
            t = time.perf_counter()
            analyze([first], store=store, settings=settings)
            extract_s = time.perf_counter() - t
            full = analyse_corpus(store, issues=issues, settings=settings)
            analyze([last], store=store, settings=load_settings())
            incremental = analyse_corpus(store, issues=issues, settings=settings)
    print(f"corpus: {corpus} · {len(lines) - 1} articles stored (extraction {extract_s:.0f} s), then 1 added")
    print(f"full corpus pass:        {full.seconds:7.1f} s  ({full.stances_recomputed} articles' stances computed, "
          f"{full.stances} stances, {full.disputes} disputes, {full.story_clusters} clusters)")
    print(f"incremental pass (+1):   {incremental.seconds:7.1f} s  ({incremental.stances_recomputed} article's "
          f"stances computed)")
    print(f"incremental / full: {incremental.seconds / full.seconds:.2f}")
    return {"full_s": full.seconds, "incremental_s": incremental.seconds}


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
