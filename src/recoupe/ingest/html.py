"""HTML to text: trafilatura with a per-document time limit, and a plain
fallback for the short HTML fragments that feeds carry."""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TypeVar

from recoupe.ingest.common import clean_str, iso_date, reject, too_large
from recoupe.ingest.text import decode_bytes
from recoupe.records import RawArticle, Reject
from recoupe.settings import Settings

T = TypeVar("T")

MIN_ARTICLE_CHARS = 60  # less extracted text than this from a page is "no-article"
MIN_ARTICLE_WORDS = 8
DATE_PARAMS = {"extensive_search": False, "original_date": True}  # metadata dates only
BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "article", "section"}
    | {"header", "footer", "pre", "figcaption", "dd", "dt"}
)
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})
WHITESPACE = re.compile(r"\s+")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HtmlResult:
    """What trafilatura found in one HTML document. ``problem`` is a reason
    code (``no-article``, ``timeout``, ``html-error``) when ``text`` is empty."""

    text: str
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    author: str | None = None
    problem: str | None = None


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Timeout


def run_with_time_limit(fn: Callable[[], T], *, timeout_s: float) -> T:
    """Run ``fn`` for at most ``timeout_s`` seconds, else raise ``TimeoutError``.

    In a process's main thread (the CLI, each multiprocessing or Dask process
    worker) a ``SIGALRM`` timer interrupts the work itself; elsewhere, or when
    a timer is already set, a helper thread is abandoned when late."""
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if usable:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout_s)
        try:
            return fn()
        except _Timeout:
            raise TimeoutError(f"over {timeout_s:g} s") from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="recoupe-html")
    try:
        return pool.submit(fn).result(timeout=timeout_s)
    except FutureTimeout:
        raise TimeoutError(f"over {timeout_s:g} s") from None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _extract(html: str, url: str | None) -> HtmlResult:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=DATE_PARAMS,
    )
    if doc is None or isinstance(doc, dict):
        return HtmlResult(text="", problem="no-article")
    text = "\n".join(line.strip() for line in (doc.text or "").splitlines() if line.strip())
    if len(text) < MIN_ARTICLE_CHARS or len(text.split()) < MIN_ARTICLE_WORDS:
        return HtmlResult(text="", title=clean_str(doc.title), problem="no-article")
    return HtmlResult(
        text=text,
        title=clean_str(doc.title),
        date=iso_date(doc.date),
        sitename=clean_str(doc.sitename),
        author=clean_str(doc.author),
    )


def html_to_text(html: str, *, url: str | None = None, timeout_s: float = 10.0) -> HtmlResult:
    """The article text of a web page (paragraphs as lines) and its metadata.

    Never raises on bad HTML: an empty ``text`` comes with a ``problem``."""
    if not html or not html.strip():
        return HtmlResult(text="", problem="no-article")
    try:
        return run_with_time_limit(lambda: _extract(html, url), timeout_s=timeout_s)
    except TimeoutError:
        return HtmlResult(text="", problem="timeout")
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken markup
        return HtmlResult(text="", problem=f"html-error: {type(exc).__name__}: {exc}"[:200])


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(WHITESPACE.sub(" ", data))  # newlines in HTML source are spaces


def fragment_to_text(html: str) -> str:
    """Plain text of a short HTML fragment (a feed summary): tags dropped,
    block elements as line breaks, entities decoded."""
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except Exception:  # HTMLParser is lenient; be safe anyway
        return ""
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return "\n".join(line for line in lines if line)


def decode_html(data: bytes, *, charset: str | None = None) -> str | None:
    """Decode HTML bytes: the declared charset, a ``<meta charset>``, then detection."""
    declared = charset
    if not declared:
        m = META_CHARSET.search(data[:4096])
        declared = m[1].decode("ascii", "replace") if m else None
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    decoded = decode_bytes(data)
    return decoded[0] if decoded else None


def read_html(path: Path, *, settings: Settings) -> Iterator[RawArticle | Reject]:
    """One ``.html`` file -> one article (id = file stem)."""
    source = str(path)
    big = too_large(path, max_mb=settings.max_file_mb)
    if big:
        yield big
        return
    data = path.read_bytes()
    if not data.strip():
        yield reject(source, "empty", "empty HTML file")
        return
    html = decode_html(data)
    if html is None:
        yield reject(source, "binary", "not decodable as HTML text")
        return
    yield from article_from_html(html, source=source, fmt="html", id=path.stem, url=None, settings=settings)


def article_from_html(
    html: str,
    *,
    source: str,
    fmt: str,
    id: str | None,
    url: str | None,
    settings: Settings,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    published_source: str | None = None,
) -> Iterator[RawArticle | Reject]:
    """Extract one article from HTML; values given by the caller win over the page's."""
    result = html_to_text(html, url=url, timeout_s=settings.html_timeout_s)
    if not result.text:
        problem = result.problem or "no-article"
        code, _, detail = problem.partition(": ")
        yield reject(source, code, detail or _DETAILS.get(code, ""))
        return
    page_date = result.date
    yield RawArticle(
        source=source,
        fmt=fmt,
        id=id,
        text=result.text,
        title=title or result.title,
        url=url,
        outlet=outlet or result.sitename,
        published=published or page_date,
        published_source=published_source if published else ("html" if page_date else None),
        author=result.author,
    )


_DETAILS = {
    "no-article": "no article text found in the HTML",
    "timeout": "HTML extraction ran past html_timeout_s",
}
