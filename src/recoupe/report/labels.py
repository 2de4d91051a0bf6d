"""French labels for the briefing: record codes and ISO dates made readable."""

from __future__ import annotations

import re

KIND_LABELS: dict[str, str] = {"direct": "directe", "indirect": "indirecte", "mixed": "mixte"}

STATUS_LABELS: dict[str, str] = {
    "asserted": "affirmé",
    "conditional": "conditionnel",
    "hedged": "prudent",
    "anonymous": "source anonyme",
    "denied": "démenti",
    "question": "question",
}

POLARITY_LABELS: dict[str, str] = {
    "assert": "affirme",
    "deny": "dément",
    "concede": "concède",
    "warn": "avertit",
}

TYPE_LABELS: dict[str, str] = {
    "PER": "personne",
    "ORG": "organisation",
    "LOC": "lieu",
    "MISC": "divers",
    "DESC": "source non nommée",
}

DISPUTE_LABELS: dict[str, str] = {
    "disagreement": "désaccord",
    "shift": "revirement",
    "denial": "démenti",
    "factual": "contradiction factuelle",
}

STANCE_LABELS: dict[str, str] = {"support": "pour", "oppose": "contre", "neutral": "neutre"}

STAGE_LABELS: dict[str, str] = {
    "ingest": "lecture",
    "clean": "nettoyage",
    "nlp": "analyse linguistique",
    "extract": "extraction",
    "store": "stockage",
}

PUBLISHED_SOURCE_LABELS: dict[str, str] = {
    "meta": "métadonnées",
    "html": "page HTML",
    "feed": "flux",
    "warc": "archive WARC",
    "text": "texte",
    "estimated": "estimée",
}

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def label(table: dict[str, str], code: str | None, *, default: str = "—") -> str:
    """``table[code]``, the code itself when unknown, ``default`` when empty."""
    if not code:
        return default
    return table.get(code, code)


def date_fr(iso: str | None, *, default: str = "date inconnue") -> str:
    """``2026-03-09`` -> ``9 mars 2026``; ``2026-03`` -> ``mars 2026``; other text unchanged."""
    if not iso:
        return default
    m = _ISO.match(iso)
    if not m:
        return iso
    year, month, day = m.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year
    name = MONTHS_FR[int(month) - 1]
    if day is None:
        return f"{name} {year}"
    d = int(day)
    return f"{'1er' if d == 1 else d} {name} {year}"


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``3 citations``, ``1 citation``, ``0 citation`` (French: 0 and 1 are singular)."""
    word = singular if n <= 1 else (plural_form or singular + "s")
    return f"{n} {word}"
