"""recoupe.ingest: every input format, folders, sidecar meta, and bad input."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import multiprocessing
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe.errors import InputError
from recoupe.ingest import SUPPORTED, html_to_text, iso_date, read_inputs, read_jsonl, read_meta
from recoupe.ingest.html import fragment_to_text, run_with_time_limit
from recoupe.ingest.text import guess_title, text_article
from recoupe.records import RawArticle, Reject, content_hash
from recoupe.settings import Settings

EVAL = Path(__file__).parents[1] / ".." / "shared" / "eval"
ORANGESUM = Path(__file__).parents[1] / ".." / "shared" / "corpus" / "orangesum" / "articles.jsonl.gz"

TITLE = "Réforme des retraites : le gouvernement recule sur l'âge légal"
BODY = (
    "Le Premier ministre a annoncé mardi soir que l'âge légal de départ resterait fixé à 62 ans, "
    "après trois semaines de grèves.\n"
    "« Nous avons entendu les Français », a-t-il déclaré devant les députés, tandis que l'opposition "
    "dénonçait « un recul en trompe-l'œil ».\n"
)
ARTICLE_HTML = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>{title} | Le Quotidien</title>
<meta property="og:site_name" content="Le Quotidien">
<meta property="article:published_time" content="2025-02-13T18:30:00+01:00">
<meta name="author" content="Claire Martin">
</head><body>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/politique">Politique</a></li></ul></nav>
<article><h1>{title}</h1>
<p>Le Premier ministre a annoncé mardi soir que l'âge légal de départ resterait fixé à 62 ans,
après trois semaines de grèves et de manifestations dans tout le pays.</p>
<p>« Nous avons entendu les Français », a-t-il déclaré devant les députés, tandis que
l'opposition dénonçait « un recul en trompe-l'œil » et réclamait un vote.</p>
</article>
<footer><p>© 2025 Le Quotidien — Tous droits réservés</p></footer>
</body></html>"""
NAV_ONLY_HTML = """<html><head><title>Le Quotidien</title></head><body>
<nav><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/sport">Sport</a></nav>
<footer>Mentions légales</footer></body></html>"""


def _read(*paths: Path, **kw: object) -> list[RawArticle | Reject]:
    return list(read_inputs(list(paths), **kw))  # type: ignore[arg-type]


def _articles(items: list[RawArticle | Reject]) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


def _rejects(items: list[RawArticle | Reject]) -> list[Reject]:
    return [i for i in items if isinstance(i, Reject)]


# --- txt ---------------------------------------------------------------------


def test_txt_title_is_guessed_but_kept_in_text(tmp_path: Path) -> None:
    f = tmp_path / "a1.txt"
    f.write_text(f"\n{TITLE}\n{BODY}", encoding="utf-8")
    [art] = _read(f)
    assert isinstance(art, RawArticle)
    assert (art.id, art.fmt, art.title) == ("a1", "txt", TITLE)
    assert TITLE in art.text and BODY.strip() in art.text
    assert art.html is None and art.published is None


@pytest.mark.parametrize(
    ("first_line", "is_title"),
    [
        ("Ukraine : Kiev dénonce une frappe sur Odessa", True),
        ("Faut-il craindre une nouvelle vague ?", True),
        ("« Nous ne céderons pas », prévient le ministre", False),
        ("Le ministre a annoncé mardi que la réforme serait appliquée dès la rentrée.", False),
        ("- premier point de la liste", False),
        ("mise à jour", False),
        ("Accueil", False),
        ("Le président " + "très " * 40 + "attendu", False),
    ],
)
def test_title_guess(first_line: str, is_title: bool) -> None:
    assert (guess_title(f"{first_line}\n{BODY}") == first_line) is is_title


def test_txt_bom_crlf_and_unbalanced_quotes_are_just_read(tmp_path: Path) -> None:
    f = tmp_path / "quotes.txt"
    text = 'Le maire a dit : « il faut agir vite.\r\nEt le préfet de répondre "nous verrons.\r\n'
    f.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    [art] = _read(f)
    assert isinstance(art, RawArticle)
    assert art.text.startswith("Le maire") and "\r" not in art.text and "« il faut" in art.text


def test_txt_latin1_and_cp1252(tmp_path: Path) -> None:
    text = "L'été à Besançon : « ça coûte cher », déplore l’élu – 12 € le kilo.\n"
    (tmp_path / "l1.txt").write_bytes(
        text.replace("’", "'").replace("–", "-").replace("€", "E").encode("latin-1")
    )
    (tmp_path / "w.txt").write_bytes(text.encode("cp1252"))
    arts = _articles(_read(tmp_path))
    assert [a.id for a in arts] == ["l1", "w"]
    assert "Besançon" in arts[0].text and "« ça coûte cher »" in arts[0].text
    assert arts[1].text == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_txt_utf16_with_and_without_bom(tmp_path: Path, encoding: str) -> None:
    f = tmp_path / "u16.txt"
    f.write_bytes(f"{TITLE}\n{BODY}".encode(encoding))
    [art] = _read(f)
    assert isinstance(art, RawArticle) and art.title == TITLE and "62 ans" in art.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t\r\n  ", "empty"),
        ("   \n".encode("utf-16"), "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8, "binary"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 64 + b"\x03\x00>\x00", "binary"),
        (b"texte\x01\x02\x03\x04\x05\x06\x07\x08 avec des \x0e\x0f\x10\x11\x12 codes", "binary"),
    ],
)
def test_txt_bad_input_is_rejected(tmp_path: Path, content: bytes, reason: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(BODY, encoding="utf-8")
    items = _read(tmp_path)
    [rej] = _rejects(items)
    assert (rej.reason, rej.stage, rej.source) == (reason, "ingest", str(f))
    assert [a.id for a in _articles(items)] == ["good"]


def test_50_mb_file_read_by_default_and_rejected_under_a_lower_limit(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    paragraph = (BODY * 4).encode("utf-8")
    with f.open("wb") as out:
        out.write(paragraph * (50 * 1024 * 1024 // len(paragraph) + 1))
    [art] = _read(f)
    assert isinstance(art, RawArticle) and len(art.text) > 45_000_000
    del art
    [rej] = _read(f, settings=Settings(max_file_mb=10))
    assert isinstance(rej, Reject) and rej.reason == "too-large" and "10 MB" in rej.detail


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_txt_reader_never_raises(data: bytes) -> None:
    item = text_article(data, source="x.txt", id="x")
    assert isinstance(item, (RawArticle, Reject))
    if isinstance(item, RawArticle):
        assert item.text and item.text.strip()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_text_in_any_encoding_survives(text: str) -> None:
    item = text_article(text.encode("utf-8"), source="x.txt", id="x")
    if isinstance(item, RawArticle):
        assert item.text == text.replace("\r\n", "\n").replace("\r", "\n")


# --- html --------------------------------------------------------------------


def test_html_article(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(ARTICLE_HTML.format(title=TITLE), encoding="utf-8")
    [art] = _read(f)
    assert isinstance(art, RawArticle)
    assert (art.id, art.fmt, art.title, art.outlet, art.author) == (
        "page",
        "html",
        TITLE,
        "Le Quotidien",
        "Claire Martin",
    )
    assert (art.published, art.published_source) == ("2025-02-13", "html")
    lines = art.text.splitlines()
    assert any(line.startswith("Le Premier ministre a annoncé") for line in lines)
    assert any(line.startswith("« Nous avons entendu") for line in lines)
    assert "Accueil" not in art.text and "droits réservés" not in art.text
    assert art.html is None


def test_html_without_article_and_broken_html(tmp_path: Path) -> None:
    (tmp_path / "nav.htm").write_text(NAV_ONLY_HTML, encoding="utf-8")
    (tmp_path / "broken.html").write_bytes(b"<html><body><div><p>\x00\x00<<</")
    (tmp_path / "ok.html").write_text(ARTICLE_HTML.format(title=TITLE), encoding="utf-8")
    items = _read(tmp_path)
    reasons = {Path(r.source).name: r.reason for r in _rejects(items)}
    assert reasons["nav.htm"] == "no-article"
    assert reasons["broken.html"] in {"no-article", "binary"}
    assert [a.id for a in _articles(items)] == ["ok"]


def test_html_to_text_never_raises_on_garbage() -> None:
    for html in ["", "   ", "<", "<html>", "<p>" * 5000, "\x00\x01", "plain words only"]:
        result = html_to_text(html, url=None, timeout_s=5)
        assert isinstance(result.text, str)


def test_time_limit_in_main_thread_and_in_a_thread() -> None:
    with pytest.raises(TimeoutError):
        run_with_time_limit(lambda: time.sleep(3), timeout_s=0.2)
    assert run_with_time_limit(lambda: 42, timeout_s=1) == 42
    outcome: list[str] = []

    def worker() -> None:
        try:
            run_with_time_limit(lambda: time.sleep(1), timeout_s=0.1)
        except TimeoutError:
            outcome.append("timeout")

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert outcome == ["timeout"]


def _sleep_past_limit(seconds: float) -> str:
    try:
        run_with_time_limit(lambda: time.sleep(seconds), timeout_s=0.1)
    except TimeoutError:
        return "timeout"
    return "finished"


def test_time_limit_inside_a_worker_process() -> None:
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        assert pool.submit(_sleep_past_limit, 2).result(timeout=30) == "timeout"


def test_html_declared_charset(tmp_path: Path) -> None:
    page = ARTICLE_HTML.format(title=TITLE).replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    (tmp_path / "latin.html").write_bytes(page.encode("iso-8859-1", "replace"))
    [art] = _read(tmp_path)
    assert isinstance(art, RawArticle) and "âge légal de départ" in art.text


def test_fragment_to_text() -> None:
    text = fragment_to_text("<p>Le maire &amp; ses adjoints</p><p>ont voté<br>hier.</p><script>x()</script>")
    assert text == "Le maire & ses adjoints\nont voté\nhier."


# --- jsonl -------------------------------------------------------------------


def _jsonl_lines() -> list[str]:
    return [
        json.dumps({"id": "j1", "title": TITLE, "text": BODY, "published": "13/02/2025", "outlet": "AFP"}),
        "{pas du json",
        json.dumps({"id": "j3", "title": "Sans contenu"}),
        "",
        json.dumps([1, 2, 3]),
        json.dumps({"text": BODY, "url": "https://exemple.fr/a"}),
        json.dumps({"id": 7, "html": ARTICLE_HTML.format(title=TITLE), "published": None}),
        json.dumps({"id": "j8", "text": "   "}),
    ]


@pytest.mark.parametrize("name", ["flux.jsonl", "flux.ndjson", "flux.jsonl.gz"])
def test_jsonl_good_and_bad_lines(tmp_path: Path, name: str) -> None:
    f = tmp_path / name
    data = "\n".join(_jsonl_lines()).encode("utf-8")
    f.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    items = _read(f)
    rejects = {r.source: r.reason for r in _rejects(items)}
    assert rejects == {
        f"{f}:2": "bad-json",
        f"{f}:3": "no-content",
        f"{f}:5": "bad-json",
        f"{f}:8": "no-content",
    }
    a1, a6, a7 = _articles(items)
    assert (a1.id, a1.title, a1.published, a1.published_source, a1.outlet) == (
        "j1",
        TITLE,
        "2025-02-13",
        "meta",
        "AFP",
    )
    assert (a6.id, a6.url, a6.source) == (None, "https://exemple.fr/a", f"{f}:6")
    assert (a7.id, a7.fmt, a7.title, a7.published_source) == ("7", "jsonl", TITLE, "html")
    assert "Le Premier ministre" in a7.text and "<p>" not in a7.text


def test_jsonl_line_over_the_size_limit(tmp_path: Path) -> None:
    f = tmp_path / "gros.jsonl"
    lines = [{"id": "petit", "text": BODY}, {"id": "gros", "text": BODY * 500}, {"id": "fin", "text": BODY}]
    f.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    items = _read(f, settings=Settings(max_file_mb=0.01))
    assert [getattr(i, "id", None) or i.reason for i in items] == ["petit", "too-large", "fin"]  # type: ignore[union-attr]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
JSON_OBJECTS = st.fixed_dictionaries(
    {},
    optional={
        k: JSON_VALUES for k in ("id", "text", "html", "title", "url", "published", "outlet", "author")
    },
)


@settings(max_examples=80, deadline=None)
@given(st.lists(JSON_OBJECTS | st.text(max_size=40), max_size=6))
def test_jsonl_reader_never_raises(lines: list[object]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "x.jsonl"
        text = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines)
        f.write_text(text.replace("\r", " ").replace("\x85", " ").replace("\u2028", " "), encoding="utf-8")
        for item in read_jsonl(f, settings=Settings(html_timeout_s=5)):
            assert isinstance(item, (RawArticle, Reject))
            if isinstance(item, RawArticle):
                assert item.text and (item.published is None or len(item.published) == 10)


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    f = tmp_path / "cut.jsonl.gz"
    lines = [json.dumps({"id": f"n{i}", "text": f"{BODY} ({i})"}) for i in range(200)]
    f.write_bytes(gzip.compress("\n".join(lines).encode())[:-300])
    items = _read(f)
    assert _articles(items) and items[-1].reason == "corrupt-file"  # type: ignore[union-attr]


@pytest.mark.skipif(not ORANGESUM.is_file(), reason="shared corpus absent")
def test_orangesum_fields_map() -> None:
    items = list(itertools.islice(read_inputs([ORANGESUM]), 50))
    arts = _articles(items)
    assert len(arts) == 50
    for a in arts:
        assert a.id and a.id.startswith("orangesum-") and a.title and a.text
        assert a.published and len(a.published) == 10 and a.outlet


# --- feeds -------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Le Quotidien - Politique</title><link>https://lequotidien.example</link>
<item><title>{title}</title><link>https://lequotidien.example/a/1</link>
<guid>https://lequotidien.example/a/1</guid><pubDate>Fri, 14 Feb 2025 00:30:00 +0100</pubDate>
<description>&lt;p&gt;Le Premier ministre a annoncé &lt;b&gt;mardi&lt;/b&gt;
un recul.&lt;/p&gt;&lt;p&gt;L'opposition
dénonce.&lt;/p&gt;</description></item>
<item><title>Brève</title><guid isPermaLink="false">breve-42</guid>
<description>Texte brut d'une brève, sans balise.</description></item>
<item><title>Rien</title><link>https://lequotidien.example/a/3</link></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Agence</title><id>urn:agence</id>
<updated>2025-02-13T10:00:00Z</updated>
<entry><title>Kiev et Moscou échangent des prisonniers</title><id>urn:uuid:1234-abcd</id>
<link href="https://agence.example/d/1"/><updated>2025-02-13T10:00:00Z</updated>
<published>2025-02-12T23:59:00-05:00</published><author><name>Agence</name></author>
<content type="html">&lt;p&gt;Cent cinquante prisonniers ont été échangés jeudi.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_feed(tmp_path: Path) -> None:
    f = tmp_path / "flux.rss"
    f.write_text(RSS.format(title=TITLE), encoding="utf-8")
    items = _read(f)
    a1, a2 = _articles(items)
    assert (a1.fmt, a1.title, a1.url, a1.outlet) == (
        "rss",
        TITLE,
        "https://lequotidien.example/a/1",
        "Le Quotidien - Politique",
    )
    assert (a1.published, a1.published_source) == ("2025-02-14", "feed")
    assert a1.text == "Le Premier ministre a annoncé mardi un recul.\nL'opposition dénonce."
    assert a1.id == content_hash("feed", "https://lequotidien.example/a/1")
    assert (a2.id, a2.text, a2.published) == ("breve-42", "Texte brut d'une brève, sans balise.", None)
    [rej] = _rejects(items)
    assert (rej.reason, rej.source) == ("no-content", f"{f}#3")


def test_atom_feed_in_xml_file(tmp_path: Path) -> None:
    f = tmp_path / "agence.xml"
    f.write_text(ATOM, encoding="utf-8")
    [art] = _read(f)
    assert isinstance(art, RawArticle)
    assert (art.fmt, art.published, art.url, art.author) == (
        "atom",
        "2025-02-12",
        "https://agence.example/d/1",
        "Agence",
    )
    assert art.text == "Cent cinquante prisonniers ont été échangés jeudi."


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    f = tmp_path / "config.xml"
    f.write_text("<?xml version='1.0'?><config><a>1</a></config>", encoding="utf-8")
    assert _read(tmp_path) == []
    with pytest.raises(InputError, match=r"\.txt"):
        _read(f)


def test_broken_feed_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "cassé.rss").write_bytes(b"<rss><channel><item><title>sans fin")
    (tmp_path / "vide.atom").write_bytes(b"")
    for item in _read(tmp_path):
        assert isinstance(item, Reject)


# --- warc --------------------------------------------------------------------


def _warc(path: Path, *, gz: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)

        def response(uri: str, status: str, ctype: str, body: bytes, date: str) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(rec)

        html = ARTICLE_HTML.format(title=TITLE)
        response(
            "https://q.example/a/1",
            "200 OK",
            "text/html; charset=utf-8",
            html.encode(),
            "2025-03-01T08:00:00Z",
        )
        response(
            "https://q.example/logo.png", "200 OK", "image/png", b"\x89PNG\x00\x00", "2025-03-01T08:00:01Z"
        )
        response(
            "https://q.example/absent",
            "404 Not Found",
            "text/html",
            b"<p>Introuvable</p>",
            "2025-03-01T08:00:02Z",
        )
        response("https://q.example/r", "301 Moved Permanently", "text/html", b"", "2025-03-01T08:00:03Z")
        undated = html.replace(
            '<meta property="article:published_time" content="2025-02-13T18:30:00+01:00">', ""
        )
        response(
            "https://q.example/a/2",
            "200 OK",
            "text/html",
            undated.encode("cp1252", "replace"),
            "2025-03-02T08:00:00Z",
        )


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc(tmp_path: Path, name: str) -> None:
    f = tmp_path / name
    _warc(f, gz=name.endswith(".gz"))
    items = _read(f)
    a1, a2 = _articles(items)
    assert (a1.fmt, a1.url, a1.id) == (
        "warc",
        "https://q.example/a/1",
        content_hash("warc", "https://q.example/a/1"),
    )
    assert (a1.published, a1.published_source, a1.title) == ("2025-02-13", "html", TITLE)
    assert (a2.published, a2.published_source) == ("2025-03-02", "warc")
    assert "Le Premier ministre" in a2.text
    assert [r.reason for r in _rejects(items)] == ["http-error"]


def test_truncated_warc(tmp_path: Path) -> None:
    f = tmp_path / "cut.warc.gz"
    _warc(f)
    data = f.read_bytes()
    f.write_bytes(data[: len(data) - 400])
    items = _read(f)
    assert _articles(items)[0].url == "https://q.example/a/1"
    assert _rejects(items)[-1].reason == "corrupt-warc"
    (tmp_path / "junk.warc").write_bytes(b"ceci n'est pas un WARC\n" * 10)
    assert [i.reason for i in _read(tmp_path / "junk.warc")] == ["corrupt-warc"]  # type: ignore[union-attr]


# --- folders, meta, misuse ----------------------------------------------------


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "b" / "c").mkdir(parents=True)
    (root / ".cache").mkdir()
    (root / "z.txt").write_text(BODY, encoding="utf-8")
    (root / "a.txt").write_text(BODY, encoding="utf-8")
    (root / "b" / "m.html").write_text(ARTICLE_HTML.format(title=TITLE), encoding="utf-8")
    (root / "b" / "c" / "d.txt").write_text(BODY, encoding="utf-8")
    (root / ".cache" / "h.txt").write_text(BODY, encoding="utf-8")
    (root / "a.gold.json").write_text("{}", encoding="utf-8")
    (root / "README.md").write_text("# corpus", encoding="utf-8")
    (root / "notes.docx").write_bytes(b"PK\x03\x04")
    (root / "meta.jsonl").write_text(
        '{"id": "a", "published": "2025-02-13", "outlet": "AFP", "url": null}\n'
        '{"id": "m", "published": "13 février 2024", "outlet": null}\n'
        '{"id": "d", "outlet": "Racine"}\n',
        encoding="utf-8",
    )
    (root / "b" / "c" / "meta.jsonl").write_text(
        '{"id": "d", "url": "https://d.example"}\n', encoding="utf-8"
    )
    return root


def test_folder_recursive_sorted_with_sidecar_meta(tmp_path: Path) -> None:
    items = _read(_tree(tmp_path))
    arts = _articles(items)
    assert not _rejects(items)
    assert [a.id for a in arts] == ["a", "d", "m", "z"]
    a, d, m, z = arts
    assert (a.published, a.published_source, a.outlet, a.url) == ("2025-02-13", "meta", "AFP", None)
    assert (m.published, m.published_source, m.outlet) == ("2024-02-13", "meta", "Le Quotidien")
    assert (d.outlet, d.url, d.published) == ("Racine", "https://d.example", None)
    assert (z.published, z.published_source) == (None, None)


def test_explicit_meta_wins(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    meta = tmp_path / "autre.jsonl"
    meta.write_text('{"id": "a", "published": "2020-01-02", "outlet": null}\n{"id": "z", "outlet": "Z"}\n')
    arts = {a.id: a for a in _articles(_read(root, meta=meta))}
    assert (arts["a"].published, arts["a"].outlet) == ("2020-01-02", "AFP")
    assert arts["z"].outlet == "Z"


def test_bad_sidecar_is_a_reject_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "meta.jsonl").write_text("{pas json\n", encoding="utf-8")
    items = _read(tmp_path)
    assert [type(i).__name__ for i in items] == ["Reject", "RawArticle"]
    assert items[0].reason == "bad-meta" and "line 1" in items[0].detail  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a"}\n{pas json}\n', "line 2"),
        ('{"published": "2025-01-01"}\n', "line 1: missing"),
        ('{"id": "a", "published": "demain"}\n', "not a date"),
        ('{"id": "a"}\n\n{"id": "a"}\n', "line 3: duplicate"),
        ('["a"]\n', "JSON object"),
        ('{"id": "a", "outlet": 3}\n', "'outlet' must be"),
    ],
)
def test_read_meta_errors_name_the_line(tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "meta.jsonl"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_meta(f)


def test_a_bare_path_is_one_input(tmp_path: Path) -> None:
    (tmp_path / "seul.txt").write_text(BODY, encoding="utf-8")
    assert [a.id for a in read_inputs(str(tmp_path))] == ["seul"]  # type: ignore[union-attr]


def test_misuse_raises_before_reading(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_inputs([tmp_path / "absent.txt"])
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match="unknown input format") as err:
        read_inputs([tmp_path / "doc.pdf"])
    assert SUPPORTED in str(err.value)
    with pytest.raises(InputError, match="meta file not found"):
        read_inputs([tmp_path], meta=tmp_path / "absent.jsonl")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-13", "2025-02-13"),
        ("2025-02-13T23:30:00-05:00", "2025-02-13"),
        ("Thu, 13 Feb 2025 10:00:00 GMT", "2025-02-13"),
        ("13/02/2025", "2025-02-13"),
        ("13 février 2025", "2025-02-13"),
        ("le 3 mars 2021 à 10h", "2021-03-03"),
        ("20250213", "2025-02-13"),
        ("février 2025", None),
        ("2025", None),
        ("jeudi", None),
        ("2025-13-45", None),
        ("1739440800", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_date(value: str | None, expected: str | None) -> None:
    assert iso_date(value) == expected


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_iso_date_never_raises(value: str) -> None:
    result = iso_date(value)
    assert result is None or (len(result) == 10 and result[4] == "-")


@pytest.mark.skipif(not (EVAL / "dev").is_dir(), reason="shared eval set absent")
def test_dev_articles_read_with_meta() -> None:
    dev = EVAL / "dev"
    meta = read_meta(dev / "meta.jsonl")
    items = _read(dev)
    arts = _articles(items)
    assert not _rejects(items)
    assert [a.id for a in arts] == sorted(p.name[: -len(".txt")] for p in dev.glob("*.txt"))
    for art in arts:
        want = meta.get(art.id or "", {})
        assert art.published == want.get("published")
        assert art.published_source == ("meta" if "published" in want else None)
        assert art.outlet == want.get("outlet")
        assert art.text == (dev / f"{art.id}.txt").read_text(encoding="utf-8-sig")
