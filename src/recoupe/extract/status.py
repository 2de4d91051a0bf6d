"""Epistemic status of a statement: how sure its source is.

``asserted`` unless the sentence shows otherwise, in this order of
precedence: ``denied`` (a denial), ``anonymous`` (unnamed sourcing),
``conditional`` (conditionnel journalistique: *aurait accepté*, from the
morphologizer's ``Mood=Cnd`` on the main verb or its auxiliary, plus a
lexicon), ``hedged`` (*selon*, *d'après*, *présumé*), ``question`` (a
sentence, typically a headline, that ends with a question mark).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from spacy.tokens import Span

STATUSES = ("asserted", "conditional", "hedged", "anonymous", "denied", "question")
PRECEDENCE = ("denied", "anonymous", "conditional", "hedged", "question", "asserted")  # the first found wins
# modal or copula verbs whose conditional is ordinary politeness or prediction,
# not the journalistic conditional, when they stand alone: "il faudrait", "on pourrait"
WEAK_CONDITIONALS = frozenset({"falloir", "vouloir", "devoir", "aimer", "souhaiter"})


@lru_cache(maxsize=1)
def status_patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    raw = yaml.safe_load(resources.files("recoupe.data").joinpath("epistemic.yaml").read_text(encoding="utf-8"))
    return {status: tuple(re.compile(p, re.IGNORECASE) for p in pats) for status, pats in raw.items()}


@lru_cache(maxsize=1)
def status_any() -> dict[str, re.Pattern[str]]:
    """One pattern per status: any of its lexicon's patterns (one scan, not one per pattern)."""
    return {status: re.compile("|".join(f"(?:{p.pattern})" for p in pats), re.IGNORECASE)
            for status, pats in status_patterns().items()}


def text_statuses(text: str, only: Iterable[str] | None = None) -> set[str]:
    """The statuses whose lexicon cues occur in ``text``: ``set(text_cues(text))``, faster;
    with ``only``, just those of these statuses (the others' patterns are not run)."""
    patterns = status_any()
    wanted = patterns if only is None else [s for s in only if s in patterns]
    return {status for status in wanted if patterns[status].search(text)}


def text_cues(text: str) -> dict[str, list[str]]:
    """The lexicon cues found in ``text``, by status."""
    found: dict[str, list[str]] = {}
    for status, patterns in status_patterns().items():
        for pattern in patterns:
            m = pattern.search(text)
            if m:
                found.setdefault(status, []).append(m.group(0))
    return found


MAIN_CLAUSE_DEPS = frozenset({"aux", "aux:tense", "aux:pass", "cop", "xcomp"})


def main_clause(span: Span) -> list:  # list[Token]
    """The root of each sentence in ``span`` with its auxiliaries, copula and
    verbal complement ("pourrait avoir été signé"): the verbs that carry the
    statement, not those of a relative or subordinate clause."""
    out = []
    for tok in span:
        if tok.dep_ == "ROOT" or tok.head == tok:
            out.append(tok)
            out.extend(c for c in tok.children if c.dep_ in MAIN_CLAUSE_DEPS)
    return out


def conditional_verbs(span: Span) -> list[str]:
    """Main-clause verbs or auxiliaries in the conditional mood."""
    hits = []
    for tok in main_clause(span):
        if "Cnd" not in tok.morph.get("Mood"):
            continue
        if tok.pos_ == "AUX" or tok.lemma_ not in WEAK_CONDITIONALS:
            hits.append(tok.text)
    return hits


def check_status(status: str | None) -> None:
    """Misuse of a status filter raises, naming the valid ones."""
    if status is not None and status not in STATUSES:
        from recoupe.errors import RecoupeError

        raise RecoupeError(f"unknown status {status!r}; valid: {', '.join(STATUSES)}")


def decide(cues: dict[str, list[str]], *, ends_with_question: bool) -> str:
    if ends_with_question:
        cues.setdefault("question", ["?"])
    for status in PRECEDENCE[:-1]:
        if cues.get(status):
            return status
    return "asserted"


def sentence_status(span: Span) -> tuple[str, tuple[str, ...]]:
    """``(status, cues)`` for one sentence (or any span) of a parsed doc."""
    cues = text_cues(span.text)
    # the lexicon's conditional counts only where it meets the main clause
    main = {tok.idx - span.start_char for tok in main_clause(span)}
    lexical = [m for m in cues.pop("conditional", []) if any(
        span.text.find(m) <= i < span.text.find(m) + len(m) for i in main)]
    cnd = conditional_verbs(span) + lexical
    if cnd:
        cues["conditional"] = list(dict.fromkeys(cnd))
    status = decide(cues, ends_with_question=span.text.rstrip().endswith("?"))
    flat = tuple(dict.fromkeys(c for s in PRECEDENCE for c in cues.get(s, [])))
    return status, flat


def text_status(text: str) -> tuple[str, tuple[str, ...]]:
    """The same decision on plain text, from the lexicons alone (no morphology)."""
    cues = text_cues(text)
    status = decide(cues, ends_with_question=text.rstrip().endswith("?"))
    return status, tuple(dict.fromkeys(c for s in PRECEDENCE for c in cues.get(s, [])))
