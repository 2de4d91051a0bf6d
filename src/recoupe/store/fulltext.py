"""Full-text search over article titles and bodies (SQLite FTS5).

An FTS5 table ``articles_fts`` (title + body, ``unicode61`` with diacritics
removed, so ``negociation`` finds ``négociation``) is kept in sync with
``articles`` by SQLite triggers, so every writer (the pipeline, the API,
a bulk save) updates it without knowing it exists. FTS rows are keyed by
the integer id of a small map table (``articles_fts_map``), not by the
articles table's implicit rowid, which ``VACUUM`` may renumber.

Everything here is SQLite-only and a no-op on other backends. User queries
never reach FTS5's query syntax: :func:`fts_query` keeps only words
(optionally ``"quoted phrases"`` and ``prefix*``) and quotes each one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine, text

from recoupe.store.engine import write_transaction

FTS_TABLE = "articles_fts"
MAP_TABLE = "articles_fts_map"
TOKENIZE = "unicode61 remove_diacritics 2"
MAX_TERMS = 16  # longer queries are cut: FTS cost grows with every term

_DDL = (
    f"CREATE TABLE IF NOT EXISTS {MAP_TABLE} (rowid INTEGER PRIMARY KEY, article_id TEXT NOT NULL UNIQUE)",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(title, body, tokenize='{TOKENIZE}')",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON articles BEGIN
        INSERT OR IGNORE INTO {MAP_TABLE}(article_id) VALUES (new.id);
        INSERT INTO {FTS_TABLE}(rowid, title, body)
            VALUES ((SELECT rowid FROM {MAP_TABLE} WHERE article_id = new.id), coalesce(new.title, ''), new.body);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON articles BEGIN
        DELETE FROM {FTS_TABLE} WHERE rowid = (SELECT rowid FROM {MAP_TABLE} WHERE article_id = old.id);
        DELETE FROM {MAP_TABLE} WHERE article_id = old.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF id, title, body ON articles BEGIN
        DELETE FROM {FTS_TABLE} WHERE rowid = (SELECT rowid FROM {MAP_TABLE} WHERE article_id = old.id);
        DELETE FROM {MAP_TABLE} WHERE article_id = old.id;
        INSERT OR IGNORE INTO {MAP_TABLE}(article_id) VALUES (new.id);
        INSERT INTO {FTS_TABLE}(rowid, title, body)
            VALUES ((SELECT rowid FROM {MAP_TABLE} WHERE article_id = new.id), coalesce(new.title, ''), new.body);
    END""",
)

_BACKFILL = (
    f"INSERT OR IGNORE INTO {MAP_TABLE}(article_id) SELECT id FROM articles",
    f"""INSERT INTO {FTS_TABLE}(rowid, title, body)
        SELECT m.rowid, coalesce(a.title, ''), a.body FROM articles a JOIN {MAP_TABLE} m ON m.article_id = a.id""",
)

_TOKEN = re.compile(r'"([^"]*)"|(\w+)(\*?)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Hit:
    article_id: str
    rank: float  # bm25: lower is better
    snippet: str  # plain text; the matched words are between \x02 and \x03


def enabled(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def ensure_fulltext(engine: Engine) -> bool:
    """Create the FTS table and its triggers if missing (indexing stored articles once);
    returns whether full-text search is available on this backend."""
    if not enabled(engine):
        return False
    with engine.connect() as conn:
        present = conn.execute(
            text("SELECT count(*) FROM sqlite_master WHERE name IN (:a, :b, :c, :d)"),
            {"a": FTS_TABLE, "b": f"{FTS_TABLE}_ai", "c": f"{FTS_TABLE}_ad", "d": f"{FTS_TABLE}_au"},
        ).scalar_one()
    if present == 4:
        return True
    with write_transaction(engine) as conn:
        existed = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE name = :n"),
                               {"n": FTS_TABLE}).scalar_one()
        for ddl in _DDL:
            conn.exec_driver_sql(ddl)
        if not existed:
            for sql in _BACKFILL:
                conn.exec_driver_sql(sql)
    return True


def fts_query(q: str, *, max_terms: int = MAX_TERMS) -> str:
    """A safe FTS5 MATCH expression for a user query: words ANDed, each quoted;
    ``"a phrase"`` kept as a phrase, ``word*`` as a prefix. ``""`` when no word."""
    terms: list[str] = []
    for m in _TOKEN.finditer(q):
        phrase, word, star = m.groups()
        if phrase is not None:
            words = _WORD.findall(phrase)
            if words:
                terms.append('"' + " ".join(words) + '"')
        elif word:
            terms.append(f'"{word}"' + ("*" if star else ""))
        if len(terms) >= max_terms:
            break
    return " ".join(terms)


def match_ids_sql() -> str:
    """SQL selecting the article ids matching ``:fts_q`` (for use in ``IN (...)``)."""
    return (f"SELECT m.article_id FROM {FTS_TABLE} f JOIN {MAP_TABLE} m ON m.rowid = f.rowid "
            f"WHERE {FTS_TABLE} MATCH :fts_q")


def search(engine: Engine, q: str, limit: int = 20, offset: int = 0) -> tuple[int, list[Hit]]:
    """Articles matching ``q`` (best first) as ``(total, hits)``; ``(0, [])`` when the
    query has no word or full-text search is not available."""
    expr = fts_query(q)
    if not expr or not ensure_fulltext(engine):
        return 0, []
    base = f"FROM {FTS_TABLE} f JOIN {MAP_TABLE} m ON m.rowid = f.rowid WHERE {FTS_TABLE} MATCH :q"
    with engine.connect() as conn:
        total = conn.execute(text(f"SELECT count(*) {base}"), {"q": expr}).scalar_one()
        rows = conn.execute(
            text(f"SELECT m.article_id, bm25({FTS_TABLE}, 5.0, 1.0) AS rank, "
                 f"snippet({FTS_TABLE}, 1, char(2), char(3), '…', 24) AS snip {base} "
                 "ORDER BY rank LIMIT :limit OFFSET :offset"),
            {"q": expr, "limit": max(0, limit), "offset": max(0, offset)},
        ).all()
    return int(total), [Hit(r.article_id, float(r.rank), r.snip or "") for r in rows]
