"""Shared fixtures. ``../shared/eval`` is optional: tests that need it skip without it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EVAL = SHARED / "eval"
DEV = EVAL / "dev"
SAMPLE = REPO / "examples" / "corpus"
SAMPLE_GOLD = REPO / "examples" / "gold"
SCORER = EVAL / "score.py"


def run_score(gold_dir: Path, out_dir: Path, mins: dict[str, float] | None = None) -> tuple[dict, str]:
    """Run the shared scorer; returns (metrics, printed text)."""
    if not SCORER.is_file():
        pytest.skip(f"{SCORER} not present")
    args = [sys.executable, str(SCORER), str(gold_dir), str(out_dir)]
    metrics = json.loads(subprocess.run([*args, "--json"], capture_output=True, text=True, check=True).stdout)
    for k, v in (mins or {}).items():
        args += ["--min", f"{k}={v}"]
    text = subprocess.run(args, capture_output=True, text=True, check=False).stdout
    return metrics, text


@pytest.fixture(scope="session")
def nlp():
    from recoupe.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def dev_run(tmp_path_factory):
    """The dev set analysed once for the whole session, as a user would: through the library."""
    if not DEV.is_dir():
        pytest.skip(f"{DEV} not present")
    out = tmp_path_factory.mktemp("dev-out")
    return out, analyse_gold_dir(DEV, out, EVAL / "issues.yaml")


def analyse_gold_dir(gold_dir: Path, out: Path, issues: Path | None = None):
    """Analyse a gold set's .txt articles with its meta.jsonl, as `recoupe analyze` does, and export."""
    from recoupe.corpus.analyse import analyse_corpus
    from recoupe.corpus.issues import load_issues
    from recoupe.pipeline import analyze, export
    from recoupe.settings import load_settings
    from recoupe.store import Store

    inputs = sorted(gold_dir.glob("*.txt"))
    settings = load_settings()
    with Store.open(out / "recoupe.db") as store:
        summary = analyze(inputs, store=store, settings=settings, meta=gold_dir / "meta.jsonl")
        analyse_corpus(store, issues=load_issues(issues) if issues else (), settings=settings)
        export(store, out, ids=summary.ids)
    return summary


@pytest.fixture(scope="session")
def sample_gold_run(tmp_path_factory):
    """The held-out sample gold set (examples/gold) analysed once for the session."""
    out = tmp_path_factory.mktemp("sample-gold-out")
    summary = analyse_gold_dir(SAMPLE_GOLD, out, REPO / "examples" / "issues.yaml")
    return out, summary


def wait_until_stored(proc: subprocess.Popen, db: Path, n: int, *, timeout_s: float = 240, every_s: float = 0.3) -> int:
    """Poll the SQLite store ``db`` that ``proc`` writes until it holds ``n`` articles, ``proc``
    ends or ``timeout_s`` passes; returns the last count read (a locked or unready store reads
    as before)."""
    deadline, stored = time.time() + timeout_s, 0
    while time.time() < deadline and proc.poll() is None and stored < n:
        time.sleep(every_s)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as con:
                    stored = con.execute("select count(*) from articles").fetchone()[0]
            except sqlite3.Error:
                continue
    return stored
