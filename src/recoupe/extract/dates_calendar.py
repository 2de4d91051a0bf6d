"""Calendar arithmetic for French date resolution: numbers, years, picking
the candidate date closest to an anchor in a direction, shifting by units."""

from __future__ import annotations

from datetime import date, timedelta

from recoupe.extract.dates_lexicon import MONTH_ABBREVIATIONS, MONTHS, NUMBER_WORDS

PAST, FUTURE = "past", "future"


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


def safe_date(y: int, m: int, d: int) -> date | None:
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


def shift(unit: str, off: int, base: date) -> tuple[str, date | None]:
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
