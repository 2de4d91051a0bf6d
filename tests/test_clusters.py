"""Wire copy, same-story clusters, source independence, corroboration, and the incremental index."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoupe.clean import clean_text
from recoupe.corpus.agencies import credited_agencies
from recoupe.corpus.cluster_index import ClusterIndex
from recoupe.corpus.clusters import story_clusters, wire_groups
from recoupe.corpus.corroboration import corroborations, independent_sources
from recoupe.records import Analysis, Article, Entity, Mention, Quote, Removal

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "corpus"
SAMPLE_META = {
    "01": ("Le Courrier d'Orsava", "2026-03-09"), "02": ("Le Journal de la Côte", "2026-03-09"),
    "03": ("Nordinfo Express", "2026-03-09"), "04": ("Le Quotidien du Golfe", "2026-03-10"),
    "05": ("Nordinfo Express", "2026-03-11"), "06": ("Le Courrier d'Orsava", "2026-03-12"),
    "07": ("Mer & Frontières", None), "08": ("Le Journal de la Côte", "2026-03-13"),
}


def make(aid: str, body: str, *, outlet: str | None = None, published: str | None = None,
         credited: str | None = None, entities: tuple[Entity, ...] = (), quotes: tuple[Quote, ...] = (),
         removed: tuple[Removal, ...] = (), author: str | None = None) -> Analysis:
    art = Article(id=aid, source=aid, body=body, content_hash=aid, outlet=outlet, published=published,
                  author=author, credited_source=credited, removed=removed)
    return Analysis(article=art, entities=entities, quotes=quotes)


def sample_corpus() -> list[Analysis]:
    out = []
    for path in sorted(SAMPLE.glob("0[1-8]_*.txt")):
        res = clean_text(path.read_text(encoding="utf-8"))
        outlet, published = SAMPLE_META[path.name[:2]]
        art = Article(id=path.stem, source=str(path), body=res.body, content_hash=path.stem, outlet=outlet,
                      published=published, author=res.author, credited_source=res.credited_source,
                      removed=res.removed)
        out.append(Analysis(article=art))
    return out


@pytest.fixture(scope="module")
def sample() -> list[Analysis]:
    return sample_corpus()


# --- synthetic corpus: topics of made-up words, some articles copied from others (wire) ---

def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfglmnprstv") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))


def synthetic(n: int, *, seed: int = 7, topics: int = 40) -> list[Analysis]:
    rng = random.Random(seed)
    general = [_word(rng) for _ in range(3000)]
    vocab = [[_word(rng) for _ in range(25)] for _ in range(topics)]
    names = [[f"{_word(rng).capitalize()} {_word(rng).capitalize()}" for _ in range(3)] for _ in range(topics)]
    out: list[Analysis] = []
    for i in range(n):
        t = rng.randrange(topics)
        day = f"2025-{1 + t % 12:02d}-{1 + (t * 7) % 25 + rng.randint(0, 2):02d}"
        if out and i % 10 == 9:  # a wire copy of an earlier article, one sentence changed
            src = out[rng.randrange(len(out))].article
            body = src.body.rsplit(".", 2)[0] + ". " + " ".join(rng.choice(general) for _ in range(12)) + "."
            out.append(make(f"a{i:05d}", body, outlet=f"outlet{i % 13}", published=src.published, credited="AFP"))
            continue
        sents = []
        for _ in range(8):
            words = [rng.choice(vocab[t]) if rng.random() < 0.45 else rng.choice(general) for _ in range(14)]
            sents.append(" ".join(words).capitalize() + ".")
        body = f"{rng.choice(names[t])} " + " ".join(sents)
        ents = tuple(Entity(name=nm, type="PER", mentions=(Mention(nm, 0, len(nm), "PER"),)) for nm in names[t][:2])
        out.append(make(f"a{i:05d}", body, outlet=f"outlet{i % 13}", published=day, entities=ents))
    return out


# --- wire copy ---

def test_sample_wire_copy_groups_02_and_03_only(sample):
    groups = wire_groups(sample)
    assert [g.members for g in groups] == [("02_stravos-rejette-mediation", "03_kessel-ferme-la-porte")]
    g = groups[0]
    assert g.agencies == ("APC",)
    assert g.pairs[0][2] >= 0.7  # the Jaccard of the shingle sets
    assert g.first == "02_stravos-rejette-mediation"


def test_wire_copy_with_a_paragraph_added_is_caught_by_containment():
    dispatch = (
        "Le gouvernement a présenté mercredi en Conseil des ministres un projet de loi sur la sécurité routière, "
        "qui prévoit de durcir les sanctions contre les conducteurs sous l'emprise de stupéfiants. Le texte crée "
        "un délit d'homicide routier et allonge la durée de suspension du permis de conduire. Il sera examiné "
        "par l'Assemblée nationale au printemps, a précisé le ministre de l'Intérieur devant la presse."
    )
    extra = (
        " Les associations de victimes ont salué une avancée attendue depuis des années, tout en regrettant "
        "l'absence de mesures sur la vitesse en ville. Plusieurs élus locaux réclament aussi des moyens pour "
        "les contrôles, jugés insuffisants dans les zones rurales du département."
    )
    a, b = make("a", dispatch), make("b", dispatch + extra)
    c = make("c", "Le tribunal de Lyon a condamné mardi un ancien maire à deux ans de prison avec sursis pour "
                  "favoritisme dans l'attribution de marchés publics, une affaire qui remonte à 2019.")
    groups = wire_groups([a, b, c])
    assert [g.members for g in groups] == [("a", "b")]
    jaccard, containment = groups[0].pairs[0][2:]
    assert jaccard < 0.7 <= containment


def test_unrelated_articles_on_one_topic_are_not_wire_copy(sample):
    no_wire = [a for a in sample if a.article.id[:2] not in {"02", "03"}]
    assert wire_groups(no_wire) == []


# --- same-story clusters ---

STRIKE = (
    "La grève des contrôleurs aériens a paralysé jeudi l'aéroport de Marseille-Provence, où plus de deux cents "
    "vols ont été annulés. La direction générale de l'aviation civile a demandé aux compagnies de réduire leurs "
    "programmes. Le syndicat SNCTA réclame des effectifs supplémentaires et une revalorisation des salaires."
)
STRIKE2 = (
    "À Marseille-Provence, les passagers se sont retrouvés bloqués jeudi par la grève des contrôleurs aériens. "
    "La DGAC avait demandé aux compagnies d'annuler une partie de leurs vols. Le SNCTA, syndicat majoritaire "
    "des contrôleurs, dénonce le manque d'effectifs et exige une hausse des salaires."
)
QUAKE = (
    "Un séisme de magnitude 6,1 a frappé dimanche la province de Kahramanmaraş, dans le sud de la Turquie, "
    "faisant au moins douze morts selon l'agence turque de gestion des catastrophes. Les secouristes fouillent "
    "les décombres de plusieurs immeubles effondrés dans le centre-ville."
)
QUAKE2 = (
    "Les secouristes turcs fouillaient encore lundi les décombres à Kahramanmaraş, au lendemain du séisme de "
    "magnitude 6,1 qui a fait au moins douze morts. L'agence de gestion des catastrophes a recensé plus de "
    "cinquante répliques dans la province."
)


def test_story_clusters_group_same_story_and_keep_others_apart():
    arts = [
        make("s1", STRIKE, published="2025-06-12"), make("s2", STRIKE2, published="2025-06-12"),
        make("q1", QUAKE, published="2025-06-15"), make("q2", QUAKE2, published="2025-06-16"),
    ]
    clusters = story_clusters(arts)
    assert [c.members for c in clusters] == [("q1", "q2"), ("s1", "s2")]
    strike = clusters[1]
    assert "controleur" in strike.shared_terms and strike.start == "2025-06-12"
    assert story_clusters(list(reversed(arts))) == clusters  # order of input does not matter


def test_same_story_far_apart_in_time_is_not_linked():
    arts = [make("s1", STRIKE, published="2025-06-12"), make("s2", STRIKE2, published="2025-09-30")]
    assert story_clusters(arts) == []
    assert [c.members for c in story_clusters(arts, window_days=200)] == [("s1", "s2")]


def test_sample_corpus_is_one_story(sample):
    clusters = story_clusters(sample)
    dated = tuple(a.article.id for a in sample if a.article.published)
    assert len(clusters) == 1 and set(dated) <= set(clusters[0].members)


def test_an_undated_article_needs_to_be_closer_to_join():
    arts = [make("s1", STRIKE, published="2025-06-12"), make("s2", STRIKE2)]
    score = story_clusters(arts, threshold=0.0)[0].score
    assert story_clusters(arts, threshold=score - 0.01) == []  # would link if both were dated
    dated = [arts[0], make("s2", STRIKE2, published="2025-06-13")]
    assert story_clusters(dated, threshold=score - 0.01)


# --- independence ---

def test_independent_sources_sample(sample):
    keys = independent_sources(sample)
    assert keys["02_stravos-rejette-mediation"] == keys["03_kessel-ferme-la-porte"]  # one wire text
    assert keys["08_marins-liberes-fregates-retirees"] == keys["02_stravos-rejette-mediation"]  # APC credited
    assert keys["01_golfe-moreve-chalutiers-arraisonnes"] == keys["06_stravos-accepte-mediation"]  # one outlet
    assert len({keys[a.article.id] for a in sample}) == 5
    assert independent_sources(sample, wires=wire_groups(sample)) == keys


def test_same_agency_credited_in_different_ways_is_one_source():
    a = make("a", "PARIS, 3 mars (AFP) - Le Premier ministre a annoncé un remaniement.", outlet="Le Matin")
    b = make("b", "Le Premier ministre a annoncé lundi un remaniement du gouvernement.", outlet="La Voix",
             removed=(Removal("(Avec AFP)", "source", 12),))
    c = make("c", "Remaniement en vue à Matignon, selon nos informations.", outlet="La Voix du Sud", credited="AFP")
    d = make("d", "Remaniement : le Premier ministre consulte.", outlet="Ouest Matin")
    assert credited_agencies(a.article) == ("AFP",)
    keys = independent_sources([a, b, c, d])
    assert keys["a"] == keys["b"] == keys["c"] == "agency:afp"
    assert keys["d"] == "outlet:ouest matin"


# --- corroboration ---

def _quote(text: str, body: str, speaker: str | None, **kw) -> Quote:
    start = body.index(text)
    return Quote(text=text, start=start, end=start + len(text), kind="direct", speaker=speaker, **kw)


def test_quote_corroboration_counts_independent_sources():
    q = "Nous ne céderons pas au chantage et les négociations reprendront lundi"
    b1 = f"« {q} », a déclaré Élisabeth Borne."
    b2 = f"« {q.replace('reprendront', 'vont reprendre')} », a affirmé Mme Borne."
    b3 = f"La Première ministre a assuré : « {q} »."
    b4 = f"« {q} », a lancé Jordan Bardella."  # same words, another speaker
    arts = [
        make("a1", b1, outlet="Le Monde", quotes=(_quote(q, b1, "Élisabeth Borne"),)),
        make("a2", b2, outlet="Libération", credited="AFP",
             quotes=(_quote(q.replace("reprendront", "vont reprendre"), b2, "Borne"),)),
        make("a3", b3, outlet="Le Figaro", credited="AFP", quotes=(_quote(q, b3, "Élisabeth Borne"),)),
        make("a4", b4, outlet="Le Parisien", quotes=(_quote(q, b4, "Jordan Bardella"),)),
    ]
    groups = {c.articles: c for c in corroborations(arts) if c.kind == "quote"}
    borne = groups[("a1", "a2", "a3")]
    assert borne.n_sources == 2 and not borne.single_source  # a2 and a3 are both AFP
    assert groups[("a4",)].single_source


def test_claim_corroboration_by_figure_and_single_source_flag():
    b1 = "Le séisme a fait au moins quarante-deux morts dans la province de Hatay, selon les autorités."
    b2 = "Dans la province de Hatay, le bilan du séisme s'élève à 42 morts, selon un nouveau décompte officiel."
    b3 = "Le séisme a fait 42 blessés à Hatay, mais aucun mort selon la protection civile."
    b4 = "Un ferry transportant 42 passagers a chaviré au large de Lesbos."
    arts = [make("c1", b1, outlet="A"), make("c2", b2, outlet="B"), make("c3", b3, outlet="C"),
            make("c4", b4, outlet="D")]
    found = {c.articles: c for c in corroborations(arts)}
    assert found[("c1", "c2")].n_sources == 2 and found[("c1", "c2")].figures == ("42 death",)
    assert found[("c3",)].single_source and found[("c4",)].single_source


# --- incremental index ---

def test_incremental_add_matches_full_recompute():
    corpus = synthetic(201)
    index = ClusterIndex()
    index.add(corpus[:200])
    before_clusters = {c.members: c for c in index.clusters()}
    touched = index.add(corpus[200:])
    full = ClusterIndex()
    full.add(corpus)
    assert index.clusters() == full.clusters()
    assert index.wire_groups() == full.wire_groups()
    assert "a00200" in touched and len(touched) < 60  # only the new article's groups
    untouched = [c for c in index.clusters() if not set(c.members) & touched]
    assert untouched and all(before_clusters[c.members] is c for c in untouched)  # not rebuilt


def test_whole_set_index_finds_what_one_by_one_finds():
    """add_all (sparse products, a full pass) gives the edges, groups and day lists that
    adding the articles one at a time gives, undated articles included."""
    corpus = [replace(a, article=replace(a.article, published=None)) if i % 17 == 5 else a
              for i, a in enumerate(synthetic(300))]
    one = ClusterIndex()
    one.add(corpus)
    whole = ClusterIndex()
    whole.add_all([whole.indexed(a) for a in reversed(corpus)])  # any order
    assert len(one.edges("story")) > 100 and whole.edges("story") == one.edges("story")
    assert any(one.features[a].published is None for a, _b, _s in one.edges("story"))
    assert whole.edges("wire") == one.edges("wire") and whole.wire_groups() == one.wire_groups()
    assert whole.clusters() == one.clusters() and whole.by_day == one.by_day
    assert whole.touched == set(one.features)
    with pytest.raises(ValueError, match="empty index"):
        whole.add_all([])


def test_story_edges_leave_pairs_at_the_threshold_to_story_score():
    from recoupe.corpus.clusters import ArticleFeatures, story_score
    from recoupe.corpus.story_pairs import story_edges

    def feats(aid: str, vector: dict[str, float]) -> ArticleFeatures:
        return ArticleFeatures(aid, date(2025, 3, 1), (), vector, math.sqrt(sum(w * w for w in vector.values())))

    base = feats("a", {"e:x": 1.0})
    near = [feats(f"b{i}", {"e:x": 0.3 + d, "t:y": math.sqrt(1 - (0.3 + d) ** 2)})
            for i, d in enumerate((-1e-12, 0.0, 1e-12, -1e-3, 1e-3))]
    found = {b for a, b, _s in story_edges([base, *near], threshold=0.3, window_days=3) if a == "a"}
    assert found == {f.id for f in near if story_score(base, f) >= 0.3}
    assert "b4" in found and "b3" not in found


def test_index_skips_known_ids_and_finds_synthetic_wire_copies():
    corpus = synthetic(60)
    index = ClusterIndex()
    index.add(corpus)
    assert index.add(corpus[:5]) == set()
    wire_ids = {g for w in index.wire_groups() for g in w.members}
    assert {"a00009", "a00019", "a00029"} <= wire_ids
    assert len(index) == 60 and "a00009" in index


def test_large_quote_blocks_group_as_pair_by_pair(monkeypatch):
    """A block of many quotes of one surname is scored at once (rapidfuzz cdist): the groups
    are those of the pair-by-pair comparison, the speaker and same-article checks included."""
    import recoupe.corpus.corroboration as corr

    rng = random.Random(5)
    lines = ["Nous ne céderons rien sur la souveraineté de notre pays face aux pressions",
             "La réforme des retraites sera menée à son terme avant la fin de l'année",
             "Il faut un cessez-le-feu immédiat et des garanties de sécurité solides",
             "Les négociations reprendront lundi à Genève avec toutes les parties"]
    speakers = ["Emmanuel Macron", "Macron", "Brigitte Macron", "E. Macron"]
    arts = []
    for i in range(70):
        said = rng.choice(lines).split()
        if rng.random() < 0.5:
            said[rng.randrange(len(said))] = rng.choice(["vraiment", "toujours", "enfin"])
        text = " ".join(said)
        other = rng.choice(lines) if i else "Cette phrase-là, personne d'autre ne la rapporte jamais"
        body = f"« {text} », a dit {rng.choice(speakers)}. « {other} », a-t-il ajouté."
        quotes = (_quote(text, body, rng.choice(speakers)), _quote(other, body, "Macron"))
        arts.append(make(f"q{i:03d}", body, outlet=f"outlet{i % 9}", quotes=quotes))
    at_once = corroborations(arts)
    monkeypatch.setattr(corr, "QUOTE_BLOCK_MIN", 10**9)
    pair_by_pair = corroborations(arts)
    assert at_once == pair_by_pair
    assert max(c.n_sources for c in at_once) >= 5 and any(c.single_source for c in at_once)


def test_extracted_claims_without_figures_match_on_entity_and_words():
    from recoupe.records import Claim

    def with_claim(aid: str, body: str, outlet: str) -> Analysis:
        name = "Conseil constitutionnel"
        start = body.index(name)
        ent = Entity(name=name, type="ORG", mentions=(Mention(name, start, start + len(name), "ORG"),))
        claim = Claim(text=body, start=0, end=len(body), status="asserted", kind="decision")
        art = make(aid, body, outlet=outlet, entities=(ent,))
        return Analysis(article=art.article, entities=art.entities, claims=(claim,))

    a = with_claim("k1", "Le Conseil constitutionnel a censuré jeudi l'article sur le droit du sol.", "A")
    b = with_claim("k2", "Jeudi, le Conseil constitutionnel a censuré l'article consacré au droit du sol.", "B")
    c = with_claim("k3", "Le Conseil constitutionnel a validé la réforme des retraites en avril.", "C")
    found = {x.articles: x for x in corroborations([a, b, c])}
    assert found[("k1", "k2")].n_sources == 2 and found[("k3",)].single_source
    # compared within groups only: k1 and k2 in different groups do not meet
    apart = {x.articles for x in corroborations([a, b, c], within=[["k1"], ["k2", "k3"]])}
    assert ("k1",) in apart and ("k2",) in apart


def _fold_whole(text: str) -> str:
    """The reference: NFKD of the whole text, combining marks dropped."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'").replace("ʼ", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def test_fold_strips_accents_and_plain_apostrophes():
    from recoupe.corpus.text_units import fold

    assert fold("L’Élysée dément : « Kyiv » ou Kiev, Œuvre, ﬁn") == "l'elysee dement : « kyiv » ou kiev, œuvre, fin"
    assert fold("SOMMET DE L'OTAN") == "sommet de l'otan"


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_fold_by_character_is_fold_of_the_whole_text(text):
    from recoupe.corpus.text_units import fold

    assert fold(text) == _fold_whole(text)
