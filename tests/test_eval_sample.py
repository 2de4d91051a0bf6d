"""Quality gates on the held-out sample gold set (examples/gold), annotated by hand
independently of the extractors. Lower floors than the dev set: it is the
generalisation check. Needs the shared scorer (skipped without ../shared/eval)."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLE_GOLD, run_score

pytestmark = pytest.mark.slow

FLOORS = {
    "content_kept": 1.0,
    "boilerplate_removed": 0.85,
    "entity_f1": 0.70,
    "quote_f1": 0.75,
    "direct_quote_f1": 0.70,
    "date_accuracy": 0.85,
}


def test_sample_gold_meets_floors(sample_gold_run):
    out, summary = sample_gold_run
    assert summary.analysed + summary.skipped == len(list(SAMPLE_GOLD.glob("*.txt")))
    metrics, text = run_score(SAMPLE_GOLD, out, FLOORS)
    print(text)
    failed = {k: round(metrics.get(k, 0.0), 3) for k, v in FLOORS.items() if metrics.get(k, 0.0) < v}
    assert not failed, f"below floor: {failed}\n{text}"
