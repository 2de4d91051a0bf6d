"""The store on a real PostgreSQL server (tests/pg_server.py starts a throwaway one;
every test here is skipped, with the reason, when it cannot start)."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import pytest
from sqlalchemy import inspect

from recoupe.errors import StoreError
from recoupe.records import Analysis, Article, Mention, Quote, Reject
from recoupe.store import Store
from tests import pg_server
from tests.conftest import DEV, EVAL, run_score
from tests.test_store import full_analysis, make_analysis

pytest.importorskip("psycopg", reason="psycopg not installed (pip install 'recoupe[postgres]')")
pytestmark = pytest.mark.slow

_names = itertools.count()


@pytest.fixture(scope="module")
def server():
    with pg_server.running() as srv:
        yield srv


@pytest.fixture
def url(server) -> str:
    return server.create_db(f"t{next(_names)}")


@pytest.fixture
def store(url):
    with Store.open(url) as s:
        yield s


# -- the store contract, as on SQLite ------------------------------------------------------


def test_round_trip_every_field_and_reopen(url: str) -> None:
    a = full_analysis()
    with Store.open(url) as s:
        assert s.engine.dialect.name == "postgresql" and s.engine.dialect.driver == "psycopg"
        s.save(a)
    with Store.open(url) as s:
        assert s.article(a.article.id) == a
        assert list(s.analyses()) == [a]
        assert s.article("absent") is None


def test_plain_postgresql_url_uses_psycopg_3(url: str) -> None:
    with Store.open(url.replace("postgresql+psycopg://", "postgresql://")) as s:
        assert s.engine.dialect.driver == "psycopg"
        assert s.known() == {}
        assert "postgresql://" in s.name


def test_save_twice_adds_nothing_and_changed_content_replaces(store: Store) -> None:
    store.save_many([make_analysis(i) for i in range(5)])
    before = store.stats()
    store.save_many([make_analysis(i) for i in range(5)])
    assert store.stats() == before
    store.save(make_analysis(2, content="v2"))
    assert store.stats() == before
    assert store.known() == {f"art-{i:05d}": f"art-{i:05d}-{'v2' if i == 2 else 'v1'}" for i in range(5)}


def test_save_many_in_several_batches(store: Store) -> None:
    assert store.save_many((make_analysis(i) for i in range(23)), batch_size=5) == 23
    assert len(store.known()) == 23 and store.stats()["quotes"] == 23


@pytest.mark.parametrize(
    "query", ["Jean-Luc Mélenchon", "MÉLENCHON", "melenchon", "Le Leader Insoumis", "luc mélenchon"]
)
def test_quotes_by_speaker_or_alias(store: Store, query: str) -> None:
    store.save(full_analysis())
    rows = store.quotes(speaker=query)
    assert [r.text for r in rows] == ["la France insoumise ne votera pas ce budget"]
    assert rows[0].quote() == full_analysis().quotes[0]


@pytest.mark.parametrize(("query", "n"), [("mélen", 0), ("jean mélenchon", 0), ("100%", 0), ("_", 0), (" – ", 0)])
def test_quotes_match_whole_words_only(store: Store, query: str, n: int) -> None:
    store.save(full_analysis())
    assert len(store.quotes(speaker=query)) == n


def test_entities_grouped_across_articles(store: Store) -> None:
    store.save(full_analysis())
    for i in range(3):
        store.save(make_analysis(i))
    top = store.entities()[0]
    assert (top.name, top.type, top.articles, top.mentions, top.quotes) == ("Jean-Luc Mélenchon", "PER", 4, 5, 4)
    assert [r.name for r in store.entities(type="PER")] == ["Jean-Luc Mélenchon", "Élisabeth Borne"]
    assert [r.name for r in store.entities(top=2)] == ["Jean-Luc Mélenchon", "Matignon"]


def test_rejects_are_idempotent(store: Store) -> None:
    for detail in ("first", "second"):
        store.save_reject(Reject("a.html", "clean", "no-article", detail))
    assert store.rejects() == [Reject("a.html", "clean", "no-article", "second")]


def test_nul_characters_are_replaced_one_for_one(store: Store) -> None:
    body = "Le préfet a déclaré : « Aucune victime. »"
    a = Analysis(
        article=Article(id="nul", source="nul\x00.txt", body=body, content_hash="h", title="Titre\x00cassé"),
        quotes=(Quote("Aucune\x00victime.", 29, 45, "direct", speaker="le\x00préfet"),),
    )
    store.save(a)
    back = store.article("nul")
    assert back is not None
    assert back.article.title == "Titre\ufffdcassé" and back.article.source == "nul\ufffd.txt"
    assert back.quotes[0].text == "Aucune\ufffdvictime." and len(back.quotes[0].text) == len(a.quotes[0].text)
    assert [r.speaker for r in store.quotes(speaker="le préfet")] == ["le\ufffdpréfet"]  # its key was folded before


def test_long_strings_fit_where_sqlite_would_take_them(store: Store) -> None:
    label = "X" * 300  # longer than any declared length of the schema
    a = Analysis(
        article=Article(id="long-" + "i" * 300, source="s", body="Paris.", content_hash="h", published=label),
        entities=(),
        quotes=(Quote("Paris.", 0, 6, label, status=label, speaker_type=label),),
    )
    store.save(a)
    assert store.article(a.article.id) == a
    columns = inspect(store.engine).get_columns("quotes")
    assert {str(c["type"]) for c in columns if c["name"] in ("kind", "status")} == {"TEXT"}


def test_concurrent_writers_wait_for_each_other(url: str) -> None:
    errors: list[BaseException] = []

    def writer(first: int) -> None:
        try:
            with Store.open(url) as s:
                for start in range(first, first + 30, 5):
                    s.save_many(make_analysis(i) for i in range(start, start + 5))
                    s.save_many(make_analysis(i % 30, content="v2") for i in range(start, start + 5))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k * 30,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store.open(url) as s:
        assert len(s.known()) == 90 and s.stats()["quotes"] == 90


def test_write_transactions_take_the_advisory_lock_and_reads_do_not(store: Store) -> None:
    from recoupe.store.engine import write_transaction

    mine = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
    with write_transaction(store.engine) as conn:
        assert conn.exec_driver_sql(mine).scalar_one() == 1
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql(mine).scalar_one() == 0


def test_unreachable_server_is_a_store_error() -> None:
    port = pg_server.free_port()
    with pytest.raises(StoreError, match="cannot open postgresql"):
        Store.open(f"postgresql://postgres@127.0.0.1:{port}/nothing?connect_timeout=2")


# -- the whole pipeline: SQLite and PostgreSQL give the same output -------------------------


def _analyse_into(db: str, gold_dir: Path, out: Path, issues: Path | None) -> list[str]:
    from recoupe.corpus.analyse import analyse_corpus
    from recoupe.corpus.issues import load_issues
    from recoupe.pipeline import analyze, export
    from recoupe.settings import load_settings

    settings = load_settings()
    meta = gold_dir / "meta.jsonl"
    with Store.open(db) as store:
        summary = analyze(sorted(gold_dir.glob("*.txt")), store=store, settings=settings,
                          meta=meta if meta.is_file() else None)
        analyse_corpus(store, issues=load_issues(issues) if issues else (), settings=settings)
        export(store, out, ids=summary.ids)
        again = analyze(sorted(gold_dir.glob("*.txt")), store=store, settings=settings,
                        meta=meta if meta.is_file() else None)
        assert again.analysed == 0 and again.skipped == summary.analysed  # known() by content hash
    return summary.ids


def test_dev_set_identical_on_sqlite_and_postgresql(url: str, tmp_path: Path) -> None:
    from tests.conftest import SAMPLE, SAMPLE_GOLD

    gold = DEV if DEV.is_dir() else SAMPLE_GOLD
    issues = EVAL / "issues.yaml" if gold == DEV else SAMPLE.parent / "issues.yaml"
    issues = issues if issues.is_file() else None
    lite, pg = tmp_path / "sqlite", tmp_path / "pg"
    ids_lite = _analyse_into(str(lite / "recoupe.db"), gold, lite, issues)
    ids_pg = _analyse_into(url, gold, pg, issues)
    assert ids_lite == ids_pg and ids_lite
    for name in ("articles.jsonl", "stances.jsonl", "disputes.jsonl"):
        assert (pg / name).read_bytes() == (lite / name).read_bytes(), name
    metrics_lite, _ = run_score(gold, lite)
    metrics_pg, text = run_score(gold, pg)
    print(text)
    assert metrics_pg == metrics_lite


def test_mention_offsets_survive(store: Store) -> None:
    body = "À Marseille, Benoît Payan a répondu."
    m = Mention("Benoît Payan", 13, 25, "PER")
    from recoupe.records import Entity

    a = Analysis(article=Article(id="m", source="m", body=body, content_hash="h"),
                 entities=(Entity("Benoît Payan", "PER", (m,)),))
    store.save(a)
    back = store.article("m")
    assert back is not None and body[back.entities[0].mentions[0].start:back.entities[0].mentions[0].end] == m.text


# -- full-text search: a French tsvector (migration 0002) ---------------------------------------


def _news(aid: str, title: str, body: str) -> Analysis:
    return Analysis(Article(aid, f"{aid}.txt", body, f"h-{aid}", title=title, outlet="Le Monde",
                            published=f"2025-03-0{len(aid) % 9 + 1}"))


NEWS = [
    _news("muni", "Municipales à Lyon", "Une élection partielle est prévue en mars, après la démission du maire."),
    _news("euro", "Les élections européennes", "Le scrutin aura lieu en juin ; la concertation continue."),
    _news("meteo", "Météo", "Des orages sont attendus sur la Loire, puis une éclaircie."),
]


def test_fulltext_french_stemming_and_ranking(store: Store) -> None:
    from recoupe.store.fulltext import enabled, search

    store.save_many(NEWS)
    assert enabled(store.engine)
    total, hits = search(store.engine, "élections")  # stemmed: finds "élection" too
    assert total == 2 and [h.article_id for h in hits] == ["euro", "muni"]  # the title match first
    assert hits[0].rank < hits[1].rank  # lower is better, as on SQLite
    assert "\x02élection\x03" in search(store.engine, "élection")[1][1].snippet
    assert [h.article_id for h in search(store.engine, '"élection partielle"')[1]] == ["muni"]
    assert search(store.engine, '"partielle élection"')[0] == 0
    assert [h.article_id for h in search(store.engine, "concert*")[1]] == ["euro"]
    assert [h.article_id for h in search(store.engine, "élections lyon")[1]] == ["muni"]  # terms ANDed
    assert search(store.engine, "élections", limit=1, offset=1)[1][0].article_id == "muni"
    # the total, whatever the page: within, past the last hit, empty
    assert [search(store.engine, "élections", limit=n, offset=o)[0] for n, o in [(1, 0), (1, 1), (5, 2), (0, 0)]] \
        == [2, 2, 2, 2]


@pytest.mark.parametrize("q", ['"', "(", "*", "AND", "OR NOT", "NEAR(", "title:x", "^x", "'; DROP TABLE", "-x",
                               "\\", "%", "_", "😀", "a" * 499, "\x00", "«", "l'automne", "x:*", "!x & y | z"])
def test_fulltext_odd_queries_never_fail(store: Store, q: str) -> None:
    from recoupe.store.fulltext import search

    store.save_many(NEWS)
    assert search(store.engine, q)[0] >= 0


def test_fulltext_follows_saves_and_deletes(store: Store) -> None:
    from recoupe.store.fulltext import search

    store.save(NEWS[2])
    assert search(store.engine, "orages")[0] == 1
    store.save(_news("meteo", "Sécheresse", "Aucune pluie n'est attendue."))  # new content replaces the old
    assert search(store.engine, "orages")[0] == 0
    assert [h.article_id for h in search(store.engine, "sécheresse")[1]] == ["meteo"]


def test_api_search_on_postgresql(url: str) -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from recoupe.web import create_app

    with Store.open(url) as s:
        s.save_many(NEWS)
    with TestClient(create_app(url)) as client:
        r = client.get("/api/v1/articles", params={"q": "élections"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["total"] == 2 and [a["id"] for a in body["items"]] == ["euro", "muni"]
        assert "[élection]" in body["items"][1]["snippet"]
        narrowed = client.get("/api/v1/articles", params={"q": "élection", "outlet": "le monde", "limit": 1}).json()
        assert narrowed["total"] == 2 and len(narrowed["items"]) == 1
        page = client.get("/search", params={"q": "orages"})
        assert page.status_code == 200 and "Météo" in page.text


def test_every_connection_runs_without_jit(store: Store) -> None:
    """JIT compiling costs more than recoupe's short queries take (the CLI's, the API's, the
    corpus pass's): off on every connection of the store's engine, pooled or new."""
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW jit").scalar_one() == "off"
    store.engine.dispose()
    with store.engine.connect() as a, store.engine.connect() as b:
        assert {a.exec_driver_sql("SHOW jit").scalar_one(), b.exec_driver_sql("SHOW jit").scalar_one()} == {"off"}


def _settings(conn) -> set[str]:
    from recoupe.store.postgres import INDEX_PLANS

    return {conn.exec_driver_sql(f"SHOW {name}").scalar_one() for name in INDEX_PLANS}


def test_index_plans_hold_within_the_block_only(store: Store) -> None:
    from sqlalchemy.exc import ProgrammingError

    from recoupe.store.postgres import index_plans

    with store.engine.connect() as conn:
        with index_plans(conn):
            assert _settings(conn) == {"off"}
        assert _settings(conn) == {"on"}  # set back, same transaction
        with pytest.raises(ProgrammingError), index_plans(conn):
            conn.exec_driver_sql("SELECT no_such_column FROM articles")
        conn.rollback()  # the failed transaction's rollback drops them
        assert _settings(conn) == {"on"}


def test_common_word_search_reads_the_gin_index(store: Store) -> None:
    """A word most articles have: the planner, which counts nothing for reading each article's
    TOASTed vector, would scan them all; under ``index_plans`` the GIN index names the hits."""
    from recoupe.store import fulltext
    from recoupe.store.postgres import index_plans

    store.save_many(_news(f"n{i:03d}", f"Dépêche {i}", "Le gouvernement a annoncé des mesures. " * 40 +
                          ("Une grève est prévue." if i % 2 else "")) for i in range(300))
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE articles")
        m = fulltext.match("postgresql", "gouvernement")
        assert m is not None
        sql = str(fulltext.select(fulltext.func.count()).select_from(m.hits)
                  .compile(store.engine, compile_kwargs={"literal_binds": True}))
        with index_plans(conn):
            plan = "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + sql))
    assert "ix_articles_search" in plan and "Seq Scan" not in plan
    total, hits = fulltext.search(store.engine, "gouvernement grève", limit=5)
    assert total == 150 and len(hits) == 5


def test_a_corpus_pass_refreshes_the_planner_statistics(store: Store) -> None:
    from recoupe.corpus.analyse import analyse_corpus
    from recoupe.settings import load_settings

    def analysed(conn) -> bool:
        return conn.exec_driver_sql("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables "
                                    "WHERE relname = 'articles'").scalar_one()

    store.save_many(NEWS)
    with store.engine.connect() as conn:
        assert not analysed(conn)  # a new database: autovacuum has not sampled it yet
    analyse_corpus(store, settings=load_settings())
    with store.engine.connect() as conn:
        assert analysed(conn)
