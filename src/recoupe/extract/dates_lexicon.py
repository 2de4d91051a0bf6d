"""French lexicon for date expressions: months, weekdays, number words, units.

Plain named constants, shared by :mod:`recoupe.extract.dates_grammar` (which
builds the regular expressions) and :mod:`recoupe.extract.dates_resolve`
(which turns matches into calendar values).
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "janv.": 1,
    "févr.": 2,
    "fevr.": 2,
    "fév.": 2,
    "avr.": 4,
    "juil.": 7,
    "sept.": 9,
    "oct.": 10,
    "nov.": 11,
    "déc.": 12,
    "dec.": 12,
}
WEEKDAYS: dict[str, int] = {  # Python's date.weekday(): Monday is 0
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
}
NUMBER_WORDS: dict[str, int] = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "cent": 100,
    "cents": 100,
    "mille": 1000,
}
# duration unit -> (ISO 8601 designator, is a time unit)
DURATION_UNITS: dict[str, tuple[str, bool]] = {
    "jour": ("D", False),
    "jours": ("D", False),
    "journée": ("D", False),
    "journées": ("D", False),
    "semaine": ("W", False),
    "semaines": ("W", False),
    "mois": ("M", False),
    "an": ("Y", False),
    "ans": ("Y", False),
    "année": ("Y", False),
    "années": ("Y", False),
    "décennie": ("10Y", False),
    "décennies": ("10Y", False),
    "siècle": ("100Y", False),
    "siècles": ("100Y", False),
    "heure": ("H", True),
    "heures": ("H", True),
    "minute": ("M", True),
    "minutes": ("M", True),
}
# words that may follow a bare year ("en 2024, les alliés", "depuis 2022 à Kiev");
# any other lower-case word means the number counts something ("2000 personnes")
_AFTER_YEAR_WORDS = """à au aux et ou en dans pour par sur avec contre chez vers où qui que qu quand
    lorsque alors puis mais donc car le la les l un une des du de d ce cet cette ces
    son sa ses leur leurs il elle ils elles on nous vous je j a ont est sont était
    étaient fut furent sera seront avait avaient aura auront selon après avant depuis
    jusqu sans entre lors face comme déjà encore aussi ne n se s y dernier dernière
    derniers prochain prochaine prochains inclus compris notamment seulement
    également même mon ma mes notre nos votre vos lui eux c ni soit"""
AFTER_YEAR_OK: frozenset[str] = frozenset(_AFTER_YEAR_WORDS.split())
# words just before a number that make it a quantity, not a year
BEFORE_YEAR_BAD: tuple[str, ...] = (
    "plus de",
    "moins de",
    "près de",
    "environ",
    "quelque",
    "n°",
    "numéro",
    "article",
    "page",
    "p.",
    "les",
    "des",
    "ces",
    "années",
    "nos",
    "leurs",
    "ses",
    "chiffre",
    "code",
    "au moins",
    "sur",
)
# month triggers: a lone month name counts as a date only after one of these
MONTH_TRIGGERS: tuple[str, ...] = (
    "en",
    "depuis",
    "dès",
    "jusqu'en",
    "avant",
    "après",
    "de",
    "d'",
    "courant",
    "mois de",
    "mois d'",
    "d'ici",
    "fin",
    "début",
    "mi-",
    "mi",
    "pour",
)
# durations with "un"/"une" only after these ("s'ils décident un jour" is not P1D)
ONE_UNIT_TRIGGERS: tuple[str, ...] = (
    "pendant",
    "durant",
    "depuis",
    "en",
    "de",
    "d'",
    "sur",
    "pour",
    "dans",
    "plus d'",
    "moins d'",
    "près d'",
)
