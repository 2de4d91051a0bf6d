"""Disputes across a small invented corpus: records built by hand, no parser needed."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe.corpus.disputes import corpus_disputes, disagreements, dispute_rows, shifts
from recoupe.corpus.figures import Figure, _conflict, figure_disputes, overlap_candidates
from recoupe.corpus.issues import Issue
from recoupe.records import Analysis, Article, Entity, Mention, Quote, Stance

ISSUES = [
    Issue("aid", "Aide militaire", "Il faut davantage d'aide militaire à l'Ukraine.",
          ("aide militaire", "livraisons d'armes", "munitions")),
    Issue("sanctions", "Sanctions", "L'Union européenne doit durcir les sanctions contre la Russie.",
          ("sanctions contre la Russie", "nouvelles sanctions")),
    Issue("ceasefire", "Cessez-le-feu", "Un cessez-le-feu doit être conclu maintenant.",
          ("cessez-le-feu", "trêve")),
]

TYPES = {"Emmanuel Macron": "PER", "Élysée": "ORG", "Viktor Orban": "PER", "Kremlin": "ORG",
         "Dmitri Peskov": "PER", "Vladimir Poutine": "PER", "Olaf Scholz": "PER", "Moscou": "LOC",
         "Kiev": "LOC", "Donbass": "LOC", "Hongrie": "LOC"}


def analysis(aid: str, body: str, *, published: str | None = None, outlet: str | None = None,
             quotes: tuple[Quote, ...] = ()) -> Analysis:
    ents = []
    for name, typ in TYPES.items():
        ms = tuple(Mention(name, m.start(), m.end(), typ) for m in re.finditer(re.escape(name), body))
        if ms:
            ents.append(Entity(name, typ, ms))
    art = Article(id=aid, source="test", body=body, content_hash=aid, published=published, outlet=outlet)
    return Analysis(article=art, entities=tuple(ents), quotes=quotes)


def stance(actor: str, issue: str, st: str, article: str, *, conf: float = 0.7, date: str | None = None,
           start: int = 0) -> Stance:
    return Stance(actor, issue, st, article, start, start + 10, f"{actor} {st} {issue}", conf, date)


def keys(disputes):
    return {(d.kind, d.issue, d.a.actor, d.b.actor) for d in disputes}


# --- disagreement ---------------------------------------------------------------------------

def test_disagreement_one_per_actor_pair_with_the_strongest_evidence():
    st = [stance("Olaf Scholz", "aid", "support", "a1", conf=0.5),
          stance("Olaf Scholz", "aid", "support", "a2", conf=0.9, start=40),
          stance("Viktor Orban", "aid", "oppose", "a1", conf=0.8)]
    [d] = disagreements(st)
    assert (d.kind, d.issue) == ("disagreement", "aid")
    assert {d.a.actor, d.b.actor} == {"Olaf Scholz", "Viktor Orban"}
    scholz = d.a if d.a.actor == "Olaf Scholz" else d.b
    assert (scholz.article_id, scholz.stance) == ("a2", "support")
    assert d.score == 0.8 and "Orban" in d.explanation


def test_no_disagreement_between_allies_or_with_neutral_or_across_issues():
    st = [stance("Olaf Scholz", "aid", "support", "a1"), stance("Emmanuel Macron", "aid", "support", "a1"),
          stance("Viktor Orban", "aid", "neutral", "a1"), stance("Viktor Orban", "sanctions", "oppose", "a1")]
    assert disagreements(st) == []


# --- shift ----------------------------------------------------------------------------------

def test_shift_in_date_order():
    st = [stance("Viktor Orban", "sanctions", "oppose", "a2", date="2025-03-01"),
          stance("Viktor Orban", "sanctions", "support", "a1", date="2024-11-20")]
    [d] = shifts(st)
    assert d.kind == "shift" and d.a.actor == d.b.actor == "Viktor Orban"
    assert (d.a.article_id, d.a.stance, d.b.article_id, d.b.stance) == ("a1", "support", "a2", "oppose")
    assert "2024-11-20" in d.explanation


def test_same_stance_twice_is_no_shift():
    st = [stance("Viktor Orban", "sanctions", "oppose", "a1", date="2024-11-20"),
          stance("Viktor Orban", "sanctions", "oppose", "a2", date="2025-03-01")]
    assert shifts(st) == []


def test_shift_each_change_once():
    st = [stance("Olaf Scholz", "aid", "support", "a1", date="2024-01-01"),
          stance("Olaf Scholz", "aid", "oppose", "a2", date="2024-06-01"),
          stance("Olaf Scholz", "aid", "oppose", "a3", date="2024-07-01"),
          stance("Olaf Scholz", "aid", "support", "a4", date="2025-01-01")]
    assert [(d.a.article_id, d.b.article_id) for d in shifts(st)] == [("a1", "a2"), ("a3", "a4")]


# --- denial ---------------------------------------------------------------------------------

CLAIM = ("Selon des sources proches du dossier, Emmanuel Macron aurait accepté de livrer des munitions "
         "supplémentaires à l'Ukraine. ")


def test_denial_in_the_same_article():
    body = CLAIM + "L'Élysée a démenti ces informations mardi soir."
    [d] = corpus_disputes([], [analysis("a1", body)], issues=ISSUES)
    assert (d.kind, d.issue, d.a.actor, d.b.actor) == ("denial", "aid", "Emmanuel Macron", "Élysée")
    assert d.a.text.startswith("Selon des sources") and "démenti" in d.b.text and d.score > 0.5


def test_denial_names_whose_claim_it_denies_and_keeps_the_strongest_denier():
    body = ("Le Kremlin aurait accepté une trêve de Noël, selon des sources diplomatiques. "
            "Vladimir Poutine aurait aussi accepté des livraisons d'armes, selon des sources. "
            "Le Kremlin n'a pas confirmé ces informations. "
            "Dmitri Peskov, porte-parole de Vladimir Poutine, a rejeté ces allégations.")
    got = keys(corpus_disputes([], [analysis("a1", body)], issues=ISSUES))
    assert ("denial", "aid", "Vladimir Poutine", "Dmitri Peskov") in got
    assert ("denial", "aid", "Vladimir Poutine", "Kremlin") not in got


def test_denial_across_articles():
    a1 = analysis("a1", "Viktor Orban aurait accepté de nouvelles sanctions contre la Russie, selon des "
                        "diplomates européens.", published="2025-01-10")
    a2 = analysis("a2", "Viktor Orban a démenti jeudi avoir accepté de nouvelles sanctions contre la Russie.",
                  published="2025-01-12")
    [d] = corpus_disputes([], [a1, a2], issues=ISSUES)
    assert (d.kind, d.issue, d.a.article_id, d.b.article_id) == ("denial", "sanctions", "a1", "a2")
    assert d.a.date == "2025-01-10" and d.b.date == "2025-01-12"


def test_rejecting_a_proposal_is_no_denial():
    body = ("Le Kremlin aurait envisagé une trêve, selon des sources. "
            "Vladimir Poutine a rejeté la proposition de cessez-le-feu.")
    assert corpus_disputes([], [analysis("a1", body)], issues=ISSUES) == []


def test_denial_needs_a_claim():
    body = "Le Kremlin a démenti ces informations. Olaf Scholz a promis des munitions à l'Ukraine."
    assert corpus_disputes([], [analysis("a1", body)], issues=ISSUES) == []


# --- factual --------------------------------------------------------------------------------

def test_factual_same_figure_different_numbers():
    a1 = analysis("a1", "Les autorités des deux camps ont annoncé une trêve de 30 jours.", outlet="Le Monde")
    a2 = analysis("a2", "Les deux camps ont conclu une trêve de 45 jours, selon les autorités.", outlet="AFP")
    [d] = corpus_disputes([], [a1, a2], issues=ISSUES)
    assert (d.kind, d.issue, d.a.actor, d.b.actor) == ("factual", "ceasefire", "Le Monde", "AFP")
    assert "30" in d.explanation and "45" in d.explanation


def test_no_factual_dispute_when_figures_agree_or_measure_other_things():
    same = [analysis("a1", "Les deux camps ont annoncé une trêve de 30 jours."),
            analysis("a2", "Les deux camps ont conclu une trêve de 30 jours.")]
    other = [analysis("a1", "Les deux camps ont annoncé une trêve de 30 jours."),
             analysis("a2", "Les deux camps ont annoncé un couvre-feu de 45 jours.")]
    one = [analysis("a1", "Une trêve de 30 jours, disent les uns; une trêve de 45 jours, disent les autres.")]
    for corpus in (same, other, one):
        assert [d for d in corpus_disputes([], corpus, issues=ISSUES) if d.kind == "factual"] == []


WORDS = st.sampled_from([f"mot{i}" for i in range(12)])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.frozensets(WORDS, max_size=9), max_size=14),
       st.sampled_from([0.3, 0.1, 0.25, 0.5, 1 / 3, 0.7, 1.0]))
def test_overlap_candidates_hold_every_pair_that_overlaps_enough_each_once(word_sets, threshold):
    pairs = list(overlap_candidates(word_sets, threshold))
    assert len(pairs) == len(set(pairs)) and all(i < j for i, j in pairs)
    needed = {(i, j) for j, b in enumerate(word_sets) for i, a in enumerate(word_sets[:j])
              if len(a & b) / max(1, len(a | b)) >= threshold}
    assert needed <= set(pairs)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["km", "jours"]), st.sampled_from([30.0, 45.0]),
                          st.frozensets(WORDS, min_size=1, max_size=8)), max_size=16),
       st.sets(st.integers(0, 5)) | st.none())
def test_figure_disputes_are_those_of_every_pair_compared(rows, involving):
    figures = [Figure(f"a{a}", n, 0, 10, " ".join(sorted(words)), unit, "", "", value, str(value), words, None,
                      f"a{a}", None) for n, (a, unit, value, words) in enumerate(rows)]
    chosen = None if involving is None else {f"a{a}" for a in involving}
    ordered = sorted(figures, key=lambda f: f.order)
    every = [(f1.order, f2.order, d) for i, f1 in enumerate(ordered) for f2 in ordered[i + 1:]
             if chosen is None or f1.article_id in chosen or f2.article_id in chosen
             for d in [_conflict(f1, f2)] if d is not None]
    every.sort(key=lambda x: (x[0], x[1]))
    assert figure_disputes(figures, involving=chosen) == [d for *_, d in every]


# --- rows -----------------------------------------------------------------------------------

def test_dispute_rows_have_the_scorer_fields():
    st = [stance("Olaf Scholz", "aid", "support", "a1"), stance("Viktor Orban", "aid", "oppose", "a2")]
    [row] = dispute_rows(corpus_disputes(st, []))
    assert row["kind"] == "disagreement" and row["issue"] == "aid"
    assert {row["a"]["article"], row["b"]["article"]} == {"a1", "a2"}
    assert {row["a"]["actor"], row["b"]["actor"]} == {"Olaf Scholz", "Viktor Orban"}
    assert isinstance(row["score"], float) and row["explanation"]


def test_quote_with_deny_polarity_names_the_denier():
    body = CLAIM + "« Ce sont des rumeurs sans fondement », a réagi l'Élysée."
    q = Quote("Ce sont des rumeurs sans fondement", body.index("Ce sont"), body.index("Ce sont") + 34,
              "direct", "Élysée", "ORG", polarity="deny")
    [d] = corpus_disputes([], [analysis("a1", body, quotes=(q,))], issues=ISSUES)
    assert (d.kind, d.a.actor, d.b.actor) == ("denial", "Emmanuel Macron", "Élysée")


def test_without_issues_only_stance_disputes_and_unlinked_figures():
    body = CLAIM + "L'Élysée a démenti ces informations mardi soir."
    [d] = corpus_disputes([], [analysis("a1", body)])
    assert (d.kind, d.issue, d.a.actor, d.b.actor) == ("denial", None, "Emmanuel Macron", "Élysée")
    st = [stance("Olaf Scholz", "aid", "support", "a1"), stance("Viktor Orban", "aid", "oppose", "a2")]
    assert [d.kind for d in corpus_disputes(st, [analysis("a1", body)])] == ["disagreement", "denial"]


# --- two sources of one sentence, two counts ---------------------------------------------------

def test_factual_two_sources_in_one_sentence_count_the_same_thing_differently():
    body = "Selon Kiev, la frappe a fait douze morts et 3 blessés pendant la trêve ; Moscou parle de quinze victimes."
    [d] = [x for x in corpus_disputes([], [analysis("a1", body)], issues=ISSUES) if x.kind == "factual"]
    assert (d.issue, {d.a.actor, d.b.actor}) == ("ceasefire", {"Kiev", "Moscou"})
    assert "12" in d.explanation and "15" in d.explanation


def test_no_factual_dispute_when_the_counts_agree_or_count_other_things():
    for body in ["Selon Kiev, douze soldats ont été tués ; Moscou parle aussi de 12 soldats.",
                 "Selon Kiev, douze soldats ont été tués ; Moscou parle de quinze civils.",
                 "Kiev a reçu douze obus et quinze obus hier."]:
        assert not [x for x in corpus_disputes([], [analysis("a1", body)], issues=ISSUES) if x.kind == "factual"]


def test_denied_claim_is_about_the_actor_named_nearest_its_cue():
    body = ("Donbass : la Hongrie aurait accepté de lever son veto sur l'aide militaire, selon des sources "
            "diplomatiques. Le Kremlin a démenti ces informations.")
    disputes = [d for d in corpus_disputes([], [analysis("a1", body)], issues=ISSUES) if d.kind == "denial"]
    assert [(d.a.actor, d.b.actor) for d in disputes] == [("Hongrie", "Kremlin")]


def test_shift_told_inside_one_article_whatever_the_order_of_the_stances():
    before = stance("Viktor Orban", "aid", "oppose", "a1", conf=0.6, date="2025-03-01")
    earlier = stance("Viktor Orban", "aid", "oppose", "a2", conf=0.6, date="2025-03-03", start=5)
    after = stance("Viktor Orban", "aid", "support", "a2", conf=0.6, date="2025-03-05", start=50)
    for order in ([before, earlier, after], [after, earlier, before]):
        found = [(d.a.stance, d.b.stance) for d in shifts(order)]
        assert ("oppose", "support") in found and len(found) == 1
