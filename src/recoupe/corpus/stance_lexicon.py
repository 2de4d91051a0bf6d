"""The stance lexicons (``data/stance_lexicon.yaml``, ``data/stance_synonyms.yaml``), loaded once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

import yaml

from recoupe.corpus.text_units import fold  # re-exported: the stance modules compare words on it
from recoupe.errors import ConfigError


def forms(lemma: str, text: str = "") -> list[str]:
    """The lemma, then guesses from the surface form: itself, -e/-s/-es dropped, +r ("redoute")."""
    out = [lemma]
    if text:
        t = fold(text)
        out += [t, t + "r", re.sub(r"(?:ee|es|ees|e|s)$", "", t), re.sub(r"(?:ent|es|e)$", "er", t)]
    return out


@dataclass(frozen=True, slots=True)
class StanceLexicon:
    attitude_support: frozenset[str]
    attitude_oppose: frozenset[str]
    support_words: frozenset[str]
    oppose_words: frozenset[str]
    support_preps: frozenset[str]
    oppose_preps: frozenset[str]
    negations: frozenset[str]
    not_actor_verbs: frozenset[str]
    anaphora_nouns: frozenset[str]
    anaphora_determiners: frozenset[str]
    circumstantial: frozenset[str]
    judging_verbs: frozenset[str]
    contrast: re.Pattern[str]
    neutral: re.Pattern[str]
    agree: re.Pattern[str]
    support_phrases: re.Pattern[str]
    oppose_phrases: re.Pattern[str]
    disagree: re.Pattern[str]
    groups: dict[str, frozenset[str]]  # folded word -> ids of the synonym groups it belongs to
    change: re.Pattern[str] = re.compile(r"(?!x)x")  # an article that tells of a change of position
    circumstance_marks: frozenset[str] = frozenset()
    negative_heads: frozenset[str] = frozenset()
    axis: dict[str, int] = field(default_factory=dict)  # per issue: direction words, +1 / -1 (see issue_lexicon)

    def vote(self, lemma: str, *, attitude: bool = True, text: str = "") -> int:
        """+1 / -1 / 0 for a (folded) lemma; ``text``, the surface form, is tried too when the
        model's lemma is off ("redoute" -> "redouter", "prématurée" -> "prématuré")."""
        for form in forms(lemma, text):
            if form in self.axis:
                return 0  # a direction word of the issue: read by the axis, not as a cue
            if attitude and form in self.attitude_support:
                return 1
            if attitude and form in self.attitude_oppose:
                return -1
            if form in self.support_words:
                return 1
            if form in self.oppose_words:
                return -1
        return 0

    def keys(self, word: str) -> frozenset[str]:
        """The word itself plus the synonym groups it is in."""
        w = fold(word)
        return frozenset({w}) | self.groups.get(w, frozenset())


def _elide(pattern: str) -> str:
    """ "plutôt que" also matches "plutôt qu'", "au lieu de" "au lieu d'"."""
    return re.sub(r"(qu|d)e$", r"\1(?:e\\s+|')", pattern)


def _phrases(words: list[str], *, tail: bool = False) -> re.Pattern[str]:
    alts = [re.escape(fold(w)).replace(r"\ ", r"\s+").replace(r"\.\.\.\s+", r"(?:[\w'-]+\s+)?")
            for w in sorted(words, key=len, reverse=True)]
    if not tail:
        return re.compile(rf"\b(?:{'|'.join(alts)})\b")
    det = r"(?:(?:sur|a|en|pour)\s+)?(?:(?:un|une|des|la|le|les|du|ce|cette|ces|toute?)\s+|l')?"
    return re.compile(rf"(?:{'|'.join(_elide(a) for a in alts)})\s*{det}$")


def _read(name: str) -> object:
    try:
        text = resources.files("recoupe.data").joinpath(name).read_text(encoding="utf-8")
        return yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"stance lexicon {name}: {exc}") from exc


@lru_cache(maxsize=1)
def default_lexicon() -> StanceLexicon:
    raw = _read("stance_lexicon.yaml")
    syn = _read("stance_synonyms.yaml")
    if not isinstance(raw, dict) or not isinstance(syn, list):
        raise ConfigError("stance lexicon files are malformed (a mapping and a list of groups expected)")
    groups: dict[str, set[str]] = {}
    for i, group in enumerate(syn):
        for word in group:
            groups.setdefault(fold(str(word)), set()).add(f"#g{i}")

    def s(key: str) -> frozenset[str]:
        return frozenset(fold(str(w)) for w in raw.get(key, []))

    return StanceLexicon(
        attitude_support=s("attitude_support"), attitude_oppose=s("attitude_oppose"),
        support_words=s("support_words"), oppose_words=s("oppose_words"),
        support_preps=s("support_preps"), oppose_preps=s("oppose_preps"),
        negations=s("negations"), not_actor_verbs=s("not_actor_verbs"),
        anaphora_nouns=s("anaphora_nouns"), anaphora_determiners=s("anaphora_determiners"),
        circumstantial=s("circumstantial"), judging_verbs=s("judging_verbs"),
        contrast=_phrases(raw["contrast_markers"], tail=True), neutral=_phrases(raw["neutral_phrases"]),
        agree=_phrases(raw["agree_phrases"]),
        disagree=_phrases(raw["disagree_phrases"]),
        support_phrases=_phrases(raw["support_phrases"]), oppose_phrases=_phrases(raw["oppose_phrases"]),
        groups={k: frozenset(v) for k, v in groups.items()},
        change=_phrases(raw.get("change_markers", [])), circumstance_marks=s("circumstance_marks"),
        negative_heads=s("negative_heads"),
    )


@lru_cache(maxsize=1)
def direction_axes() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """(plus, minus) word poles of ``data/stance_axes.yaml``."""
    raw = _read("stance_axes.yaml")
    if not isinstance(raw, list):
        raise ConfigError("stance_axes.yaml: a list of axes with plus and minus word lists expected")
    return tuple((frozenset(fold(str(w)) for w in ax.get("plus", [])),
                  frozenset(fold(str(w)) for w in ax.get("minus", []))) for ax in raw)


def issue_lexicon(lexicon: StanceLexicon, words: Iterable[str]) -> StanceLexicon:
    """``lexicon`` with the direction words of an issue: the poles of every axis one of ``words`` (the
    proposition's committed lemmas) is on, oriented by it. A word the issue's axes disagree on is left out."""
    votes: dict[str, set[int]] = {}
    for w in {fold(x) for x in words}:
        for plus, minus in direction_axes():
            sign = 1 if w in plus else -1 if w in minus else 0
            for word in plus if sign else ():
                votes.setdefault(word, set()).add(sign)
            for word in minus if sign else ():
                votes.setdefault(word, set()).add(-sign)
    axis = {w: next(iter(v)) for w, v in votes.items() if len(v) == 1}
    return replace(lexicon, axis=axis) if axis else lexicon
