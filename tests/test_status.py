"""Epistemic status, claims and quantities on French sentences written for these tests."""

from __future__ import annotations

import pytest

from recoupe.extract.claims import claims
from recoupe.extract.quantities import parse_number, quantities
from recoupe.extract.status import sentence_status, text_cues, text_status, text_statuses

STATUS_CASES = [
    # asserted
    ("Le Parlement a adopté mardi la loi de finances par 312 voix contre 201.", "asserted"),
    ("La ministre a rencontré son homologue allemand à Berlin.", "asserted"),
    ("Les deux pays ont signé un accord de libre-échange.", "asserted"),
    ("Le président a annoncé la fermeture de trois bases militaires.", "asserted"),
    ("L'armée a confirmé la mort de quatre soldats dans l'attaque.", "asserted"),
    ("Le gouvernement a débloqué 200 millions d'euros pour les agriculteurs.", "asserted"),
    ("La banque centrale a relevé son taux directeur de 0,25 point.", "asserted"),
    ("Nous voulons la paix, a déclaré le Premier ministre.", "asserted"),
    # conditional (conditionnel journalistique)
    ("Le président aurait accepté un cadre de négociation.", "conditional"),
    ("Les rebelles auraient pris le contrôle de la ville.", "conditional"),
    ("Le ministre serait sur le départ.", "conditional"),
    ("Plusieurs navires auraient été saisis dans la nuit.", "conditional"),
    ("L'accord pourrait avoir été signé dès lundi.", "conditional"),
    ("Le chef de l'État aurait rencontré l'émissaire en secret.", "conditional"),
    ("Les négociateurs seraient parvenus à un compromis.", "conditional"),
    ("La société aurait versé des commissions à des intermédiaires.", "conditional"),
    # hedged
    ("Selon le ministère, 40 personnes ont été évacuées.", "hedged"),
    ("D'après la police, la manifestation a réuni 12 000 personnes.", "hedged"),
    ("L'auteur présumé de l'attaque a été arrêté.", "hedged"),
    ("Il semble que les discussions aient échoué.", "hedged"),
    ("Le supposé plan de paix circule depuis lundi.", "hedged"),
    ("Le bilan, qui n'a pas pu être vérifié de source indépendante, s'élève à 30 morts.", "hedged"),
    ("À en croire l'opposition, le scrutin a été truqué.", "hedged"),
    # anonymous
    ("Selon des sources proches des négociations, un accord est en vue.", "anonymous"),
    ("Un responsable qui n'a pas souhaité être nommé a confirmé la rencontre.", "anonymous"),
    ("Un diplomate européen, sous couvert d'anonymat, a évoqué un blocage.", "anonymous"),
    ("De source diplomatique, on indique que la visite est reportée.", "anonymous"),
    ("Selon plusieurs sources concordantes, le ministre a démissionné.", "anonymous"),
    ("Selon un haut responsable, les troupes se retirent.", "anonymous"),
    ("Des sources bien informées évoquent un remaniement imminent.", "anonymous"),
    ("Un conseiller, qui a requis l'anonymat, parle d'une erreur.", "anonymous"),
    # denied
    ("Le porte-parole a démenti ces informations.", "denied"),
    ("Le Kremlin a rejeté ces allégations, jugées infondées.", "denied"),
    ("Le ministre nie toute implication dans l'affaire.", "denied"),
    ("La présidence a formellement démenti la tenue d'une rencontre.", "denied"),
    ("L'entreprise a rejeté les accusations de fraude.", "denied"),
    ("Le gouvernement n'a pas confirmé ces informations.", "denied"),
    ("Pour le ministère, il s'agit de fausses informations.", "denied"),
    # question
    ("Un accord de paix en 2024 ?", "question"),
    ("La trêve tiendra-t-elle jusqu'à Noël ?", "question"),
    ("Vers une sortie de crise ?", "question"),
    ("Faut-il craindre une escalade ?", "question"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "expected"), STATUS_CASES)
def test_sentence_status(nlp, sentence, expected):
    status, cues = sentence_status(nlp(sentence)[:])
    assert status == expected, (sentence, status, cues)
    if expected != "asserted":
        assert cues, "a non-asserted status always names the words that decided it"


def test_enough_status_cases():
    assert len(STATUS_CASES) >= 40
    assert {s for _, s in STATUS_CASES} == {"asserted", "conditional", "hedged", "anonymous", "denied", "question"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Selon des sources proches du dossier, le contrat est signé.", "anonymous"),
    ("Le porte-parole a démenti.", "denied"),
    ("Le ministre a signé le décret.", "asserted"),
    ("Une trêve avant Noël ?", "question"),
])
def test_text_status_without_a_parse(text, expected):
    assert text_status(text)[0] == expected


def test_denial_outranks_conditional():
    assert text_status("Le porte-parole a démenti que le président aurait accepté l'offre.")[0] == "denied"


@pytest.mark.parametrize(("text", "value", "unit", "measure"), [
    ("ils ont investi 485 milliards de dollars dans la défense", 485e9, "USD", None),
    ("une hausse de 20 % par rapport à 2023", 20.0, "percent", "hausse"),
    ("au moins 2 % de leur PIB", 2.0, "percent", "PIB"),
    ("une trêve de 30 jours", 30.0, "day", "trêve"),
    ("une trêve de trente jours", 30.0, "day", "trêve"),
    ("un cessez-le-feu de quarante-huit heures", 48.0, "hour", "cessez-le-feu"),
    ("1 200 soldats ont été déployés", 1200.0, "soldier", None),
    ("une aide de 3,5 millions d’euros", 3.5e6, "EUR", "aide"),
    ("deux cents navires", 200.0, "ship", None),
])
def test_quantities(text, value, unit, measure):
    found = list(quantities(text))
    assert found, text
    q = found[0]
    assert q.value == pytest.approx(value) and q.unit == unit and q.measure == measure
    assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("text", ["en 2024, le pays", "le 13 février", "Marc a parlé", "trois fois rien"])
def test_no_quantity_without_a_unit(text):
    assert list(quantities(text)) == []


def test_parse_number_french_forms():
    assert parse_number("1 200") == 1200 and parse_number("3,5") == 3.5
    assert parse_number("soixante-dix") == 70 and parse_number("une") == 1


@pytest.mark.slow
def test_claims_carry_status_kind_and_date(nlp):
    from recoupe.records import DateMention

    text = ("Le gouvernement a débloqué 200 millions d'euros mardi.\n"
            "Selon des sources proches du dossier, le ministre aurait accepté de démissionner.\n"
            "Le temps était gris.\n"
            "Le porte-parole a démenti ces informations.")
    doc = nlp(text)
    mardi = text.index("mardi")
    dates = [DateMention("mardi", mardi, mardi + 5, "2025-02-11", "weekday", "2025-02-13", "published")]
    found = list(claims(doc, [], dates, published="2025-02-13"))
    assert [c.kind for c in found][:2] == ["figure", "agreement"]
    assert found[0].status == "asserted" and found[0].date == "2025-02-11" and found[0].date_source == "text"
    assert found[1].status == "anonymous" and found[1].date == "2025-02-13" and found[1].date_source == "published"
    assert not any("gris" in c.text for c in found)
    for c in found:
        assert text[c.start:c.end] == c.text


@pytest.mark.parametrize("sentence", [s for s, _ in STATUS_CASES] + [
    "Selon des sources proches du dossier, Moscou aurait accepté, mais Kiev a démenti ces informations.",
    "According to sources familiar with the talks, a deal is close; il semble que non.",
    "",
])
def test_text_statuses_are_the_statuses_of_text_cues(sentence):
    """The signals read only which statuses a sentence shows: one combined pattern per status."""
    assert text_statuses(sentence) == set(text_cues(sentence))
    some = ("anonymous", "conditional")
    assert text_statuses(sentence, some) == set(text_cues(sentence)) & set(some)
