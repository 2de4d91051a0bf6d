"""Disputes kept up to date: each article's dispute material in the store, and pairing
limited to what a change touches.

An article's *material* — its denials and hedged claims (``dispute_statements``), its
measured figures (``dispute_figures``) and its within-sentence count conflicts
(stored directly as disputes) — depends on the article and the issues alone. An
incremental pass replaces the material of new, changed and deleted articles, then:

- **denials**: recomputes the disputes of the claims in new articles and of every
  claim about an issue that a new or removed denial or claim is about (a denial is
  paired with a claim of its own article, else with one about its issue);
- **factual**: pairs the new figures with the stored ones of the same unit and measure;
- **disagreements and shifts**: recomputes the (issue, actor) keys whose stances changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, select

from recoupe.corpus.denials import Said, article_statements, pair_denials, sourced_counts
from recoupe.corpus.disputes import disagreements, shifts
from recoupe.corpus.figures import Figure, article_figures, figure_disputes
from recoupe.corpus.issue_links import IssueModel
from recoupe.records import Analysis, Dispute, Stance
from recoupe.store import derived
from recoupe.store import schema as s
from recoupe.store.engine import insert_rows

CHUNK = 500
Key = tuple[str, str]  # (issue, actor)
Parts = tuple[list[Said], list[Said], list[Figure], list[Dispute]]  # one article's, see material_parts


@dataclass(slots=True)
class Material:
    """Articles' dispute material, by article id (every article of the set has an entry)."""

    statements: dict[str, tuple[list[Said], list[Said]]] = field(default_factory=dict)  # (denials, claims)
    figures: dict[str, list[Figure]] = field(default_factory=dict)
    sourced: dict[str, list[Dispute]] = field(default_factory=dict)

    def add(self, an: Analysis, models: Sequence[IssueModel]) -> None:
        self.put(an.article.id, material_parts(an, models))

    def put(self, aid: str, parts: Parts) -> None:
        """Add one article's :func:`material_parts`."""
        self.statements[aid], self.figures[aid], self.sourced[aid] = parts[:2], parts[2], parts[3]

    def denials(self) -> list[Said]:
        return [d for aid in sorted(self.statements) for d in self.statements[aid][0]]

    def claims(self) -> list[Said]:
        return [c for aid in sorted(self.statements) for c in self.statements[aid][1]]


def _chunks(items: Iterable[Any]) -> Iterable[list[Any]]:
    out = list(items)
    for i in range(0, len(out), CHUNK):
        yield out[i:i + CHUNK]


def _said_rows(aid: str, denials: Sequence[Said], claims: Sequence[Said]) -> list[dict[str, Any]]:
    said = [("denial", d) for d in denials] + [("claim", c) for c in claims]
    return [{"article_id": aid, "seq": i, "role": role, "start": x.start, "end": x.end, "text": x.text,
             "actor": x.actor, "issue": x.issue, "strength": x.strength, "cue": x.cue,
             "named": json.dumps(sorted(x.named), ensure_ascii=False), "date": x.date, "anaphoric": x.anaphoric}
            for i, (role, x) in enumerate(said)]


def _said(r: Any) -> Said:
    return Said(r.article_id, r.start, r.end, r.text, r.actor, r.issue, r.strength, r.cue,
                frozenset(json.loads(r.named)), r.date, bool(r.anaphoric))


def _figure_row(f: Figure) -> dict[str, Any]:
    return {"article_id": f.article_id, "seq": f.seq, "start": f.start, "end": f.end, "sentence": f.sentence,
            "unit": f.unit, "measure_key": f.measure_key, "measure": f.measure, "value": f.value, "text": f.text,
            "words": json.dumps(sorted(f.words), ensure_ascii=False), "issue": f.issue, "source": f.source,
            "published": f.published}


def _figure(r: Any) -> Figure:
    return Figure(r.article_id, r.seq, r.start, r.end, r.sentence, r.unit, r.measure_key, r.measure, r.value,
                  r.text, frozenset(json.loads(r.words)), r.issue, r.source, r.published)


def save_material(conn: Connection, mat: Material) -> None:
    """Replace the stored material of the articles of ``mat``."""
    forget_material(conn, sorted(mat.statements))
    said = [r for aid in sorted(mat.statements) for r in _said_rows(aid, *mat.statements[aid])]
    figs = [_figure_row(f) for aid in sorted(mat.figures) for f in mat.figures[aid]]
    for table, rows in ((s.dispute_statements, said), (s.dispute_figures, figs)):
        for chunk in _chunks(rows):
            insert_rows(conn, table, chunk)


def forget_material(conn: Connection, ids: Sequence[str]) -> None:
    for chunk in _chunks(ids):
        for table in (s.dispute_statements, s.dispute_figures):
            conn.execute(delete(table).where(table.c.article_id.in_(chunk)))


def load_material(conn: Connection, ids: Iterable[str]) -> Material:
    """The stored material of ``ids`` (a full pass reuses it for unchanged articles)."""
    mat = Material()
    wanted = sorted(set(ids))
    for aid in wanted:
        mat.statements[aid], mat.figures[aid], mat.sourced[aid] = ([], []), [], []
    t, f, d = s.dispute_statements, s.dispute_figures, s.disputes
    for chunk in _chunks(wanted):
        for r in conn.execute(select(t).where(t.c.article_id.in_(chunk)).order_by(t.c.article_id, t.c.seq)):
            mat.statements[r.article_id][0 if r.role == "denial" else 1].append(_said(r))
        for r in conn.execute(select(f).where(f.c.article_id.in_(chunk)).order_by(f.c.article_id, f.c.seq)):
            mat.figures[r.article_id].append(_figure(r))
        own = select(d).where(d.c.kind == "factual", d.c.a_article_id.in_(chunk), d.c.b_article_id == d.c.a_article_id)
        for m in conn.execute(own).mappings():
            mat.sourced[m["a_article_id"]].append(derived.dispute_of(m))
    return mat


def all_disputes(stances: Sequence[Stance], mat: Material) -> list[Dispute]:
    """Every dispute of a corpus from its stances and its articles' material (a full pass)."""
    figures = [f for aid in sorted(mat.figures) for f in mat.figures[aid]]
    return [*disagreements(stances), *shifts(stances), *pair_denials(mat.denials(), mat.claims()),
            *figure_disputes(figures), *(d for aid in sorted(mat.sourced) for d in mat.sourced[aid])]


def update_disputes(conn: Connection, new: Material, gone: Sequence[str], keys: set[Key]) -> tuple[int, int]:
    """Replace the material of ``new``'s articles and of ``gone`` ones, and the disputes that
    changes; ``keys``: the (issue, actor) whose stances changed (stances already written).
    Returns (disputes written, disputes deleted)."""
    stale = set(gone) | set(new.statements)
    st = s.dispute_statements
    issues = {i for chunk in _chunks(sorted(stale)) for i in conn.execute(
        select(st.c.issue).where(st.c.article_id.in_(chunk), st.c.issue.is_not(None))).scalars()}
    forget_material(conn, sorted(stale))
    save_material(conn, new)
    issues |= {x.issue for pair in new.statements.values() for part in pair for x in part if x.issue}
    denials, keep = _denials(conn, set(new.statements), issues)
    figures = [f for fs in new.figures.values() for f in fs]
    stored = _figures_like(conn, {f.key for f in figures})
    found = [*_stance_disputes(conn, keys), *denials, *figure_disputes(stored, involving=set(new.statements)),
             *(d for aid in sorted(new.sourced) for d in new.sourced[aid])]
    drop = _stale_disputes(conn, stale, keep, keys)
    derived.put_disputes(conn, found, gone=drop)
    return len(found), len(drop)


def _denials(conn: Connection, fresh: set[str], issues: set[str]) -> tuple[list[Dispute], set[tuple[str, int]]]:
    """The denial disputes of the claims in ``fresh`` articles or about ``issues``, and those claims."""
    st = s.dispute_statements
    by_issue = [r for chunk in _chunks(sorted(issues)) for r in conn.execute(select(st).where(st.c.issue.in_(chunk)))]
    articles = fresh | {r.article_id for r in by_issue}
    by_article = [r for chunk in _chunks(sorted(articles))
                  for r in conn.execute(select(st).where(st.c.article_id.in_(chunk)))]
    found = {(r.article_id, r.seq): r for r in [*by_issue, *by_article]}
    rows = [found[k] for k in sorted(found)]
    denials = [_said(r) for r in rows if r.role == "denial"]
    claims = [_said(r) for r in rows if r.role == "claim"]
    keep = {(c.article_id, c.start) for c in claims if c.article_id in fresh or c.issue in issues}
    return pair_denials(denials, claims, keep=keep), keep


def _figures_like(conn: Connection, keys: set[tuple[str, str]]) -> list[Figure]:
    f = s.dispute_figures
    return [_figure(r) for unit, measure in sorted(keys)
            for r in conn.execute(select(f).where(f.c.unit == unit, f.c.measure_key == measure))]


def _stance_disputes(conn: Connection, keys: set[Key]) -> list[Dispute]:
    out: list[Dispute] = []
    for issue in sorted({i for i, _ in keys}):
        stances = [derived.stance_of(r) for r in conn.execute(derived.stance_query(issue=issue))]
        out += disagreements(stances, touching=keys)
        for actor in sorted(a for i, a in keys if i == issue):
            out += shifts([st for st in stances if st.actor == actor])
    return out


def _stale_disputes(conn: Connection, stale: set[str], keep: set[tuple[str, int]], keys: set[Key]) -> set[str]:
    """Ids of the stored disputes that this update replaces: those with an end in a stale article,
    the denials of the ``keep`` claims, the disagreements and shifts of the ``keys``."""
    d = s.disputes
    cols = (d.c.id, d.c.kind, d.c.issue, d.c.a_article_id, d.c.a_start, d.c.b_article_id, d.c.a_actor, d.c.b_actor)
    found: list[Any] = []
    for col, ids in ((d.c.a_article_id, stale | {aid for aid, _ in keep}), (d.c.b_article_id, stale)):
        for chunk in _chunks(sorted(ids)):
            found += conn.execute(select(*cols).where(d.c.kind.in_(("denial", "factual")), col.in_(chunk))).all()
    for chunk in _chunks(sorted({i for i, _ in keys})):
        found += conn.execute(select(*cols).where(d.c.kind.in_(("disagreement", "shift")), d.c.issue.in_(chunk))).all()
    out: set[str] = set()
    for r in found:
        if r.kind in ("denial", "factual"):
            hit = bool({r.a_article_id, r.b_article_id} & stale) or (
                r.kind == "denial" and (r.a_article_id, r.a_start) in keep)
        else:
            hit = (r.issue, r.a_actor) in keys or (r.kind == "disagreement" and (r.issue, r.b_actor) in keys)
        if hit:
            out.add(r.id)
    return out


def material_parts(an: Analysis, models: Sequence[IssueModel]) -> Parts:
    """One article's material: its denials, claims, figures and sourced-count disputes."""
    denials, claims = article_statements(an, models)
    return denials, claims, article_figures(an, models), sourced_counts(an, models)


def material_of(analyses: Iterable[Analysis], models: Sequence[IssueModel]) -> Material:
    mat = Material()
    for an in analyses:
        mat.add(an, models)
    return mat


def merge(*parts: Material) -> Material:
    out = Material()
    for part in parts:
        out.statements.update(part.statements)
        out.figures.update(part.figures)
        out.sourced.update(part.sourced)
    return out
