"""Who said what: direct, indirect and mixed quotes of a French article.

``quotes(doc, entities)`` finds quoted passages (:mod:`quotes_direct`) and
reported clauses (:mod:`quotes_indirect`), decides which quoted passages
are quotations of their own and which are fragments of a reported clause
(a mixed quote), attributes each quotation (:mod:`quotes_attribute`: incise, a cue
before a colon, an attribution line, or the previous speaker for a continuation), then
resolves speakers in reading order (:mod:`speakers`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from spacy.tokens import Doc

from recoupe.extract.quotes_attribute import MIN_DIRECT_WORDS, Item, attribute
from recoupe.extract.quotes_direct import Marked, find_marked, paragraphs, word_count
from recoupe.extract.quotes_indirect import REPORTING_VERBS, Reported, find_reported
from recoupe.extract.quotes_spans import sentence_bounds
from recoupe.extract.speakers import Speaker, build_context, latest_person, remember, resolve
from recoupe.nlp import doc_text
from recoupe.records import Entity, Quote

__all__ = ["REPORTING_VERBS", "quotes"]

DIRECT_SHARE = 0.7  # a quotation filling this share of a reported clause is direct
COORDINATED = re.compile(r"\w[^«»“”\"]*?(,\s*(?:mais|et|car)\s*)$")
HEDGED_CUES = frozenset({"selon", "d'après", "pour"})


def quotes(doc: Doc, entities: Sequence[Entity], *, cues: Mapping[str, str] = REPORTING_VERBS) -> list[Quote]:
    """The quotes of ``doc``, in reading order, speakers resolved against ``entities``."""
    text = doc_text(doc)
    marked = find_marked(text)
    paras = paragraphs(text)
    reported = find_reported(doc, cues, inside=[(m.open_at, m.close_at) for m in marked])
    items: list[Item] = []
    hosted: set[int] = set()
    for m in marked:
        qtext = m.text(text)
        host = _host(m, reported)
        if host is not None:
            direct, split = _direct_in_host(text, m, host, qtext)
            if direct:
                if not split:
                    hosted.add(id(host))
                sent = sentence_bounds(doc, host.cue_i) if host.cue_i >= 0 else (m.open_at, m.close_at)
                items.append(
                    Item(
                        m.start,
                        m.end,
                        qtext,
                        "direct",
                        host.speaker,
                        host.cue,
                        host.conditional,
                        sent,
                        m.paragraph,
                        "host",
                    )
                )
            else:
                host.kind = "mixed"
            continue
        item = attribute(doc, text, paras, m, marked, cues)
        if item is not None:
            items.append(item)
    items = _merge(items)
    spans = [(i.start, i.end) for i in items]
    for r in reported:
        if id(r) in hosted or any(a < r.end and r.start < b for a, b in spans):
            continue
        sent = sentence_bounds(doc, r.cue_i)
        clause = re.sub(r"\s+", " ", re.sub(r"[«»“”\"″]", "", text[r.start : r.end])).strip()
        items.append(Item(r.start, r.end, clause, r.kind, r.speaker, r.cue, r.conditional, sent))
    quoted = [(m.open_at, m.close_at) for m in marked]
    return _resolve_all(doc, entities, _dedupe(items), cues, quoted)


def _direct_in_host(text: str, m: Marked, host: Reported, qtext: str) -> tuple[bool, bool]:
    """(direct, split) for a quotation inside a reported clause: direct when it
    opens the clause and fills most of it ("a estimé que « … »"); a quoted
    object or a piece inside the writer's clause is a mixed quote ("a appelé
    « les parties à la retenue »", "a dit que son pays « ne voulait pas »").
    "…, mais « le risque est réel »" splits the clause in two statements."""
    words = word_count(qtext)
    if host.marker in ("nominal", "attribute") or words < MIN_DIRECT_WORDS:
        return False, False
    lead = text[host.start : m.open_at]
    coordinated = COORDINATED.search(lead)
    if coordinated is not None and m.end >= host.end - 2:
        host.end = host.start + coordinated.start(1)
        return True, True
    share = words / max(1, word_count(text[host.start : host.end]))
    return share >= DIRECT_SHARE and not lead.strip(' \t\u00a0\u202f«“"″'), False


def _dedupe(items: list[Item]) -> list[Item]:
    """In reading order, one quote per span (store ids hash the span)."""
    seen: set[tuple[int, int]] = set()
    out = []
    for it in sorted(items, key=lambda i: (i.start, i.end)):
        if (it.start, it.end) not in seen:
            seen.add((it.start, it.end))
            out.append(it)
    return out


def _host(m: Marked, reported: list[Reported]) -> Reported | None:
    for r in reported:
        if r.start - 2 <= m.open_at and m.end <= r.end + 1:
            return r
    return None


def _merge(items: list[Item]) -> list[Item]:
    """« A », a-t-il dit. « B » -> one quotation when B has no cue of its own."""
    out: list[Item] = []
    for it in items:
        prev = out[-1] if out else None
        if (
            prev is not None
            and it.mode == "continue"
            and prev.mode in ("incise", "host")
            and it.paragraph == prev.paragraph
        ):
            prev.text = f"{prev.text} {it.text}"
            prev.end = it.end
            continue
        out.append(it)
    return out


def _status(text: str, cue: str | None, polarity: str, conditional: bool, sp: Speaker | None) -> str:
    if text.rstrip(' .»”"').endswith("?"):
        return "question"
    if polarity == "deny":
        return "denied"
    if conditional:
        return "conditional"
    if cue in HEDGED_CUES:
        return "hedged"
    if sp is not None and sp.anonymous:
        return "anonymous"
    return "asserted"


def _resolve_all(
    doc: Doc,
    entities: Sequence[Entity],
    items: list[Item],
    cues: Mapping[str, str],
    quoted: list[tuple[int, int]],
) -> list[Quote]:
    ctx = build_context(doc, entities, quoted=quoted)
    last: Speaker | None = None
    out: list[Quote] = []
    for it in items:
        sp = resolve(ctx, *it.speaker) if it.speaker is not None else None
        if sp is None and it.kind == "direct":
            sp = last or latest_person(ctx, it.start)
        if sp is not None:
            last = sp
            remember(ctx, it.start, sp)
        polarity = cues.get(it.cue or "", "assert")
        out.append(
            Quote(
                text=it.text,
                start=it.start,
                end=it.end,
                kind=it.kind,
                speaker=sp.name if sp else None,
                speaker_type=sp.type if sp else None,
                speaker_start=sp.start if sp else None,
                speaker_end=sp.end if sp else None,
                cue=it.cue,
                polarity=polarity,
                anonymous=bool(sp and sp.anonymous),
                status=_status(it.text, it.cue, polarity, it.conditional, sp),
                sentence_start=it.sentence[0],
                sentence_end=it.sentence[1],
            )
        )
    return out
