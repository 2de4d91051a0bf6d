"""Records and rows to API models."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from recoupe.records import Analysis, Dispute, Quote, Signal, Stance
from recoupe.web import schemas as m
from recoupe.web.aggregates import EntityGroup, dispute_id
from recoupe.web.queries import MARK_CLOSE, MARK_OPEN


def snippet_text(raw: str | None) -> str | None:
    return raw.replace(MARK_OPEN, "[").replace(MARK_CLOSE, "]") if raw else None


def article_summary(row: Any, snippet: str | None = None) -> m.ArticleSummary:
    return m.ArticleSummary(id=row.id, title=row.title, outlet=row.outlet, published=row.published, url=row.url,
                            author=row.author, snippet=snippet_text(snippet))


def quote_out(q: Quote, *, article_id: str, id: str | None = None, **article: Any) -> m.QuoteOut:
    fields = {k: v for k, v in asdict(q).items() if k in m.QuoteOut.model_fields}
    return m.QuoteOut(**fields, id=id, article_id=article_id, **article)


def quote_row_out(r: Any) -> m.QuoteOut:
    fields = {k: getattr(r, k) for k in m.QuoteOut.model_fields}
    fields["anonymous"] = bool(fields["anonymous"])
    return m.QuoteOut(**fields)


def stance_out(st: Stance) -> m.StanceOut:
    return m.StanceOut(**{k: v for k, v in asdict(st).items() if k in m.StanceOut.model_fields})


def signal_out(sig: Signal) -> m.SignalOut:
    return m.SignalOut(article_id=sig.article_id, name=sig.name, value=sig.value, explanation=sig.explanation,
                       evidence=[list(e) for e in sig.evidence])


def dispute_out(d: Dispute) -> m.DisputeOut:
    return m.DisputeOut(id=dispute_id(d), kind=d.kind, issue=d.issue, a=m.DisputeEndOut(**asdict(d.a)),
                        b=m.DisputeEndOut(**asdict(d.b)), score=d.score, explanation=d.explanation)


def entity_summary(g: EntityGroup) -> m.EntitySummary:
    return m.EntitySummary(name=g.name, type=g.type, articles=g.articles, mentions=g.mentions, quotes=g.quotes,
                           aliases=g.aliases)


def article_detail(a: Analysis, *, stances: list[Stance], signals: list[Signal]) -> m.ArticleDetail:
    art = a.article
    return m.ArticleDetail(
        id=art.id, title=art.title, outlet=art.outlet, published=art.published, url=art.url, author=art.author,
        snippet=None, body=art.body, published_source=art.published_source, credited_source=art.credited_source,
        entities=[m.EntityInArticle(name=e.name, type=e.type, aliases=list(e.aliases),
                                    mentions=[m.MentionOut(**asdict(x)) for x in e.mentions]) for e in a.entities],
        quotes=[quote_out(q, article_id=art.id, outlet=art.outlet, published=art.published, title=art.title)
                for q in a.quotes],
        dates=[m.DateOut(text=d.text, start=d.start, end=d.end, value=d.value, kind=d.kind) for d in a.dates],
        claims=[m.ClaimOut(text=c.text, start=c.start, end=c.end, status=c.status, kind=c.kind, date=c.date,
                           cues=list(c.cues)) for c in a.claims],
        stances=[stance_out(st) for st in stances], signals=[signal_out(sig) for sig in signals],
    )
