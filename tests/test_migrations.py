"""Schema migrations (Alembic, ``recoupe.store.migrations``) on SQLite and on a real
PostgreSQL server (tests/pg_server.py; those cases skip, with the reason, when it cannot start)."""

from __future__ import annotations

import itertools
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, select
from typer.testing import CliRunner

from recoupe.cli import app
from recoupe.errors import StoreError
from recoupe.store import Store, fulltext, migrations
from recoupe.store import schema as s
from recoupe.store.engine import make_engine, write_transaction
from recoupe.store.rows import analysis_rows
from tests import pg_server
from tests.test_store import full_analysis, make_analysis

runner = CliRunner()
_names = itertools.count()
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="module")
def pg() -> Iterator[pg_server.Server]:
    pytest.importorskip("psycopg", reason="psycopg not installed (pip install 'recoupe[postgres]')")
    with pg_server.running() as server:
        yield server


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'm.db'}"
    return request.getfixturevalue("pg").create_db(f"m{next(_names)}")


def _tables(url: str) -> set[str]:
    engine, _ = make_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _upgraded(url: str, target: str = "head") -> None:
    """Run the revisions up to ``target`` on ``url``."""
    engine, _ = make_engine(url)
    try:
        with write_transaction(engine) as conn:
            migrations.upgrade(conn, target)
        with engine.connect() as conn:
            assert migrations.current(conn) == (migrations.HEAD if target == "head" else target)
    finally:
        engine.dispose()


def _differences(url: str) -> list[str]:
    """How the database differs from ``schema.metadata``, one short line each (operation and object)."""
    engine, _ = make_engine(url)
    try:
        with engine.connect() as conn:
            diffs = migrations.differences(conn)
    finally:
        engine.dispose()
    return [f"{d[0]} {getattr(d[-1], 'name', d[-1])}" if isinstance(d, tuple) else str(d) for d in diffs]


def test_head_is_the_last_revision_of_one_line() -> None:
    scripts = migrations.scripts()
    assert scripts.get_heads() == [migrations.HEAD]  # bump HEAD with each new revision
    revs = migrations.history()
    assert revs[0].id == "0001" and revs[0].down is None and revs[-1].id == migrations.HEAD
    assert all(later.down == earlier.id for earlier, later in itertools.pairwise(revs))
    assert all(r.title for r in revs)


def test_upgrade_of_an_empty_database_builds_exactly_the_declared_schema(url: str) -> None:
    # Fails when schema.py changes without a revision: add one (README, "Database migrations").
    _upgraded(url)
    assert _differences(url) == []


def test_downgrade_to_base_then_upgrade_again(url: str) -> None:
    _upgraded(url)
    built = _tables(url)
    engine, _ = make_engine(url)
    try:
        with write_transaction(engine) as conn:
            migrations.downgrade(conn, "base")
    finally:
        engine.dispose()
    assert _tables(url) <= {migrations.VERSION_TABLE}
    _upgraded(url)
    assert _tables(url) == built


def test_a_new_store_is_at_head_with_its_full_text_index(url: str) -> None:
    with Store.open(url) as store:
        with store.engine.connect() as conn:
            assert migrations.current(conn) == migrations.HEAD
            version = conn.execute(select(s.meta.c.value).where(s.meta.c.key == "schema_version")).scalar()
            assert version == str(s.SCHEMA_VERSION)
            found = inspect(conn)
            if store.engine.dialect.name == "sqlite":
                names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
                assert {fulltext.FTS_TABLE, fulltext.MAP_TABLE, *(f"{fulltext.FTS_TABLE}_a{x}" for x in "iud")} <= names
            else:
                assert fulltext.TSV_COLUMN in {c["name"] for c in found.get_columns("articles")}
                assert fulltext.TSV_INDEX in {i["name"] for i in found.get_indexes("articles")}
        store.save(full_analysis())
        assert fulltext.search(store.engine, "Mélenchon")[0] == 1


def _make_pre_alembic_store(url: str, *, with_fts: bool = False) -> None:
    """A store as recoupe made it before Alembic: every table, meta['schema_version'] = 1,
    no alembic_version; one article stored, with its rows (and, optionally, the FTS5 objects
    that recoupe created on open, already filled)."""
    engine, _ = make_engine(url)
    try:
        with write_transaction(engine) as conn:
            s.metadata.create_all(conn)
            conn.execute(s.meta.insert(), [{"key": "schema_version", "value": "1"}])
            if with_fts:
                module = migrations.scripts().get_revision("0002").module
                for sql in (*module.SQLITE_DDL, *module.SQLITE_BACKFILL):
                    conn.exec_driver_sql(sql)
            for name, rows in analysis_rows(full_analysis(), "2025-01-01T00:00:00+00:00").items():
                if rows:
                    conn.execute(s.metadata.tables[name].insert(), rows)
    finally:
        engine.dispose()
    assert migrations.VERSION_TABLE not in _tables(url)


def test_a_store_made_before_alembic_is_stamped_and_keeps_its_data(url: str) -> None:
    _make_pre_alembic_store(url)
    current = runner.invoke(app, ["db", "current", "--db", url]).stdout.strip()
    assert current.endswith(f"made before migrations (`recoupe db upgrade` brings it to {migrations.HEAD})")
    a = full_analysis()
    with Store.open(url) as store:
        assert store.article(a.article.id) == a
        total, hits = fulltext.search(store.engine, "Mélenchon")  # indexed by the full-text revision
        assert total == 1 and hits[0].article_id == a.article.id
        with store.engine.connect() as conn:
            assert migrations.current(conn) == migrations.HEAD
            assert conn.execute(select(s.meta.c.value)).scalars().all() == ["1"]


def test_a_store_made_before_alembic_keeps_its_fts_index(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _make_pre_alembic_store(url, with_fts=True)  # recoupe created (and filled) FTS5 on open, before Alembic
    with Store.open(url) as store:
        assert fulltext.search(store.engine, "Mélenchon")[0] == 1
        with store.engine.connect() as conn:  # not indexed twice
            assert conn.exec_driver_sql(f"SELECT count(*) FROM {fulltext.FTS_TABLE}").scalar_one() == 1
            assert migrations.current(conn) == migrations.HEAD


def test_a_newer_revision_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store.open(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match=f"revision 9999, newer than this recoupe knows .*{migrations.HEAD}.*upgrade"):
        Store.open(path)
    result = runner.invoke(app, ["db", "current", "--db", str(path)])
    assert result.exit_code == 2 and "newer than this recoupe knows" in result.stderr


def test_an_older_revision_is_upgraded_on_open(url: str) -> None:
    _upgraded(url, "0001")
    with Store.open(url) as store:
        store.save(make_analysis(1))
        with store.engine.connect() as conn:
            assert migrations.current(conn) == migrations.HEAD
        assert fulltext.search(store.engine, "censure")[0] == 1


def test_processes_opening_one_new_file_at_once(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    script = ("import sys\nfrom recoupe.store import Store\nfrom tests.test_store import make_analysis\n"
              "with Store.open(sys.argv[1]) as s:\n    s.save(make_analysis(int(sys.argv[2])))\n")
    repo = Path(__file__).resolve().parents[1]
    procs = [subprocess.Popen([sys.executable, "-c", script, str(db), str(i)], cwd=repo, stderr=subprocess.PIPE,
                              text=True) for i in range(4)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, errors
    with Store.open(db) as store:
        assert len(store.known()) == 4
    con = sqlite3.connect(db)
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(migrations.HEAD,)]
    con.close()


# -- recoupe db ... --------------------------------------------------------------------------


def test_cli_current_upgrade_history(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    first = runner.invoke(app, ["db", "current", "--db", str(db)])
    assert first.exit_code == 0 and "no schema yet" in first.stdout
    assert not db.exists()  # looking does not create it
    up = runner.invoke(app, ["db", "upgrade", "--db", str(db)])
    assert up.exit_code == 0, up.output
    assert up.stdout.strip() == f"{db}: no schema yet (new or empty database) -> {migrations.HEAD} (latest)"
    assert runner.invoke(app, ["db", "current", "--db", str(db)]).stdout.strip() == f"{db}: {migrations.HEAD} (latest)"
    again = runner.invoke(app, ["db", "upgrade", "--db", str(db)])
    assert again.stdout.strip() == f"{db}: already at {migrations.HEAD} (latest)"
    history = runner.invoke(app, ["db", "history"])
    assert history.exit_code == 0
    lines = history.stdout.strip().splitlines()
    assert lines[0].split("\t") == ["revision", "follows", "title"]
    assert lines[1].startswith("0001\t\tbaseline") and lines[-1].startswith(f"{migrations.HEAD} (latest)\t")


def test_cli_upgrades_an_older_database(url: str) -> None:
    _upgraded(url, "0001")
    assert "0001 (behind" in runner.invoke(app, ["db", "current", "--db", url]).stdout
    up = runner.invoke(app, ["db", "upgrade", "--db", url])
    assert up.exit_code == 0 and up.stdout.strip().endswith(f"-> {migrations.HEAD} (latest)"), up.output


def test_cli_refuses_a_database_that_is_not_recoupes(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE clients (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    for command in ("current", "upgrade"):
        result = runner.invoke(app, ["db", command, "--db", str(path)])
        assert result.exit_code == 2 and "not a recoupe database" in result.stderr
