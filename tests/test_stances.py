"""Stances towards user-defined issues, on French statements written for these tests."""

from __future__ import annotations

import re

import pytest

from recoupe.corpus.issue_links import compile_text_issues, text_links
from recoupe.corpus.issues import Issue
from recoupe.corpus.stance_context import sentences
from recoupe.corpus.stance_lexicon import default_lexicon, fold
from recoupe.corpus.stances import article_stances, stance_rows
from recoupe.nlp import load_nlp
from recoupe.records import Analysis, Article, Entity, Mention, Quote, Stance

ISSUES = [
    Issue("pensions", "Réforme des retraites", "L'âge légal de départ à la retraite doit être repoussé.",
          ("réforme des retraites", "âge légal", "report de l'âge")),
    Issue("sanctions", "Sanctions contre la Russie",
          "L'Union européenne doit durcir les sanctions contre la Russie.",
          ("sanctions contre la Russie", "nouvelles sanctions", "embargo")),
    Issue("nuclear", "Relance du nucléaire", "La France doit construire de nouveaux réacteurs nucléaires.",
          ("relance du nucléaire", "nouveaux réacteurs", "EPR")),
    Issue("nato", "Adhésion de l'Ukraine à l'OTAN", "L'Ukraine doit devenir membre de l'OTAN.",
          ("adhésion à l'OTAN", "rejoindre l'OTAN", "intégration à l'OTAN", "membre de l'OTAN")),
    Issue("guarantees", "Garanties de sécurité", "L'Ukraine doit recevoir des garanties de sécurité.",
          ("garanties de sécurité", "défense collective")),
    Issue("ceasefire", "Cessez-le-feu", "Un cessez-le-feu doit être conclu maintenant.",
          ("cessez-le-feu", "trêve", "accord de paix", "pourparlers de paix")),
    Issue("aid", "Aide militaire", "Il faut davantage d'aide militaire à l'Ukraine.",
          ("aide militaire", "livraisons d'armes", "munitions")),
    Issue("spending", "Dépenses de défense", "Les alliés doivent augmenter leurs dépenses de défense.",
          ("dépenses de défense", "budget de défense", "PIB")),
    # direction issues: the proposition's verb orients its words ("quitter" makes "retrait" support it)
    Issue("troops", "Retrait des troupes", "Les troupes étrangères doivent quitter le Sahel.",
          ("troupes", "soldats", "déploiement", "militarisation")),
    Issue("hostages", "Libération des otages", "Les otages doivent être libérés sans condition.",
          ("otages", "libérer", "libération", "détenus")),
    Issue("mining", "Moratoire minier", "Un moratoire sur l'exploitation minière des fonds marins doit être instauré.",
          ("moratoire", "exploitation minière", "suspension des forages")),
]

# every name in the table, with its type (the entity extractor's job, given here by hand)
NAMES = {
    "Michel Barnier": "PER", "CGT": "ORG", "Sophie Binet": "PER", "Bruno Le Maire": "PER",
    "Marine Tondelier": "PER", "Les Républicains": "ORG", "Rassemblement national": "ORG",
    "Jean-Luc Mélenchon": "PER", "Élysée": "ORG", "Emmanuel Macron": "PER", "Viktor Orban": "PER",
    "Bruxelles": "LOC", "Berlin": "LOC", "Petr Fiala": "PER", "Jean Dupont": "PER", "Olaf Scholz": "PER",
    "Kaja Kallas": "PER", "Ukraine": "LOC", "OTAN": "ORG", "Alliance atlantique": "ORG",
    "Danemark": "LOC", "Hongrie": "LOC", "Donald Tusk": "PER", "Robert Fico": "PER", "Kremlin": "ORG",
    "Volodymyr Zelensky": "PER", "Recep Tayyip Erdogan": "PER", "Marco Rubio": "PER", "Riyad": "LOC",
    "Mark Rutte": "PER", "Pologne": "LOC", "Russie": "LOC", "Douai": "LOC", "Giorgia Meloni": "PER",
    "Pedro Sánchez": "PER", "Kiev": "LOC", "Alexander Stubb": "PER", "Finlande": "LOC",
    "Paris": "LOC", "Amadou Diallo": "PER", "Anne Lefèvre": "PER", "Croix-Rouge": "ORG", "Norvège": "LOC",
    "Karim Benali": "PER", "Bamako": "LOC", "Awa Traoré": "PER", "Greenpeace": "ORG", "Oslo": "LOC", "Chili": "LOC",
}
CANON = {"Alliance atlantique": "OTAN"}

# (text, [(quoted words, speaker)], {(actor, issue, stance)})
TABLE = [
    ("Le Premier ministre Michel Barnier a défendu la réforme des retraites devant les députés.", [],
     {("Michel Barnier", "pensions", "support")}),
    ("La CGT rejette catégoriquement la réforme des retraites.", [], {("CGT", "pensions", "oppose")}),
    ("Sophie Binet s'oppose au report de l'âge légal.", [], {("Sophie Binet", "pensions", "oppose")}),
    ("« Repousser l'âge légal est une nécessité absolue », a martelé Bruno Le Maire.",
     [("Repousser l'âge légal est une nécessité absolue", "Bruno Le Maire")],
     {("Bruno Le Maire", "pensions", "support")}),
    ("« La réforme des retraites n'est pas nécessaire », a estimé Marine Tondelier.",
     [("La réforme des retraites n'est pas nécessaire", "Marine Tondelier")],
     {("Marine Tondelier", "pensions", "oppose")}),
    ("Les Républicains et le Rassemblement national maintiennent leur rejet de la réforme des retraites.", [],
     {("Les Républicains", "pensions", "oppose"), ("Rassemblement national", "pensions", "oppose")}),
    ("Jean-Luc Mélenchon réclame l'abrogation de la réforme des retraites.", [],
     {("Jean-Luc Mélenchon", "pensions", "oppose")}),
    ("Cette position tranche avec celle de l'Élysée, qui défend la relance du nucléaire.", [],
     {("Élysée", "nuclear", "support")}),
    ("Selon des sources proches du dossier, Emmanuel Macron aurait renoncé à la relance du nucléaire.", [],
     set()),
    ("Faut-il adopter de nouvelles sanctions contre la Russie ?", [], set()),
    ("Bruxelles prépare de nouvelles sanctions contre la Russie. Viktor Orban a dénoncé cette initiative.",
     [],
     {("Viktor Orban", "sanctions", "oppose")}),
    ("« Berlin soutient ces nouvelles sanctions, et nous sommes d'accord avec cela », a déclaré Petr Fiala.",
     [("Berlin soutient ces nouvelles sanctions, et nous sommes d'accord avec cela", "Petr Fiala")],
     {("Berlin", "sanctions", "support"), ("Petr Fiala", "sanctions", "support")}),
    ("Jean Dupont a estimé que l'Ukraine devait obtenir des garanties de sécurité plutôt qu'une adhésion à "
     "l'OTAN.", [], {("Jean Dupont", "guarantees", "support"), ("Jean Dupont", "nato", "oppose")}),
    ("Selon Jean Dupont, l'adhésion de l'Ukraine à l'OTAN n'est plus à l'ordre du jour.", [],
     {("Jean Dupont", "nato", "neutral")}),
    ("Olaf Scholz estime que l'adhésion de l'Ukraine à l'OTAN est prématurée.", [],
     {("Olaf Scholz", "nato", "oppose")}),
    ("Kaja Kallas soutient l'entrée de l'Ukraine dans l'Alliance atlantique.", [],
     {("Kaja Kallas", "nato", "support")}),
    ("Le Danemark va augmenter ses livraisons d'armes à l'Ukraine.", [], {("Danemark", "aid", "support")}),
    ("La Hongrie bloque toujours l'aide militaire européenne à l'Ukraine.", [],
     {("Hongrie", "aid", "oppose")}),
    ("Le chef du gouvernement slovaque Robert Fico refuse toute hausse des dépenses de défense.", [],
     {("Robert Fico", "spending", "oppose")}),
    ("Le Kremlin a rejeté la proposition de cessez-le-feu.", [], {("Kremlin", "ceasefire", "oppose")}),
    ("Volodymyr Zelensky a appelé à un cessez-le-feu immédiat.", [],
     {("Volodymyr Zelensky", "ceasefire", "support")}),
    ("Recep Tayyip Erdogan ne soutient pas de nouvelles sanctions contre la Russie.", [],
     {("Recep Tayyip Erdogan", "sanctions", "oppose")}),
    ("Marco Rubio s'est exprimé lors des pourparlers de paix à Riyad.", [], set()),
    ("Emmanuel Macron a visité une usine de batteries à Douai.", [], set()),
    ("Mark Rutte a exclu toute adhésion rapide de l'Ukraine à l'OTAN.", [],
     {("Mark Rutte", "nato", "oppose")}),
    ("La Pologne redoute une baisse de l'aide militaire à l'Ukraine.", [], {("Pologne", "aid", "support")}),
    ("« Il est essentiel de livrer davantage de munitions à Kiev », a insisté Giorgia Meloni.",
     [("Il est essentiel de livrer davantage de munitions à Kiev", "Giorgia Meloni")],
     {("Giorgia Meloni", "aid", "support")}),
    ("Pedro Sánchez a jugé « irréaliste » un budget de défense à 5 % du PIB.", [],
     {("Pedro Sánchez", "spending", "oppose")}),
    ("Si un cessez-le-feu était signé, la Finlande enverrait des observateurs, a dit Alexander Stubb.", [],
     set()),
    ("Pour Jean Dupont, l'élargissement de l'OTAN à l'Ukraine a été l'une des causes profondes de la guerre.",
     [], {("Jean Dupont", "nato", "oppose")}),
    ("Jean Dupont estime que la Finlande doit augmenter son budget de défense.", [],
     {("Jean Dupont", "spending", "support")}),
    ("Volodymyr Zelensky serait prêt à renoncer à l'adhésion à l'OTAN.", [], set()),
    ("Olaf Scholz ne s'oppose plus à l'envoi de munitions à Kiev.", [], {("Olaf Scholz", "aid", "support")}),
    ("« Les sanctions contre la Russie sont inutiles », a confié un diplomate européen.",
     [("Les sanctions contre la Russie sont inutiles", "un diplomate européen")], set()),
    # direction axes: sending is against a withdrawal, recalling for it; a mere mention only orients
    ("Paris a annoncé l'envoi de 500 soldats supplémentaires au Sahel.", [], {("Paris", "troops", "oppose")}),
    ("Paris rappelle ses soldats du Sahel.", [], {("Paris", "troops", "support")}),
    ("Amadou Diallo plaide pour un retrait rapide des troupes.", [], {("Amadou Diallo", "troops", "support")}),
    ("Pour Anne Lefèvre, le déploiement des soldats est un signal politique.", [], set()),
    ("La Croix-Rouge exige la libération des otages.", [], {("Croix-Rouge", "hostages", "support")}),
    ("La Norvège s'est dite préoccupée par la militarisation du Sahel.", [], {("Norvège", "troops", "support")}),
    # a condition or a time clause is no position
    ("Karim Benali refuse toute négociation tant que les otages n'ont pas été libérés.", [], set()),
    ("Les soldats resteront sur place jusqu'à ce que les otages soient libérés, a dit Amadou Diallo.", [], set()),
    # "rien à X", "Sans X, …", evaluative phrases
    ("« Il n'y a personne à libérer », a affirmé Karim Benali.", [("Il n'y a personne à libérer", "Karim Benali")],
     {("Karim Benali", "hostages", "oppose")}),
    ("« Sans moratoire, les fonds marins seront détruits », a prévenu Anne Lefèvre.",
     [("Sans moratoire, les fonds marins seront détruits", "Anne Lefèvre")], {("Anne Lefèvre", "mining", "support")}),
    ("Selon Anne Lefèvre, un moratoire est dans l'intérêt de tous.", [], {("Anne Lefèvre", "mining", "support")}),
    ("« Un moratoire, ce n'est pas raisonnable », a lancé Karim Benali.",
     [("Un moratoire, ce n'est pas raisonnable", "Karim Benali")], {("Karim Benali", "mining", "oppose")}),
    ("« Un retrait des troupes, c'est bien », a estimé Amadou Diallo.",
     [("Un retrait des troupes, c'est bien", "Amadou Diallo")], {("Amadou Diallo", "troops", "support")}),
    # actors: past a wire dateline, a name set off by commas, a passive agent
    ("BAMAKO, 3 mai (AFP) - La ministre malienne Awa Traoré a rejeté le moratoire.", [],
     {("Awa Traoré", "mining", "oppose")}),
    ("À Oslo, le chef de la diplomatie norvégienne, Karim Benali, a plaidé pour un moratoire.", [],
     {("Karim Benali", "mining", "support")}),
    ("Le moratoire, réclamé par Greenpeace, divise les États.", [], {("Greenpeace", "mining", "support")}),
    ("Greenpeace réclame un moratoire, une mesure que le Chili a toujours refusée.", [],
     {("Greenpeace", "mining", "support"), ("Chili", "mining", "oppose")}),
    ("« Le déploiement de nos soldats n'a plus de raison d'être », a déclaré Amadou Diallo.",
     [("Le déploiement de nos soldats n'a plus de raison d'être", "Amadou Diallo")],
     {("Amadou Diallo", "troops", "support")}),
    # a conditional reported by a past verb is a future; "pourrait" stays a possibility
    ("Karim Benali a répété que le Chili n'accepterait aucun moratoire.", [], {("Chili", "mining", "oppose")}),
    ("Karim Benali a laissé entendre que le Chili pourrait renoncer au moratoire.", [], set()),
]


def _mentions(text: str) -> tuple[Entity, ...]:
    found: dict[str, list[Mention]] = {}
    taken: list[tuple[int, int]] = []
    for surface in sorted(NAMES, key=len, reverse=True):
        for m in re.finditer(re.escape(surface), text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            name = CANON.get(surface, surface)
            found.setdefault(name, []).append(Mention(surface, m.start(), m.end(), NAMES[surface]))
    return tuple(Entity(name, ms[0].label, tuple(ms)) for name, ms in found.items())


def make_analysis(text: str, quotes: list[tuple[str, str]], *, aid: str = "a1",
                  published: str | None = "2025-03-01") -> Analysis:
    ents = _mentions(text)
    qs = []
    for words, speaker in quotes:
        start = text.index(words)
        named = speaker in {e.name for e in ents}
        qs.append(Quote(words, start, start + len(words), "direct", speaker, "PER" if named else "DESC",
                        anonymous=not named))
    art = Article(id=aid, source="test", body=text, content_hash=aid, published=published)
    return Analysis(article=art, entities=ents, quotes=tuple(qs))


nlp = pytest.fixture(scope="module")(lambda: load_nlp())


@pytest.mark.slow
@pytest.mark.parametrize(("text", "quotes", "expected"), TABLE, ids=[t[0][:40] for t in TABLE])
def test_statement_table(nlp, text, quotes, expected):
    stances = article_stances(make_analysis(text, quotes), ISSUES, nlp=nlp)
    got = {(s.actor, s.issue, s.stance) for s in stances}
    assert got == expected


def test_table_is_large_enough():
    assert len(TABLE) >= 25
    assert sum(1 for *_, exp in TABLE if not exp) >= 5  # statements that must give nothing


@pytest.mark.slow
def test_stance_carries_evidence_date_and_cues(nlp):
    text = "Hier, Olaf Scholz a rejeté toute adhésion de l'Ukraine à l'OTAN."
    [s] = article_stances(make_analysis(text, [], published="2025-02-10"), ISSUES, nlp=nlp)
    assert (s.article_id, s.date, s.stance) == ("a1", "2025-02-10", "oppose")
    assert text[s.start:s.end] == s.evidence and "adhésion" in s.evidence
    assert "rejeter" in s.cues and 0 < s.confidence <= 1
    assert s.quote_start is None


@pytest.mark.slow
def test_quote_stance_points_to_its_quote(nlp):
    text = "« Nous devons livrer davantage de munitions à l'Ukraine », a déclaré Mark Rutte."
    words = "Nous devons livrer davantage de munitions à l'Ukraine"
    [s] = article_stances(make_analysis(text, [(words, "Mark Rutte")]), ISSUES, nlp=nlp)
    assert (s.actor, s.issue, s.stance) == ("Mark Rutte", "aid", "support")
    assert s.quote_start == text.index(words) and s.evidence == words


@pytest.mark.slow
def test_question_gives_its_issue_to_the_answer(nlp):
    text = ("Faut-il une adhésion de l'Ukraine à l'OTAN ? « C'est une nécessité absolue », "
            "a répondu Kaja Kallas.")
    analysis = make_analysis(text, [("C'est une nécessité absolue", "Kaja Kallas")])
    got = {(s.actor, s.issue, s.stance) for s in article_stances(analysis, ISSUES, nlp=nlp)}
    assert got == {("Kaja Kallas", "nato", "support")}


@pytest.mark.slow
def test_unnamed_sources_on_request(nlp):
    text, quotes, _ = next(row for row in TABLE if "un diplomate européen" in row[0])
    got = article_stances(make_analysis(text, quotes), ISSUES, nlp=nlp, include_unnamed=True)
    assert {(s.actor, s.stance) for s in got} == {("un diplomate européen", "oppose")}


@pytest.mark.slow
def test_no_issues_no_stances(nlp):
    assert article_stances(make_analysis(TABLE[0][0], []), [], nlp=nlp) == []


def test_stance_rows_dedupe():
    s = Stance("Mark Rutte", "nato", "support", "a1", 0, 5, "texte")
    rows = stance_rows([s, s, Stance("Mark Rutte", "nato", "support", "a1", 9, 12, "autre")])
    assert rows == [{"actor": "Mark Rutte", "issue": "nato", "stance": "support", "article": "a1"}]


def test_text_links_need_every_word_of_a_term():
    models = compile_text_issues(ISSUES)
    assert [i for i, _ in text_links("Il a évoqué l'entrée de Kiev dans l'Alliance.", models)] == ["nato"]
    assert text_links("Il a évoqué l'Alliance.", models) == []
    assert [i for i, _ in text_links("Un embargo, puis des garanties de sécurité.", models)] == [
        "sanctions", "guarantees"]


def test_sentences_split_on_ends_and_lines():
    text = "Première phrase. « Deuxième ! » Troisième ?\nQuatrième"
    assert [text[a:b] for a, b in sentences(text)] == ["Première phrase.", "« Deuxième ! »", "Troisième ?",
                                                       "Quatrième"]


def test_lexicon_loads_and_folds():
    lex = default_lexicon()
    assert lex.vote("rejeter") == -1 and lex.vote("soutenir") == 1 and lex.vote("table") == 0
    assert lex.keys("Adhésion") & lex.keys("entrée")
    assert fold("Élysée’s") == "elysee's"


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "", "   \n\n ", "?", "« »", "« Une adhésion à l'OTAN ? »", "Mark Rutte.", "l'OTAN " * 200,
    "« Nous voulons un cessez-le-feu", "Un cessez-le-feu », a dit Mark Rutte.",
])
def test_odd_bodies_do_not_break(nlp, text):
    quotes = [("Nous voulons un cessez-le-feu", "Mark Rutte")] if "Nous voulons" in text else []
    stances = article_stances(make_analysis(text, quotes), ISSUES, nlp=nlp)
    assert all(0 <= s.start <= s.end <= len(text) for s in stances)


@pytest.mark.slow
def test_overlapping_quotes_do_not_break(nlp):
    text = "« Nous soutenons l'aide militaire à l'Ukraine, a dit Mark Rutte, et il faut des munitions. »"
    body_quotes = [("Nous soutenons l'aide militaire à l'Ukraine, a dit Mark Rutte, et il faut des munitions",
                    "Mark Rutte"), ("Nous soutenons l'aide militaire à l'Ukraine", "Mark Rutte")]
    got = {(s.actor, s.issue, s.stance) for s in article_stances(make_analysis(text, body_quotes), ISSUES, nlp=nlp)}
    assert got == {("Mark Rutte", "aid", "support")}


@pytest.mark.slow
def test_role_subject_takes_the_speaker_the_quote_extractor_resolved(nlp):
    text = ("Le chef du gouvernement a exclu toute suspension de la réforme des retraites, jugeant qu'elle "
            "était « indispensable ».")
    role = text.index("Le chef du gouvernement")
    words = "indispensable"
    q = Quote(words, text.index(words), text.index(words) + len(words), "mixed", "Michel Barnier", "PER",
              speaker_start=role, speaker_end=role + len("Le chef du gouvernement"))
    art = Article(id="a1", source="test", body=text, content_hash="a1", published="2024-11-15")
    ent = Entity("Michel Barnier", "PER", (Mention("Michel Barnier", 0, 0, "PER"),))
    got = article_stances(Analysis(article=art, entities=(ent,), quotes=(q,)), ISSUES, nlp=nlp)
    assert {(s.actor, s.issue, s.stance) for s in got} == {("Michel Barnier", "pensions", "support")}


@pytest.mark.slow
def test_person_speaking_for_a_state_takes_its_line(nlp):
    text = "Karim Benali a répété vendredi que le Chili n'accepterait aucun moratoire sans compensation."
    words = "le Chili n'accepterait aucun moratoire sans compensation"
    an = make_analysis(text, [])
    start = text.index(words)
    quote = Quote(words, start, start + len(words), "indirect", "Karim Benali", "PER", speaker_start=0,
                  speaker_end=12)
    an = Analysis(article=an.article, entities=an.entities, quotes=(quote,))
    got = {(s.actor, s.issue, s.stance) for s in article_stances(an, ISSUES, nlp=nlp)}
    assert ("Karim Benali", "mining", "oppose") in got


def test_issue_lexicon_orients_direction_words():
    from recoupe.corpus.stance_lexicon import issue_lexicon

    lex = issue_lexicon(default_lexicon(), ["quitter"])
    assert lex.axis["retrait"] == 1 and lex.axis["envoi"] == -1
    assert lex.vote("retrait") == 0  # read by the axis, not as the general "oppose" cue
    assert issue_lexicon(default_lexicon(), ["instaurer", "moratoire"]).axis["levee"] == -1
    assert issue_lexicon(default_lexicon(), ["visiter"]) is default_lexicon()


def test_dateline_is_cut_from_the_sentence():
    from recoupe.corpus.stance_context import strip_dateline

    for text, rest in [("KESSEL, 9 mars (APC) - La Première ministre a parlé.", "La Première"),
                       ("PARIS (AFP) - Le ministre a parlé.", "Le ministre"),
                       ("Le président (PS) - non, il a parlé.", "Le président")]:
        a, b = strip_dateline(text, (0, len(text)))
        assert text[a:b].startswith(rest)


@pytest.mark.slow
def test_a_told_change_of_position_keeps_both_sides(nlp):
    text = ("Karim Benali a accepté jeudi le moratoire, une volte-face. "
            "Lundi encore, Karim Benali rejetait fermement le moratoire.")
    got = {(s.actor, s.stance) for s in article_stances(make_analysis(text, []), ISSUES, nlp=nlp)}
    assert got == {("Karim Benali", "support"), ("Karim Benali", "oppose")}
    plain = text.replace(", une volte-face", "")
    assert len(article_stances(make_analysis(plain, []), ISSUES, nlp=nlp)) >= 1
    assert len({s.stance for s in article_stances(make_analysis(plain, []), ISSUES, nlp=nlp)}) == 1
