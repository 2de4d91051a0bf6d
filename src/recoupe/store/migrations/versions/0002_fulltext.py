"""full-text search: FTS5 on SQLite, a French tsvector on PostgreSQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-01

SQLite: an FTS5 table ``articles_fts`` (title, body; ``unicode61`` with
diacritics removed) kept in sync with ``articles`` by triggers, its rows keyed
by the integer id of ``articles_fts_map`` (``VACUUM`` may renumber the
articles' implicit rowids). A store made before Alembic may have these
already (recoupe used to create them on open): they are kept, and the
articles are indexed only when the FTS table is new.

PostgreSQL: a stored generated column ``articles.search_vector`` (title
weighted A, body B, the ``french`` configuration: stemmed, stop words out)
and a GIN index on it. Other backends: nothing (no full-text search).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FTS, MAP = "articles_fts", "articles_fts_map"
TRIGGERS = (f"{FTS}_ai", f"{FTS}_ad", f"{FTS}_au")
_INSERT = f"""INSERT OR IGNORE INTO {MAP}(article_id) VALUES (new.id);
        INSERT INTO {FTS}(rowid, title, body)
            VALUES ((SELECT rowid FROM {MAP} WHERE article_id = new.id), coalesce(new.title, ''), new.body);"""
_DELETE = f"""DELETE FROM {FTS} WHERE rowid = (SELECT rowid FROM {MAP} WHERE article_id = old.id);
        DELETE FROM {MAP} WHERE article_id = old.id;"""
SQLITE_DDL = (
    f"CREATE TABLE IF NOT EXISTS {MAP} (rowid INTEGER PRIMARY KEY, article_id TEXT NOT NULL UNIQUE)",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON articles BEGIN {_INSERT} END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON articles BEGIN {_DELETE} END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF id, title, body ON articles BEGIN {_DELETE} {_INSERT} END",
)
SQLITE_BACKFILL = (
    f"INSERT OR IGNORE INTO {MAP}(article_id) SELECT id FROM articles",
    f"""INSERT INTO {FTS}(rowid, title, body)
        SELECT m.rowid, coalesce(a.title, ''), a.body FROM articles a JOIN {MAP} m ON m.article_id = a.id""",
)

PG_COLUMN, PG_INDEX = "search_vector", "ix_articles_search"
PG_VECTOR = ("setweight(to_tsvector('french'::regconfig, coalesce(title, '')), 'A') || "
             "setweight(to_tsvector('french'::regconfig, body), 'B')")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        existed = bind.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = ?", (FTS,)).scalar_one()
        for ddl in SQLITE_DDL:
            op.execute(ddl)
        if not existed:
            for sql in SQLITE_BACKFILL:
                op.execute(sql)
    elif bind.dialect.name == "postgresql":
        op.add_column("articles", sa.Column(PG_COLUMN, postgresql.TSVECTOR(),
                                            sa.Computed(PG_VECTOR, persisted=True)))
        op.create_index(PG_INDEX, "articles", [PG_COLUMN], postgresql_using="gin")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
        op.execute(f"DROP TABLE IF EXISTS {MAP}")
    elif bind.dialect.name == "postgresql":
        op.drop_index(PG_INDEX, table_name="articles")
        op.drop_column("articles", PG_COLUMN)
