"""The Store: analyses in and out of one database (SQLite by default).

Each save is one transaction that first deletes every row of the saved
article ids, then inserts their rows with ``executemany``: re-saving is
idempotent, and a process killed mid-batch leaves every article either
fully stored or absent.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from recoupe.errors import StoreError
from recoupe.records import Analysis, Dispute, Reject, Signal, Stance, content_hash
from recoupe.store import derived, summary
from recoupe.store import schema as s
from recoupe.store.engine import insert_rows, make_engine, one_line, prepare, write_transaction
from recoupe.store.queries import EntityRow, QuoteRow, entity_rows, quote_rows
from recoupe.store.rows import Row, analysis_rows, build_analysis

OPEN_ATTEMPTS = 6  # opening a database that another process is creating
BATCH_SIZE = 500  # articles per transaction in save_many
READ_CHUNK = 200  # articles read per query round in analyses()
_IN_CHUNK = 500  # ids per IN (...) clause
# Parents before children: the order rows are inserted in.
_INSERT_ORDER = (s.articles, s.entities, s.entity_names, s.mentions, s.quotes, s.dates, s.claims, s.removals)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Store:
    """A recoupe database. Open with :meth:`Store.open`; use as a context manager."""

    def __init__(self, engine: Engine, name: str) -> None:
        self._engine: Engine | None = engine
        self.name = name

    @classmethod
    def open(cls, db: str | Path) -> Store:
        """Open ``db`` (a file path, ``":memory:"`` or an SQLAlchemy URL), creating the
        schema if the database is new and upgrading it if it is older than this recoupe."""
        for attempt in range(OPEN_ATTEMPTS):
            engine, name = make_engine(db)
            try:
                prepare(engine, name)  # runs the schema migrations it lacks
                return cls(engine, name)
            except (StoreError, SQLAlchemyError) as exc:
                engine.dispose()
                # several processes opening one new file at once: switching it to WAL takes an
                # exclusive lock that SQLite refuses at once instead of waiting; try again shortly
                if "locked" not in str(exc) or attempt == OPEN_ATTEMPTS - 1:
                    if isinstance(exc, StoreError):
                        raise
                    raise StoreError(f"cannot open {name}: {one_line(exc)}") from exc
                time.sleep(0.1 * (attempt + 1))
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.name!r})"

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise StoreError(f"the store {self.name} is closed")
        return self._engine

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        try:
            yield
        except (SQLAlchemyError, UnicodeEncodeError) as exc:  # e.g. a lone surrogate in a text
            raise StoreError(f"{action} failed in {self.name}: {one_line(exc)}") from exc

    # -- writing -------------------------------------------------------------

    def save(self, analysis: Analysis) -> None:
        """Store one analysis, replacing every row of its article id."""
        self._save_batch([analysis])

    def save_many(self, analyses: Iterable[Analysis], *, batch_size: int = BATCH_SIZE) -> int:
        """Store analyses, one transaction per ``batch_size`` articles; returns how many."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, not {batch_size}")
        n, batch = 0, []
        for analysis in analyses:
            batch.append(analysis)
            if len(batch) >= batch_size:
                n += self._save_batch(batch)
                batch = []
        if batch:
            n += self._save_batch(batch)
        return n

    def _save_batch(self, batch: list[Analysis]) -> int:
        latest = {a.article.id: a for a in batch}  # the same id twice: the last one wins
        at = _now()
        rows: dict[str, list[Row]] = defaultdict(list)
        for analysis in latest.values():
            for name, table_rows in analysis_rows(analysis, at).items():
                rows[name].extend(table_rows)
        with self._guard("saving analyses"), write_transaction(self.engine) as conn:
            delta = summary.Delta()
            self._delete(conn, list(latest), delta)
            for table in _INSERT_ORDER:
                insert_rows(conn, table, rows[table.name])
            summary.collect(delta, rows["articles"], rows["entities"], rows["quotes"])
            summary.apply(conn, delta)
            summary.touch(conn)
        return len(latest)

    def delete(self, ids: Iterable[str]) -> int:
        """Delete the stored articles among ``ids`` with every row of theirs (derived ones
        included); returns how many there were."""
        wanted = list(dict.fromkeys([ids] if isinstance(ids, str) else ids))
        with self._guard("deleting articles"), write_transaction(self.engine) as conn:
            delta = summary.Delta()
            n = self._delete(conn, wanted, delta)
            if n:
                summary.apply(conn, delta)
                summary.touch(conn)
        return n

    @staticmethod
    def _delete(conn: Any, ids: list[str], delta: summary.Delta) -> int:
        """Delete every row of the stored articles among ``ids``, their contribution to the
        summaries subtracted into ``delta``; returns how many were stored."""
        n = 0
        for chunk in _chunks(ids, _IN_CHUNK):
            query = select(s.articles.c.id).where(s.articles.c.id.in_(chunk))
            stored = list(conn.execute(query).scalars())  # new articles: nothing to delete
            if not stored:
                continue
            n += len(stored)
            summary.remove_stored(conn, delta, stored)
            for table in (*s.ARTICLE_CHILDREN, s.articles):
                col = table.c.id if table is s.articles else table.c.article_id
                conn.execute(delete(table).where(col.in_(stored)))
        return n

    def save_reject(self, reject: Reject) -> None:
        """Record a reject; the same (source, stage, reason) is kept once (latest detail)."""
        rid = content_hash(reject.source, reject.stage, reject.reason)
        row = {
            "id": rid,
            "source": reject.source,
            "stage": reject.stage,
            "reason": reject.reason,
            "detail": reject.detail,
            "at": _now(),
        }
        with self._guard("saving a reject"), write_transaction(self.engine) as conn:
            conn.execute(delete(s.rejects).where(s.rejects.c.id == rid))
            conn.execute(s.rejects.insert(), [row])

    # -- reading -------------------------------------------------------------

    def known(self) -> dict[str, str]:
        """Article id -> content hash of every stored article."""
        with self._guard("listing articles"), self.engine.connect() as conn:
            rows = conn.execute(select(s.articles.c.id, s.articles.c.content_hash)).all()
            return {aid: chash for aid, chash in rows}

    def analyses(self, ids: Iterable[str] | None = None) -> Iterator[Analysis]:
        """Rebuild stored analyses: all (by article id) or those of ``ids``
        (in that order; unknown ids are skipped)."""
        if ids is None:
            with self._guard("listing articles"), self.engine.connect() as conn:
                wanted = list(conn.execute(select(s.articles.c.id).order_by(s.articles.c.id)).scalars())
        else:
            wanted = list(dict.fromkeys([ids] if isinstance(ids, str) else ids))
        for chunk in _chunks(wanted, READ_CHUNK):
            with self._guard("reading analyses"), self.engine.connect() as conn:
                found = self._read_chunk(conn, chunk)
            yield from (found[i] for i in chunk if i in found)

    @staticmethod
    def _read_chunk(conn: Any, ids: list[str]) -> dict[str, Analysis]:
        stmt = select(s.articles).where(s.articles.c.id.in_(ids))
        arts = {r.id: r for r in conn.execute(stmt).all()}
        children: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for table in (s.removals, s.entities, s.mentions, s.quotes, s.dates, s.claims):
            for r in conn.execute(select(table).where(table.c.article_id.in_(ids))).all():
                children[r.article_id][table.name].append(r)
        return {aid: build_analysis(art, children[aid]) for aid, art in arts.items()}

    def article(self, id: str) -> Analysis | None:
        """The stored analysis of article ``id``, or ``None``."""
        return next(self.analyses([id]), None)

    def rejects(self) -> list[Reject]:
        r = s.rejects
        stmt = select(r.c.source, r.c.stage, r.c.reason, r.c.detail).order_by(
            r.c.at, r.c.source, r.c.stage, r.c.reason
        )
        with self._guard("listing rejects"), self.engine.connect() as conn:
            return [Reject(**row) for row in conn.execute(stmt).mappings()]

    def refresh_statistics(self) -> None:
        """After many rows changed (a run, the corpus pass): on PostgreSQL, ``ANALYZE``, so that
        the next queries are planned on the tables as they are, not as autovacuum last sampled
        them (an empty store's plans, right after a first large run). SQLite plans without
        statistics, as its queries are written for: nothing to do there."""
        if self.engine.dialect.name != "postgresql":
            return
        with self._guard("refreshing planner statistics"), self.engine.connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()

    def stats(self) -> dict[str, int]:
        """Row count of each data table."""
        with self._guard("counting rows"), self.engine.connect() as conn:
            return {
                t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                for t in s.DATA_TABLES
            }

    def quotes(self, *, speaker: str | None = None, limit: int | None = None) -> list[QuoteRow]:
        """Stored quotes with their article; ``speaker`` matches the quote
        speaker or any alias of that speaker's entity, ignoring accents and case."""
        with self._guard("listing quotes"), self.engine.connect() as conn:
            return quote_rows(conn, speaker=speaker, limit=limit)

    def entities(self, *, type: str | None = None, top: int | None = None) -> list[EntityRow]:
        """Entities grouped by (name, type) across articles, most widespread first."""
        with self._guard("listing entities"), self.engine.connect() as conn:
            return entity_rows(conn, type=type, top=top)

    # -- derived tables (corpus analysis) ----------------------------------------

    def stances(self, *, issue: str | None = None, actor: str | None = None) -> list[Stance]:
        with self._guard("listing stances"):
            return derived.read_stances(self.engine, issue=issue, actor=actor)

    def disputes(self, *, kind: str | None = None, issue: str | None = None) -> list[Dispute]:
        with self._guard("listing disputes"):
            return derived.read_disputes(self.engine, kind=kind, issue=issue)

    def signals(self, *, article_id: str | None = None) -> list[Signal]:
        with self._guard("listing signals"):
            return derived.read_signals(self.engine, article_id=article_id)

    def clusters(self, *, kind: str | None = None) -> dict[str, dict[str, list[tuple[str, float]]]]:
        with self._guard("listing clusters"):
            return derived.read_clusters(self.engine, kind=kind)
