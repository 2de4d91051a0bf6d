"""Statements on a timeline: every quote and claim with its date and epistemic status.

A statement's date is the date the text gives it ("a déclaré jeudi" → that
Thursday: a resolved date expression inside its sentence), else the
article's publication date, flagged as such (``date_source``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from recoupe.extract.claims import statement_date
from recoupe.extract.status import check_status
from recoupe.records import Analysis
from recoupe.store.rows import fold


@dataclass(frozen=True, slots=True)
class Statement:
    date: str | None
    date_source: str  # text | published | none
    article_id: str
    outlet: str | None
    kind: str  # direct | indirect | mixed (quotes) or claim:<kind>
    status: str
    speaker: str | None
    text: str
    start: int
    end: int


def statements(analysis: Analysis) -> Iterator[Statement]:
    a = analysis.article
    quoted_sentences = set()
    for q in analysis.quotes:
        date, source = statement_date(q.sentence_start, q.sentence_end, analysis.dates, a.published)
        quoted_sentences.add(q.start)
        yield Statement(date, source, a.id, a.outlet, q.kind, q.status, q.speaker, q.text, q.start, q.end)
    for c in analysis.claims:
        if c.quote_start is not None:
            continue  # the quote already stands for it
        yield Statement(c.date, c.date_source or "none", a.id, a.outlet, f"claim:{c.kind}", c.status, None,
                        c.text, c.start, c.end)


def names_of(analysis: Analysis, name: str) -> tuple[list[int], set[str]]:
    """Mention starts and folded names of every entity of ``analysis`` that
    ``name`` names: its canonical name, an alias, or a person's surname."""
    key = fold(name)
    starts: list[int] = []
    names = {key}
    for e in analysis.entities:
        forms = {fold(e.name), *(fold(x) for x in e.aliases), *(fold(m.text) for m in e.mentions)}
        if key in forms or (e.type == "PER" and any(key in f.split() for f in forms)):
            starts.extend(m.start for m in e.mentions)
            names |= forms
    return starts, names


def timeline(
    analyses: Iterable[Analysis], *, entity: str | None = None, status: str | None = None,
) -> list[Statement]:
    """Statements in date order (undated last), optionally about or by one entity, of one status."""
    check_status(status)
    out = []
    for analysis in analyses:
        starts, names = names_of(analysis, entity) if entity else ([], set())
        for st in statements(analysis):
            if status and st.status != status:
                continue
            if entity:
                by = st.speaker is not None and fold(st.speaker) in names
                about = any(st.start <= s < st.end for s in starts)
                if not (by or about):
                    continue
            out.append(st)
    return sorted(out, key=lambda s: (s.date is None, s.date or "", s.article_id, s.start))
