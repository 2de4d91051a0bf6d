"""Plain view objects the briefing template renders: one per article, one per quote."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from recoupe.records import Analysis, Quote
from recoupe.report.labels import (
    KIND_LABELS,
    POLARITY_LABELS,
    PUBLISHED_SOURCE_LABELS,
    STATUS_LABELS,
    TYPE_LABELS,
    date_fr,
    label,
)
from recoupe.report.marks import anchor_id, context, dom_id, mark_body, span_ok

SAFE_URL_SCHEMES = ("http://", "https://")


@dataclass(frozen=True, slots=True)
class QuoteCard:
    card_id: str
    target: str  # fragment the card links to: the marked quote, else the article
    text: str
    context: tuple[str, str, str] | None  # the sentence as (before, quote, after)
    speaker: str
    speaker_type: str
    kind: str
    kind_code: str
    status: str
    status_code: str
    cue: str
    polarity: str
    outlet: str
    published: str
    article_id: str
    article_title: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    id: str
    section_id: str
    title: str
    outlet: str
    published: str
    published_note: str
    author: str | None
    credited_source: str | None
    url: str | None
    body: Markup
    n_quotes: int
    n_entities: int
    n_removed: int


def chronological(analyses: Sequence[Analysis]) -> list[Analysis]:
    """Dated articles first, oldest first, then undated ones; ties by id."""
    def key(a: Analysis) -> tuple[bool, str, str]:
        return (a.article.published is None, a.article.published or "", a.article.id)

    return sorted(analyses, key=key)


def section_id(article_id: str) -> str:
    return f"art-{dom_id(article_id)}"


def card_id(article_id: str, index: int) -> str:
    return f"q-{dom_id(article_id)}-{index}"


def quote_card(analysis: Analysis, index: int, quote: Quote) -> QuoteCard:
    art = analysis.article
    linked = span_ok(art.body, quote.start, quote.end)
    speaker = quote.speaker or ("source anonyme" if quote.anonymous else "locuteur non identifié")
    return QuoteCard(
        card_id=card_id(art.id, index),
        target=anchor_id(art.id, quote.start) if linked else section_id(art.id),
        text=quote.text,
        context=context(art.body, (quote.start, quote.end), (quote.sentence_start, quote.sentence_end)),
        speaker=speaker,
        speaker_type=label(TYPE_LABELS, quote.speaker_type, default=""),
        kind=label(KIND_LABELS, quote.kind),
        kind_code=quote.kind or "",
        status=label(STATUS_LABELS, quote.status),
        status_code=quote.status or "",
        cue=quote.cue or "",
        polarity="" if quote.polarity in (None, "assert") else label(POLARITY_LABELS, quote.polarity),
        outlet=art.outlet or "source inconnue",
        published=date_fr(art.published),
        article_id=art.id,
        article_title=art.title or art.id,
    )


def quote_cards(analyses: Sequence[Analysis]) -> list[QuoteCard]:
    """Every quote of every article, in article order then text order."""
    cards: list[QuoteCard] = []
    for a in analyses:
        order = sorted(range(len(a.quotes)), key=lambda i: (a.quotes[i].start, a.quotes[i].end))
        cards.extend(quote_card(a, i, a.quotes[i]) for i in order)
    return cards


def article_view(analysis: Analysis) -> ArticleView:
    art = analysis.article
    url = art.url if art.url and art.url.strip().lower().startswith(SAFE_URL_SCHEMES) else None
    note = ""
    if art.published and art.published_source:
        note = label(PUBLISHED_SOURCE_LABELS, art.published_source)
    return ArticleView(
        id=art.id,
        section_id=section_id(art.id),
        title=art.title or art.id,
        outlet=art.outlet or "source inconnue",
        published=date_fr(art.published),
        published_note=note,
        author=art.author,
        credited_source=art.credited_source,
        url=url,
        body=mark_body(art.body, ((q.start, q.end) for q in analysis.quotes), article_id=art.id),
        n_quotes=len(analysis.quotes),
        n_entities=len(analysis.entities),
        n_removed=len(art.removed),
    )
