"""Source independence and corroboration.

``independent_sources`` gives each article a source key: articles that
carry one wire text, or credit the same agency, share a key (they are one
source, however many outlets print them); otherwise an outlet's own
articles share the outlet's key; an article with neither is its own source.

``corroborations`` groups the statements (quotes and claims, see
:mod:`recoupe.corpus.statements`) that several articles report: a quote
matches a quote of the same speaker whose words overlap (rapidfuzz
``token_set_ratio``); a claim matches a claim giving the same figure about
the same entity or in similar words (shared content stems), and a claim
without a figure one naming the same entity in similar words. Each group
counts its independent sources; a group with one source is flagged
``single_source``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from recoupe.corpus.agencies import agency_key, credited_agencies
from recoupe.corpus.clusters import WIRE_THRESHOLD, WireGroup, wire_groups
from recoupe.corpus.statements import Statement, statements
from recoupe.corpus.text_units import crude_stem, fold, stop_words, words
from recoupe.extract.quantities import UNITS
from recoupe.records import Analysis, Article, content_hash

CACHE_SIZE = 65536
QUOTE_MIN_RATIO = 80.0
SPECIFIC_COUNT = 10  # "63 marins": a count this high, shared, is the same fact
SMALL_COUNT = 3  # "deux pays": below this, a shared count proves nothing alone
QUANTITY_UNITS = frozenset(UNITS.values())
CLAIM_MIN_OVERLAP = 0.5  # share of the shorter claim's content stems found in the other
QUOTE_BLOCK_MIN = 50  # a block of this many quotes is scored at once (rapidfuzz cdist)
CDIST_ROWS = 512  # rows of such a block scored per call (a 512 x n matrix of float64)
MIN_CONTENT_CHARS = 3


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
    wires: Sequence[WireGroup] | None = None,
) -> dict[str, str]:
    """Article id -> source key ("agency:apc", "wire:<first member>", "outlet:…", "article:<id>").
    ``wires``: wire groups already computed (else computed here with ``wire_threshold``)."""
    groups = wires if wires is not None else wire_groups(analyses, threshold=wire_threshold)
    return sources_of({a.article.id: own_source(a.article, by_outlet=by_outlet) for a in analyses}, groups)


def own_source(article: Article, *, by_outlet: bool = True) -> str:
    """The source key of an article in no wire group: the first agency it credits, else its
    outlet (``by_outlet``), else itself."""
    credited = credited_agencies(article)
    if credited:
        return f"agency:{agency_key(credited[0])}"
    if by_outlet and article.outlet:
        return f"outlet:{fold(article.outlet)}"
    return f"article:{article.id}"


def sources_of(own: Mapping[str, str], wires: Sequence[WireGroup]) -> dict[str, str]:
    """Article id -> source key: a wire group's members share one (its first credited agency,
    else its first member), the other articles keep their ``own`` (:func:`own_source`)."""
    keys: dict[str, str] = {}
    for group in wires:
        agencies = sorted(agency_key(n) for n in group.agencies)
        key = f"agency:{agencies[0]}" if agencies else f"wire:{group.members[0]}"
        keys.update(dict.fromkeys(group.members, key))
    for aid, key in own.items():
        keys.setdefault(aid, key)
    return keys


@lru_cache(maxsize=CACHE_SIZE)
def _same_speaker(a: str, b: str) -> bool:
    fa, fb = _folded(a).split(), _folded(b).split()
    if fa == fb:
        return True
    return bool(fa and fb) and fa[-1] == fb[-1] and (len(fa) == 1 or len(fb) == 1)


def _matches(a: Statement, b: Statement) -> bool:
    if a.article_id == b.article_id:
        return False
    if a.kind == b.kind == "quote":
        return (
            a.speaker is not None and b.speaker is not None and _same_speaker(a.speaker, b.speaker)
            and fuzz.token_set_ratio(_folded(a.text), _folded(b.text), score_cutoff=QUOTE_MIN_RATIO) >= QUOTE_MIN_RATIO
        )
    # claims, or a claim and a quote that gives figures; the word overlap only where it decides
    shared_names = frozenset(a.names).intersection(b.names)
    if a.figures and b.figures:
        shared_figures = set(a.figures).intersection(b.figures)
        if not shared_figures:
            return False
        strength = max(figure_strength(f) for f in shared_figures)
        if strength >= 2 or (strength >= 1 and shared_names):
            return True
        return _overlap(a.text, b.text, ignore=shared_names) >= CLAIM_MIN_OVERLAP
    # no figure: same entity, similar words
    return (a.kind == b.kind and bool(shared_names)
            and _overlap(a.text, b.text, ignore=shared_names) >= CLAIM_MIN_OVERLAP)


@lru_cache(maxsize=CACHE_SIZE)
def figure_strength(figure: str) -> int:
    """2: a specific count ("63 marin"), enough alone; 1: a quantity with a unit
    ("20 percent"), with a shared entity; 0: a small count ("2 pays"), only with similar words."""
    raw, unit = figure.split(" ", 1)
    value = float(raw)
    if unit in QUANTITY_UNITS:
        return 1
    return 2 if value >= SPECIFIC_COUNT else (1 if value >= SMALL_COUNT else 0)


@lru_cache(maxsize=CACHE_SIZE)
def _folded(text: str) -> str:
    return fold(text)


@lru_cache(maxsize=CACHE_SIZE)
def _content(text: str) -> frozenset[tuple[str, str]]:
    """(word, stem) of the content words of ``text``."""
    stops = stop_words()
    return frozenset(
        (w, crude_stem(w)) for w in words(text) if len(w) >= MIN_CONTENT_CHARS and w not in stops and not w.isdigit()
    )


@lru_cache(maxsize=CACHE_SIZE)
def _name_words(name: str) -> frozenset[str]:
    return frozenset(words(name))


@lru_cache(maxsize=CACHE_SIZE)
def _stems_without(text: str, names: frozenset[str]) -> frozenset[str]:
    """The content stems of ``text`` but those of the words of ``names`` (a claim is compared
    with many others naming the same entities: computed once per text and names)."""
    skip = frozenset().union(*(_name_words(name) for name in names))
    return frozenset(stem for w, stem in _content(text) if w not in skip)


def _overlap(a: str, b: str, *, ignore: frozenset[str]) -> float:
    """Shared content stems over the smaller set (the entities both name left out)."""
    ca, cb = _stems_without(a, ignore), _stems_without(b, ignore)
    return len(ca & cb) / min(len(ca), len(cb)) if ca and cb else 0.0


def _blocks(items: Sequence[Statement], group_of: Mapping[str, int]) -> dict[tuple[int, str], list[int]]:
    """Items that could match share a block: a speaker's surname, a figure, or (claims
    without a figure) an entity — within one group of articles when groups are given."""
    blocks: dict[tuple[int, str], list[int]] = {}
    for i, s in enumerate(items):
        if s.article_id not in group_of:
            continue
        keys = [f"c:{f}" for f in s.figures]
        if s.kind == "quote" and s.speaker and s.speaker.strip():
            keys.append(f"q:{fold(s.speaker).split()[-1]}")
        elif s.kind == "claim" and not keys:
            keys = [f"n:{n}" for n in s.names]
        for k in keys:
            blocks.setdefault((group_of[s.article_id], k), []).append(i)
    return blocks


def _similar_quotes(items: Sequence[Statement], block: Sequence[int]) -> Iterator[tuple[int, int]]:
    """The pairs of a large block of quotes (one speaker's surname) that :func:`_matches`: the
    token-set ratio of every pair at once (rapidfuzz ``cdist``, in C++ on every core), then
    the article and speaker checks on the pairs that reach ``QUOTE_MIN_RATIO``."""
    texts = [_folded(items[i].text) for i in block]
    for start in range(0, len(block), CDIST_ROWS):
        scores = process.cdist(texts[start:start + CDIST_ROWS], texts, scorer=fuzz.token_set_ratio,
                               score_cutoff=QUOTE_MIN_RATIO, dtype=np.float64, workers=-1)
        rows, cols = np.nonzero(scores >= QUOTE_MIN_RATIO)
        for x, y in zip((rows + start).tolist(), cols.tolist(), strict=True):
            if x < y:
                a, b = items[block[x]], items[block[y]]
                if a.article_id != b.article_id and a.speaker and b.speaker and _same_speaker(a.speaker, b.speaker):
                    yield block[x], block[y]


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
    within: Sequence[Sequence[str]] | None = None,
) -> list[Corroboration]:
    """Every quote and claim of ``analyses``, grouped with the same statement in
    other articles; groups listed most-sourced first. ``within`` (e.g. the
    members of each story cluster) limits the comparisons to articles of one
    group; an article in no group is then compared with none."""
    sources = sources if sources is not None else independent_sources(analyses)
    outlets = {a.article.id: a.article.outlet for a in analyses}
    return group_statements([s for a in analyses for s in statements(a)], outlets, sources=sources, within=within)


def group_statements(
    items: Sequence[Statement], outlets: Mapping[str, str | None], *, sources: Mapping[str, str],
    within: Sequence[Sequence[str]] | None = None,
) -> list[Corroboration]:
    """:func:`corroborations` from the articles' statements (in article order), their outlets
    (every article, by id) and their ``sources`` (an article without one is its own source)."""
    sources = dict(sources)
    for aid in outlets:
        sources.setdefault(aid, f"article:{aid}")
    if within is None:
        group_of = dict.fromkeys(outlets, 0)
    else:
        group_of = {aid: g for g, members in enumerate(within) for aid in members}
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (_, key), block in _blocks(items, group_of).items():
        if key.startswith("q:") and len(block) >= QUOTE_BLOCK_MIN:
            for i, j in _similar_quotes(items, block):
                ri, rj = find(i), find(j)
                parent[max(ri, rj)] = min(ri, rj)
            continue
        for x, i in enumerate(block):
            for j in block[x + 1 :]:
                ri, rj = find(i), find(j)
                if ri != rj and _matches(items[i], items[j]):  # already grouped: no need to compare
                    parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[Statement]] = {}
    for i, item in enumerate(items):
        groups.setdefault(find(i), []).append(item)
    out = [_group(g, sources, outlets) for g in groups.values()]
    return sorted(out, key=lambda c: (-c.n_sources, -len(c.reports), c.id))
