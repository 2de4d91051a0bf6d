"""Stances: who supports or opposes which user-defined issue, with the evidence.

Runs in corpus analysis over a stored :class:`~recoupe.records.Analysis`:
sentences that may touch an issue (a term stem, or right after one for
anaphora) are parsed with ``nlp.pipe``; each issue link
(:mod:`recoupe.corpus.issue_links`) is read by
:func:`recoupe.corpus.polarity.read_polarity`, which also finds who holds
the position — the subject entity (coordinated subjects all count; "la
politique de X, qui défendait …" gives X), else the speaker of the quote
the statement is in. A third party's position reported inside a quote
counts when the speaker takes a side on it ("La Russie s'oppose à cette
intégration, et je suis d'accord avec cela": both oppose).
Conditional statements and questions give no stance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from recoupe.corpus.issue_links import (
    IssueModel,
    Link,
    anaphors,
    compile_issues,
    main_link,
    mentions_issue,
    similar_links,
    term_links,
)
from recoupe.corpus.issues import Issue
from recoupe.corpus.polarity import Reading, circumstantial, read_polarity, side_reading
from recoupe.corpus.stance_context import Context, build_context, units
from recoupe.corpus.stance_lexicon import StanceLexicon, default_lexicon, fold
from recoupe.corpus.stance_reader import SentenceReader
from recoupe.records import Analysis, Quote, Stance

if TYPE_CHECKING:
    from spacy.language import Language

_MODELS: dict[tuple[int, int, tuple[Issue, ...]], list[IssueModel]] = {}  # a cache, like lru_cache
ANAPHORA_SCORE = 0.7
QUESTION_SCORE = 0.7


def issue_models(issues: Sequence[Issue], *, nlp: Language, lexicon: StanceLexicon) -> list[IssueModel]:
    """Compiled issues, cached per (pipeline, issues)."""
    key = (id(nlp), id(lexicon), tuple(issues))
    if key not in _MODELS:
        _MODELS[key] = compile_issues(issues, nlp=nlp, lexicon=lexicon)
    return _MODELS[key]


def _opposite(stance: str) -> str:
    return {"support": "oppose", "oppose": "support"}.get(stance, stance)


def _stance_of(r: Reading) -> str | None:
    if r.uncommitted or (r.neutral and abs(r.votes) <= 1):
        return "neutral"
    if r.votes > 0:
        return "support"
    if r.votes < 0:
        return "oppose"
    return None


def _links(reader: SentenceReader, models: Sequence[IssueModel], prev: list[Link | None],
           question: Link | None) -> list[Link]:
    sent = reader.doc[:]
    keys = reader.keys()
    links = term_links(sent, keys, models) or similar_links(sent, keys, models)
    have = {lk.issue for lk in links}
    before = next((lk for lk in reversed(prev[-2:]) if lk is not None), None)
    if before is not None and before.issue not in have:
        anchors = {lk.anchor for lk in links}
        for tok in anaphors(sent, reader.lex):
            owners = {m.issue.id for m in models if keys[tok.i] & m.keys}
            if tok.i in anchors or (owners and before.issue not in owners):
                continue  # "l'adhésion" is its own issue's word, not a pointer to another issue
            links.append(Link(before.issue, tok.i, ANAPHORA_SCORE, "anaphora", tok.text))
            break
    if question is not None and question.issue not in have:
        # the answer's anchor: a word of the issue, else the head of the quoted words
        quoted = [t for t in sent if reader.ctx.quote_at(reader.char(t))] or list(sent)
        heads = [t for t in quoted if t.head.i == t.i or t.head not in quoted]
        wanted = [m.keys for m in models if m.issue.id == question.issue]
        shared = [t for t in quoted if any(keys[t.i] & k for k in wanted)]
        links.append(Link(question.issue, (shared or heads or quoted)[-1].i, QUESTION_SCORE, "question", "?"))
    return links


@dataclass(frozen=True, slots=True)
class _Found:
    """One reading of one issue link, before it becomes Stance records."""

    issue: str
    start: int
    end: int
    evidence: str
    date: str | None
    quote: Quote | None
    cues: tuple[str, ...]

    def stance(self, actor: str, stance: str, conf: float, article_id: str,
               extra: tuple[str, ...] = ()) -> Stance:
        return Stance(actor, self.issue, stance, article_id, self.start, self.end, self.evidence,
                      round(conf, 3), self.date, self.quote.start if self.quote else None, self.cues + extra)


def _confidence(link: Link, r: Reading, stance: str) -> float:
    if stance == "neutral":
        return 0.5 * link.score
    return min(0.95, link.score * (0.5 + 0.15 * min(abs(r.votes), 3)))


def _read_sentence(reader: SentenceReader, links: Sequence[Link], article_id: str, span: tuple[int, int], *,
                   second_hand: bool = False, lexicons: Mapping[str, StanceLexicon] | None = None) -> list[Stance]:
    out: list[Stance] = []
    for link in links:
        anchor = reader.doc[link.anchor]
        lex = (lexicons or {}).get(link.issue) or reader.lex
        if circumstantial(anchor, lex):
            continue
        main = read_polarity(anchor, lex, is_actor=reader.is_actor, self_vote=link.how == "question")
        side = side_reading(anchor, lex, is_actor=reader.is_actor)
        out.extend(_stances_of(reader, link, main, article_id, span, second_hand=second_hand))
        if side is not None:
            out.extend(_stances_of(reader, link, side, article_id, span, second_hand=second_hand))
    return out


def _stances_of(reader: SentenceReader, link: Link, r: Reading, article_id: str, span: tuple[int, int], *,
                second_hand: bool) -> list[Stance]:
    """The stances one reading of one issue link gives."""
    out: list[Stance] = []
    ctx = reader.ctx
    anchor = reader.doc[link.anchor]
    stance = _stance_of(r)
    if stance is None or r.conditional:
        return out
    quote = ctx.quote_at(reader.char(anchor))
    s0, s1 = (quote.start, quote.end) if quote else span
    found = _Found(link.issue, s0, s1, ctx.analysis.article.body[s0:s1],
                   ctx.date_in(*span) or ctx.analysis.article.published, quote,
                   tuple(dict.fromkeys([*r.cues, f"{link.how}:{link.term}"])))
    conf = _confidence(link, r, stance)
    for actor, third in reader.actors(r, quote):
        if not third:
            out.append(found.stance(actor, stance, conf, article_id))
            continue
        # a third party's position inside a quote is second-hand: it counts when the speaker
        # takes a side on it ("… et je suis d'accord avec cela"), and the speaker gets a stance too
        qtext = fold(quote.text) if quote else ""
        speaker = quote.speaker if quote else None
        agrees = bool(reader.lex.agree.search(qtext)) and not reader.lex.disagree.search(qtext)
        disagrees = bool(reader.lex.disagree.search(qtext))
        if second_hand or agrees or disagrees:
            out.append(found.stance(actor, stance, conf * 0.9, article_id, ("reported",)))
        if speaker and stance != "neutral" and not (agrees or disagrees) and quote is not None \
                and quote.kind != "direct" and _collective(ctx, actor) and quote.speaker_type == "PER":
            # "X a répété que la Valmerie n'accepterait aucune …": a person speaking for a state or a
            # body states its line
            out.append(found.stance(speaker, stance, conf * 0.8, article_id, ("speaks for",)))
        if speaker and stance != "neutral" and (agrees or disagrees):
            st = stance if agrees else _opposite(stance)
            why = "agrees" if agrees else "disagrees"
            out.append(found.stance(speaker, st, conf * 0.85, article_id, (why,)))
    return out


def _collective(ctx: Context, name: str) -> bool:
    """A state, a capital or an organisation, not a person."""
    return any(e.name == name and e.type in {"LOC", "ORG"} for e in ctx.analysis.entities)


RIVAL_WEIGHT = 0.5  # a change of position keeps the other side when this much confidence backs it


def _pick(stances: Iterable[Stance], *, changed: bool = False) -> list[Stance]:
    """One stance per (actor, issue, article): the label with the most confidence behind it; both sides
    when the article tells of a change of position ("volte-face", "revirement") and each is well backed."""
    groups: dict[tuple[str, str, str], list[Stance]] = defaultdict(list)
    for s in stances:
        groups[(s.actor, s.issue, s.article_id)].append(s)
    out: list[Stance] = []
    for group in groups.values():
        weight: dict[str, float] = defaultdict(float)
        for s in group:
            weight[s.stance] += s.confidence
        best = max(weight, key=lambda k: (weight[k], k != "neutral"))
        keep = {best}
        rival = _opposite(best)
        if changed and rival != best and weight.get(rival, 0.0) >= RIVAL_WEIGHT:
            keep.add(rival)
        out.extend(s for s in group if s.stance in keep)
    return sorted(out, key=lambda s: (s.article_id, s.start, s.actor, s.issue))


def article_stances(analysis: Analysis, issues: Sequence[Issue], *, nlp: Language,
                    lexicon: StanceLexicon | None = None, include_unnamed: bool = False,
                    second_hand: bool = False) -> list[Stance]:
    """The stances taken in one analysed article towards ``issues``.

    ``include_unnamed``: also quotes whose speaker is not one of the article's entities ("un
    diplomate"); ``second_hand``: also positions a speaker ascribes to a third party without
    taking a side on them ("Le président Poutine veut la paix", said by Trump)."""
    lex = lexicon or default_lexicon()
    models = issue_models(issues, nlp=nlp, lexicon=lex)
    if not models:
        return []
    lexicons = {m.issue.id: m.lexicon for m in models if m.lexicon is not None}
    body = analysis.article.body
    ctx = build_context(analysis)
    if not include_unnamed:  # a named speaker is one of the article's entities
        names = {e.name for e in analysis.entities}
        ctx = Context(ctx.analysis, ctx.starts, ctx.mentions,
                      tuple(q for q in ctx.quotes if q.speaker in names and not q.anonymous))
    spans = units(body, ctx)
    hits = [mentions_issue(body[a:b], models) for a, b in spans]
    chosen = [i for i in range(len(spans)) if hits[i] or (i and hits[i - 1]) or (i > 1 and hits[i - 2])]
    docs = nlp.pipe([body[spans[i][0]:spans[i][1]] for i in chosen])
    out: list[Stance] = []
    prev: list[Link | None] = []
    question: Link | None = None
    question_at, question_quote = -9, None
    last = -2
    for i, doc in zip(chosen, docs, strict=True):
        a, b = spans[i]
        if i != last + 1:
            prev = []
        reader = SentenceReader(ctx, lex, a, doc)
        quotes_here = ctx.quotes_in(a, b)
        ask = None
        if question and quotes_here and (i == question_at + 1 or question_quote in quotes_here):
            ask, question_quote = question, question_quote or quotes_here[-1]
        links = _links(reader, models, prev, ask)
        if body[a:b].rstrip().endswith("?"):
            question, question_at, question_quote = main_link(links), i, None
        else:
            out.extend(_read_sentence(reader, links, analysis.article.id, (a, b), second_hand=second_hand,
                                      lexicons=lexicons))
        prev.append(main_link(links))
        last = i
    return _pick(out, changed=bool(lex.change.search(fold(body))))


def stance_rows(stances: Iterable[Stance]) -> list[dict[str, str]]:
    """GOLD.md ``stances.jsonl`` rows, one per (actor, issue, stance, article)."""
    rows: dict[tuple[str, str, str, str], dict[str, str]] = {}
    for s in stances:
        key = (s.actor, s.issue, s.stance, s.article_id)
        rows.setdefault(key, {"actor": s.actor, "issue": s.issue, "stance": s.stance,
                              "article": s.article_id})
    return list(rows.values())
