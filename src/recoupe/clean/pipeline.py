"""``clean_text``: normalise, then remove site furniture line by line.

Two passes. The first removes lines that are furniture wherever they stand
(share prompts, comment forms, disclosures, theme strings, datelines,
reading times, lone punctuation). The second looks only at the *head* and
the *tail* of the article — the lines before the first and after the last
line of running prose — for short ambiguous strings ("Menu", "Facebook"),
source credits ("Source : AFP") and bylines. When unsure, a line stays.
"""

from __future__ import annotations

from dataclasses import dataclass

from recoupe.clean.normalise import collapse_blank_lines, normalise_text
from recoupe.clean.rules import anywhere_rule, bare_author, edge_rule, reading_time
from recoupe.clean.shapes import is_prose
from recoupe.clean.source import byline_author, source_credit
from recoupe.records import Removal

LINK_TITLE_MAX = 160
SENTENCE_END = frozenset('.!?…»"”')
RELATED_HEADER = "theme"  # the rule that removes "À lire aussi :", "Sur le même sujet", "Read more"…
HEAD_LINES = 8  # bylines are looked for in this many first non-blank lines, even after a lede
BYLINE_NEIGHBOURS = frozenset({"reading-time", "dateline", "date", "byline"})


@dataclass(frozen=True, slots=True)
class CleanResult:
    body: str
    removed: tuple[Removal, ...] = ()
    credited_source: str | None = None
    author: str | None = None


@dataclass(slots=True)
class _State:
    lines: list[str]
    rules: dict[int, str]
    credits: list[str]
    authors: list[str]


def _edges(state: _State) -> tuple[set[int], set[int]]:
    """Indices of the head and tail zones, and of the first HEAD_LINES non-blank lines."""
    lines, rules = state.lines, state.rules
    prose = [i for i, line in enumerate(lines) if line and i not in rules and is_prose(line)]
    first, last = (prose[0], prose[-1]) if prose else (len(lines), -1)
    edge = {i for i in range(len(lines)) if i < first or i > last}
    head = {i for i, line in enumerate(lines) if line}
    head = set(sorted(head)[:HEAD_LINES])
    return edge, head


def _first_pass(state: _State) -> None:
    for i, line in enumerate(state.lines):
        if not line:
            continue
        rule = anywhere_rule(line)
        if rule:
            state.rules[i] = rule
            if rule == "reading-time":
                author = reading_time(line)[1]
                if author:
                    state.authors.append(author)


def _second_pass(state: _State) -> None:
    edge, head = _edges(state)
    for i in sorted(edge | head):
        line = state.lines[i]
        if not line or i in state.rules:
            continue
        credit = source_credit(line) if i in edge else None
        author = byline_author(line)
        if credit:
            state.rules[i] = "source"
            state.credits.extend(c for c in credit.split(", ") if c not in state.credits)
        elif author:
            state.rules[i] = "byline"
            state.authors.append(author)
        elif i in edge and (rule := edge_rule(line)):
            state.rules[i] = rule
    _bare_authors(state, head | {i for i in edge if i < len(state.lines) // 2 + 1})


def _related_links(state: _State) -> None:
    """The link titles listed under a "related articles" header ("À lire
    aussi :" then one title a line): the following lines shaped like titles
    (short, no final punctuation), up to a blank line, go with their header."""
    for i, rule in sorted(state.rules.items()):
        if rule != RELATED_HEADER or not state.lines[i].rstrip().endswith(":"):
            continue
        j = i + 1
        while j < len(state.lines) and j not in state.rules and _title_shaped(state.lines[j]):
            state.rules[j] = "related-link"
            j += 1


def _title_shaped(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= LINK_TITLE_MAX and line[-1] not in SENTENCE_END


def _neighbour(lines: list[str], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(lines) and not lines[j]:
        j += step
    return j if 0 <= j < len(lines) else None


def _bare_authors(state: _State, head: set[int]) -> None:
    """A bare name line next to a reading time, dateline or byline near the top."""
    first = _neighbour(state.lines, -1, 1)  # the title, unless it touches the reading time
    for i, rule in sorted(state.rules.items()):
        if rule not in BYLINE_NEIGHBOURS or i not in head:
            continue
        for step in (-1, 1):
            j = _neighbour(state.lines, i, step)
            if j is None or (j == first and abs(j - i) > 1) or j in state.rules or j not in head:
                continue
            author = bare_author(state.lines[j])
            if author:
                state.rules[j] = "byline"
                state.authors.append(author)


def clean_lines(text: str) -> tuple[list[tuple[int, str]], CleanResult]:
    """The kept ``(raw line number, line)`` pairs, and the :class:`CleanResult`."""
    state = _State(normalise_text(text).split("\n"), {}, [], [])
    _first_pass(state)
    _second_pass(state)
    _related_links(state)
    kept = [(i, line) for i, line in enumerate(state.lines) if i not in state.rules]
    removed = tuple(Removal(state.lines[i], rule, i) for i, rule in sorted(state.rules.items()))
    body = collapse_blank_lines("\n".join(line for _, line in kept))
    result = CleanResult(
        body=body,
        removed=removed,
        credited_source=", ".join(state.credits) or None,
        author=state.authors[0] if state.authors else None,
    )
    return kept, result


def clean_text(text: str) -> CleanResult:
    """Normalise ``text`` and remove site furniture; every removed line is a
    :class:`~recoupe.records.Removal` with the rule that removed it and its
    0-based line number in ``text`` (as ``str.splitlines`` counts lines)."""
    return clean_lines(text)[1]
