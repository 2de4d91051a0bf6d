"""Corpus analysis: what compares articles, run over the store after extraction.

It reads the stored analyses and writes the derived tables: per article,
stances on the user's issues and reliability signals; for the corpus, the
entity registry, story clusters, wire-copy groups and disputes.

A pass is *incremental* (:mod:`recoupe.corpus.passes`): it computes the
per-article results of the new and changed articles only (stances — the
costly part: they parse sentences again —, dispute material, story
features), takes back what changed or deleted articles contributed, and
updates the cross-article results they touch: the registry entries their
names can reach, the wire groups and story clusters they join or leave, the
signals of those clusters' members, and the disputes of the issues and actors
whose statements changed. The result is what a full recomputation gives
(``tests/test_incremental.py`` checks it). A *full* pass recomputes every
cross-article result; it runs when asked (``full=True``, ``recoupe analyze
--rebuild-corpus``), when the issues file changed, on a store the corpus pass
has not indexed yet, and when most stored articles are new.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from recoupe.corpus import state
from recoupe.corpus.issues import Issue
from recoupe.records import content_hash
from recoupe.settings import Settings
from recoupe.store import Store


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    articles: int
    stances_recomputed: int  # articles whose stances were (re)computed this pass
    stances: int
    disputes: int
    story_clusters: int
    wire_groups: int
    seconds: float
    full: bool = False  # a full pass (else incremental)
    why_full: str = ""
    fresh: int = 0  # new or changed articles this pass
    gone: int = 0  # changed or deleted articles taken back
    phases: dict[str, float] = field(default_factory=dict)  # seconds per phase


def issues_key(issues: Sequence[Issue]) -> str:
    """A hash of the issues' content: stances computed for other issues are recomputed."""
    return content_hash(*sorted((i.id, i.label, i.proposition, i.terms) for i in issues)) if issues else ""


def analyse_corpus(store: Store, *, issues: Sequence[Issue] = (), settings: Settings,
                   full: bool | None = None) -> CorpusSummary:
    """One corpus pass. ``full``: True recomputes everything; None (the default) runs an
    incremental pass unless most articles are new; False runs one whenever the store allows."""
    from recoupe.corpus.passes import full_pass, incremental_pass

    started = time.perf_counter()
    key = issues_key(issues)
    plan = state.plan(store.engine, key, full=full)
    run = full_pass if plan.full else incremental_pass
    phases = run(store, plan, issues=issues, key=key, settings=settings)
    if plan.fresh or plan.gone:
        store.refresh_statistics()  # the derived tables were rewritten, and articles came or went
    counts = state.counts(store.engine)
    return CorpusSummary(plan.articles, len(plan.fresh) if issues else 0, counts["stances"], counts["disputes"],
                         counts["story"], counts["wire"], time.perf_counter() - started, plan.full, plan.reason,
                         len(plan.fresh), len(plan.gone), phases)
