"""Furniture lexicons: regular expressions in data files, loaded once.

Each ``src/recoupe/data/furniture_<name>.txt`` holds one pattern a line
(``#`` starts a comment). A pattern must match a *whole* line after
:func:`~recoupe.clean.normalise.fold_key` (no accents, lower case, straight
apostrophes, leading bullets and trailing ``.:!`` removed). Exceptions:
``furniture_byline.txt`` (reading times) is *searched* in short lines, and
``furniture_agencies.txt`` holds plain names, not patterns.

To teach recoupe a new outlet's furniture, add a general pattern to the
right file (and a line to ``tests/test_clean.py``), never a whole sentence
copied from one article.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from recoupe.clean.normalise import fold_key
from recoupe.errors import ConfigError

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

# Lexicons whose lines are removed wherever they stand in the article.
ANYWHERE = ("share", "comment_form", "disclosure", "theme", "dateline")
# Short, ambiguous words removed only in the head or the tail of the article.
EDGE = ("edge", "date")


def _read(name: str) -> list[str]:
    path = DATA_DIR / f"furniture_{name}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"missing lexicon {path}") from exc
    rows = (line.split(" #", 1)[0].strip() for line in text.splitlines())
    return [row for row in rows if row and not row.startswith("#")]


@cache
def lexicon(name: str) -> re.Pattern[str]:
    """All patterns of ``furniture_<name>.txt`` as one compiled alternation."""
    patterns = _read(name)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"furniture_{name}.txt: bad pattern {pattern!r}: {exc}") from exc
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!x)x")


@cache
def names(name: str) -> frozenset[str]:
    """A plain list of names (folded, as :func:`fold_key` folds them)."""
    return frozenset(fold_key(row) for row in _read(name))


def matches(name: str, key: str) -> bool:
    """True when the folded line ``key`` is wholly matched by lexicon ``name``."""
    return lexicon(name).fullmatch(key) is not None
