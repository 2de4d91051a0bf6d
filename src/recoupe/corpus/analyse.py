"""Corpus analysis: what compares articles, run over the store after extraction.

It reads the stored analyses and writes the derived tables: per article,
stances on the user's issues and reliability signals; for the corpus,
story clusters, wire-copy groups and disputes. Stances are the costly part
(they parse the candidate sentences again) and are incremental: an article
is recomputed only when it is new or changed (its derived rows go with its
old version) or when the issues file changed. Clusters, corroboration,
signals and disputes are recomputed from the stored records each pass.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from recoupe.corpus.clusters import story_clusters, wire_groups
from recoupe.corpus.corroboration import corroborations, independent_sources
from recoupe.corpus.disputes import corpus_disputes
from recoupe.corpus.issues import Issue
from recoupe.corpus.signals import article_signals
from recoupe.corpus.stances import article_stances
from recoupe.records import content_hash
from recoupe.settings import Settings
from recoupe.store import Store, derived


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    articles: int
    stances_recomputed: int  # articles whose stances were (re)computed this pass
    stances: int
    disputes: int
    story_clusters: int
    wire_groups: int
    seconds: float


def issues_key(issues: Sequence[Issue]) -> str:
    """A hash of the issues' content: stances computed for other issues are recomputed."""
    return content_hash(*sorted((i.id, i.label, i.proposition, i.terms) for i in issues)) if issues else ""


def analyse_corpus(store: Store, *, issues: Sequence[Issue] = (), settings: Settings) -> CorpusSummary:
    """One corpus pass over everything stored; see the module docstring."""
    started = time.perf_counter()
    from recoupe.corpus.registry import update_registry
    from recoupe.extract.gazetteer import load_gazetteer

    update_registry(store, article_ids=(), gazetteer=load_gazetteer(settings.gazetteer))
    analyses = list(store.analyses())
    key = issues_key(issues)
    done = derived.computed_for(store.engine)
    todo = [a for a in analyses if done.get(a.article.id) != key]
    if todo:
        stances = []
        if issues:
            from dataclasses import replace

            from recoupe.corpus.registry_read import canonical_names
            from recoupe.nlp import load_nlp
            from recoupe.store.rows import fold

            nlp = load_nlp(settings.model)
            canon = canonical_names(store)  # one actor name across articles ("Veskovic" is "Vesković")
            stances = [replace(st, actor=canon.get((st.article_id, fold(st.actor)), st.actor))
                       for a in todo for st in article_stances(a, issues, nlp=nlp)]
        derived.save_article_results(store.engine, [a.article.id for a in todo], stances=stances, issues_hash=key)

    wires = wire_groups(analyses)
    stories = story_clusters(analyses)
    sources = independent_sources(analyses, wires=wires)
    corroborated = corroborations(analyses, sources=sources, within=[c.members for c in stories])
    by_article: dict[str, list] = {}
    for c in corroborated:
        for aid in set(c.articles):
            by_article.setdefault(aid, []).append(c)
    signals = [sig for a in analyses for sig in article_signals(a, corroboration=by_article.get(a.article.id, []))]
    derived.save_article_results(store.engine, [a.article.id for a in analyses], signals=signals)

    all_stances = store.stances()
    disputes = corpus_disputes(all_stances, analyses, issues=issues)
    clusters = {
        "story": {c.id: [(m, c.score) for m in c.members] for c in stories},
        "wire": {w.id: [(m, max((p[2] for p in w.pairs if m in p[:2]), default=1.0)) for m in w.members]
                 for w in wires},
    }
    derived.replace_corpus_results(store.engine, disputes=disputes, clusters=clusters)
    return CorpusSummary(len(analyses), len(todo) if issues else 0, len(all_stances), len(disputes),
                         len(stories), len(wires), time.perf_counter() - started)
