"""Reliability signals of one article: each named, valued, explained, with
the body spans that triggered it — never one opaque score.

``article_signals`` is a pure function of one :class:`Analysis` and the
corroboration groups (from :func:`recoupe.corpus.corroboration.corroborations`),
so it can be recomputed for the articles an addition touches only.
"""

from __future__ import annotations

from collections.abc import Sequence

from recoupe.corpus.agencies import credited_agencies, datelines
from recoupe.corpus.corroboration import Corroboration
from recoupe.corpus.signals_mt import machine_translation_artefacts
from recoupe.corpus.signals_text import (
    Finding,
    affiliate_text,
    clickbait_headline,
    date_inconsistency,
    unsupported_superlatives,
)
from recoupe.corpus.text_units import sentences
from recoupe.extract.status import text_statuses
from recoupe.records import Analysis, Signal

MIN_STATEMENT_WORDS = 5  # shorter lines (titles, sub-headings) are not statements
SIGNALS = (
    "byline", "credited_agency", "anonymous_share", "conditional_share", "unsupported_superlatives",
    "clickbait_headline", "machine_translation_artefacts", "date_inconsistency", "affiliate_notice",
    "corroborated_share",
)


def byline(analysis: Analysis) -> Finding:
    author = analysis.article.author
    if author:
        return 1.0, f"signed by {author}", ()
    return 0.0, "no author named", ()


def credited_agency(analysis: Analysis) -> Finding:
    names = credited_agencies(analysis.article)
    if not names:
        return 0.0, "no agency or source credited", ()
    spans = tuple((s, e) for _, s, e in datelines(analysis.article.body))
    return 1.0, "credits " + ", ".join(names), spans


SHARED_STATUSES = ("anonymous", "conditional")  # the statuses whose share of sentences is a signal


def statement_status(analysis: Analysis) -> list[tuple[int, int, set[str]]]:
    """Each statement sentence of the body with the statuses of ``SHARED_STATUSES`` it shows
    (the lexicons of the others are not run): its own lexicon cues, plus those of the quotes
    inside it."""
    body = analysis.article.body
    out = []
    for start, end in sentences(body):
        text = body[start:end]
        if len(text.split()) < MIN_STATEMENT_WORDS:
            continue
        statuses = text_statuses(text, SHARED_STATUSES)
        for q in analysis.quotes:
            if start <= q.start < end or (q.sentence_start <= start < q.sentence_end):
                statuses.add(q.status)
                if q.anonymous:
                    statuses.add("anonymous")
        out.append((start, end, statuses))
    return out


def status_share(units: Sequence[tuple[int, int, set[str]]], status: str, what: str) -> Finding:
    """The share of the statement sentences ``units`` (from :func:`statement_status`) that show ``status``."""
    hits = [(s, e) for s, e, statuses in units if status in statuses]
    if not units:
        return 0.0, "no statements", ()
    share = len(hits) / len(units)
    return round(share, 4), f"{len(hits)} of {len(units)} statement sentences {what}", tuple(hits)


def affiliate_notice(analysis: Analysis) -> Finding:
    texts, spans = affiliate_text(analysis)
    if not texts:
        return 0.0, "no affiliate or sponsorship notice", ()
    shown = "; ".join(f"« {t[:80]} »" for t in texts[:3])
    return float(len(texts)), f"{len(texts)} affiliate/sponsorship notice(s): {shown}", spans


def corroborated_share(article_id: str, corroboration: Sequence[Corroboration]) -> Finding:
    mine = [c for c in corroboration if article_id in c.articles]
    if not mine:
        return 0.0, "no checkable statements compared with other articles", ()
    backed = [c for c in mine if c.n_sources >= 2]
    spans = tuple(sorted({(r.start, r.end) for c in backed for r in c.reports if r.article_id == article_id}))
    return round(len(backed) / len(mine), 4), (
        f"{len(backed)} of {len(mine)} quotes/figure claims also reported by another independent source; "
        f"{len(mine) - len(backed)} single-source"
    ), spans


def own_signals(analysis: Analysis) -> list[Signal]:
    """The signals of one article that depend on it alone: every one of ``SIGNALS`` but the last,
    ``corroborated_share`` (:func:`corroboration_signal`), in that order."""
    units = statement_status(analysis)
    findings: dict[str, Finding] = {
        "byline": byline(analysis),
        "credited_agency": credited_agency(analysis),
        "anonymous_share": status_share(units, "anonymous", "rest on unnamed sources"),
        "conditional_share": status_share(units, "conditional", "are in the conditional (unconfirmed)"),
        "unsupported_superlatives": unsupported_superlatives(analysis),
        "clickbait_headline": clickbait_headline(analysis),
        "machine_translation_artefacts": machine_translation_artefacts(analysis),
        "date_inconsistency": date_inconsistency(analysis),
        "affiliate_notice": affiliate_notice(analysis),
    }
    aid = analysis.article.id
    return [Signal(aid, name, float(v), why, spans) for name, (v, why, spans) in findings.items()]


def corroboration_signal(article_id: str, corroboration: Sequence[Corroboration]) -> Signal:
    """The ``corroborated_share`` signal of an article, from the corroboration groups."""
    value, why, spans = corroborated_share(article_id, corroboration)
    return Signal(article_id, "corroborated_share", float(value), why, spans)


def article_signals(analysis: Analysis, *, corroboration: Sequence[Corroboration] = ()) -> list[Signal]:
    """The reliability signals of one article, in the order of ``SIGNALS``."""
    return [*own_signals(analysis), corroboration_signal(analysis.article.id, corroboration)]
