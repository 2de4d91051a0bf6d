"""Quality gates on the dev set, measured by the shared scorer (skipped without ../shared/eval)."""

from __future__ import annotations

import pytest

from tests.conftest import DEV, run_score

pytestmark = pytest.mark.slow

# issue 2 floors; later issues raise them
FLOORS = {
    "boilerplate_removed": 1.0,
    "content_kept": 1.0,
    "entity_f1": 0.80,
    "direct_quote_f1": 0.80,
}


def test_dev_set_meets_quality_floors(dev_run):
    out, summary = dev_run
    assert summary.analysed + summary.skipped == 5
    metrics, text = run_score(DEV, out, FLOORS)
    print(text)
    failed = {k: round(metrics.get(k, 0.0), 3) for k, v in FLOORS.items() if metrics.get(k, 0.0) < v}
    assert not failed, f"below floor: {failed}\n{text}"
    assert metrics["articles_missing"] == 0
