"""JSONL export in the format that ``shared/eval/GOLD.md`` describes.

``articles.jsonl``: one object per article (id, body, published, entities
with their mentions, quotes, dates, plus recoupe's own extra fields);
``stances.jsonl`` and ``disputes.jsonl``: corpus-level records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from recoupe.records import Analysis


def record_json(record: object) -> dict[str, Any]:
    """A record as JSON-ready fields (tuples become lists when dumped)."""
    return asdict(record)  # type: ignore[call-overload]


def article_json(analysis: Analysis) -> dict[str, Any]:
    """One ``articles.jsonl`` row: the GOLD.md fields (id, body, published, entities
    with mentions, quotes, dates) plus every other field of the records."""
    row = record_json(analysis.article)
    for name in ("entities", "quotes", "dates", "claims"):
        row[name] = [record_json(r) for r in getattr(analysis, name)]
    return row


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    """Write rows atomically (temp file then rename); returns the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    n = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    tmp.replace(path)
    return n


def write_articles(path: Path, analyses: Iterable[Analysis]) -> int:
    return write_jsonl(path, (article_json(a) for a in analyses))
