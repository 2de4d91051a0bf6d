"""How many items the inputs will give, counted cheaply before the run: a progress bar's total.

Text and HTML files are one item each; JSON Lines files are counted by their non-blank lines
(no JSON parsing); feeds by their ``<item>``/``<entry>`` elements; WARC files by their HTML
responses (record headers only). An item is what the readers yield, an article or a reject,
so the count is exact for well-formed input and close for damaged input.

Files are scanned in full while a byte budget lasts (``EXACT_BYTES`` on disk over all inputs);
past it, a file is sampled (its first ``SAMPLE_BYTES``) and its count extrapolated from its
size, so that a huge input is never read twice in full.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from recoupe.errors import InputError
from recoupe.ingest.inputs import _plan
from recoupe.ingest.warc import HTML_TYPES

MB = 1024 * 1024
EXACT_BYTES = 256 * MB  # about 5 s of gzip JSON Lines; past it, files are sampled
SAMPLE_BYTES = 8 * MB
FEED_ITEM = re.compile(rb"<(?:item|entry)[\s>/]", re.IGNORECASE)
ONE_PER_FILE = ("txt", "html")

# a counter: (file, bytes it may read) -> (items, None) when it read the whole file, or
# (items so far, bytes read) when it stopped at the limit: the count is then scaled up to the file's size
Counter = Callable[[Path, int], tuple[int, int | None]]


class _Budget:
    """The bytes that may still be read in full; each file gets all of them or a sample."""

    def __init__(self, total: int) -> None:
        self.left = total

    def limit(self, size: int) -> int:
        return size if size <= self.left else max(SAMPLE_BYTES, self.left)

    def spend(self, n: int) -> None:
        self.left = max(0, self.left - n)


def _count_jsonl(path: Path, limit: int) -> tuple[int, int | None]:
    """Non-blank lines (what ``read_jsonl`` yields one item for)."""
    n, size = 0, path.stat().st_size
    with path.open("rb") as raw:
        stream: Iterable[bytes] = gzip.GzipFile(fileobj=raw) if path.name.lower().endswith(".gz") else raw
        try:
            for line in stream:
                if line.strip():
                    n += 1
                if limit < raw.tell() < size:
                    return n, raw.tell()
        except (OSError, EOFError, zlib.error):  # the reader stops here too, with one reject
            return n + 1, None
    return n, None


def _count_feed(path: Path, limit: int) -> tuple[int, int | None]:
    """``<item>`` and ``<entry>`` elements; a feed without any gives one reject."""
    with path.open("rb") as fh:
        head = fh.read(limit)
        more = bool(fh.read(1))
    return max(1, len(FEED_ITEM.findall(head))), len(head) if more else None


def _is_html_response(record: Any) -> bool:
    """A record that ``read_warc`` turns into an article or a reject (redirects are skipped)."""
    http = record.http_headers
    if record.rec_type != "response" or http is None:
        return False
    content_type = (http.get_header("Content-Type") or "").lower()
    return content_type.startswith(HTML_TYPES) and not (http.get_statuscode() or "").startswith("3")


def _count_warc(path: Path, limit: int) -> tuple[int, int | None]:
    """HTML responses, from the record headers (payloads are skipped, not parsed)."""
    from warcio.archiveiterator import ArchiveIterator

    n, size = 0, path.stat().st_size
    with path.open("rb") as raw:
        try:
            for record in ArchiveIterator(raw):
                n += _is_html_response(record)
                if limit < raw.tell() < size:
                    return n, raw.tell()
        except Exception:  # warcio raises many kinds on a damaged archive; the reader gives one reject
            return n + 1, None
    return max(1, n), None  # no article -> one "no-article" reject


COUNTERS: dict[str, Counter] = {"jsonl": _count_jsonl, "feed": _count_feed, "warc": _count_warc}


def count_file(path: Path, fmt: str, *, limit: int | None = None) -> float:
    """The items ``path`` (of reader format ``fmt``) will give, reading at most about ``limit``
    bytes of it (default: all); a partial read is scaled up to the file's size."""
    if fmt in ONE_PER_FILE:
        return 1
    try:
        size = path.stat().st_size
        n, read = COUNTERS[fmt](path, size if limit is None else limit)
    except OSError:  # the reader gives one "unreadable" reject
        return 1
    return n * size / read if read else n


def count_inputs(paths: Iterable[str | Path] | str | Path, *, exact_bytes: int = EXACT_BYTES) -> int | None:
    """How many items (articles and rejects) :func:`~recoupe.ingest.read_inputs` will yield for
    ``paths``, counted without parsing: exact while ``exact_bytes`` of files have been read, an
    estimate past it. ``None`` when unknown (a path that ``read_inputs`` would refuse)."""
    try:
        plan = _plan([paths] if isinstance(paths, (str, Path)) else paths)
    except InputError:
        return None
    budget = _Budget(exact_bytes)
    total = 0.0
    for path, _top, fmt in plan:
        if fmt in ONE_PER_FILE:
            total += 1
            continue
        try:
            limit = budget.limit(path.stat().st_size)
        except OSError:
            limit = 0
        total += count_file(path, fmt, limit=limit)
        budget.spend(limit)
    return round(total)
