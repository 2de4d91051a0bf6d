"""Person pages of the briefing: for each person, every mention in context and
every quote, each one click from its place in the article.

The briefing is one self-contained file, so a "page" is a section with its
own anchor (``#p-…``); the speaker and entity tables link to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from recoupe.records import Analysis, content_hash
from recoupe.report.labels import date_fr
from recoupe.report.views import card_id, section_id

CONTEXT_CHARS = 60
TOP_PEOPLE = 40


@dataclass(frozen=True, slots=True)
class PersonMention:
    before: str
    text: str
    after: str
    outlet: str
    published: str
    target: str  # the article section's id


@dataclass(frozen=True, slots=True)
class PersonQuote:
    text: str
    card: str  # the quote card's id
    outlet: str
    published: str


@dataclass(frozen=True, slots=True)
class PersonPage:
    id: str
    name: str
    aliases: tuple[str, ...]
    mentions: tuple[PersonMention, ...]
    quotes: tuple[PersonQuote, ...]


def person_id(name: str) -> str:
    return "p-" + content_hash(name.casefold(), length=12)


def _snippet(body: str, start: int, end: int) -> tuple[str, str, str]:
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(body), end + CONTEXT_CHARS)
    before = ("…" if lo else "") + body[lo:start].replace("\n", " ")
    after = body[end:hi].replace("\n", " ") + ("…" if hi < len(body) else "")
    return before, body[start:end], after


def people(analyses: Sequence[Analysis], *, top: int = TOP_PEOPLE) -> list[PersonPage]:
    """The persons (PER entities, by name across articles) most quoted, then most mentioned."""
    mentions: dict[str, list[PersonMention]] = {}
    quotes: dict[str, list[PersonQuote]] = {}
    aliases: dict[str, dict[str, None]] = {}
    for a in analyses:
        art = a.article
        where = (art.outlet or "source inconnue", date_fr(art.published), section_id(art.id))
        for e in a.entities:
            if e.type != "PER":
                continue
            mentions.setdefault(e.name, []).extend(
                PersonMention(*_snippet(art.body, m.start, m.end), *where) for m in e.mentions)
            aliases.setdefault(e.name, {}).update(dict.fromkeys(x for x in e.aliases if x != e.name))
        for i, q in enumerate(a.quotes):
            if q.speaker in mentions or q.speaker_type == "PER":
                quotes.setdefault(q.speaker or "", []).append(PersonQuote(q.text, card_id(art.id, i), *where[:2]))
    names = [n for n in mentions if n]
    names.sort(key=lambda n: (-len(quotes.get(n, ())), -len(mentions[n]), n.casefold()))
    return [PersonPage(person_id(n), n, tuple(aliases.get(n, {})), tuple(mentions[n]), tuple(quotes.get(n, ())))
            for n in names[:top]]
