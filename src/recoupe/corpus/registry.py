"""The corpus-wide entity registry: one id per real-world entity across articles.

``update_registry`` links the entities of new or re-analysed articles to
registry entries (or creates entries). Every link records why: ``exact``
(the same folded name), ``alias`` (an article's own merge), ``surname``,
``fuzzy:<score>``, ``gazetteer:<wikidata id>`` or ``user``. Users correct
it with :func:`merge_entities` and :func:`split_entity`; corrections are
rules in their own table, applied after automatic linking on every update,
so they survive re-analysis. Grouping rules: :mod:`registry_cluster`;
reading: :mod:`registry_read`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, func, or_, select
from sqlalchemy.exc import SQLAlchemyError

from recoupe.corpus.registry_cluster import NodeId, cluster
from recoupe.corpus.registry_edges import fuzzy_edges
from recoupe.corpus.registry_incremental import update_region
from recoupe.corpus.registry_read import (
    EntityDetail,
    RegistryAlias,
    RegistryArticle,
    RegistryEntry,
    ReviewRow,
    entity_detail,
    linked_entities,
    registry_entities,
    resolve,
    review_merges,
)
from recoupe.corpus.registry_region import forms_ready
from recoupe.corpus.registry_store import (
    assign_ids,
    forms_of,
    hidden_aliases,
    new_links,
    read_pairs,
    read_rules,
    save_pairs,
    stored_links,
    unlinked_articles,
    write,
)
from recoupe.errors import RecoupeError, StoreError
from recoupe.extract.gazetteer import Gazetteer, default_gazetteer
from recoupe.records import content_hash
from recoupe.store import Store
from recoupe.store import schema as s
from recoupe.store.engine import one_line, write_transaction
from recoupe.store.rows import fold

__all__ = [
    "EntityDetail", "RegistryAlias", "RegistryArticle", "RegistryEntry", "RegistryStats", "ReviewRow",
    "entity_detail", "linked_entities", "merge_entities", "registry_entities", "resolve", "review_merges",
    "split_entity", "update_registry",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class RegistryStats:
    """What one update did."""

    articles: int  # articles (re)linked by this update
    links: int  # their entities, each linked to one entry
    entries: int  # registry entries after the update
    new_entries: int  # entries that did not exist before it
    reasons: dict[str, int] = field(default_factory=dict)  # this update's links by reason


def update_registry(
    store: Store, *, article_ids: Iterable[str] | None = None, gazetteer: Gazetteer | None = None
) -> RegistryStats:
    """Link the entities of ``article_ids`` (and of any article not linked yet) to the
    registry; ``None`` relinks everything. Only the forms the new links can reach are
    regrouped (:mod:`registry_region`); the result is what regrouping every stored link
    gives, so it does not depend on the order articles arrived in."""
    return _update(store, article_ids, gazetteer, force=article_ids is None)[0]


def refresh_registry(store: Store, *, gazetteer: Gazetteer | None = None, extra: Iterable[NodeId] = (),
                     full: bool = False) -> tuple[RegistryStats, frozenset[str] | None]:
    """The corpus pass's update: link new articles and regroup the region of their forms and
    of ``extra`` forms (those changed or deleted articles had); ``full`` regroups everything.
    Also returns the articles whose entities the registry now names otherwise (``None``:
    any may be)."""
    return _update(store, (), gazetteer, force=full, extra=extra)


def _update(store: Store, article_ids: Iterable[str] | None, gazetteer: Gazetteer | None, *,
            force: bool, extra: Iterable[NodeId] = ()) -> tuple[RegistryStats, frozenset[str] | None]:
    """``force``: regroup every form even when no article is new (after a rule changed)."""
    gaz = gazetteer or default_gazetteer()
    ids = None if article_ids is None else list(
        dict.fromkeys([article_ids] if isinstance(article_ids, str) else article_ids))
    try:
        with write_transaction(store.engine) as conn:
            if ids is not None and not force and forms_ready(conn):
                found = update_region(conn, ids, gaz, extra=extra)
                if found is None:
                    n = int(conn.execute(select(func.count()).select_from(s.registry_entries)).scalar_one())
                    return RegistryStats(0, 0, n, 0), frozenset()
                return RegistryStats(found.articles, found.links, found.entries, found.new_entries,
                                     found.reasons), found.renamed
            return _regroup_all(conn, ids, gaz, fresh_pairs=ids is not None), None
    except SQLAlchemyError as exc:
        raise StoreError(f"updating the entity registry failed in {store.name}: {one_line(exc)}") from exc


def _regroup_all(conn: Connection, ids: list[str] | None, gaz: Gazetteer, *, fresh_pairs: bool) -> RegistryStats:
    """Link the unlinked articles (all, when ``ids`` is None) and regroup every form."""
    link = s.registry_links
    previous = {r.entity_id: r.registry_id for r in conn.execute(select(link.c.entity_id, link.c.registry_id))}
    before = set(conn.execute(select(s.registry_entries.c.id)).scalars())
    if ids is None:
        conn.execute(delete(link))
    else:
        for i in range(0, len(ids), 500):
            conn.execute(delete(link).where(link.c.article_id.in_(ids[i : i + 500])))
    new = new_links(conn, unlinked_articles(conn), gaz)
    old = {r["entity_id"]: r for r in stored_links(conn)}
    forms = forms_of([*old.values(), *new])
    # similar spellings: only the forms seen for the first time are scored against the others
    fresh = set(forms) - {(r["type"], r["key"], bool(r["ambiguous"])) for r in old.values()} if fresh_pairs else None
    scored = fuzzy_edges(sorted(forms.values(), key=lambda f: f.id), new=fresh)
    kept = [] if fresh is None else read_pairs(conn)
    save_pairs(conn, fresh, scored)
    rules = read_rules(conn)
    components = cluster(forms, rules, fuzzy=[*kept, *scored])
    ids_ = assign_ids(components, previous)
    write(conn, components, ids_, new, old, hidden_aliases(forms, rules))
    return RegistryStats(
        articles=len({r["article_id"] for r in new}), links=len(new), entries=len(components),
        new_entries=len(set(ids_) - before), reasons=dict(Counter(r["reason"] for r in new)),
    )  # fmt: skip


def _regroup(store: Store, gazetteer: Gazetteer | None) -> None:
    """Regroup every form after a rule changed; stances follow the registry's new names."""
    from recoupe.corpus.passes import rename_stances

    _update(store, (), gazetteer, force=True)
    rename_stances(store)


def _forms(store: Store, registry_id: str) -> list[tuple[str, str]]:
    """The (key, type) forms linked to an entry, most linked first."""
    link = s.registry_links
    stmt = (select(link.c.key, link.c.type).where(link.c.registry_id == registry_id)
            .group_by(link.c.key, link.c.type).order_by(func.count().desc(), link.c.key))
    with store.engine.connect() as conn:
        return [(r.key, r.type) for r in conn.execute(stmt)]


def _form_of(store: Store, registry_id: str, name: str) -> tuple[str, str]:
    """The form of an entry that ``name`` names, else its most linked form."""
    forms = _forms(store, registry_id)
    if not forms:
        raise RecoupeError(f"the registry entry of {name!r} has no article left")
    key = fold(name)
    return next((f for f in forms if f[0] == key), forms[0])


def _entry(store: Store, name: str) -> RegistryEntry:
    rid = resolve(store, name)
    detail = entity_detail(store, name) if rid else None
    if detail is None:
        raise RecoupeError(f"no entity named {name!r} in the registry (run `recoupe entities list` to see them)")
    return detail.entry


def _add_rule(store: Store, kind: str, a: tuple[str, str, str], b: tuple[str, str, str]) -> None:
    """Store a rule, replacing any rule about the same two forms (the latest correction wins)."""
    r = s.registry_rules
    (a_key, a_type, a_name), (b_key, b_type, b_name) = a, b
    same_pair = or_((r.c.a_key == a_key) & (r.c.b_key == b_key), (r.c.a_key == b_key) & (r.c.b_key == a_key))
    with write_transaction(store.engine) as conn:
        conn.execute(delete(r).where(same_pair))
        seq = (conn.execute(select(func.max(r.c.seq))).scalar() or 0) + 1
        conn.execute(r.insert(), [{
            "id": content_hash(kind, a_type, a_key, b_type, b_key), "seq": seq, "kind": kind,
            "a_key": a_key, "a_type": a_type, "b_key": b_key, "b_type": b_type, "a_name": a_name, "b_name": b_name,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }])  # fmt: skip


def _undo_split(store: Store, name1: str, name2: str) -> bool:
    """Delete the split rules that took one of the two names out of the other."""
    r = s.registry_rules
    with store.engine.connect() as conn:
        splits = conn.execute(select(r.c.id, r.c.a_key, r.c.b_key).where(r.c.kind == "split")).all()
    ids = []
    for first, second in ((name1, name2), (name2, name1)):
        entry = resolve(store, first)
        for rule in splits:
            if rule.b_key == fold(second) and (rule.a_key == fold(first) or (
                    entry is not None and resolve(store, rule.a_key) == entry)):
                ids.append(rule.id)
    if ids:
        with write_transaction(store.engine) as conn:
            conn.execute(delete(r).where(r.c.id.in_(ids)))
    return bool(ids)


def merge_entities(store: Store, name1: str, name2: str, *, gazetteer: Gazetteer | None = None) -> RegistryEntry:
    """Make ``name1`` and ``name2`` one entity, now and after every re-analysis
    (merging back an alias a split removed undoes that split)."""
    if _undo_split(store, name1, name2):
        _regroup(store, gazetteer)
        return _entry(store, name1)
    e1, e2 = _entry(store, name1), _entry(store, name2)
    if e1.id == e2.id:
        return e1
    a, b = _form_of(store, e1.id, name1), _form_of(store, e2.id, name2)
    _add_rule(store, "merge", (*a, name1), (*b, name2))
    _regroup(store, gazetteer)
    link = s.registry_links
    with store.engine.connect() as conn:
        rid = conn.execute(select(link.c.registry_id).where(link.c.key == a[0], link.c.type == a[1])).scalar()
    return _entry(store, rid or name1)


def split_entity(store: Store, name: str, alias: str, *, gazetteer: Gazetteer | None = None) -> RegistryEntry | None:
    """Take ``alias`` out of the entity ``name`` into an entity of its own (now and after
    every re-analysis); returns that new entity, or ``None`` when the alias was only
    a spelling inside one article's entity (it is then just dropped from the aliases)."""
    entry = _entry(store, name)
    key = fold(alias)
    detail = entity_detail(store, name)
    keys = {a.key for a in detail.aliases} if detail else set()
    if key not in keys:
        valid = ", ".join(sorted(a.alias for a in detail.aliases)) if detail else ""
        raise RecoupeError(f"{alias!r} is not an alias of {entry.name!r}; its aliases: {valid}")
    a_key, a_type = _form_of(store, entry.id, name)
    if key == a_key:
        a_key, a_type = _form_of(store, entry.id, entry.name)
    if key == a_key:
        raise RecoupeError(f"{alias!r} is the main name of {entry.name!r}: split another alias, or merge instead")
    b_type = next((t for k, t in _forms(store, entry.id) if k == key), entry.type)
    _add_rule(store, "split", (a_key, a_type, name), (key, b_type, alias))
    _regroup(store, gazetteer)
    rid = resolve(store, alias)
    if rid is None or rid == resolve(store, name):
        return None
    moved = entity_detail(store, alias)
    return moved.entry if moved else None
