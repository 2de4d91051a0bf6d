"""Quality gates on the dev set, measured by the shared scorer (skipped without ../shared/eval).

The floors are the targets of the issues that asked for them: #2 (cleaning,
entities, direct quotes), #3 (entities), #4 (quotes and speakers), #5
(dates) and #6 (stances and disputes).
"""

from __future__ import annotations

import pytest

from tests.conftest import DEV, run_score

pytestmark = pytest.mark.slow

FLOORS = {
    "boilerplate_removed": 1.0,  # 2
    "content_kept": 1.0,  # 2
    "entity_f1": 0.80,  # 2
    "direct_quote_f1": 0.80,  # 2
    "entity_precision": 0.90,  # 3
    "entity_recall": 0.90,  # 3
    "quote_f1": 0.85,  # 4
    "quote_speaker_f1": 0.80,  # 4
    "direct_quote_speaker_f1": 0.90,  # 4
    "date_accuracy": 0.90,  # 5
    "stance_f1": 0.70,  # 6
    "dispute_recall": 0.70,  # 6
    "dispute_precision": 0.50,  # 6
}
CEILINGS = {
    "entity_splits_per_article": 0.2,  # 3
    "entity_merges_per_article": 0.1,  # 3
    "articles_missing": 0,
}


def test_dev_set_meets_quality_floors(dev_run):
    out, summary = dev_run
    assert summary.analysed + summary.skipped == 5
    metrics, text = run_score(DEV, out, FLOORS)
    print(text)
    low = {k: round(metrics.get(k, 0.0), 3) for k, v in FLOORS.items() if metrics.get(k, 0.0) < v}
    high = {k: metrics[k] for k, v in CEILINGS.items() if metrics.get(k, 0) > v}
    assert not low and not high, f"below floor: {low}; above ceiling: {high}\n{text}"
