"""The web UI end to end in headless Chromium (Debian's ``chromium``) driven by Playwright,
against a uvicorn server on 127.0.0.1. Screenshots are saved under each test's tmp_path."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn")
    from recoupe.web import create_app
    from tests.test_web_api import build_store

    db = build_store(tmp_path_factory.mktemp("ui") / "ui.db")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser, tmp_path: Path):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.errors, pg.dialogs, pg.requests = errors, dialogs, requests  # type: ignore[attr-defined]
    yield pg
    context.close()


def _offline(pg, base: str) -> None:  # noqa: ANN001
    assert all(u.startswith(base) or u.startswith("data:") for u in pg.requests), pg.requests


def test_overview(page, server: str, tmp_path: Path) -> None:  # noqa: ANN001
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Vue d'ensemble du corpus"
    page.wait_for_selector("#chart-spec-days svg", timeout=15000)
    page.wait_for_selector("#chart-spec-outlets svg", timeout=15000)
    assert page.locator(".kpis").inner_text().startswith("3")
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)
    assert not page.errors and not page.dialogs
    _offline(page, server)


def test_search_entity_then_quote_source(page, server: str, tmp_path: Path) -> None:  # noqa: ANN001
    page.goto(server + "/")
    page.fill("form.search input[name=q]", "dubois")
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_selector("a.chip")
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
    page.click("a.chip:has-text('Claire Dubois')")
    page.wait_for_selector("h1:has-text('Claire Dubois')")
    assert "Mme Dubois" in page.locator("main").inner_text()  # aliases
    page.screenshot(path=str(tmp_path / "entity.png"), full_page=True)
    page.click("li.quote:has-text('Rien n') a.src")
    page.wait_for_selector(".body .focus")
    focus = "".join(page.locator(".body .focus").all_inner_texts())
    assert "Rien n'est décidé" in focus
    page.screenshot(path=str(tmp_path / "quote-source.png"), full_page=True)
    assert not page.errors and not page.dialogs


def test_issue_stance_chart(page, server: str, tmp_path: Path) -> None:  # noqa: ANN001
    page.goto(server + "/issues/barrage")
    page.wait_for_selector("#chart-spec-stances svg g.mark-symbol.role-mark path", timeout=15000)
    n_points = page.locator("#chart-spec-stances svg g.mark-symbol.role-mark path").count()
    assert n_points == 4
    assert "Paul Lefèvre" in page.locator("#chart-spec-stances").inner_text()
    page.screenshot(path=str(tmp_path / "issue.png"), full_page=True)
    assert not page.errors and not page.dialogs
    _offline(page, server)


def test_dispute_and_xss_article(page, server: str, tmp_path: Path) -> None:  # noqa: ANN001
    page.goto(server + "/")
    page.click("li.dispute a:has-text('Paul Lefèvre')")
    page.wait_for_selector(".sides .side >> nth=1")
    assert page.locator(".sides .side").count() == 2
    page.screenshot(path=str(tmp_path / "dispute.png"), full_page=True)
    page.goto(server + "/articles/piege")
    page.wait_for_selector(".body")
    assert "<script>" in page.locator(".body").inner_text()  # shown as text, not run
    page.goto(server + "/search?q=script")
    page.screenshot(path=str(tmp_path / "xss.png"), full_page=True)
    assert not page.dialogs and not page.errors


def test_briefing_draws_its_charts_offline_from_a_file(page, tmp_path: Path) -> None:  # noqa: ANN001
    from recoupe.report.from_store import write_store_briefing
    from recoupe.store import Store
    from tests.test_web_api import build_store

    db = build_store(tmp_path / "b.db")
    with Store.open(db) as store:
        out = write_store_briefing(store, tmp_path / "briefing.html")
    page.goto(out.as_uri())
    page.wait_for_selector("#chart-spec-stances svg g.mark-symbol.role-mark path", timeout=15000)
    page.wait_for_selector("#chart-spec-timeline svg", timeout=15000)
    assert all(u.startswith("file:") or u.startswith("data:") for u in page.requests), page.requests
    page.screenshot(path=str(tmp_path / "briefing.png"), full_page=True)
    assert not page.errors and not page.dialogs
