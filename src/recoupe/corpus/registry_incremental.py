"""The incremental registry update: link new articles, regroup their region only.

See :mod:`recoupe.corpus.registry_region` for why the region's grouping is the one a
whole rebuild gives. The entries of the region are replaced (keeping their ids as a
rebuild would: by the votes of their links), the rest of the registry is left alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, delete, func, select

from recoupe.corpus.registry_cluster import Component, Edge, NodeId, cluster
from recoupe.corpus.registry_edges import fuzzy_edges
from recoupe.corpus.registry_region import Neighbourhood, block_forms, node, region, region_links
from recoupe.corpus.registry_store import (
    forms_of,
    hidden_aliases,
    new_links,
    read_rules,
    save_pairs,
    unlinked_articles,
    write,
)
from recoupe.extract.gazetteer import Gazetteer
from recoupe.store import schema as s

CHUNK = 500


@dataclass(frozen=True, slots=True)
class RegionResult:
    """What one incremental update did."""

    articles: int  # articles linked
    links: int
    entries: int  # entries after the update
    new_entries: int
    reasons: dict[str, int]
    forms: int  # forms regrouped
    renamed: frozenset[str]  # articles (not linked now) an entity of which the registry now names otherwise


class _Taken:
    """The registry ids in use outside the region (looked up in the store) and those given now."""

    def __init__(self, conn: Connection, released: set[str]) -> None:
        self.conn, self.released = conn, released
        self.given: set[str] = set()
        self.stored: dict[str, bool] = {}

    def prefetch(self, ids: Iterable[str]) -> None:
        """Look ``ids`` up in one go (the ids new entries would take)."""
        e = s.registry_entries
        wanted = set(ids) - self.stored.keys()
        found = {x for chunk in _chunks(wanted) for x in self.conn.execute(
            select(e.c.id).where(e.c.id.in_(chunk))).scalars()}
        self.stored.update({x: x in found for x in wanted})

    def __contains__(self, rid: object) -> bool:
        if rid in self.given:
            return True
        if rid in self.released or not isinstance(rid, str):
            return False
        if rid not in self.stored:
            self.prefetch([rid])
        return self.stored[rid]

    def add(self, rid: str) -> None:
        self.given.add(rid)


def _chunks(items: Iterable[str]) -> Iterable[list[str]]:
    out = sorted(items)
    for i in range(0, len(out), CHUNK):
        yield out[i:i + CHUNK]


def _unlink(conn: Connection, article_ids: Sequence[str]) -> set[NodeId]:
    """Delete the links of ``article_ids`` (to link them again); their forms."""
    link = s.registry_links
    found: set[NodeId] = set()
    for chunk in _chunks(set(article_ids)):
        found |= {(r.type, r.key, bool(r.ambiguous)) for r in conn.execute(
            select(link.c.type, link.c.key, link.c.ambiguous).where(link.c.article_id.in_(chunk)))}
        conn.execute(delete(link).where(link.c.article_id.in_(chunk)))
    return found


def _entries_of(conn: Connection, nodes: set[NodeId], links: Sequence[dict]) -> dict[str, str]:
    """Entry id -> name of the entries the ``nodes`` (and their ``links``) were in."""
    f, e = s.registry_forms, s.registry_entries
    ids = {r["registry_id"] for r in links if r["registry_id"]}
    for chunk in _chunks({k for _, k, _ in nodes}):
        ids |= {r.registry_id for r in conn.execute(select(f.c.type, f.c.key, f.c.ambiguous, f.c.registry_id)
                                                    .where(f.c.key.in_(chunk)))
                if (r.type, r.key, bool(r.ambiguous)) in nodes and r.registry_id}
    stmt = select(e.c.id, e.c.name)
    return {r.id: r.name for chunk in _chunks(ids) for r in conn.execute(stmt.where(e.c.id.in_(chunk)))}


def _pairs(conn: Connection, nodes: set[NodeId]) -> list[Edge]:
    p = s.registry_pairs
    keys = {(t, k) for t, k, _ in nodes}
    out = []
    for t in sorted({t for t, _ in keys}):
        for chunk in _chunks({k for t2, k in keys if t2 == t}):
            for r in conn.execute(select(p).where(p.c.type == t, p.c.a_key.in_(chunk))):
                if (t, r.b_key) in keys:
                    out.append(Edge(r.score, f"fuzzy:{int(r.score)}", (t, r.a_key, False), (t, r.b_key, False)))
    return out


def update_region(conn: Connection, article_ids: Sequence[str], gazetteer: Gazetteer, *,
                  extra: Iterable[NodeId] = ()) -> RegionResult | None:
    """Link ``article_ids`` again, and every article with entities but no link; regroup the
    region of their forms and of ``extra`` forms (those of changed or deleted articles).
    ``None`` when there was nothing to do."""
    seeds = _unlink(conn, article_ids) | set(extra)
    new = new_links(conn, unlinked_articles(conn), gazetteer)
    if not new and not seeds:
        return None
    rules = read_rules(conn)
    hood = Neighbourhood(conn, new, rules)
    # similar spellings: the forms seen for the first time are scored against their blocks' forms
    fresh = hood.new_nodes - hood.stored(hood.new_nodes)
    scored = fuzzy_edges(block_forms(conn, fresh, forms_of(r for r in new if node(r) in fresh)), new=fresh)
    nodes = region(hood, seeds | hood.new_nodes | {n for e in scored for n in (e.a, e.b)})
    old_rows = region_links(conn, nodes)
    before = _entries_of(conn, nodes, old_rows)
    forms = forms_of([*old_rows, *new])
    kept = _pairs(conn, nodes)
    save_pairs(conn, fresh, scored)
    components = cluster(forms, rules, fuzzy=[*kept, *scored])
    ids = _assign(conn, components, {r["entity_id"]: r["registry_id"] for r in old_rows}, set(before))
    f = s.registry_forms
    stale = [{"k": k, "t": t, "a": a} for t, k, a in sorted(nodes)]
    if stale:
        conn.execute(delete(f).where(f.c.key == bindparam("k"), f.c.type == bindparam("t"),
                                     f.c.ambiguous == bindparam("a")), stale)
    write(conn, components, ids, new, {r["entity_id"]: r for r in old_rows}, hidden_aliases(forms, rules),
          only=sorted(before))
    linked = {r["article_id"] for r in new}
    was = {node(r): r["registry_id"] for r in old_rows}
    renamed = {a for rid, c in zip(ids, components, strict=True) for x in c.forms
               if x.id in was and before.get(was[x.id] or "") != c.name for a in x.articles}
    total = int(conn.execute(select(func.count()).select_from(s.registry_entries)).scalar_one())
    return RegionResult(len(linked), len(new), total, len(set(ids) - set(before)),
                        dict(Counter(r["reason"] for r in new)), len(forms), frozenset(renamed - linked))


def _assign(conn: Connection, components: list[Component], previous: dict[str, str | None],
            released: set[str]) -> list[str]:
    from recoupe.corpus.registry_store import assign_ids
    from recoupe.records import content_hash

    taken = _Taken(conn, released)
    taken.prefetch(content_hash("registry", c.type, c.anchor.key) for c in components)
    return assign_ids(components, previous, taken=taken)
