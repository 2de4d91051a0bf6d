"""The records that flow through recoupe.

Every record is a frozen, slotted dataclass of plain values (no spaCy
objects), so it pickles to worker processes and maps straight to a table
row. Spans are character offsets into the cleaned ``Article.body``.
Extractors return records without article ids; the pipeline groups them
per article in an :class:`Analysis`, and the store derives row ids from
``(article id, kind, start, end)`` content hashes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def content_hash(*parts: object, length: int = 16) -> str:
    """A stable hex id from the given parts (``None`` and ``""`` differ)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article as a reader found it, before cleaning.

    ``text`` or ``html`` holds the content (HTML readers may give both).
    ``id`` is the id the source gives (a ``.txt`` file's stem, a JSONL
    ``id``); when ``None`` the pipeline uses a hash of the content.
    ``published`` is an ISO date (``YYYY-MM-DD``) or ``None``.
    """

    source: str
    fmt: str
    id: str | None = None
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_source: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Reject:
    """Something that could not be processed, and why. Never dropped silently."""

    source: str
    stage: str  # ingest | clean | nlp | extract | store
    reason: str  # short code: empty, binary, decode-error, bad-json, no-article, too-large, ...
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Removal:
    """A line that cleaning removed from the body, with the rule that removed it."""

    text: str
    rule: str
    line: int  # 0-based line number in the raw text


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: the unit that nlp and extraction work on."""

    id: str
    source: str
    body: str
    content_hash: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_source: str | None = None  # meta | html | feed | warc | text | estimated
    author: str | None = None
    credited_source: str | None = None  # "Source: AA" -> "AA"
    removed: tuple[Removal, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    text: str
    start: int
    end: int
    label: str  # PER | ORG | LOC | MISC
    as_actor: bool = False  # a place used as an actor ("Washington a rejeté")


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing named in an article, with all its mentions."""

    name: str  # canonical name
    type: str  # PER | ORG | LOC | MISC
    mentions: tuple[Mention, ...]
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    merge_reasons: tuple[str, ...] = ()  # exact, surname, fuzzy:92, role, gazetteer


@dataclass(frozen=True, slots=True)
class Quote:
    """A statement attributed to a source."""

    text: str
    start: int
    end: int
    kind: str  # direct | indirect | mixed
    speaker: str | None = None  # canonical entity name, or a description for unnamed sources
    speaker_type: str | None = None  # PER | ORG | LOC | DESC
    speaker_start: int | None = None  # span of the speaker mention that resolved it
    speaker_end: int | None = None
    cue: str | None = None  # lemma of the reporting verb or marker ("affirmer", "selon")
    polarity: str | None = None  # assert | deny | concede | warn
    anonymous: bool = False
    status: str = "asserted"  # asserted | conditional | hedged | anonymous | denied | question
    sentence_start: int = 0
    sentence_end: int = 0


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression and the calendar value it resolves to."""

    text: str
    start: int
    end: int
    value: str | None  # ISO YYYY-MM-DD, YYYY-MM or YYYY; a duration as ISO 8601 (P30D)
    kind: str  # absolute | weekday | deictic | month | year | duration
    anchor: str | None = None  # the ISO date it was resolved against
    anchor_source: str | None = None  # published | event | none


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything extracted from one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    dates: tuple[DateMention, ...] = ()
    n_tokens: int = 0
    versions: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (extractor, version)
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """A checkable statement (numbers, agreed, approved, met, announced…) and how sure its source is."""

    text: str
    start: int
    end: int
    status: str  # asserted | conditional | hedged | anonymous | denied | question
    kind: str = "statement"  # figure | agreement | decision | meeting | announcement | statement
    quote_start: int | None = None  # the Quote it comes from (its start offset), if any
    date: str | None = None  # the statement's date when the text gives it, else the publication date
    date_source: str | None = None  # text | published | none
    cues: tuple[str, ...] = ()  # the words that decided the status


@dataclass(frozen=True, slots=True)
class Stance:
    """An actor's position on a user-defined issue, with its evidence."""

    actor: str  # canonical entity name (or a description for unnamed sources)
    issue: str  # issue id from the issues file
    stance: str  # support | oppose | neutral
    article_id: str
    start: int  # the evidence span in the article body
    end: int
    evidence: str
    confidence: float = 0.5
    date: str | None = None
    quote_start: int | None = None  # the Quote it derives from, if any
    cues: tuple[str, ...] = ()  # the words that decided it (negation, cue verb, evaluative word…)


@dataclass(frozen=True, slots=True)
class DisputeEnd:
    article_id: str
    actor: str
    text: str
    start: int
    end: int
    date: str | None = None
    stance: str | None = None


@dataclass(frozen=True, slots=True)
class Dispute:
    """Two statements that cannot both hold, or that show a change."""

    kind: str  # disagreement | shift | denial | factual
    issue: str | None
    a: DisputeEnd
    b: DisputeEnd
    score: float = 0.0
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class Signal:
    """One named, explained reliability feature of an article — never a bare verdict."""

    article_id: str
    name: str  # byline, credited_agency, anonymous_share, conditional_share, clickbait, affiliate, ...
    value: float
    explanation: str
    evidence: tuple[tuple[int, int], ...] = ()  # spans in the body that triggered it
