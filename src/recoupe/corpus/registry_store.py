"""The registry's rows: article entities -> link rows, links -> forms, entries -> rows.

Database access of :mod:`recoupe.corpus.registry`, kept apart from the
grouping rules (:mod:`recoupe.corpus.registry_cluster`).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from sqlalchemy import Connection, bindparam, delete, exists, select, update

from recoupe.corpus import registry_match as m
from recoupe.corpus.registry_cluster import Component, Edge, Form, NodeId, Rule
from recoupe.extract.gazetteer import GazEntry, Gazetteer
from recoupe.records import content_hash
from recoupe.store import schema as s
from recoupe.store.engine import insert_rows
from recoupe.store.rows import fold

CHUNK = 500  # ids per IN (...) clause
Row = dict[str, Any]


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def read_pairs(conn: Connection) -> list[Edge]:
    p = s.registry_pairs
    return [Edge(r.score, f"fuzzy:{int(r.score)}", (r.type, r.a_key, False), (r.type, r.b_key, False))
            for r in conn.execute(select(p))]


def save_pairs(conn: Connection, fresh: set[NodeId] | None, edges: list[Edge]) -> None:
    """Replace the pairs of the ``fresh`` forms (all pairs when ``None``) by ``edges``."""
    p = s.registry_pairs
    if fresh is None:
        conn.execute(delete(p))
    else:
        by_type: dict[str, list[str]] = defaultdict(list)
        for etype, key, _ in fresh:
            by_type[etype].append(key)
        for etype, keys in by_type.items():
            for chunk in _chunks(sorted(set(keys))):
                conn.execute(delete(p).where(p.c.type == etype, p.c.a_key.in_(chunk) | p.c.b_key.in_(chunk)))
    rows = {(e.a[0], e.a[1], e.b[1]): e.score for e in edges}
    if rows:
        conn.execute(p.insert(), [{"type": t, "a_key": a, "b_key": b, "score": score}
                                  for (t, a, b), score in rows.items()])


def unlinked_articles(conn: Connection) -> list[str]:
    """Articles with entities but no registry link (new, or re-saved since the last update)."""
    e, link = s.entities, s.registry_links
    stmt = (select(e.c.article_id).distinct()
            .where(~exists().where(link.c.article_id == e.c.article_id)).order_by(e.c.article_id))
    return list(conn.execute(stmt).scalars())


def _gaz_entry(gazetteer: Gazetteer, by_wikidata: dict[str, GazEntry], name: str, wikidata: str | None,
               etype: str) -> GazEntry | None:
    entry = gazetteer.lookup(name)
    if entry is None and wikidata:
        entry = by_wikidata.get(wikidata)
    if entry is None:
        return None
    if entry.type == etype or {entry.type, etype} <= {"ORG", "LOC"}:
        return entry
    return None


def new_links(conn: Connection, article_ids: Sequence[str], gazetteer: Gazetteer) -> list[Row]:
    """One link row (not yet assigned to an entry) per entity of ``article_ids``."""
    by_wikidata = {g.wikidata: g for g in gazetteer.entries if g.wikidata}
    e = s.entities
    cols = (e.c.id, e.c.article_id, e.c.name, e.c.type, e.c.aliases, e.c.wikidata, e.c.n_mentions)
    per_article: dict[str, list[Any]] = defaultdict(list)
    for chunk in _chunks(list(article_ids)):
        for r in conn.execute(select(*cols).where(e.c.article_id.in_(chunk)).order_by(e.c.article_id, e.c.seq)):
            per_article[r.article_id].append(r)
    rows = []
    for aid, ents in per_article.items():
        surnames = Counter(ws[-1] for r in ents if r.type == "PER" and (ws := m.name_words(fold(r.name))))
        for r in ents:
            key = fold(r.name)
            if not key:
                continue
            aliases = [a for a in json.loads(r.aliases) if fold(a) and fold(a) != key]
            partial = r.type == "PER" and m.is_partial(key)
            words = m.name_words(key)
            gaz = _gaz_entry(gazetteer, by_wikidata, r.name, r.wikidata, r.type)
            rows.append({
                "entity_id": r.id, "article_id": aid, "name": r.name, "key": key, "type": r.type,
                "partial": partial, "ambiguous": bool(partial and words and surnames[words[-1]] > 1),
                "gaz_id": None if gaz is None else (gaz.wikidata or f"gaz:{gaz.name}"),
                "gaz_name": None if gaz is None else gaz.name, "gaz_type": None if gaz is None else gaz.type,
                "alias_keys": json.dumps(sorted({fold(a) for a in aliases if len(m.name_words(fold(a))) > 1})),
                "aliases": json.dumps(aliases, ensure_ascii=False), "n_mentions": r.n_mentions,
                "registry_id": None, "reason": None, "score": None,
            })  # fmt: skip
    return rows


def stored_links(conn: Connection) -> list[Row]:
    result = conn.execute(select(s.registry_links))
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result]


def forms_of(links: Iterable[Row]) -> dict[NodeId, Form]:
    forms: dict[NodeId, Form] = {}
    for r in links:
        node = (r["type"], r["key"], bool(r["ambiguous"]))
        form = forms.get(node)
        if form is None:
            form = forms[node] = Form(r["type"], r["key"], bool(r["ambiguous"]), bool(r["partial"]))
        form.names[r["name"]] += 1
        if r["gaz_id"]:
            form.gaz[r["gaz_id"]] = (r["gaz_name"], r["gaz_type"])
        if r["alias_keys"] != "[]":
            form.alias_keys.update(json.loads(r["alias_keys"]))
        if r["aliases"] != "[]":
            form.aliases.update(json.loads(r["aliases"]))
        form.articles.add(r["article_id"])
        form.entity_ids.append(r["entity_id"])
        form.n_mentions += r["n_mentions"]
    return forms


def read_rules(conn: Connection) -> list[Rule]:
    r = s.registry_rules
    stmt = select(r.c.kind, r.c.a_type, r.c.a_key, r.c.b_type, r.c.b_key).order_by(r.c.seq)
    return [Rule(*row) for row in conn.execute(stmt)]


class IdSet(Protocol):
    """Registry ids in use: a set, or a view of the stored entries."""

    def __contains__(self, rid: object) -> bool: ...

    def add(self, rid: str) -> None: ...


def hidden_aliases(forms: dict[NodeId, Form], rules: list[Rule]) -> dict[NodeId, set[str]]:
    """Aliases a split removed that are no form of their own (an article-level alias)."""
    from recoupe.corpus.registry_cluster import rule_nodes

    out: dict[NodeId, set[str]] = {}
    for rule in rules:
        if rule.kind == "split":
            for node in rule_nodes(forms, rule.a_key, rule.a_type):
                out.setdefault(node, set()).add(rule.b_key)
    return out


def assign_ids(components: list[Component], old: dict[str, str | None], *,
               taken: IdSet | None = None) -> list[str]:
    """Registry ids: an entry keeps the id most of its links had; a new one gets a content hash.
    ``taken``: ids already in use by entries not regrouped here."""
    used: IdSet = set() if taken is None else taken
    ids: list[str | None] = [None] * len(components)
    order = sorted(range(len(components)), key=lambda i: -sum(len(f.entity_ids) for f in components[i].forms))
    for i in order:
        votes = Counter(old[e] for f in components[i].forms for e in f.entity_ids if old.get(e))
        best = sorted((rid for rid in votes if rid is not None and rid not in used), key=lambda r: (-votes[r], r))
        if best:
            ids[i] = best[0]
            used.add(best[0])
    for i in order:
        if ids[i] is None:
            c, n = components[i], 0
            rid = content_hash("registry", c.type, c.anchor.key)
            while rid in used:
                n += 1
                rid = content_hash("registry", c.type, c.anchor.key, n)
            ids[i] = rid
            used.add(rid)
    return [rid for rid in ids if rid is not None]


def _alias_rows(rid: str, c: Component, hidden: set[str]) -> list[Row]:
    rows: dict[str, Row] = {}
    for f in c.forms:
        reason, score, via = c.links[f.id]
        key = f.key
        if key not in rows or rows[key]["score"] < score:
            rows[key] = {"registry_id": rid, "key": key, "alias": f.display, "reason": reason, "score": score,
                         "via": via, "n_articles": len(f.articles)}
    name_key = fold(c.name)
    if name_key and name_key not in rows:
        rows[name_key] = {"registry_id": rid, "key": name_key, "alias": c.name, "reason": "exact",
                          "score": m.EXACT_SCORE, "via": None, "n_articles": 0}
    for f in c.forms:
        for alias, n in sorted(f.aliases.items()):
            key = fold(alias)
            if key and key not in rows and key not in hidden:
                rows[key] = {"registry_id": rid, "key": key, "alias": alias, "reason": "article",
                             "score": m.ALIAS_SCORE, "via": f.display, "n_articles": n}
    return list(rows.values())


def form_rows(components: Sequence[Component], ids: Sequence[str]) -> list[Row]:
    """``registry_forms`` rows: each form with its entry and the keys its neighbours are found by."""
    rows = []
    for rid, c in zip(ids, components, strict=True):
        for f in c.forms:
            words = m.name_words(f.key) or [f.key]
            kind = "partial" if f.type == "PER" and f.partial else "full"
            rows.append({"key": f.key, "type": f.type, "ambiguous": f.ambiguous, "partial": f.partial,
                         "surname": words[-1], "block": f"{f.type}|{kind}|{m.sound_key(words[-1])[:1]}",
                         "registry_id": rid})
    return rows


def write(conn: Connection, components: list[Component], ids: list[str], new: list[Row],
          old: dict[str, Row], hidden: dict[NodeId, set[str]], *, only: Sequence[str] | None = None) -> None:
    """Replace the entries and aliases (all, or the entries ``only``); insert the new links;
    update links whose entry changed; replace the forms."""
    entries, aliases, changes = [], [], []
    assigned: dict[str, tuple[str, str, float]] = {}
    for rid, c in zip(ids, components, strict=True):
        entries.append({"id": rid, "name": c.name, "name_key": fold(c.name), "type": c.type,
                        "wikidata": c.wikidata, "n_articles": len({a for f in c.forms for a in f.articles}),
                        "n_mentions": sum(f.n_mentions for f in c.forms)})
        aliases += _alias_rows(rid, c, set().union(*(hidden.get(f.id, set()) for f in c.forms)))
        for f in c.forms:
            reason, score, _ = c.links[f.id]
            for eid in f.entity_ids:
                assigned[eid] = (rid, reason, score)
    for row in new:
        row["registry_id"], row["reason"], row["score"] = assigned[row["entity_id"]]
    for eid, prev in old.items():
        if (prev["registry_id"], prev["reason"], prev["score"]) != assigned[eid]:
            rid, reason, score = assigned[eid]
            changes.append({"eid": eid, "rid": rid, "reason": reason, "score": score})
    if only is None:
        conn.execute(delete(s.registry_aliases))
        conn.execute(delete(s.registry_entries))
        conn.execute(delete(s.registry_forms))
    else:
        for chunk in _chunks(sorted(only)):
            conn.execute(delete(s.registry_aliases).where(s.registry_aliases.c.registry_id.in_(chunk)))
            conn.execute(delete(s.registry_entries).where(s.registry_entries.c.id.in_(chunk)))
    forms = form_rows(components, ids)
    insert_rows(conn, s.registry_forms, forms)
    insert_rows(conn, s.registry_entries, entries)
    insert_rows(conn, s.registry_aliases, aliases)
    insert_rows(conn, s.registry_links, new)
    if changes:
        link = s.registry_links
        stmt = (update(link).where(link.c.entity_id == bindparam("eid"))
                .values(registry_id=bindparam("rid"), reason=bindparam("reason"), score=bindparam("score")))
        conn.execute(stmt, changes)
