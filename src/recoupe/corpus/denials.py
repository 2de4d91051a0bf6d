"""Denials and conflicting figures, read from stored bodies without parsing.

A *denial* is a sentence with a deny cue (``data/stance_disputes.yaml``:
"démentir", "nier", "rejeter ces allégations", "n'a pas confirmé" …),
linked to the hedged claim it denies: a conditional ("X aurait accepté")
or unnamed-source claim about the same actor and issue, in the same
article (an anaphoric "ces allégations" takes the claim whose actor the
denial names — "porte-parole de X" — else the article's first claim) or
in another article (same actor, same issue). One denier per claim: the
strongest cue.

A *factual* conflict is the same kind of figure — same unit, same measured
thing ("une trêve de 30 jours" / "de 45 jours") — given differently by two
articles whose sentences are about the same thing (:mod:`recoupe.corpus.figures`),
or by two named sources of one sentence (:func:`sourced_counts`).

:func:`article_statements` reads one article's denials and hedged claims (a
pure function of the article and the issues) and :func:`pair_denials` pairs
them, so a corpus pass can keep the statements and pair only those a change
touches.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from recoupe.corpus.figures import article_figures, figure_disputes
from recoupe.corpus.issue_links import IssueModel, text_links
from recoupe.corpus.stance_context import build_context, sentences
from recoupe.corpus.stance_lexicon import fold
from recoupe.records import Analysis, Dispute, DisputeEnd, Entity

HEDGED = frozenset({"conditional", "hedged", "anonymous"})


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(fold(w)).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern[str]]:
    path = resources.files("recoupe.data").joinpath("stance_disputes.yaml")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        "strong": re.compile(rf"\b(?:{_alt(raw['deny_verbs'])})\b|\b(?:{_alt(raw['deny_report_verbs'])})\s+"
                             rf"(?:\w+\s+){{0,2}}(?:{_alt(raw['report_nouns'])})\b|(?:{_alt(raw['deny_phrases'])})"),
        "weak": re.compile(rf"(?:{_alt(raw['weak_deny'])})"),
        "report": re.compile(rf"\b(?:ces|cette|ce|les|de telles|ses)\s+(?:\w+\s+)?"
                             rf"(?:{_alt(raw['report_nouns'])})\b"),
        "hedge": re.compile(rf"(?:{_alt(raw['hedges'])})|\b(?:{_alt(raw['conditional_auxiliaries'])})\s+"
                            r"(?:\w+\s+)?\w+(?:e|ee|es|ees|i|is|it|u|us|ert|ert)\b"),
    }


@dataclass(frozen=True, slots=True)
class Said:
    article_id: str
    start: int
    end: int
    text: str
    actor: str
    issue: str | None
    strength: float
    cue: str
    named: frozenset[str]  # every entity named in the sentence
    date: str | None
    anaphoric: bool = False


def _entities_in(ctx_mentions: Sequence[tuple[int, int, Entity]], a: int, b: int) -> list[tuple[int, Entity]]:
    return [(s, e) for s, _e, e in ctx_mentions if a <= s < b and e.type in {"PER", "ORG", "LOC"}]


def _hedged_claim(an: Analysis, a: int, b: int) -> tuple[str, int]:
    """A claim the claim extractor marked hedged, conditional or anonymous in [a, b): (cue, offset)."""
    for c in getattr(an, "claims", ()):
        if a <= c.start < b and c.status in HEDGED:
            return (c.cues[0] if c.cues else c.status), c.start - a
    return "", 0


def _claim_subjects(ents: Sequence[tuple[int, Entity]], at: int) -> list[str]:
    """Who a hedged claim is about: the nearest person or body named before its cue ("Dupont aurait
    accepté"), else the nearest place used as an actor ("Morève : l'Aldarie aurait accepté"), else anyone."""
    before = [e for s, e in sorted(ents, key=lambda x: x[0]) if s < at]
    return ([e.name for e in reversed(before) if e.type != "LOC"] or [e.name for e in reversed(before)]
            or [e.name for _, e in ents])


def article_statements(an: Analysis, models: Sequence[IssueModel]) -> tuple[list[Said], list[Said]]:
    """(denials, hedged claims) of one article."""
    pats = patterns()
    ctx = build_context(an)
    body = an.article.body
    denials, claims = [], []
    for a, b in sentences(body):
        text = fold(body[a:b])
        ents = _entities_in(ctx.mentions, a, b)
        named = frozenset(e.name for _, e in ents)
        issues = text_links(body[a:b], models)
        issue = issues[0][0] if issues else None
        date = ctx.date_in(a, b) or an.article.published
        m = pats["strong"].search(text)
        strength = 0.9 if m else 0.5
        m = m or pats["weak"].search(text)
        if m:
            quote = next((q for q in ctx.quotes_in(a, b) if q.polarity == "deny" and q.speaker), None)
            first = [e.name for s, e in ents if s < a + m.start()]
            actor = quote.speaker if quote and quote.speaker else (first[0] if first else None)
            if actor:
                denials.append(Said(an.article.id, a, b, body[a:b], actor, issue, strength, m.group(0), named,
                                    date, bool(pats["report"].search(text))))
            continue
        h = pats["hedge"].search(text)
        cue, at = (h.group(0), h.start()) if h else _hedged_claim(an, a, b)
        if not cue or (models and not issue):
            continue
        subjects = _claim_subjects(ents, a + at)
        # no one named: the claim is its (unnamed) source's, "selon des sources parlementaires"
        sources = [q.speaker for q in an.quotes if q.speaker and q.start < b and a < q.end]
        who = next(iter(subjects or sources), None)
        if who:
            claims.append(Said(an.article.id, a, b, body[a:b], who, issue, 0.7, cue, named, date))
    return denials, claims


def _end(s: Said) -> DisputeEnd:
    return DisputeEnd(s.article_id, s.actor, s.text, s.start, s.end, s.date)


class Claims:
    """Hedged claims by article and by issue, each list in corpus order (article, then position)."""

    def __init__(self, claims: Sequence[Said]) -> None:
        self.by_article: dict[str, list[Said]] = {}
        self.by_issue: dict[str, list[Said]] = {}
        for c in claims:
            self.by_article.setdefault(c.article_id, []).append(c)
            if c.issue:
                self.by_issue.setdefault(c.issue, []).append(c)


def _pair(d: Said, claims: Claims) -> tuple[Said, float] | None:
    same = [c for c in claims.by_article.get(d.article_id, ()) if c.start < d.start]
    if same and (d.anaphoric or d.issue is None or any(c.issue == d.issue for c in same)):
        pool = [c for c in same if d.issue is None or d.anaphoric or c.issue == d.issue]
        named = [c for c in pool if c.actor in d.named and c.actor != d.actor]
        pick = (named or pool or same)[0]
        return pick, d.strength * (1.0 if named else 0.8)
    other = [c for c in claims.by_issue.get(d.issue or "", ()) if c.article_id != d.article_id
             and (c.actor == d.actor or c.actor in d.named)] if d.issue else []
    if other:
        return other[0], d.strength * 0.7
    return None


def pair_denials(denials: Sequence[Said], claims: Sequence[Said], *,
                 keep: set[tuple[str, int]] | None = None) -> list[Dispute]:
    """Each denied claim with its strongest denier (the first of equals). ``denials`` and ``claims``
    in corpus order; with ``keep``, only the disputes of those claims ((article id, start))."""
    index = Claims(claims)
    best: dict[tuple[str, int], Dispute] = {}
    for d in denials:
        found = _pair(d, index)
        if found is None:
            continue
        claim, score = found
        key = (claim.article_id, claim.start)
        if keep is not None and key not in keep:
            continue
        why = (f"{d.actor} denies ({d.cue!r}) what was reported as {claim.cue!r} about {claim.actor}"
               f" ({claim.issue})")
        dispute = Dispute("denial", claim.issue, _end(claim), _end(d), round(score, 3), why)
        if key not in best or best[key].score < dispute.score:
            best[key] = dispute
    return list(best.values())


def denial_disputes(analyses: Sequence[Analysis], models: Sequence[IssueModel]) -> list[Dispute]:
    denials: list[Said] = []
    claims: list[Said] = []
    for an in analyses:
        found_d, found_c = article_statements(an, models)
        denials.extend(found_d)
        claims.extend(found_c)
    return pair_denials(denials, claims)


def factual_disputes(analyses: Sequence[Analysis], models: Sequence[IssueModel]) -> list[Dispute]:
    """Same unit, same measured thing, different values, in two articles about the same thing; and two
    sources of one sentence that count the same thing differently (:func:`sourced_counts`)."""
    figures = [f for an in analyses for f in article_figures(an, models)]
    return [*figure_disputes(figures), *(d for an in analyses for d in sourced_counts(an, models))]


NUMBER_WORDS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
                "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
                "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "mille": 1000}
COUNT = re.compile(r"\b(\d+(?:[  .]\d{3})*|" + "|".join(NUMBER_WORDS) + r")\s+([a-z][a-z-]{2,})")
CLAUSE_BREAK = re.compile(r";|\s(?:alors que|tandis que|mais)\s|,\s(?:selon|d'apres)\s")


def _counts(text: str) -> list[tuple[float, str]]:
    out = []
    for m in COUNT.finditer(fold(text)):
        raw = m.group(1)
        value = NUMBER_WORDS.get(raw) or float(re.sub(r"\D", "", raw))
        out.append((float(value), m.group(2)))
    return out


def sourced_counts(an: Analysis, models: Sequence[IssueModel]) -> list[Dispute]:
    """ "Selon X, douze bateaux sont concernés ; Y parle de quinze navires": clauses of one sentence, each
    with its own named source, that count the same thing (a word or its synonym) differently."""
    from recoupe.corpus.stance_lexicon import default_lexicon

    lex = default_lexicon()
    ctx = build_context(an)
    body = an.article.body
    out = []
    for a, b in sentences(body):
        cuts = [a, *(a + m.start() + 1 for m in CLAUSE_BREAK.finditer(fold(body[a:b]))), b]
        clauses = []
        for x, y in zip(cuts, cuts[1:], strict=False):
            named = [e.name for s, _e, e in ctx.mentions if x <= s < y]  # any type: the extractor may miss it
            counts = _counts(body[x:y])
            if named and counts:
                clauses.append((named[0], x, y, counts))
        for i, (s1, x1, y1, c1) in enumerate(clauses):
            for s2, x2, y2, c2 in clauses[i + 1:]:
                clash = [(v1, v2) for v1, w1 in c1 for v2, w2 in c2
                         if s1 != s2 and v1 != v2 and (lex.keys(w1) & lex.keys(w2))]
                if not clash:
                    continue
                links = text_links(body[a:b], models)
                ends = [DisputeEnd(an.article.id, s, body[x:y], x, y, an.article.published)
                        for s, x, y in ((s1, x1, y1), (s2, x2, y2))]
                why = f"{s1} counts {clash[0][0]:g}, {s2} {clash[0][1]:g}"
                out.append(Dispute("factual", links[0][0] if links else None, ends[0], ends[1], 0.6, why))
    return out
