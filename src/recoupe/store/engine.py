"""Opening a database: URL or path, SQLite pragmas, schema migrations and version check.

Every failure becomes a :class:`~recoupe.errors.StoreError` with a one-line
message, never a raw SQLAlchemy traceback.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from recoupe.errors import StoreError
from recoupe.store import migrations, postgres, schema

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30.0
# No memory-mapped reads: the pages a process maps count in its resident memory, and a writer
# into a 1.2 GB store (36k articles) mapped 255 MiB of them, for reads ~10% faster on a full scan
# and no measurable gain on the API's queries; read() through the OS cache is used instead.
MMAP_BYTES = 0
CACHE_KIB = 64 * 1024  # SQLite page cache per connection (the default 2 MiB thrashes on bulk saves)

CORRUPT_WORDS = ("not a database", "malformed", "corrupt")  # SQLite's words for a damaged file
WRITE_OPTION = "recoupe_write"  # execution option of write transactions


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) by one DBAPI ``executemany`` of the compiled
    INSERT: SQLAlchemy's per-row parameter processing is skipped (every value is a plain str,
    int, float, bool or None already), which makes bulk writes several times faster."""
    if not rows:
        return
    compiled = table.insert().compile(dialect=conn.dialect, column_keys=list(rows[0]))
    if compiled.positional:
        keys = list(compiled.positiontup or ())
        getter = itemgetter(*keys) if len(keys) > 1 else (lambda r: (r[keys[0]],))
        params: list[Any] = [getter(r) for r in rows]
    else:
        params = list(rows)
    conn.exec_driver_sql(compiled.string, params)


def one_line(exc: BaseException) -> str:
    """The first line of the underlying driver message of ``exc``."""
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


def _sqlite_file(path: Path) -> None:
    """Refuse early what is clearly not a SQLite file (before SQLite sees it)."""
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a SQLite database file")
    if path.is_file() and path.stat().st_size > 0:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
        if head != SQLITE_HEADER:
            raise StoreError(f"{path} is not a SQLite database (unexpected file header)")
    path.parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(engine: Engine) -> None:
    """WAL, synchronous=NORMAL, foreign keys, a larger page cache, no mmap; and real transactions: the
    driver's own implicit BEGIN is turned off and SQLAlchemy emits BEGIN."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cur.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        cur.execute("PRAGMA temp_store = MEMORY")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(db: str | Path) -> tuple[Engine, str]:
    """An engine for ``db`` (a path or an SQLAlchemy URL) and a display name."""
    text = str(db)
    try:
        if "://" in text:
            url = make_url(text)
            if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
                _sqlite_file(Path(url.database))
        else:
            path = Path(text).expanduser()
            if text != ":memory:":
                _sqlite_file(path)
            url = make_url("sqlite://" if text == ":memory:" else f"sqlite:///{path.resolve()}")
        if text == ":memory:":  # one shared connection, usable from any thread
            engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
        elif url.get_backend_name() == "postgresql":
            url = postgres.driver_url(url)
            engine = create_engine(url, **postgres.engine_options())
        else:
            engine = create_engine(url)
    except (ArgumentError, ValueError) as exc:
        raise StoreError(f"not a valid database path or URL: {text!r} ({one_line(exc)})") from exc
    except (NoSuchModuleError, ImportError) as exc:
        raise StoreError(f"cannot open {text!r}: database driver not installed ({one_line(exc)})") from exc
    except OSError as exc:
        raise StoreError(f"cannot open {text!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        _sqlite_pragmas(engine)
    elif engine.dialect.name == "postgresql":
        postgres.configure(engine, write_option=WRITE_OPTION)
    return engine, url.render_as_string(hide_password=True) if "://" in text else text


def _state(conn: Connection, name: str) -> str | None:
    """The revision the database is at: ``None`` for an empty database, ``""`` for a
    store made before Alembic (recoupe tables, no ``alembic_version``)."""
    tables = set(inspect(conn).get_table_names())
    if not tables:
        return None
    if schema.meta.name not in tables:
        raise StoreError(f"{name} is not a recoupe database (it has tables but no 'meta' table)")
    raw = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).scalar()
    if raw is None or not str(raw).strip().isdigit():
        raise StoreError(f"{name} is not a recoupe database (no valid schema_version in 'meta')")
    marker = int(raw)
    if marker > schema.SCHEMA_VERSION:
        raise StoreError(f"{name} has schema version {marker}, newer than this recoupe supports "
                         f"({schema.SCHEMA_VERSION}): upgrade recoupe")
    if migrations.VERSION_TABLE not in tables:
        return ""
    rev = migrations.current(conn) or ""
    if rev and rev != migrations.HEAD and not migrations.known(rev):
        raise StoreError(f"{name} is at schema revision {rev}, newer than this recoupe knows "
                         f"(its latest is {migrations.HEAD}): upgrade recoupe")
    return rev


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that takes the write lock first (``BEGIN IMMEDIATE`` on
    SQLite), so concurrent writers wait for each other instead of failing."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn


def prepare(engine: Engine, name: str) -> None:
    """Bring the database to the latest schema revision: an empty one gets the whole
    schema, a store made before Alembic goes through the (idempotent) baseline and what
    follows, an older one its missing revisions. A newer one is refused."""
    try:
        with engine.connect() as conn:
            if _state(conn, name) == migrations.HEAD:
                return
        with write_transaction(engine) as conn:
            if _state(conn, name) != migrations.HEAD:  # again, now that we hold the write lock
                migrations.upgrade(conn)
    except SQLAlchemyError as exc:
        engine.dispose()
        message = one_line(exc)
        if any(word in message for word in CORRUPT_WORDS):
            message += " (corrupt, or not a SQLite database?)"
        raise StoreError(f"cannot open {name}: {message}") from exc
    except StoreError:
        engine.dispose()
        raise


def revision(db: str | Path) -> tuple[str, str | None]:
    """The display name of ``db`` and the schema revision it is at, without changing it:
    ``None`` for an empty (or absent) database, ``""`` for a store made before Alembic."""
    engine, name = make_engine(db)
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    try:
        if path not in (None, "", ":memory:") and not Path(str(path)).is_file():
            return name, None  # not created by merely looking
        with engine.connect() as conn:
            return name, _state(conn, name)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open {name}: {one_line(exc)}") from exc
    finally:
        engine.dispose()
