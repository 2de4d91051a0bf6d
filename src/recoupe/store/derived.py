"""Derived tables: what corpus analysis writes (stances, signals, disputes,
clusters) and how the CLI, API and briefing read it back.

Stances and signals belong to one article (deleted with it, so a
re-analysed article is recomputed); disputes and clusters belong to the
corpus and are replaced as a whole by each corpus pass. ``corpus_state``
records which issues file each article's stances were computed for, so an
incremental pass only touches new or changed articles.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, delete, select

from recoupe.records import Dispute, DisputeEnd, Signal, Stance, content_hash
from recoupe.store import schema as s
from recoupe.store.engine import write_transaction
from recoupe.store.rows import fold

ENDS = ("a", "b")


def _stance_row(seq: int, st: Stance) -> dict[str, Any]:
    return {
        "id": content_hash(st.article_id, st.actor, st.issue, st.start, st.end, seq),
        "article_id": st.article_id, "seq": seq, "actor": st.actor, "actor_key": fold(st.actor),
        "issue": st.issue, "stance": st.stance, "start": st.start, "end": st.end, "evidence": st.evidence,
        "confidence": st.confidence, "date": st.date, "quote_start": st.quote_start, "cues": json.dumps(list(st.cues)),
    }


def _signal_row(seq: int, sig: Signal) -> dict[str, Any]:
    return {
        "id": content_hash(sig.article_id, sig.name, seq), "article_id": sig.article_id, "seq": seq,
        "name": sig.name, "value": sig.value, "explanation": sig.explanation,
        "evidence": json.dumps([list(e) for e in sig.evidence]),
    }


def _dispute_row(seq: int, d: Dispute) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": content_hash(d.kind, d.issue, d.a, d.b), "seq": seq, "kind": d.kind, "issue": d.issue,
        "score": d.score, "explanation": d.explanation,
    }
    for name, end in zip(ENDS, (d.a, d.b), strict=True):
        row.update({f"{name}_article_id": end.article_id, f"{name}_actor": end.actor, f"{name}_text": end.text,
                    f"{name}_start": end.start, f"{name}_end": end.end, f"{name}_date": end.date,
                    f"{name}_stance": end.stance})
    return row


def save_article_results(
    engine: Engine, article_ids: Sequence[str], *, stances: Iterable[Stance] | None = None,
    signals: Iterable[Signal] | None = None, issues_hash: str | None = None,
) -> None:
    """Replace the stances (with ``issues_hash``: the issues they were computed
    for) and/or the signals of ``article_ids``; a part given as None is left as is."""
    ids = list(dict.fromkeys(article_ids))
    parts: list[tuple[Any, list[dict[str, Any]]]] = []
    if stances is not None:
        parts.append((s.stances, [_stance_row(i, st) for i, st in enumerate(stances)]))
        parts.append((s.corpus_state, [{"article_id": a, "issues_hash": issues_hash or ""} for a in ids]))
    if signals is not None:
        parts.append((s.signals, [_signal_row(i, sig) for i, sig in enumerate(signals)]))
    with write_transaction(engine) as conn:
        for table, rows in parts:
            for i in range(0, len(ids), 500):
                conn.execute(delete(table).where(table.c.article_id.in_(ids[i:i + 500])))
            if rows:
                conn.execute(table.insert(), rows)


def replace_corpus_results(
    engine: Engine, *, disputes: Iterable[Dispute], clusters: Mapping[str, Mapping[str, Sequence[tuple[str, float]]]],
) -> None:
    """Replace every dispute and cluster row. ``clusters``: kind -> cluster id -> [(article id, score)]."""
    dispute_rows = {r["id"]: r for r in (_dispute_row(i, d) for i, d in enumerate(disputes))}
    cluster_rows = [{"kind": kind, "cluster_id": cid, "article_id": aid, "score": score}
                    for kind, groups in clusters.items() for cid, members in groups.items()
                    for aid, score in dict(members).items()]
    with write_transaction(engine) as conn:
        conn.execute(delete(s.disputes))
        conn.execute(delete(s.clusters))
        if dispute_rows:
            conn.execute(s.disputes.insert(), list(dispute_rows.values()))
        if cluster_rows:
            conn.execute(s.clusters.insert(), cluster_rows)


def computed_for(engine: Engine) -> dict[str, str]:
    """Article id -> the issues hash its stances and signals were computed for."""
    with engine.connect() as conn:
        return dict(conn.execute(select(s.corpus_state.c.article_id, s.corpus_state.c.issues_hash)).all())


def read_stances(engine: Engine, *, issue: str | None = None, actor: str | None = None) -> list[Stance]:
    t = s.stances
    stmt = select(t).order_by(t.c.issue, t.c.actor_key, t.c.date, t.c.article_id, t.c.seq)
    if issue:
        stmt = stmt.where(t.c.issue == issue)
    if actor:
        stmt = stmt.where(t.c.actor_key == fold(actor))
    with engine.connect() as conn:
        return [Stance(r.actor, r.issue, r.stance, r.article_id, r.start, r.end, r.evidence, r.confidence, r.date,
                       r.quote_start, tuple(json.loads(r.cues))) for r in conn.execute(stmt)]


def read_signals(engine: Engine, *, article_id: str | None = None) -> list[Signal]:
    t = s.signals
    stmt = select(t).order_by(t.c.article_id, t.c.seq)
    if article_id:
        stmt = stmt.where(t.c.article_id == article_id)
    with engine.connect() as conn:
        return [Signal(r.article_id, r.name, r.value, r.explanation, tuple(tuple(e) for e in json.loads(r.evidence)))
                for r in conn.execute(stmt)]


def read_disputes(engine: Engine, *, kind: str | None = None, issue: str | None = None) -> list[Dispute]:
    t = s.disputes
    stmt = select(t).order_by(t.c.seq)
    if kind:
        stmt = stmt.where(t.c.kind == kind)
    if issue:
        stmt = stmt.where(t.c.issue == issue)
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    def end(r: Any, e: str) -> DisputeEnd:
        return DisputeEnd(*(r[f"{e}_{n}"] for n in ("article_id", "actor", "text", "start", "end", "date", "stance")))

    return [Dispute(r["kind"], r["issue"], end(r, "a"), end(r, "b"), r["score"], r["explanation"]) for r in rows]


def read_clusters(engine: Engine, *, kind: str | None = None) -> dict[str, dict[str, list[tuple[str, float]]]]:
    """kind -> cluster id -> [(article id, score)]."""
    t = s.clusters
    stmt = select(t).order_by(t.c.kind, t.c.cluster_id, t.c.article_id)
    if kind:
        stmt = stmt.where(t.c.kind == kind)
    out: dict[str, dict[str, list[tuple[str, float]]]] = {}
    with engine.connect() as conn:
        for r in conn.execute(stmt):
            out.setdefault(r.kind, {}).setdefault(r.cluster_id, []).append((r.article_id, r.score))
    return out
