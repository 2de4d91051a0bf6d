"""Grouping forms into registry entries: pure functions, no database.

A *form* is what articles give the registry: a folded entity name with its
type (and, for a lone surname, whether its article was ambiguous about it).
Forms are joined by evidence edges, strongest first, in a union-find that
refuses any join a user split forbids:

1. user merges (``recoupe entities merge``);
2. the same gazetteer entry (Kiev/Kyiv, OTAN/NATO), types compatible;
3. an article's own merge of two full names (the extractor's aliases);
4. similar spellings (typos, transliterations) of full names, same type;
5. a lone surname joins the one full-name entry with that surname (or a
   close spelling of it), never when several entries carry it.

The result depends on the set of forms only, not on the order in which
articles arrived, so an incremental update gives what a rebuild gives.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from recoupe.corpus import registry_match as m

TYPE_PRIORITY = {"PER": 3, "ORG": 2, "LOC": 1, "MISC": 0}
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
class Rule:
    kind: str  # merge | split
    a_type: str
    a_key: str
    b_type: str
    b_key: str


@dataclass(frozen=True, slots=True)
class Edge:
    score: float
    reason: str
    a: NodeId
    b: NodeId


@dataclass(slots=True)
class Component:
    """One registry entry before it gets an id."""

    forms: list[Form]
    type: str
    name: str
    wikidata: str | None
    anchor: Form
    links: dict[NodeId, tuple[str, float, str | None]]  # form -> (reason, score, linked to)


class _Groups:
    """Union-find whose joins respect cannot-link pairs."""

    def __init__(self, ids: Iterable[NodeId], forbidden: dict[NodeId, set[NodeId]]) -> None:
        self.parent = {i: i for i in ids}
        self.members = {i: {i} for i in self.parent}
        self.forbidden = {i: set(forbidden.get(i, ())) for i in self.parent}
        self.used: list[Edge] = []

    def find(self, i: NodeId) -> NodeId:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, edge: Edge) -> bool:
        ra, rb = self.find(edge.a), self.find(edge.b)
        if ra == rb or self.forbidden[ra] & self.members[rb]:
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        self.forbidden[ra] |= self.forbidden.pop(rb)
        self.used.append(edge)
        return True


def rule_nodes(forms: dict[NodeId, Form], key: str, type_: str) -> list[NodeId]:
    hits = [f.id for f in forms.values() if f.key == key]
    typed = [i for i in hits if i[0] == type_]
    return sorted(typed or hits, key=lambda i: i[2])  # the plain form before its ambiguous twin


def _compatible(form: Form, gaz_type: str) -> bool:
    return form.type == gaz_type or {form.type, gaz_type} <= RELAXED_TYPES


def _gazetteer_edges(forms: list[Form]) -> list[Edge]:
    by_gaz: dict[str, list[Form]] = defaultdict(list)
    for f in forms:
        for gid, (_, gtype) in f.gaz.items():
            if _compatible(f, gtype):
                by_gaz[gid].append(f)
    edges = []
    for gid, group in by_gaz.items():
        group.sort(key=lambda f: f.id)
        label = gid.removeprefix("gaz:")
        edges += [Edge(m.EXACT_SCORE, f"gazetteer:{label}", group[0].id, f.id) for f in group[1:]]
    return edges


def _alias_edges(forms: list[Form], index: dict[tuple[str, str], NodeId]) -> list[Edge]:
    edges = []
    for f in forms:
        for key in sorted(f.alias_keys):
            target = index.get((f.type, key))
            if target is not None and target != f.id:
                edges.append(Edge(m.ALIAS_SCORE, "alias", *sorted((f.id, target))))
    return edges


def _block_pairs(keys: list[str], *, chunk: int = 2000) -> Iterable[tuple[int, int]]:
    """Pairs of indices whose keys are close enough to be scored (rapidfuzz in C, then checked)."""
    if len(keys) < 2:
        return
    sounds = [" ".join(m.sound_key(w) for w in k.split()) for k in keys]
    for col in (keys, sounds):
        for start in range(0, len(col), chunk):
            matrix = process.cdist(col[start:start + chunk], col, scorer=fuzz.ratio,
                                   score_cutoff=CANDIDATE_MIN, dtype="uint8")
            rows, cols = matrix.nonzero()
            for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
                if i + start < j:
                    yield i + start, j


def _fuzzy_edges(forms: list[Form]) -> list[Edge]:
    """Similar spellings among full person names, lone surnames and other names of one type."""
    blocks: dict[tuple[str, str, str], list[Form]] = defaultdict(list)
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
        for i, j in _block_pairs(names):
            a, b = group[i], group[j]
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


def _has_full_person(group: set[NodeId], forms: dict[NodeId, Form]) -> bool:
    return any(forms[i].type == "PER" and not forms[i].partial for i in group)


def _attach_surnames(groups: _Groups, forms: dict[NodeId, Form]) -> None:
    """Each group of lone surnames joins the one group holding a full name with that surname."""
    snapshot = {root: set(members) for root, members in groups.members.items()}
    fulls: dict[str, list[tuple[NodeId, NodeId]]] = defaultdict(list)  # surname's first sound -> (root, form)
    for root, members in snapshot.items():
        for i in sorted(members):
            if forms[i].type == "PER" and not forms[i].partial:
                fulls[m.sound_key(m.name_words(i[1])[-1])[:1]].append((root, i))
    for _, members in sorted(snapshot.items()):
        if _has_full_person(members, forms) or any(i[2] or i[0] != "PER" for i in members):
            continue
        hosts: dict[NodeId, tuple[int, NodeId, NodeId]] = {}  # root -> (score, lone form, full form)
        for i in sorted(members):
            words = m.name_words(i[1]) or [i[1]]
            for host, full in fulls.get(m.sound_key(words[-1])[:1], ()):
                score = m.surname_score(i[1], full[1])
                if score and score > hosts.get(host, (0,))[0]:
                    hosts[host] = (score, i, full)
        exact = [h for h, found in hosts.items() if found[0] == m.EXACT_SCORE]
        chosen = exact or list(hosts)
        if len(chosen) == 1:
            score, node, full = hosts[chosen[0]]
            if score == m.EXACT_SCORE:
                groups.join(Edge(m.SURNAME_SCORE, "surname", full, node))
            else:
                groups.join(Edge(min(score, m.SURNAME_SCORE) - 5, f"fuzzy:{score}", full, node))


def _join_ambiguous(groups: _Groups, forms: dict[NodeId, Form]) -> None:
    """A lone surname its article was unsure about joins its plain twin only if that twin stayed alone."""
    for f in sorted(forms.values(), key=lambda f: f.id):
        twin = (f.type, f.key, False)
        if f.ambiguous and twin in forms and not _has_full_person(groups.members[groups.find(twin)], forms):
            groups.join(Edge(m.EXACT_SCORE, "exact", twin, f.id))


def cluster(forms: dict[NodeId, Form], rules: Iterable[Rule] = ()) -> list[Component]:
    """Group ``forms`` into registry entries, applying the user ``rules``."""
    forbidden: dict[NodeId, set[NodeId]] = defaultdict(set)
    merges: list[Edge] = []
    for rule in rules:
        left, right = rule_nodes(forms, rule.a_key, rule.a_type), rule_nodes(forms, rule.b_key, rule.b_type)
        if not left or not right:
            continue  # its articles are gone: the rule waits
        if rule.kind == "merge":
            merges.append(Edge(m.EXACT_SCORE, "user", left[0], right[0]))
        else:
            for a in left:
                for b in right:
                    forbidden[a].add(b)
                    forbidden[b].add(a)
    ordered = sorted(forms.values(), key=lambda f: f.id)
    index = {(f.type, f.key): f.id for f in ordered if not f.ambiguous and not f.partial}
    auto = _gazetteer_edges(ordered) + _alias_edges(ordered, index) + _fuzzy_edges(ordered)
    auto.sort(key=lambda e: (-e.score, e.reason, e.a, e.b))
    groups = _Groups(forms, forbidden)
    for edge in (*merges, *auto):
        groups.join(edge)
    _attach_surnames(groups, forms)
    _join_ambiguous(groups, forms)
    return _components(groups, forms)


def _components(groups: _Groups, forms: dict[NodeId, Form]) -> list[Component]:
    adjacency: dict[NodeId, list[Edge]] = defaultdict(list)
    for e in groups.used:
        adjacency[e.a].append(e)
        adjacency[e.b].append(e)
    out = []
    for members in groups.members.values():
        group = sorted((forms[i] for i in members), key=lambda f: f.id)
        gaz = Counter(g for f in group for g in f.gaz.items() if _compatible(f, g[1][1]))
        if gaz:
            (gid, (gname, gtype)), _ = max(gaz.items(), key=lambda kv: (kv[1], kv[0][0]))
            anchor = next((f for f in group if gid in f.gaz), group[0])
            name, etype, wikidata = gname, gtype, gid if gid.startswith("Q") else None
        else:
            votes = Counter({t: 0 for t in {f.type for f in group}})
            for f in group:
                votes[f.type] += len(f.articles)
            etype = max(votes, key=lambda t: (votes[t], TYPE_PRIORITY.get(t, 0)))
            anchor = max(group, key=lambda f: (not f.partial, f.type == etype, len(f.articles), f.n_mentions,
                                               len(f.key), f.key))
            name, wikidata = anchor.display, None
        out.append(Component(group, etype, name, wikidata, anchor, _tree(anchor, adjacency, forms)))
    out.sort(key=lambda c: (c.type, c.anchor.key))
    return out


def _tree(anchor: Form, adjacency: dict[NodeId, list[Edge]], forms: dict[NodeId, Form]) -> dict[
        NodeId, tuple[str, float, str | None]]:
    """Each form's evidence: the edge to its parent on a breadth-first tree from the anchor."""
    links: dict[NodeId, tuple[str, float, str | None]] = {anchor.id: ("exact", m.EXACT_SCORE, None)}
    queue = [anchor.id]
    while queue:
        node = queue.pop(0)
        for e in sorted(adjacency[node], key=lambda e: (-e.score, e.a, e.b)):
            other = e.b if e.a == node else e.a
            if other not in links:
                links[other] = (e.reason, e.score, forms[node].display)
                queue.append(other)
    return links
