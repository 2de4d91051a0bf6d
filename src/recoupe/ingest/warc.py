"""WARC files (``.warc``, ``.warc.gz``) through warcio: HTML responses only."""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from recoupe.ingest.common import MB, iso_date, reject
from recoupe.ingest.html import article_from_html, decode_html
from recoupe.records import RawArticle, Reject, content_hash
from recoupe.settings import Settings

HTML_TYPES = ("text/html", "application/xhtml+xml")
GZIP_MAGIC = b"\x1f\x8b"
CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)


def _charset(content_type: str) -> str | None:
    m = CHARSET.search(content_type)
    return m[1] if m else None


class _Watched:
    """A byte stream that turns a truncated gzip member into an end of
    stream and remembers it (warcio alone takes a cut archive as complete)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.problem: str | None = None
        self.count = 0  # bytes handed out

    def read(self, size: int = -1) -> bytes:
        try:
            # read1: what is there, not a full block
            partial = size > 0 and hasattr(self.stream, "read1")
            data = self.stream.read1(size) if partial else self.stream.read(size)  # type: ignore[attr-defined]
        except (EOFError, OSError, zlib.error) as exc:
            self.problem = f"{type(exc).__name__}: {exc}"
            return b""
        self.count += len(data)
        return data

    def tell(self) -> int:
        return self.stream.tell()


def _open(path: Path, stack: ExitStack) -> _Watched:
    raw = stack.enter_context(path.open("rb"))
    if raw.read(2) == GZIP_MAGIC:
        raw.seek(0)
        return _Watched(stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb")))  # type: ignore[arg-type]
    raw.seek(0)
    return _Watched(raw)


def read_warc(path: Path, *, settings: Settings) -> Iterator[RawArticle | Reject]:
    """Each HTML ``response`` record -> one article (id = hash of the URI).

    Other records and redirects are skipped; HTTP errors, records over
    ``max_file_mb`` and a truncated or corrupt file give Rejects."""
    from warcio.archiveiterator import ArchiveIterator

    number = found = 0
    with ExitStack() as stack:
        stream = _open(path, stack)
        records = ArchiveIterator(stream)
        try:
            for number, record in enumerate(records, start=1):  # noqa: B007
                if record.rec_type == "response":
                    for item in _record(record, source=f"{path}#{number}", settings=settings):
                        found += 1
                        yield item
            if records.offset < stream.count:  # warcio stops quietly on a cut record
                stream.problem = stream.problem or f"unreadable record at byte {records.offset}"
            if records.err_count:  # lengths that do not match: not a WARC, or a damaged one
                stream.problem = stream.problem or f"{records.err_count} records with a wrong length"
        except Exception as exc:  # warcio raises many kinds on truncated or corrupt archives
            stream.problem = stream.problem or f"{type(exc).__name__}: {exc}"
        if stream.problem:
            yield reject(f"{path}#{number + 1}", "corrupt-warc", f"stopped reading: {stream.problem}")
        elif not found:
            yield reject(str(path), "no-article", f"no HTML response among {number} records")


def _record(record: Any, *, source: str, settings: Settings) -> Iterator[RawArticle | Reject]:
    http = record.http_headers
    if http is None:
        return
    content_type = http.get_header("Content-Type") or ""
    if not content_type.lower().startswith(HTML_TYPES):
        return
    status = http.get_statuscode() or ""
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if status.startswith("3"):
        return
    if not status.startswith("2"):
        yield reject(source, "http-error", f"HTTP {status} for {uri}")
        return
    length = int(record.rec_headers.get_header("Content-Length") or 0)
    if length > settings.max_file_mb * MB:
        yield reject(source, "too-large", f"record of {length / MB:.1f} MB for {uri} (max_file_mb)")
        return
    payload = record.content_stream().read()
    if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than the record's Content-Length
        yield reject(source, "corrupt-warc", f"truncated record for {uri}")
        return
    html = decode_html(payload, charset=_charset(content_type))
    if html is None:
        yield reject(source, "binary", f"undecodable HTML for {uri}")
        return
    for item in article_from_html(
        html,
        source=source,
        fmt="warc",
        id=content_hash("warc", uri) if uri else None,
        url=uri,
        settings=settings,
    ):
        if isinstance(item, RawArticle) and item.published is None:
            crawled = iso_date(record.rec_headers.get_header("WARC-Date"))
            if crawled:
                item = _with_date(item, crawled)
        yield item


def _with_date(article: RawArticle, published: str) -> RawArticle:
    return replace(article, published=published, published_source="warc")
