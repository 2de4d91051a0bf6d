"""Quantities: amounts with units and what they measure.

"485 milliards de dollars" → 485e9 dollar; "20 %" → 20 percent; "2 % de
leur PIB" → 2 percent of PIB; "une trêve de 30 jours" → 30 jour (trêve);
French number words ("trente", "deux cents", "trois millions") through
text2num. Plain text in, so it also runs on stored bodies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

NUMBER_WORDS = [
    "zéro", "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
    "douze", "treize", "quatorze", "quinze", "seize", "vingt", "vingts", "trente", "quarante", "cinquante",
    "soixante", "cent", "cents", "mille",
]
SCALES = {"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9,
          "billion": 1e12, "billions": 1e12, "k": 1e3, "m": 1e6, "md": 1e9, "mds": 1e9}
UNITS = {
    "%": "percent", "pour cent": "percent", "pourcent": "percent", "points de pourcentage": "point",
    "dollars": "USD", "dollar": "USD", "$": "USD", "euros": "EUR", "euro": "EUR", "€": "EUR",
    "roubles": "RUB", "hryvnias": "UAH", "livres": "GBP",
    "jours": "day", "jour": "day", "semaines": "week", "semaine": "week", "mois": "month",
    "ans": "year", "années": "year", "an": "year", "heures": "hour", "heure": "hour",
    "kilomètres carrés": "km2", "kilomètre carré": "km2", "km2": "km2", "km²": "km2",
    "kilomètres": "km", "kilomètre": "km", "km": "km", "tonnes": "t", "personnes": "person",
    "morts": "death", "victimes": "victim", "soldats": "soldier", "navires": "ship",
}

_WORD = r"(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_NUM_WORDS = rf"{_WORD}(?:[\s-]+(?:et[\s-]+)?{_WORD})*"
_DIGITS = r"\d{1,3}(?:[\s\u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?"
_SCALE = r"(?:\s+(?:de\s+)?(?:milliards?|millions?|mille|billions?|mds?))?"
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
QUANTITY = re.compile(
    rf"(?<![\w.,])(?P<num>{_DIGITS}|{_NUM_WORDS})(?P<scale>{_SCALE})\s*(?:d['’]|de\s+)?(?P<unit>{_UNIT})(?![\w])"
    rf"(?:\s+(?:de|du|des|d['’])\s+(?:leur\s+|son\s+|sa\s+|ses\s+|l['’]|la\s+|le\s+|les\s+)?(?P<of>\w[\w-]*))?",
    re.IGNORECASE,
)
MEASURED_BY = re.compile(r"(?:\b(?:une?|la|le|les|des)\s+)?(?P<head>\w[\w-]*)\s+(?:de|d['’])\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float
    unit: str
    measure: str | None = None  # what it measures: "PIB" in "2 % de leur PIB", "trêve" in "une trêve de 30 jours"


def parse_number(raw: str) -> float | None:
    """Digits with French separators ("1 200", "3,5") or number words ("trente-deux")."""
    s = raw.strip().lower()
    if s[0].isdigit():
        s = re.sub(r"[\s\u00a0\u202f]", "", s)
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):  # 1.200.000
            s = s.replace(".", "")
        try:
            return float(s.replace(",", "."))
        except ValueError:
            return None
    if s in {"un", "une"}:
        return 1.0
    try:
        return float(text2num(re.sub(r"\s+", " ", s), "fr"))
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def quantities_in(text: str) -> tuple[Quantity, ...]:
    """:func:`quantities` of ``text``, cached: the corpus pass reads each sentence's figures twice
    (its checkable statements, its dispute figures)."""
    return tuple(quantities(text))


def quantities(text: str) -> Iterator[Quantity]:
    for m in QUANTITY.finditer(text):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        scale = m.group("scale").strip().lower().removeprefix("de ").strip()
        if scale:
            value *= SCALES.get(scale.split()[-1], 1.0)
        unit = UNITS[m.group("unit").lower()] if m.group("unit").lower() in UNITS else m.group("unit")
        measure = m.group("of")
        if measure is None:
            before = MEASURED_BY.search(text[max(0, m.start() - 40):m.start()])
            measure = before.group("head") if before else None
        end = m.end("of") if m.group("of") else m.end("unit")
        yield Quantity(text[m.start():end], m.start(), end, value, unit, measure)
