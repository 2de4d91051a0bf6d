"""recoupe.extract.dates: French date expressions on real-style sentences."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe.extract.dates import dates, find_dates, published_from_text
from recoupe.extract.dates_calendar import parse_number
from recoupe.records import DateMention

THU = date(2025, 2, 13)  # a Thursday
SUN = date(2024, 12, 1)  # a Sunday
NEW_YEAR = date(2025, 1, 3)  # a Friday, early January

# (sentence, anchor, expression as it should be found, expected value)
CASES: list[tuple[str, date | None, str, str | None]] = [
    # absolute dates
    ("Le sommet s'est tenu le 13 février 2025 à Munich.", THU, "le 13 février 2025", "2025-02-13"),
    ("Les élections auront lieu le 1er décembre.", THU, "le 1er décembre", "2024-12-01"),
    ("Le cessez-le-feu expire le 2 mars.", THU, "le 2 mars", "2025-03-02"),
    ("Il est mort le 28 décembre, a annoncé sa famille.", NEW_YEAR, "le 28 décembre", "2024-12-28"),
    ("La conférence se tiendra le 5 janvier.", date(2024, 12, 20), "le 5 janvier", "2025-01-05"),
    ("L'accord signé le 6 mai dernier reste fragile.", date(2025, 5, 27), "le 6 mai dernier", "2025-05-06"),
    (
        "Le texte entrera en vigueur le 1er septembre prochain.",
        THU,
        "le 1er septembre prochain",
        "2025-09-01",
    ),
    ("L'invasion a commencé en février 2022.", THU, "février 2022", "2022-02"),
    ("Les négociations avaient échoué fin septembre 2000.", THU, "fin septembre 2000", "2000-09"),
    ("Le décret du 13/02/2025 a été publié.", THU, "13/02/2025", "2025-02-13"),
    ("Le décret du 5/3/98 a été abrogé.", THU, "5/3/98", "1998-03-05"),
    ("La réunion est fixée au jeudi 20 février.", THU, "jeudi 20 février", "2025-02-20"),
    ("La réunion a eu lieu jeudi 13 février à Bruxelles.", THU, "jeudi 13 février", "2025-02-13"),
    ("Né le 21 janvier 1913 à Nancy, il a tout connu.", THU, "le 21 janvier 1913", "1913-01-21"),
    (
        "Il a été arrêté le 10 novembre 93, sur la route.",
        date(2002, 1, 21),
        "le 10 novembre 93",
        "1993-11-10",
    ),
    ("L'école a ouvert dès octobre 98. La mairie paie.", date(1999, 5, 23), "octobre 98", "1998-10"),
    ("Le festival aura lieu du 19 au 23 juillet, à Metz.", THU, "19", "2025-07-19"),
    ("Le festival aura lieu du 19 au 23 juillet, à Metz.", THU, "23 juillet", "2025-07-23"),
    ("Le sommet s'ouvrira jeudi 20 à Paris.", THU, "jeudi 20", "2025-02-20"),
    ("Le conseil s'est réuni lundi 10, à huis clos.", THU, "lundi 10", "2025-02-10"),
    ("Grève lundi 3 et mardi 4 mars dans les transports.", THU, "lundi 3", "2025-03-03"),
    ("La mairie sera fermée du mercredi 3 avril au samedi 6 avril.", THU, "mercredi 3 avril", "2024-04-03"),
    ("Les scrutins auront lieu les 6 et 13 avril prochains.", THU, "les 6", "2025-04-06"),
    ("Les soldats sont partis en mai 68, dit-il.", THU, "mai 68", "1968-05"),
    (
        "Il a été arrêté le 3 mars. Deux jours plus tard, il était libre.",
        THU,
        "Deux jours plus tard",
        "2025-03-05",
    ),
    ("La nuit dernière, des drones ont frappé Kiev.", THU, "La nuit dernière", "2025-02-12"),
    ("A partir de mercredi, les écoles rouvrent.", THU, "mercredi", "2025-02-19"),
    # years and months in context
    ("Il a noté qu'en 2024, les alliés ont investi 485 milliards.", THU, "2024", "2024"),
    ("Soit une hausse de 20 % par rapport à 2023.", THU, "2023", "2023"),
    ("Le régiment est installé ici depuis 1999, sans interruption.", THU, "1999", "1999"),
    ("La population a crû de 10 % entre 1990 et 1999.", THU, "1999", "1999"),
    ("Il a dirigé l'usine de 1982 à 1987.", THU, "1987", "1987"),
    ("Dès l'année 2001, la commune paiera.", THU, "l'année 2001", "2001"),
    ("Le chantier reprendra en mars, selon la mairie.", THU, "mars", "2025-03"),
    ("Le chantier reprendra début octobre.", THU, "début octobre", "2025-10"),
    ("Il a été sanctionné en septembre dernier.", THU, "septembre dernier", "2024-09"),
    ("Le contrat sera signé en juin prochain.", THU, "juin prochain", "2025-06"),
    ("Il n'a plus joué depuis janvier, faute de contrat.", date(2025, 9, 13), "janvier", "2025-01"),
    ("Il a été suspendu en mai et juin derniers.", date(2025, 2, 23), "mai", "2024-05"),
    ("En 97, il y a eu deux ruptures (en janvier puis en octobre).", THU, "janvier", "1997-01"),
    # weekdays
    ("Le ministre a déclaré jeudi que les discussions avançaient.", THU, "jeudi", "2025-02-13"),
    ("Le président s'est exprimé lundi soir à la télévision.", THU, "lundi soir", "2025-02-10"),
    ("Mercredi, Donald Trump a annoncé un entretien.", THU, "Mercredi", "2025-02-12"),
    ("La réunion qui s'est ouverte ce mardi à Bruxelles.", THU, "ce mardi", "2025-02-11"),
    ("Le Parlement a voté vendredi dernier le texte.", THU, "vendredi dernier", "2025-02-07"),
    ("Le Parlement a voté jeudi dernier le texte.", THU, "jeudi dernier", "2025-02-06"),
    ("La réunion s'ouvre ce mardi à Bruxelles.", date(2024, 12, 2), "ce mardi", "2024-12-03"),
    ("Le ministre parle ce vendredi devant les députés.", THU, "ce vendredi", "2025-02-14"),
    ("Il sera opéré dimanche prochain à Strasbourg.", THU, "dimanche prochain", "2025-02-16"),
    ("Les magasins rouvriront dès samedi, selon la préfecture.", THU, "samedi", "2025-02-15"),
    ("Il avait reçu le ministre dimanche en recevant ses alliés.", SUN, "dimanche", "2024-12-01"),
    ("Aujourd'hui vendredi, le marché est fermé.", date(1999, 7, 9), "Aujourd'hui vendredi", "1999-07-09"),
    # deictics
    ("Il a annulé hier une rencontre avec le premier ministre.", THU, "hier", "2025-02-12"),
    ("Nous l'avons dit aujourd'hui aux journalistes.", THU, "aujourd'hui", "2025-02-13"),
    ("D'après nos discussions d'aujourd’hui, les alliés sont d'accord.", THU, "aujourd’hui", "2025-02-13"),
    ("Le verdict sera rendu demain à Paris.", THU, "demain", "2025-02-14"),
    ("Le corps a été découvert avant-hier.", THU, "avant-hier", "2025-02-11"),
    ("Le vote aura lieu après-demain.", THU, "après-demain", "2025-02-15"),
    ("Il l'a rappelé ce matin sur France Inter.", THU, "ce matin", "2025-02-13"),
    ("Les ministres se sont réunis la semaine dernière.", THU, "la semaine dernière", "2025-02-03"),
    ("Le texte sera examiné la semaine prochaine.", THU, "la semaine prochaine", "2025-02-17"),
    ("Les prix ont encore augmenté le mois dernier.", THU, "le mois dernier", "2025-01"),
    ("L'entreprise a doublé ses ventes l'an dernier.", THU, "l'an dernier", "2024"),
    ("Il reviendra l'année prochaine.", THU, "l'année prochaine", "2026"),
    ("Les chiffres de la fin de l'année dernière sont mauvais.", THU, "la fin de l'année dernière", "2024"),
    ("Un accord a émergé plus tôt cette année.", THU, "plus tôt cette année", "2025"),
    ("Un accord pourrait être conclu d'ici la fin de l'année.", THU, "la fin de l'année", "2025"),
    ("La manifestation est prévue ce week-end.", THU, "ce week-end", "2025-02-15"),
    ("Il a été libéré il y a une semaine.", THU, "il y a une semaine", "2025-02-06"),
    ("Il a quitté le parti il y a deux ans.", THU, "il y a deux ans", "2023"),
    # durations
    ("Kiev a accepté une trêve de 30 jours avec la Russie.", THU, "30 jours", "P30D"),
    ("Il a été détenu pendant trois mois.", THU, "trois mois", "P3M"),
    ("Le conflit dure depuis deux ans.", THU, "deux ans", "P2Y"),
    ("Une garde à vue de quarante-huit heures.", THU, "quarante-huit heures", "PT48H"),
    ("Il a purgé une peine de vingt-et-un jours.", THU, "vingt-et-un jours", "P21D"),
    ("Un entretien d'une heure avec le président.", THU, "une heure", "PT1H"),
    ("Le plan s'étale sur cent jours.", THU, "cent jours", "P100D"),
    # no anchor: relative values stay unknown, absolute ones are kept
    ("Il a déclaré jeudi que rien n'était décidé.", None, "jeudi", None),
    ("Il l'a annoncé hier soir.", None, "hier soir", None),
    ("Le texte a été voté le 13 février 2025.", None, "le 13 février 2025", "2025-02-13"),
    ("Un accord a émergé plus tôt cette année.", None, "plus tôt cette année", None),
]


def _find(text: str, anchor: date | None, **kw: object) -> list[DateMention]:
    return find_dates(text, anchor=anchor, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "anchor", "expr", "value"), CASES)
def test_table(text: str, anchor: date | None, expr: str, value: str | None) -> None:
    found = _find(text, anchor)
    hits = [m for m in found if m.text == expr]
    assert hits, f"{expr!r} not found in {[m.text for m in found]}"
    assert hits[0].value == value
    assert text[hits[0].start : hits[0].end] == expr


NOT_DATES = [
    "Mars est la quatrième planète du système solaire.",
    "Marc Fogel a été libéré en échange d'Alexander Vinnik.",
    "Les alliés ont investi 485 milliards de dollars dans la défense.",
    "Plus de 2000 personnes ont manifesté à Lyon.",
    "La ville compte 2023 habitants selon le recensement.",
    "L'issue ne serait pas décidée du jour au lendemain.",
    "S'ils décident un jour d'engager des négociations, ce sera en position de force.",
    "Le marché se tient le mardi sur la place de l'église.",
    "Il prend le train tous les lundis.",
    "Mai Lan chante ce soir à l'Olympia.",  # "ce soir" is a date, "Mai" is not
    "Le premier dimanche du printemps est une fête au village.",
    "Selon les informations de 20 Minutes, la mairie a porté plainte.",
    "Le corps a été découvert aux environs de 21 heures par les pompiers.",
    "Trois jours avant le scrutin, les sondages se sont resserrés.",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    found = _find(text, THU)
    bad = [m.text for m in found if m.text.lower() not in ("ce soir",) and m.kind != "duration"]
    bad += [m.text for m in found if m.kind == "duration" and "jours" not in m.text]
    assert bad == []


def test_weekday_future_by_tense() -> None:
    text = "Le ministre se rendra mardi à Kiev."
    assert _find(text, THU)[0].value == "2025-02-11"  # past by default
    future = _find(text, THU, tense_of=lambda _: "future")
    assert future[0].value == "2025-02-18"
    same_day = _find("Il parlera jeudi.", THU, tense_of=lambda _: "future")
    assert same_day[0].value == "2025-02-13"


def test_veille_and_lendemain_follow_the_event() -> None:
    text = (
        "Le sommet s'est ouvert le 3 mars à Paris. La veille, les ministres avaient dîné. "
        "Le lendemain, ils sont repartis."
    )
    found = {m.text: m for m in _find(text, THU)}
    assert found["La veille"].value == "2025-03-02"
    assert found["La veille"].anchor_source == "event"
    assert found["La veille"].anchor == "2025-03-03"
    assert found["Le lendemain"].value == "2025-03-04"


def test_veille_without_event_uses_anchor() -> None:
    (m,) = _find("La veille, le gouvernement avait démenti.", THU)
    assert (m.value, m.anchor_source) == ("2025-02-12", "published")


def test_kinds_and_anchor_sources() -> None:
    text = "Jeudi, hier, le 13 février 2025, en 2024, pendant trois mois. Puis en mars."
    kinds = [(m.kind, m.anchor_source) for m in _find(text, THU)]
    assert kinds == [
        ("weekday", "published"),
        ("deictic", "published"),
        ("absolute", None),
        ("year", None),
        ("duration", None),
        ("month", "published"),
    ]
    assert all(m.anchor_source == "none" for m in _find("Jeudi et hier.", None))


def test_lone_month_takes_a_year_just_mentioned() -> None:
    found = _find("En 2019, le site a fermé en mars puis rouvert.", THU)
    assert [(m.text, m.value) for m in found] == [("2019", "2019"), ("mars", "2019-03")]


def test_year_context_carries_and_resets() -> None:
    found = _find("Le 3 mars 2019 puis le 5 avril, il a tout perdu.", THU)
    assert [m.value for m in found] == ["2019-03-03", "2019-04-05"]
    text = "Deux ruptures en 98, deux de nouveau cette année : le 6 juin et le 2 juillet."
    found = {m.text: m.value for m in _find(text, date(1999, 7, 29))}
    assert found["le 6 juin"] == "1999-06-06"
    later = _find("En 2019, il a déménagé. Le 5 avril, il est revenu.", THU)
    assert later[-1].value == "2025-04-05"  # a sentence break ends the year's reach


def test_offsets_are_in_the_original_text() -> None:
    text = "L’accord d’aujourd’hui, signé mercredi dernier, vaut jusqu’en 2030."
    for m in _find(text, THU):
        assert text[m.start : m.end] == m.text
    assert [m.text for m in _find(text, THU)] == ["aujourd’hui", "mercredi dernier", "2030"]


PUBLISHED = [
    ("Titre de l'article\nPublié le 13 février 2025 à 10h12\nMis à jour le 14 février 2025", "2025-02-13"),
    ("Publié le : 05/03/2024 à 08:30\nLe gouvernement a annoncé...", "2024-03-05"),
    ("PARIS, 3 mars 2024 (AFP) - Le gouvernement a annoncé jeudi...", "2024-03-03"),
    ("Mis à jour le 14 février 2025 à 12h\nLe texte...", "2025-02-14"),
    ("Par Jean Dupont\nLe jeudi 13 février 2025 à 18h05\nLe président...", "2025-02-13"),
    ("Publié le 2025-02-13\nTexte", "2025-02-13"),
    ("Publié: 2025-02-13T10:00:00+01:00\nTexte", "2025-02-13"),
    ("Mis à jour le 13 févr. 2025 à 10:15\nTexte", "2025-02-13"),
    ("Le ministre a déclaré jeudi qu'il viendrait en 2025.\nRien d'autre.", None),
    ("Le 24 février 2022, la Russie envahissait l'Ukraine\nRetour sur trois ans de guerre", None),
    ("KIEV (Reuters), 24 février 2025 - Les sirènes ont retenti.", "2025-02-24"),
    ("Rédaction\n13/02/2025 10:12\nLe gouvernement...", "2025-02-13"),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), PUBLISHED)
def test_published_from_text(text: str, expected: str | None) -> None:
    assert published_from_text(text) == expected


@pytest.mark.parametrize(
    ("words", "n"),
    [
        ("un", 1),
        ("vingt-et-un", 21),
        ("trente", 30),
        ("quarante-huit", 48),
        ("soixante-dix", 70),
        ("quatre-vingt-dix", 90),
        ("cent", 100),
        ("deux cents", 200),
        ("12", 12),
    ],
)
def test_parse_number(words: str, n: int) -> None:
    assert parse_number(words) == n


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab 0129/.,'-éhierjudmasvnt")), max_size=60),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
)
def test_never_crashes_and_spans_hold(text: str, anchor: date) -> None:
    for m in find_dates(text, anchor=anchor):
        assert text[m.start : m.end] == m.text
        assert m.start < m.end


# --- the Doc version (slow: loads spaCy) ---


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from recoupe.nlp import load_nlp

    return load_nlp()


@pytest.mark.slow
def test_doc_future_tense(nlp) -> None:  # type: ignore[no-untyped-def]
    found = dates(nlp("Le ministre se rendra mardi à Kiev pour rencontrer Zelensky."), anchor=THU)
    assert [(m.text, m.value) for m in found] == [("mardi", "2025-02-18")]


@pytest.mark.slow
def test_doc_past_tense_and_aller(nlp) -> None:  # type: ignore[no-untyped-def]
    past = dates(nlp("Le ministre s'est rendu mardi à Kiev."), anchor=THU)
    assert past[0].value == "2025-02-11"
    going = dates(nlp("Le président va rencontrer samedi son homologue."), anchor=THU)
    assert going[0].value == "2025-02-15"
    cond = dates(nlp("Une rencontre pourrait avoir lieu vendredi à Riyad."), anchor=THU)
    assert cond[0].value == "2025-02-14"
    modal = dates(nlp("Les plages doivent rouvrir mercredi, selon le préfet."), anchor=THU)
    assert modal[0].value == "2025-02-19"


@pytest.mark.slow
def test_doc_matches_plain_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Mark Rutte a déclaré jeudi qu'en 2024, les alliés avaient investi davantage."
    assert [m.value for m in dates(nlp(text), anchor=THU)] == ["2025-02-13", "2024"]
