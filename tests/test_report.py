"""The HTML briefing (built from hand-made records, no spaCy) and the bundled sample corpus."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from recoupe.records import Analysis, Article, Entity, Mention, Quote, Reject
from recoupe.report import render_briefing, write_briefing
from recoupe.report.labels import date_fr, plural
from recoupe.report.marks import anchor_id, dom_id, mark_body

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "examples" / "corpus"
ISSUES = REPO / "examples" / "issues.yaml"

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "area", "base", "col", "source"}


class Checker(HTMLParser):
    """Records ids, links and resource loads; fails on badly nested or unclosed tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.loads: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.errors: list[str] = []
        self.texts: dict[str, list[str]] = {}  # id of a .body div -> its text pieces
        self._body: str | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        for k in ("src", "srcset", "href", "action", "data", "poster"):
            if k in a and (tag != "a" or k != "href"):
                self.loads.append((tag, k, a[k]))
        if tag in VOID:
            return
        self.stack.append(tag)
        if self._body is not None:
            self._depth += 1
        elif tag == "div" and a.get("class") == "body":
            self._body = self._current_article
            self.texts[self._body] = []
            self._depth = 1
        if tag == "article" and "id" in a:
            self._current_article = a["id"]

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()
        if self._body is not None:
            self._depth -= 1
            if self._depth == 0:
                self._body = None

    def handle_data(self, data):
        if self._body is not None:
            self.texts[self._body].append(data)

    _current_article = ""


def check(page: str) -> Checker:
    c = Checker()
    c.feed(page)
    c.close()
    assert not c.errors, c.errors[:5]
    assert c.stack == [], c.stack
    assert len(c.ids) == len(set(c.ids)), "duplicate ids"
    return c


BODY_1 = (
    "Le ministre valmérien des Affaires étrangères, Dragan Vesković, a dénoncé dimanche un « acte de "
    "piraterie », a-t-il déclaré devant la presse.\n"
    "« Nous demandons une médiation, et nous la demandons maintenant. La Valmerie ne veut pas d'escalade », "
    "a insisté M. Vesković.\n"
    "Selon des sources proches des négociations, Kessel aurait accepté de libérer les marins.\n"
    "<script>alert(1)</script> & fin <b>du</b> texte."
)


def _quote(body: str, text: str, **kw) -> Quote:
    start = body.index(text)
    return Quote(text=text, start=start, end=start + len(text), **kw)


def _analyses() -> tuple[list[Analysis], list[Quote]]:
    q1 = _quote(BODY_1, "acte de piraterie", kind="direct", speaker="Dragan Vesković", speaker_type="PER",
                cue="déclarer", sentence_start=0, sentence_end=BODY_1.index("\n"))
    q2 = _quote(BODY_1, "Nous demandons une médiation, et nous la demandons maintenant", kind="direct",
                speaker="Dragan Vesković", speaker_type="PER", cue="insister")
    # crosses q2's end: starts inside it, ends after it
    q3 = _quote(BODY_1, "maintenant. La Valmerie", kind="mixed", speaker="Dragan Vesković",
                speaker_type="PER", cue="insister")
    q4 = _quote(BODY_1, "Kessel aurait accepté de libérer les marins", kind="indirect",
                speaker="des sources proches des négociations", speaker_type="DESC", cue="selon",
                anonymous=True, status="hedged")
    # same start as q2 (shares its anchor), nested inside it
    q5 = _quote(BODY_1, "Nous demandons", kind="direct", speaker="Dragan Vesković", speaker_type="PER")
    bad = Quote(text='"><img src=x onerror=alert(1)>', start=9000, end=9010, kind="direct",
                speaker='<script>alert("s")</script>', status="denied", polarity="deny")
    art1 = Article(
        id="01_moreve", source="01_moreve.txt", body=BODY_1, content_hash="h1",
        title="Morève : <i>Orsava</i> réclame une médiation", outlet="Le Courrier d'Orsava",
        published="2026-03-09", published_source="meta", author="Marie Dubois", credited_source="APC",
        url="https://courrier-orsava.example.org/a?x=1&y=<2>",
    )
    ent = Entity(name="Dragan Vesković", type="PER", aliases=("Veskovic",),
                 mentions=(Mention("Dragan Vesković", 47, 62, "PER"), Mention("Vesković", 200, 208, "PER")))
    a1 = Analysis(article=art1, quotes=(q1, q2, q3, q4, q5, bad), entities=(ent,))
    body2 = "Le porte-parole a démenti : « il n'y a ni marchandage ni accord caché »."
    q6 = _quote(body2, "il n'y a ni marchandage ni accord caché", kind="direct", speaker="Mikael Orn",
                speaker_type="PER", cue="démentir", polarity="deny", status="denied")
    art2 = Article(id="id with spaces/é", source="x.txt", body=body2, content_hash="h2", title=None,
                   outlet=None, published=None, url="javascript:alert(1)")
    a2 = Analysis(article=art2, quotes=(q6,))
    return [a1, a2], [q1, q2, q3, q4, q5, bad, q6]


REJECTS = [Reject("corpus/bin.txt", "ingest", "binary", "<img src=x onerror=alert(2)>"),
           Reject("corpus/vide.txt", "clean", "empty")]


@pytest.fixture(scope="module")
def page() -> str:
    analyses, _ = _analyses()
    return render_briefing(analyses, rejects=REJECTS, generated="2026-03-13 12:00 UTC",
                           title="Briefing <Morève>")


def test_contains_every_quote_article_and_reject(page):
    analyses, quotes = _analyses()
    for q in quotes:
        assert str(escape(q.text)) in page
    for a in analyses:
        assert str(escape(a.article.title or a.article.id)) in page
    assert "Le Courrier d&#39;Orsava" in page and "APC" in page and "Marie Dubois" in page
    assert "binary" in page and "empty" in page and "corpus/vide.txt" in page
    assert "9 mars 2026" in page and "date inconnue" in page


def test_header_counts(page):
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert "Articles 2" in text and "Médias 1" in text and "Citations 7" in text and "Rejets 2" in text
    assert "1 article non daté" in text
    assert "<title>Briefing &lt;Morève&gt;</title>" in page


def test_links_resolve_to_existing_ids(page):
    c = check(page)
    ids = set(c.ids)
    internal = [h for h in c.hrefs if h.startswith("#")]
    assert internal and all(h[1:] in ids for h in internal), [h for h in internal if h[1:] not in ids]
    analyses, _ = _analyses()
    for a in analyses:
        for q in a.quotes:
            if q.end <= len(a.article.body):
                assert f'href="#{anchor_id(a.article.id, q.start)}"' in page
    assert f'id="a-01_moreve-{BODY_1.index("acte de piraterie")}"' in page


TRUSTED_SCRIPTS = re.compile(r"</main>.*?(<script>.*</script>)", re.S)  # the inlined chart library, after </main>
JSON_SCRIPT = re.compile(r'<script type="application/json" id="spec-[\w-]+">([^<]*)</script>')


def without_trusted_scripts(page: str) -> str:
    """The page minus the vendored chart library and the chart specs (JSON with every < escaped)."""
    m = TRUSTED_SCRIPTS.search(page)
    if m:
        page = page[:m.start(1)] + page[m.end(1):]
    return JSON_SCRIPT.sub("", page)


def test_content_is_escaped(page):
    assert "<script>alert" not in page
    page = without_trusted_scripts(page)
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<i>Orsava</i>" not in page and "<b>du</b>" not in page


def test_no_external_resource_loads(page):
    page = without_trusted_scripts(page)
    c = check(page)
    assert c.loads == [] or all(not re.match(r"\s*(https?:)?//", v) for _, _, v in c.loads)
    assert not [h for h in c.hrefs if not h.startswith("#")], "only internal links"
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", page)
    assert "@import" not in page and "javascript:" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page)


def test_marked_bodies_keep_the_exact_text(page):
    c = check(page)
    analyses, _ = _analyses()
    for a in analyses:
        section = "art-" + dom_id(a.article.id)
        assert "".join(c.texts[section]) == a.article.body


def test_card_shows_kind_status_and_cue(page):
    assert "démenti" in page and "indirecte" in page and "directe" in page and "mixte" in page
    assert "source non nommée" in page and "déclarer" in page
    assert "voir dans l’article" in page


def test_speaker_table_counts_quotes_and_articles(page):
    row = re.search(r"Dragan Vesković</a></td><td>personne</td>\s*<td class=\"num\">(\d+)</td>"
                    r"<td class=\"num\">(\d+)</td>", page)
    assert row and row.groups() == ("4", "1")


def test_empty_corpus_and_write(tmp_path):
    page = render_briefing([], generated="x")
    check(page)
    assert "Aucun article analysé" in page and "Aucun rejet" in page
    out = write_briefing(tmp_path / "deep" / "b.html", [], title="Vide")
    assert out.is_file() and "<title>Vide</title>" in out.read_text(encoding="utf-8")


def test_mark_body_nested_crossing_and_invalid_spans():
    body = "abc <d> efg"
    marked = str(mark_body(body, [(0, 7), (2, 9), (2, 4), (5, 3), (-1, 2), (0, 99)], article_id="x"))
    assert marked.count('id="a-x-0"') == 1 and marked.count('id="a-x-2"') == 1
    assert "<d>" not in marked and "&lt;d&gt;" in marked
    assert html.unescape(re.sub(r"<[^>]+>", "", marked)) == body
    assert str(mark_body("a<b", [], article_id="x")) == "a&lt;b"


@settings(max_examples=150, deadline=None)
@given(
    body=st.text(alphabet=st.sampled_from(list("ab «»<>&\"'é\n")), max_size=60),
    spans=st.lists(st.tuples(st.integers(-3, 65), st.integers(-3, 65)), max_size=8),
)
def test_mark_body_is_well_formed_for_any_spans(body, spans):
    marked = str(mark_body(body, spans, article_id="p"))
    c = check(f"<div>{marked}</div>")
    assert all(t in {"div", "mark"} for t in c.tags)
    assert html.unescape(re.sub(r"<[^>]+>", "", marked)) == body
    for s, e in spans:
        if 0 <= s < e <= len(body):
            assert f"a-p-{s}" in c.ids


def test_labels():
    assert date_fr("2026-03-01") == "1er mars 2026"
    assert date_fr("2026-12") == "décembre 2026" and date_fr("2026") == "2026"
    assert date_fr(None) == "date inconnue" and date_fr("hier") == "hier"
    assert plural(0, "citation") == "0 citation" and plural(2, "entité") == "2 entités"


# --- the bundled sample corpus ---------------------------------------------------------------------

def _meta() -> list[dict]:
    return [json.loads(line) for line in (SAMPLE / "meta.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def test_sample_corpus_files_and_meta():
    texts = sorted(SAMPLE.glob("*.txt"))
    pages = sorted(SAMPLE.glob("*.html"))
    assert [p.name[:3] for p in texts] == [f"{i:02d}_" for i in range(1, 9)]
    assert pages, "one article as HTML"
    meta = _meta()
    assert {m["id"] for m in meta} == {p.stem for p in texts + pages}
    assert len(meta) == len({m["id"] for m in meta})
    for m in meta:
        assert set(m) == {"id", "published", "outlet", "url"}
        if m["published"] is not None:
            date.fromisoformat(m["published"])
        assert re.match(r"https://[a-z0-9.-]+\.example\.(org|com|net)/", m["url"])
    assert sum(m["published"] is None for m in meta) == 1
    assert len({m["outlet"] for m in meta}) >= 5


def test_sample_articles_are_news_sized_french():
    for p in sorted(SAMPLE.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        title = text.splitlines()[0]
        assert 20 < len(title) < 160, p.name
        assert 250 <= len(text.split()) <= 520, (p.name, len(text.split()))
        assert " le " in text and " la " in text
    page = next(SAMPLE.glob("*.html")).read_text(encoding="utf-8")
    assert "<nav" in page and "<footer" in page and "<article" in page


def test_sample_issues_file():
    issues = yaml.safe_load(ISSUES.read_text(encoding="utf-8"))
    assert 3 <= len(issues) <= 4
    assert len({i["id"] for i in issues}) == len(issues)
    for issue in issues:
        assert set(issue) == {"id", "label", "proposition", "terms"}
        assert issue["terms"] and all(isinstance(t, str) for t in issue["terms"])


def test_sample_corpus_renders(tmp_path):
    """The sample texts through the briefing, with « » quotes found by a regex (no spaCy)."""
    analyses = []
    by_id = {m["id"]: m for m in _meta()}
    for p in sorted(SAMPLE.glob("*.txt")):
        body = p.read_text(encoding="utf-8")
        quotes = tuple(Quote(text=m.group(1), start=m.start(1), end=m.end(1), kind="direct")
                       for m in re.finditer(r"«\s*([^«»]+?)\s*»", body))
        m = by_id[p.stem]
        art = Article(id=p.stem, source=p.name, body=body, content_hash=p.stem, title=body.splitlines()[0],
                      outlet=m["outlet"], published=m["published"], url=m["url"])
        analyses.append(Analysis(article=art, quotes=quotes))
    out = write_briefing(tmp_path / "briefing.html", analyses, generated="t")
    page = out.read_text(encoding="utf-8")
    c = check(page)
    assert all(h[1:] in set(c.ids) for h in c.hrefs if h.startswith("#"))
    assert sum(len(a.quotes) for a in analyses) > 30


def test_unnamed_sources_have_their_own_table(page):
    named = page[page.index('id="intervenants"'):page.index("Sources non nommées")]
    unnamed = page[page.index("Sources non nommées"):page.index('id="entites"')]
    assert "Dragan Vesković" in named and "Mikael Orn" in named
    assert "des sources proches des négociations" in unnamed and "des sources proches" not in named


def test_card_context_shows_the_sentence_with_the_quote_in_bold(page):
    assert "Dragan Vesković, a dénoncé dimanche un « <strong>acte de piraterie</strong> », a-t-il" in page
    assert '<span class="badge">dément</span>' in page
    assert '<span class="badge">affirme</span>' not in page


def test_rejects_are_listed_with_reasons_and_stages(page):
    rejets = page[page.index('id="rejets"'):]
    assert "lecture" in rejets and "nettoyage" in rejets and "<code>binary</code>" in rejets
    assert "&lt;img src=x onerror=alert(2)&gt;" in rejets


# -- briefing v2: key points, charts, stances, disputes, signals ---------------------------------


def _derived():
    from recoupe.records import Dispute, DisputeEnd, Signal, Stance

    start = BODY_1.index("Nous demandons")
    stances = [
        Stance("Dragan Vesković", "mediation", "support", "01_moreve", start, start + 60,
               "Nous demandons une médiation", 0.9, "2026-03-09", quote_start=start),
        Stance("Kessel", "mediation", "oppose", "01_moreve", 0, 10, "<b>non</b>", 0.6, "2026-03-10"),
        Stance("Kessel", "other", "oppose", "01_moreve", 0, 10, "hors sujet", 0.6, "2026-03-10"),
    ]
    disputes = [Dispute("disagreement", "mediation",
                        DisputeEnd("01_moreve", "Dragan Vesković", "Nous demandons une médiation", start, start + 28,
                                   "2026-03-09", "support"),
                        DisputeEnd("id with spaces/é", "Mikael Orn", '<script>alert("d")</script>', 0, 20, None,
                                   "oppose"), 0.9, "l'un demande, l'autre refuse")]
    signals = [Signal("01_moreve", "credited_agency", 1.0, "dépêche créditée <APC>", ((0, 5),))]
    return stances, disputes, signals


@pytest.fixture(scope="module")
def page2() -> str:
    analyses, _ = _analyses()
    stances, disputes, signals = _derived()
    return render_briefing(analyses, rejects=REJECTS, generated="t", stances=stances, disputes=disputes,
                           signals=signals, issue_labels={"mediation": "Médiation <régionale>"})


def _spec(page: str, name: str) -> dict:
    m = re.search(rf'<script type="application/json" id="spec-{name}">([^<]*)</script>', page)
    assert m, name
    return json.loads(m.group(1))


def test_briefing_key_points_cite_their_evidence(page2):
    c = check(page2)
    points = page2[page2.index('id="points"'):page2.index('id="chronologie"')]
    assert "Dragan Vesković est l&#39;intervenant le plus cité : 4 citations dans 1 article" in points
    assert "Médiation &lt;régionale&gt; — pour : Dragan Vesković ; contre : Kessel." in points
    assert "Désaccord : Dragan Vesković / Mikael Orn" in points
    cites = re.findall(r'class="cite" href="#([^"]+)"', points)
    assert cites and all(t in set(c.ids) for t in cites)
    assert anchor_id("01_moreve", BODY_1.index("Nous demandons")) in cites


def test_briefing_charts_are_vega_lite_specs_with_the_library_inlined(page2):
    timeline = _spec(page2, "timeline")
    assert timeline["$schema"].endswith("vega-lite/v5.json")
    # the undated article's quote (Mikael Orn's denial) is left out; the other denial is dated
    assert {v["status"] for v in timeline["data"]["values"]} == {"asserted", "hedged", "denied"}
    assert sum(v["n"] for v in timeline["data"]["values"]) == 6
    stances = _spec(page2, "stances")
    assert {v["actor"] for v in stances["data"]["values"]} == {"Dragan Vesković", "Kessel"}
    assert page2.count("vegaEmbed(") >= 1 and "vega-lite" in page2
    assert "<script src" not in page2  # inlined, not loaded


def test_briefing_stances_disputes_and_signals_are_escaped(page2):
    assert "<b>non</b>" not in page2 and "&lt;b&gt;non&lt;/b&gt;" in page2
    disputes = page2[page2.index('id="differends"'):page2.index('id="articles"')]
    assert disputes.count('class="side"') == 2 and "&lt;script&gt;alert(&#34;d&#34;)" in disputes
    sources = page2[page2.index('id="sources"'):page2.index('id="textes"')]
    assert "<code>credited_agency</code>" in sources and "dépêche créditée &lt;APC&gt;" in sources
    assert "<script>alert" not in page2
    specs = [m.group(1) for m in JSON_SCRIPT.finditer(page2)]
    assert len(specs) == 2 and all("<" not in s for s in specs)  # tojson escapes < inside the JSON


def test_briefing_issue_keeps_only_that_issue(page2):
    analyses, _ = _analyses()
    stances, disputes, signals = _derived()
    page = render_briefing(analyses, generated="t", stances=stances, disputes=disputes, issue="other")
    positions = page[page.index('id="positions"'):page.index('id="articles"')]
    assert "hors sujet" in positions and "Nous demandons une médiation" not in positions
    assert 'id="differends"' not in page


def test_briefing_without_dates_or_stances_has_no_script():
    art = Article(id="x", source="x.txt", body="Un texte sans date.", content_hash="h")
    page = render_briefing([Analysis(article=art)], generated="t")
    assert "<script" not in page and 'id="positions"' not in page


def test_store_briefing_for_an_issue(tmp_path):
    from recoupe.errors import RecoupeError
    from recoupe.report.from_store import write_store_briefing
    from recoupe.store import Store
    from recoupe.store.derived import replace_corpus_results, save_article_results

    analyses, _ = _analyses()
    stances, disputes, signals = _derived()
    with Store.open(tmp_path / "b.db") as store:
        store.save_many(analyses)
        save_article_results(store.engine, [a.article.id for a in analyses], stances=stances, signals=signals,
                             issues_hash="h")
        replace_corpus_results(store.engine, disputes=disputes, clusters={})
        out = write_store_briefing(store, tmp_path / "b.html", issue="mediation",
                                   issue_labels={"mediation": "Médiation"})
        page = out.read_text(encoding="utf-8")
        assert "<title>recoupe — Médiation</title>" in page and "hors sujet" not in page
        assert "credited_agency" in page
        with pytest.raises(RecoupeError, match="issues found: mediation, other"):
            write_store_briefing(store, tmp_path / "c.html", issue="inconnu")


def test_each_person_has_a_section_with_mentions_and_quotes():
    from recoupe.records import Analysis, Article, Entity, Mention, Quote
    from recoupe.report.people import person_id

    body = "Claire Lenoir a parlé. « Nous tiendrons », a dit Lenoir devant la presse."
    at, q = body.rindex("Lenoir"), body.index("Nous")
    ent = Entity("Claire Lenoir", "PER", (Mention("Claire Lenoir", 0, 13, "PER"), Mention("Lenoir", at, at + 6, "PER")),
                 aliases=("Lenoir",))
    quote = Quote("Nous tiendrons", q, q + 14, "direct", speaker="Claire Lenoir", speaker_type="PER",
                  sentence_start=q - 2, sentence_end=len(body))
    html = render_briefing([Analysis(Article("a1", "s", body, "h", title="T"), entities=(ent,), quotes=(quote,))])
    pid = person_id("Claire Lenoir")
    assert f'id="{pid}"' in html and f'href="#{pid}"' in html
    section = html[html.index(f'id="{pid}"'):]
    section = section[:section.index("</section>")]
    assert "Nous tiendrons" in section and "<strong>Lenoir</strong>" in section and "aussi écrit" in section
