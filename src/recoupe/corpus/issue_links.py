"""Link a parsed statement to the user-defined issues it is about.

Three ways, from surest to loosest:

- a seed term, its lemmas or a close variant: every content word of the
  term (or a synonym of it, or an entity whose canonical name is that word)
  within a few tokens of the term's head, in any order: "adhésion à
  l'OTAN" ~ "adhésion de l'Ukraine à l'OTAN" ~ "entrée dans l'Alliance";
- an anaphor ("cette solution", "sa demande", "cela") that takes the main
  issue of the sentence just before;
- word-vector similarity between the statement and the issue's
  proposition, above a threshold, when the statement shares at least one
  word (or synonym) with the issue's terms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from recoupe.corpus.issues import Issue
from recoupe.corpus.stance_lexicon import StanceLexicon, fold, issue_lexicon

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

WINDOW = 20  # tokens around a term's head where its other words may sit
SIMILARITY = 0.78  # cosine between a clause and an issue's proposition
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "X"})


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    literal: tuple[str, ...]  # the folded lemma of each content word; [0] is the head
    words: tuple[frozenset[str], ...]  # the keys each content word accepts
    patterns: tuple[re.Pattern[str], ...]  # per content word: its stems and its synonyms' (parse-free)


@dataclass(frozen=True, slots=True)
class IssueModel:
    issue: Issue
    terms: tuple[Term, ...]
    keys: frozenset[str]  # every key of every term word
    vector: np.ndarray | None
    stems: re.Pattern[str]  # cheap text prefilter
    lexicon: StanceLexicon | None = None  # the stance lexicon oriented by the proposition's direction words


@dataclass(frozen=True, slots=True)
class Link:
    issue: str
    anchor: int  # token index in the parsed doc
    score: float
    how: str  # term | variant | anaphora | similar
    term: str
    depth: int = 0  # of the anchor under its sentence root: shallower = more central


def _content(doc: Doc | Span) -> list[Token]:
    return [t for t in doc if t.pos_ in CONTENT_POS and not t.is_stop] or [t for t in doc if not t.is_punct]


def mean_vector(tokens: Sequence[Token]) -> np.ndarray | None:
    vecs = [np.asarray(t.vector) for t in tokens if t.has_vector and t.vector_norm > 0]
    if not vecs:
        return None
    v = np.mean(np.stack(vecs), axis=0)
    n = float(np.linalg.norm(v))
    return v / n if n else None


def _stem(word: str) -> str:
    return re.escape(word[:5] if len(word) > 6 else word)


def _alternation(stems: set[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(sorted(stems, key=len, reverse=True)) + ")")


def compile_issues(issues: Sequence[Issue], *, nlp: Language, lexicon: StanceLexicon) -> list[IssueModel]:
    """Parse each issue's terms and proposition once."""
    models = []
    for issue in issues:
        terms = []
        stems: set[str] = set()
        for term, doc in zip(issue.terms, nlp.pipe(issue.terms), strict=True):
            toks = [t for t in doc if not t.is_punct and (t.pos_ in CONTENT_POS or not t.is_stop)]
            toks = [t for t in toks if t.pos_ not in {"DET", "ADP"}] or list(doc)
            literal, words, patterns, st = _term_patterns([(t.text, t.lemma_) for t in toks], lexicon)
            terms.append(Term(term, literal, words, patterns))
            stems |= st
        keys = frozenset(k for t in terms for w in t.words for k in w)
        prop = nlp(issue.proposition)
        models.append(IssueModel(issue, tuple(terms), keys, mean_vector(_content(prop)), _alternation(stems),
                                 issue_lexicon(lexicon, committed_lemmas(prop))))
    return models


EXCEPT_CASES = frozenset({"hors", "sans", "sauf", "contre", "excepte"})


CORE_DEPS = frozenset({"xcomp", "ccomp", "nsubj", "nsubj:pass", "obj", "obl:arg", "cop"})


def committed_lemmas(doc: Doc) -> list[str]:
    """Lemmas of the words that give the proposition its direction: the main verb, the verbs it governs
    and their subjects, objects and adverbs ("doivent quitter", "moratoire … instauré", "davantage
    d'aide"), not the modifiers of a noun ("l'âge de départ") nor what it sets aside ("hors adhésion")."""
    out: list[str] = []
    todo = [t for t in doc if t.head.i == t.i]
    while todo:
        tok = todo.pop()
        if any(c.dep_ == "case" and fold(c.lemma_) in EXCEPT_CASES for c in tok.children):
            continue
        out.extend([tok.lemma_, tok.text])
        todo.extend(c for c in tok.children if c.dep_ in CORE_DEPS or (
            c.dep_ in {"advmod", "det"} and tok.pos_ in {"VERB", "NOUN", "AUX"}))
    return out


STOPWORDS = frozenset(["le", "la", "les", "l", "de", "du", "des", "d", "a", "au", "aux", "en", "dans", "et",
                       "un", "une", "sur", "pour", "par"])


def _term_patterns(pairs: Sequence[tuple[str, str]], lexicon: StanceLexicon) -> tuple[
        tuple[str, ...], tuple[frozenset[str], ...], tuple[re.Pattern[str], ...], set[str]]:
    """From (surface, lemma) pairs: the literals, keys and stem patterns of a term, and all its stems."""
    literal = tuple(fold(lem) for _, lem in pairs)
    words = tuple(lexicon.keys(lem) | lexicon.keys(text) for text, lem in pairs)
    stems: set[str] = set()
    patterns = []
    for (text, _), lit, w in zip(pairs, literal, words, strict=True):
        word_stems = {_stem(lit), _stem(fold(text))}
        word_stems.update(_stem(x) for x, g in lexicon.groups.items() if g & w)
        stems.update(word_stems)
        patterns.append(_alternation(word_stems))
    return literal, words, tuple(patterns), stems


def compile_text_issues(issues: Sequence[Issue], *, lexicon: StanceLexicon | None = None) -> list[IssueModel]:
    """Issue models without a parser (words of the terms, no lemmas, no vectors): for text linking."""
    from recoupe.corpus.stance_lexicon import default_lexicon

    lex = lexicon or default_lexicon()
    models = []
    for issue in issues:
        terms, stems = [], set()
        for term in issue.terms:
            plain = [w for w in re.findall(r"[\w-]+", fold(term)) if w not in STOPWORDS] or [term]
            literal, accepted, patterns, st = _term_patterns([(w, w) for w in plain], lex)
            terms.append(Term(term, literal, accepted, patterns))
            stems |= st
        keys = frozenset(k for t in terms for w in t.words for k in w)
        models.append(IssueModel(issue, tuple(terms), keys, None, _alternation(stems)))
    return models


def token_keys(tok: Token, entity_of: Callable[[Token], str | None],
               lexicon: StanceLexicon) -> frozenset[str]:
    keys = lexicon.keys(tok.lemma_) | lexicon.keys(tok.text)
    name = entity_of(tok)
    return keys | lexicon.keys(name) if name else keys


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok, d = tok.head, d + 1
    return d


def term_links(sent: Span, keys: Sequence[frozenset[str]], models: Sequence[IssueModel]) -> list[Link]:
    """Every anchor of a seed term or close variant in ``sent`` (one link per issue and anchor, the
    surest); ``keys`` is indexed like ``sent``."""
    found: dict[tuple[str, int], Link] = {}
    for model in models:
        for term in model.terms:
            for i, tok in enumerate(sent):
                if not term.words[0] & keys[i]:
                    continue
                lo, hi = max(0, i - WINDOW), min(len(sent), i + WINDOW + 1)
                if not all(any(w & keys[j] for j in range(lo, hi)) for w in term.words[1:]):
                    continue
                literal = fold(tok.lemma_) == term.literal[0] or fold(tok.text) == term.literal[0]
                link = Link(model.issue.id, tok.i, 1.0 if literal else 0.85, "term" if literal else "variant",
                            term.text, _depth(tok))
                key = (model.issue.id, tok.i)
                if key not in found or found[key].score < link.score:
                    found[key] = link
    return sorted(found.values(), key=lambda lk: lk.anchor)


def similar_links(sent: Span, keys: Sequence[frozenset[str]], models: Sequence[IssueModel],
                  *, threshold: float = SIMILARITY) -> list[Link]:
    """Issues whose proposition is close to ``sent`` (word vectors) and that share a word with it."""
    vec = mean_vector(_content(sent))
    links: list[Link] = []
    if vec is None:
        return links
    for model in models:
        if model.vector is None:
            continue
        sim = float(np.dot(vec, model.vector))
        shared = [i for i, k in enumerate(keys)
                  if k & model.keys and sent[i].pos_ in {"NOUN", "VERB", "PROPN"}]
        if sim >= threshold and shared:
            tok = sent[shared[0]]
            links.append(Link(model.issue.id, tok.i, round(0.5 + (sim - threshold), 3), "similar",
                              f"~{sim:.2f}", _depth(tok)))
    return links


def anaphors(sent: Span, lexicon: StanceLexicon) -> list[Token]:
    """Nouns and pronouns that point back to what was just said."""
    found = []
    for tok in sent:
        lemma = fold(tok.lemma_)
        if lemma not in lexicon.anaphora_nouns:
            continue
        if tok.pos_ == "PRON" or any(fold(c.lemma_) in lexicon.anaphora_determiners or fold(c.text) in
                                     lexicon.anaphora_determiners for c in tok.children):
            found.append(tok)
        elif any(c.dep_.startswith("nmod") and c.pos_ == "PROPN" for c in tok.children):
            found.append(tok)  # "les ambitions de Kiev"
    return found


def main_link(links: Sequence[Link]) -> Link | None:
    """The issue a following anaphor most likely points to: a sure link, the first in the sentence
    (the topic comes first; parses of long sentences are too shaky to pick the most central one)."""
    return max(links, key=lambda lk: (lk.score >= 0.85, -lk.anchor), default=None)


def text_links(text: str, models: Sequence[IssueModel]) -> list[tuple[str, int]]:
    """Parse-free: issues one of whose terms has all its word stems (or synonyms) in ``text``,
    with the position of the term's head, earliest first."""
    folded = fold(text)
    out = []
    for model in models:
        where = []
        for term in model.terms:
            hits = [p.search(folded) for p in term.patterns]
            if all(hits):
                where.append(hits[0].start())  # type: ignore[union-attr]
        if where:
            out.append((model.issue.id, min(where)))
    return sorted(out, key=lambda x: x[1])


def mentions_issue(text: str, models: Sequence[IssueModel]) -> bool:
    """Cheap prefilter: some word of some term (or a synonym) occurs in ``text``."""
    folded = fold(text)
    return any(m.stems.search(folded) for m in models)
