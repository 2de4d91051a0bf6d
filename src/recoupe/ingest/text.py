"""Plain-text files: encoding detection, binary detection, title guess."""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from recoupe.ingest.common import reject, too_large
from recoupe.records import RawArticle, Reject
from recoupe.settings import Settings

BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SNIFF_BYTES = 4096
UTF16_NUL_SHARE = 0.3  # share of 2-byte units with a NUL on one side, for BOM-less UTF-16
MAX_CONTROL_SHARE = 0.01  # more control characters than this: binary
MIN_TEXTLIKE_SHARE = 0.75  # single-byte fallbacks must look like text this much
ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
TITLE_MAX_CHARS = 200
TITLE_MAX_WORDS = 30
TITLE_MIN_WORDS = 2
TITLE_BAD_ENDINGS = tuple(".,;:…")
TITLE_BAD_STARTS = tuple("«»\"“”„‘’'‹›-–—•*·>")


def _control_share(text: str) -> float:
    sample = text[: SNIFF_BYTES * 4]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if c not in ALLOWED_CONTROLS and unicodedata.category(c) == "Cc")
    return bad / len(sample)


def _textlike_share(text: str) -> float:
    sample = text[: SNIFF_BYTES * 4]
    if not sample:
        return 1.0
    good = sum(1 for c in sample if c.isalnum() or c.isspace() or (c.isascii() and c.isprintable()))
    return good / len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:SNIFF_BYTES] if len(data) % 2 == 0 else data[: SNIFF_BYTES - 1]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    if odd >= UTF16_NUL_SHARE * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= UTF16_NUL_SHARE * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _single_byte(data: bytes) -> tuple[str, str] | None:
    text = _try(data, "cp1252")
    encoding = "cp1252"
    if text is None:  # bytes undefined in cp1252 (0x81, 0x8d, ...): Latin-1 decodes everything
        text, encoding = data.decode("latin-1"), "latin-1"
    if _textlike_share(text) < MIN_TEXTLIKE_SHARE:
        return None
    return text, encoding


def decode_bytes(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)``, or ``None`` when the bytes are not plausibly text.

    Order: a BOM, strict UTF-8, BOM-less UTF-16 (NUL pattern), then cp1252 /
    Latin-1 only for NUL-free bytes that look like text."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = _try(data[len(bom) :], encoding)
            return _checked(text, encoding)
    text = _try(data, "utf-8")
    if text is not None:
        return _checked(text, "utf-8")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _checked(_try(data, utf16), utf16)
    if b"\x00" in data:
        return None
    single = _single_byte(data)
    return _checked(single[0], single[1]) if single else None


def _checked(text: str | None, encoding: str) -> tuple[str, str] | None:
    if text is None or _control_share(text) > MAX_CONTROL_SHARE:
        return None
    return text, encoding


def looks_like_title(line: str) -> bool:
    """A first line that reads as a headline: short, no final period, not a
    quotation or a list item, starting with a capital or a digit."""
    line = line.strip()
    words = line.split()
    if not TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS or len(line) > TITLE_MAX_CHARS:
        return False
    if line.endswith(TITLE_BAD_ENDINGS) or line.startswith(TITLE_BAD_STARTS):
        return False
    first = next((c for c in line if c.isalnum()), "")
    return bool(first) and (first.isupper() or first.isdigit())


def guess_title(text: str) -> str | None:
    """The first non-empty line when it looks like a title and more text follows."""
    head = text[: TITLE_MAX_CHARS * 20]  # a long file: the title is near the start
    lines = [line.strip() for line in head.splitlines() if line.strip()][:2]
    if len(lines) >= 2 and looks_like_title(lines[0]):
        return lines[0]
    return None


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_article(data: bytes, *, source: str, id: str | None) -> RawArticle | Reject:
    """One article from the raw bytes of a text file."""
    if not data.strip():
        return reject(source, "empty", "empty file" if not data else "whitespace only")
    decoded = decode_bytes(data)
    if decoded is None:
        return reject(source, "binary", "not text: NUL bytes, control characters or undecodable bytes")
    text = normalise_newlines(decoded[0])
    if not text.strip():
        return reject(source, "empty", f"whitespace only ({decoded[1]})")
    return RawArticle(source=source, fmt="txt", id=id, text=text, title=guess_title(text))


def read_txt(path: Path, *, settings: Settings) -> Iterator[RawArticle | Reject]:
    """One ``.txt`` file -> one article (id = file stem)."""
    big = too_large(path, max_mb=settings.max_file_mb)
    if big:
        yield big
        return
    yield text_article(path.read_bytes(), source=str(path), id=path.stem)
