"""Checkable statements of a stored article, from plain text (no Doc):
its quotes, and its figure claims — sentences with a number and what it
counts ("quinze chalutiers", "485 milliards de dollars")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from recoupe.corpus.text_units import crude_stem, fold, sentences, stop_words
from recoupe.extract.quantities import QUANTITY, parse_number, quantities_in
from recoupe.extract.status import text_status
from recoupe.records import Analysis

_NUMBER_WORDS = (
    r"un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|"
    r"trente|quarante|cinquante|soixante|cent|cents|mille"
)
# a number and the noun it counts: "15 chalutiers", "soixante-dix pêcheurs", "71 marins"
COUNTED = re.compile(
    rf"(?<![\w.,])(?P<num>\d{{1,3}}(?:[\s\u00a0\u202f]\d{{3}})+|\d+(?:,\d+)?|(?:{_NUMBER_WORDS})(?:[\s-]+(?:et[\s-]+)?(?:{_NUMBER_WORDS}))*)"
    r"\s+(?P<noun>[^\W\d_]{4,})",
    re.IGNORECASE,
)
_NOT_COUNTED = (
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
    "heures heure jours jour semaines semaine mois annees an ans fois autres derniers dernieres premiers "
    "premieres prochains prochaines"
)
NOT_COUNTED = frozenset(_NOT_COUNTED.split())
DURATIONS = frozenset({"day", "week", "month", "year", "hour"})
TRIVIAL_COUNTS = frozenset({1.0})  # "un accord", "une réunion": articles, not figures
MIN_QUOTE_WORDS = 4


@dataclass(frozen=True, slots=True)
class Statement:
    """One quote or figure claim of an article."""

    article_id: str
    kind: str  # quote | claim
    text: str
    start: int
    end: int
    status: str
    speaker: str | None = None
    figures: tuple[str, ...] = ()  # "15 ship", "71 marin"
    names: tuple[str, ...] = ()  # folded entity names in the sentence


def figures(text: str) -> tuple[str, ...]:
    """Normalised figures of ``text``: quantities with units, then counted nouns."""
    found: list[str] = []
    spans: list[tuple[int, int]] = []
    for q in quantities_in(text):
        spans.append((q.start, q.end))
        if q.unit in DURATIONS and not q.measure:  # "trois jours après": when, not what
            continue
        found.append(f"{q.value:g} {q.unit}")
    for m in COUNTED.finditer(text):
        if any(s <= m.start() < e for s, e in spans) or QUANTITY.fullmatch(m.group(0)):
            continue
        noun = fold(m["noun"])
        value = parse_number(m["num"])
        if value is None or value in TRIVIAL_COUNTS or 1900 <= value <= 2100:
            continue
        if noun in NOT_COUNTED or noun in stop_words():
            continue
        found.append(f"{value:g} {crude_stem(noun)}")
    return tuple(dict.fromkeys(found))


def names_in(analysis: Analysis, start: int, end: int) -> tuple[str, ...]:
    names = {fold(e.name) for e in analysis.entities for m in e.mentions if start <= m.start < end}
    return tuple(sorted(names))


def statements(analysis: Analysis) -> Iterator[Statement]:
    """The article's quotes (with a speaker and at least ``MIN_QUOTE_WORDS`` words),
    and its claims: the extracted ``Analysis.claims`` that name an entity or give
    a figure, and the other sentences of the body that carry a figure."""
    aid, body = analysis.article.id, analysis.article.body
    for q in analysis.quotes:
        if q.speaker and len(q.text.split()) >= MIN_QUOTE_WORDS:
            yield Statement(aid, "quote", q.text, q.start, q.end, q.status, speaker=q.speaker,
                            figures=figures(q.text), names=names_in(analysis, q.start, q.end))
    covered: list[tuple[int, int]] = []
    for c in analysis.claims:  # extracted with the parse: agreements, decisions, announcements…
        names = names_in(analysis, c.start, c.end)
        if c.kind != "statement" and (names or figures(c.text)):
            covered.append((c.start, c.end))
            yield Statement(aid, "claim", c.text, c.start, c.end, c.status, figures=figures(c.text), names=names)
    for start, end in sentences(body):  # and any sentence with a figure the claims missed
        text = body[start:end]
        figs = figures(text)
        if figs and not any(s < end and start < e for s, e in covered):
            yield Statement(aid, "claim", text, start, end, text_status(text)[0], figures=figs,
                            names=names_in(analysis, start, end))
