"""Read the polarity of a statement towards an issue term, on the dependency parse.

From the term's anchor token we climb to the statement's actor: every cue
word on the way is a factor (+1 keeps the sign, -1 flips it, so "refuse
toute hausse de X" opposes X and "redoute une baisse de X" supports it) — an attitude verb
("rejeter", "défendre"), an evaluative word ("irréaliste", "nécessaire",
"rejet", "besoin"), an adjective on a noun of the path ("chemin
irréversible"), a modal on the complement side ("doit", "il faut"). A
negation on a word flips its vote; on a word without a vote it flips what
lies below ("n'a jamais été convenu que … doivent aboutir à l'adhésion").
"plutôt que X" and "contre X" make X the rejected side. A negated status
report ("n'est plus à l'ordre du jour") is neutral. The climb stops at the
first verb whose subject is an entity, a pronoun or a relative "qui".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from recoupe.corpus.polarity_rules import axis_factor, between_votes, dislocated_votes, fronted, mood_conditional
from recoupe.corpus.stance_lexicon import StanceLexicon, fold
from recoupe.nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Token

MODALS = frozenset({"devoir", "falloir"})
ARGUMENT_DEPS = frozenset({"obj", "obl", "xcomp", "nmod", "iobj"})
MODAL_REACH = 2  # a modal counts when the term is at most this many steps below it
NEEDS_NE = frozenset({"plus", "point", "guere"})
MODIFIER_DEPS = frozenset({"amod", "advmod", "det", "nummod"})
FIRST_PERSON = frozenset({"je", "j'", "nous", "on", "moi"})
THIRD_PERSON = frozenset({"il", "elle", "ils", "elles"})
IsActor = Callable[["Token", str, "Token"], bool]
NEUTRAL_REACH = 90  # characters after the anchor where a status phrase makes it neutral
ACCORDING_TO = frozenset({"selon", "apres", "pour"})


@dataclass(slots=True)
class Reading:
    votes: int = 0
    cues: list[str] = field(default_factory=list)
    neutral: bool = False
    conditional: bool = False
    uncommitted: bool = False
    subject: Token | None = None  # the subject token that holds the stance
    person: str | None = None  # first | third | relative | entity | selon
    verb: Token | None = None  # the verb (or adjective) the subject hangs on


def _lemma(tok: Token) -> str:
    return fold(tok.lemma_)


def negated(tok: Token, lexicon: StanceLexicon) -> str | None:
    """The negation word attached to ``tok``, if any ("ne … plus" needs its "ne"; a bare "ne" counts)."""
    has_ne = any(_lemma(c) in {"ne", "n'"} for c in tok.children)
    near = [*tok.children, *(g for c in tok.children if c.dep_ == "advmod" for g in c.children)]
    for c in near:
        lem = _lemma(c)
        if lem in lexicon.negations and c.dep_ in {"advmod", "det", "cc", "case", "mark", "fixed"}:
            if lem in NEEDS_NE and not has_ne:
                continue
            return lem
    if _lemma(tok.head) in lexicon.negative_heads and tok.head.i != tok.i and tok.dep_.startswith(("acl", "xcomp")):
        return _lemma(tok.head)  # "il n'y a rien à arbitrer"
    if tok.dep_ == "xcomp" and any(c.dep_ == "obj" and _lemma(c) in lexicon.negative_heads for c in tok.head.children):
        return "rien"  # the same, parsed "il n'y a [rien] [à arbitrer]"
    if has_ne and any(_lemma(c) in {"que", "qu'"} for c in near):
        return None  # "ne … que" restricts, it does not negate
    return "ne" if has_ne else None


def _own_vote(tok: Token, via: str, lexicon: StanceLexicon, *, path: list[str]) -> tuple[int, str]:
    """The vote of a head on the path; a modal counts for its own complement only ("doit devenir",
    "doivent faire la paix"), not for a subject or a clause below it ("devra attendre qu'un …")."""
    lem = _lemma(tok)
    modal_ok = len(path) <= MODAL_REACH and all(d.split(":")[0] in ARGUMENT_DEPS for d in path)
    if lem in MODALS:
        return (1, lem) if modal_ok else (0, "")
    v = lexicon.vote(lem, text=tok.text)
    if v:
        return v, lem
    for c in tok.children:
        if c.dep_.startswith("aux") and _lemma(c) in MODALS and modal_ok:
            return 1, _lemma(c)
    return 0, ""


def _modifier_votes(tok: Token, lexicon: StanceLexicon, *, skip: int) -> list[tuple[int, str]]:
    out = []
    for c in tok.children:
        if c.i == skip or c.dep_ not in MODIFIER_DEPS:
            continue
        lem = _lemma(c)
        if lem in NEEDS_NE and any(_lemma(x) in {"ne", "n'"} for x in tok.children):
            continue
        v = lexicon.vote(lem, attitude=False, text=c.text)
        if v:
            out.append((v, lem))
    return out


def _contrasted(tok: Token, lexicon: StanceLexicon) -> bool:
    """ "plutôt que (sur) une X", "au lieu d'une X" just before ``tok`` or its phrase."""
    sent = tok.sent
    return any(lexicon.contrast.search(fold(doc_text(sent.doc)[sent.start_char:at])[-40:])
               for at in {tok.idx, tok.left_edge.idx})


def _subject(tok: Token) -> tuple[Token | None, str | None]:
    for c in tok.children:
        if c.dep_ in {"nsubj", "nsubj:pass", "expl:subj"}:
            low = c.text.lower()
            if low in FIRST_PERSON:
                return c, "first"
            if low in THIRD_PERSON:
                return c, "third"
            if low in {"qui", "lequel", "laquelle"} and tok.dep_.startswith("acl"):
                return c, "relative"
            if c.pos_ == "PROPN" or c.pos_ == "NOUN":
                return c, "entity"
        cases = {_lemma(x) for x in c.children if x.dep_ == "case"}
        initial = c.left_edge.i == c.sent.start
        if c.dep_.startswith("obl") and cases & ACCORDING_TO and (cases - {"pour"} or initial):
            return c, "selon"  # "selon X, …", "d'après X", a sentence-initial "Pour X, …"
    return None, None


def _judged(tok: Token, via: str, lexicon: StanceLexicon) -> list[tuple[int, str]]:
    """"considérer X comme une menace": the "comme" phrase of a judging verb evaluates its object."""
    if _lemma(tok) not in lexicon.judging_verbs or not via.startswith("obj"):
        return []
    out = []
    for c in tok.children:
        if any(_lemma(x) == "comme" for x in c.children if x.dep_ == "case") or c.dep_ == "xcomp" or (
                c.pos_ == "ADJ" and c.dep_ in {"obj", "amod", "acl", "dep"}):
            v = lexicon.vote(_lemma(c), attitude=False, text=c.text)
            out.extend([(v, _lemma(c))] if v else [])
            out.extend(_modifier_votes(c, lexicon, skip=-1))
    return out


def _predicate_votes(pred: Token, lexicon: StanceLexicon) -> list[tuple[int, str]]:
    """What a copular predicate says: its word, else an evaluative phrase in it ("l'une des causes du
    conflit")."""
    v = lexicon.vote(_lemma(pred), attitude=False, text=pred.text)
    if v:
        return [(v, _lemma(pred))]
    text = fold(doc_text(pred.doc)[pred.left_edge.idx:pred.right_edge.idx + len(pred.right_edge.text)])
    for sign, pattern in ((1, lexicon.support_phrases), (-1, lexicon.oppose_phrases)):
        m = pattern.search(text)
        if m:
            return [(sign, m.group(0))]
    return []


def side_reading(anchor: Token, lexicon: StanceLexicon, *, is_actor: IsActor) -> Reading | None:
    """ "le moratoire, exigé par l'Aldarie, …", "la médiation, acceptée jeudi par X": a participle set off
    right after the term's phrase, whose agent is an actor, says the agent's position on it."""
    doc, end = anchor.doc, anchor.right_edge.i
    near = [c for c in anchor.children if c.dep_.startswith(("acl", "appos")) and 0 < c.i - anchor.i <= 6]
    for p in [*near, *doc[end + 1:min(len(doc), end + 4)]]:
        if p.pos_ == "NOUN" and (p.dep_ == "appos" or doc[p.i - 1].text in {",", "une", "un"}):
            found = _relative_of_apposition(p, lexicon, is_actor)  # "X, une mesure que Y a refusée"
            if found is not None:
                return found
        if p.pos_ != "VERB" or doc[p.i - 1].text != "," or "Part" not in p.morph.get("VerbForm", []):
            continue
        v = lexicon.vote(_lemma(p), text=p.text)
        agent = next((c for c in p.children if c.dep_ == "obl:agent"), None)
        if v and agent is not None and is_actor(agent, "entity", p):
            neg = negated(p, lexicon)
            return Reading(votes=-v if neg else v, cues=[_lemma(p), "par"], subject=agent, person="entity", verb=p)
    return None


def _relative_of_apposition(noun: Token, lexicon: StanceLexicon, is_actor: IsActor) -> Reading | None:
    """ "un moratoire, une mesure que la Valmerie a toujours refusée": the relative clause on a noun set in
    apposition to the term says its subject's position on the term."""
    for p in noun.children:
        if not p.dep_.startswith("acl") or p.pos_ != "VERB" or p.i < noun.i:
            continue
        rel = any(_lemma(c) in {"que", "qu'", "qui"} for c in p.children if c.dep_ in {"mark", "obj", "nsubj"})
        subj = next((c for c in p.children if c.dep_.startswith("nsubj") and c.pos_ in {"PROPN", "NOUN"}), None)
        v = lexicon.vote(_lemma(p), text=p.text)
        if rel and v and subj is not None and is_actor(subj, "entity", p):
            neg = negated(p, lexicon)
            return Reading(votes=-v if neg else v, cues=[_lemma(p), "que"], subject=subj, person="entity", verb=p)
    return None


def circumstantial(anchor: Token, lexicon: StanceLexicon) -> bool:
    """The term, or the noun phrase it sits in, is a circumstance ("dans toute négociation de paix",
    "lors des pourparlers"), not what a position is about."""
    tok = anchor
    for _ in range(6):
        if any(c.dep_ == "case" and _lemma(c) in lexicon.circumstantial for c in tok.children):
            return True
        if not tok.dep_.startswith("nmod") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def read_polarity(anchor: Token, lexicon: StanceLexicon, *, is_actor: IsActor,
                  self_vote: bool = False) -> Reading:
    """Climb from ``anchor``; ``is_actor(subject, person, verb)`` says whether a subject holds the stance.
    ``self_vote``: the anchor stands for the issue without naming it (an answer to a question), so
    its own word counts ("C'est une nécessité")."""
    r = Reading()
    sign, strength, modal = 1, 0, 0
    held: tuple[Token, str, Token] | None = None  # an entity subject whose clause only has a modal

    def apply(factors: list[tuple[int, str]]) -> None:
        nonlocal sign, strength, modal
        for v, lem in factors:
            sign, strength = sign * (1 if v > 0 else -1), strength + (not lem.startswith("~"))
            modal += lem in MODALS
            r.cues.append(lem)

    apply(_modifier_votes(anchor, lexicon, skip=-1))
    own = lexicon.vote(_lemma(anchor), text=anchor.text) if self_vote else 0
    apply([(own, _lemma(anchor))] if own else [])
    apply([f for f in axis_factor(anchor, lexicon) if f[0] < 0])  # the issue's own word is no position
    neg = negated(anchor, lexicon)
    if neg == "sans" and fronted(anchor):
        apply([(1, "sans …,")])  # "Sans moratoire, le banc sera vidé": X is what is needed
    elif neg or any(_lemma(c) in lexicon.oppose_preps for c in anchor.children if c.dep_ == "case"):
        apply([(-1, neg or "contre")])
    flip = _contrasted(anchor, lexicon)
    sent = anchor.sent
    tail = fold(doc_text(sent.doc)[anchor.idx:min(sent.end_char, anchor.idx + NEUTRAL_REACH)])
    r.neutral = bool(lexicon.neutral.search(tail))
    node = anchor
    path: list[str] = []
    while node.head.i != node.i and len(path) < 40:
        prev, node = node, node.head
        via = prev.dep_
        path.append(via)
        if via != "conj":  # a conjoined clause's own cues are not about this term
            v, lem = _own_vote(node, via, lexicon, path=path)
            factors = [(v, lem)] if v else []
            if not v and any(x.dep_ == "cop" for x in node.children):
                factors = _predicate_votes(node, lexicon)  # "X a été l'une des causes du conflit"
            factors += _modifier_votes(node, lexicon, skip=prev.i) if node.pos_ == "NOUN" else []
            factors += _judged(node, via, lexicon) + axis_factor(node, lexicon)
            neg = negated(node, lexicon)
            if _lemma(prev) in lexicon.negative_heads or (via == "xcomp" and any(
                    c.dep_ == "obj" and _lemma(c) in lexicon.negative_heads for c in node.children)):
                neg = None  # the "ne" of "il n'y a rien à X" was read with "rien"
            if neg and factors:
                factors.append((-1, neg))
            elif neg and strength:
                r.uncommitted = True  # "n'a jamais convenu que … doit": no commitment either way
                r.cues.append(str(neg))
            apply(factors)
            flip = flip or _contrasted(prev, lexicon)
        if any(c.dep_ == "mark" and _lemma(c) in lexicon.circumstance_marks
                                          for c in prev.children):
            return Reading()  # "refuse … tant que les marins n'ont pas été relâchés": a condition, no position
        r.conditional = r.conditional or mood_conditional(node)
        subj, person = _subject(node)
        if subj is not None and person and subj.i != prev.i and is_actor(subj, person, node):
            if person == "entity" and modal and node.head.i != node.i:
                # "Dupont estime que l'Ukraine doit obtenir …": the one who says "doit" holds it
                held = held or (subj, person, node)
                continue
            r.subject, r.person, r.verb = subj, person, node
            break
    if strength == 0 and r.subject is not None and r.subject.i < anchor.i:
        apply(between_votes(r.subject, anchor, lexicon))  # a misparsed headline: "Kessel ferme la porte à X"
    if r.subject is None:
        if held is not None:
            r.subject, r.person, r.verb = held
        if strength == 0:  # a misparsed "X est nécessaire": a predicate somewhere in the sentence
            for c in anchor.sent:
                if c.i != anchor.i and any(x.dep_ == "cop" for x in c.children):
                    apply(_predicate_votes(c, lexicon))
        if strength == 0:  # "le maintien de X n'a plus de raison d'être": an evaluative phrase after the term
            tail = fold(doc_text(sent.doc)[anchor.idx:sent.end_char])
            apply(dislocated_votes(tail, lexicon))
        if strength == 0:
            apply([(sign_, m.group(0)) for sign_, pat in ((1, lexicon.support_phrases), (-1, lexicon.oppose_phrases))
                   for m in [pat.search(tail)] if m][:1])
    if flip:
        sign = -sign
        r.cues.append("plutôt que")
    r.votes = sign * strength
    return r
