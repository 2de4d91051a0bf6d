"""Text normalisation: small ``str -> str`` steps that keep the line count.

Every step here maps line *i* of its input to line *i* of its output, so a
:class:`~recoupe.records.Removal` can name the line of the raw text. French
typography (« », ’, …) is kept as is; only invisible or layout characters
change.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

# Every separator str.splitlines() knows, so "line i" means the same thing everywhere.
_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Non-breaking, narrow, thin, figure, ideographic spaces and tabs: plain spaces.
_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Zero-width characters, soft hyphens, BOM, and C0/C1 controls other than \n.
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_RUNS = re.compile(r" {2,}")

TextStep = Callable[[str], str]


def unify_newlines(text: str) -> str:
    """Every line separator becomes ``\\n``."""
    return _NEWLINES.sub("\n", text)


def nfc(text: str) -> str:
    """Unicode NFC: composed accents (``é`` is one code point)."""
    return unicodedata.normalize("NFC", text)


def plain_spaces(text: str) -> str:
    """Non-breaking and narrow spaces (French typography) become plain spaces."""
    return _SPACES.sub(" ", text)


def drop_invisible(text: str) -> str:
    """Remove zero-width characters, soft hyphens and control characters."""
    return _INVISIBLE.sub("", text)


def tidy_lines(text: str) -> str:
    """Strip each line and collapse runs of spaces inside it."""
    return "\n".join(_RUNS.sub(" ", line).strip() for line in text.split("\n"))


STEPS: tuple[TextStep, ...] = (unify_newlines, drop_invisible, nfc, plain_spaces, tidy_lines)


def normalise_text(text: str, *, steps: tuple[TextStep, ...] = STEPS) -> str:
    """Apply ``steps`` in order. Line *i* of the result is line *i* of ``text``."""
    for step in steps:
        text = step(text)
    return text


def collapse_blank_lines(text: str) -> str:
    """At most one blank line in a row, none at the start or the end."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


_LEAD = " -–—•·*>»→▶►▸|#~+"
_TRAIL = " .:;!…"


# Accented Latin letters to their base letter, without a decomposition per character.
_BASE = {
    c: base
    for c in map(chr, range(0xC0, 0x250))
    if (base := "".join(d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d))) != c
}
_FOLD = str.maketrans({**_BASE, "’": "'", "‘": "'", "ʼ": "'", "`": "'"})


@lru_cache(maxsize=8192)
def fold_key(line: str) -> str:
    """The form lexicon patterns are matched against: no accents, lower case,
    straight apostrophes, single spaces, leading bullets and trailing
    punctuation removed (``"• Partager :"`` -> ``"partager"``)."""
    s = line.translate(_FOLD)
    if not unicodedata.is_normalized("NFKD", s):
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower()
    s = re.sub(r"\s+", " ", s)
    return s.strip(_LEAD).rstrip(_TRAIL).strip()
