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
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from recoupe.corpus import registry_match as m
from recoupe.corpus.registry_edges import (
    CANDIDATE_MIN,
    Edge,
    Form,
    NodeId,
    alias_edges,
    compatible,
    fuzzy_edges,
    gazetteer_edges,
)

TYPE_PRIORITY = {"PER": 3, "ORG": 2, "LOC": 1, "MISC": 0}


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str  # merge | split
    a_type: str
    a_key: str
    b_type: str
    b_key: str


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


def _has_full_person(group: set[NodeId], forms: dict[NodeId, Form]) -> bool:
    return any(forms[i].type == "PER" and not forms[i].partial for i in group)


class _Surnames:
    """The surnames of full names, sorted, and for a word the ones it may be a spelling of:
    :func:`~recoupe.corpus.registry_match.word_similarity` is 0 unless both start with the
    same sound and their lengths differ by at most ``MAX_LEN_DIFF``, so only those are
    ranked — in the sorted order, so that ``process.extract`` (ties by position) ranks them
    as it would within the whole list."""

    def __init__(self, surnames: Iterable[str]) -> None:
        self.sorted = sorted(surnames)
        self._buckets: dict[tuple[str, int], list[int]] = defaultdict(list)
        for pos, name in enumerate(self.sorted):
            self._buckets[(m.sound_key(name)[:1], len(name))].append(pos)
        self._near: dict[tuple[str, int], list[str]] = {}

    def near(self, word: str) -> list[str]:
        key = (m.sound_key(word)[:1], len(word))
        if key not in self._near:
            sound, n = key
            found = sorted(p for d in range(-m.MAX_LEN_DIFF, m.MAX_LEN_DIFF + 1)
                           for p in self._buckets.get((sound, n + d), ()))
            self._near[key] = [self.sorted[p] for p in found]
        return self._near[key]


def _surname_hosts(word: str, initial: str | None, index: dict[str, list[tuple[NodeId, NodeId]]],
                   surnames: _Surnames) -> dict[NodeId, tuple[int, NodeId]]:
    """Groups holding a full name whose surname is ``word`` (score 100) or, failing
    that, a close spelling of it: group root -> (score, full form)."""
    found: dict[NodeId, tuple[int, NodeId]] = {}
    exact = index.get(word, [])
    candidates = [(word, m.EXACT_SCORE)] if exact else [
        (s, score) for s, _, _ in process.extract(word, surnames.near(word), scorer=fuzz.ratio, limit=None,
                                                  score_cutoff=CANDIDATE_MIN)
        if (score := m.word_similarity(word, s))]
    for surname, score in candidates:
        for root, full in index[surname]:
            if (initial is None or full[1][0] == initial) and score > found.get(root, (0, full))[0]:
                found[root] = (score, full)
    return found


def _attach_surnames(groups: _Groups, forms: dict[NodeId, Form]) -> None:
    """Each group of lone surnames joins the one group holding a full name with that surname."""
    snapshot = {root: set(members) for root, members in groups.members.items()}
    index: dict[str, list[tuple[NodeId, NodeId]]] = defaultdict(list)  # surname -> (group root, full form)
    for root, members in snapshot.items():
        for i in sorted(members):
            if forms[i].type == "PER" and not forms[i].partial:
                index[m.name_words(i[1])[-1]].append((root, i))
    surnames = _Surnames(index)
    for _, members in sorted(snapshot.items()):
        if _has_full_person(members, forms) or any(i[2] or i[0] != "PER" for i in members):
            continue
        hosts: dict[NodeId, tuple[int, NodeId, NodeId]] = {}  # root -> (score, lone form, full form)
        for i in sorted(members):
            words = m.name_words(i[1]) or [i[1]]
            initial = words[0][0] if len(words) > 1 else None
            for host, (score, full) in _surname_hosts(words[-1], initial, index, surnames).items():
                if score > hosts.get(host, (0, i, full))[0]:
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


def cluster(forms: dict[NodeId, Form], rules: Iterable[Rule] = (), *,
            fuzzy: Iterable[Edge] | None = None) -> list[Component]:
    """Group ``forms`` into registry entries, applying the user ``rules``. ``fuzzy``:
    the similar-spelling edges when the caller keeps them (computed here otherwise)."""
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
    similar = fuzzy_edges(ordered) if fuzzy is None else [e for e in fuzzy if e.a in forms and e.b in forms]
    auto = gazetteer_edges(ordered) + alias_edges(ordered, index) + similar
    auto.sort(key=lambda e: (-e.score, e.reason, e.a, e.b))
    groups = _Groups(forms, forbidden)
    for edge in (*merges, *auto):
        groups.join(edge)
    _attach_surnames(groups, forms)
    _join_ambiguous(groups, forms)
    return _components(groups, forms)


def _weight(f: Form) -> tuple[int, int, int, int, str]:
    return (not f.partial, len(f.articles), f.n_mentions, len(f.key), f.key)


def _gazetteer_claims(groups: list[list[Form]]) -> dict[int, tuple[str, str, str]]:
    """Group index -> the gazetteer entry (id, name, type) it is named after. When a split
    left one entry's forms in two groups, the more widespread group keeps the entry."""
    best: dict[str, tuple[tuple[int, int, str], int]] = {}
    choice: dict[int, tuple[str, str, str]] = {}
    for n, group in enumerate(groups):
        gaz = Counter((gid, gname, gtype) for f in group for gid, (gname, gtype) in f.gaz.items()
                      if compatible(f, gtype))
        if not gaz:
            continue
        gid, gname, gtype = max(gaz, key=lambda g: (gaz[g], g[0]))
        rank = (len({a for f in group for a in f.articles}), sum(f.n_mentions for f in group), group[0].key)
        if gid not in best or rank > best[gid][0]:
            best[gid] = (rank, n)
        choice[n] = (gid, gname, gtype)
    return {n: g for n, g in choice.items() if best[g[0]][1] == n}


def _components(groups: _Groups, forms: dict[NodeId, Form]) -> list[Component]:
    adjacency: dict[NodeId, list[Edge]] = defaultdict(list)
    for e in groups.used:
        adjacency[e.a].append(e)
        adjacency[e.b].append(e)
    all_groups = [sorted((forms[i] for i in members), key=lambda f: f.id) for members in groups.members.values()]
    claims = _gazetteer_claims(all_groups)
    out = []
    for n, group in enumerate(all_groups):
        if n in claims:
            gid, name, etype = claims[n]
            anchor = max((f for f in group if gid in f.gaz), key=_weight)
            wikidata = gid if gid.startswith("Q") else None
        else:
            votes = Counter({t: 0 for t in {f.type for f in group}})
            for f in group:
                votes[f.type] += len(f.articles)
            etype = max(votes, key=lambda t: (votes[t], TYPE_PRIORITY.get(t, 0)))
            anchor = max(group, key=lambda f: (f.type == etype, *_weight(f)))
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
