"""Line rules: each takes one normalised line and names the rule that
removes it, or returns ``None`` to keep it."""

from __future__ import annotations

import re

from recoupe.clean.lexicon import ANYWHERE, EDGE, lexicon, matches
from recoupe.clean.normalise import fold_key
from recoupe.clean.shapes import is_name, is_punctuation, word_count
from recoupe.clean.source import author_in

LEXICON_MAX_CHARS = 1200  # longer lines are news text, whatever they start with
READING_TIME_MAX_CHARS = 100
READING_TIME_MAX_REST_WORDS = 6  # words besides the reading time (an author, a date)

_SEPARATORS = " -–—•·|,/:()"


def rule_name(lexicon_name: str) -> str:
    return lexicon_name.replace("_", "-")


def lexicon_rule(line: str, *, lexicons: tuple[str, ...] = ANYWHERE) -> str | None:
    """The first of ``lexicons`` that matches the whole (folded) line."""
    if len(line) > LEXICON_MAX_CHARS:
        return None
    key = fold_key(line)
    if not key:
        return None
    for name in lexicons:
        if matches(name, key):
            return rule_name(name)
    return None


def reading_time(line: str) -> tuple[bool, str | None]:
    """``(True, author)`` for a short byline line with a reading time
    ("5 Min Read", "Lecture : 3 min", "Par Jean Dupont | 4 min de lecture")."""
    if len(line) > READING_TIME_MAX_CHARS:
        return False, None
    key = fold_key(line)
    m = lexicon("byline").search(key)
    if not m:
        return False, None
    rest = (key[: m.start()] + " " + key[m.end() :]).strip(_SEPARATORS + " .")
    if word_count(rest) > READING_TIME_MAX_REST_WORDS:
        return False, None
    return True, author_in(line)


def anywhere_rule(line: str) -> str | None:
    """Rules that hold wherever the line stands in the article."""
    if is_punctuation(line):
        return "punctuation"
    if reading_time(line)[0]:
        return "reading-time"
    return lexicon_rule(line)


def edge_rule(line: str) -> str | None:
    """Rules for the head and the tail of the article only (short, ambiguous strings)."""
    return lexicon_rule(line, lexicons=EDGE)


def bare_author(line: str) -> str | None:
    """A line that is only a person's name (an author next to a reading time)."""
    text = line.strip()
    return text if is_name(text) and not re.search(r"[.!?:;«»\"“”]$", text) else None
