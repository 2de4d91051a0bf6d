"""PostgreSQL specifics of the store: the driver, the DDL, NUL characters, the write lock.

The schema is shared with SQLite (``recoupe.store.schema``); what differs is
set up here, on the PostgreSQL engine only:

- ``postgresql://`` URLs use psycopg 3 (``pip install 'recoupe[postgres]'``);
- declared string lengths become ``TEXT``: SQLite ignores them, PostgreSQL
  would reject a long value, and both backends must store the same records;
- PostgreSQL refuses NUL in text, so every ``\\x00`` of a bound parameter is
  replaced by U+FFFD (one character for one: character offsets stay valid);
- write transactions (``write_transaction``) take one transaction-level
  advisory lock, as ``BEGIN IMMEDIATE`` does on SQLite, so concurrent
  writers of the same article wait for each other instead of failing.

For comparisons and ``ORDER BY`` to match SQLite byte for byte, create the
database with the ``C`` collation (``createdb --locale=C -T template0``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, String, event, text
from sqlalchemy.engine import URL
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import TypeCompiler

DRIVER = "psycopg"  # psycopg 3
NUL, NUL_REPLACEMENT = "\x00", "\ufffd"
WRITE_LOCK_KEY = 0x7265636F  # "reco": the advisory lock every write transaction takes


@compiles(String, "postgresql")
def _string_as_text(type_: String, compiler: TypeCompiler, **kw: Any) -> str:
    return "TEXT"


def driver_url(url: URL) -> URL:
    """``postgresql://`` (psycopg2 by default in SQLAlchemy) -> ``postgresql+psycopg://``."""
    if url.get_backend_name() == "postgresql" and url.get_driver_name() in ("", "psycopg2"):
        return url.set(drivername=f"postgresql+{DRIVER}")
    return url


def engine_options() -> dict[str, Any]:
    """Extra ``create_engine`` options for PostgreSQL."""
    return {"pool_pre_ping": True}


def scrub(value: Any) -> Any:
    """``value`` with NUL characters replaced (strings only; other values as they are)."""
    if isinstance(value, str) and NUL in value:
        return value.replace(NUL, NUL_REPLACEMENT)
    return value


def _scrub_params(params: Any) -> Any:
    if isinstance(params, dict):
        return {k: scrub(v) for k, v in params.items()}
    if isinstance(params, list | tuple):
        if params and isinstance(params[0], dict | list | tuple):  # executemany
            return [_scrub_params(p) for p in params]
        return type(params)(scrub(v) for v in params)
    return params


def _has_nul(params: Any) -> bool:
    if isinstance(params, str):
        return NUL in params
    if isinstance(params, dict):
        return any(_has_nul(v) for v in params.values())
    if isinstance(params, list | tuple):
        return any(_has_nul(v) for v in params)
    return False


def configure(engine: Engine, *, write_option: str) -> None:
    """Install the NUL scrubbing, the write lock and no JIT on a PostgreSQL ``engine``.

    PostgreSQL compiles a query to machine code (JIT) when its *estimated* cost is
    high: for recoupe's short, index-driven queries (the API's, the CLI's lists and
    search), whose estimates LIKE filters inflate, compiling takes 10 ms to over a
    second, far more than running them. Off for every connection (it was the API's
    alone: one place for the engine's settings)."""

    @event.listens_for(engine, "connect")
    def _no_jit(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("SET jit = off")
        cur.close()
        dbapi_conn.commit()  # a session setting: kept after this first transaction

    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _before(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> Any:
        if params and _has_nul(params):
            params = _scrub_params(params)
        return statement, params

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        if conn.get_execution_options().get(write_option, False):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


INDEX_PLANS = {"enable_seqscan": "off", "enable_hashjoin": "off", "enable_mergejoin": "off"}


@contextmanager
def index_plans(conn: Connection) -> Iterator[None]:
    """Within the block, PostgreSQL plans ``conn``'s queries by their indexes (no sequential scans,
    no hash or merge joins); nothing changes on other backends.

    For the few queries whose plan the cost model gets wrong on a large store: it counts no cost
    for reading a TOASTed ``tsvector`` (a full-text match for a common word scans every article,
    240 ms on 36,000, instead of reading the few thousand the GIN index names, 30 ms), and little
    for ``LIKE '% word %'`` filters (the speakers' aliases are filtered over every alias, 40 ms,
    instead of being looked up by word, 2 to 10 ms). The settings are transaction-local
    (``set_config(..., true)``) and set back to their values at the end of the block (an
    error inside it aborts the transaction, whose rollback drops them)."""
    if conn.dialect.name != "postgresql":
        yield
        return
    names = list(INDEX_PLANS)
    old = conn.execute(text("SELECT " + ", ".join(f"current_setting('{n}')" for n in names))).one()
    _set(conn, INDEX_PLANS)
    yield  # on an error the transaction is rolled back, which drops the settings
    _set(conn, dict(zip(names, old, strict=True)))


def _set(conn: Connection, settings: dict[str, str]) -> None:
    calls = ", ".join(f"set_config('{name}', :v{i}, true)" for i, name in enumerate(settings))
    conn.execute(text(f"SELECT {calls}"), {f"v{i}": v for i, v in enumerate(settings.values())})
