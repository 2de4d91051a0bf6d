"""The store: round trips, idempotency, queries, errors, crash safety."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoupe.errors import StoreError
from recoupe.records import (
    Analysis,
    Article,
    DateMention,
    Entity,
    Mention,
    Quote,
    Reject,
    Removal,
)
from recoupe.store import SCHEMA_VERSION, Store, fold

BODY = (
    "Jean-Luc Mélenchon a affirmé mardi que « la France insoumise ne votera pas ce budget ». "
    "Selon une source proche du dossier, Matignon prépare un recours au 49.3. "
    "« Nous irons jusqu'au bout », a prévenu la Première ministre Élisabeth Borne."
)


def make_analysis(i: int, *, content: str = "v1") -> Analysis:
    """A small, deterministic analysis for article ``art-{i}`` (used by the kill -9 child too)."""
    aid = f"art-{i:05d}"
    body = f"{BODY} ({i})"
    return Analysis(
        article=Article(
            id=aid,
            source=f"/corpus/{aid}.txt",
            body=body,
            content_hash=f"{aid}-{content}",
            title="Budget : la gauche promet la censure",
            outlet="Le Monde",
            published=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
            published_source="meta",
        ),
        entities=(
            Entity(
                name="Jean-Luc Mélenchon",
                type="PER",
                aliases=("Mélenchon",),
                mentions=(Mention("Jean-Luc Mélenchon", 0, 18, "PER"),),
            ),
            Entity(
                name="Matignon",
                type="LOC",
                merge_reasons=("exact",),
                mentions=(Mention("Matignon", 125, 133, "LOC", as_actor=True),),
            ),
        ),
        quotes=(
            Quote(
                "la France insoumise ne votera pas ce budget",
                42,
                85,
                "direct",
                speaker="Jean-Luc Mélenchon",
                speaker_type="PER",
                speaker_start=0,
                speaker_end=18,
                cue="affirmer",
                polarity="deny",
                sentence_start=0,
                sentence_end=88,
            ),
        ),
        dates=(DateMention("mardi", 31, 36, "2025-01-07", "weekday", "2025-01-09", "published"),),
        n_tokens=60 + i,
        versions=(("entities", "1"), ("quotes", "1")),
    )


def full_analysis() -> Analysis:
    """Every field of every record set, with French text and nasty characters."""
    removed = (
        Removal("Publicité", "boilerplate", 0),
        Removal("Lire aussi : « Le budget en 5 questions »", "read-also", 4),
    )
    article = Article(
        id="lemonde-2025-01-09-budget",
        source="/corpus/lemonde/budget.html",
        body=BODY,
        content_hash="c0ffee",
        title="Budget : la gauche promet la censure",
        url="https://www.lemonde.fr/politique/article/2025/01/09/budget.html",
        outlet="Le Monde",
        published="2025-01-09",
        published_source="html",
        author="Claire Gatinois",
        credited_source="AFP",
        removed=removed,
    )
    melenchon = Entity(
        name="Jean-Luc Mélenchon",
        type="PER",
        mentions=(Mention("Jean-Luc Mélenchon", 0, 18, "PER"), Mention("Mélenchon", 300, 309, "PER")),
        aliases=("Mélenchon", "le leader insoumis"),
        wikidata="Q42",
        merge_reasons=("surname", "role"),
    )
    borne = Entity(
        name="Élisabeth Borne",
        type="PER",
        mentions=(Mention("Élisabeth Borne", 219, 234, "PER"),),
        aliases=("la Première ministre",),
        merge_reasons=("role",),
    )
    matignon = Entity(
        name="Matignon",
        type="LOC",
        mentions=(Mention("Matignon", 125, 133, "LOC", as_actor=True),),
    )
    quotes = (
        Quote(
            "la France insoumise ne votera pas ce budget",
            42,
            85,
            "direct",
            speaker="Jean-Luc Mélenchon",
            speaker_type="PER",
            speaker_start=0,
            speaker_end=18,
            cue="affirmer",
            polarity="deny",
            sentence_start=0,
            sentence_end=88,
        ),
        Quote(
            "Matignon prépare un recours au 49.3",
            119,
            154,
            "indirect",
            speaker="une source proche du dossier",
            speaker_type="DESC",
            cue="selon",
            anonymous=True,
            status="anonymous",
            sentence_start=89,
            sentence_end=155,
        ),
        Quote(
            "Nous irons jusqu'au bout",
            158,
            182,
            "direct",
            speaker="Élisabeth Borne",
            speaker_type="PER",
            speaker_start=219,
            speaker_end=234,
            cue="prévenir",
            polarity="warn",
            sentence_start=156,
            sentence_end=235,
        ),
    )
    dates = (
        DateMention("mardi", 31, 36, "2025-01-07", "weekday", "2025-01-09", "published"),
        DateMention("depuis trente jours", 0, 19, "P30D", "duration"),
    )
    return Analysis(
        article=article,
        entities=(melenchon, borne, matignon),
        quotes=quotes,
        dates=dates,
        n_tokens=57,
        versions=(("entities", "0.3"), ("quotes", "1.2"), ("dates", "0.1")),
    )


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "recoupe.db") as s:
        yield s


# -- round trips and idempotency ------------------------------------------------


def test_round_trip_every_field(store: Store) -> None:
    a = full_analysis()
    store.save(a)
    assert store.article(a.article.id) == a
    assert list(store.analyses()) == [a]
    assert store.article("absent") is None
    assert store.known() == {a.article.id: "c0ffee"}


def test_round_trip_survives_reopen(tmp_path: Path) -> None:
    a = full_analysis()
    with Store.open(tmp_path / "db" / "nested" / "r.db") as s:
        s.save(a)
    with Store.open(str(tmp_path / "db" / "nested" / "r.db")) as s:
        assert s.article(a.article.id) == a
    con = sqlite3.connect(tmp_path / "db" / "nested" / "r.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "1"
    con.close()


def test_sqlite_connections_map_no_pages(tmp_path: Path) -> None:
    """The store reads through the page cache, not mmap: mapped pages would count in the resident
    memory of every process that writes or reads a large store."""
    from recoupe.store.engine import CACHE_KIB

    with Store.open(tmp_path / "r.db") as s, s.engine.connect() as conn:
        pragma = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in
                  ("mmap_size", "cache_size", "foreign_keys", "synchronous")}
    assert pragma == {"mmap_size": 0, "cache_size": -CACHE_KIB, "foreign_keys": 1, "synchronous": 1}


def test_save_twice_adds_nothing(store: Store) -> None:
    a = full_analysis()
    store.save(a)
    first = store.stats()
    store.save(a)
    store.save_many([a, a])
    assert store.stats() == first
    assert first["articles"] == 1 and first["entities"] == 3 and first["mentions"] == 4
    assert first["quotes"] == 3 and first["dates"] == 2 and first["removals"] == 2
    assert first["entity_names"] == 3  # the aliases that differ from the name


def test_changed_content_replaces_every_row(store: Store) -> None:
    old = full_analysis()
    store.save(old)
    new_article = Article(
        id=old.article.id, source=old.article.source, body="Texte corrigé.", content_hash="beef"
    )
    new = Analysis(article=new_article, quotes=old.quotes[:1], versions=(("quotes", "1.3"),))
    store.save(new)
    assert store.known() == {old.article.id: "beef"}
    assert store.article(old.article.id) == new
    stats = store.stats()
    assert stats["entities"] == stats["mentions"] == stats["entity_names"] == 0
    assert stats["quotes"] == 1 and stats["dates"] == 0 and stats["removals"] == 0


def test_save_many_batches_and_duplicates(store: Store) -> None:
    batch = [make_analysis(i) for i in range(7)] + [make_analysis(3, content="v2")]
    assert store.save_many(batch, batch_size=3) == 8
    assert len(store.known()) == 7
    assert store.known()["art-00003"] == "art-00003-v2"
    wanted = ["art-00005", "nope", "art-00001", "art-00005"]
    assert [a.article.id for a in store.analyses(wanted)] == ["art-00005", "art-00001"]
    assert store.save_many([]) == 0
    with pytest.raises(ValueError, match="batch_size"):
        store.save_many(batch, batch_size=0)


def test_same_name_twice_in_one_article_keeps_both(store: Store) -> None:
    twin = Entity(name="Paris", type="LOC", mentions=(Mention("Paris", 0, 5, "LOC"),))
    quote = Quote("On verra", 10, 18, "direct")
    a = Analysis(
        article=Article(id="x", source="x.txt", body="Paris… On verra.", content_hash="h"),
        entities=(twin, twin),
        quotes=(quote, quote),
    )
    store.save(a)
    assert store.article("x") == a


# -- rejects -----------------------------------------------------------------------


def test_rejects_are_idempotent(store: Store) -> None:
    store.save_reject(Reject("/corpus/vide.txt", "ingest", "empty"))
    store.save_reject(Reject("/corpus/vide.txt", "ingest", "empty", "0 octet"))
    store.save_reject(Reject("/corpus/vide.txt", "clean", "no-article"))
    rejects = store.rejects()
    assert len(rejects) == 2 and store.stats()["rejects"] == 2
    assert Reject("/corpus/vide.txt", "ingest", "empty", "0 octet") in rejects


# -- queries -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["Jean-Luc Mélenchon", "jean luc melenchon", "MÉLENCHON", "melenchon", "Le Leader Insoumis"]
)
def test_quotes_by_speaker_or_alias(store: Store, query: str) -> None:
    store.save(full_analysis())
    rows = store.quotes(speaker=query)
    assert [r.text for r in rows] == ["la France insoumise ne votera pas ce budget"]
    row = rows[0]
    assert (row.article_id, row.outlet, row.published) == (
        "lemonde-2025-01-09-budget",
        "Le Monde",
        "2025-01-09",
    )
    assert row.quote() == full_analysis().quotes[0]


def test_quotes_alias_only_counts_in_its_own_article(store: Store) -> None:
    store.save(full_analysis())
    # Another article where "la Première ministre" is someone else, who is quoted there.
    other = Analysis(
        article=Article(id="autre", source="autre.txt", body="…", content_hash="h2", published="2024-03-01"),
        entities=(
            Entity(
                name="Édith Cresson",
                type="PER",
                mentions=(Mention("Édith Cresson", 0, 13, "PER"),),
                aliases=("la Première ministre",),
            ),
        ),
        quotes=(Quote("Je ne regrette rien", 20, 39, "direct", speaker="Édith Cresson", speaker_type="PER"),),
    )
    store.save(other)
    by_role = store.quotes(speaker="la premiere ministre")
    assert [(r.article_id, r.speaker) for r in by_role] == [
        ("lemonde-2025-01-09-budget", "Élisabeth Borne"),  # newest first
        ("autre", "Édith Cresson"),
    ]
    assert store.quotes(speaker="Édith Borne") == []  # words of two different people
    assert [r.speaker for r in store.quotes(speaker="édith cresson")] == ["Édith Cresson"]
    assert [r.anonymous for r in store.quotes(speaker="Une source proche du dossier")] == [True]
    assert len(store.quotes()) == 4 and len(store.quotes(limit=2)) == 2
    assert store.quotes(speaker="Personne") == []
    assert store.quotes(speaker=" – ") == []  # folds to nothing: names no one


@pytest.mark.parametrize(
    ("query", "speakers"),
    [
        ("borne", ["Élisabeth Borne"]),  # a surname alone, though not an alias
        ("ELISABETH", ["Élisabeth Borne"]),
        ("luc mélenchon", ["Jean-Luc Mélenchon"]),  # contiguous words
        ("jean mélenchon", []),  # not contiguous
        ("mélen", []),  # not a whole word
        ("insoumis", ["Jean-Luc Mélenchon"]),  # a word of an alias ("le leader insoumis")
        ("proche du dossier", ["une source proche du dossier"]),
        ("100%", []),  # LIKE wildcards are folded away
        ("_", []),
    ],
)
def test_quotes_match_whole_words(store: Store, query: str, speakers: list[str]) -> None:
    store.save(full_analysis())
    assert [r.speaker for r in store.quotes(speaker=query)] == speakers


def test_entities_grouped_across_articles(store: Store) -> None:
    store.save(full_analysis())
    for i in range(3):
        store.save(make_analysis(i))
    rows = store.entities()
    top = rows[0]
    assert (top.name, top.type, top.articles) == ("Jean-Luc Mélenchon", "PER", 4)
    assert top.mentions == 5 and top.quotes == 4
    assert top.aliases == ("Mélenchon", "le leader insoumis") and top.wikidata == "Q42"
    assert [r.name for r in store.entities(top=2)] == ["Jean-Luc Mélenchon", "Matignon"]
    assert [r.name for r in store.entities(type="PER")] == ["Jean-Luc Mélenchon", "Élisabeth Borne"]
    borne = store.entities(type="PER")[1]
    assert (borne.articles, borne.mentions, borne.quotes) == (1, 1, 1)
    assert store.entities(type="MISC") == []


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Jean-Luc  Mélenchon", "jean luc melenchon"),
        ("L’Élysée", "l elysee"),
        ("l'elysee", "l elysee"),
        ("Œuvre d’Orient", "oeuvre d orient"),
        ("  ÇA ", "ca"),
    ],
)
def test_fold(name: str, key: str) -> None:
    assert fold(name) == key


def test_schema_compiles_for_postgresql() -> None:
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex, CreateTable

    from recoupe.store import schema

    dialect = postgresql.dialect()
    ddl = [str(CreateTable(t).compile(dialect=dialect)) for t in schema.metadata.sorted_tables]
    ddl += [
        str(CreateIndex(i).compile(dialect=dialect))
        for t in schema.metadata.tables.values()
        for i in t.indexes
    ]
    assert any('"end" INTEGER NOT NULL' in d for d in ddl)
    assert any("BOOLEAN" in d for d in ddl) and len(ddl) > len(schema.metadata.tables)


# -- errors ------------------------------------------------------------------------


def test_random_bytes_are_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(os.urandom(4096))
    with pytest.raises(StoreError, match=r"is not a SQLite database"):
        Store.open(bad)
    with pytest.raises(StoreError, match=r"is not a SQLite database"):
        Store.open(f"sqlite:///{bad}")


def test_corrupt_sqlite_file(tmp_path: Path) -> None:
    bad = tmp_path / "corrupt.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(StoreError) as err:
        Store.open(bad)
    assert "\n" not in str(err.value) and "corrupt" in str(err.value)


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE clients (id INTEGER PRIMARY KEY, nom TEXT)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="not a recoupe database"):
        Store.open(path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store.open(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    con.commit()
    con.close()
    with pytest.raises(StoreError, match=f"schema version {SCHEMA_VERSION + 1}, newer"):
        Store.open(path)


def test_bad_targets(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory"):
        Store.open(tmp_path)
    with pytest.raises(StoreError, match="not a valid database"):
        Store.open("nope://::")
    with pytest.raises(StoreError, match="driver"):
        Store.open("oracle+nosuchdriver://u:p@h/db")


def test_unencodable_text_is_a_store_error_and_saves_nothing(store: Store) -> None:
    bad = Analysis(article=Article(id="bad", source="bad.txt", body="café \udcff", content_hash="h"))
    with pytest.raises(StoreError, match="surrogates"):
        store.save_many([make_analysis(1), bad])
    assert store.known() == {}


def test_closed_store_and_memory_db() -> None:
    s = Store.open(":memory:")
    s.save(full_analysis())
    assert s.stats()["quotes"] == 3
    seen: list[int] = []
    worker = threading.Thread(target=lambda: seen.append(len(s.known())))
    worker.start()
    worker.join()
    assert seen == [1]  # the same in-memory database from another thread
    s.close()
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.known()


def test_concurrent_writers_wait_for_each_other(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    errors: list[BaseException] = []

    def writer(first: int) -> None:
        try:
            with Store.open(db) as s:  # each writer has its own connections
                for start in range(first, first + 60, 5):
                    s.save_many(make_analysis(i) for i in range(start, start + 5))
                    s.save_many(make_analysis(i, content="v2") for i in range(start, start + 5))
                    s.known()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k * 60,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store.open(db) as s:
        assert set(s.known().values()) == {f"art-{i:05d}-v2" for i in range(180)}
        assert s.stats()["quotes"] == 180


# -- property test -----------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)  # anything encodable as UTF-8


@pytest.fixture(scope="module")
def memory_store():
    with Store.open(":memory:") as s:
        yield s


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quote_text=TEXT, speaker=st.none() | TEXT, date_text=TEXT, value=st.none() | TEXT)
def test_round_trip_of_arbitrary_text(
    memory_store: Store, quote_text: str, speaker: str | None, date_text: str, value: str | None
) -> None:
    a = Analysis(
        article=Article(
            id="prop", source="prop.txt", body=quote_text + "\n" + date_text, content_hash=quote_text
        ),
        quotes=(Quote(quote_text, 0, len(quote_text), "direct", speaker=speaker, cue=speaker),),
        dates=(DateMention(date_text, 0, len(date_text), value, "absolute", anchor=value),),
    )
    memory_store.save(a)
    assert memory_store.article("prop") == a
    if speaker is not None and fold(speaker):
        assert [r.text for r in memory_store.quotes(speaker=speaker)] == [quote_text]


# -- crash safety ----------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from test_store import make_analysis
    from recoupe.store import Store

    with Store.open({db!r}) as store:
        for start in range(0, {n}, {batch}):
            store.save_many(make_analysis(i) for i in range(start, start + {batch}))
            print(start, flush=True)
    """
)


def test_kill_9_mid_batch_leaves_a_consistent_db(tmp_path: Path) -> None:
    db, n, batch = tmp_path / "crash.db", 3000, 40
    script = CHILD.format(tests=str(Path(__file__).parent), db=str(db), n=n, batch=batch)
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) as child:
        try:
            for _ in range(3):  # let a few batches commit, then kill during the next ones
                assert child.stdout is not None and child.stdout.readline()
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
    assert child.returncode == -signal.SIGKILL

    with Store.open(db) as store:
        known = store.known()
        assert 3 * batch <= len(known) < n
        assert len(known) % batch == 0  # one transaction per batch: never half a batch
        expected = {make_analysis(i).article.id: make_analysis(i) for i in range(n)}
        for a in store.analyses():  # every stored article has all its rows
            assert a == expected[a.article.id]
        stats = store.stats()
        assert stats["articles"] == len(known)
        assert stats["mentions"] == 2 * len(known) and stats["quotes"] == len(known)
        # The next run completes what is missing.
        todo = [a for aid, a in expected.items() if aid not in known]
        assert store.save_many(todo) == len(todo)
        assert len(store.known()) == n and store.stats()["dates"] == n


KILL_INSIDE = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {tests!r})
    from test_store import make_analysis
    import recoupe.store.store as store_module
    from recoupe.store import Store

    with Store.open({db!r}) as store:
        store.save_many(make_analysis(i) for i in range(10))
        insert = store_module.insert_rows

        def insert_then_die(conn, table, rows):
            insert(conn, table, rows)
            if table.name == "mentions":  # articles and entities are in, quotes not yet
                os.kill(os.getpid(), signal.SIGKILL)

        store_module.insert_rows = insert_then_die
        store.save_many(make_analysis(i, content="v2") for i in range(5, 20))
    """
)


def test_kill_9_inside_a_transaction_rolls_it_back(tmp_path: Path) -> None:
    db = tmp_path / "inside.db"
    script = KILL_INSIDE.format(tests=str(Path(__file__).parent), db=str(db))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr
    with Store.open(db) as store:
        assert store.known() == {f"art-{i:05d}": f"art-{i:05d}-v1" for i in range(10)}
        assert [a for a in store.analyses()] == [make_analysis(i) for i in range(10)]
        assert store.stats()["mentions"] == 20 and store.stats()["quotes"] == 10
        assert store.save_many(make_analysis(i, content="v2") for i in range(5, 20)) == 15
        assert len(store.known()) == 20 and store.stats()["entity_names"] == 20
