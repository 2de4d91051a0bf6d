"""The corpus-wide entity registry, on hand-made analyses of wire-style French articles (no spaCy)."""

from __future__ import annotations

import random

import pytest
from typer.testing import CliRunner

from recoupe.corpus import registry_match as m
from recoupe.corpus.registry import (
    entity_detail,
    linked_entities,
    merge_entities,
    registry_entities,
    resolve,
    review_merges,
    split_entity,
    update_registry,
)
from recoupe.errors import RecoupeError
from recoupe.extract.gazetteer import GazEntry, Gazetteer
from recoupe.records import Analysis, Article, Entity, Mention, Quote
from recoupe.store import Store


def ent(body: str, name: str, type_: str, *forms: str, wikidata: str | None = None) -> Entity:
    """An entity whose mentions are every occurrence in ``body`` of its name and ``forms``."""
    mentions = []
    for text in (name, *forms):
        start = body.find(text)
        while start >= 0:
            mentions.append(Mention(text, start, start + len(text), type_))
            start = body.find(text, start + len(text))
    mentions.sort(key=lambda x: x.start)
    return Entity(name, type_, tuple(mentions) or (Mention(name, 0, len(name), type_),), tuple(forms), wikidata)


def art(aid: str, body: str, *ents: tuple, quotes: tuple[Quote, ...] = ()) -> Analysis:
    article = Article(id=aid, source=f"{aid}.txt", body=body, content_hash=f"h-{aid}-{len(ents)}",
                      outlet="Le Courrier", published="2026-03-0" + aid[-1])
    return Analysis(article=article, entities=tuple(ent(body, *e) for e in ents), quotes=quotes)


B1 = ("Le président du comité militaire de l'OTAN, Henrik Aalstrup, a appelé lundi à Bruxelles les alliés "
      "à livrer des missiles à Kiev.")
B2 = "« Nous n'abandonnerons pas l'Ukraine », a déclaré Aalstrup mardi devant les ministres de la NATO réunis à Kyiv."
B3 = "Henrick Aalstrupp a rencontré Oleksandr Kowalenko ; le ministre ukrainien Oleksandr Kowalenko a salué l'OTAN."
B4 = "Oleksandr Kovalenko a remercié Emmanuel Macron, et Emmanuel Macron a promis des canons Caesar."
B5 = "Jean Martin, maire de Lorient, et Jeanne Martin, députée du Morbihan, se sont opposés sur le port."
B6 = "L'équipe Morgan a battu Rennes ; Morgan, la sprinteuse, a salué le public de la banque Morgan."


def corpus() -> list[Analysis]:
    return [
        art("a1", B1, ("Henrik Aalstrup", "PER", "Aalstrup"), ("OTAN", "ORG"), ("Bruxelles", "LOC"), ("Kiev", "LOC")),
        art("a2", B2, ("Aalstrup", "PER"), ("NATO", "ORG"), ("Kyiv", "LOC"), ("Ukraine", "LOC"),
            quotes=(Quote("Nous n'abandonnerons pas l'Ukraine", 2, 36, "direct", speaker="Aalstrup",
                          speaker_type="PER"),)),
        art("a3", B3, ("Henrick Aalstrupp", "PER"), ("Oleksandr Kowalenko", "PER"), ("OTAN", "ORG")),
        art("a4", B4, ("Oleksandr Kovalenko", "PER"), ("Emmanuel Macron", "PER")),
        art("a5", B5, ("Jean Martin", "PER"), ("Jeanne Martin", "PER"), ("Lorient", "LOC")),
        art("a6", B6, ("Morgan", "ORG"), ("Morgan", "PER"), ("Rennes", "LOC")),
    ]


@pytest.fixture()
def store():
    with Store.open(":memory:") as st:
        st.save_many(corpus())
        update_registry(st)
        yield st


def names(store: Store) -> set[tuple[str, str, frozenset[str]]]:
    """The registry as (type, name, aliases), independent of ids."""
    return {(e.type, e.name, frozenset(e.aliases)) for e in registry_entities(store)}


def entry(store: Store, name: str):
    detail = entity_detail(store, name)
    assert detail is not None, name
    return detail


def test_exact_links_across_articles(store):
    otan = entry(store, "OTAN").entry
    assert otan.n_articles == 3  # a1, a3 by name; a2's NATO through the gazetteer
    assert otan.wikidata == "Q7184"


def test_surname_and_fuzzy_link_one_person(store):
    aalstrup = entry(store, "Henrik Aalstrup")
    assert aalstrup.entry.n_articles == 3
    reasons = {a.alias: a.reason for a in aalstrup.aliases}
    assert reasons["Aalstrup"] == "surname"
    assert reasons["Henrick Aalstrupp"].startswith("fuzzy:")
    assert aalstrup.entry.n_quotes == 1  # "Aalstrup" spoke in a2
    assert resolve(store, "aalstrup") == resolve(store, "HENRICK AALSTRUPP") == aalstrup.entry.id


def test_transliterations_without_a_gazetteer_entry(store):
    z = entry(store, "Oleksandr Kovalenko")
    assert z.entry.n_articles == 2
    assert {a.alias for a in z.aliases} >= {"Oleksandr Kovalenko", "Oleksandr Kowalenko"}


def test_gazetteer_links_kiev_kyiv(store):
    assert resolve(store, "Kyiv") == resolve(store, "Kiev") is not None
    kiev = entry(store, "Kyiv")
    assert kiev.entry.n_articles == 2
    assert any(a.reason.startswith("gazetteer:") for a in kiev.aliases)


def test_near_misses_stay_apart(store):
    assert resolve(store, "Jean Martin") != resolve(store, "Jeanne Martin")
    assert resolve(store, "Emmanuel Macron") != resolve(store, "Henrik Aalstrup")


def test_type_guard(store):
    morgans = [e for e in registry_entities(store) if e.name == "Morgan"]
    assert sorted(e.type for e in morgans) == ["ORG", "PER"]
    assert [e.type for e in registry_entities(store, type="PER") if e.name == "Morgan"] == ["PER"]
    with pytest.raises(RecoupeError, match="valid: PER"):
        registry_entities(store, type="PERSON")


def test_lone_surname_shared_by_two_people_is_not_linked():
    body = "Anne Lefort et Paul Lefort, frère et sœur, dirigent la coopérative ; Lefort a refusé de commenter."
    other = "La ministre Anne Lefort a inauguré jeudi le nouveau quai du port de Concarneau."
    third = "Claire Dubois et Marc Dubois ont signé ; selon Dubois, l'accord sera appliqué dès lundi."
    with Store.open(":memory:") as st:
        st.save_many([
            art("b1", body, ("Anne Lefort", "PER"), ("Paul Lefort", "PER"), ("Lefort", "PER")),
            art("b2", other, ("Anne Lefort", "PER"), ("Concarneau", "LOC")),
            art("b3", third, ("Claire Dubois", "PER"), ("Marc Dubois", "PER")),
            art("b4", "Dubois a démenti toute irrégularité vendredi.", ("Dubois", "PER")),
        ])
        update_registry(st)
        # b1: the article itself has two Leforts; b4: the corpus has two Dubois
        assert resolve(st, "Lefort") not in {resolve(st, "Anne Lefort"), resolve(st, "Paul Lefort")}
        assert resolve(st, "Dubois") not in {resolve(st, "Claire Dubois"), resolve(st, "Marc Dubois")}
        assert entry(st, "Anne Lefort").entry.n_articles == 2


def test_user_gazetteer_links_names_of_any_spelling():
    gaz = Gazetteer.build([GazEntry("Valmerie", "LOC", "Q999", ("République de Valmerie", "Valmeria"))])
    with Store.open(":memory:") as st:
        st.save_many([
            art("c1", "La Valmerie a rappelé son ambassadeur.", ("Valmerie", "LOC")),
            art("c2", "The Republic of Valmeria recalled its envoy.", ("Valmeria", "ORG")),
        ])
        update_registry(st, gazetteer=gaz)
        (e,) = registry_entities(st)
        assert (e.name, e.type, e.wikidata, e.n_articles) == ("Valmerie", "LOC", "Q999", 2)


def test_merge_and_split_survive_reanalysis(store):
    merged = merge_entities(store, "Jean Martin", "Lorient")
    assert resolve(store, "Lorient") == resolve(store, "Jean Martin") == merged.id
    moved = split_entity(store, "Henrik Aalstrup", "Henrick Aalstrupp")
    assert moved is not None and moved.name == "Henrick Aalstrupp"
    assert resolve(store, "Henrick Aalstrupp") != resolve(store, "Henrik Aalstrup")
    # re-analysis: every article saved again (its links cascade away), then the registry is updated
    store.save_many(corpus())
    from recoupe.corpus.registry_store import unlinked_articles

    with store.engine.connect() as conn:
        assert unlinked_articles(conn) == [a.article.id for a in corpus()]
    stats = update_registry(store, article_ids=[a.article.id for a in corpus()])
    assert stats.articles == 6
    assert resolve(store, "Lorient") == resolve(store, "Jean Martin")
    assert resolve(store, "Henrick Aalstrupp") != resolve(store, "Henrik Aalstrup")
    assert resolve(store, "Aalstrup") == resolve(store, "Henrik Aalstrup")
    update_registry(store)  # a full rebuild applies them too
    assert resolve(store, "Lorient") == resolve(store, "Jean Martin")
    assert resolve(store, "Henrick Aalstrupp") != resolve(store, "Henrik Aalstrup")


def test_merge_two_entries_of_one_name_by_id(store):
    org, per = sorted((e for e in registry_entities(store) if e.name == "Morgan"), key=lambda e: e.type)
    assert resolve(store, per.id) == per.id
    merged = merge_entities(store, per.id, org.id)
    assert [e.id for e in registry_entities(store) if e.name == "Morgan"] == [merged.id]
    store.save_many(corpus())
    update_registry(store)
    assert len([e for e in registry_entities(store) if e.name == "Morgan"]) == 1


def test_split_then_merge_back_latest_wins(store):
    split_entity(store, "Kiev", "Kyiv")
    assert resolve(store, "Kyiv") != resolve(store, "Kiev")
    merge_entities(store, "Kiev", "Kyiv")
    assert resolve(store, "Kyiv") == resolve(store, "Kiev")


def test_correction_errors(store):
    with pytest.raises(RecoupeError, match="no entity named"):
        merge_entities(store, "Henrik Aalstrup", "Ursula von der Leyen")
    with pytest.raises(RecoupeError, match="not an alias"):
        split_entity(store, "Henrik Aalstrup", "Emmanuel Macron")
    with pytest.raises(RecoupeError, match="main name"):
        split_entity(store, "Henrik Aalstrup", "Henrik Aalstrup")


def test_incremental_equals_full_rebuild():
    articles = corpus()
    with Store.open(":memory:") as full:
        full.save_many(articles)
        update_registry(full)
        expected = names(full)
    for seed in range(3):
        order = articles[:]
        random.Random(seed).shuffle(order)
        with Store.open(":memory:") as st:
            for a in order:
                st.save(a)
                stats = update_registry(st, article_ids=[a.article.id])
                assert stats.articles == 1
            assert names(st) == expected


def test_ids_are_stable_and_unchanged_articles_untouched(store):
    before = {e.name: e.id for e in registry_entities(store)}
    assert update_registry(store, article_ids=()).links == 0  # nothing new: nothing done
    extra = art("a7", "Henrik Aalstrup a quitté Bruxelles.", ("Henrik Aalstrup", "PER"), ("Bruxelles", "LOC"))
    store.save(extra)
    stats = update_registry(store, article_ids=["a7"])
    assert (stats.articles, stats.links, stats.new_entries) == (1, 2, 0)
    after = {e.name: e.id for e in registry_entities(store)}
    assert after == before
    assert entry(store, "Aalstrup").entry.n_articles == 4


def test_linked_entities_cross_articles(store):
    assert linked_entities(store, "aalstrup") == [
        ("a1", "Henrik Aalstrup", "PER"), ("a2", "Aalstrup", "PER"), ("a3", "Henrick Aalstrupp", "PER")]
    assert linked_entities(store, "Personne") == []


def test_split_an_alias_known_only_inside_one_article():
    body = "La Caisse régionale de crédit maritime (CRCM) a gelé ses prêts ; la CRCM attend l'État."
    with Store.open(":memory:") as st:
        st.save(art("d1", body, ("Caisse régionale de crédit maritime", "ORG", "CRCM")))
        update_registry(st)
        assert resolve(st, "CRCM") == resolve(st, "Caisse régionale de crédit maritime")
        assert split_entity(st, "Caisse régionale de crédit maritime", "CRCM") is None
        assert resolve(st, "CRCM") is None
        update_registry(st)
        assert resolve(st, "CRCM") is None
        merge_entities(st, "Caisse régionale de crédit maritime", "CRCM")  # undoes the split
        assert resolve(st, "CRCM") == resolve(st, "Caisse régionale de crédit maritime")


def test_review_lists_weakest_first(store):
    rows = review_merges(store)
    assert rows and [r.score for r in rows] == sorted(r.score for r in rows)
    assert all(r.reason != "exact" for r in rows)
    assert {("Henrik Aalstrup", "Aalstrup")} <= {(r.name, r.alias) for r in rows}


def test_resolve_by_the_words_of_an_alias(store):
    assert resolve(store, "aalstrupp") == resolve(store, "Henrik Aalstrup")
    assert resolve(store, "kowalenko") == resolve(store, "Oleksandr Kovalenko")
    assert resolve(store, "aalst") is None  # whole words only


def test_resolve_unknown_and_empty(store):
    assert resolve(store, "Personne Inconnue") is None
    assert resolve(store, "  « » ") is None
    assert entity_detail(store, "Personne Inconnue") is None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("zelensky", "zelenskyy", True),
        ("veskovic", "vescovic", True),
        ("veskovic", "veskovitch", True),
        ("rutte", "ruttea", True),
        ("petrov", "petrova", False),  # his wife or sister
        ("kowalski", "kowalska", False),
        ("martin", "marton", False),
        ("dupont", "dupond", False),
        ("bernard", "bertrand", False),
    ],
)
def test_word_similarity(a, b, same):
    assert bool(m.word_similarity(a, b)) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("mark rutte", "marc ruttea", True),
        ("helena stravos", "helena stavros", True),
        ("jean martin", "jeanne martin", False),
        ("louis durand", "louise durand", False),
        ("christian roux", "christiane roux", False),
        ("paul martin", "pierre martin", False),
        ("jean dupont", "jean dupond", False),
    ],
)
def test_person_score(a, b, same):
    assert bool(m.person_score(a, b)) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("iran", "irak", False),
        ("niger", "nigeria", False),
        ("resolution 2231", "resolution 2331", False),
        ("coree du nord", "coree du sud", False),
        ("organisation mondiale de la sante", "organisation mondiale de la sant", True),
    ],
)
def test_other_score(a, b, same):
    assert bool(m.other_score(a, b)) is same


def test_cli_commands(tmp_path):
    from recoupe.cli_entities import entities_app

    db = str(tmp_path / "r.db")
    with Store.open(db) as st:
        st.save_many(corpus())
    runner = CliRunner()
    result = runner.invoke(entities_app, ["list", "--db", db, "--type", "per"])
    assert result.exit_code == 0, result.output
    assert "Henrik Aalstrup" in result.output and "Kiev" not in result.output
    result = runner.invoke(entities_app, ["show", "Aalstrup", "--db", db])
    assert result.exit_code == 0 and "surname" in result.output and "a2" in result.output
    result = runner.invoke(entities_app, ["merge", "Jean Martin", "Jeanne Martin", "--db", db])
    assert result.exit_code == 0 and "merged: " in result.output
    result = runner.invoke(entities_app, ["split", "Jean Martin", "--alias", "Jeanne Martin", "--db", db])
    assert result.exit_code == 0 and "split: Jeanne Martin" in result.output
    result = runner.invoke(entities_app, ["review", "--db", db])
    assert result.exit_code == 0 and "Henrick Aalstrupp" in result.output
    result = runner.invoke(entities_app, ["show", "Nobody", "--db", db])
    assert result.exit_code == 2 and "no entity named" in result.output
    result = runner.invoke(entities_app, ["list", "--type", "PERSON", "--db", db])
    assert result.exit_code == 2 and "valid: PER" in result.output
