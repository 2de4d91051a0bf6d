"""The ``recoupe`` command: thin Typer wrappers over the library."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from recoupe.errors import RecoupeError
from recoupe.settings import Settings, load_settings

if TYPE_CHECKING:
    from recoupe.corpus.analyse import CorpusSummary
    from recoupe.corpus.issues import Issue
    from recoupe.pipeline import RunSummary
    from recoupe.progress import RunProgress

app = typer.Typer(help="recoupe: who said what, when, how sure, and where sources agree or contradict.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
out = Console()
err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option(
    "--db", help="SQLite file or database URL [default: recoupe.db, $RECOUPE_DB]")]
StatusOpt = Annotated[str | None, typer.Option(
    "--status", help="asserted, conditional, hedged, anonymous, denied, question")]
SettingsOpt = Annotated[Path | None, typer.Option("--settings", help="TOML settings file")]


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Misuse and unusable input end in one clear line, not a traceback."""
    try:
        yield
    except RecoupeError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None


def print_rows(headers: list[str], rows: list[list[str]]) -> None:
    """A Rich table on a terminal; tab-separated lines (one row each, no wrapping) when piped."""
    if out.is_terminal:
        table = Table(*headers)
        for row in rows:
            table.add_row(*row)
        out.print(table)
        return
    for row in [headers, *rows]:
        print("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in row))


def _settings(settings_file: Path | None, **overrides: object) -> Settings:
    return load_settings(settings_file, **overrides)


def _open_store(db: str | None, settings: Settings):  # noqa: ANN202 - Store imported lazily
    from recoupe.store import Store

    return Store.open(db or settings.db)


def _progress(inputs: list[Path], *, quiet: bool) -> RunProgress:
    """The run's progress on stderr; its total is counted first (not with --quiet: nothing shows)."""
    from recoupe.ingest.count import count_inputs
    from recoupe.progress import RunProgress, progress_mode

    mode = progress_mode(err, quiet=quiet)
    return RunProgress(err, total=count_inputs(inputs) if mode != "off" else None, mode=mode)


def _run_analyze(
    inputs: list[Path], progress: RunProgress, *, db: str | None, settings: Settings, meta: Path | None,
    tracked: list[Issue], out_dir: Path | None, rebuild: bool = False, **engine: Any,
) -> tuple[RunSummary, CorpusSummary, dict[str, Path]]:
    """The per-article pipeline, the corpus pass and, with ``out_dir``, the export."""
    from recoupe.corpus.analyse import analyse_corpus
    from recoupe.pipeline import analyze, export

    with _open_store(db, settings) as store, progress:
        summary = analyze(inputs, store=store, settings=settings, meta=meta, on_article=progress.update, **engine)
        progress.finish(summary)
        progress.step("cross-checking the corpus")
        corpus = analyse_corpus(store, issues=tracked, settings=settings, full=True if rebuild else None)
        labels = {i.id: i.label for i in tracked}
        paths = export(store, out_dir, ids=summary.ids, issue_labels=labels) if out_dir else {}
    return summary, corpus, paths


def _print_summary(summary: RunSummary | None, *, started: float) -> None:
    from recoupe.pipeline import RunSummary
    from recoupe.progress import summary_lines

    for line in summary_lines(summary or RunSummary(), wall_s=time.perf_counter() - started):
        out.print(line, highlight=False, soft_wrap=True)


@app.command()
def analyze(
    inputs: Annotated[list[Path], typer.Argument(
        help="files or folders: .txt .html .jsonl(.gz) .xml/.rss/.atom .warc(.gz)")],
    out_dir: Annotated[Path | None, typer.Option(
        "--out", help="write articles.jsonl, stances.jsonl, disputes.jsonl, briefing.html here")] = None,
    db: DbOpt = None,
    meta: Annotated[Path | None, typer.Option("--meta", help="meta.jsonl: id, published, outlet, url per line")] = None,
    issues: Annotated[Path | None, typer.Option("--issues", help="issues YAML file")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="local worker processes")] = None,
    batch_size: Annotated[int | None, typer.Option("--batch-size", min=1)] = None,
    engine: Annotated[str, typer.Option("--engine", help="local (worker processes) or dask")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler, tcp://HOST:8786")] = None,
    local_workers: Annotated[int, typer.Option("--local-workers", min=1, help="LocalCluster workers (dask)")] = 2,
    gazetteer: Annotated[Path | None, typer.Option(
        "--gazetteer", help="extra gazetteer (YAML list or CSV name,type,wikidata,aliases)")] = None,
    rebuild_corpus: Annotated[bool, typer.Option(
        "--rebuild-corpus", help="recompute every corpus-level result, not only what new articles touch")] = False,
    settings_file: SettingsOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress (bar or log lines)")] = False,
) -> None:
    """Analyse articles into the store; with --out, export them and write the briefing."""
    from recoupe.corpus.issues import load_issues
    from recoupe.progress import INTERRUPTED

    with friendly_errors():
        settings = _settings(settings_file, workers=workers, batch_size=batch_size,
                             gazetteer=str(gazetteer) if gazetteer else None)
        if gazetteer is not None:
            from recoupe.extract.gazetteer import load_gazetteer

            load_gazetteer(gazetteer)  # a malformed file fails here, in one line, before any work
        for p in inputs:
            if not p.exists():
                raise RecoupeError(f"input not found: {p}")
        if meta is not None and not meta.is_file():
            raise RecoupeError(f"meta file not found: {meta}")
        tracked = load_issues(issues) if issues else []
        started = time.perf_counter()
        progress = _progress(inputs, quiet=quiet)
        try:
            summary, corpus, paths = _run_analyze(
                inputs, progress, db=db, settings=settings, meta=meta, tracked=tracked, out_dir=out_dir,
                rebuild=rebuild_corpus, engine=engine, scheduler=scheduler, local_workers=local_workers)
        except KeyboardInterrupt:
            _print_summary(progress.last, started=started)
            err.print(f"[yellow]{INTERRUPTED}[/yellow]", highlight=False, soft_wrap=True)
            raise typer.Exit(130) from None
        _print_summary(summary, started=started)
        out.print(f"corpus: {corpus.articles} articles · {corpus.story_clusters} story clusters · "
                  f"{corpus.wire_groups} wire groups · {corpus.stances} stances · {corpus.disputes} disputes "
                  f"({'full' if corpus.full else 'incremental'} pass, {corpus.seconds:.1f} s)", highlight=False,
                  soft_wrap=True)
        if tracked:
            out.print(f"issues tracked: {', '.join(i.id for i in tracked)}", highlight=False)
        for name, path in paths.items():
            out.print(f"{name}: {path}", highlight=False)


@app.command()
def quotes(
    speaker: Annotated[str | None, typer.Option("--speaker", help="any name or alias of the speaker")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
    db: DbOpt = None, settings_file: SettingsOpt = None,
) -> None:
    """List stored quotes, newest first, optionally by one speaker (any alias, any article)."""
    from recoupe.corpus.registry_read import speaker_quotes

    with friendly_errors(), _open_store(db, _settings(settings_file)) as store:
        found = speaker_quotes(store, speaker, limit=limit) if speaker else store.quotes(limit=limit)
        rows = [[q.published or "?", q.outlet or "", q.speaker or "?", q.kind, q.status, q.text] for q in found]
        print_rows(["date", "outlet", "speaker", "kind", "status", "quote"], rows)


@app.command()
def show(article_id: Annotated[str, typer.Argument(help="article id")], db: DbOpt = None,
         settings_file: SettingsOpt = None) -> None:
    """One stored article with its entities, quotes and dates."""
    with friendly_errors(), _open_store(db, _settings(settings_file)) as store:
        analysis = store.article(article_id)
        if analysis is None:
            raise RecoupeError(f"no article with id {article_id!r} in the store")
        a = analysis.article
        out.print(f"[bold]{a.title or a.id}[/bold]\n{a.outlet or '?'} · {a.published or 'date unknown'}"
                  f" · {a.url or a.source}", highlight=False)
        out.print(a.body, highlight=False, markup=False)
        out.rule("entities")
        for e in analysis.entities:
            out.print(f"{e.name} ({e.type}) ×{len(e.mentions)}", highlight=False)
        out.rule("quotes")
        for q in analysis.quotes:
            out.print(f"[{q.kind}] {q.speaker or '?'}: {q.text}", highlight=False, markup=False)
        out.rule("dates")
        for d in analysis.dates:
            out.print(f"{d.text} → {d.value or '?'}", highlight=False)


@app.command("export")
def export_cmd(out_dir: Annotated[Path, typer.Option("--out", help="output folder")], db: DbOpt = None,
               settings_file: SettingsOpt = None) -> None:
    """Export the whole store as JSONL plus the briefing."""
    from recoupe.pipeline import export

    with friendly_errors(), _open_store(db, _settings(settings_file)) as store:
        for name, path in export(store, out_dir).items():
            out.print(f"{name}: {path}", highlight=False)


@app.command()
def stats(db: DbOpt = None, settings_file: SettingsOpt = None) -> None:
    """Row counts of the store."""
    with friendly_errors(), _open_store(db, _settings(settings_file)) as store:
        print_rows(["table", "rows"], [[name, str(n)] for name, n in store.stats().items()])


@app.command()
def bench(
    corpus: Annotated[Path | None, typer.Option(
        "--corpus", help="a JSONL(.gz) corpus [default: ../shared/corpus/orangesum, else the sample corpus repeated]",
    )] = None,
    n: Annotated[int, typer.Option("--n", min=1, help="number of articles")] = 300,
    rounds: Annotated[int, typer.Option(
        "--rounds", min=1, help="alternating rounds; the best time of each run is kept")] = 2,
    settings_file: SettingsOpt = None,
) -> None:
    """Throughput and peak memory of recoupe vs bare nlp.pipe on the same cleaned texts."""
    from recoupe.bench import run_bench

    with friendly_errors():
        run_bench(corpus=corpus, n=n, settings=_settings(settings_file), console=out, rounds=rounds)


def main() -> None:  # pragma: no cover - entry point
    sys.exit(app())


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option("--host", help="interface to bind (local only by default)")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    issues: Annotated[Path | None, typer.Option("--issues", help="issues YAML file (issue labels)")] = None,
    settings_file: SettingsOpt = None,
) -> None:
    """Serve the REST API (/api/v1, docs at /docs) and the web UI; writes need $RECOUPE_API_TOKEN if set."""
    import uvicorn

    from recoupe.web import create_app

    with friendly_errors():
        settings = _settings(settings_file)
        web_app = create_app(db or settings.db, settings=settings, issues=issues)
    if host not in LOCAL_HOSTS:
        err.print(f"[yellow]warning:[/yellow] listening on {host}: reachable from other machines", highlight=False)
    uvicorn.run(web_app, host=host, port=port, log_level="info")


@app.command()
def brief(
    out_file: Annotated[Path, typer.Option("--out", help="the HTML file to write")],
    issue: Annotated[str | None, typer.Option("--issue", help="one issue id: its articles, stances, disputes")] = None,
    issues: Annotated[Path | None, typer.Option("--issues", help="issues YAML file (issue labels)")] = None,
    title: Annotated[str | None, typer.Option("--title")] = None,
    db: DbOpt = None, settings_file: SettingsOpt = None,
) -> None:
    """Write a self-contained, printable HTML briefing of the stored corpus (or of one issue)."""
    from recoupe.corpus.issues import load_issues
    from recoupe.report.from_store import write_store_briefing

    with friendly_errors():
        labels = {i.id: i.label for i in load_issues(issues)} if issues else {}
        with _open_store(db, _settings(settings_file)) as store:
            path = write_store_briefing(store, out_file, issue=issue, issue_labels=labels, title=title)
        out.print(f"briefing: {path}", highlight=False)


def _register_subcommands() -> None:
    import recoupe.cli_views  # noqa: F401 - registers timeline, claims, stances, disputes, signals, clusters
    from recoupe.cli_db import db_app
    from recoupe.cli_entities import entities_app

    app.add_typer(entities_app, name="entities")
    app.add_typer(db_app, name="db")


_register_subcommands()
