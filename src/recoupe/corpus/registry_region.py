"""An incremental registry update: regroup only the forms a change can reach.

The grouping (:mod:`recoupe.corpus.registry_cluster`) joins forms along evidence
edges — user rules, a shared gazetteer entry, an article's own merge, similar
spellings, a lone surname and the full names that carry it, an ambiguous form
and its plain twin — and every one of its decisions about a form depends only on
forms it could be joined with. So the grouping of the *region* — the forms a new,
changed or removed link brings in, closed under those candidate relations and
under "in the same entry" — is the grouping a rebuild of the whole registry gives
them, and every entry outside the region stays as it is.

The neighbours of a form are looked up in ``registry_forms`` (one row per form:
its entry, surname and similar-spelling block), ``registry_pairs``,
``registry_links`` (gazetteer ids, aliases) and ``registry_aliases``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, select

from recoupe.corpus import registry_match as m
from recoupe.corpus.registry_cluster import Form, NodeId, Rule
from recoupe.corpus.registry_edges import CANDIDATE_MIN, FormKey, Spelling

CHUNK = 500
Row = dict[str, Any]


def node(r: Any) -> NodeId:
    return (r["type"], r["key"], bool(r["ambiguous"]))


def _chunks(items: Iterable[Any]) -> Iterator[list[Any]]:
    out = list(items)
    for i in range(0, len(out), CHUNK):
        yield out[i:i + CHUNK]


def surname_of(key: str) -> str:
    return (m.name_words(key) or [key])[-1]


class Neighbourhood:
    """Finds the candidate neighbours of forms, in the store and among the new links."""

    def __init__(self, conn: Connection, new: Sequence[Row], rules: Sequence[Rule]) -> None:
        from recoupe.store import schema as s

        self.s, self.conn = s, conn
        self.new_nodes = {node(r) for r in new}
        self.by_key: dict[str, set[NodeId]] = {}
        self.by_gaz: dict[str, set[NodeId]] = {}
        self.by_alias: dict[tuple[str, str], set[NodeId]] = {}  # (type, alias key) -> forms listing it
        self.by_surname: dict[tuple[bool, str], set[NodeId]] = {}  # (partial, surname) -> person forms
        for r in new:
            n = node(r)
            self.by_key.setdefault(r["key"], set()).add(n)
            if r["gaz_id"]:
                self.by_gaz.setdefault(r["gaz_id"], set()).add(n)
            for k in json.loads(r["alias_keys"]):
                self.by_alias.setdefault((r["type"], k), set()).add(n)
            if r["type"] == "PER":
                self.by_surname.setdefault((bool(r["partial"]), surname_of(r["key"])), set()).add(n)
        self.rule_keys: dict[str, set[str]] = {}
        for rule in rules:
            for k in (rule.a_key, rule.b_key):
                self.rule_keys.setdefault(k, set()).update((rule.a_key, rule.b_key))
        self._surnames: dict[bool, list[str]] = {}

    def _forms_where(self, *conds: Any) -> set[NodeId]:
        f = self.s.registry_forms
        stmt = select(f.c.type, f.c.key, f.c.ambiguous).where(*conds)
        return {(r.type, r.key, bool(r.ambiguous)) for r in self.conn.execute(stmt)}

    def stored(self, nodes: Iterable[NodeId]) -> set[NodeId]:
        """Those of ``nodes`` that ``registry_forms`` holds."""
        wanted = set(nodes)
        f = self.s.registry_forms
        return {n for chunk in _chunks(sorted({k for _, k, _ in wanted}))
                for n in self._forms_where(f.c.key.in_(chunk)) if n in wanted}

    def exists(self, nodes: Iterable[NodeId]) -> set[NodeId]:
        """Those of ``nodes`` that are stored or new forms."""
        wanted = set(nodes)
        return {n for n in wanted if n in self.new_nodes} | self.stored(wanted)

    def of(self, frontier: set[NodeId]) -> set[NodeId]:
        """Every form joined to one of ``frontier`` by a candidate relation."""
        keys = sorted({k for _, k, _ in frontier})
        out = self.exists({(t, k, not a) for t, k, a in frontier})
        out |= self._entries(keys, frontier) | self._pairs(frontier) | self._links(keys, frontier)
        out |= self._surname_partners(frontier) | self._rules(keys)
        return out

    def _entries(self, keys: list[str], frontier: set[NodeId]) -> set[NodeId]:
        """Forms in the same entry as a frontier form, or in an entry one of whose aliases it is."""
        f, al = self.s.registry_forms, self.s.registry_aliases
        ids: set[str] = set()
        for chunk in _chunks(keys):
            stmt = select(f.c.type, f.c.key, f.c.ambiguous, f.c.registry_id).where(f.c.key.in_(chunk))
            ids |= {r.registry_id for r in self.conn.execute(stmt)
                    if (r.type, r.key, bool(r.ambiguous)) in frontier and r.registry_id}
            ids |= set(self.conn.execute(select(al.c.registry_id).where(al.c.key.in_(chunk))).scalars())
        return {n for chunk in _chunks(sorted(ids)) for n in self._forms_where(f.c.registry_id.in_(chunk))}

    def _pairs(self, frontier: set[NodeId]) -> set[NodeId]:
        p = self.s.registry_pairs
        out: set[NodeId] = set()
        by_type: dict[str, set[str]] = {}
        for t, k, _ in frontier:
            by_type.setdefault(t, set()).add(k)
        for t, ks in sorted(by_type.items()):
            for chunk in _chunks(sorted(ks)):
                out |= {(t, b, False) for b in self.conn.execute(
                    select(p.c.b_key).where(p.c.type == t, p.c.a_key.in_(chunk))).scalars()}
                out |= {(t, a, False) for a in self.conn.execute(
                    select(p.c.a_key).where(p.c.type == t, p.c.b_key.in_(chunk))).scalars()}
        return self.exists(out)

    def _links(self, keys: list[str], frontier: set[NodeId]) -> set[NodeId]:
        """Forms sharing a gazetteer entry with a frontier form, and forms one is an alias of or has as alias."""
        link = self.s.registry_links
        rows: list[Any] = []
        for chunk in _chunks(keys):
            stmt = select(link.c.type, link.c.key, link.c.ambiguous, link.c.gaz_id, link.c.alias_keys).distinct()
            rows += [r._mapping for r in self.conn.execute(stmt.where(link.c.key.in_(chunk)))]
        rows = [r for r in rows if node(r) in frontier]
        gaz = {r["gaz_id"] for r in rows if r["gaz_id"]} | {g for g, ns in self.by_gaz.items() if ns & frontier}
        alias_of = {(r["type"], k, False) for r in rows for k in json.loads(r["alias_keys"])}
        alias_of |= {(t, k, False) for (t, k), ns in self.by_alias.items() if ns & frontier}
        out = self.exists(alias_of)
        out |= {n for t, k, _ in frontier for n in self.by_alias.get((t, k), ())}
        out |= {n for g in gaz for n in self.by_gaz.get(g, ())}
        for chunk in _chunks(sorted(gaz)):
            stmt = select(link.c.type, link.c.key, link.c.ambiguous).where(link.c.gaz_id.in_(chunk)).distinct()
            out |= {node(r._mapping) for r in self.conn.execute(stmt)}
        return out

    def surnames(self, partial: bool) -> list[str]:
        """Distinct surnames of the stored and new person forms, full (``partial`` False) or lone."""
        if partial not in self._surnames:
            f = self.s.registry_forms
            stmt = select(f.c.surname).where(f.c.type == "PER", f.c.partial == partial).distinct()
            found = set(self.conn.execute(stmt).scalars()) | {w for p, w in self.by_surname if p == partial}
            self._surnames[partial] = sorted(found)
        return self._surnames[partial]

    def _surname_partners(self, frontier: set[NodeId]) -> set[NodeId]:
        """Lone surnames and the full person names whose surname is that word or a close spelling."""
        f = self.s.registry_forms
        out: set[NodeId] = set()
        for lone in (True, False):
            words = sorted({surname_of(k) for t, k, _ in frontier if t == "PER" and m.is_partial(k) == lone})
            names, other = set(words), self.surnames(not lone)
            if words and other:
                scores = process.cdist(words, other, scorer=fuzz.ratio, score_cutoff=CANDIDATE_MIN, dtype="uint8")
                rows, cols = scores.nonzero()
                names |= {other[j] for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
                          if m.word_similarity(words[i], other[j])}
            for chunk in _chunks(sorted(names)):
                out |= self._forms_where(f.c.type == "PER", f.c.partial == (not lone), f.c.surname.in_(chunk))
            out |= {n for name in names for n in self.by_surname.get((not lone, name), ())}
        return out

    def _rules(self, keys: list[str]) -> set[NodeId]:
        wanted = sorted({k2 for k in keys for k2 in self.rule_keys.get(k, ())})
        f = self.s.registry_forms
        out = {n for k in wanted for n in self.by_key.get(k, ())}
        for chunk in _chunks(wanted):
            out |= self._forms_where(f.c.key.in_(chunk))
        return out


def region(hood: Neighbourhood, seeds: Iterable[NodeId]) -> set[NodeId]:
    """``seeds`` closed under the candidate relations."""
    found: set[NodeId] = set()
    frontier = set(seeds)
    while frontier:
        found |= frontier
        frontier = hood.of(frontier) - found
    return found


def region_links(conn: Connection, nodes: set[NodeId]) -> list[Row]:
    """The stored links of the forms ``nodes``."""
    from recoupe.store import schema as s

    link = s.registry_links
    out = []
    for chunk in _chunks(sorted({k for _, k, _ in nodes})):
        result = conn.execute(select(link).where(link.c.key.in_(chunk)))
        cols = list(result.keys())
        out += [r for r in (dict(zip(cols, row, strict=True)) for row in result) if node(r) in nodes]
    return out


def forms_ready(conn: Connection) -> bool:
    """Whether ``registry_forms`` describes the stored links (it is empty in a store made before it)."""
    from recoupe.store import schema as s

    has_links = conn.execute(select(s.registry_links.c.entity_id).limit(1)).first() is not None
    return not has_links or conn.execute(select(s.registry_forms.c.key).limit(1)).first() is not None


def block_forms(conn: Connection, fresh: set[NodeId], new_forms: dict[NodeId, Form]) -> list[Spelling]:
    """Every form (stored or new) in the similar-spelling blocks of the ``fresh`` forms."""
    from recoupe.store import schema as s

    f = s.registry_forms
    blocks = set()
    for t, k, _ in fresh:
        words = m.name_words(k) or [k]
        kind = "partial" if t == "PER" and m.is_partial(k) else "full"
        blocks.add(f"{t}|{kind}|{m.sound_key(words[-1])[:1]}")
    found: dict[NodeId, Spelling] = dict(new_forms)
    for chunk in _chunks(sorted(blocks)):
        for r in conn.execute(select(f.c.type, f.c.key, f.c.ambiguous, f.c.partial).where(f.c.block.in_(chunk))):
            found.setdefault((r.type, r.key, bool(r.ambiguous)), FormKey(r.type, r.key, bool(r.ambiguous),
                                                                         bool(r.partial)))
    return sorted(found.values(), key=lambda x: x.id)
