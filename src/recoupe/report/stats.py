"""Corpus-level tallies for the briefing header and tables."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from recoupe.records import Analysis, Quote, Reject
from recoupe.report.views import card_id

TOP_SPEAKERS = 25
TOP_ENTITIES = 30


@dataclass(frozen=True, slots=True)
class Overview:
    n_articles: int
    outlets: tuple[str, ...]
    first: str | None  # earliest ISO publication date
    last: str | None
    n_undated: int
    n_quotes: int
    n_entities: int
    n_rejects: int


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    name: str
    type: str | None
    n_quotes: int
    n_articles: int
    first_card: str  # id of the first quote card of this speaker


@dataclass(frozen=True, slots=True)
class EntityRow:
    name: str
    type: str
    n_mentions: int
    n_articles: int
    aliases: tuple[str, ...]


def overview(analyses: Sequence[Analysis], rejects: Sequence[Reject] = ()) -> Overview:
    dates = sorted(a.article.published for a in analyses if a.article.published)
    outlets = sorted({a.article.outlet for a in analyses if a.article.outlet})
    names = {(e.name, e.type) for a in analyses for e in a.entities}
    return Overview(
        n_articles=len(analyses),
        outlets=tuple(outlets),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        n_undated=sum(1 for a in analyses if not a.article.published),
        n_quotes=sum(len(a.quotes) for a in analyses),
        n_entities=len(names),
        n_rejects=len(rejects),
    )


def is_unnamed(q: Quote) -> bool:
    """A source given only by a description ("des sources proches des négociations")."""
    return q.speaker_type == "DESC" or (q.anonymous and q.speaker_type is None)


def speakers(
    analyses: Sequence[Analysis], *, unnamed: bool = False, top: int = TOP_SPEAKERS
) -> list[SpeakerRow]:
    """Named speakers (or, with ``unnamed``, described sources) by number of quotes,
    then articles, then name; quotes without a speaker are left out.

    ``first_card`` is the card of the speaker's first quote in ``analyses`` order.
    """
    counts: Counter[str] = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[str, str] = {}
    for a in analyses:
        for i, q in enumerate(a.quotes):
            if not q.speaker or is_unnamed(q) != unnamed:
                continue
            counts[q.speaker] += 1
            articles[q.speaker].add(a.article.id)
            types[q.speaker][q.speaker_type or ""] += 1
            first.setdefault(q.speaker, card_id(a.article.id, i))
    rows = [
        SpeakerRow(name, types[name].most_common(1)[0][0] or None, n, len(articles[name]), first[name])
        for name, n in counts.items()
    ]
    rows.sort(key=lambda r: (-r.n_quotes, -r.n_articles, r.name.casefold()))
    return rows[:top]


def entities(analyses: Sequence[Analysis], *, top: int = TOP_ENTITIES) -> list[EntityRow]:
    """Entities by number of mentions across the corpus, merged on (name, type)."""
    mentions: Counter[tuple[str, str]] = Counter()
    articles: dict[tuple[str, str], set[str]] = defaultdict(set)
    aliases: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
    for a in analyses:
        for e in a.entities:
            key = (e.name, e.type)
            mentions[key] += max(len(e.mentions), 1)
            articles[key].add(a.article.id)
            for alias in (*e.aliases, *(m.text for m in e.mentions)):
                if alias != e.name:
                    aliases[key][alias] = None
    rows = [
        EntityRow(name, typ, n, len(articles[(name, typ)]), tuple(aliases[(name, typ)]))
        for (name, typ), n in mentions.items()
    ]
    rows.sort(key=lambda r: (-r.n_mentions, -r.n_articles, r.name.casefold()))
    return rows[:top]
