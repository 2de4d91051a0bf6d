"""Evidence edges between registry forms: the same gazetteer entry, an article's
own merge, similar spellings. Pure functions; the grouping is in
:mod:`recoupe.corpus.registry_cluster`."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from rapidfuzz import fuzz, process

from recoupe.corpus import registry_match as m

RELAXED_TYPES = frozenset({"ORG", "LOC"})  # may share a gazetteer entry (Kremlin, Washington)
CANDIDATE_MIN = 70  # whole-name ratio below which two forms are not even compared
NodeId = tuple[str, str, bool]  # (type, key, ambiguous)


@dataclass(slots=True)
class Form:
    """One distinct (type, folded name) of the corpus, with its article links."""

    type: str
    key: str
    ambiguous: bool = False
    partial: bool = False
    names: Counter[str] = field(default_factory=Counter)
    gaz: dict[str, tuple[str, str]] = field(default_factory=dict)  # gaz id -> (name, type)
    alias_keys: set[str] = field(default_factory=set)
    aliases: Counter[str] = field(default_factory=Counter)  # article-level aliases as written
    articles: set[str] = field(default_factory=set)
    entity_ids: list[str] = field(default_factory=list)
    n_mentions: int = 0

    @property
    def id(self) -> NodeId:
        return (self.type, self.key, self.ambiguous)

    @property
    def display(self) -> str:
        return max(self.names, key=lambda n: (self.names[n], n)) if self.names else self.key


@dataclass(frozen=True, slots=True)
class Edge:
    score: float
    reason: str
    a: NodeId
    b: NodeId


def compatible(form: Form, gaz_type: str) -> bool:
    return form.type == gaz_type or {form.type, gaz_type} <= RELAXED_TYPES


def gazetteer_edges(forms: list[Form]) -> list[Edge]:
    by_gaz: dict[str, list[Form]] = defaultdict(list)
    for f in forms:
        for gid, (_, gtype) in f.gaz.items():
            if compatible(f, gtype):
                by_gaz[gid].append(f)
    edges = []
    for gid, group in by_gaz.items():
        group.sort(key=lambda f: f.id)
        label = gid.removeprefix("gaz:")
        edges += [Edge(m.EXACT_SCORE, f"gazetteer:{label}", group[0].id, f.id) for f in group[1:]]
    return edges


def alias_edges(forms: list[Form], index: dict[tuple[str, str], NodeId]) -> list[Edge]:
    edges = []
    for f in forms:
        for key in sorted(f.alias_keys):
            target = index.get((f.type, key))
            if target is not None and target != f.id:
                edges.append(Edge(m.ALIAS_SCORE, "alias", *sorted((f.id, target))))
    return edges


def _block_pairs(keys: list[str], rows: list[int], *, chunk: int = 2000) -> Iterable[tuple[int, int]]:
    """Pairs (i < j, one of them in ``rows``) whose keys are close enough to be scored:
    rapidfuzz compares in C, the rules in :mod:`registry_match` then decide."""
    if len(keys) < 2 or not rows:
        return
    sounds = [" ".join(m.sound_key(w) for w in k.split()) for k in keys]
    for col in (keys, sounds):
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            matrix = process.cdist([col[r] for r in part], col, scorer=fuzz.ratio,
                                   score_cutoff=CANDIDATE_MIN, dtype="uint8")
            found, cols = matrix.nonzero()
            for i, j in zip(found.tolist(), cols.tolist(), strict=True):
                if part[i] != j:
                    yield min(part[i], j), max(part[i], j)


class Spelling(Protocol):
    """What similar-spelling scoring reads of a form (a :class:`Form`, or a lighter record)."""

    @property
    def type(self) -> str: ...

    @property
    def key(self) -> str: ...

    @property
    def ambiguous(self) -> bool: ...

    @property
    def partial(self) -> bool: ...

    @property
    def id(self) -> NodeId: ...


@dataclass(frozen=True, slots=True)
class FormKey:
    """A form's spelling alone, without its articles (cheap to build for many stored forms)."""

    type: str
    key: str
    ambiguous: bool
    partial: bool

    @property
    def id(self) -> NodeId:
        return (self.type, self.key, self.ambiguous)


def fuzzy_edges(forms: Sequence[Spelling], *, new: set[NodeId] | None = None) -> list[Edge]:
    """Similar spellings among full person names, lone surnames and other names of one
    type; with ``new``, only the pairs that involve one of those forms."""
    blocks: dict[tuple[str, str, str], list[Spelling]] = defaultdict(list)
    for f in forms:
        if f.ambiguous:
            continue
        words = m.name_words(f.key) or [f.key]
        kind = "partial" if f.type == "PER" and f.partial else "full"
        blocks[(f.type, kind, m.sound_key(words[-1])[:1])].append(f)
    edges: dict[tuple[NodeId, NodeId], Edge] = {}
    for (etype, kind, _), group in sorted(blocks.items()):
        group.sort(key=lambda f: f.id)
        names = [" ".join(m.name_words(f.key)) or f.key for f in group]
        rows = [i for i, f in enumerate(group) if new is None or f.id in new]
        for i, j in _block_pairs(names, rows):
            a, b = group[i], group[j]
            if (a.id, b.id) in edges:
                continue
            if etype != "PER":
                score = m.other_score(a.key, b.key)
            elif kind == "full":
                score = m.person_score(a.key, b.key)
            else:
                score = _partial_pair(a.key, b.key)
            if score:
                edges[(a.id, b.id)] = Edge(score, f"fuzzy:{score}", a.id, b.id)
    return list(edges.values())


def _partial_pair(a: str, b: str) -> int:
    wa, wb = m.name_words(a), m.name_words(b)
    if not wa or not wb or (len(wa) > 1 and len(wb) > 1 and wa[0] != wb[0]):
        return 0
    return m.word_similarity(wa[-1], wb[-1])
