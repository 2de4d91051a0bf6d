"""The read-side summaries (``recoupe.store.summary``) against the raw rows, and the
queries that read them against plain Python over the stored analyses.

Random sequences of saves, re-analyses of changed articles and deletions are
applied to a store; after each, every summary table must equal the aggregate
of the raw rows computed independently (SQL ``GROUP BY`` and Python), and a
rebuild from scratch must give the same tables.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from recoupe.records import Analysis, Article, Entity, Mention, Quote
from recoupe.store import Store, fold, migrations, summary
from recoupe.store import schema as s
from recoupe.store.engine import write_transaction
from recoupe.store.postgres import scrub
from tests import pg_server

NAMES = ("Élise Dupont", "élise dupont", "Dupont", "Paris", "PARIS", "Conseil d'État", "Mme Dupont", "–")
TYPES = ("PER", "ORG", "LOC")
SPEAKER_TYPES = (None, "PER", "ORG", "DESC")
DATES = (None, "2026-01-01", "2026-01-01T10:00:00", "2026-02", "2025-12-31")
OUTLETS = (None, "Le Monde", "le monde", "Ouest")

entities_st = st.builds(
    lambda name, typ, aliases, n, wd: Entity(name, typ, tuple(Mention(name, i, i + 1, typ) for i in range(n)),
                                             aliases=tuple(aliases), wikidata=wd),
    st.sampled_from(NAMES), st.sampled_from(TYPES), st.lists(st.sampled_from(NAMES), max_size=3),
    st.integers(1, 3), st.sampled_from((None, "Q1", "Q2")))
quotes_st = st.builds(
    lambda speaker, stype, status, kind: Quote("texte", 0, 5, kind, speaker=speaker, speaker_type=stype,
                                               status=status, anonymous=speaker is None),
    st.one_of(st.none(), st.sampled_from(NAMES)), st.sampled_from(SPEAKER_TYPES),
    st.sampled_from(("asserted", "hedged", "conditional")), st.sampled_from(("direct", "indirect")))


def analysis(aid: str, version: int, entities: list[Entity], quotes: list[Quote], date: str | None,
             outlet: str | None) -> Analysis:
    art = Article(aid, f"{aid}.txt", f"Corps {aid} v{version}", f"{aid}-v{version}", title=aid, outlet=outlet,
                  published=date)
    return Analysis(art, tuple(entities), tuple(quotes))


analyses_st = st.builds(analysis, st.sampled_from(("a1", "a2", "a3", "a4")), st.integers(0, 3),
                        st.lists(entities_st, max_size=5), st.lists(quotes_st, max_size=4),
                        st.sampled_from(DATES), st.sampled_from(OUTLETS))
operations_st = st.lists(st.one_of(st.tuples(st.just("save"), st.lists(analyses_st, min_size=1, max_size=3)),
                                   st.tuples(st.just("delete"), st.lists(st.sampled_from(("a1", "a2", "a3", "a4")),
                                                                         max_size=2))),
                         min_size=1, max_size=6)


_names = itertools.count()


@pytest.fixture(scope="module")
def pg():
    pytest.importorskip("psycopg", reason="psycopg not installed (pip install 'recoupe[postgres]')")
    with pg_server.running() as server:
        yield server


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new empty store on each backend: a SQLite file, a database of a throwaway PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "t.db")
    return request.getfixturevalue("pg").create_db(f"q{next(_names)}")


def summary_tables(store: Store) -> dict[str, set[tuple[Any, ...]]]:
    """Every summary table's rows (zero counters left out)."""
    with store.engine.connect() as conn:
        out = {t.name: {tuple(r) for r in conn.execute(select(t))} for t in s.SUMMARY_TABLES}
    out["summary_counts"] = {r for r in out["summary_counts"] if r[1]}
    return out


def raw_aggregates(store: Store) -> dict[str, set[tuple[Any, ...]]]:
    """The same aggregates computed from the raw rows, independently of ``recoupe.store.summary``."""
    e, q, a = s.entities, s.quotes, s.articles
    with store.engine.connect() as conn:
        n_quotes = (select(func.count()).select_from(q).where(
            q.c.article_id == e.c.article_id, q.c.speaker_key == e.c.name_key,
            (q.c.speaker_type.is_(None)) | (q.c.speaker_type == e.c.type)).scalar_subquery())
        groups = conn.execute(select(e.c.name, e.c.type, func.count(func.distinct(e.c.article_id)),
                                     func.sum(e.c.n_mentions), func.sum(n_quotes), func.max(e.c.wikidata))
                              .group_by(e.c.name, e.c.type)).all()
        alias_rows: Counter[tuple[str, str, str]] = Counter()
        stored = scrub if store.engine.dialect.name == "postgresql" else str  # PostgreSQL text has no NUL
        for name, etype, raw in conn.execute(select(e.c.name, e.c.type, e.c.aliases)):
            for alias in set(json.loads(raw)) - {name}:  # JSON keeps a NUL (escaped)
                alias_rows[(name, etype, stored(alias))] += 1
        speakers = conn.execute(select(q.c.speaker_key, func.count()).where(q.c.speaker_key.is_not(None))
                                .group_by(q.c.speaker_key)).all()
        days: Counter[tuple[str, str]] = Counter((p[:10] if p else "", o or "")
                                                 for p, o in conn.execute(select(a.c.published, a.c.outlet)))
        counts: Counter[str] = Counter({"articles": conn.execute(select(func.count()).select_from(a)).scalar_one()})
        for status, kind, n in conn.execute(select(q.c.status, q.c.kind, func.count()).group_by(q.c.status, q.c.kind)):
            counts[f"quotes:{status}:{kind}"] = n
        for (_name, etype, *_rest) in groups:
            counts[f"entities:{etype}"] += 1
        words = {(name, etype, w) for name, etype, *_rest in groups for w in fold(name).split()}
        words |= {(name, etype, w) for name, etype, alias in alias_rows for w in fold(alias).split()}
    return {
        "entity_stats": {(n, t, fold(n), n.casefold(), na, nm, nq, wd) for n, t, na, nm, nq, wd in groups},
        "entity_stat_aliases": {(n, t, al, fold(al), fold(n), c) for (n, t, al), c in alias_rows.items()},
        "entity_words": words,
        "speaker_stats": {tuple(r) for r in speakers},
        "article_days": {(d, o, n) for (d, o), n in days.items()},
        "summary_counts": {(k, n) for k, n in counts.items() if n},
    }


def apply(store: Store, operation: tuple[str, list[Any]]) -> None:
    kind, items = operation
    if kind == "save":
        store.save_many(items, batch_size=2)
    else:
        store.delete(items)


@given(operations_st)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_summaries_equal_the_raw_aggregates_after_any_writes(db: str, operations: list[Any]) -> None:
    with Store.open(db) as store:
        store.delete(list(store.known()))  # the previous example's articles: deleting them all empties them
        assert all(not rows for rows in summary_tables(store).values())
        for op in operations:
            apply(store, op)
            assert summary_tables(store) == raw_aggregates(store)
        kept = summary_tables(store)
        with write_transaction(store.engine) as conn:
            summary.rebuild(conn)
        assert summary_tables(store) == kept


def test_resaving_a_changed_article_moves_its_counts(db: str) -> None:
    dupont = Entity("Élise Dupont", "PER", (Mention("Élise Dupont", 0, 12, "PER"),), aliases=("Mme Dupont",),
                    wikidata="Q7")
    quote = Quote("oui", 0, 3, "direct", speaker="Élise Dupont", speaker_type="PER")
    with Store.open(db) as store:
        store.save_many([analysis("a1", 0, [dupont], [quote], "2026-01-02", "Ouest"),
                         analysis("a2", 0, [dupont], [], "2026-01-03", "Ouest")])
        top = store.entities()[0]
        assert (top.articles, top.mentions, top.quotes, top.aliases, top.wikidata) == (2, 2, 1, ("Mme Dupont",), "Q7")
        store.save(analysis("a1", 1, [], [], "2026-01-02", "Ouest"))  # re-analysed: Dupont no longer named
        top = store.entities()[0]
        assert (top.articles, top.quotes, top.wikidata) == (1, 0, "Q7")
        store.save(analysis("a2", 1, [Entity("Élise Dupont", "PER", ())], [], None, None))  # wikidata gone
        assert store.entities()[0].wikidata is None and store.entities()[0].aliases == ()
        assert store.delete(["a2", "absent"]) == 1 and store.entities() == []
        assert summary_tables(store) == raw_aggregates(store)


def test_names_with_nul_characters_are_summarised_as_stored(db: str) -> None:
    """PostgreSQL stores U+FFFD for NUL: the rows read back on a re-save must meet their summary rows."""
    odd = Entity("Pa\x00ris", "LOC", (Mention("Paris", 0, 5, "LOC"),), aliases=("la\x00ville",))
    with Store.open(db) as store:
        store.save_many([analysis(aid, 0, [odd], [], "2026-01-01", "Le\x00Monde") for aid in ("a1", "a2")])
        store.save(analysis("a1", 1, [odd], [], "2026-01-02", "Le\x00Monde"))
        assert summary_tables(store) == raw_aggregates(store)
        assert store.entities()[0].articles == 2


def test_a_store_without_summaries_gets_them_filled(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store.open(db) as store:
        store.save(analysis("a1", 0, [Entity("Paris", "LOC", (Mention("Paris", 0, 5, "LOC"),))], [],
                            "2026-01-01", None))
        expected = summary_tables(store)
        with write_transaction(store.engine) as conn:  # back to the schema from before the summaries
            migrations.downgrade(conn, "0002")
    with Store.open(db) as store:  # upgraded on open: revision 0003 creates the summaries and fills them
        assert [e.name for e in store.entities()] == ["Paris"]
        assert summary_tables(store) == expected


# -- the queries that read the summaries, against plain Python over the analyses ------------------


def _corpus() -> list[Analysis]:
    people = ("Élise Dupont", "Marc Lévy", "Anne Martin", "Paul Martin")
    out = []
    for i in range(40):
        name = people[i % len(people)]
        ents = [Entity(name, "PER", tuple(Mention(name, k, k + 1, "PER") for k in range(1 + i % 3)),
                       aliases=(f"M. {name.split()[-1]}",) if i % 5 == 0 else ()),
                Entity("Paris" if i % 2 else "Lyon", "LOC", (Mention("x", 0, 1, "LOC"),))]
        quotes = [Quote(f"citation {i}", 0, 5, "direct", speaker=name, speaker_type="PER",
                        status="conditional" if i % 7 == 0 else "asserted")]
        date = None if i % 13 == 0 else f"2026-{1 + i % 3:02d}-{1 + i % 27:02d}"
        out.append(analysis(f"art-{i:02d}", 0, ents, quotes, date, ("Ouest", "Le Soir")[i % 2]))
    return out


def _newest(a: Analysis) -> tuple[str, str]:
    return (a.article.published or "", a.article.id)


def _ranked(corpus: list[Analysis]) -> list[tuple[str, str]]:
    """(name, type) most widespread first (articles, mentions), ties by name ignoring case, type, name."""
    groups: dict[tuple[str, str], list[Any]] = defaultdict(lambda: [set(), 0])
    for a in corpus:
        for e in a.entities:
            groups[(e.name, e.type)][0].add(a.article.id)
            groups[(e.name, e.type)][1] += len(e.mentions)
    return sorted(groups, key=lambda g: (-len(groups[g][0]), -groups[g][1], g[0].casefold(), g[1], g[0]))


def test_queries_equal_python_over_the_analyses(db: str) -> None:
    corpus = _corpus()
    with Store.open(db) as store:
        store.save_many(corpus, batch_size=7)
        expected = _ranked(corpus)
        assert [(r.name, r.type) for r in store.entities()] == expected
        assert [(r.name, r.type) for r in store.entities(type="LOC", top=1)] == [g for g in expected
                                                                                if g[1] == "LOC"][:1]
        # quotes: newest first (undated last), ties by article id descending
        ordered = sorted(corpus, key=_newest, reverse=True)
        assert [r.article_id for r in store.quotes(limit=15)] == [a.article.id for a in ordered][:15]
        martin = [a.article.id for a in ordered if "Martin" in a.quotes[0].speaker]
        assert [r.article_id for r in store.quotes(speaker="martin")] == martin
        by_alias = [a.article.id for a in ordered if a.entities[0].aliases == ("M. Lévy",)]
        assert by_alias and [r.article_id for r in store.quotes(speaker="m levy")] == by_alias


@pytest.fixture
def client(db: str):
    from fastapi.testclient import TestClient

    from recoupe.web import create_app

    with Store.open(db) as store:
        store.save_many(_corpus(), batch_size=9)
    with TestClient(create_app(db)) as c:
        yield c


@pytest.mark.parametrize(("params", "pred"), [
    ({}, lambda a: True),
    ({"outlet": "ouest"}, lambda a: a.article.outlet == "Ouest"),
    ({"date_from": "2026-02"}, lambda a: (a.article.published or "") >= "2026-02"),
    ({"date_to": "2026-01-15", "outlet": "Le Soir"},
     lambda a: a.article.outlet == "Le Soir" and a.article.published and a.article.published <= "2026-01-15"),
    ({"entity": "anne martin"}, lambda a: a.entities[0].name == "Anne Martin"),  # once failed on PostgreSQL
    ({"entity": "M. Lévy", "outlet": "Ouest"},
     lambda a: a.entities[0].aliases == ("M. Lévy",) and a.article.outlet == "Ouest"),
    ({"date_from": "2026-02-01", "date_to": "2026-02"},
     lambda a: a.article.published and a.article.published >= "2026-02-01" and a.article.published[:7] <= "2026-02"),
])
def test_article_totals_from_the_summaries_match_the_lists(client: Any, params: dict[str, str], pred: Any) -> None:
    expected = sorted((a for a in _corpus() if pred(a)), key=_newest, reverse=True)
    page = client.get("/api/v1/articles", params={**params, "limit": 500}).json()
    assert page["total"] == len(expected)
    assert [i["id"] for i in page["items"]] == [a.article.id for a in expected]


def test_quote_and_entity_pages_and_totals(client: Any) -> None:
    corpus = _corpus()
    ordered = sorted(corpus, key=_newest, reverse=True)
    dates = {q: a.article.published or "" for a in corpus for q in a.quotes}
    for params, pred in (({}, lambda q: True), ({"status": "conditional"}, lambda q: q.status == "conditional"),
                         ({"speaker": "Martin"}, lambda q: "Martin" in (q.speaker or "")),
                         ({"speaker": "Martin", "status": "asserted"},
                          lambda q: "Martin" in (q.speaker or "") and q.status == "asserted"),
                         ({"speaker": "Martin", "date_from": "2026-02"},
                          lambda q: "Martin" in (q.speaker or "") and dates[q] >= "2026-02")):
        expected = [a.article.id for a in ordered for q in a.quotes if pred(q)]
        for offset in (0, 3):
            page = client.get("/api/v1/quotes", params={**params, "offset": offset, "limit": 5}).json()
            assert page["total"] == len(expected)
            assert [q["article_id"] for q in page["items"]] == expected[offset:offset + 5]
    ents = client.get("/api/v1/entities", params={"limit": 3, "offset": 1}).json()
    assert ents["total"] == 6 and [e["name"] for e in ents["items"]] == [n for n, _t in _ranked(corpus)][1:4]
    pers = client.get("/api/v1/entities", params={"type": "PER", "limit": 2}).json()
    assert pers["total"] == 4 and [e["name"] for e in pers["items"]] == [n for n, t in _ranked(corpus)
                                                                          if t == "PER"][:2]
    found = client.get("/api/v1/entities", params={"q": "mart"}).json()  # the start of a word
    assert found["total"] == 2 and {e["name"] for e in found["items"]} == {"Anne Martin", "Paul Martin"}
    assert client.get("/api/v1/entities", params={"q": "artin"}).json()["total"] == 0  # not inside a word
    assert [e["name"] for e in client.get("/api/v1/entities", params={"q": "anne mar"}).json()["items"]] == [
        "Anne Martin"]
    assert client.get("/api/v1/entities", params={"q": "ann martin"}).json()["total"] == 0
    lévy = client.get("/api/v1/entities", params={"q": "M. Lévy"}).json()["items"][0]  # an exact alias first
    assert lévy["name"] == "Marc Lévy" and lévy["aliases"] == ["M. Lévy"] and lévy["quotes"] == 10
    home = client.get("/")
    assert home.status_code == 200 and "Élise Dupont" in home.text


@pytest.mark.parametrize(("q", "type_"), [("mart", None), ("m", None), ("m", "LOC"), ("anne mar", None),
                                          ("M. Lévy", None), ("levy", "PER"), ("paul martin", None), ("zzz", None)])
def test_entity_search_ranks_alike_in_python_and_in_sql(db: str, q: str, type_: str | None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Few candidates are ranked in Python, many in SQL: the same page either way."""
    from recoupe.settings import load_settings
    from recoupe.web import entity_search
    from recoupe.web.deps import AppState

    with Store.open(db) as store:
        store.save_many(_corpus())
        state = AppState(store=store, settings=load_settings())
        few = [entity_search.entity_page(state, q, type=type_, limit=3, offset=k) for k in (0, 2)]
        monkeypatch.setattr(entity_search, "FEW", 0)
        assert [entity_search.entity_page(state, q, type=type_, limit=3, offset=k) for k in (0, 2)] == few


def test_top_speakers_name_each_speaker_by_its_registry_entry(tmp_path: Path) -> None:
    """The overview's top speakers (one SQL aggregate) equal the registry names applied in Python."""
    from recoupe.corpus.registry_read import canonical_names
    from recoupe.settings import load_settings
    from recoupe.web.aggregates import top_speakers
    from recoupe.web.deps import AppState

    with Store.open(tmp_path / "r.db") as store:
        store.save_many(_corpus())
        with write_transaction(store.engine) as conn:  # link every "Anne Martin" and two "Paul Martin" to one entry
            conn.execute(s.registry_entries.insert(), [{"id": "r1", "name": "Martin (famille)", "name_key": "martin",
                                                        "type": "PER", "n_articles": 0, "n_mentions": 0}])
            ents = conn.execute(select(s.entities.c.id, s.entities.c.article_id, s.entities.c.name_key)
                                .where(s.entities.c.name_key.like("% martin")).order_by(s.entities.c.id)).all()
            paul = [e for e in ents if e.name_key == "paul martin"]
            linked = [e for e in ents if e.name_key == "anne martin"] + paul[:2]
            conn.execute(s.registry_links.insert(), [
                {"entity_id": e.id, "article_id": e.article_id, "name": "x", "key": e.name_key, "type": "PER",
                 "partial": False, "ambiguous": False, "alias_keys": "[]", "aliases": "[]", "n_mentions": 1,
                 "registry_id": "r1"} for e in linked])
        canon = canonical_names(store)
        counts: Counter[str] = Counter(canon.get((r.article_id, fold(r.speaker)), r.speaker)
                                       for r in store.quotes() if r.speaker and r.speaker_type != "DESC")
        expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
        state = AppState(store=store, settings=load_settings())
        assert top_speakers(state) == expected and expected[0] == ("Martin (famille)", 12)
