"""Name comparison rules of the entity registry: pure functions on folded names.

The registry compares *forms* (an entity's folded canonical name and type)
across articles. These rules decide whether two forms may name the same
real-world thing, and how strongly: a typo or transliteration of one
surname (Zelensky/Zelenskyy, Vesković/Vescovic, Ruttea/Rutte) by
similarity on the spelling and on a rough sound key, never by a list of
names; a feminine or diminutive forename (Jean/Jeanne, Louis/Louise) is
another person; numbers must be equal ("Résolution 2231" is not "2331").
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

# Lower-case particles that are not a person's distinctive name ("Charles de Gaulle" -> gaulle).
# The extractor has the same list; it is repeated here so that reading the registry does not load spaCy.
NAME_PARTICLES = frozenset({
    "de", "du", "des", "d", "la", "le", "les", "l", "von", "van", "der", "den", "al", "el", "ben", "bin",
    "da", "di", "dos", "do", "das", "del", "della", "ter", "ten", "zu", "y", "e", "bou", "abu", "ibn",
})  # fmt: skip
FUZZY_MIN = 88  # rapidfuzz ratio of two spellings of one surname, or of one multi-word non-person name
SAME_FORENAME_MIN = 85  # the same full forename: a surname typo may be a little wider (Stavros/Stravos)
SAME_FORENAME_MIN_LEN = 6  # ... for surnames this long (Dupont/Dupond are two people)
FUZZY_MIN_SINGLE = 92  # a one-word place, organisation or work: stricter (Niger/Nigeria, Iran/Irak stay apart)
SINGLE_MIN_LEN = 5  # shorter one-word non-person names are only linked when their sound keys are equal
MAX_LEN_DIFF = 3  # characters between the two compared words
FORENAME_MIN = 75  # Mark/Marc, Sergueï/Serguei; equal lengths ± 1 and no prefix relation required too
EXACT_SCORE = 100
ALIAS_SCORE = 95  # the article's own extractor merged the two forms
SURNAME_SCORE = 85  # a lone surname given to the one full name of the corpus that carries it

# A rough sound key for transliterations: these spellings are read alike in French news.
SOUND_RULES = (
    (re.compile(r"tch|tsch|ch$"), "c"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck|k|q"), "c"),
    (re.compile(r"y"), "i"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"(?<=.)[eh]$"), ""),
)
_DIGITS = re.compile(r"\d+")


def name_words(key: str) -> list[str]:
    """The distinctive words of a folded name: particles dropped."""
    return [w for w in key.split() if w not in NAME_PARTICLES]


@lru_cache(maxsize=65536)
def sound_key(word: str) -> str:
    """A rough phonetic key of one folded word (``"zelenskyy"`` -> ``"zelenski"``)."""
    for pattern, repl in SOUND_RULES:
        word = pattern.sub(repl, word)
    return word


def word_similarity(a: str, b: str, *, minimum: int = FUZZY_MIN) -> int:
    """A score >= ``minimum`` when ``a`` and ``b`` are spellings of one word, else 0.
    Guards: same first sound, lengths close, no feminine form (Petrov/Petrova)."""
    if not a or not b:
        return 0
    if a == b:
        return EXACT_SCORE
    sa, sb = sound_key(a), sound_key(b)
    if sa[:1] != sb[:1] or abs(len(a) - len(b)) > MAX_LEN_DIFF or _feminine(a, b):
        return 0
    if sa == sb:
        return max(int(fuzz.ratio(a, b)), minimum)
    score = int(max(fuzz.ratio(a, b), fuzz.ratio(sa, sb)))
    return score if score >= minimum else 0


def _feminine(a: str, b: str) -> bool:
    """Slavic and French feminine forms are other people: Petrov/Petrova, Kowalski/Kowalska."""
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and long_[len(short):] in {"e", "ne", "le", "te", "ette", "ine"}:
        return True
    pairs = (("ski", "ska"), ("sky", "skaya"), ("ski", "skaya"), ("ov", "ova"), ("ev", "eva"), ("in", "ina"))
    return any(x.endswith(m) and y == x[: -len(m)] + f for m, f in pairs for x, y in ((a, b), (b, a)))


def forenames_compatible(a: str, b: str) -> bool:
    """Two forenames of one person: equal, one an initial of the other, or one
    spelling of the same name (Mark/Marc) but not a feminine or longer form
    (Jean/Jeanne, Louis/Louise, Christian/Christiane)."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if a[0] != b[0] or abs(len(a) - len(b)) > 1 or a.startswith(b) or b.startswith(a):
        return False
    return fuzz.ratio(a, b) >= FORENAME_MIN


def is_partial(key: str) -> bool:
    """A person form that names no one alone: one word ("Rutte") or an initial ("M. Rutte")."""
    words = name_words(key)
    return len(words) <= 1 or len(words[0]) == 1


def person_score(a: str, b: str) -> int:
    """Two full person names (both with a forename): similar surnames and compatible forenames."""
    wa, wb = name_words(a), name_words(b)
    if len(wa) < 2 or len(wb) < 2 or len(wa[0]) == 1 or len(wb[0]) == 1:
        return 0
    if not forenames_compatible(wa[0], wb[0]):
        return 0
    if len(wa) != len(wb) and wa[1:-1] and wb[1:-1]:  # different middle names
        return 0
    same_forename = wa[0] == wb[0] and len(wa[0]) > 2 and min(len(wa[-1]), len(wb[-1])) >= SAME_FORENAME_MIN_LEN
    return word_similarity(wa[-1], wb[-1], minimum=SAME_FORENAME_MIN if same_forename else FUZZY_MIN)


def surname_score(partial: str, full: str) -> int:
    """A lone surname (or an initial and a surname) and a full name: the surname's
    similarity, 100 when equal; an initial must match the forename."""
    wp, wf = name_words(partial), name_words(full)
    if not wp or len(wf) < 2:
        return 0
    if len(wp) > 1 and wp[0][0] != wf[0][0]:
        return 0
    return word_similarity(wp[-1], wf[-1])


def other_score(a: str, b: str) -> int:
    """Two names of an organisation, place or work: very similar spellings with equal numbers."""
    if _DIGITS.findall(a) != _DIGITS.findall(b):
        return 0
    if " " not in a and " " not in b:
        if min(len(a), len(b)) < SINGLE_MIN_LEN:
            return EXACT_SCORE if sound_key(a) == sound_key(b) and len(a) > 2 else 0
        return word_similarity(a, b, minimum=FUZZY_MIN_SINGLE)
    if a[:1] != b[:1] or abs(len(a) - len(b)) > MAX_LEN_DIFF:
        return 0
    score = int(fuzz.ratio(a, b))
    return score if score >= FUZZY_MIN_SINGLE else 0
