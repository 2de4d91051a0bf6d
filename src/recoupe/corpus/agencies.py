"""The agencies (or other sources) an article credits: its ``credited_source``,
removed credit lines ("(Avec AFP)", "Source : Reuters"), and a wire
dateline left at the start of a paragraph ("KESSEL, 9 mars (APC) -")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from recoupe.clean.source import source_credit
from recoupe.records import Article, Removal

CREDIT_RULES = frozenset({"source", "dateline"})
DATELINE = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’ .-]{1,40},?\s*(?:le\s+)?(?:\d{1,2}(?:er)?\s+\w+\.?(?:\s+\d{4})?)?\s*"
    r"\((?P<agency>[A-Z][\w.&-]{1,24}(?:\s*(?:/|,|et)\s*[A-Z][\w.&-]{1,24})*)\)\s*[-–—:]",
    re.MULTILINE,
)
_SPLIT = re.compile(r"\s*(?:/|,|\bet\b)\s*")


def _names(credit: str | None) -> Iterator[str]:
    for part in _SPLIT.split(credit or ""):
        if part.strip():
            yield part.strip()


def datelines(body: str) -> Iterator[tuple[str, int, int]]:
    """``(agency, start, end)`` of each wire dateline in ``body``."""
    for m in DATELINE.finditer(body):
        for name in _names(m["agency"]):
            yield name, m.start(), m.end()


def removal_credits(removed: tuple[Removal, ...]) -> Iterator[str]:
    for r in removed:
        if r.rule in CREDIT_RULES:
            yield from _names(source_credit(r.text))


def credited_agencies(article: Article) -> tuple[str, ...]:
    """Every source the article credits, in first-seen order, without repeats."""
    found = [*_names(article.credited_source), *removal_credits(article.removed)]
    found += [name for name, _, _ in datelines(article.body)]
    return tuple(dict.fromkeys(found))


def agency_key(name: str) -> str:
    return re.sub(r"\W+", "", name.casefold())
