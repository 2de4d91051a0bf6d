"""The incremental corpus pass gives what a full recomputation gives.

A corpus is analysed in two steps (A, then A+B: the second pass incremental) and in
one (A+B, full); every derived table must then be equal, row for row (registry ids
aside: an entry keeps the id it was created with, so ids depend on history — they
are compared through the links they hold). Then an article changes and another is
deleted, and the incremental pass must again equal a full one.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from recoupe.corpus.analyse import analyse_corpus
from recoupe.corpus.issues import load_issues
from recoupe.records import Analysis
from recoupe.settings import load_settings
from recoupe.store import Store
from recoupe.store import schema as s

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "examples" / "gold"
ORANGESUM = REPO.parent / "shared" / "corpus" / "orangesum" / "articles.jsonl.gz"
SHARED_ISSUES = REPO.parent / "shared" / "eval" / "issues.yaml"
TABLES = ("stances", "signals", "disputes", "clusters", "corpus_state", "registry_entries", "registry_aliases",
          "registry_links", "registry_forms", "corpus_docs", "cluster_edges", "cluster_bands", "stance_actors",
          "dispute_statements", "dispute_figures")
REGISTRY_ID = {"registry_entries": "id", "registry_aliases": "registry_id", "registry_links": "registry_id",
               "registry_forms": "registry_id"}


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every derived table as sorted rows; registry ids replaced by the smallest entity id they hold."""
    out: dict[str, list[tuple]] = {}
    with store.engine.connect() as conn:
        link = s.registry_links
        label: dict[str, str] = {}
        for rid, eid in conn.execute(select(link.c.registry_id, link.c.entity_id)):
            label[rid] = min(label.get(rid, eid), eid)
        for name in TABLES:
            table = s.metadata.tables[name]
            rows = []
            for r in conn.execute(select(table)).mappings():
                row = dict(r)
                if name in REGISTRY_ID:
                    row[REGISTRY_ID[name]] = label.get(row[REGISTRY_ID[name]], "?")
                rows.append(tuple(sorted((k, repr(v)) for k, v in row.items())))
            out[name] = sorted(rows)
    return out


def assert_same(got: Store, want: Store) -> None:
    a, b = snapshot(got), snapshot(want)
    for name in TABLES:
        assert a[name] == b[name], f"{name} differs: {len(a[name])} vs {len(b[name])} rows"
    assert got.disputes() == want.disputes()  # the same order too
    assert got.stances() == want.stances()


def analyse_sources(paths: list[Path], meta: Path | None, tmp: Path) -> list[Analysis]:
    """The per-article analyses (extraction runs once; the tests copy them into stores)."""
    from recoupe.pipeline import analyze

    with Store.open(tmp / "source.db") as src:
        analyze(paths, store=src, settings=load_settings(), meta=meta)
        return list(src.analyses())


def two_steps(first: list[Analysis], second: list[Analysis], db: str | Path, issues: Any, *,
              full: bool | None = False) -> Store:
    """A store where ``first`` went through a corpus pass, then ``second`` (incremental unless ``full``)."""
    settings = load_settings()
    store = Store.open(db)
    store.save_many(first)
    assert analyse_corpus(store, issues=issues, settings=settings).full
    store.save_many(second)
    summary = analyse_corpus(store, issues=issues, settings=settings, full=full)
    assert summary.full == (full is not False) and summary.fresh == len(second)
    return store


def one_step(analyses: list[Analysis], db: str | Path, issues: Any) -> Store:
    store = Store.open(db)
    store.save_many(analyses)
    assert analyse_corpus(store, issues=issues, settings=load_settings()).full
    return store


def changed(a: Analysis, text: str) -> Analysis:
    """``a`` with one more sentence (and a new content hash): the article changed."""
    body = a.article.body + "\n" + text
    return replace(a, article=replace(a.article, body=body, content_hash=a.article.content_hash + "+"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> list[Analysis]:
    return analyse_sources(sorted(GOLD.glob("*.txt")), GOLD / "meta.jsonl", tmp_path_factory.mktemp("sample"))


@pytest.mark.parametrize(("split", "where"), [("half", "file"), ("alternate", "file"), ("alternate", "memory")])
def test_two_steps_equal_one_on_the_sample_corpus(sample: list[Analysis], tmp_path: Path, split: str,
                                                  where: str) -> None:
    issues = load_issues(REPO / "examples" / "issues.yaml")
    first = sample[: len(sample) // 2] if split == "half" else sample[::2]
    second = [a for a in sample if a not in first]
    dbs = (tmp_path / "two.db", tmp_path / "one.db") if where == "file" else (":memory:", ":memory:")
    with two_steps(first, second, dbs[0], issues) as two, one_step(sample, dbs[1], issues) as one:
        assert one.disputes() and one.stances() and one.clusters().get("story")  # something to compare
        assert_same(two, one)
        before = snapshot(two)
        summary = analyse_corpus(two, issues=issues, settings=load_settings())
        assert (summary.full, summary.fresh, summary.gone) == (False, 0, 0)
        assert snapshot(two) == before  # nothing new: nothing changes


def test_a_full_pass_that_reuses_stored_stances_equals_one_from_scratch(sample: list[Analysis],
                                                                         tmp_path: Path) -> None:
    """Most articles new: a full pass, computing the stances of the new articles only."""
    issues = load_issues(REPO / "examples" / "issues.yaml")
    with two_steps(sample[:3], sample[3:], tmp_path / "two.db", issues, full=None) as two, \
            one_step(sample, tmp_path / "one.db", issues) as one:
        assert_same(two, one)


def test_changed_and_deleted_articles(sample: list[Analysis], tmp_path: Path) -> None:
    issues = load_issues(REPO / "examples" / "issues.yaml")
    edit = changed(sample[1], "Le ministre Stravos a démenti ces informations, selon son porte-parole.")
    final = [edit if a is sample[1] else a for a in sample if a is not sample[-1]]
    with two_steps(sample[:5], sample[5:], tmp_path / "two.db", issues) as two, \
            one_step(final, tmp_path / "one.db", issues) as one:
        two.save(edit)
        two.delete([sample[-1].article.id])
        summary = analyse_corpus(two, issues=issues, settings=load_settings())
        assert not summary.full and (summary.fresh, summary.gone) == (1, 2)
        assert_same(two, one)
        analyse_corpus(two, issues=issues, settings=load_settings(), full=True)  # a rebuild changes nothing
        assert_same(two, one)


def test_two_steps_equal_one_on_postgresql(sample: list[Analysis]) -> None:
    pytest.importorskip("psycopg", reason="psycopg not installed (pip install 'recoupe[postgres]')")
    from tests import pg_server

    issues = load_issues(REPO / "examples" / "issues.yaml")
    edit = changed(sample[2], "Selon des sources proches du dossier, l'accord aurait été signé.")
    with pg_server.running() as server, \
            two_steps(sample[::2], sample[1::2], server.create_db("two"), issues) as two, \
            one_step([edit if a is sample[2] else a for a in sample[1:]], server.create_db("one"), issues) as one:
        two.save(edit)
        two.delete([sample[0].article.id])
        assert not analyse_corpus(two, issues=issues, settings=load_settings()).full
        assert_same(two, one)


def corrected(store: Store) -> Store:
    """The same user corrections (a merge and a split) in any store that has the first articles."""
    from recoupe.corpus.registry import merge_entities, split_entity

    merge_entities(store, "Golfe de Morève", "banc de Morève")
    assert split_entity(store, "Union des États de la mer d'Elsène", "UEME") is not None
    return store


def test_user_corrections_hold_in_incremental_passes(sample: list[Analysis], tmp_path: Path) -> None:
    issues = load_issues(REPO / "examples" / "issues.yaml")
    settings = load_settings()
    with Store.open(tmp_path / "two.db") as two, Store.open(tmp_path / "one.db") as one:
        two.save_many(sample[:4])
        analyse_corpus(two, issues=issues, settings=settings)
        corrected(two)
        two.save_many(sample[4:])
        assert not analyse_corpus(two, issues=issues, settings=settings, full=False).full
        one.save_many(sample)
        analyse_corpus(one, issues=issues, settings=settings)
        corrected(one)
        assert_same(two, one)
        names = {st.actor for st in one.stances()}
        assert "Héléna Stavros" not in names  # one name per entity across articles


def densest_window(path: Path, *, scan: int, days: int, n: int) -> list[dict]:
    """``n`` articles of the first ``scan`` lines, from the ``days`` with the most articles
    (so that stories and wire copies meet)."""
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= scan:
                break
            row = json.loads(line)
            if row.get("published"):
                rows.append(row)
    per_day = Counter(date.fromisoformat(r["published"][:10]).toordinal() for r in rows)
    start = max(per_day, key=lambda d: (sum(per_day.get(d + k, 0) for k in range(days)), -d))
    chosen = [r for r in rows if 0 <= date.fromisoformat(r["published"][:10]).toordinal() - start < days]
    return chosen[:n]


def test_two_steps_equal_one_on_real_articles(tmp_path: Path) -> None:
    if not ORANGESUM.is_file():
        pytest.skip(f"{ORANGESUM} not present")
    data = tmp_path / "slice.jsonl"
    rows = densest_window(ORANGESUM, scan=3000, days=6, n=70)
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    analyses = analyse_sources([data], None, tmp_path)
    issues = load_issues(SHARED_ISSUES if SHARED_ISSUES.is_file() else REPO / "examples" / "issues.yaml")
    with two_steps(analyses[::3] + analyses[1::3], analyses[2::3], tmp_path / "two.db", issues) as two, \
            one_step(analyses, tmp_path / "one.db", issues) as one:
        assert one.clusters().get("story")
        assert_same(two, one)


def test_cli_runs_an_incremental_pass_and_rebuilds_on_request(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from recoupe.cli import app

    runner = CliRunner()
    db = str(tmp_path / "r.db")
    args = ["--db", db, "--meta", str(GOLD / "meta.jsonl"), "--issues", str(REPO / "examples" / "issues.yaml"), "-q"]
    texts = sorted(GOLD.glob("*.txt"))
    first = runner.invoke(app, ["analyze", *map(str, texts[:6]), *args])
    assert first.exit_code == 0, first.output
    assert "full pass" in first.output
    second = runner.invoke(app, ["analyze", *map(str, texts), *args])
    assert second.exit_code == 0 and "incremental pass" in second.output, second.output
    again = runner.invoke(app, ["analyze", *map(str, texts), *args, "--rebuild-corpus"])
    assert again.exit_code == 0 and "full pass" in again.output, again.output


def test_a_full_pass_on_worker_processes_equals_one_in_this_process(sample: list[Analysis], tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Each article's own part computed by two worker processes reading the store (as on a large
    corpus), or here: the same derived tables, the same order."""
    from recoupe.corpus import article_work

    pools: list[int] = []

    class Pool(article_work.ProcessPoolExecutor):
        def __init__(self, n: int, **kw: Any) -> None:
            pools.append(n)
            super().__init__(n, **kw)

    monkeypatch.setattr(article_work, "MIN_PER_WORKER", 1)
    monkeypatch.setattr(article_work, "CHUNK", 2)  # several tasks per worker
    monkeypatch.setattr(article_work, "ProcessPoolExecutor", Pool)
    issues = load_issues(REPO / "examples" / "issues.yaml")
    with Store.open(tmp_path / "workers.db") as two, Store.open(tmp_path / "here.db") as one:
        for store, workers in ((two, 2), (one, 1)):
            store.save_many(sample)
            assert analyse_corpus(store, issues=issues, settings=load_settings(workers=workers)).full
        assert pools == [2]  # the first pass ran on two workers, the second in this process
        assert one.disputes() and one.stances() and one.signals()
        assert_same(two, one)
        assert two.signals() == one.signals()


def test_article_work_is_the_same_in_a_worker_and_here(sample: list[Analysis], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from recoupe.corpus import article_work
    from recoupe.corpus.cluster_index import ClusterIndex

    monkeypatch.setattr(article_work, "MIN_PER_WORKER", 1)
    issues = load_issues(REPO / "examples" / "issues.yaml")
    with Store.open(tmp_path / "s.db") as store:
        store.save_many(sample)
        ids = sorted(a.article.id for a in sample) + ["no-such-article"]
        fresh = ids[::2]
        got = {n: list(article_work.works(store, ids, index=ClusterIndex(), issues=issues, fresh=fresh, workers=n))
               for n in (1, 2)}
    assert got[1] == got[2] and [w.id for w in got[1]] == ids[:-1]  # in order, the unknown id skipped
    assert [w.material is not None for w in got[1]] == [i in fresh for i in ids[:-1]]
    assert any(w.statements for w in got[1]) and all(len(w.signals) == 9 for w in got[1])
