"""Alembic's environment: run the revisions on the connection recoupe passes in
``config.attributes["connection"]`` (see ``recoupe.store.migrations``).

From the ``alembic`` command line (developers: ``alembic revision --autogenerate``),
there is no such connection: the database is ``sqlalchemy.url`` of alembic.ini,
else ``$RECOUPE_DB``, else ``recoupe.db``, opened as recoupe opens it.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from recoupe.store import schema
from recoupe.store.migrations import COMPARE_OPTS, VERSION_TABLE


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=schema.metadata, version_table=VERSION_TABLE,
                      **COMPARE_OPTS)
    with context.begin_transaction():  # a no-op inside the caller's transaction
        context.run_migrations()


def main() -> None:
    if context.is_offline_mode():
        raise SystemExit("recoupe's revisions inspect the database: offline (--sql) mode is not supported")
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from recoupe.store.engine import make_engine, write_transaction

    url = context.config.get_main_option("sqlalchemy.url") or os.environ.get("RECOUPE_DB") or "recoupe.db"
    engine, _name = make_engine(url)
    try:
        with write_transaction(engine) as conn:
            _run(conn)
    finally:
        engine.dispose()


main()
