"""Resolve raw date matches to calendar values against an anchor date.

Conventions:
- a weekday alone is in the past by default (the most recent such day on or
  before the anchor), in the future when the verb is future/conditional;
  "dernier" is strictly before the anchor, "prochain" strictly after;
- a day and month without a year take the year closest to the anchor
  ("dernier"/"prochain" force the direction);
- a week ("la semaine dernière") resolves to the ISO date of its Monday;
- a weekend ("ce week-end") resolves to its Saturday;
- without an anchor, relative expressions get ``value=None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from recoupe.extract.dates_grammar import MON, RawMatch
from recoupe.extract.dates_lexicon import (
    DURATION_UNITS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NUMBER_WORDS,
    WEEKDAYS,
)

PAST, FUTURE = "past", "future"
PAST_TRIGGERS = ("depuis",)
FUTURE_TRIGGERS = ("dès", "d'ici", "jusqu'à", "à partir de")
PLURAL_REL = re.compile(
    rf"\s*(?:et|ou|,)\s*(?:\d+\s+)?{MON}\s+(?P<rel>derni[eè]re?s|prochaine?s)\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Resolved:
    value: str | None
    kind: str
    anchor: date | None  # the date it was resolved against, None when not needed
    source: str | None  # published | event | none
    day: date | None = None  # the resolved day, for "la veille"/"le lendemain"


def parse_number(text: str) -> int | None:
    """French number words or digits: "trente", "vingt-et-un", "quatre-vingt-dix"."""
    t = text.strip().lower()
    if t.isdigit():
        return int(t)
    total, cur = 0, 0
    for w in t.replace("-", " ").split():
        if w == "et":
            continue
        v = NUMBER_WORDS.get(w)
        if v is None:
            return None
        if v == 100:
            cur = (cur or 1) * 100
        elif v == 1000:
            total, cur = total + (cur or 1) * 1000, 0
        elif v == 20 and cur % 100 == 4:
            cur += 76  # quatre-vingt(s)
        else:
            cur += v
    return total + cur or None


def month_number(word: str) -> int:
    w = word.lower()
    return MONTHS.get(w) or MONTH_ABBREVIATIONS.get(w) or 0


def year_number(text: str, anchor: date | None) -> int:
    t = text.lstrip("'")
    y = int(t)
    if len(t) == 2:
        if anchor is None:
            return y + (2000 if y <= 30 else 1900)
        y += anchor.year // 100 * 100
        if y > anchor.year + 10:
            y -= 100
    return y


def day_number(text: str) -> int:
    t = text.lower()
    return 1 if t in ("1er", "1re", "premier") else int(t)


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def pick(cands: list[date], anchor: date, direction: str | None, *, strict: bool = False) -> date:
    """The candidate closest to ``anchor`` in ``direction`` (past/future/either)."""
    if direction == PAST:
        ok = [c for c in cands if c < anchor or (c == anchor and not strict)]
        if ok:
            return max(ok)
    if direction == FUTURE:
        ok = [c for c in cands if c > anchor or (c == anchor and not strict)]
        if ok:
            return min(ok)
    return min(cands, key=lambda c: (abs((c - anchor).days), c < anchor))


def rel_direction(rel: str | None) -> str | None:
    if not rel:
        return None
    r = rel.lower()
    if r.startswith(("dernier", "derniè", "dernie", "pass", "précédent")):
        return PAST
    if r.startswith(("prochain", "suivant")):
        return FUTURE
    return None


def _absolute(r: RawMatch, anchor: date | None, tense: str | None) -> Resolved:
    f = r.fields
    day = day_number(f.get("day") or f.get("day2") or "0")
    mon = (
        int(f["mon_n"] if "mon_n" in f else f.get("mon_n2", 0)) if "mon" not in f else month_number(f["mon"])
    )
    year_s = f.get("year") or f.get("year2")
    if year_s:
        d = _safe(year_number(year_s, anchor), mon, day)
        if d is None:
            return Resolved(None, "absolute", None, "invalid")
        return Resolved(d.isoformat(), "absolute", None, None, d)
    if anchor is None:
        return Resolved(None, "absolute", None, "none")
    cands = [
        c for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (c := _safe(y, mon, day)) is not None
    ]
    if "wd" in f:
        same = [c for c in cands if c.weekday() == WEEKDAYS.get(f["wd"].lower())]
        cands = same or cands
    if not cands:
        return Resolved(None, "absolute", None, "invalid")
    direction = rel_direction(f.get("rel"))
    d = pick(cands, anchor, direction, strict=direction is not None)
    return Resolved(d.isoformat(), "absolute", anchor, "published", d)


def _month(r: RawMatch, text: str, anchor: date | None, tense: str | None, year_hint: int | None) -> Resolved:
    f = r.fields
    mon = month_number(f["mon"])
    if "year" in f:
        return Resolved(f"{year_number(f['year'], anchor):04d}-{mon:02d}", "month", None, None)
    if year_hint is not None and "rel" not in f:
        return Resolved(f"{year_hint:04d}-{mon:02d}", "month", None, None)
    if anchor is None:
        return Resolved(None, "month", None, "none")
    rel = f.get("rel")
    if rel is None and (m := PLURAL_REL.match(text, r.end)):
        rel = m.group("rel")
    direction = rel_direction(rel)
    strict = direction is not None
    before = text[max(0, r.start - 12) : r.start].lower()
    if direction is None and any(before.rstrip().endswith(t) for t in PAST_TRIGGERS):
        direction = PAST
    direction = direction or tense
    cands = [date(y, mon, 1) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    first = anchor.replace(day=1)
    d = date(anchor.year, mon, 1) if direction is None else pick(cands, first, direction, strict=strict)
    return Resolved(f"{d.year:04d}-{d.month:02d}", "month", anchor, "published")


def _weekday(r: RawMatch, text: str, anchor: date | None, tense: str | None) -> Resolved:
    f = r.fields
    if anchor is None:
        return Resolved(None, "weekday", None, "none")
    wd = WEEKDAYS[f["wd"].lower()]
    direction = rel_direction(f.get("rel"))
    strict = direction is not None
    before = text[max(0, r.start - 14) : r.start].lower().replace("’", "'").rstrip()
    if tense is None and any(before.endswith(t) for t in FUTURE_TRIGGERS):
        tense = FUTURE
    direction = direction or tense or PAST
    cands = [anchor + timedelta(days=k) for k in range(-7, 8) if (anchor + timedelta(days=k)).weekday() == wd]
    d = pick(cands, anchor, direction, strict=strict)
    return Resolved(d.isoformat(), "weekday", anchor, "published", d)


def _shift(unit: str, off: int, base: date) -> tuple[str, date | None]:
    if unit in ("day", "event"):
        d = base + timedelta(days=off)
        return d.isoformat(), d
    if unit == "week":
        monday = base - timedelta(days=base.weekday()) + timedelta(weeks=off)
        return monday.isoformat(), None
    if unit == "weekend":
        sat = base + timedelta(days=5 - base.weekday())
        if base.weekday() == 6:
            sat = base - timedelta(days=1)
        sat += timedelta(weeks=off)
        return sat.isoformat(), None
    if unit == "month":
        k = base.year * 12 + base.month - 1 + off
        return f"{k // 12:04d}-{k % 12 + 1:02d}", None
    return f"{base.year + off:04d}", None


def _deictic(r: RawMatch, anchor: date | None, event: date | None) -> Resolved:
    unit, off = r.unit, r.offset
    if r.rule == "deictic_wd":
        unit, off = "day", {"hier": -1, "demain": 1}.get(r.fields["deictic"].lower(), 0)
    base, source = anchor, "published"
    if unit == "event" and event is not None:
        base, source = event, "event"
    if base is None:
        return Resolved(None, "deictic", None, "none")
    value, day = _shift(unit, off, base)
    return Resolved(value, "deictic", base, source, day)


def _amount(r: RawMatch) -> tuple[int, str, bool] | None:
    n = parse_number(r.fields["num"])
    unit = DURATION_UNITS.get(r.fields["unit"].lower())
    if n is None or unit is None:
        return None
    designator, is_time = unit
    if designator[0].isdigit():  # décennie, siècle
        return n * int(designator[:-1]), "Y", False
    return n, designator, is_time


def _relative_amount(r: RawMatch, anchor: date | None) -> Resolved:
    amount = _amount(r)
    if anchor is None or amount is None:
        return Resolved(None, "deictic", None, "none")
    n, unit, is_time = amount
    sign = -1 if r.rule == "ago" else 1
    if is_time:
        return Resolved(anchor.isoformat(), "deictic", anchor, "published", None)
    if unit in ("D", "W"):
        d = anchor + sign * timedelta(days=n * (7 if unit == "W" else 1))
        return Resolved(d.isoformat(), "deictic", anchor, "published", d)
    value, _ = _shift("month" if unit == "M" else "year", sign * n, anchor)
    return Resolved(value, "deictic", anchor, "published")


def _duration(r: RawMatch) -> Resolved:
    amount = _amount(r)
    if amount is None:
        return Resolved(None, "duration", None, None)
    n, unit, is_time = amount
    return Resolved(f"PT{n}{unit}" if is_time else f"P{n}{unit}", "duration", None, None)


def resolve(
    r: RawMatch,
    text: str,
    *,
    anchor: date | None,
    tense: str | None,
    event: date | None,
    year_hint: int | None = None,
) -> Resolved:
    """The calendar value of one raw match. ``year_hint`` is an explicit year
    mentioned just before in the same sentence ("en 97 (en janvier …")."""
    if r.rule in ("numeric", "iso", "full", "day_list"):
        return _absolute(r, anchor, tense)
    if r.rule in ("month_year", "month_rel", "month"):
        return _month(r, text, anchor, tense, year_hint)
    if r.rule in ("year", "year2", "year_phrase"):
        return Resolved(f"{year_number(r.fields['year'], anchor):04d}", "year", None, None)
    if r.rule == "weekday":
        return _weekday(r, text, anchor, tense)
    if r.rule in ("ago", "in"):
        return _relative_amount(r, anchor)
    if r.rule == "duration":
        return _duration(r)
    return _deictic(r, anchor, event)
