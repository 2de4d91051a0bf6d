"""``recoupe entities``: the corpus-wide entity registry and its corrections.

Wire into the main command with ``app.add_typer(entities_app, name="entities")``.
Each command first links any article not in the registry yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

entities_app = typer.Typer(help="The entity registry: one entity per real-world thing across articles.",
                           add_completion=False)

DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite file or database URL [default: recoupe.db]")]
SettingsOpt = Annotated[Path | None, typer.Option("--settings", help="TOML settings file")]
TYPES = ("PER", "ORG", "LOC", "MISC")


@contextmanager
def linked_store(db: str | None, settings_file: Path | None) -> Iterator[tuple[Any, Any]]:
    """The open store, with every article not in the registry yet linked first,
    and the gazetteer corrections must use (the settings' extra file, if any)."""
    from recoupe.cli import _open_store, _settings
    from recoupe.corpus.registry import update_registry
    from recoupe.extract.gazetteer import load_gazetteer

    settings = _settings(settings_file)
    with _open_store(db, settings) as store:
        gazetteer = load_gazetteer(settings.gazetteer) if settings.gazetteer else None
        update_registry(store, article_ids=(), gazetteer=gazetteer)
        yield store, gazetteer


@entities_app.command("list")
def list_cmd(
    type_: Annotated[str | None, typer.Option("--type", help="PER, ORG, LOC or MISC")] = None,
    top: Annotated[int, typer.Option("--top", min=1)] = 30,
    db: DbOpt = None, settings_file: SettingsOpt = None,
) -> None:
    """The registry's entities, most widespread first."""
    from recoupe.cli import friendly_errors, print_rows
    from recoupe.corpus.registry import registry_entities
    from recoupe.errors import RecoupeError

    with friendly_errors():
        if type_ and type_.upper() not in TYPES:
            raise RecoupeError(f"unknown entity type {type_!r}; valid: {', '.join(TYPES)}")
        with linked_store(db, settings_file) as (store, _):
            rows = [[e.name, e.type, str(e.n_articles), str(e.n_mentions), str(e.n_quotes), e.wikidata or "",
                     ", ".join(e.aliases), e.id]
                    for e in registry_entities(store, type=type_.upper() if type_ else None, top=top)]
        print_rows(["name", "type", "articles", "mentions", "quotes", "wikidata", "aliases", "id"], rows)


@entities_app.callback(invoke_without_command=True)
def entities_main(
    ctx: typer.Context,
    type_: Annotated[str | None, typer.Option("--type", help="PER, ORG, LOC or MISC")] = None,
    top: Annotated[int, typer.Option("--top", min=1)] = 30,
    db: DbOpt = None, settings_file: SettingsOpt = None,
) -> None:
    """`recoupe entities [--type PER] [--top N]` lists the registry; subcommands review and correct it."""
    if ctx.invoked_subcommand is None:
        list_cmd(type_=type_, top=top, db=db, settings_file=settings_file)


@entities_app.command()
def show(name: Annotated[str, typer.Argument(help="any name or alias")], db: DbOpt = None,
         settings_file: SettingsOpt = None) -> None:
    """One entity: its aliases with the evidence that merged them, and its articles."""
    from recoupe.cli import friendly_errors, out, print_rows
    from recoupe.corpus.registry import entity_detail
    from recoupe.errors import RecoupeError

    with friendly_errors():
        with linked_store(db, settings_file) as (store, _):
            detail = entity_detail(store, name)
        if detail is None:
            raise RecoupeError(f"no entity named {name!r} in the registry")
        e = detail.entry
        out.print(f"[bold]{e.name}[/bold] ({e.type}) {e.wikidata or ''} · {e.n_articles} articles · "
                  f"{e.n_mentions} mentions · {e.n_quotes} quotes · id {e.id}", highlight=False)
        print_rows(["alias", "reason", "score", "linked to", "articles"],
                   [[a.alias, a.reason, f"{a.score:.0f}", a.via or "", str(a.n_articles)] for a in detail.aliases])
        print_rows(["date", "outlet", "article", "as", "reason", "mentions"],
                   [[a.published or "?", a.outlet or "", a.title or a.article_id, a.name, a.reason, str(a.n_mentions)]
                    for a in detail.articles])


@entities_app.command()
def merge(name1: Annotated[str, typer.Argument(help="an entity (any alias)")],
          name2: Annotated[str, typer.Argument(help="the entity to merge into it")],
          db: DbOpt = None, settings_file: SettingsOpt = None) -> None:
    """Make two entities one; the correction survives re-analysis."""
    from recoupe.cli import friendly_errors, out
    from recoupe.corpus.registry import merge_entities

    with friendly_errors():
        with linked_store(db, settings_file) as (store, gazetteer):
            e = merge_entities(store, name1, name2, gazetteer=gazetteer)
        out.print(f"merged: {e.name} ({e.type}) · aliases: {', '.join(e.aliases) or '-'}", highlight=False)


@entities_app.command()
def split(name: Annotated[str, typer.Argument(help="the entity (any alias)")],
          alias: Annotated[str, typer.Option("--alias", help="the alias wrongly merged into it")],
          db: DbOpt = None, settings_file: SettingsOpt = None) -> None:
    """Take an alias out of an entity into an entity of its own; the correction survives re-analysis."""
    from recoupe.cli import friendly_errors, out
    from recoupe.corpus.registry import split_entity

    with friendly_errors():
        with linked_store(db, settings_file) as (store, gazetteer):
            moved = split_entity(store, name, alias, gazetteer=gazetteer)
        if moved is None:
            out.print(f"{alias!r} removed from the aliases of {name!r}", highlight=False)
        else:
            out.print(f"split: {moved.name} ({moved.type}) is now an entity of its own", highlight=False)


@entities_app.command()
def review(limit: Annotated[int, typer.Option("--limit", min=1)] = 50, db: DbOpt = None,
           settings_file: SettingsOpt = None) -> None:
    """Automatic merges, weakest evidence first: check them, then merge or split."""
    from recoupe.cli import friendly_errors, print_rows
    from recoupe.corpus.registry import review_merges

    with friendly_errors():
        with linked_store(db, settings_file) as (store, _):
            rows = [[r.name, r.type, r.alias, r.reason, f"{r.score:.0f}", r.via or "", str(r.n_articles)]
                    for r in review_merges(store, limit=limit)]
        print_rows(["entity", "type", "alias", "reason", "score", "linked to", "articles"], rows)
