"""The French date grammar: regular expressions that find date expressions.

:func:`scan` returns raw, unresolved matches (rule name + captured fields),
non-overlapping, longest first. Resolution to calendar values lives in
:mod:`recoupe.extract.dates_resolve`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recoupe.extract.dates_lexicon import (
    AFTER_YEAR_OK,
    BEFORE_YEAR_BAD,
    MONTH_ABBREVIATIONS,
    MONTH_TRIGGERS,
    MONTHS,
    NUMBER_WORDS,
    ONE_UNIT_TRIGGERS,
    WEEKDAYS,
)


def _alt(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


WD = rf"(?:{_alt(WEEKDAYS)})"
MON = rf"(?:{_alt(MONTH_ABBREVIATIONS)}|(?:{_alt(MONTHS)})\b)"
DAY = r"(?:1er|1re|premier|[12]\d|3[01]|0?[1-9])(?!\d|,\d)"
YEAR4 = r"(?:1\d{3}|20\d{2})(?!\d|,\d)"
# a two-digit year only where nothing counted follows ("octobre 98.", "10 novembre 93,")
YEAR2 = r"'?\d{2}(?=\s*(?:[.,;:()»\]]|$)|\s+(?:et|à|au|en|dans|sur|pour|lors)\b)"
YEAR = rf"(?:{YEAR4}|{YEAR2})"
REL = r"(?:dernier|derni[eè]re|prochain|prochaine|pass[ée])s?"
NUMW = rf"(?:{_alt(NUMBER_WORDS)})(?:[- ](?:et[- ])?(?:{_alt(NUMBER_WORDS)}))*"
NUM = rf"(?:\d+|{NUMW})\b"
UNIT = (
    r"(?:jours?|journées?|semaines?|mois|ans?|années?|décennies?|décennie|siècles?"
    r"|heures?|minutes?)\b"
)

_F = re.IGNORECASE
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "numeric",
        re.compile(
            r"\b(?P<day>[0-3]?\d)/(?P<mon_n>[01]?\d)/(?P<year>\d{4}|\d{2})\b"
            r"|\b(?P<day2>[0-3]?\d)\.(?P<mon_n2>[01]?\d)\.(?P<year2>\d{4})\b",
            _F,
        ),
    ),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<mon_n>[01]\d)-(?P<day>[0-3]\d)(?!\d)")),
    (
        "wd_day",
        re.compile(
            rf"\b(?:(?:le|ce)\s+)?(?P<wd>{WD})\s+(?P<day>{DAY})\b(?!\s*(?:h\b|h\d|heures?\b|:))"
            rf"(?:(?=(?:\s*(?:,|et|au|à|-)\s*(?:{WD}\s+)?{DAY})+\s+(?P<mon>{MON})(?:\s+(?P<year>{YEAR4}))?)|)",
            _F,
        ),
    ),
    (
        "full",
        re.compile(
            rf"(?:\b(?:le|ce)\s+)?(?:\b(?P<wd>{WD})\s+)?\b(?P<day>{DAY})\s+(?P<mon>{MON})"
            rf"(?:\s+(?P<year>{YEAR}))?(?:\s+(?P<rel>{REL})\b)?",
            _F,
        ),
    ),
    (
        "day_list",
        re.compile(
            rf"\b(?:les\s+)?(?P<day>{DAY})(?=(?:\s*(?:,|et|au|à|-)\s*(?:{WD}\s+)?{DAY})+\s+(?P<mon>{MON})"
            rf"(?:\s+(?P<year>{YEAR4}))?(?:\s+(?P<rel>{REL})\b)?)",
            _F,
        ),
    ),
    (
        "month_year",
        re.compile(
            rf"\b(?:(?P<part>début|fin|mi|courant|milieu)[\s-]+(?:d[e']\s*)?)?(?P<mon>{MON})"
            rf"\s+(?P<year>{YEAR})",
            _F,
        ),
    ),
    ("month_rel", re.compile(rf"\b(?:(?P<part>début|fin|mi)[\s-]+)?(?P<mon>{MON})\s+(?P<rel>{REL})\b", _F)),
    ("month", re.compile(rf"\b(?:(?P<part>début|fin|mi)[\s-]+)?(?P<mon>{MON})", _F)),
    ("year_phrase", re.compile(rf"\bl'(?:année|an)\s+(?P<year>{YEAR4})", _F)),
    ("year", re.compile(rf"(?<![\d.,])\b(?P<year>{YEAR4})\b(?!\s\d{{3}}\b)")),
    ("year2", re.compile(rf"\b(?:en|depuis|dès)\s+(?P<year>{YEAR2})\b", _F)),
    ("deictic_wd", re.compile(rf"\b(?P<deictic>aujourd'hui|hier|demain),?\s+(?P<wd>{WD})\b", _F)),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<det>ce|cette)\s+)?(?P<wd>{WD})\b(?:\s+(?P<rel>dernier|prochain|passé|"
            r"suivant|précédent)\b|\s+(?P<tod>matin|soir|midi|après-midi)\b)?",
            _F,
        ),
    ),
    (
        "shift",
        re.compile(
            rf"\b(?P<num>{NUM})\s+(?P<unit>{UNIT})\s+(?P<dir>plus\s+tard|après|plus\s+tôt|auparavant|avant)"
            r"(?!\s+(?:le|la|les|l'|de|du|des|d'|que|qu'|son|sa|ses|leur|leurs|cette|ce)\b)",
            _F,
        ),
    ),
    ("ago", re.compile(rf"\bil\s+y\s+a\s+(?P<num>{NUM})\s+(?P<unit>{UNIT})", _F)),
    ("in", re.compile(rf"\bdans\s+(?P<num>{NUM})\s+(?P<unit>{UNIT})", _F)),
    (
        "duration",
        re.compile(
            rf"\b(?P<num>{NUM})\s+(?:(?:premi[eè]re?|derni[eè]re?|prochaine?)s\s+)?(?P<unit>{UNIT})", _F
        ),
    ),
)

# deictic phrases -> (unit, offset); unit "event" counts from the last event date
DEICTICS: tuple[tuple[str, str, int], ...] = (
    (r"avant-hier", "day", -2),
    (r"après-demain", "day", 2),
    (r"hier(?:\s+(?:matin|soir|midi|après-midi))?", "day", -1),
    (r"demain(?:\s+(?:matin|soir|midi|après-midi))?", "day", 1),
    (
        # not "désormais": in news it means "from now on", not a date (TimeBank tags it)
        r"aujourd'hui|ce\s+matin|ce\s+soir|ce\s+midi|cet(?:te)?\s+après-midi|cette\s+nuit",
        "day",
        0,
    ),
    (r"la\s+nuit\s+(?:dernière|passée)", "day", -1),
    (r"la\s+veille(?!\s+(?:de|du|des|d')\b)", "event", -1),
    (r"le\s+lendemain(?!\s+(?:de|du|des|d')\b)", "event", 1),
    (r"le\s+même\s+jour|ce\s+jour-là", "event", 0),
    (r"la\s+semaine\s+(?:dernière|passée)", "week", -1),
    (r"la\s+semaine\s+prochaine", "week", 1),
    (r"cette\s+semaine", "week", 0),
    (r"le\s+mois\s+(?:dernier|passé)", "month", -1),
    (r"le\s+mois\s+prochain", "month", 1),
    (r"ce\s+mois(?:-ci)?", "month", 0),
    (r"(?:(?:la\s+)?fin\s+de\s+)?l'(?:an|année)\s+(?:derni(?:er|ère)|passée?)", "year", -1),
    (r"l'(?:an|année)\s+prochaine?", "year", 1),
    (
        r"(?:plus\s+tôt\s+|plus\s+tard\s+)?cette\s+année|l'année\s+en\s+cours"
        r"|(?:la\s+)?(?:fin|début)\s+(?:de\s+l'année|d'année)|la\s+nouvelle\s+année",
        "year",
        0,
    ),
    (r"ce\s+week-?end", "weekend", 0),
    (r"le\s+week-?end\s+(?:dernier|passé)", "weekend", -1),
    (r"le\s+week-?end\s+prochain", "weekend", 1),
)
DEICTIC_RULES: tuple[tuple[str, re.Pattern[str], str, int], ...] = tuple(
    ("deictic", re.compile(rf"\b(?:{rx})(?![\w-])", _F), unit, off) for rx, unit, off in DEICTICS
)
PRIORITY = {
    "numeric": 0,
    "iso": 0,
    "full": 1,
    "deictic_wd": 1,
    "wd_day": 2,
    "shift": 3,
    "month_year": 2,
    "year_phrase": 2,
    "deictic": 3,
    "ago": 3,
    "in": 3,
    "month_rel": 4,
    "weekday": 5,
    "day_list": 5,
    "duration": 6,
    "month": 7,
    "year": 8,
    "year2": 8,
}


@dataclass(frozen=True, slots=True)
class RawMatch:
    start: int
    end: int
    rule: str
    fields: dict[str, str]
    unit: str = ""
    offset: int = 0


def _before(text: str, start: int, n: int = 25) -> str:
    return text[max(0, start - n) : start].lower()


def _next_word(text: str, end: int) -> str:
    m = re.match(r"\s*([^\W\d_]+)", text[end : end + 40])
    return m.group(1) if m and text[end : end + 1].isspace() else ""


def _ok_year(text: str, m: re.Match[str]) -> bool:
    year = int(m.group("year"))
    if not 1800 <= year <= 2099:
        return False
    before = _before(text, m.start()).rstrip()
    if any(before.endswith(" " + w) or before == w for w in BEFORE_YEAR_BAD):
        return False
    if re.search(r"[\d/]\s*$", before) and not re.search(r"\d{4}\s*[-/]\s*$", before):
        return False
    word = _next_word(text, m.end())
    return not word or not word.islower() or word in AFTER_YEAR_OK


MONTH_TRIGGER_RX = re.compile(rf"(?:^|[\s(\[«\"'])(?:{_alt(MONTH_TRIGGERS)})$", re.IGNORECASE)


def _ok_month(text: str, m: re.Match[str]) -> bool:
    """A month name alone is a date only in lower case after a trigger ("en mars")."""
    if m.group("part"):
        return True
    if not m.group("mon").islower():
        return False
    before = _before(text, m.start("mon")).rstrip()
    if re.search(rf"{MON}\s*(?:-|et|ou|à)$", before, re.IGNORECASE):
        return True
    return bool(MONTH_TRIGGER_RX.search(before))


def _ok_weekday(text: str, m: re.Match[str]) -> bool:
    """Not habitual ("le lundi", "chaque mardi", "tous les jeudis")."""
    before = _before(text, m.start()).rstrip()
    return not re.search(r"(?:\ble|\bles|\bchaque|\bun|\bune|\bdu|\bau|premier|dernier|ième)$", before)


CLOCK_TIME_RX = re.compile(
    r"(?:\bà|\bvers|\bavant|\baprès|\bdès|\bjusqu'à|\benvirons\s+de|\balentours\s+de|\bpartir\s+de)$"
)


def _ok_duration(text: str, m: re.Match[str]) -> bool:
    num, unit = m.group("num").lower(), m.group("unit")
    if not unit.islower() or re.search(r"\d\s$", text[: m.start()]):
        return False  # "20 Minutes" (a paper); "1 000 ans" is one number, skipped
    before = _before(text, m.start()).rstrip()
    if unit.startswith("heure") and CLOCK_TIME_RX.search(before):
        return False  # "vers 21 heures" is a time of day
    if num in ("un", "une"):
        return any(before.endswith(t) for t in ONE_UNIT_TRIGGERS)
    return True


def _ok_year2(text: str, m: re.Match[str]) -> bool:
    return int(m.group("year").lstrip("'")) >= 40


CHECKS = {
    "year": _ok_year,
    "year2": _ok_year2,
    "month": _ok_month,
    "weekday": _ok_weekday,
    "duration": _ok_duration,
}


def _candidates(text: str) -> list[RawMatch]:
    out: list[RawMatch] = []
    for name, rx in RULES:
        check = CHECKS.get(name)
        for m in rx.finditer(text):
            if m.end() == m.start() and name != "day_list":
                continue
            if check is not None and not check(text, m):
                continue
            fields = {k: v for k, v in m.groupdict().items() if v}
            end = m.end() if name != "day_list" else m.end("day")
            out.append(RawMatch(m.start(), end, name, fields))
    for name, rx, unit, off in DEICTIC_RULES:
        for m in rx.finditer(text):
            out.append(RawMatch(m.start(), m.end(), name, {}, unit, off))
    return out


def scan(text: str) -> list[RawMatch]:
    """Non-overlapping raw date matches in ``text``, in text order (longest wins)."""
    norm = text.replace("’", "'").replace("‘", "'")
    cands = sorted(_candidates(norm), key=lambda r: (-(r.end - r.start), PRIORITY[r.rule], r.start))
    taken: list[RawMatch] = []
    for c in cands:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda r: r.start)
