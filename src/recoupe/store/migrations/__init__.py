"""Schema migrations: Alembic, configured from code (no ``alembic.ini`` needed at run time).

The revisions are in ``versions/`` next to this file and ship with the package.
:func:`upgrade` runs them on a connection that recoupe hands over
(``env.py`` takes it from ``Config.attributes``), inside the caller's
transaction: on SQLite and PostgreSQL, DDL is transactional, so a database
is either fully upgraded or left as it was.

Full-text objects (the SQLite FTS5 table, the PostgreSQL ``tsvector``
column) are created by a revision but are not in ``schema.metadata``:
:func:`include_object` keeps them out of autogenerate and of
:func:`differences`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select, table
from sqlalchemy.sql import column

from recoupe.store import fulltext, schema

if TYPE_CHECKING:  # Alembic is imported only when a migration or a comparison runs (it is slow to import)
    from alembic.config import Config
    from alembic.script import ScriptDirectory

FOLDER = Path(__file__).resolve().parent
HEAD = "0003"  # the newest revision in versions/: bump it with each new one (a test checks it)
VERSION_TABLE = "alembic_version"  # Alembic's default: one row, the revision the database is at
_FTS_NAMES = {fulltext.MAP_TABLE, fulltext.TSV_COLUMN, fulltext.TSV_INDEX}


@dataclass(frozen=True, slots=True)
class Revision:
    """One migration script: its id, the one it follows, and its title (the docstring's first line)."""

    id: str
    down: str | None
    title: str


def config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for the packaged revisions, bound to ``connection`` if given."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(FOLDER))
    cfg.attributes["connection"] = connection
    return cfg


@cache
def scripts() -> ScriptDirectory:
    """The revision scripts (read once per process)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


def history() -> list[Revision]:
    """Every revision, oldest first."""
    revs = list(scripts().walk_revisions())[::-1]
    return [Revision(r.revision, r.down_revision if isinstance(r.down_revision, str) else None,
                     (r.doc or "").strip().splitlines()[0] if r.doc else "") for r in revs]


def known(rev: str) -> bool:
    """Whether ``rev`` is one of the packaged revisions."""
    return rev in {r.id for r in history()}


def current(conn: Connection) -> str | None:
    """The revision of a database that has an ``alembic_version`` table (``None`` if it is empty)."""
    version = table(VERSION_TABLE, column("version_num"))
    return conn.execute(select(version.c.version_num)).scalar()


def upgrade(conn: Connection, target: str = "head") -> None:
    """Run the revisions from the database's current one to ``target``, in the caller's transaction."""
    from alembic import command

    command.upgrade(config(conn), target)


def downgrade(conn: Connection, target: str) -> None:
    """Undo revisions down to ``target`` (``"base"``: drop everything); for tests and developers."""
    from alembic import command

    command.downgrade(config(conn), target)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Leave the full-text objects (created by a revision, outside ``schema.metadata``) out of comparisons."""
    return not (name and (name in _FTS_NAMES or name.startswith(fulltext.FTS_TABLE)))


COMPARE_OPTS: dict[str, Any] = {"include_object": include_object}


def differences(conn: Connection) -> list[Any]:
    """What differs between the database and ``schema.metadata`` (Alembic's autogenerate diff);
    empty when the revisions build exactly the declared schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(conn, opts={**COMPARE_OPTS, "target_metadata": schema.metadata})
    return list(compare_metadata(context, schema.metadata))
