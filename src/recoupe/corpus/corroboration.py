"""Source independence and corroboration.

``independent_sources`` gives each article a source key: articles that
carry one wire text, or credit the same agency, share a key (they are one
source, however many outlets print them); otherwise an outlet's own
articles share the outlet's key; an article with neither is its own source.

``corroborations`` groups the statements (quotes and figure claims, see
:mod:`recoupe.corpus.statements`) that several articles report: a quote
matches a quote of the same speaker whose words overlap (rapidfuzz
``token_set_ratio``); a claim matches a claim giving the same figure about
the same entity or in similar words. Each group counts its independent
sources; a group with one source is flagged ``single_source``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from recoupe.corpus.agencies import agency_key, credited_agencies
from recoupe.corpus.clusters import WIRE_THRESHOLD, components, wire_groups
from recoupe.corpus.statements import Statement, statements
from recoupe.corpus.text_units import crude_stem, fold, stop_words, words
from recoupe.records import Analysis, content_hash

QUOTE_MIN_RATIO = 80.0
CLAIM_MIN_RATIO = 70.0  # on content-word stems


@dataclass(frozen=True, slots=True)
class Report:
    """One article's version of a corroborated statement."""

    article_id: str
    start: int
    end: int
    text: str
    status: str
    source: str
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Corroboration:
    """A quote or claim, every article reporting it, and how many independent sources that is."""

    id: str
    kind: str  # quote | claim
    text: str  # the first report's text
    speaker: str | None
    figures: tuple[str, ...]  # the figures the reports share (claims)
    reports: tuple[Report, ...]
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    sources: tuple[str, ...]
    n_sources: int
    single_source: bool
    explanation: str


def independent_sources(
    analyses: Sequence[Analysis], *, wire_threshold: float = WIRE_THRESHOLD, by_outlet: bool = True,
) -> dict[str, str]:
    """Article id -> source key ("agency:apc", "wire:<first member>", "outlet:…", "article:<id>")."""
    keys: dict[str, str] = {}
    by_id = {a.article.id: a for a in analyses}
    for group in wire_groups(analyses, threshold=wire_threshold):
        agencies = sorted(agency_key(n) for n in group.agencies)
        key = f"agency:{agencies[0]}" if agencies else f"wire:{group.members[0]}"
        keys.update(dict.fromkeys(group.members, key))
    for aid, a in by_id.items():
        if aid in keys:
            continue
        agencies = credited_agencies(a.article)
        if agencies:
            keys[aid] = f"agency:{agency_key(agencies[0])}"
        elif by_outlet and a.article.outlet:
            keys[aid] = f"outlet:{fold(a.article.outlet)}"
        else:
            keys[aid] = f"article:{aid}"
    return keys


def _same_speaker(a: str, b: str) -> bool:
    fa, fb = fold(a).split(), fold(b).split()
    if fa == fb:
        return True
    return bool(fa and fb) and fa[-1] == fb[-1] and (len(fa) == 1 or len(fb) == 1)


def _matches(a: Statement, b: Statement) -> bool:
    if a.article_id == b.article_id or a.kind != b.kind:
        return False
    if a.kind == "quote":
        return (
            a.speaker is not None and b.speaker is not None and _same_speaker(a.speaker, b.speaker)
            and fuzz.token_set_ratio(fold(a.text), fold(b.text)) >= QUOTE_MIN_RATIO
        )
    if not set(a.figures) & set(b.figures):
        return False
    return bool(set(a.names) & set(b.names)) or fuzz.token_set_ratio(_content(a.text), _content(b.text)) >= CLAIM_MIN_RATIO


def _content(text: str) -> str:
    stops = stop_words()
    return " ".join(crude_stem(w) for w in words(text) if w not in stops and not w.isdigit())


def _blocks(items: Sequence[Statement]) -> dict[str, list[int]]:
    """Items that could match share a block: a speaker's surname, or a figure."""
    blocks: dict[str, list[int]] = {}
    for i, s in enumerate(items):
        keys = [f"q:{fold(s.speaker).split()[-1]}"] if s.kind == "quote" and s.speaker and s.speaker.strip() else []
        if s.kind == "claim":
            keys = [f"c:{f}" for f in s.figures]
        for k in keys:
            blocks.setdefault(k, []).append(i)
    return blocks


def _group(members: list[Statement], sources: Mapping[str, str], outlets: Mapping[str, str | None]) -> Corroboration:
    members = sorted(members, key=lambda s: (s.article_id, s.start))
    reports = tuple(
        Report(s.article_id, s.start, s.end, s.text, s.status, sources[s.article_id], outlets.get(s.article_id))
        for s in members
    )
    srcs = tuple(sorted({r.source for r in reports}))
    articles = tuple(sorted({r.article_id for r in reports}))
    shared = set(members[0].figures).intersection(*(s.figures for s in members[1:])) if members[0].figures else set()
    first = members[0]
    what = f"quote of {first.speaker}" if first.kind == "quote" else "claim"
    explanation = (
        f"{what} reported by {len(articles)} article(s) from {len(srcs)} independent source(s): {', '.join(srcs)}"
    )
    return Corroboration(
        id=content_hash("corroboration", *((r.article_id, r.start) for r in reports), length=12),
        kind=first.kind,
        text=first.text,
        speaker=first.speaker,
        figures=tuple(sorted(shared)),
        reports=reports,
        articles=articles,
        outlets=tuple(sorted({r.outlet for r in reports if r.outlet})),
        sources=srcs,
        n_sources=len(srcs),
        single_source=len(srcs) < 2,
        explanation=explanation,
    )


def corroborations(
    analyses: Sequence[Analysis], *, sources: Mapping[str, str] | None = None,
) -> list[Corroboration]:
    """Every quote and figure claim of ``analyses``, grouped with the same statement
    in other articles; groups listed most-sourced first."""
    sources = dict(sources) if sources is not None else independent_sources(analyses)
    for a in analyses:
        sources.setdefault(a.article.id, f"article:{a.article.id}")
    outlets = {a.article.id: a.article.outlet for a in analyses}
    items = [s for a in analyses for s in statements(a)]
    edges: set[tuple[str, str]] = set()
    for block in _blocks(items).values():
        for x, i in enumerate(block):
            for j in block[x + 1 :]:
                if _matches(items[i], items[j]):
                    edges.add((str(i), str(j)))
    groups = components((str(i) for i in range(len(items))), sorted(edges))
    out = [_group([items[int(i)] for i in g], sources, outlets) for g in groups]
    return sorted(out, key=lambda c: (-c.n_sources, -len(c.reports), c.id))
