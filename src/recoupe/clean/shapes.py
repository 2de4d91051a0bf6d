"""Line shapes: running prose, names, lone punctuation."""

from __future__ import annotations

import re

SENTENCE_END = '.!?…»"”)'
PROSE_MIN_WORDS = 6  # a line ending like a sentence, with at least this many words
PROSE_LONG_WORDS = 30  # ... or this many words, whatever its end
NAME_MAX_TOKENS = 4
NAME_PARTICLES = frozenset(
    [
        "de",
        "du",
        "des",
        "d'",
        "d’",
        "da",
        "di",
        "van",
        "von",
        "der",
        "den",
        "al",
        "el",
        "ben",
        "bin",
        "la",
        "le",
        "y",
        "e",
    ]
)

# Capitalised words that do not start or make a name ("Une Nouvelle Dynamique" is a heading).
NAME_STOPWORDS = frozenset(
    [
        "un",
        "une",
        "des",
        "les",
        "dans",
        "sur",
        "pour",
        "avec",
        "et",
        "ou",
        "par",
        "en",
        "au",
        "aux",
        "ce",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "leur",
        "vers",
        "entre",
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "and",
        "for",
        "to",
        "with",
        "is",
        "est",
    ]
)
NAME_NOT_FIRST = frozenset(["le", "la", "de", "du", "des", "van", "von", "der", "den", "di", "da"])

_WORD = re.compile(r"\w+")
_NAME_TOKEN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*|[A-ZÀ-ÖØ-Þ]\.")


def word_count(line: str) -> int:
    return len(_WORD.findall(line))


def is_punctuation(line: str) -> bool:
    """A non-blank line without a single letter or digit ("-", "•", "…", "***")."""
    return bool(line.strip()) and not any(c.isalnum() for c in line)


def is_prose(line: str) -> bool:
    """Running text: a sentence-shaped line, or a long one. Titles and
    sub-headings (no final period) are not prose."""
    n = word_count(line)
    return n >= PROSE_LONG_WORDS or (n >= PROSE_MIN_WORDS and line.rstrip().endswith(tuple(SENTENCE_END)))


def is_name(text: str, *, max_tokens: int = NAME_MAX_TOKENS) -> bool:
    """Shaped like a person's name: 2 to ``max_tokens`` capitalised tokens
    (particles allowed), nothing else ("Olivia Carter", "Jean-Marc de La Tour")."""
    tokens = text.split()
    if not 2 <= len(tokens) <= max_tokens + 2 or len(text) > 60:
        return False
    if tokens[0].lower() in NAME_NOT_FIRST or any(t.lower() in NAME_STOPWORDS for t in tokens):
        return False
    named = [t for t in tokens if t.lower() not in NAME_PARTICLES]
    return 2 <= len(named) <= max_tokens and all(_NAME_TOKEN.fullmatch(t) for t in named)
