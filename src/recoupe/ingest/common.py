"""Helpers shared by the readers: date normalisation, ids, size limits."""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from recoupe.records import Reject, content_hash

STAGE = "ingest"
MB = 1024 * 1024

# ids a source gives that we keep as they are; anything else (URLs, URNs) is hashed
SIMPLE_ID = re.compile(r"^[\w.\-]{1,80}$")
ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s_]|\d{2}:)")
COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|[T\s]?\d{2}:?\d{2})")
SLASH_DATE = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")  # French order: day/month/year
MIN_YEAR, MAX_YEAR = 1800, 2200
DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],  # never fill in a missing part
    "PREFER_DAY_OF_MONTH": "first",
    "DATE_ORDER": "DMY",
}


def reject(source: str, reason: str, detail: str = "") -> Reject:
    return Reject(source=source, stage=STAGE, reason=reason, detail=detail)


def _valid(y: int, m: int, d: int) -> str | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def iso_date(value: object) -> str | None:
    """Normalise a date from any source to ``YYYY-MM-DD``, or ``None``.

    Accepts ISO strings and datetimes, RFC 2822 strings (feeds, HTTP),
    ``time.struct_time``, ``20250213``, ``13/02/2025`` and written French or
    English dates with a day, a month and a year. Never invents a part."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _valid(value.year, value.month, value.day)
    if isinstance(value, date):
        return _valid(value.year, value.month, value.day)
    if isinstance(value, time.struct_time):
        return _valid(value.tm_year, value.tm_mon, value.tm_mday)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 100:
        return None
    for pattern in (ISO_PREFIX, COMPACT_DATE):
        m = pattern.match(text)
        if m:
            return _valid(int(m[1]), int(m[2]), int(m[3]))
    m = SLASH_DATE.match(text)
    if m:
        return _valid(int(m[3]), int(m[2]), int(m[1]))
    return _rfc2822(text) or _written(text)


def _rfc2822(text: str) -> str | None:
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return _valid(parsed.year, parsed.month, parsed.day) if parsed else None


def _written(text: str) -> str | None:
    if text.isdigit() or not any(c.isdigit() for c in text):  # bare numbers: no timestamp guessing
        return None
    import dateparser

    try:
        parsed = dateparser.parse(text, languages=["fr", "en"], settings=DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return _valid(parsed.year, parsed.month, parsed.day) if parsed else None


def source_id(raw: object, *, namespace: str) -> str | None:
    """The id a source gives, kept when simple, else hashed (URLs, URNs)."""
    if raw is None or isinstance(raw, bool):
        return None
    text = str(raw).strip()
    if not text:
        return None
    return text if SIMPLE_ID.match(text) else content_hash(namespace, text)


def too_large(path: Path, *, max_mb: float) -> Reject | None:
    size = path.stat().st_size
    if size > max_mb * MB:
        return reject(str(path), "too-large", f"{size / MB:.1f} MB > limit of {max_mb:g} MB (max_file_mb)")
    return None


def clean_str(value: object) -> str | None:
    """A stripped non-empty string, or ``None``."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = str(value).strip()
    return text or None
