"""Derived tables: what corpus analysis writes (stances, signals, disputes,
clusters) and how the CLI, API and briefing read it back.

Stances and signals belong to one article (deleted with it, so a
re-analysed article is recomputed) and are numbered within it, so the same
article gives the same rows whichever pass computed it. Disputes and
clusters belong to the corpus: a full pass replaces them all, an
incremental pass (:mod:`recoupe.corpus.analyse`) the ones it recomputed.
Disputes are listed in one canonical order (:func:`dispute_order`), computed
on reading, so that an incremental pass lists them as a full one would.
``corpus_state`` records which issues file each article's stances were
computed for, so an incremental pass only touches new or changed articles.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, select

from recoupe.records import Dispute, DisputeEnd, Signal, Stance, content_hash
from recoupe.store import schema as s
from recoupe.store.engine import insert_rows, write_transaction
from recoupe.store.rows import fold

ENDS = ("a", "b")
KIND_ORDER = {"disagreement": 0, "shift": 1, "denial": 2, "factual": 3}
CHUNK = 500  # ids per IN (...) clause
Clusters = Mapping[str, Mapping[str, Sequence[tuple[str, float]]]]  # kind -> cluster id -> [(article, score)]


def numbered(items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
    """``(seq, item)`` with ``seq`` counted within each item's article (``item.article_id``)."""
    seen: dict[str, int] = {}
    for item in items:
        n = seen.get(item.article_id, 0)
        seen[item.article_id] = n + 1
        yield n, item


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


def dispute_id(d: Dispute) -> str:
    return content_hash(d.kind, d.issue, d.a, d.b)


def _dispute_row(d: Dispute) -> dict[str, Any]:
    row: dict[str, Any] = {"id": dispute_id(d), "seq": KIND_ORDER.get(d.kind, len(KIND_ORDER)), "kind": d.kind,
                           "issue": d.issue, "score": d.score, "explanation": d.explanation}
    for name, end in zip(ENDS, (d.a, d.b), strict=True):
        row.update({f"{name}_article_id": end.article_id, f"{name}_actor": end.actor, f"{name}_text": end.text,
                    f"{name}_start": end.start, f"{name}_end": end.end, f"{name}_date": end.date,
                    f"{name}_stance": end.stance})
    return row


def dispute_order(d: Dispute) -> tuple[Any, ...]:
    """The order disputes are listed in: disagreements strongest first, shifts per actor and
    issue in date order, denials and factual conflicts by article and position."""
    def at(e: DisputeEnd) -> tuple[str, str, int]:
        return (e.date or "", e.article_id or "", e.start or 0)

    if d.kind == "disagreement":
        head: tuple[Any, ...] = (-d.score, d.issue or "", d.a.actor or "", d.b.actor or "")
    elif d.kind == "shift":
        head = (d.a.actor or "", d.issue or "", *at(d.a), *at(d.b))
    else:
        head = (d.a.article_id or "", d.a.start or 0, d.b.article_id or "", d.b.start or 0, -d.score)
    return (KIND_ORDER.get(d.kind, len(KIND_ORDER)), *head, dispute_id(d))


def _cluster_rows(clusters: Clusters) -> list[dict[str, Any]]:
    return [{"kind": kind, "cluster_id": cid, "article_id": aid, "score": score}
            for kind, groups in clusters.items() for cid, members in groups.items()
            for aid, score in dict(members).items()]


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


# -- writing, inside the caller's transaction ------------------------------------------------

def _replace_rows(conn: Connection, table: Table, article_ids: Sequence[str], rows: list[dict[str, Any]]) -> None:
    """Delete the rows of ``table`` that belong to ``article_ids``, then insert ``rows``."""
    ids = list(dict.fromkeys(article_ids))
    for chunk in _chunks(ids):
        conn.execute(delete(table).where(table.c.article_id.in_(chunk)))
    insert_rows(conn, table, rows)


def put_stances(conn: Connection, article_ids: Sequence[str], stances: Iterable[Stance]) -> None:
    """Replace the stances of ``article_ids``."""
    _replace_rows(conn, s.stances, article_ids, [_stance_row(i, st) for i, st in numbered(stances)])


def put_signals(conn: Connection, article_ids: Sequence[str], signals: Iterable[Signal]) -> None:
    """Replace the signals of ``article_ids``."""
    _replace_rows(conn, s.signals, article_ids, [_signal_row(i, sig) for i, sig in numbered(signals)])


def mark_done(conn: Connection, article_ids: Sequence[str], issues_hash: str) -> None:
    """Record that ``article_ids`` went through a corpus pass for the issues ``issues_hash``."""
    ids = list(dict.fromkeys(article_ids))
    for chunk in _chunks(ids):
        conn.execute(delete(s.corpus_state).where(s.corpus_state.c.article_id.in_(chunk)))
    insert_rows(conn, s.corpus_state, [{"article_id": a, "issues_hash": issues_hash} for a in ids])


def put_disputes(conn: Connection, disputes: Iterable[Dispute], *, gone: Iterable[str] = ()) -> None:
    """Delete the disputes of ids ``gone`` and those about to be written, then write ``disputes``
    (the same dispute twice: the last one is kept)."""
    rows = {r["id"]: r for r in map(_dispute_row, disputes)}
    ids = sorted({*gone, *rows})
    for chunk in _chunks(ids):
        conn.execute(delete(s.disputes).where(s.disputes.c.id.in_(chunk)))
    insert_rows(conn, s.disputes, list(rows.values()))


def put_clusters(conn: Connection, clusters: Clusters, *, gone: Iterable[tuple[str, str]] = ()) -> None:
    """Delete the clusters ``gone`` ((kind, cluster id)) and those written, then write ``clusters``."""
    rows = _cluster_rows(clusters)
    t = s.clusters
    stale: dict[str, set[str]] = {}
    for kind, cid in (*gone, *((r["kind"], r["cluster_id"]) for r in rows)):
        stale.setdefault(kind, set()).add(cid)
    for kind, cids in sorted(stale.items()):
        for chunk in _chunks(sorted(cids)):
            conn.execute(delete(t).where(t.c.kind == kind, t.c.cluster_id.in_(chunk)))
    for i in range(0, len(rows), CHUNK * 10):
        insert_rows(conn, t, rows[i:i + CHUNK * 10])


# -- whole-table writes (tests, and callers outside a corpus pass) ---------------------------

def save_article_results(
    engine: Engine, article_ids: Sequence[str], *, stances: Iterable[Stance] | None = None,
    signals: Iterable[Signal] | None = None, issues_hash: str | None = None,
) -> None:
    """Replace the stances (with ``issues_hash``: the issues they were computed
    for) and/or the signals of ``article_ids``; a part given as None is left as is."""
    with write_transaction(engine) as conn:
        if stances is not None:
            put_stances(conn, article_ids, stances)
            mark_done(conn, article_ids, issues_hash or "")
        if signals is not None:
            put_signals(conn, article_ids, signals)


def replace_corpus_results(engine: Engine, *, disputes: Iterable[Dispute], clusters: Clusters) -> None:
    """Replace every dispute and cluster row. ``clusters``: kind -> cluster id -> [(article id, score)]."""
    with write_transaction(engine) as conn:
        conn.execute(delete(s.disputes))
        conn.execute(delete(s.clusters))
        put_disputes(conn, disputes)
        put_clusters(conn, clusters)


# -- reading ----------------------------------------------------------------------------------

def computed_for(engine: Engine) -> dict[str, str]:
    """Article id -> the issues hash its stances and signals were computed for."""
    with engine.connect() as conn:
        return dict(conn.execute(select(s.corpus_state.c.article_id, s.corpus_state.c.issues_hash)).all())


def stance_of(r: Any) -> Stance:
    return Stance(r.actor, r.issue, r.stance, r.article_id, r.start, r.end, r.evidence, r.confidence, r.date,
                  r.quote_start, tuple(json.loads(r.cues)))


def stance_query(*, issue: str | None = None, actor: str | None = None) -> Any:
    """Stances in listing order: by issue, actor, date, article and position."""
    t = s.stances
    stmt = select(t).order_by(t.c.issue, t.c.actor_key, t.c.date, t.c.article_id, t.c.seq)
    if issue:
        stmt = stmt.where(t.c.issue == issue)
    if actor:
        stmt = stmt.where(t.c.actor_key == fold(actor))
    return stmt


def read_stances(engine: Engine, *, issue: str | None = None, actor: str | None = None) -> list[Stance]:
    with engine.connect() as conn:
        return [stance_of(r) for r in conn.execute(stance_query(issue=issue, actor=actor))]


def read_signals(engine: Engine, *, article_id: str | None = None) -> list[Signal]:
    t = s.signals
    stmt = select(t).order_by(t.c.article_id, t.c.seq)
    if article_id:
        stmt = stmt.where(t.c.article_id == article_id)
    with engine.connect() as conn:
        return [Signal(r.article_id, r.name, r.value, r.explanation, tuple(tuple(e) for e in json.loads(r.evidence)))
                for r in conn.execute(stmt)]


def dispute_of(r: Any) -> Dispute:
    """A dispute from its row (a mapping of column -> value)."""
    def end(e: str) -> DisputeEnd:
        return DisputeEnd(*(r[f"{e}_{n}"] for n in ("article_id", "actor", "text", "start", "end", "date", "stance")))

    return Dispute(r["kind"], r["issue"], end("a"), end("b"), r["score"], r["explanation"])


def read_disputes(engine: Engine, *, kind: str | None = None, issue: str | None = None) -> list[Dispute]:
    """Stored disputes in :func:`dispute_order`."""
    t = s.disputes
    stmt = select(t)
    if kind:
        stmt = stmt.where(t.c.kind == kind)
    if issue:
        stmt = stmt.where(t.c.issue == issue)
    with engine.connect() as conn:
        found = [dispute_of(r) for r in conn.execute(stmt).mappings()]
    return sorted(found, key=dispute_order)


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
