"""Records <-> table rows: an Analysis becomes plain dicts per table, and back.

Pure functions with no database access, so the mapping is testable alone.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from recoupe.records import (
    Analysis,
    Article,
    DateMention,
    Entity,
    Mention,
    Quote,
    Removal,
    content_hash,
)

Row = dict[str, Any]

# Letters that NFKD does not split into base + accent.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O"})
_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """A lookup key: no accents, no case, punctuation and spacing collapsed
    (``"Jean-Luc  Mélenchon"`` -> ``"jean luc melenchon"``)."""
    text = unicodedata.normalize("NFKD", name.translate(_LIGATURES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _NOT_WORD.sub(" ", text).strip()


def _dump(values: Sequence[Any]) -> str:
    if not values:
        return "[]"
    return json.dumps([list(v) if isinstance(v, tuple) else v for v in values], ensure_ascii=False)


def _unique(ids: set[str], *parts: object) -> str:
    """A content-hash id, disambiguated by position if the same parts repeat."""
    row_id = content_hash(*parts)
    n = 1
    while row_id in ids:
        row_id = content_hash(*parts, n)
        n += 1
    ids.add(row_id)
    return row_id


def article_row(analysis: Analysis, analysed_at: str) -> Row:
    a = analysis.article
    return {
        "id": a.id,
        "source": a.source,
        "content_hash": a.content_hash,
        "title": a.title,
        "url": a.url,
        "outlet": a.outlet,
        "published": a.published,
        "published_source": a.published_source,
        "author": a.author,
        "credited_source": a.credited_source,
        "body": a.body,
        "n_tokens": analysis.n_tokens,
        "analysed_at": analysed_at,
        "versions": _dump(analysis.versions),
    }


def _entity_rows(aid: str, entity_list: tuple[Entity, ...], out: dict[str, list[Row]]) -> None:
    ids: set[str] = set()
    for seq, e in enumerate(entity_list):
        eid = _unique(ids, aid, e.name, e.type)
        out["entities"].append(
            {
                "id": eid,
                "article_id": aid,
                "seq": seq,
                "name": e.name,
                "name_key": fold(e.name),
                "type": e.type,
                "aliases": _dump(e.aliases),
                "wikidata": e.wikidata,
                "merge_reasons": _dump(e.merge_reasons),
                "n_mentions": len(e.mentions),
            }
        )
        for key in dict.fromkeys(fold(n) for n in (e.name, *e.aliases)):
            out["entity_names"].append({"entity_id": eid, "key": key, "article_id": aid})
        for mseq, m in enumerate(e.mentions):
            out["mentions"].append(
                {
                    "id": _unique(ids, eid, m.start, m.end, m.label),
                    "entity_id": eid,
                    "article_id": aid,
                    "seq": mseq,
                    "text": m.text,
                    "start": m.start,
                    "end": m.end,
                    "label": m.label,
                    "as_actor": m.as_actor,
                }
            )


def analysis_rows(analysis: Analysis, analysed_at: str) -> dict[str, list[Row]]:
    """Every row of one analysis, keyed by table name (``articles`` first)."""
    aid = analysis.article.id
    out: dict[str, list[Row]] = defaultdict(list)
    out["articles"].append(article_row(analysis, analysed_at))
    for seq, r in enumerate(analysis.article.removed):
        out["removals"].append(
            {"article_id": aid, "seq": seq, "line": r.line, "rule": r.rule, "text": r.text}
        )
    _entity_rows(aid, analysis.entities, out)
    ids: set[str] = set()
    for seq, q in enumerate(analysis.quotes):
        out["quotes"].append(
            {
                "id": _unique(ids, aid, "quote", q.kind, q.start, q.end),
                "article_id": aid,
                "seq": seq,
                "text": q.text,
                "start": q.start,
                "end": q.end,
                "kind": q.kind,
                "speaker": q.speaker,
                "speaker_key": None if q.speaker is None else fold(q.speaker),
                "speaker_type": q.speaker_type,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "cue": q.cue,
                "polarity": q.polarity,
                "anonymous": q.anonymous,
                "status": q.status,
                "sentence_start": q.sentence_start,
                "sentence_end": q.sentence_end,
            }
        )
    for seq, d in enumerate(analysis.dates):
        out["dates"].append(
            {
                "id": _unique(ids, aid, "date", d.kind, d.start, d.end),
                "article_id": aid,
                "seq": seq,
                "text": d.text,
                "start": d.start,
                "end": d.end,
                "value": d.value,
                "kind": d.kind,
                "anchor": d.anchor,
                "anchor_source": d.anchor_source,
            }
        )
    return out


def quote_from_row(r: Mapping[str, Any]) -> Quote:
    return Quote(
        text=r["text"],
        start=r["start"],
        end=r["end"],
        kind=r["kind"],
        speaker=r["speaker"],
        speaker_type=r["speaker_type"],
        speaker_start=r["speaker_start"],
        speaker_end=r["speaker_end"],
        cue=r["cue"],
        polarity=r["polarity"],
        anonymous=bool(r["anonymous"]),
        status=r["status"],
        sentence_start=r["sentence_start"],
        sentence_end=r["sentence_end"],
    )


def _date(r: Mapping[str, Any]) -> DateMention:
    return DateMention(
        text=r["text"],
        start=r["start"],
        end=r["end"],
        value=r["value"],
        kind=r["kind"],
        anchor=r["anchor"],
        anchor_source=r["anchor_source"],
    )


def _entity(r: Mapping[str, Any], mention_rows: list[Mapping[str, Any]]) -> Entity:
    mentions = tuple(
        Mention(
            text=m["text"], start=m["start"], end=m["end"], label=m["label"], as_actor=bool(m["as_actor"])
        )
        for m in sorted(mention_rows, key=lambda m: m["seq"])
    )
    return Entity(
        name=r["name"],
        type=r["type"],
        mentions=mentions,
        aliases=tuple(json.loads(r["aliases"])),
        wikidata=r["wikidata"],
        merge_reasons=tuple(json.loads(r["merge_reasons"])),
    )


def build_analysis(art: Mapping[str, Any], children: Mapping[str, list[Mapping[str, Any]]]) -> Analysis:
    """Rebuild one Analysis from its article row and its child rows by table."""

    def ordered(table: str) -> list[Mapping[str, Any]]:
        return sorted(children.get(table, ()), key=lambda r: r["seq"])

    by_entity: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for m in children.get("mentions", ()):
        by_entity[m["entity_id"]].append(m)
    article = Article(
        id=art["id"],
        source=art["source"],
        body=art["body"],
        content_hash=art["content_hash"],
        title=art["title"],
        url=art["url"],
        outlet=art["outlet"],
        published=art["published"],
        published_source=art["published_source"],
        author=art["author"],
        credited_source=art["credited_source"],
        removed=tuple(Removal(text=r["text"], rule=r["rule"], line=r["line"]) for r in ordered("removals")),
    )
    return Analysis(
        article=article,
        entities=tuple(_entity(e, by_entity[e["id"]]) for e in ordered("entities")),
        quotes=tuple(quote_from_row(q) for q in ordered("quotes")),
        dates=tuple(_date(d) for d in ordered("dates")),
        n_tokens=art["n_tokens"],
        versions=tuple(tuple(v) for v in json.loads(art["versions"])),
    )
