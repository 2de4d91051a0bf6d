"""The REST API (``recoupe.web``) with FastAPI's TestClient, on a store of hand-made analyses (no spaCy)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from recoupe.records import (  # noqa: E402
    Analysis,
    Article,
    DateMention,
    Dispute,
    DisputeEnd,
    Entity,
    Mention,
    Quote,
    Signal,
    Stance,
)
from recoupe.store import Store  # noqa: E402
from recoupe.store.derived import replace_corpus_results, save_article_results  # noqa: E402
from recoupe.store.fulltext import fts_query, search  # noqa: E402
from recoupe.web import create_app  # noqa: E402

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _span(body: str, text: str, after: int = 0) -> tuple[int, int]:
    start = body.index(text, after)
    return start, start + len(text)


def _analysis(aid: str, *, title: str, outlet: str, published: str, body: str,
              entities: list[tuple[str, str, list[str]]], quotes: list[tuple[str, str, str, str]],
              dates: list[tuple[str, str]] = ()) -> Analysis:
    ents = []
    for name, typ, surfaces in entities:
        mentions = tuple(Mention(s, *_span(body, s), typ) for s in surfaces)
        ents.append(Entity(name, typ, mentions, aliases=tuple(sorted({s for s in surfaces if s != name}))))
    qs = []
    for text, speaker, status, kind in quotes:
        s, e = _span(body, text)
        sent_start = body.rfind("\n", 0, s) + 1
        sent_end = body.find("\n", e)
        qs.append(Quote(text, s, e, kind, speaker=speaker, speaker_type="PER" if speaker else None, cue="déclarer",
                        status=status, anonymous=speaker is None, sentence_start=sent_start,
                        sentence_end=len(body) if sent_end < 0 else sent_end))
    ds = tuple(DateMention(t, *_span(body, t), v, "absolute") for t, v in dates)
    art = Article(aid, f"{aid}.txt", body, f"h-{aid}", title=title, outlet=outlet, published=published)
    return Analysis(art, tuple(ents), tuple(qs), ds, n_tokens=len(body.split()))


BODY_1 = (
    "La ministre de l'Écologie, Claire Dubois, a défendu mardi le projet de barrage sur la Loire.\n"
    "« Ce barrage protégera des milliers de foyers contre les crues », a déclaré Mme Dubois devant les députés.\n"
    "Le maire de Saumur, Paul Lefèvre, s'y oppose fermement.\n"
    "« Nous ne laisserons pas détruire nos zones humides », a affirmé Paul Lefèvre le 3 mars 2026."
)
BODY_2 = (
    "Barrage sur la Loire : le gouvernement temporise\n"
    "Selon des sources proches du dossier, le chantier pourrait être reporté à l'automne.\n"
    "Claire Dubois aurait accepté de rouvrir la concertation, a indiqué son entourage.\n"
    "« Rien n'est décidé », a nuancé la ministre."
)
BODY_3 = "Une page piégée. " + XSS + "\n« " + XSS + " », a dit un inconnu."


def fixture_analyses() -> list[Analysis]:
    return [
        _analysis("loire-1", title="Barrage de la Loire : la ministre défend son projet", outlet="Le Courrier",
                  published="2026-03-03", body=BODY_1,
                  entities=[("Claire Dubois", "PER", ["Claire Dubois", "Mme Dubois"]),
                            ("Paul Lefèvre", "PER", ["Paul Lefèvre"]), ("Loire", "LOC", ["Loire"]),
                            ("Saumur", "LOC", ["Saumur"])],
                  quotes=[("Ce barrage protégera des milliers de foyers contre les crues", "Claire Dubois",
                           "asserted", "direct"),
                          ("Nous ne laisserons pas détruire nos zones humides", "Paul Lefèvre", "asserted", "direct")],
                  dates=[("3 mars 2026", "2026-03-03")]),
        _analysis("loire-2", title="Le gouvernement temporise sur le barrage", outlet="La Gazette",
                  published="2026-03-05", body=BODY_2,
                  entities=[("Claire Dubois", "PER", ["Claire Dubois"]), ("Loire", "LOC", ["Loire"])],
                  quotes=[("le chantier pourrait être reporté à l'automne", None, "conditional", "indirect"),
                          ("Rien n'est décidé", "Claire Dubois", "hedged", "direct")]),
        _analysis("piege", title=XSS, outlet=XSS, published="2026-03-06", body=BODY_3,
                  entities=[(XSS, "PER", [XSS])], quotes=[(XSS, XSS, "asserted", "direct")]),
    ]


def fill_derived(store: Store, analyses: list[Analysis]) -> None:
    a1, a2 = analyses[0], analyses[1]
    b1, b2 = a1.article.body, a2.article.body
    stances = [
        Stance("Claire Dubois", "barrage", "support", "loire-1", *_span(b1, "Ce barrage protégera"),
               "Ce barrage protégera des milliers de foyers", 0.9, "2026-03-03",
               quote_start=_span(b1, "Ce barrage protégera")[0]),
        Stance("Paul Lefèvre", "barrage", "oppose", "loire-1", *_span(b1, "Nous ne laisserons pas"),
               "Nous ne laisserons pas détruire nos zones humides", 0.8, "2026-03-03"),
        Stance("Claire Dubois", "barrage", "neutral", "loire-2", *_span(b2, "Rien n'est décidé"),
               "Rien n'est décidé", 0.6, "2026-03-05"),
        Stance(XSS, "barrage", "oppose", "piege", 0, 5, XSS, 0.5, "2026-03-06"),
    ]
    signals = [Signal("loire-2", "anonymous_share", 0.5, "la moitié des citations viennent de sources anonymes",
                      (_span(b2, "des sources proches du dossier"),))]
    save_article_results(store.engine, [a.article.id for a in analyses], stances=stances, signals=signals,
                         issues_hash="test")
    d = Dispute("disagreement", "barrage",
                DisputeEnd("loire-1", "Claire Dubois", "Ce barrage protégera des milliers de foyers", 58, 100,
                           "2026-03-03", "support"),
                DisputeEnd("loire-1", "Paul Lefèvre", "Nous ne laisserons pas détruire nos zones humides", 250, 300,
                           "2026-03-03", "oppose"), 0.8, "Claire Dubois soutient, Paul Lefèvre s'oppose.")
    x = Dispute("shift", XSS, DisputeEnd("piege", XSS, XSS, 0, 5, None, None),
                DisputeEnd("piege", XSS, XSS, 0, 5, None, None), 0.1, XSS)
    replace_corpus_results(store.engine, disputes=[d, x],
                           clusters={"story": {"c1": [("loire-1", 1.0), ("loire-2", 0.7)]}})


def build_store(path: Path) -> Path:
    analyses = fixture_analyses()
    with Store.open(path) as store:
        store.save_many(analyses)
        fill_derived(store, analyses)
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db, token="s3cret"), raise_server_exceptions=False)


def assert_error(r, status: int) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["message"]
    return body["error"]
