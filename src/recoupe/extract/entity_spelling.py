"""A spelling key for surnames written several ways in one article.

Transliterations and typos of one name differ in how a sound is spelt:
Vesković / Veskovic / Vescovic / Veskovitch, Zelensky / Zelenskiy. The key
folds accents and maps the spellings of one sound to one letter, so that
the fuzzy comparison in :mod:`recoupe.extract.entity_canon` sees them equal.
"""

from __future__ import annotations

import re

from recoupe.extract.gazetteer import fold

# (spelling, sound) in the order they are applied; longer spellings first
SOUNDS: tuple[tuple[str, str], ...] = (
    ("tsch", "c"),
    ("tch", "c"),
    ("ck", "k"),
    ("qu", "k"),
    ("ph", "f"),
    ("w", "v"),
    ("y", "i"),
    ("c", "k"),
)
DOUBLE = re.compile(r"(.)\1+")


def spelling_key(name: str) -> str:
    """ "Veskovitch", "Vescovic" and "Vesković" all give "veskovik"."""
    key = fold(name)
    for spelling, sound in SOUNDS:
        key = key.replace(spelling, sound)
    return DOUBLE.sub(r"\1", key)
