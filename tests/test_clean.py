"""recoupe.clean: furniture goes, news text stays."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe.clean import CleanResult, clean_article, clean_text
from recoupe.clean.normalise import fold_key, normalise_text
from recoupe.records import Article, RawArticle, Reject, content_hash

P1 = "Le gouvernement a présenté mercredi un projet de loi sur la sécurité des réseaux électriques."
P2 = "Selon la ministre, les premières mesures entreront en vigueur avant la fin de l’année prochaine."

DEV = Path(__file__).parents[1].parent / "shared" / "eval" / "dev"


def _place(line: str, where: str) -> str:
    """Put ``line`` at the head, in the body or at the tail of a small article."""
    return {
        "alone": line,
        "head": f"{line}\n{P1}\n\n{P2}",
        "body": f"{P1}\n\n{line}\n\n{P2}",
        "tail": f"{P1}\n\n{P2}\n\n{line}",
    }[where]


def _body_lines(result: CleanResult) -> list[str]:
    return result.body.split("\n")


REMOVED = [
    # share and comment prompts
    ("Partager", "tail", "share"),
    ("Partager.", "tail", "share"),
    ("Partager cet article", "tail", "share"),
    ("Partager sur Facebook", "body", "share"),
    ("Partagez cet article sur les réseaux sociaux", "tail", "share"),
    ("Share on X", "tail", "share"),
    ("Facebook Twitter LinkedIn WhatsApp E-mail", "tail", "share"),
    ("Facebook", "tail", "edge"),
    ("Laisser un commentaire", "tail", "share"),
    ("Laisser une réponse", "tail", "share"),
    ("Soyez le premier à commenter", "tail", "share"),
    ("Leave a Reply", "tail", "share"),
    ("Leave a comment", "body", "share"),
    ("24 commentaires", "tail", "share"),
    ("Commenter", "tail", "share"),
    ("Cancel reply", "tail", "share"),
    # comment forms
    ("Your email address will not be published. Required fields are marked *", "tail", "comment-form"),
    (
        "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
        "tail",
        "comment-form",
    ),
    (
        "Enregistrer mon nom, mon e-mail et mon site dans le navigateur pour mon prochain commentaire.",
        "tail",
        "comment-form",
    ),
    ("Nom *", "tail", "edge"),
    # affiliate and sponsorship disclosures
    (
        "Disclosure: Some links in this post are affiliate links, and we may earn a commission at no extra "
        "cost to you. We only recommend products we have tested ourselves.",
        "head",
        "disclosure",
    ),
    (
        "Cet article contient des liens affiliés : nous touchons une commission si vous achetez "
        "via ces liens.",
        "head",
        "disclosure",
    ),
    ("Contenu sponsorisé", "head", "disclosure"),
    ("En partenariat avec la Caisse d’épargne", "head", "disclosure"),
    # reading times and datelines
    ("8 Min Read", "head", "reading-time"),
    ("Lecture 3 min", "head", "reading-time"),
    ("Temps de lecture : 4 minutes", "head", "reading-time"),
    ("3 min de lecture", "head", "reading-time"),
    ("Mis à jour le 14 février 2025 à 08h00", "head", "dateline"),
    ("Publié le 3 mars 2024 à 18h12, modifié le 4 mars 2024 à 07h30", "body", "dateline"),
    ("Published on March 3, 2024", "head", "dateline"),
    ("13 février 2025 à 10h45", "head", "date"),
    # theme strings
    ("Exit mobile version", "tail", "theme"),
    ("Aller au contenu", "head", "theme"),
    ("Skip to content", "head", "theme"),
    ("Menu", "head", "edge"),
    ("Accueil › Monde › Europe", "head", "edge"),
    ("Back to top", "tail", "theme"),
    ("Retour en haut de la page", "tail", "theme"),
    ("Lire aussi : Les agriculteurs bloquent l’autoroute A7", "body", "theme"),
    ("À lire aussi", "body", "theme"),
    ("» LIRE AUSSI - Le Sénat adopte la réforme des retraites", "body", "theme"),
    ("Read more: How Brussels plans to rebuild Ukraine", "tail", "theme"),
    ("Sur le même sujet", "tail", "theme"),
    ("Abonnez-vous", "tail", "theme"),
    ("Article réservé aux abonnés", "head", "theme"),
    ("Il vous reste 72 % de cet article à lire.", "tail", "theme"),
    ("Nous utilisons des cookies pour améliorer votre expérience de navigation.", "tail", "theme"),
    ("Inscrivez-vous à notre newsletter", "tail", "theme"),
    ("Recevez chaque matin notre newsletter Politique", "tail", "theme"),
    ("Suivez-nous sur Google Actualités", "tail", "theme"),
    ("Tags : Ukraine, OTAN, Défense", "tail", "edge"),
    ("© 2025 Le Courrier du Soir. Tous droits réservés.", "tail", "theme"),
    ("© Le Courrier du Soir", "tail", "edge"),
    ("Crédit photo : Ludovic Marin / AFP", "head", "edge"),
    # lone punctuation
    ("-", "body", "punctuation"),
    ("•", "body", "punctuation"),
    ("…", "body", "punctuation"),
    ("* * *", "body", "punctuation"),
    # bylines
    ("Par Claire Martin", "head", "byline"),
    ("By Olivia Thompson, March 3, 2025", "head", "byline"),
]

KEPT = [
    # attributions and bullets with content
    ("• Donald Trump", "body"),
    ("— Zelensky", "body"),
    ("— Zelensky", "tail"),
    ("- L’Ukraine serait contrainte d’abandonner son ambition d’adhésion à l’OTAN.", "body"),
    ("- Hausse des prix de l’énergie", "tail"),
    # sub-headings and titles
    ("Un appel décisif entre Trump et Poutine", "body"),
    ("Une Nouvelle Dynamique Géopolitique", "body"),
    ("Des négociations sous haute tension", "head"),
    ("2025 : l’année de tous les dangers", "head"),
    ("13 février 2025", "body"),
    # ambiguous words in the middle of the article
    ("Menu", "body"),
    ("Réactions", "body"),
    ("Source : AFP", "body"),
    ("AFP", "body"),
    ("Emmanuel Macron", "body"),
    ("X", "body"),
    # prose that starts like furniture
    ("Partager le fardeau de la dette : un défi européen", "body"),
    ("Partager par deux le budget de la défense", "tail"),
    ("Commenter l’actualité sans la déformer", "body"),
    ("Les commentaires du ministre ont suscité une vive polémique à l’Assemblée.", "body"),
    ("« Nous ne partagerons pas cet article de loi », a lancé la députée.", "body"),
    (
        "Publié en 2019, le rapport du Sénat pointait déjà ces failles dans la chaîne d’approvisionnement.",
        "body",
    ),
    ("Lecture d’une déclaration commune à Bruxelles", "body"),
    ("Le vendeur peut toucher une commission de 5 % sur chaque contrat signé, selon le rapport.", "body"),
    ("Ce dossier a été réalisé avec le soutien des services de renseignement.", "body"),
    ("Avec Emmanuel Macron", "tail"),
    ("Abonnement Navigo : la région annonce une hausse de 5 %", "tail"),
    ("S’abonner à un journal devient un luxe pour les ménages modestes.", "tail"),
    ("Recevoir des alertes en cas de tsunami est désormais possible grâce à FR-Alert.", "tail"),
    ("En partenariat avec l’Unesco, la ville a lancé un programme de fouilles.", "tail"),
    ("Partenariat : la France et le Maroc signent un accord de partenariat", "tail"),
    ("Cette page contient les décisions de la Commission européenne.", "tail"),
    ("Correspondant à Gaza : un métier à haut risque", "head"),
    ("Lire entre les lignes du communiqué de Moscou", "body"),
    ("Le président a quitté la salle sans commenter.", "tail"),
]


@pytest.mark.parametrize(("line", "where", "rule"), REMOVED)
def test_furniture_is_removed(line: str, where: str, rule: str) -> None:
    result = clean_text(_place(line, where))
    assert line not in _body_lines(result)
    assert [r.rule for r in result.removed if r.text == line] == [rule]
    assert P1 in result.body and P2 in result.body


@pytest.mark.parametrize(("line", "where"), KEPT)
def test_content_is_kept(line: str, where: str) -> None:
    result = clean_text(_place(line, where))
    assert line in _body_lines(result)
    assert result.removed == ()


@pytest.mark.parametrize(
    ("line", "credited"),
    [
        ("Source: AA", "AA"),
        ("Source : AFP", "AFP"),
        ("Sources : AFP, Reuters", "AFP, Reuters"),
        ("(Avec AFP)", "AFP"),
        ("(avec AFP et Reuters)", "AFP, Reuters"),
        ("Avec Reuters", "Reuters"),
        ("— AFP", "AFP"),
        ("AFP", "AFP"),
        ("Par AFP", "AFP"),
        ("(AFP)", "AFP"),
        ("Le Courrier (avec AFP)", "AFP"),
        ("Par la rédaction avec AFP et Reuters", "AFP, Reuters"),
        ("Source : https://www.example.fr/monde/article-123.html", "example.fr"),
    ],
)
def test_source_lines_fold_into_credited_source(line: str, credited: str) -> None:
    for where in ("head", "tail"):
        result = clean_text(_place(line, where))
        assert result.credited_source == credited
        assert line not in _body_lines(result)
        assert [r.rule for r in result.removed] == ["source"]


def test_person_after_dash_is_not_a_source() -> None:
    result = clean_text(_place("— Zelensky", "tail"))
    assert result.credited_source is None


def test_bare_author_next_to_reading_time_is_a_byline() -> None:
    text = "Les marchés européens chutent après l’annonce de Washington\n\nClaire Martin\n6 Min Read\n\n" + P1
    result = clean_text(text)
    assert result.author == "Claire Martin"
    assert _body_lines(result) == ["Les marchés européens chutent après l’annonce de Washington", "", P1]
    assert [(r.rule, r.line) for r in result.removed] == [("byline", 2), ("reading-time", 3)]


def test_author_on_the_reading_time_line() -> None:
    result = clean_text("Le Sénat adopte le budget\nJean-Paul Lefèvre • 4 min de lecture\n" + P1)
    assert result.author == "Jean-Paul Lefèvre"
    assert _body_lines(result) == ["Le Sénat adopte le budget", P1]


def test_bare_author_next_to_a_date() -> None:
    result = clean_text("Le Sénat adopte le budget\nClaire Martin\n13 février 2025\n" + P1)
    assert result.author == "Claire Martin"
    assert _body_lines(result) == ["Le Sénat adopte le budget", P1]
    assert [r.rule for r in result.removed] == ["byline", "date"]


def test_title_case_title_above_reading_time_stays() -> None:
    result = clean_text("Trump Défie Moscou\n\n5 min read\n" + P1)
    assert _body_lines(result) == ["Trump Défie Moscou", "", P1]
    assert result.author is None


def test_author_on_the_first_line_touching_the_reading_time() -> None:
    result = clean_text("Claire Martin\n5 min read\n\n" + P1)
    assert _body_lines(result) == [P1]
    assert result.author == "Claire Martin"


@pytest.mark.parametrize(
    "line",
    [
        "Publié par Claire Martin le 3 mars 2025",
        "Par Claire Martin, correspondante à Bruxelles",
        "By Claire Martin on March 3, 2025",
        "Posted by Claire Martin | 3 mars 2025",
    ],
)
def test_byline_forms(line: str) -> None:
    result = clean_text(f"Un titre\n{line}\n{P1}")
    assert (result.author, _body_lines(result)) == ("Claire Martin", ["Un titre", P1])


def test_name_under_a_quote_near_the_top_stays() -> None:
    text = "« Nous voulons la paix. »\n• Volodymyr Zelensky\n" + P1 + "\n" + P2
    assert clean_text(text).body == text


WEB_ARTICLE = """\
Aller au contenu principal
Accueil > International > Europe
Menu
La France envoie des renforts en Roumanie
Par Jean-Marc Dupont
Publié le 13 février 2025 à 10h30, mis à jour le 14 février 2025 à 08h00
Lecture 4 min.
Article réservé aux abonnés

Le ministre des Armées a annoncé mardi l’envoi de 500 soldats supplémentaires en Roumanie.

Lire aussi : L’OTAN renforce son flanc est

« Nous serons au rendez-vous », a déclaré le ministre devant la presse.
— Sébastien Lecornu

Un déploiement sans précédent

Les soldats partiront dès la semaine prochaine, selon l’état-major, qui n’a pas donné plus de détails.
- Les blindés suivront en mars
(Avec AFP et Reuters)
Partager sur Facebook
Facebook Twitter WhatsApp Email
12 commentaires
Tags : OTAN, Roumanie, Défense
Abonnez-vous à notre newsletter
© 2025 Le Journal du Soir
"""

WEB_BODY = """\
La France envoie des renforts en Roumanie

Le ministre des Armées a annoncé mardi l’envoi de 500 soldats supplémentaires en Roumanie.

« Nous serons au rendez-vous », a déclaré le ministre devant la presse.
— Sébastien Lecornu

Un déploiement sans précédent

Les soldats partiront dès la semaine prochaine, selon l’état-major, qui n’a pas donné plus de détails.
- Les blindés suivront en mars"""

BLOG_ARTICLE = """\
Bruxelles prépare un nouveau paquet de sanctions contre Moscou

Olivia Thompson
7 Min Read
Disclosure: This website may contain affiliate links, which means we may earn a commission if you click \
on a link and make a purchase. Thank you for your support!

La Commission européenne a présenté vendredi un seizième paquet de sanctions contre la Russie.

« Nous ne relâcherons pas la pression », a affirmé la présidente de la Commission à Bruxelles.

Partager cet article
Laisser un commentaire

Leave a Reply

Your email address will not be published. Required fields are marked *
Comment *
Name *
Email *
Save my name, email, and website in this browser for the next time I comment.
"""


WORDPRESS_ARTICLE = """\
Skip to content
Tuesday, March 4, 2025
Latest:
Home » Monde » Europe
Berlin et Paris s’accordent sur un fonds commun pour la défense européenne
By Thomas Weber
March 4, 2025
Post Views: 1 234
Le chancelier allemand et le président français ont annoncé lundi un fonds de défense commun.
Publicité
« Il s’agit d’un moment historique pour l’Europe », a affirmé le président français.
Ce que prévoit l’accord
- Un fonds de 100 milliards d’euros sur cinq ans
- Des achats groupés de munitions
Le Courrier (avec AFP)
Partager :
Cliquez pour partager sur Facebook(ouvre dans une nouvelle fenêtre)
J’aime ça :
J’aime chargement…
Articles similaires
Navigation de l’article
Article précédent
Article suivant
Laisser un commentaire Annuler la réponse
Vous devez vous connecter pour publier un commentaire.
Δ
Ce site utilise Akismet pour réduire les indésirables. En savoir plus sur le traitement de vos données.
Mentions légales
© 2025 Le Courrier. Tous droits réservés.
"""


def test_wordpress_article_head_and_tail() -> None:
    result = clean_text(WORDPRESS_ARTICLE)
    assert _body_lines(result) == [
        "Berlin et Paris s’accordent sur un fonds commun pour la défense européenne",
        "Le chancelier allemand et le président français ont annoncé lundi un fonds de défense commun.",
        "« Il s’agit d’un moment historique pour l’Europe », a affirmé le président français.",
        "Ce que prévoit l’accord",
        "- Un fonds de 100 milliards d’euros sur cinq ans",
        "- Des achats groupés de munitions",
    ]
    assert (result.credited_source, result.author) == ("AFP", "Thomas Weber")


def test_web_article_head_and_tail() -> None:
    result = clean_text(WEB_ARTICLE)
    assert result.body == WEB_BODY
    assert result.credited_source == "AFP, Reuters"
    assert result.author == "Jean-Marc Dupont"
    raw_lines = WEB_ARTICLE.split("\n")
    for removal in result.removed:
        assert raw_lines[removal.line] == removal.text


def test_blog_article_head_and_tail() -> None:
    result = clean_text(BLOG_ARTICLE)
    assert _body_lines(result) == [
        "Bruxelles prépare un nouveau paquet de sanctions contre Moscou",
        "",
        "La Commission européenne a présenté vendredi un seizième paquet de sanctions contre la Russie.",
        "",
        "« Nous ne relâcherons pas la pression », a affirmé la présidente de la Commission à Bruxelles.",
    ]
    assert result.author == "Olivia Thompson"
    assert {r.rule for r in result.removed} >= {
        "byline",
        "reading-time",
        "disclosure",
        "share",
        "comment-form",
    }


def test_normalisation() -> None:
    text = "Titre\u00a0: « Paix »\u202f!\r\nL\u2019OTAN\u200b  a dit   non.   \r\n\r\n\r\n\r\n"
    text += "E\u0301lysée\tfin\n"
    result = clean_text(text)
    assert result.body == "Titre : « Paix » !\nL’OTAN a dit non.\n\nÉlysée fin"
    assert unicodedata.is_normalized("NFC", result.body)


def test_removal_lines_count_like_splitlines() -> None:
    text = "Premier paragraphe du texte.\u2028Partager\r\nDeuxième paragraphe.\rLeave a Reply"
    result = clean_text(text)
    raw = text.splitlines()
    assert [(r.text, r.line) for r in result.removed] == [("Partager", 1), ("Leave a Reply", 3)]
    assert all(raw[r.line] == r.text for r in result.removed)


def test_fold_key() -> None:
    assert fold_key("• Laisser une Réponse :") == "laisser une reponse"
    assert fold_key("L’Élysée") == "l'elysee"


# ---------------------------------------------------------------- clean_article


def _raw(text: str | None, **kw: object) -> RawArticle:
    return RawArticle(source="test.txt", fmt="txt", text=text, **kw)  # type: ignore[arg-type]


def test_article_prepends_title_and_copies_metadata() -> None:
    raw = _raw(
        f"{P1}\n{P2}\nPartager",
        id="a1",
        title="Réseaux électriques : la loi arrive",
        url="https://example.org/a1",
        outlet="Le Courrier",
        published="2025-02-13",
        published_source="meta",
        author="Anne Roux",
    )
    art = clean_article(raw)
    assert isinstance(art, Article)
    assert art.body == f"Réseaux électriques : la loi arrive\n\n{P1}\n{P2}"
    assert (art.id, art.url, art.outlet, art.published, art.published_source, art.author) == (
        "a1",
        "https://example.org/a1",
        "Le Courrier",
        "2025-02-13",
        "meta",
        "Anne Roux",
    )
    assert art.title == "Réseaux électriques : la loi arrive"
    assert [r.rule for r in art.removed] == ["share"]


def test_article_does_not_repeat_its_title() -> None:
    art = clean_article(
        _raw(f"Réseaux électriques : la loi arrive\n{P1}", title="Reseaux electriques : la loi arrive")
    )
    assert isinstance(art, Article)
    assert art.body.count("la loi arrive") == 1


def test_article_id_and_content_hash() -> None:
    art = clean_article(_raw(f"{P1}\nSource : AFP"))
    assert isinstance(art, Article)
    assert art.id == content_hash(art.body)
    assert art.credited_source == "AFP"
    again = clean_article(_raw(f"{P1}\nSource : AFP"))
    dated = clean_article(_raw(f"{P1}\nSource : AFP", published="2025-01-01"))
    assert isinstance(again, Article) and isinstance(dated, Article)
    assert again.content_hash == art.content_hash
    assert dated.content_hash != art.content_hash and dated.id == art.id


def test_article_author_from_byline() -> None:
    art = clean_article(_raw(f"Un titre\nPar Claire Martin\n{P1}"))
    assert isinstance(art, Article)
    assert art.author == "Claire Martin"


@pytest.mark.parametrize("text", ["", "   \n\n", "Partager\nLeave a Reply\n-\nExit mobile version"])
def test_article_without_content_is_rejected(text: str) -> None:
    rej = clean_article(_raw(text, title="Un titre seul"))
    assert isinstance(rej, Reject)
    assert (rej.stage, rej.reason, rej.source) == ("clean", "no-content", "test.txt")


def test_article_without_text_or_html_is_rejected() -> None:
    rej = clean_article(_raw(None))
    assert isinstance(rej, Reject) and rej.stage == "clean"


def test_article_from_html_only() -> None:
    pytest.importorskip("recoupe.ingest.html")
    paragraphs = "".join(f"<p>{p}</p>" for p in (P1, P2, P1.replace("mercredi", "jeudi")))
    html = f"<html><body><article><h1>Un titre</h1>{paragraphs}<p>Partager</p></article></body></html>"
    art = clean_article(RawArticle(source="page.html", fmt="html", html=html))
    assert isinstance(art, Article)
    assert P2 in art.body and "Partager" not in art.body.split("\n")


def test_article_truncated_at_a_line_boundary() -> None:
    lines = [f"Paragraphe {i} : {P1}" for i in range(50)]
    art = clean_article(_raw("\n".join(lines)), max_chars=1000)
    assert isinstance(art, Article)
    assert len(art.body) <= 1000
    assert set(art.body.split("\n")) <= set(lines)
    cut = art.removed[-1]
    assert cut.rule == "truncated"
    assert cut.text == lines[cut.line]
    assert art.body.split("\n")[-1] == lines[cut.line - 1]


def test_article_truncates_one_huge_line() -> None:
    art = clean_article(_raw("mot " * 1000), max_chars=100)
    assert isinstance(art, Article)
    assert len(art.body) <= 100 and art.removed[-1].rule == "truncated"


def test_article_rejects_bad_max_chars() -> None:
    with pytest.raises(ValueError, match="max_chars"):
        clean_article(_raw(P1), max_chars=0)


# ---------------------------------------------------------------- properties

FURNITURE = [
    "Partager",
    "Leave a Reply",
    "Source : AFP",
    "5 Min Read",
    "Claire Martin",
    "-",
    "Menu",
    "• Donald Trump",
    "Publié le 3 mars 2024",
    P1,
    P2,
    "",
    "  ",
    "\u00a0",
    "Un intertitre",
]
LINES = st.one_of(st.sampled_from(FURNITURE), st.text(max_size=80))


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, max_size=30), st.sampled_from(["\n", "\r\n", "\r", "\u2028"]))
def test_clean_text_never_adds_text(lines: list[str], sep: str) -> None:
    text = sep.join(lines)
    result = clean_text(text)
    source = normalise_text(text).split("\n")
    assert set(result.body.split("\n")) <= set(source) | {""}
    assert "\n\n\n" not in result.body and result.body == result.body.strip("\n")
    for removal in result.removed:
        assert source[removal.line] == removal.text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400), st.integers(min_value=1, max_value=300))
def test_clean_article_never_raises(text: str, max_chars: int) -> None:
    result = clean_article(_raw(text, title="Titre"), max_chars=max_chars)
    assert isinstance(result, Article | Reject)
    if isinstance(result, Article):
        assert len(result.body) <= max_chars and result.body


# ---------------------------------------------------------------- dev set


@pytest.mark.skipif(not DEV.is_dir(), reason="no shared dev set")
def test_dev_set_boilerplate_removed_and_content_kept() -> None:
    def fold(s: str) -> str:
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c)).replace("’", "'").lower()
        return " ".join(s.split())

    left, lost = [], []
    for path in sorted(DEV.glob("*.gold.json")):
        if path.name == "corpus.gold.json":
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (DEV / f"{gold['id']}.txt").read_text(encoding="utf-8")
        body = clean_text(text).body
        lines = {fold(x) for x in body.splitlines()}
        left += [b for b in gold.get("boilerplate", []) if fold(b) in lines]
        lost += [k for k in gold.get("keep", []) if fold(k) not in fold(body)]
    assert left == []
    assert lost == []


def test_related_link_titles_go_with_their_header():
    text = (
        "Le port rouvre après trois jours de grève\n\n"
        "Les dockers ont voté la reprise du travail mardi soir, après un accord salarial conclu avec la direction.\n\n"
        "À lire aussi :\n"
        "Les 5 meilleurs ports de plaisance de la côte (notre classement)\n"
        "Grève des dockers : ce qu'il faut savoir\n\n"
        "Partager cet article\n"
    )
    result = clean_text(text)
    assert "meilleurs ports" not in result.body and "ce qu'il faut savoir" not in result.body
    assert "Les dockers ont voté la reprise" in result.body
    assert {r.rule for r in result.removed} >= {"related-link"}


def test_a_related_header_in_the_middle_keeps_the_prose_after_it():
    text = (
        "Titre de l'article\n\n"
        "Premier paragraphe de l'article, qui raconte l'essentiel de l'affaire en détail.\n"
        "À lire aussi :\n"
        "Le ministre a ensuite précisé que les négociations reprendraient la semaine prochaine à Genève.\n"
    )
    result = clean_text(text)
    assert "Le ministre a ensuite précisé" in result.body
