"""Reliability signals: each one on sentences that must fire it, and on sentences that must not."""

from __future__ import annotations

import pytest

from recoupe.corpus.corroboration import corroborations
from recoupe.corpus.signals import SIGNALS, article_signals
from recoupe.corpus.signals_mt import name_variants
from recoupe.records import Entity, Mention, Quote, Removal
from tests.test_clusters import make, sample_corpus


def signal(analysis, name, **kw):
    return next(s for s in article_signals(analysis, **kw) if s.name == name)


def spans_text(analysis, sig):
    return [analysis.article.body[s:e] for s, e in sig.evidence]


@pytest.fixture(scope="module")
def sample():
    return {a.article.id[:2]: a for a in sample_corpus()}


def test_every_signal_is_named_explained_and_in_order(sample):
    sigs = article_signals(sample["01"])
    assert tuple(s.name for s in sigs) == SIGNALS
    assert all(s.explanation and s.article_id == sample["01"].article.id for s in sigs)


def test_byline_and_credited_agency(sample):
    assert signal(sample["04"], "byline").value == 1.0 and "Marie Dubois" in signal(sample["04"], "byline").explanation
    assert signal(sample["01"], "byline").value == 0.0
    apc = signal(sample["02"], "credited_agency")
    assert apc.value == 1.0 and "APC" in apc.explanation
    assert spans_text(sample["02"], apc) == ["KESSEL, 9 mars (APC) -"]
    assert signal(sample["03"], "credited_agency").value == 0.0  # the uncredited copy


def test_anonymous_and_conditional_shares(sample):
    anon = signal(sample["04"], "anonymous_share")
    cond = signal(sample["04"], "conditional_share")
    assert anon.value > 0 and cond.value > anon.value
    assert any("requis l'anonymat" in t for t in spans_text(sample["04"], anon))
    assert any("aurait accepté" in t for t in spans_text(sample["04"], cond))
    assert signal(sample["01"], "anonymous_share").value == 0.0


def test_anonymous_quote_counts_even_without_a_lexicon_cue():
    body = "Le ministre cherche une porte de sortie, confie un proche du dossier. Le conseil se réunira demain matin."
    q = Quote(text="Le ministre cherche une porte de sortie", start=0, end=40, kind="indirect",
              speaker="un proche du dossier", anonymous=True, status="anonymous", sentence_start=0, sentence_end=70)
    a = make("x", body, quotes=(q,))
    assert signal(a, "anonymous_share").value == 0.5


def test_affiliate_notice_from_removals_and_from_body(sample):
    aff = signal(sample["04"], "affiliate_notice")
    assert aff.value >= 2 and "Disclosure" in aff.explanation  # the disclosure and the affiliate links
    left = make("l", "Le Salon nautique ouvre samedi à Paris.\n"
                     "Les 5 meilleurs gilets de sauvetage de 2025 (notre sélection)")
    assert "notre sélection" in spans_text(left, signal(left, "affiliate_notice"))
    plain = make("p", "Les pêcheurs ont manifesté à Boulogne-sur-Mer contre la baisse des quotas.",
                 removed=(Removal("Partager sur Facebook", "share", 3),))
    assert signal(plain, "affiliate_notice").value == 0.0


@pytest.mark.parametrize(("title", "fires"), [
    ("INCROYABLE : vous ne croirez jamais ce que ce maire a fait", True),
    ("Réforme des retraites : le gouvernement va-t-il reculer ?", True),
    ("LA FRANCE SOUS LE CHOC APRÈS LE MATCH", True),
    ("Les 7 secrets révélés du budget de l'État", True),
    ("L'OTAN et l'UE renforcent leur coopération en mer Baltique", False),
    ("Le Sénat adopte le projet de loi sur l'immigration", False),
])
def test_clickbait_headline(title, fires):
    a = make("h", title + "\nLe texte de l'article suit, avec des faits vérifiables et datés.")
    sig = signal(a, "clickbait_headline")
    assert (sig.value > 0) is fires, sig.explanation


def test_superlatives_in_the_writers_voice_only():
    body = (
        "Le Premier ministre a annoncé une réforme incroyable et sans précédent du système de santé. "
        "« C'est une réforme historique », a déclaré la ministre de la Santé."
    )
    q = Quote(text="C'est une réforme historique", start=body.index("C'est"), end=body.index("»") - 1,
              kind="direct", speaker="la ministre de la Santé")
    sig = signal(make("s", body, quotes=(q,)), "unsupported_superlatives")
    assert sig.value == 2.0 and "historique" not in sig.explanation
    calm = make("c", "Le conseil municipal a voté mardi le budget primitif, en hausse de 2 %.")
    assert signal(calm, "unsupported_superlatives").value == 0.0


@pytest.mark.parametrize(("sentence", "fires"), [
    ("Des négociations accélérées : un accord de paix en 2024 ?", True),
    ("Les élections législatives prévues en 2023 pourraient être reportées.", True),
    ("Le prochain sommet de l'Alliance se tiendra en 2022 à Madrid.", True),
    ("En 2024, les alliés ont investi 485 milliards de dollars dans la défense.", False),
    ("Le pays est en guerre depuis 2022 et la paix ne sera pas signée demain.", False),
    ("Le prochain sommet se tiendra en 2026 à Ankara.", False),
    ("Le procès portera sur des faits de 2019 qui seront examinés en appel.", False),
])
def test_date_inconsistency(sentence, fires):
    a = make("d", "Titre\n" + sentence, published="2025-03-14")
    sig = signal(a, "date_inconsistency")
    assert (sig.value > 0) is fires, sig.explanation
    if fires:
        assert spans_text(a, sig) == [sentence]


def test_date_inconsistency_needs_a_publication_date():
    a = make("d", "Un accord de paix en 2024 ?")
    assert signal(a, "date_inconsistency").value == 0.0


def test_machine_translation_artefacts_broken_joins():
    body = (
        "Le soutien à Kiev et la stratégie de l'OTAN envers la Russie Ce sont les principales questions. "
        "Une invitation à rejoindre le L’OTAN est nécessaire, a-t-il dit."
    )
    sig = signal(make("m", body), "machine_translation_artefacts")
    assert sig.value == 2.0 and "Ce sont" in sig.explanation and "le L’" in sig.explanation
    clean = (
        "Selon Le Monde, la ministre a rencontré Ces Dames du Comité. Elle a lu Il Sole 24 Ore et "
        "le magazine Elle. Le Pen et La Haye sont cités. Il viendra."
    )
    assert signal(make("n", clean), "machine_translation_artefacts").value == 0.0


def test_machine_translation_artefacts_garbled_names():
    body = "Marc Ruttea a parlé. Mark Rutte a ensuite précisé sa pensée. Rutte a conclu."
    rutte = Entity(name="Mark Rutte", type="PER", aliases=("Marc Ruttea", "Mark Rutte", "Rutte"), mentions=(
        Mention("Marc Ruttea", 0, 11, "PER"), Mention("Mark Rutte", 21, 31, "PER"), Mention("Rutte", 62, 67, "PER")))
    sig = signal(make("g", body, entities=(rutte,)), "machine_translation_artefacts")
    assert sig.value == 1.0 and "Marc Ruttea" in sig.explanation and (0, 11) in sig.evidence
    # a surname alone, a title, or accents differ: not garbled
    ok = Entity(name="Dragan Vesković", type="PER", aliases=("Vesković", "Veskovic", "M. Vesković"), mentions=())
    assert name_variants(ok) == []
    bad = Entity(name="Dragan Vesković", type="PER", aliases=("Vesković", "Veskovitch", "Vescovic"), mentions=())
    assert name_variants(bad) == ["Vescovic", "Veskovitch"]


def test_run_on_line_cut_without_punctuation():
    cut = " ".join(["mot"] * 30)
    sig = signal(make("r", f"Titre court\n{cut}\nLa suite du texte."), "machine_translation_artefacts")
    assert sig.value == 1.0
    assert signal(make("r2", f"Titre court\n{cut}."), "machine_translation_artefacts").value == 0.0


def test_corroborated_share(sample):
    corpus = list(sample.values())
    corr = corroborations(corpus)
    first = signal(sample["01"], "corroborated_share", corroboration=corr)
    assert 0 < first.value < 1 and "single-source" in first.explanation and first.evidence
    assert signal(sample["01"], "corroborated_share").value == 0.0  # nothing to compare with
    # wire copies alone do not corroborate each other
    pair = [sample["02"], sample["03"]]
    assert signal(sample["02"], "corroborated_share", corroboration=corroborations(pair)).value == 0.0


@pytest.fixture(scope="module")
def analysed_sample():
    """The sample corpus through the real extractors (entities, quotes, claims)."""
    from recoupe.batch.local import analyse_local
    from recoupe.records import Analysis
    from recoupe.settings import Settings

    articles = [a.article for a in sample_corpus()]
    return {r.article.id[:2]: r for r in analyse_local(articles, settings=Settings()) if isinstance(r, Analysis)}


@pytest.mark.slow
def test_signals_on_the_analysed_sample_corpus(analysed_sample):
    from recoupe.corpus.clusters import story_clusters, wire_groups

    corpus = list(analysed_sample.values())
    assert [g.members for g in wire_groups(corpus)] == [("02_stravos-rejette-mediation", "03_kessel-ferme-la-porte")]
    assert len(story_clusters(corpus)) == 1
    corr = corroborations(corpus)
    assert any(c.n_sources >= 2 for c in corr) and any(c.single_source and len(c.articles) >= 2 for c in corr)
    sigs = {k: {s.name: s for s in article_signals(a, corroboration=corr)} for k, a in analysed_sample.items()}
    assert sigs["05"]["machine_translation_artefacts"].value > 0  # Veskovic / Vescovic, Stavros / Stravos
    assert sigs["01"]["machine_translation_artefacts"].value == 0
    assert sigs["04"]["anonymous_share"].value > 0 and sigs["04"]["conditional_share"].value > 0
