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
from operator import attrgetter
from typing import Any

from recoupe.records import (
    Analysis,
    Article,
    Claim,
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
        name_key = fold(e.name)  # the name itself is found through quotes.speaker_key
        out["entities"].append(
            {
                "id": eid,
                "article_id": aid,
                "seq": seq,
                "name": e.name,
                "name_key": name_key,
                "type": e.type,
                "aliases": _dump(e.aliases),
                "wikidata": e.wikidata,
                "merge_reasons": _dump(e.merge_reasons),
                "n_mentions": len(e.mentions),
            }
        )
        for key in dict.fromkeys(k for k in map(fold, e.aliases) if k and k != name_key):
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
    for seq, c in enumerate(analysis.claims):
        out["claims"].append(
            {
                "id": _unique(ids, aid, "claim", c.start, c.end),
                "article_id": aid,
                "seq": seq,
                "text": c.text,
                "start": c.start,
                "end": c.end,
                "status": c.status,
                "kind": c.kind,
                "quote_start": c.quote_start,
                "date": c.date,
                "date_source": c.date_source,
                "cues": _dump(c.cues),
            }
        )
    return out


def _json_tuple(raw: str) -> tuple[Any, ...]:
    return () if raw == "[]" else tuple(json.loads(raw))


# The readers take rows with attribute access (SQLAlchemy ``Row`` objects,
# or anything with the same attribute names), the fastest way to read them.


def quote_from_row(r: Any) -> Quote:
    return Quote(
        r.text, r.start, r.end, r.kind, r.speaker, r.speaker_type, r.speaker_start, r.speaker_end,
        r.cue, r.polarity, bool(r.anonymous), r.status, r.sentence_start, r.sentence_end,
    )  # fmt: skip


def claim_from_row(r: Any) -> Claim:
    return Claim(r.text, r.start, r.end, r.status, r.kind, r.quote_start, r.date, r.date_source,
                 _json_tuple(r.cues))


def _date(r: Any) -> DateMention:
    return DateMention(r.text, r.start, r.end, r.value, r.kind, r.anchor, r.anchor_source)


def _entity(r: Any, mention_rows: list[Any]) -> Entity:
    mention_rows.sort(key=_SEQ)
    mentions = tuple(Mention(m.text, m.start, m.end, m.label, bool(m.as_actor)) for m in mention_rows)
    return Entity(r.name, r.type, mentions, _json_tuple(r.aliases), r.wikidata, _json_tuple(r.merge_reasons))


_SEQ = attrgetter("seq")


def build_analysis(art: Any, children: Mapping[str, list[Any]]) -> Analysis:
    """Rebuild one Analysis from its article row and its child rows by table name."""

    def ordered(table: str) -> list[Any]:
        return sorted(children.get(table, ()), key=_SEQ)

    by_entity: dict[str, list[Any]] = defaultdict(list)
    for m in children.get("mentions", ()):
        by_entity[m.entity_id].append(m)
    article = Article(
        id=art.id,
        source=art.source,
        body=art.body,
        content_hash=art.content_hash,
        title=art.title,
        url=art.url,
        outlet=art.outlet,
        published=art.published,
        published_source=art.published_source,
        author=art.author,
        credited_source=art.credited_source,
        removed=tuple(Removal(r.text, r.rule, r.line) for r in ordered("removals")),
    )
    return Analysis(
        article=article,
        entities=tuple(_entity(e, by_entity[e.id]) for e in ordered("entities")),
        quotes=tuple(quote_from_row(q) for q in ordered("quotes")),
        dates=tuple(_date(d) for d in ordered("dates")),
        n_tokens=art.n_tokens,
        versions=tuple(tuple(v) for v in json.loads(art.versions)),
        claims=tuple(claim_from_row(c) for c in ordered("claims")),
    )
