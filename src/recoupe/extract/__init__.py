"""Extractors: one module each, each a pure function of a spaCy ``Doc``.

:func:`analyse_doc` runs them in order (entities first: quotes resolve
their speakers against them) and packs the result into an ``Analysis``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from recoupe.records import Analysis, Article

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from recoupe.extract.gazetteer import Gazetteer

# bump a version when an extractor's output changes: stored rows record it
VERSIONS: tuple[tuple[str, str], ...] = (("entities", "1"), ("quotes", "1"), ("dates", "1"), ("claims", "1"))


def parse_iso_date(value: str | None) -> date | None:
    """``YYYY-MM-DD`` (or a longer ISO timestamp) to a date; None when absent, shorter
    (a month or a year is no day) or unreadable."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def analyse_doc(doc: Doc, article: Article, *, gazetteer: Gazetteer | None = None) -> Analysis:
    """Run every extractor over ``doc`` (the parsed ``article.body``)."""
    from recoupe.extract.claims import claims
    from recoupe.extract.dates import dates
    from recoupe.extract.entities import entities
    from recoupe.extract.quotes import quotes

    ents = entities(doc, gazetteer=gazetteer)
    found_quotes = tuple(quotes(doc, ents))
    # an estimated publication date is a lower bound, not an anchor for "jeudi" or "hier"
    anchor = None if article.published_source == "estimated" else parse_iso_date(article.published)
    found_dates = tuple(dates(doc, anchor=anchor))
    return Analysis(
        article=article,
        entities=tuple(ents),
        quotes=found_quotes,
        dates=found_dates,
        n_tokens=len(doc),
        versions=VERSIONS,
        claims=tuple(claims(doc, found_quotes, found_dates, published=article.published)),
    )
