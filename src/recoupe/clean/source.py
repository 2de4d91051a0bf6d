"""Source credits ("Source : AFP", "(Avec Reuters)", "— AFP") and bylines
("Par Jean Dupont", "Olivia Carter • 5 min read")."""

from __future__ import annotations

import re

from recoupe.clean.lexicon import names
from recoupe.clean.normalise import fold_key
from recoupe.clean.shapes import is_name, word_count

SOURCE_MAX_CHARS = 60
SOURCE_MAX_WORDS = 8
URL_SOURCE_MAX_CHARS = 300
BYLINE_MAX_CHARS = 120

# "Source: X" and "(Avec X)": X may be any short name.
_I = re.IGNORECASE
_SOURCE = re.compile(r"^[(\[]?\s*sources?\s*:\s*(?P<names>[^()\[\]]+?)\s*[)\]]?[\s.]*$", _I)
_WITH = re.compile(r"^[(\[]\s*(?:avec|with|d'après|selon)\s+(?P<names>[^()\[\]]+?)\s*[)\]][\s.]*$", _I)
# "Avec Reuters", "— AFP", "© AFP", "AFP": X must be a known agency.
_AGENCY = re.compile(
    r"^[(\[]?\s*(?:(?:avec|with|par|by)\s+|[—–-]+\s*|©\s*)?(?P<names>[^()\[\]]+?)\s*[)\]]?[\s.]*$", _I
)
# "Par Le Courrier avec AFP", "Le Courrier (avec AFP)": the agencies are credited.
_OUTLET_WITH = re.compile(
    r"^(?:(?:par|by)\s+)?[^()\[\]]{1,40}?\s+[(\[]?(?:avec|with|\+|&)\s+(?P<names>[^()\[\]]+?)\s*[)\]]?[\s.]*$",
    _I,
)
_URL = re.compile(
    r"(?:https?://|www\.)(?:www\.)?(?P<host>[\w-]+(?:\.[\w-]+)+)\S*"
    r"|(?P<host2>[\w-]+\.(?:fr|com|org|net|info|eu|be|ch|ca|ma|dz|tn|sn|ci|io|co\.uk))(?:/\S*)?",
    _I,
)
_SPLIT = re.compile(r"\s*(?:,|/|&|;|\bet\b|\band\b|\+)\s*", re.IGNORECASE)
_YEAR = re.compile(r"\s*\b(19|20)\d\d\b\s*")
_BYLINE = re.compile(
    r"^(?:(?:publiée?|postée?|mis en ligne|écrite?|rédigée?|un article|posted|written)\s+)?"
    r"(?:par|by|auteur\s*:|author\s*:)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
# Between an author's name and what follows it ("Par Jean Dupont, le 3 mars", "By Jo Ward on May 2").
_SEPARATORS = re.compile(r"\s*(?:[|•·—–]|\s-\s|,)\s*|\s+(?:le|on|à|at|dans|in|pour|for)\s+")


def _parts(text: str) -> list[str]:
    return [p for p in _SPLIT.split(_YEAR.sub(" ", text).strip()) if p]


def _is_agency(part: str) -> bool:
    return fold_key(part) in names("agencies")


def source_credit(line: str) -> str | None:
    """The outlet or agency a source line credits, ``None`` for other lines.
    Several agencies come back joined by ", " ("Avec AFP et Reuters" -> "AFP, Reuters")."""
    text = line.strip()
    m = _SOURCE.match(text) if len(text) <= URL_SOURCE_MAX_CHARS else None
    url = _URL.fullmatch(m["names"]) if m else None
    if url:  # "Source : https://www.example.org/..." credits the site
        return url["host"] or url["host2"]
    if not text or len(text) > SOURCE_MAX_CHARS or word_count(text) > SOURCE_MAX_WORDS:
        return None
    m = _SOURCE.match(text) or _WITH.match(text)
    if m:
        parts = _parts(m["names"])
        return ", ".join(parts) if parts else None
    for pattern in (_AGENCY, _OUTLET_WITH):
        m = pattern.match(text)
        parts = _parts(m["names"]) if m else []
        if parts and all(_is_agency(p) for p in parts):
            return ", ".join(parts)
    return None


def byline_author(line: str) -> str | None:
    """The author of a byline "Par Jean Dupont" / "By Olivia Carter, 12 mars 2025";
    ``None`` when the line is not one."""
    text = line.strip()
    if len(text) > BYLINE_MAX_CHARS:
        return None
    m = _BYLINE.match(text)
    if not m:
        return None
    first = _SEPARATORS.split(m["rest"], maxsplit=1)[0].strip()
    return first if is_name(first) else None


def author_in(segment_line: str) -> str | None:
    """An author's name among the parts of a byline line ("Olivia Carter • 5 min read")."""
    for part in _SEPARATORS.split(segment_line.strip()):
        part = part.strip()
        author = byline_author(part) or (part if is_name(part) else None)
        if author:
            return author
    return None
