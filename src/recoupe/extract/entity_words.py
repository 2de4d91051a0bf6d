"""Closed word classes and patterns of the entity extractor (French function
words and name particles); the open word lists are data files in ``data/``."""

from __future__ import annotations

import re

LABELS = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "MISC": "MISC"}
ARTICLES = frozenset({"l'", "le", "la", "les", "d'", "de", "du", "des", "au", "aux", "the", "qu'", "un", "une"})
PREPOSITIONS = frozenset({"de", "du", "des", "d'"})
PLURAL_DETERMINERS = frozenset({"les", "des", "aux", "ces", "nos", "vos", "leurs", "plusieurs", "deux", "trois"})
NAME_PARTICLES = frozenset(
    {
        "de",
        "du",
        "des",
        "d'",
        "la",
        "le",
        "les",
        "l'",
        "von",
        "van",
        "der",
        "den",
        "al",
        "el",
        "ben",
        "bin",
        "da",
        "di",
        "dos",
        "y",
        "et",
        "sur",
        "pour",
        "à",
        "en",
    }
)
CAPITAL_ARTICLES = frozenset({"Le", "La", "Les", "De", "Du", "Van", "Von", "Di", "Da"})
FUNCTION_WORDS = frozenset(
    {
        "à",
        "au",
        "aux",
        "de",
        "du",
        "des",
        "d",
        "l",
        "en",
        "par",
        "pour",
        "avec",
        "sur",
        "dans",
        "chez",
        "vers",
        "et",
        "ou",
        "que",
        "qui",
        "a",
        "est",
        "sont",
        "ont",
    }
)
COORDINATORS = frozenset({"et", "ou", "ni"})
EVIDENCE_WEIGHT = 2  # a type set by a rule counts for two of spaCy's labels
STRONG_WEIGHT = 3  # a type the phrase itself says ("golfe de X" is a place)
# "le gouvernement Bayrou" names a person's government, not an organisation called Bayrou
LEADER_NOUNS = frozenset({"gouvernement", "cabinet"})
ACRONYM = re.compile(r"^(?=.*[A-Z].*[A-Z0-9])[A-Z][A-Za-z0-9&]{1,9}$")
