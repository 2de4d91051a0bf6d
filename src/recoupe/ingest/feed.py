"""RSS and Atom feed files, through feedparser: one article per entry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from recoupe.ingest.common import clean_str, iso_date, reject, source_id, too_large
from recoupe.ingest.html import fragment_to_text, html_to_text
from recoupe.ingest.text import normalise_newlines
from recoupe.records import RawArticle, Reject
from recoupe.settings import Settings

FEED_MARKERS = re.compile(rb"<(rss|feed|rdf:RDF|rdf)[\s>]", re.IGNORECASE)
FULL_PAGE = re.compile(r"<(html|body)[\s>]", re.IGNORECASE)
SNIFF_BYTES = 2048


def is_feed(path: Path) -> bool:
    """Whether the file's start has an ``<rss``, ``<feed`` or ``<rdf`` element."""
    try:
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
    except OSError:
        return False
    return bool(FEED_MARKERS.search(head))


def _content(entry: Any) -> tuple[str, str] | None:
    """``(value, mime type)`` of the fullest content an entry has."""
    for item in entry.get("content") or ():
        value = item.get("value")
        if value and value.strip():
            return value, item.get("type") or "text/html"
    detail = entry.get("summary_detail") or {}
    summary = entry.get("summary")
    if summary and summary.strip():
        return summary, detail.get("type") or "text/html"
    return None


def _is_html(value: str, mime: str) -> bool:
    return "html" in mime and bool(re.search(r"<[a-zA-Z/!]", value))


def entry_text(value: str, mime: str, *, url: str | None, timeout_s: float) -> str:
    """Plain text of an entry's content: full pages through trafilatura,
    fragments through a plain tag stripper, plain text kept."""
    if not _is_html(value, mime):
        return normalise_newlines(value).strip()
    if FULL_PAGE.search(value):
        result = html_to_text(value, url=url, timeout_s=timeout_s)
        if result.text:
            return result.text
    return fragment_to_text(value)


def _published(entry: Any) -> str | None:
    for key in ("published", "updated", "created"):
        found = iso_date(entry.get(key)) or iso_date(entry.get(f"{key}_parsed"))
        if found:
            return found
    return None


def read_feed(path: Path, *, settings: Settings) -> Iterator[RawArticle | Reject]:
    """Each entry -> one article; an entry without content -> a Reject."""
    import feedparser

    big = too_large(path, max_mb=settings.max_file_mb)
    if big:
        yield big
        return
    parsed = feedparser.parse(path.read_bytes())
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f"no entries ({problem})" if problem else "no entries"
        yield reject(str(path), "bad-feed" if problem else "empty", detail)
        return
    fmt = "atom" if str(parsed.get("version", "")).startswith("atom") else "rss"
    outlet = clean_str(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry(entry, source=f"{path}#{number}", fmt=fmt, outlet=outlet, settings=settings)


def _entry(
    entry: Any, *, source: str, fmt: str, outlet: str | None, settings: Settings
) -> RawArticle | Reject:
    url = clean_str(entry.get("link"))
    title = clean_str(entry.get("title"))
    content = _content(entry)
    text = entry_text(*content, url=url, timeout_s=settings.html_timeout_s) if content else ""
    if not text:
        return reject(source, "no-content", f"entry without text: {title or url or '?'}")
    published = _published(entry)
    return RawArticle(
        source=source,
        fmt=fmt,
        id=source_id(entry.get("id") or url, namespace="feed"),
        text=text,
        title=title,
        url=url,
        outlet=outlet,
        published=published,
        published_source="feed" if published else None,
        author=clean_str(entry.get("author")),
    )
