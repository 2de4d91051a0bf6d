"""JSONL export in the format that ``shared/eval/GOLD.md`` describes.

``articles.jsonl``: one object per article (id, body, published, entities
with their mentions, quotes, dates, plus recoupe's own extra fields);
``stances.jsonl`` and ``disputes.jsonl``: corpus-level records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from recoupe.records import Analysis, Claim, DateMention, Entity, Quote


def entity_json(entity: Entity) -> dict[str, Any]:
    return {
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "wikidata": entity.wikidata,
        "merge_reasons": list(entity.merge_reasons),
        "mentions": [
            {"text": m.text, "start": m.start, "end": m.end, "as_actor": m.as_actor} for m in entity.mentions
        ],
    }


def quote_json(quote: Quote) -> dict[str, Any]:
    return {
        "text": quote.text,
        "speaker": quote.speaker,
        "kind": quote.kind,
        "start": quote.start,
        "end": quote.end,
        "speaker_type": quote.speaker_type,
        "cue": quote.cue,
        "polarity": quote.polarity,
        "anonymous": quote.anonymous,
        "status": quote.status,
        "sentence_start": quote.sentence_start,
        "sentence_end": quote.sentence_end,
    }


def date_json(d: DateMention) -> dict[str, Any]:
    return {
        "text": d.text,
        "value": d.value,
        "start": d.start,
        "end": d.end,
        "kind": d.kind,
        "anchor": d.anchor,
        "anchor_source": d.anchor_source,
    }


def claim_json(c: Claim) -> dict[str, Any]:
    return {
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "status": c.status,
        "kind": c.kind,
        "quote_start": c.quote_start,
        "date": c.date,
        "date_source": c.date_source,
        "cues": list(c.cues),
    }


def article_json(analysis: Analysis) -> dict[str, Any]:
    a = analysis.article
    return {
        "id": a.id,
        "title": a.title,
        "body": a.body,
        "published": a.published,
        "published_source": a.published_source,
        "outlet": a.outlet,
        "url": a.url,
        "author": a.author,
        "credited_source": a.credited_source,
        "source": a.source,
        "removed": [{"text": r.text, "rule": r.rule, "line": r.line} for r in a.removed],
        "entities": [entity_json(e) for e in analysis.entities],
        "quotes": [quote_json(q) for q in analysis.quotes],
        "dates": [date_json(d) for d in analysis.dates],
        "claims": [claim_json(c) for c in analysis.claims],
    }


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
