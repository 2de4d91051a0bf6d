"""``recoupe db``: the store's schema revisions (Alembic migrations).

Wired into the main command with ``app.add_typer(db_app, name="db")``.
Opening a store upgrades it anyway; these commands show where a database
stands and upgrade it explicitly (before deploying a new release, say).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

db_app = typer.Typer(help="Schema migrations of the store: current revision, upgrade, history.",
                     add_completion=False, no_args_is_help=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite file or database URL [default: recoupe.db]")]
SettingsOpt = Annotated[Path | None, typer.Option("--settings", help="TOML settings file")]


def _describe(rev: str | None) -> str:
    from recoupe.store.migrations import HEAD

    if rev is None:
        return "no schema yet (new or empty database)"
    if not rev:
        return f"made before migrations (`recoupe db upgrade` brings it to {HEAD})"
    return f"{rev} (latest)" if rev == HEAD else f"{rev} (behind: `recoupe db upgrade` brings it to {HEAD})"


@db_app.command()
def current(db: DbOpt = None, settings_file: SettingsOpt = None) -> None:
    """The schema revision the database is at (without changing it)."""
    from recoupe.cli import _settings, friendly_errors, out
    from recoupe.store.engine import revision

    with friendly_errors():
        name, rev = revision(db or _settings(settings_file).db)
    out.print(f"{name}: {_describe(rev)}", highlight=False, soft_wrap=True)


@db_app.command()
def upgrade(db: DbOpt = None, settings_file: SettingsOpt = None) -> None:
    """Bring the database to the latest schema revision (creating it if new)."""
    from recoupe.cli import _open_store, _settings, friendly_errors, out
    from recoupe.store.engine import revision

    with friendly_errors():
        settings = _settings(settings_file)
        before = revision(db or settings.db)[1]
        _open_store(db, settings).close()  # opening runs the migrations
        name, after = revision(db or settings.db)
    change = f"already at {_describe(after)}" if before == after else f"{_describe(before)} -> {_describe(after)}"
    out.print(f"{name}: {change}", highlight=False, soft_wrap=True)


@db_app.command()
def history() -> None:
    """Every schema revision, oldest first."""
    from recoupe.cli import print_rows
    from recoupe.store.migrations import HEAD
    from recoupe.store.migrations import history as revisions

    print_rows(["revision", "follows", "title"],
               [[r.id + (" (latest)" if r.id == HEAD else ""), r.down or "", r.title] for r in revisions()])
