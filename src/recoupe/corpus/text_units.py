"""Plain-text units for corpus analysis on stored bodies (no spaCy Doc):
accent folding, words, sentences with their offsets, shingles and content terms."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

WORD = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
# a sentence ends at final punctuation (optionally a closing quote) before a capital or an opening quote
SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[»”\"]?\s+(?=[«“\"A-ZÀ-ÖØ-Þ])")
MIN_TERM_CHARS = 4
TOP_TERMS = 40  # content words kept per article for story similarity


class _FoldTable(dict[int, str]):
    """``str.translate`` table: each character to its NFKD decomposition without the
    combining marks, computed the first time the character is met. Folding the
    characters one by one gives what folding the whole text gives: NFKD decomposes
    character by character and only reorders combining marks, which are dropped."""

    def __missing__(self, code: int) -> str:
        folded = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        self[code] = folded
        return folded


FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lowercase, accents stripped, typographic apostrophes (’ ʼ) made plain."""
    text = text.lower().replace("’", "'").replace("ʼ", "'")
    return text if text.isascii() else text.translate(FOLD_TABLE)


def words(text: str) -> list[str]:
    """Folded word tokens (elided articles split off: "l'OTAN" -> "l", "otan")."""
    return re.findall(r"\w+", fold(text))


def sentences(body: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``body``: lines, split at final punctuation."""
    pos = 0
    for line in body.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cut = start
        for m in SENTENCE_BREAK.finditer(line):
            end = start + m.start() + len(m.group(0).rstrip())
            yield from _trimmed(body, cut, end)
            cut = start + m.end()
        yield from _trimmed(body, cut, start + len(line))


def _trimmed(body: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    text = body[start:end]
    stripped = text.strip()
    if stripped:
        lead = len(text) - len(text.lstrip())
        yield start + lead, start + lead + len(stripped)


def stable_hash(text: str) -> int:
    """A 32-bit hash that is the same in every process (``hash()`` is salted)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=4).digest(), "big")


def shingles(text: str, *, n: int = 5) -> frozenset[int]:
    """Hashes of the word ``n``-grams of ``text`` (folded words)."""
    toks = words(text)
    if len(toks) < n:
        return frozenset({stable_hash(" ".join(toks))}) if toks else frozenset()
    return frozenset(stable_hash(" ".join(toks[i : i + n])) for i in range(len(toks) - n + 1))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Folded French function words (``data/signals_stopwords.txt``)."""
    text = resources.files("recoupe.data").joinpath("signals_stopwords.txt").read_text(encoding="utf-8")
    return frozenset(fold(w.strip()) for w in text.splitlines() if w.strip() and not w.startswith("#"))


def crude_stem(word: str) -> str:
    """Plural and feminine endings off, so "chalutiers"/"chalutier" and "aldarienne"/"aldarien" meet."""
    for suffix in ("iennes", "ienne", "iens", "ennes", "enne", "es", "s", "x", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_TERM_CHARS:
            return word[: -len(suffix)]
    return word


def content_terms(text: str, *, top: int = TOP_TERMS) -> dict[str, int]:
    """The ``top`` most frequent content stems of ``text`` (ties broken alphabetically)."""
    stops = stop_words()
    counts = Counter(
        crude_stem(w) for w in words(text) if len(w) >= MIN_TERM_CHARS and w not in stops and not w.isdigit()
    )
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return dict(ranked)
