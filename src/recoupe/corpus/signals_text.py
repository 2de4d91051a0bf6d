"""Signals read from an article's text: emphatic words in the writer's voice,
clickbait headlines, affiliate text, and inconsistent dates. Lexicons in
``data/signals_lexicon.yaml``. Each function returns ``(value, explanation,
evidence spans)``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources

import yaml

from recoupe.corpus.text_units import sentences
from recoupe.records import Analysis

Spans = tuple[tuple[int, int], ...]
Finding = tuple[float, str, Spans]
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"\n]*\"")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# "depuis 2022", "des faits de 2019", "avant 2020": the year is a past reference, whatever follows
PAST_REFERENCE = re.compile(
    r"\b(?:depuis|dès|avant|après|jusqu['’]en|de|du|des|d['’])\s+(?:(?:la |le )?(?:fin|début|mi|années?)\s+)?"
    r"(?:\w+\s+)?$",
    re.IGNORECASE,
)
FUTURE_REACH = 60  # characters between a year and the word that puts it in the future
CAPS_WORD = re.compile(r"\b[A-ZÀ-ÖØ-Þ]{3,}\b")
TITLE_MAX_WORDS = 25
SHOWN = 5  # findings quoted in an explanation


@lru_cache(maxsize=1)
def lexicons() -> dict[str, list[str]]:
    text = resources.files("recoupe.data").joinpath("signals_lexicon.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def pattern(name: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in lexicons()[name]), re.IGNORECASE)


def headline(analysis: Analysis) -> tuple[str, int]:
    """The title and its offset in the body (-1 when it is not in the body)."""
    art = analysis.article
    first = art.body.split("\n", 1)[0].strip()
    if art.title:
        return art.title, art.body.find(art.title)
    if first and len(first.split()) <= TITLE_MAX_WORDS and not first.endswith("."):
        return first, art.body.find(first)
    return "", -1


def _shown(items: Sequence[str]) -> str:
    head = ", ".join(f"« {t} »" for t in items[:SHOWN])
    return head + (f" (+{len(items) - SHOWN})" if len(items) > SHOWN else "")


def attributed_spans(analysis: Analysis) -> list[tuple[int, int]]:
    """Quoted words and sentences that carry a quote: not the writer's own voice."""
    spans = [(m.start(), m.end()) for m in QUOTED.finditer(analysis.article.body)]
    for q in analysis.quotes:
        spans.append((q.start, q.end))
        if q.sentence_end > q.sentence_start:
            spans.append((q.sentence_start, q.sentence_end))
    return spans


def unsupported_superlatives(analysis: Analysis) -> Finding:
    body = analysis.article.body
    skip = attributed_spans(analysis)
    hits = [
        m for m in pattern("superlatives").finditer(body)
        if not any(s <= m.start() < e for s, e in skip)
    ]
    n_words = max(1, len(body.split()))
    rate = 1000 * len(hits) / n_words
    if not hits:
        return 0.0, "no emphatic words in the writer's own voice", ()
    return float(len(hits)), (
        f"{len(hits)} emphatic word(s) outside quotes and attributions ({rate:.1f} per 1,000 words): "
        + _shown([m.group(0) for m in hits])
    ), tuple((m.start(), m.end()) for m in hits)


def clickbait_headline(analysis: Analysis) -> Finding:
    title, offset = headline(analysis)
    if not title:
        return 0.0, "no headline found", ()
    cues: list[tuple[str, int, int]] = [(m.group(0), m.start(), m.end()) for m in pattern("clickbait").finditer(title)]
    stripped = title.rstrip()
    if stripped.endswith(("?", "!")):
        cues.append((f"ends with {stripped[-1]}", len(stripped) - 1, len(stripped)))
    caps = list(CAPS_WORD.finditer(title))
    letters = [c for c in title if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.6 and len(letters) > 10:
        cues.append(("all capitals", 0, len(title)))
    elif len(caps) >= 2 and any(len(m.group(0)) >= 5 for m in caps) and _adjacent(caps):
        cues.append(("words in capitals", caps[0].start(), caps[-1].end()))
    if not cues:
        return 0.0, f"headline « {title} » has no clickbait cue", ()
    spans = tuple((offset + s, offset + e) for _, s, e in cues) if offset >= 0 else ()
    return float(len(cues)), f"headline « {title} »: " + ", ".join(c for c, _, _ in cues), spans


def _adjacent(caps: list[re.Match[str]]) -> bool:
    return any(b.start() - a.end() <= 3 for a, b in zip(caps, caps[1:], strict=False))


def affiliate_text(analysis: Analysis) -> tuple[list[str], Spans]:
    """Removed lines that are disclosures or affiliate links (whatever rule removed
    them), and affiliate text left in the body."""
    rules = set(lexicons()["affiliate_rules"])
    removed = [r.text for r in analysis.article.removed if r.rule in rules or pattern("affiliate").search(r.text)]
    hits = list(pattern("affiliate").finditer(analysis.article.body))
    return removed + [m.group(0) for m in hits], tuple((m.start(), m.end()) for m in hits)


def date_inconsistency(analysis: Analysis) -> Finding:
    """A year before the publication year, asked about or put in the future."""
    published = analysis.article.published
    if not published or not YEAR.match(published[:4]):
        return 0.0, "no publication date to check years against", ()
    pub_year = int(published[:4])
    body = analysis.article.body
    found: list[tuple[str, int, int]] = []
    for start, end in sentences(body):
        text = body[start:end]
        for m in YEAR.finditer(text):
            year = int(m.group(0))
            if year >= pub_year:
                continue
            why = _future_cue(text, m)
            if why:
                found.append((f"{year} {why} in an article of {published}", start, end))
                break
    if not found:
        return 0.0, f"no year before {pub_year} presented as future or open", ()
    return float(len(found)), "; ".join(f[0] for f in found[:SHOWN]), tuple((s, e) for _, s, e in found)


def _future_cue(sentence: str, year: re.Match[str]) -> str | None:
    if PAST_REFERENCE.search(sentence[: year.start()]):
        return None
    if sentence.rstrip().endswith("?"):
        return "asked about as an open question"
    lo, hi = max(0, year.start() - FUTURE_REACH), year.end() + FUTURE_REACH
    cue = pattern("future").search(sentence[lo:hi])
    return f"presented as future (« {cue.group(0)} »)" if cue else None
