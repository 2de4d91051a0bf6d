"""End-to-end: the whole path from files to store and export, as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from recoupe.pipeline import analyze, export
from recoupe.settings import load_settings
from recoupe.store import Store
from tests.conftest import SAMPLE, wait_until_stored

pytestmark = pytest.mark.slow

ARTICLE = (
    "Le ministre a confirmé l'accord\n"
    "Le ministre des Finances, Paul Martin, a déclaré mardi que l'accord était « une étape décisive ».\n"
    "« Nous tiendrons nos engagements », a-t-il ajouté devant la presse.\n"
)


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a1.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "a2.txt").write_text(ARTICLE.replace("Paul Martin", "Claire Lenoir").replace("il", "elle"),
                                   encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "latin1.txt").write_bytes(ARTICLE.replace("Paul", "Noël").encode("latin-1"))
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "j1", "text": ARTICLE, "outlet": "Le Courrier", "published": "2025-02-11"}) + "\n"
        + "{not json\n", encoding="utf-8")
    return folder


def test_bad_input_is_rejected_and_the_rest_analysed(tmp_path):
    folder = _corpus(tmp_path)
    with Store.open(tmp_path / "r.db") as store:
        summary = analyze([folder], store=store, settings=load_settings())
        assert summary.analysed == 4  # a1, a2, latin1, j1
        assert summary.n_rejected == 3  # empty, binary, bad JSON line
        assert set(summary.rejected) >= {"empty", "binary", "bad-json"}
        assert {r.reason for r in store.rejects()} >= {"empty", "binary", "bad-json"}
        j1 = store.article("j1")
        assert j1 is not None and j1.article.outlet == "Le Courrier" and j1.article.published == "2025-02-11"
        assert any(q.kind == "direct" for q in j1.quotes)
        assert any(d.value == "2025-02-11" for d in j1.dates)  # "mardi" before a Tuesday publication


def test_rerun_adds_nothing_and_a_changed_article_is_reanalysed(tmp_path):
    folder = _corpus(tmp_path)
    settings = load_settings()
    with Store.open(tmp_path / "r.db") as store:
        analyze([folder], store=store, settings=settings)
        before = store.stats()
        again = analyze([folder], store=store, settings=settings)
        assert again.analysed == 0 and again.skipped == 4
        assert store.stats() == before
        (folder / "a1.txt").write_text(ARTICLE + "Il a ajouté que rien n'était joué.\n", encoding="utf-8")
        third = analyze([folder], store=store, settings=settings)
        assert third.analysed == 1 and third.skipped == 3
        assert "rien n'était joué" in store.article("a1").article.body


def test_sample_corpus_exports_gold_format(tmp_path):
    with Store.open(tmp_path / "r.db") as store:
        summary = analyze([SAMPLE], store=store, settings=load_settings(), meta=SAMPLE / "meta.jsonl")
        paths = export(store, tmp_path / "out", ids=summary.ids)
    rows = [json.loads(x) for x in paths["articles"].read_text(encoding="utf-8").splitlines()]
    assert len(rows) == summary.analysed >= 6
    for row in rows:
        assert {"id", "body", "published", "entities", "quotes", "dates"} <= set(row)
        for e in row["entities"]:
            for m in e["mentions"]:
                assert row["body"][m["start"]:m["end"]] == m["text"]
        for q in row["quotes"]:
            assert 0 <= q["start"] < q["end"] <= len(row["body"])
    assert paths["stances"].exists() and paths["disputes"].exists()
    html = paths["briefing"].read_text(encoding="utf-8")
    assert "<html" in html.lower() and rows[0]["id"] in html


def test_two_workers_give_the_same_records_as_one(tmp_path):
    folder = _corpus(tmp_path)
    outs = []
    for workers in (1, 2):
        with Store.open(tmp_path / f"w{workers}.db") as store:
            analyze([folder], store=store, settings=load_settings(workers=workers, batch_size=1))
            outs.append(sorted(repr(a) for a in store.analyses()))
    assert outs[0] == outs[1]


def test_the_records_do_not_depend_on_how_articles_are_batched(tmp_path):
    """One article per task and per nlp.pipe batch, or all of them in one task of several
    nlp.pipe batches (``NLP_BATCH``): the same records."""
    from recoupe.batch.local import NLP_BATCH

    folder = tmp_path / "in"
    folder.mkdir()
    for path in [*SAMPLE.glob("*.txt"), *SAMPLE.glob("*.html")]:
        shutil.copy(path, folder)
    outs = []
    for batch_size in (1, 64):
        with Store.open(tmp_path / f"b{batch_size}.db") as store:
            analyze([folder], store=store, settings=load_settings(batch_size=batch_size))
            outs.append(sorted(repr(a) for a in store.analyses()))
    assert len(outs[0]) > NLP_BATCH and outs[0] == outs[1]


def test_kill_minus_nine_leaves_a_consistent_store_that_the_next_run_completes(tmp_path):
    corpus = tmp_path / "big.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(400):
            fh.write(json.dumps({"id": f"n{i}", "text": ARTICLE.replace("mardi", f"mardi ({i})")}) + "\n")
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "recoupe", "analyze", str(corpus), "--db", str(db), "--batch-size", "8", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    stored = wait_until_stored(proc, db, 64, every_s=0.5)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < stored < 400, "the run should have been killed part-way"
    with Store.open(db) as store:
        partial = store.known()
        for analysis in store.analyses(list(partial)[:20]):
            assert analysis.quotes, "a stored article has all its rows"
        summary = analyze([corpus], store=store, settings=load_settings())
        assert summary.skipped >= len(partial)
        assert len(store.known()) == 400


def test_cli_analyze_end_to_end(tmp_path):
    folder = _corpus(tmp_path)
    exe = shutil.which("recoupe") or str(Path(sys.executable).with_name("recoupe"))
    res = subprocess.run([exe, "analyze", str(folder), "--db", str(tmp_path / "c.db"), "--out",
                          str(tmp_path / "o"), "-q"], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    assert "analysed 4" in res.stdout and "rejected 3" in res.stdout
    assert (tmp_path / "o" / "briefing.html").exists()
    res = subprocess.run([exe, "quotes", "--speaker", "martin", "--db", str(tmp_path / "c.db")],
                         capture_output=True, text=True, check=False)
    assert res.returncode == 0 and "Nous tiendrons nos engagements" in res.stdout


def test_publication_date_is_estimated_from_the_text_only_when_nothing_better():
    from recoupe.pipeline import estimate_published, with_published
    from recoupe.records import Article

    body = "Le sommet s'est tenu le 13 février 2025. Un premier accord datait du 2 janvier 2025. Jeudi, il a parlé."
    assert estimate_published(body) == "2025-02-13"
    art = with_published(Article("x", "s", body, "h"))
    assert art.published == "2025-02-13" and art.published_source == "estimated"
    assert with_published(Article("y", "s", "Rien de daté ici, jeudi.", "h")).published is None
    dated = Article("z", "s", body, "h", published="2025-03-01", published_source="meta")
    assert with_published(dated) is dated


def test_quotes_by_any_alias_across_articles(tmp_path):
    """A typo in one outlet ("Paul Martinn") is still the same speaker for `recoupe quotes`."""
    from recoupe.corpus.analyse import analyse_corpus
    from recoupe.corpus.registry_read import speaker_quotes

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a1.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "a2.txt").write_text(
        "Budget : le ministre persiste\n"
        "Le ministre des Finances, Paul Martinn, a répété jeudi que « le budget sera tenu ».\n",
        encoding="utf-8")
    settings = load_settings()
    with Store.open(tmp_path / "r.db") as store:
        analyze([folder], store=store, settings=settings)
        analyse_corpus(store, settings=settings)
        texts = {q.text for q in speaker_quotes(store, "Paul Martin")}
        assert "Nous tiendrons nos engagements" in texts and "le budget sera tenu" in texts
        assert {q.article_id for q in speaker_quotes(store, "martinn")} == {"a1", "a2"}
