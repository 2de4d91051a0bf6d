"""The REST API (``recoupe.web``) with FastAPI's TestClient, on a store of hand-made analyses (no spaCy)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

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
LAYERS = ("focus", "quote", "entity", "date")


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


# -- lists, filters, pagination ---------------------------------------------------


def test_articles_list_newest_first_with_pagination(client: TestClient) -> None:
    r = client.get("/api/v1/articles", params={"limit": 2})
    assert r.status_code == 200
    page = r.json()
    assert page["total"] == 3 and page["limit"] == 2 and page["offset"] == 0
    assert [a["id"] for a in page["items"]] == ["piege", "loire-2"]
    rest = client.get("/api/v1/articles", params={"limit": 2, "offset": 2}).json()
    assert [a["id"] for a in rest["items"]] == ["loire-1"] and rest["total"] == 3
    beyond = client.get("/api/v1/articles", params={"offset": 50}).json()
    assert beyond["items"] == [] and beyond["total"] == 3


@pytest.mark.parametrize(("params", "ids"), [
    ({"outlet": "la gazette"}, ["loire-2"]),
    ({"date_from": "2026-03-04"}, ["piege", "loire-2"]),
    ({"date_to": "2026-03-03"}, ["loire-1"]),
    ({"date_from": "2026-03", "date_to": "2026-03-05"}, ["loire-2", "loire-1"]),
    ({"entity": "Mme Dubois"}, ["loire-1"]),  # an alias
    ({"entity": "claire dubois"}, ["loire-2", "loire-1"]),  # case and accents ignored
    ({"issue": "barrage"}, ["piege", "loire-2", "loire-1"]),
    ({"issue": "barrage", "outlet": "Le Courrier"}, ["loire-1"]),
    ({"q": "crues"}, ["loire-1"]),
    ({"q": "concertation", "entity": "Paul Lefèvre"}, []),
])
def test_article_filters(client: TestClient, params: dict, ids: list[str]) -> None:
    r = client.get("/api/v1/articles", params=params)
    assert r.status_code == 200, r.text
    assert [a["id"] for a in r.json()["items"]] == ids
    assert r.json()["total"] == len(ids)


@pytest.mark.parametrize("q", [
    '"', '""', "(", ")", "*", "AND", "OR NOT", "NEAR(", "barrage OR", "title:barrage", "^barrage", "'; DROP TABLE",
    "barr*", "-barrage", "\\", "%", "_", "😀", "a" * 499, "\x00", "«", "l'automne",
])
def test_fulltext_odd_characters_never_fail(client: TestClient, q: str) -> None:
    r = client.get("/api/v1/articles", params={"q": q})
    assert r.status_code == 200, r.text
    assert r.json()["total"] >= 0


def test_fulltext_ignores_accents_and_case_and_marks_matches(client: TestClient) -> None:
    r = client.get("/api/v1/articles", params={"q": "ECOLOGIE"}).json()
    assert [a["id"] for a in r["items"]] == ["loire-1"]
    assert "[Écologie]" in r["items"][0]["snippet"]
    prefix = client.get("/api/v1/articles", params={"q": "concert*"}).json()
    assert [a["id"] for a in prefix["items"]] == ["loire-2"]
    phrase = client.get("/api/v1/articles", params={"q": '"zones humides"'}).json()
    assert [a["id"] for a in phrase["items"]] == ["loire-1"]
    assert client.get("/api/v1/articles", params={"q": '"humides zones"'}).json()["total"] == 0


def test_fts_query_quotes_every_term() -> None:
    assert fts_query('barrage OR "zones humides" concert* NEAR(') == '"barrage" "OR" "zones humides" "concert"* "NEAR"'
    assert fts_query('"" ( * ') == ""


def test_fulltext_follows_saves_and_deletes(tmp_path: Path) -> None:
    analyses = fixture_analyses()
    with Store.open(tmp_path / "s.db") as store:
        store.save_many(analyses[:1])
        assert search(store.engine, "crues")[0] == 1
        changed = Analysis(Article("loire-1", "x.txt", "Tout autre chose : la sécheresse.", "h2", title="Sécheresse"))
        store.save(changed)  # re-saving replaces the article: its old words are gone
        assert search(store.engine, "crues") == (0, [])
        total, hits = search(store.engine, "secheresse")
        assert total == 1 and hits[0].article_id == "loire-1"
        # the total, whatever the page: within, past the last hit, empty
        assert [search(store.engine, "secheresse", limit=n, offset=o) for n, o in [(1, 1), (0, 0)]] \
            == [(1, []), (1, [])]
    with Store.open(tmp_path / "s.db") as store:  # reopening is idempotent
        assert search(store.engine, "sécheresse")[0] == 1


def test_entities_search_by_any_alias(client: TestClient) -> None:
    r = client.get("/api/v1/entities", params={"q": "mme dub"}).json()
    assert [e["name"] for e in r["items"]] == ["Claire Dubois"]
    top = client.get("/api/v1/entities").json()
    assert top["items"][0]["name"] in {"Claire Dubois", "Loire"} and top["total"] == 5
    locs = client.get("/api/v1/entities", params={"type": "LOC", "limit": 1}).json()
    assert locs["total"] == 2 and len(locs["items"]) == 1 and locs["items"][0]["type"] == "LOC"


def test_entity_detail(client: TestClient) -> None:
    r = client.get("/api/v1/entities/Mme Dubois")
    assert r.status_code == 200
    e = r.json()
    assert e["name"] == "Claire Dubois" and e["aliases"] == ["Mme Dubois"]
    assert {m["article_id"] for m in e["mentions_in"]} == {"loire-1", "loire-2"}
    assert [q["text"] for q in e["quotes_by"]] == ["Rien n'est décidé",
                                                    "Ce barrage protégera des milliers de foyers contre les crues"]
    assert [s["stance"] for s in e["stances"]] == ["support", "neutral"]


def test_quote_filters(client: TestClient) -> None:
    by = client.get("/api/v1/quotes", params={"speaker": "Lefèvre"}).json()
    assert [q["speaker"] for q in by["items"]] == ["Paul Lefèvre"]
    assert client.get("/api/v1/quotes", params={"status": "conditional"}).json()["items"][0]["anonymous"] is True
    assert client.get("/api/v1/quotes", params={"kind": "indirect"}).json()["total"] == 1
    assert client.get("/api/v1/quotes", params={"date_to": "2026-03-03"}).json()["total"] == 2
    issue = client.get("/api/v1/quotes", params={"issue": "barrage"}).json()
    assert [q["speaker"] for q in issue["items"]] == ["Claire Dubois"]
    page = client.get("/api/v1/quotes", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 5 and len(page["items"]) == 1


def test_issues_stances_disputes_clusters_signals(client: TestClient) -> None:
    issues = client.get("/api/v1/issues").json()
    barrage = next(i for i in issues["items"] if i["id"] == "barrage")
    assert barrage["stances"] == 4 and barrage["actors"] == 3 and barrage["disputes"] == 1
    detail = client.get("/api/v1/issues/barrage").json()
    assert [s["date"] for s in detail["stance_list"]] == sorted(s["date"] for s in detail["stance_list"])
    assert detail["dispute_list"][0]["kind"] == "disagreement"
    assert client.get("/api/v1/stances", params={"actor": "claire dubois"}).json()["total"] == 2
    disputes = client.get("/api/v1/disputes", params={"kind": "disagreement"}).json()
    assert disputes["total"] == 1
    one = client.get(f"/api/v1/disputes/{disputes['items'][0]['id']}").json()
    assert one["a"]["actor"] == "Claire Dubois" and one["b"]["stance"] == "oppose"
    clusters = client.get("/api/v1/clusters", params={"kind": "story"}).json()
    assert clusters["items"][0]["members"][0] == {"article_id": "loire-1", "score": 1.0}
    signals = client.get("/api/v1/signals", params={"article_id": "loire-2"}).json()
    assert signals["items"][0]["name"] == "anonymous_share" and signals["items"][0]["evidence"]


def test_article_detail_has_every_annotation(client: TestClient) -> None:
    a = client.get("/api/v1/articles/loire-1").json()
    assert a["body"] == BODY_1
    assert {e["name"] for e in a["entities"]} == {"Claire Dubois", "Paul Lefèvre", "Loire", "Saumur"}
    q = a["quotes"][0]
    assert a["body"][q["start"]:q["end"]] == q["text"]
    assert a["dates"][0]["value"] == "2026-03-03"
    assert len(a["stances"]) == 2 and a["signals"] == []


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for p in ("/api/v1/articles", "/api/v1/articles/{article_id}", "/api/v1/entities", "/api/v1/entities/{name}",
              "/api/v1/quotes", "/api/v1/issues", "/api/v1/issues/{issue_id}", "/api/v1/stances",
              "/api/v1/disputes", "/api/v1/disputes/{dispute_id}", "/api/v1/clusters", "/api/v1/signals"):
        assert p in paths
    assert "post" in spec["paths"]["/api/v1/articles"]
    assert not any(p.startswith("/articles") for p in paths)  # UI pages are not API
    docs = client.get("/docs")
    assert docs.status_code == 200 and "GET /api/v1/quotes" in docs.text
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text  # offline: nothing fetched from elsewhere


# -- bad input: one error shape -----------------------------------------------------


@pytest.mark.parametrize(("url", "status"), [
    ("/api/v1/articles/nope", 404),
    ("/api/v1/entities/Personne Inconnue", 404),
    ("/api/v1/issues/nope", 404),
    ("/api/v1/disputes/nope", 404),
    ("/api/v1/nothing-here", 404),
    ("/api/v1/articles?limit=abc", 422),
    ("/api/v1/articles?limit=0", 422),
    ("/api/v1/articles?limit=100000", 422),
    ("/api/v1/articles?offset=-1", 422),
    ("/api/v1/articles?date_from=mardi", 422),
    ("/api/v1/articles?date_to=2026-3-1", 422),
    ("/api/v1/entities?type=PERSON", 422),
    ("/api/v1/quotes?status=true", 422),
    ("/api/v1/quotes?kind=42", 422),
    ("/api/v1/disputes?kind=war", 422),
    ("/api/v1/articles?q=" + "x" * 600, 422),
])
def test_bad_requests_share_one_error_shape(client: TestClient, url: str, status: int) -> None:
    err = assert_error(client.get(url), status)
    if status == 422:
        assert err["code"] == "invalid_input"


def test_wrong_method(client: TestClient) -> None:
    assert_error(client.delete("/api/v1/articles/loire-1"), 405)


def test_post_needs_the_token(client: TestClient) -> None:
    body = {"text": "Un texte."}
    assert assert_error(client.post("/api/v1/articles", json=body), 401)["code"] == "unauthorized"
    bad = client.post("/api/v1/articles", json=body, headers={"Authorization": "Bearer wrong"})
    assert assert_error(bad, 403)["code"] == "forbidden"
    basic = client.post("/api/v1/articles", json=body, headers={"Authorization": "Basic czNjcmV0"})
    assert_error(basic, 401)


AUTH = {"Authorization": "Bearer s3cret"}


@pytest.mark.parametrize("body", [
    {}, {"title": "sans texte"}, {"text": "   "}, {"text": 42}, {"text": "x", "published": "hier"},
    {"text": "x", "unknown": 1}, [], [{"text": "ok"}, {"title": "no text"}], "du texte", 0,
    {"text": "x", "id": "../../etc/passwd"},
])
def test_post_rejects_invalid_articles(client: TestClient, body: object) -> None:
    err = assert_error(client.post("/api/v1/articles", json=body, headers=AUTH), 422)
    assert err["message"]


def test_post_rejects_malformed_json_and_other_types(client: TestClient) -> None:
    assert_error(client.post("/api/v1/articles", content=b"{not json", headers={**AUTH, "content-type":
                                                                                 "application/json"}), 422)
    assert_error(client.post("/api/v1/articles", content=b"text", headers={**AUTH, "content-type": "text/plain"}), 415)
    files = {"file": ("notes.exe", b"MZ...", "application/octet-stream")}
    assert_error(client.post("/api/v1/articles", files=files, headers=AUTH), 415)
    assert_error(client.post("/api/v1/articles", data={"x": "1"}, headers=AUTH), 415)
    assert_error(client.post("/api/v1/articles", files={"other": ("a.txt", b"x")}, headers=AUTH), 422)
    assert_error(client.post("/api/v1/articles", files={"file": ("a.txt", b"  ")}, headers=AUTH), 422)


def test_huge_bodies_get_413(db: Path) -> None:
    small = TestClient(create_app(db, max_body_mb=0.01), raise_server_exceptions=False)
    big = {"text": "mot " * 10_000}
    err = assert_error(small.post("/api/v1/articles", json=big), 413)
    assert err["code"] == "payload_too_large" and err["details"]["max_bytes"] == 10485

    def chunks():  # no Content-Length: counted while reading
        for _ in range(20):
            yield b"x" * 1024

    assert_error(small.post("/api/v1/articles", content=chunks(), headers={"content-type": "application/json"}), 413)


def test_token_from_environment(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOUPE_API_TOKEN", "from-env")
    app = TestClient(create_app(db), raise_server_exceptions=False)
    assert_error(app.post("/api/v1/articles", json={"text": "x"}), 401)
    assert app.get("/api/v1/articles").status_code == 200  # reading needs no token


# -- safety -----------------------------------------------------------------------------


class Tags(HTMLParser):
    """Flags what article text could have smuggled in: event handlers, images, inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in {"img", "iframe", "object", "embed"} or any(k.startswith("on") for k in a):
            self.bad.append(f"<{tag} {a}>")
        if tag == "script" and not ((a.get("src") or "").startswith("/static/") or a.get("type") == "application/json"):
            self.bad.append(f"<script {a}>")


def test_xss_is_escaped_in_api_and_pages(client: TestClient) -> None:
    a = client.get("/api/v1/articles/piege")
    assert a.headers["content-type"].startswith("application/json")
    assert a.json()["title"] == XSS  # JSON carries the text as data
    for url in ("/", "/articles/piege", "/search?q=script", "/entities/" + XSS, "/issues/barrage",
                "/search?q=" + XSS, "/articles/" + XSS):
        r = client.get(url)
        assert r.status_code in (200, 404)
        html = r.text
        assert "<script>alert" not in html and "<img src=x" not in html, url
        tags = Tags()
        tags.feed(html)
        assert not tags.bad, (url, tags.bad)
    page = client.get("/articles/piege").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_pages_render(client: TestClient) -> None:
    for url in ("/", "/search", "/search?q=barrage&page=1", "/articles/loire-1", "/articles/loire-1?sentence=90-200",
                "/entities/Claire Dubois", "/issues/barrage"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html")
    did = client.get("/api/v1/disputes").json()["items"][0]["id"]
    assert "Paul Lefèvre" in client.get(f"/disputes/{did}").text
    assert client.get("/articles/inconnu").status_code == 404
    assert client.get("/static/vendor/vega.min.js").status_code == 200


# -- writing through the pipeline (loads spaCy) -------------------------------------------------


@pytest.mark.slow
def test_post_article_analyses_into_the_store(tmp_path: Path) -> None:
    app = TestClient(create_app(tmp_path / "w.db", token="t"), raise_server_exceptions=False)
    body = {"id": "nouvel-article", "title": "Le port de Brest en grève", "outlet": "Ouest Matin",
            "published": "2026-04-02",
            "text": "Le port de Brest en grève\nLes dockers de Brest ont cessé le travail mardi. "
                    "« Nous ne reprendrons pas tant que la direction refusera de négocier », a déclaré "
                    "Yann Le Goff, délégué syndical, devant les grilles du port."}
    r = app.post("/api/v1/articles", json=body, headers={"Authorization": "Bearer t"})
    assert r.status_code == 201, r.text
    assert r.json()["ids"] == ["nouvel-article"] and r.json()["analysed"] == 1
    again = app.post("/api/v1/articles", json=body, headers={"Authorization": "Bearer t"}).json()
    assert again["skipped"] == 1 and again["analysed"] == 0
    a = app.get("/api/v1/articles/nouvel-article").json()
    assert any("Le Goff" in (q["speaker"] or "") for q in a["quotes"])
    assert app.get("/api/v1/articles", params={"q": "dockers"}).json()["total"] == 1
    upload = {"file": ("greve.txt", "Grève à Lorient\nLes dockers de Lorient rejoignent le mouvement.".encode(),
                       "text/plain")}
    r = app.post("/api/v1/articles", files=upload, headers={"Authorization": "Bearer t"})
    assert r.status_code == 201, r.text
    assert app.get("/api/v1/articles", params={"q": "dockers"}).json()["total"] == 2


# -- the marked-up article body ----------------------------------------------------------------


def test_layers_nest_whatever_the_spans_do() -> None:
    from recoupe.web.markup import Layer, render_layers

    body = "« Non », dit <b>Anne</b> & Paul."
    layers = [Layer(0, 7, "quote", "q st-asserted", "Anne · affirmé", anchor="q-0"),
              Layer(2, 5, "entity", "ent ent-PER", 'x" onclick="y'), Layer(4, 20, "date", "dt"),
              Layer(0, 99, "entity", "ent"), Layer(5, 5, "date", "dt")]  # out of range and empty: ignored
    html = str(render_layers(body, layers))
    tags = Tags()
    tags.feed(html)
    assert not tags.bad and "<b>" not in html and "&lt;/b&gt; &amp; Paul." in html
    assert html.count('id="q-0"') == 1 and 'title="x&#34; onclick=&#34;y"' in html
    assert re.sub(r"<[^>]+>", "", html) == str(escape(body))


@given(st.text(alphabet="ab<&\n «»", max_size=30),
       st.lists(st.tuples(st.integers(-2, 32), st.integers(-2, 32), st.sampled_from(LAYERS)), max_size=8))
@settings(max_examples=150, deadline=None)
def test_layers_keep_the_text_and_balance_the_tags(body: str, spans: list) -> None:
    from recoupe.web.markup import Layer, render_layers

    html = str(render_layers(body, [Layer(s, e, kind, kind) for s, e, kind in spans]))
    assert html.count("<span") == html.count("</span>")
    assert re.sub(r"<[^>]+>", "", html) == str(escape(body))
    depth = 0
    for m in re.finditer(r"<(/?)span", html):
        depth += -1 if m.group(1) else 1
        assert depth >= 0


def test_cli_brief_writes_the_briefing(db: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from recoupe.cli import app

    out = tmp_path / "brief.html"
    r = CliRunner().invoke(app, ["brief", "--db", str(db), "--issue", "barrage", "--out", str(out)])
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert 'id="spec-stances"' in page and "<script>alert" not in page
    bad = CliRunner().invoke(app, ["brief", "--db", str(db), "--issue", "nope", "--out", str(out)])
    assert bad.exit_code == 2 and "issues found" in bad.output
    assert "127.0.0.1" in CliRunner().invoke(app, ["serve", "--help"]).output
