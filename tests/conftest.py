"""Shared fixtures. ``../shared/eval`` is optional: tests that need it skip without it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EVAL = SHARED / "eval"
DEV = EVAL / "dev"
SAMPLE = REPO / "examples" / "corpus"


def run_score(gold_dir: Path, out_dir: Path, mins: dict[str, float] | None = None) -> tuple[dict, str]:
    """Run the shared scorer; returns (metrics, printed text)."""
    args = [sys.executable, str(EVAL / "score.py"), str(gold_dir), str(out_dir)]
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
    from recoupe.pipeline import analyze, export
    from recoupe.settings import load_settings
    from recoupe.store import Store

    out = tmp_path_factory.mktemp("dev-out")
    with Store.open(out / "recoupe.db") as store:
        summary = analyze([DEV], store=store, settings=load_settings(), meta=DEV / "meta.jsonl")
        export(store, out, ids=summary.ids)
    return out, summary
