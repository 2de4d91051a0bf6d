"""The Dask runner: same records as the local runner, no article lost when a
worker dies, an extractor crash becomes a Reject (skipped without dask.distributed)."""

from __future__ import annotations

import os
import signal
from collections import Counter
from pathlib import Path

import pytest

from recoupe.batch.dask_runner import ENGINES, analyse_dask, runner_for
from recoupe.errors import ConfigError
from recoupe.records import Analysis, Article, Reject, content_hash
from recoupe.settings import load_settings
from tests.conftest import SAMPLE

distributed = pytest.importorskip("distributed", reason="dask.distributed not installed (pip install 'recoupe[dask]')")

CRASH_MARKER = "Zorglub-Omega"  # an article containing it crashes the quotes extractor (test plugin)
POISON_MARKER = "Zorglub-Kappa"  # an article containing it kills its worker process (test plugin)


def _article(body: str, n: int) -> Article:
    return Article(id=f"t{n}", source=f"t{n}.txt", body=body, content_hash=content_hash(body))


def _export(out: Path, *, engine: str, **kw: object) -> tuple[object, bytes]:
    from recoupe.pipeline import analyze, export
    from recoupe.store import Store

    settings = load_settings(batch_size=kw.pop("batch_size", 32))
    with Store.open(out / "recoupe.db") as store:
        summary = analyze([SAMPLE], store=store, settings=settings, engine=engine, **kw)
        assert len(store.known()) == summary.analysed
        export(store, out, ids=summary.ids)
    return summary, (out / "articles.jsonl").read_bytes()


class CrashingQuotes(distributed.WorkerPlugin):
    """Makes the quotes extractor of every worker (restarted ones too) raise on CRASH_MARKER."""

    name = "crashing-quotes"

    def setup(self, worker: object) -> None:
        import recoupe.extract.quotes as mod

        original = mod.quotes

        def quotes(doc, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            if CRASH_MARKER in doc.text:
                raise ValueError("extractor exploded on purpose")
            return original(doc, *args, **kwargs)

        self.original, mod.quotes = original, quotes

    def teardown(self, worker: object) -> None:
        import recoupe.extract.quotes as mod

        mod.quotes = self.original


class PoisonQuotes(distributed.WorkerPlugin):
    """Makes a worker process die (as on a segfault) when it extracts quotes from POISON_MARKER."""

    name = "poison-quotes"

    def setup(self, worker: object) -> None:
        import recoupe.extract.quotes as mod

        original = mod.quotes

        def quotes(doc, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            if POISON_MARKER in doc.text:
                os._exit(3)
            return original(doc, *args, **kwargs)

        mod.quotes = quotes


# -- fast ------------------------------------------------------------------------------


def test_runner_for_names_the_valid_engines():
    assert ENGINES == ("local", "dask")
    with pytest.raises(ConfigError, match="valid: local, dask"):
        runner_for("spark")
    with pytest.raises(ConfigError, match="--engine dask"):
        runner_for("local", scheduler="tcp://127.0.0.1:8786")


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--engine", "spark"], "valid: local, dask"), (["--scheduler", "tcp://127.0.0.1:9"], "--engine dask")],
)
def test_cli_engine_misuse_is_one_clear_line(tmp_path, args, message):
    from typer.testing import CliRunner

    from recoupe.cli import app

    (tmp_path / "a.txt").write_text("Le préfet a pris un arrêté jeudi à Lille.", encoding="utf-8")
    res = CliRunner().invoke(app, ["analyze", str(tmp_path / "a.txt"), "--db", str(tmp_path / "x.db"), *args])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert message in res.output


@pytest.mark.slow  # the client waits for its connection timeout
def test_unreachable_scheduler_is_a_clear_error():
    settings = load_settings()
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        next(analyse_dask([_article("Texte.", 1)], settings=settings, scheduler="tcp://127.0.0.1:9"))


# -- slow: a real LocalCluster ------------------------------------------------------------


@pytest.fixture(scope="module")
def local_export(tmp_path_factory):
    return _export(tmp_path_factory.mktemp("local"), engine="local")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as c, distributed.Client(c) as client:
        yield c, client


@pytest.mark.slow
def test_dask_gives_the_local_records_byte_for_byte(local_export, tmp_path, capsys):
    local_summary, local_bytes = local_export
    summary, dask_bytes = _export(tmp_path, engine="dask", local_workers=2)
    assert "Dask dashboard: http" in capsys.readouterr().err
    assert summary.analysed == local_summary.analysed >= 9
    assert summary.ids == local_summary.ids
    assert dask_bytes == local_bytes


@pytest.mark.slow
def test_a_killed_worker_loses_no_article_and_stores_none_twice(cluster, local_export, tmp_path):
    c, client = cluster
    local_summary, local_bytes = local_export
    killed: list[int] = []

    def kill_a_busy_worker(summary: object) -> None:
        if killed:
            return
        busy = [addr for addr, keys in client.processing().items() if keys] or list(client.scheduler_info()["workers"])
        pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    summary, dask_bytes = _export(tmp_path, engine="dask", scheduler=c.scheduler_address, batch_size=1,
                                  on_article=kill_a_busy_worker)
    assert killed
    assert summary.analysed == local_summary.analysed  # every article once: none lost, none repeated
    assert not summary.rejected
    assert dask_bytes == local_bytes


@pytest.mark.slow
def test_an_extractor_crash_becomes_a_reject_and_the_run_goes_on(cluster):
    c, client = cluster
    texts = [
        "Le ministre a annoncé jeudi un plan de relance. « Nous tiendrons nos engagements », a-t-il déclaré.",
        f"La société {CRASH_MARKER} a démenti toute fraude. « C'est faux », a affirmé son porte-parole.",
        "Selon la préfecture, trois cents personnes ont manifesté samedi à Rennes.",
    ]
    articles = [_article(t, n) for n, t in enumerate(texts)]
    client.register_plugin(CrashingQuotes())
    try:
        results = list(analyse_dask(articles, settings=load_settings(batch_size=2), scheduler=c.scheduler_address))
    finally:
        client.unregister_worker_plugin(CrashingQuotes.name)
    assert [type(r) for r in results] == [Analysis, Reject, Analysis]
    assert [r.article.id for r in results if isinstance(r, Analysis)] == ["t0", "t2"]
    reject = results[1]
    assert (reject.source, reject.stage, reject.reason) == ("t1", "extract", "crash")
    assert reject.detail.startswith("ValueError: extractor exploded on purpose at quotes:")
    assert Counter(type(r).__name__ for r in results) == {"Analysis": 2, "Reject": 1}


@pytest.mark.slow
def test_an_article_that_kills_its_worker_is_rejected_alone():
    import dask

    texts = [
        "Le Sénat a adopté mardi le projet de loi de finances.",
        f"Le navire {POISON_MARKER} a quitté Brest hier soir.",
        "« Nous ne céderons pas », a lancé la maire de Nantes.",
    ]
    articles = [_article(t, n) for n, t in enumerate(texts)]
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as c, distributed.Client(c) as client:
        client.register_plugin(PoisonQuotes())
        results = list(analyse_dask(articles, settings=load_settings(batch_size=3), scheduler=c.scheduler_address))
    assert [type(r) for r in results] == [Analysis, Reject, Analysis]
    assert (results[1].source, results[1].stage, results[1].reason) == ("t1", "nlp", "crash")
    assert results[1].detail.startswith("worker lost: KilledWorker")


# -- the scale benchmark's pieces (fast) ---------------------------------------------------


def test_bench_scale_slices_the_corpus_and_extrapolates(tmp_path):
    import gzip
    import json

    from recoupe.bench_scale import RunResult, report, targets, write_slice

    corpus = tmp_path / "c.jsonl.gz"
    lines = [json.dumps({"id": f"a{i}", "text": f"Le maire de Lyon a parlé {i} fois."}, ensure_ascii=False)
             for i in range(5)]
    with gzip.open(corpus, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    sliced = write_slice(corpus, 3, tmp_path)
    assert sliced.read_text(encoding="utf-8").splitlines() == lines[:3]
    assert write_slice(corpus, None, tmp_path) == corpus
    one = RunResult("workers-1", 100, 2, 60.0, 10.0, 2.0, 900.0, 900.0, 0, 5.0, {"quotes()": 3.0})
    two = RunResult("workers-2", 100, 2, 35.0, 10.0, 4.0, 300.0, 880.0, 3, 5.0, {"quotes()": 3.5})
    text = "\n".join(report([one, two], corpus_size=1000))
    assert "speed-up workers-2 vs workers-1: 1.71x wall, 2.00x steady" in text
    assert ("extrapolated to 1000 articles, workers-2: 4 min (startup + steady rate, analysis only), "
            "store ~50 MiB") in text
    assert "target workers-1: worker peak 900 MiB (<= 1 GB, 954 MiB): OK" in text
    assert "target workers-2: worker peak 880 MiB (<= 1 GB, 954 MiB): OK" in text
    assert "target workers-2 vs workers-1: 1.71x (>= 1.7x): OK" in text
    assert "min in all" not in text  # 100 articles: not the whole corpus
    heavy = RunResult("workers-2", 1000, 0, 1700.0, 10.0, 0.6, 300.0, 980.0, 3, 50.0, {}, corpus_s=200.0)
    text = "\n".join(targets([one, heavy], corpus_size=1000))
    assert "target workers-2: worker peak 980 MiB (<= 1 GB, 954 MiB): MISSED" in text
    assert "target workers-2 vs workers-1: 0.35x (>= 1.7x): MISSED" in text
    assert "target workers-2, 1000 articles: 31.7 min in all (<= 30 min): MISSED" in text


def test_nothing_to_analyse_starts_no_cluster(monkeypatch):
    import recoupe.batch.dask_runner as runner

    def no_cluster(*args, **kwargs):
        raise AssertionError("a cluster was started for nothing")

    monkeypatch.setattr(runner, "_client", no_cluster)
    assert list(analyse_dask([], settings=load_settings(), local_workers=2)) == []


def test_bench_scale_grows_a_store_to_time_queries_at_scale(tmp_path):
    from recoupe.bench_scale import copy_store
    from recoupe.store import Store
    from tests.test_store import make_analysis

    with Store.open(tmp_path / "small.db") as small:
        small.save_many(make_analysis(i) for i in range(3))
    seconds, size, latencies = copy_store(tmp_path / "small.db", tmp_path / "big.db", grow=10)
    with Store.open(tmp_path / "big.db") as big:
        assert len(big.known()) == 10 and big.stats()["quotes"] == 10
    assert size > 0 and seconds >= 0
    assert {"quotes()", "entities(top=50)", "quotes(speaker=)", "search"} <= set(latencies)
