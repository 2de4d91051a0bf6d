"""Resolve raw date matches to calendar values against an anchor date.

Conventions (measured on French TimeBank where a choice had to be made):
- a weekday alone is in the past by default (the most recent such day on or
  before the anchor), in the future when the verb is future/conditional or
  after "dès"/"à partir de"; "ce mardi" without a known tense is the closest
  Tuesday; "dernier" is strictly before the anchor, "prochain" strictly after;
- "jeudi 13" is the nearest Thursday the 13th;
- a day and month without a year take the year of an explicit year named
  just before in the same sentence, else the year closest to the anchor
  ("dernier"/"prochain" force the direction; verb tense does not: it made
  TimeBank worse, "prévue le 16 juillet");
- a lone month takes the same year hint, else past/future by "dernier",
  "depuis" or tense, else the anchor's year;
- a week ("la semaine dernière") resolves to the ISO date of its Monday;
  a weekend ("ce week-end") to its Saturday;
- "la veille", "le lendemain", "deux jours plus tard" count from the last
  day-precise date mentioned before (anchor_source "event");
- without an anchor, relative expressions get ``value=None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from recoupe.extract.dates_calendar import (
    FUTURE,
    PAST,
    day_number,
    month_number,
    parse_number,
    pick,
    rel_direction,
    safe_date,
    shift,
    year_number,
)
from recoupe.extract.dates_grammar import MON, RawMatch
from recoupe.extract.dates_lexicon import (
    DURATION_UNITS,
    WEEKDAYS,
)

PAST_TRIGGERS = ("depuis",)
FUTURE_TRIGGERS = ("dès", "d'ici", "jusqu'à", "à partir de", "a partir de")
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


def _absolute(r: RawMatch, anchor: date | None, year_hint: int | None) -> Resolved:
    f = r.fields
    day = day_number(f.get("day") or f.get("day2") or "0")
    mon = (
        int(f["mon_n"] if "mon_n" in f else f.get("mon_n2", 0)) if "mon" not in f else month_number(f["mon"])
    )
    year_s = f.get("year") or f.get("year2")
    if year_s:
        d = safe_date(year_number(year_s, anchor), mon, day)
        if d is None:
            return Resolved(None, "absolute", None, "invalid")
        return Resolved(d.isoformat(), "absolute", None, None, d)
    if year_hint is not None and "rel" not in f and "wd" not in f:
        d = safe_date(year_hint, mon, day)
        return (
            Resolved(d.isoformat(), "absolute", None, None, d)
            if d
            else Resolved(None, "absolute", None, "invalid")
        )
    if anchor is None:
        return Resolved(None, "absolute", None, "none")
    cands = [
        c
        for y in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (c := safe_date(y, mon, day)) is not None
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
    if direction is None and tense is None and "det" in f:
        direction = "closest"  # "ce mardi" with no tense: this week's Tuesday, either side
    direction = direction or tense or PAST
    cands = [anchor + timedelta(days=k) for k in range(-7, 8) if (anchor + timedelta(days=k)).weekday() == wd]
    d = pick(cands, anchor, direction, strict=strict)
    return Resolved(d.isoformat(), "weekday", anchor, "published", d)


def _weekday_day(r: RawMatch, anchor: date | None, tense: str | None) -> Resolved:
    """ "jeudi 13": the nearest date that is a Thursday the 13th."""
    f = r.fields
    if anchor is None:
        return Resolved(None, "absolute", None, "none")
    wd, day = WEEKDAYS[f["wd"].lower()], day_number(f["day"])
    cands = [anchor + timedelta(days=k) for k in range(-62, 63)]
    cands = [c for c in cands if c.weekday() == wd and c.day == day]
    if not cands:
        return Resolved(None, "absolute", None, "invalid")
    d = pick(cands, anchor, tense)
    return Resolved(d.isoformat(), "absolute", anchor, "published", d)


def _deictic(r: RawMatch, anchor: date | None, event: date | None) -> Resolved:
    unit, off = r.unit, r.offset
    if r.rule == "deictic_wd":
        unit, off = "day", {"hier": -1, "demain": 1}.get(r.fields["deictic"].lower(), 0)
    base, source = anchor, "published"
    if unit == "event" and event is not None:
        base, source = event, "event"
    if base is None:
        return Resolved(None, "deictic", None, "none")
    value, day = shift(unit, off, base)
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
    value, _ = shift("month" if unit == "M" else "year", sign * n, anchor)
    return Resolved(value, "deictic", anchor, "published")


def _eventshift(r: RawMatch, event: date | None) -> Resolved:
    """ "deux jours plus tard" counts from the last event date mentioned."""
    amount = _amount(r)
    if event is None or amount is None or amount[2]:
        return Resolved(None, "deictic", None, "none")
    n, unit, _ = amount
    sign = 1 if r.fields["dir"].lower().startswith(("plus tard", "après")) else -1
    if unit in ("D", "W"):
        d = event + sign * timedelta(days=n * (7 if unit == "W" else 1))
        return Resolved(d.isoformat(), "deictic", event, "event", d)
    value, _ = shift("month" if unit == "M" else "year", sign * n, event)
    return Resolved(value, "deictic", event, "event")


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
        return _absolute(r, anchor, year_hint)
    if r.rule in ("month_year", "month_rel", "month"):
        return _month(r, text, anchor, tense, year_hint)
    if r.rule in ("year", "year2", "year_phrase"):
        return Resolved(f"{year_number(r.fields['year'], anchor):04d}", "year", None, None)
    if r.rule == "weekday":
        return _weekday(r, text, anchor, tense)
    if r.rule == "wd_day" and "mon" in r.fields:
        return _absolute(r, anchor, year_hint)
    if r.rule == "wd_day":
        return _weekday_day(r, anchor, tense)
    if r.rule == "shift":
        return _eventshift(r, event)
    if r.rule in ("ago", "in"):
        return _relative_amount(r, anchor)
    if r.rule == "duration":
        return _duration(r)
    return _deictic(r, anchor, event)
