"""Progress of `recoupe analyze`: the input count behind the bar's total, the moving-window rates
and ETA, the log lines, the closing summary, Ctrl-C, and the Dask dashboard link."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

import pytest
from rich.console import Console

import recoupe.ingest.count as count_mod
from recoupe.batch.dask_runner import dashboard_link
from recoupe.ingest import count_inputs, read_inputs
from recoupe.pipeline import RunSummary
from recoupe.progress import RunProgress, Throughput, done, format_duration, progress_mode, summary_lines
from tests.conftest import wait_until_stored
from tests.test_ingest import ATOM, RSS, TITLE, _jsonl_lines, _tree, _warc


def _items(*paths: Path) -> int:
    """What the readers really yield: the number the count must match."""
    return sum(1 for _ in read_inputs(list(paths)))


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# -- count_inputs ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["flux.jsonl", "flux.ndjson", "flux.jsonl.gz"])
def test_count_of_a_jsonl_file_is_what_the_reader_yields(tmp_path, name):
    f = tmp_path / name
    data = ("\n".join(_jsonl_lines()) + "\n\n   \n").encode("utf-8")  # blank lines give nothing
    f.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    assert count_inputs([f]) == _items(f) == 7
    assert count_inputs(f) == 7  # one path given bare


def test_count_of_a_folder_follows_the_readers_choice_of_files(tmp_path):
    root = _tree(tmp_path)  # txt and html files, sidecars, a hidden folder, an unknown format
    (root / "b" / "flux.rss").write_text(RSS.format(title=TITLE), encoding="utf-8")
    (root / "agence.xml").write_text(ATOM, encoding="utf-8")
    (root / "config.xml").write_text("<?xml version='1.0'?><config><a>1</a></config>", encoding="utf-8")
    _warc(root / "crawl.warc.gz")
    assert count_inputs([root]) == _items(root) == 4 + 3 + 1 + 3  # files, rss items, atom entry, warc html


def test_count_of_mixed_inputs_adds_up(tmp_path):
    folder = _tree(tmp_path)
    jsonl = tmp_path / "flux.jsonl.gz"
    jsonl.write_bytes(gzip.compress("\n".join(_jsonl_lines()).encode("utf-8")))
    warc = tmp_path / "crawl.warc"
    _warc(warc, gz=False)
    feed = tmp_path / "flux.rss"
    feed.write_text(RSS.format(title=TITLE), encoding="utf-8")
    assert count_inputs([folder, jsonl, warc, feed]) == _items(folder, jsonl, warc, feed) == 4 + 7 + 3 + 3


def test_count_is_none_for_inputs_the_reader_refuses(tmp_path):
    assert count_inputs([tmp_path / "nope.jsonl"]) is None
    (tmp_path / "data.xlsx").write_bytes(b"PK\x03\x04")
    assert count_inputs([tmp_path / "data.xlsx"]) is None


def test_a_damaged_gzip_counts_what_it_holds_plus_the_reject(tmp_path):
    f = tmp_path / "cut.jsonl.gz"
    lines = [json.dumps({"id": f"a{i}", "text": f"Texte numéro {i} " * 20}) for i in range(200)]
    data = gzip.compress("\n".join(lines).encode("utf-8"))
    f.write_bytes(data[: len(data) // 2])
    n = count_inputs([f])
    assert n == _items(f)  # the lines before the cut, and one corrupt-file reject
    assert 1 < n < 200


def test_past_the_byte_budget_a_big_file_is_sampled_and_extrapolated(tmp_path, monkeypatch):
    f = tmp_path / "big.jsonl.gz"
    lines = [json.dumps({"id": f"a{i}", "text": os.urandom(150 + i % 100).hex()}) for i in range(3000)]
    f.write_bytes(gzip.compress("\n".join(lines).encode("utf-8")))
    monkeypatch.setattr(count_mod, "SAMPLE_BYTES", f.stat().st_size // 10)
    assert count_inputs([f]) == 3000  # within the budget: exact
    estimate = count_inputs([f], exact_bytes=0)
    assert estimate is not None and abs(estimate - 3000) < 3000 * 0.15
    assert estimate != 3000  # it did not read the whole file


def test_counting_orangesum_takes_about_a_second():
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "orangesum" / "articles.jsonl.gz"
    if not corpus.is_file():
        pytest.skip(f"{corpus} not present")
    started = time.perf_counter()
    n = count_inputs([corpus])
    seconds = time.perf_counter() - started
    assert n is not None and n > 30_000
    assert seconds < 10, f"counting {n} lines took {seconds:.1f} s"


# -- rates, ETA, the bar's text ----------------------------------------------------------------


def test_rates_are_over_a_moving_window():
    clock = FakeClock()
    rates = Throughput(window_s=30, clock=clock)
    assert rates.rates() is None and rates.eta(100) is None
    for second in range(0, 61):  # 10 articles/s for a minute...
        clock.now = 1000 + second
        rates.add(done=10 * second, analysed=10 * second)
    assert rates.rates() == pytest.approx((10.0, 10.0))
    for second in range(61, 121):  # ...then 2/s analysed, 8/s skipped: the window forgets the first minute
        clock.now = 1000 + second
        rates.add(done=600 + 10 * (second - 60), analysed=600 + 2 * (second - 60))
    analysed_per_s, done_per_s = rates.rates()
    assert analysed_per_s == pytest.approx(2.0, rel=0.05) and done_per_s == pytest.approx(10.0, rel=0.05)
    assert rates.eta(500) == pytest.approx(50.0, rel=0.05)
    assert len(rates.samples) <= 32  # old samples are dropped


def test_log_lines_every_n_seconds_with_done_total_rate_and_eta():
    clock, stream = FakeClock(), io.StringIO()
    console = Console(file=stream, width=200)
    assert progress_mode(console, quiet=False) == "log" and progress_mode(console, quiet=True) == "off"
    summary = RunSummary()
    with RunProgress(console, total=1000, mode="log", log_every=30, clock=clock) as progress:
        for second in range(1, 95):
            clock.now = 1000 + second
            summary.analysed = 4 * second
            summary.skipped = second
            summary.rejected = Counter({"empty": 1})
            progress.update(summary)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "analysing 1000 inputs"
    assert len(lines) == 1 + 3  # at 30, 60 and 90 s
    assert lines[1] == "analysing 151/1000 (15%) · 4.0 articles/s · ETA 2:50"
    assert lines[3].startswith("analysing 451/1000 (45%) · 4.0 articles/s · ETA 1:50")
    assert progress.last is summary and done(summary) == 94 * 5 + 1


def test_an_estimated_total_grows_rather_than_overflow():
    console = Console(file=io.StringIO())
    progress = RunProgress(console, total=3, mode="off")
    with progress:
        progress.update(RunSummary(analysed=5))
    assert progress.total == 5


def test_durations():
    assert [format_duration(s) for s in (None, 0, 59.6, 61, 3725)] == ["?", "0:00", "1:00", "1:01", "1:02:05"]


# -- the closing summary -----------------------------------------------------------------------


def test_summary_names_counts_reasons_time_and_speeds():
    summary = RunSummary(read=12, analysed=10, skipped=2, rejected=Counter({"too-short": 1, "bad-json": 2}),
                         tokens=5000, seconds=4.0)
    assert summary_lines(summary, wall_s=75.5) == [
        "analysed 10 · skipped 2 (already stored) · rejected 3 (bad-json: 2, too-short: 1)",
        "4.0 s analysing · 2.5 articles/s · 1250 tokens/s · wall time 75.5 s (1:16)",
    ]
    assert summary_lines(RunSummary(skipped=7), wall_s=1.25) == [
        "analysed 0 · skipped 7 (already stored) · rejected 0 (none)",
        "wall time 1.2 s",
    ]


N_INPUTS = 480  # enough that the run is still analysing when the first 64 results are stored


@pytest.mark.slow
def test_ctrl_c_prints_the_partial_summary_and_a_rerun_continues(tmp_path):
    from tests.test_pipeline import ARTICLE

    corpus = tmp_path / "big.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(N_INPUTS):
            fh.write(json.dumps({"id": f"n{i}", "text": ARTICLE.replace("mardi", f"mardi ({i})")}) + "\n")
    db = tmp_path / "c.db"
    exe = shutil.which("recoupe") or str(Path(sys.executable).with_name("recoupe"))
    cmd = [exe, "analyze", str(corpus), "--db", str(db), "--batch-size", "8"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    wait_until_stored(proc, db, 64)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.startswith(f"analysing {N_INPUTS} inputs")  # stderr is not a terminal: log lines, not a bar
    assert "interrupted: the store keeps what was saved" in stderr and "run the same command again" in stderr
    first = stdout.splitlines()[0]
    assert first.startswith("analysed ") and "rejected 0 (none)" in first
    assert int(first.split()[1]) >= 64
    res = subprocess.run([*cmd, "-q"], capture_output=True, text=True, check=False)
    assert res.returncode == 0 and res.stderr == ""
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == N_INPUTS
    again = res.stdout.splitlines()[0]
    skipped = int(again.split("skipped ")[1].split()[0])
    assert skipped >= 64 and f"analysed {N_INPUTS - skipped} " in again


# -- the Dask dashboard link ---------------------------------------------------------------------


def test_dashboard_link_is_none_where_the_cluster_has_no_dashboard():
    class NoDashboard:
        @property
        def dashboard_link(self) -> str:
            raise KeyError("dashboard")  # what distributed raises when the scheduler runs none

    class WithDashboard:
        dashboard_link = "http://127.0.0.1:8787/status"

    assert dashboard_link(NoDashboard()) is None
    assert dashboard_link(WithDashboard()) == "http://127.0.0.1:8787/status"


@pytest.mark.slow
def test_a_dask_run_prints_the_dashboard_link_at_start(capsys):
    distributed = pytest.importorskip("distributed", reason="dask.distributed not installed")
    from recoupe.batch.dask_runner import _client

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster, ExitStack() as stack:
        client = _client(stack, scheduler=cluster.scheduler_address, local_workers=1)
        link = dashboard_link(client)
        printed = capsys.readouterr().err
    if link is None:  # no bokeh: no dashboard, and nothing printed
        assert "Dask dashboard" not in printed
    else:
        assert link.startswith("http://") and f"Dask dashboard: {link}\n" in printed
