"""JSON Lines files (``.jsonl``, ``.ndjson``, ``.jsonl.gz``), streamed line by line."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO

from recoupe.ingest.common import MB, clean_str, iso_date, reject
from recoupe.ingest.html import article_from_html
from recoupe.ingest.text import guess_title, normalise_newlines
from recoupe.records import RawArticle, Reject
from recoupe.settings import Settings

# field names accepted for each RawArticle field, first found wins
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id", "article_id", "guid"),
    "text": ("text", "body", "content", "article"),
    "html": ("html", "raw_html"),
    "title": ("title", "headline"),
    "url": ("url", "link", "uri"),
    "outlet": ("outlet", "source_name", "sitename", "site", "publisher"),
    "published": ("published", "date", "published_at", "pub_date", "datePublished"),
    "author": ("author", "authors", "byline"),
}


def _field(obj: dict[str, object], name: str) -> object:
    for key in FIELD_ALIASES[name]:
        value = obj.get(key)
        if value is not None and value != "":
            return value
    return None


def _author(value: object) -> str | None:
    if isinstance(value, list):
        names = [clean_str(v) for v in value]
        return "; ".join(n for n in names if n) or None
    return clean_str(value)


def _open(path: Path, stack: ExitStack) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return stack.enter_context(gzip.open(path, "rb"))  # type: ignore[arg-type]
    return stack.enter_context(path.open("rb"))


def read_jsonl(path: Path, *, settings: Settings) -> Iterator[RawArticle | Reject]:
    """Each line ``{"id", "text" or "html", "title"?, "url"?, "outlet"?,
    "published"?}`` -> one article; a bad line -> a Reject, and reading goes on.

    The size limit (``max_file_mb``) applies to each line, not to the file."""
    max_bytes = int(settings.max_file_mb * MB)
    lineno = 0
    with ExitStack() as stack:
        stream = _open(path, stack)
        try:
            for lineno, line in enumerate(stream, start=1):  # noqa: B007 - used after the loop
                if not line.strip():
                    continue
                yield from _line(line, source=f"{path}:{lineno}", max_bytes=max_bytes, settings=settings)
        except (OSError, EOFError, zlib.error) as exc:
            detail = f"stopped reading: {type(exc).__name__}: {exc}"
            yield reject(f"{path}:{lineno + 1}", "corrupt-file", detail)


def _line(line: bytes, *, source: str, max_bytes: int, settings: Settings) -> Iterator[RawArticle | Reject]:
    if len(line) > max_bytes:
        yield reject(source, "too-large", f"line of {len(line) / MB:.1f} MB (max_file_mb)")
        return
    try:
        obj = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        yield reject(source, "decode-error", f"not UTF-8: {exc}")
        return
    except json.JSONDecodeError as exc:
        yield reject(source, "bad-json", f"not JSON: {exc}")
        return
    if not isinstance(obj, dict):
        yield reject(source, "bad-json", f"a JSON {type(obj).__name__}, not an object")
        return
    yield from _article(obj, source=source, settings=settings)


def _article(obj: dict[str, object], *, source: str, settings: Settings) -> Iterator[RawArticle | Reject]:
    id = clean_str(_field(obj, "id"))
    title = clean_str(_field(obj, "title"))
    url = clean_str(_field(obj, "url"))
    outlet = clean_str(_field(obj, "outlet"))
    published = iso_date(_field(obj, "published"))
    text = _field(obj, "text")
    if isinstance(text, str) and text.strip():
        text = normalise_newlines(text)
        yield RawArticle(
            source=source,
            fmt="jsonl",
            id=id,
            text=text,
            title=title or guess_title(text),
            url=url,
            outlet=outlet,
            published=published,
            published_source="meta" if published else None,
            author=_author(_field(obj, "author")),
        )
        return
    html = _field(obj, "html")
    if isinstance(html, str) and html.strip():
        yield from article_from_html(
            html,
            source=source,
            fmt="jsonl",
            id=id,
            url=url,
            settings=settings,
            title=title,
            outlet=outlet,
            published=published,
            published_source="meta",
        )
        return
    yield reject(source, "no-content", "no non-empty 'text' or 'html' field")
