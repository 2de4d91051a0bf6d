"""Smaller readings the polarity climb uses: the mood of a verb (a conditional, or a future seen from
the past), the issue's direction words, a fronted phrase, and attitude verbs a misparse hid."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from recoupe.corpus.stance_lexicon import StanceLexicon, fold, forms

if TYPE_CHECKING:
    from spacy.tokens import Token


def _lemma(tok: Token) -> str:
    return fold(tok.lemma_)


IRREGULAR_CONDITIONAL = frozenset(["être", "avoir", "pouvoir", "devoir", "faire", "vouloir", "aller", "venir",
                                   "falloir", "savoir", "voir", "tenir", "valoir", "envoyer", "recevoir",
                                   "devenir", "obtenir"])
CONDITIONAL_ENDINGS = ("rait", "raient", "rais", "rions", "riez")


def conditional_form(tok: Token) -> bool:
    """A verb in the conditional mood (the model's morphology, else the form: "aurait", "reconnaîtrait")."""
    if "Cnd" in tok.morph.get("Mood", []):
        return True
    text, lemma = fold(tok.text), _lemma(tok)
    if not text.endswith(CONDITIONAL_ENDINGS) or tok.pos_ not in {"VERB", "AUX"}:
        return False
    return (lemma in IRREGULAR_CONDITIONAL or text.startswith(lemma)
            or (lemma.endswith("re") and text.startswith(lemma[:-1])))


def _past(tok: Token) -> bool:
    """A verb in a past tense ("a répété", "affirmait", "laissa entendre")."""
    tense = tok.morph.get("Tense", [])
    return "Past" in tense or "Imp" in tense or any(
        c.dep_ == "aux" and _lemma(c) in {"avoir", "etre"} for c in tok.children)


HEDGING_MODALS = frozenset({"pouvoir"})  # "a suggéré qu'il pourrait couper": still a possibility
HEDGING_REPORTS = frozenset({"suggerer", "laisser", "evoquer", "envisager", "supposer", "imaginer"})


def future_in_past(tok: Token) -> bool:
    """A conditional in a clause reported by a past verb is a future, not a hypothesis ("a répété que la
    Valmerie n'accepterait aucune …", "a laissé entendre qu'il proposerait …")."""
    node = tok
    for _ in range(3):
        if node.dep_.split(":")[0] in {"ccomp", "xcomp"} and node.head.i != node.i:
            if _lemma(tok) in HEDGING_MODALS or _lemma(node.head) in HEDGING_REPORTS:
                return False
            if node.dep_.startswith("ccomp") and _past(node.head) and not conditional_form(node.head):
                return not any(c.dep_ == "mark" and _lemma(c) in {"si", "s'"} for c in node.children)
            node = node.head
        else:
            return False
    return False


def mood_conditional(tok: Token) -> bool:
    if conditional_form(tok) or any((c.dep_.startswith("aux") or c.dep_ == "cop") and conditional_form(c)
                                    for c in tok.children):
        return not future_in_past(tok)
    # a hypothesis: "si la garantie couvre …"
    return any(c.dep_ == "mark" and _lemma(c) in {"si", "s'"} for c in tok.children)


LINEAR_REACH = 6  # tokens between a subject and the term where a misparsed attitude verb is looked for


def between_votes(subj: Token, anchor: Token, lexicon: StanceLexicon) -> list[tuple[int, str]]:
    """Attitude verbs the parser missed, read in word order between the subject and the term."""
    if anchor.i - subj.i > LINEAR_REACH:
        return []
    doc = anchor.doc
    out = []
    for t in doc[subj.i + 1:anchor.i]:
        lem = _lemma(t)
        if lem in lexicon.negations or lem in {"ne", "n'"}:
            out.append((-1, lem))
            continue
        v = lexicon.vote(lem, text=t.text)
        if v and any(f in lexicon.attitude_support | lexicon.attitude_oppose for f in forms(lem, t.text)):
            out.append((v, lem))
    return out if any(lem not in lexicon.negations and lem not in {"ne", "n'"} for _, lem in out) else []


def fronted(tok: Token) -> bool:
    """A phrase opening its sentence, before the verb it modifies ("Sans X, …")."""
    return tok.dep_.startswith(("obl", "advmod", "nmod")) and tok.i < tok.head.i and tok.left_edge.i == tok.sent.start


ENACTED_DEPS = frozenset({"obj", "xcomp", "ccomp"})


def axis_factor(tok: Token, lexicon: StanceLexicon) -> list[tuple[int, str]]:
    """The issue's direction word ("retrait", "envoyer", "libération"): the same pole as the issue keeps
    the sign, the other flips it. It is a position when an actor does it or has it done ("Orsava rappelle
    ses frégates", "a annoncé l'envoi de frégates"); elsewhere it only orients ("l'envoi des frégates
    est un signal"), marked by a "~" cue that adds no strength."""
    v = next((lexicon.axis[f] for f in forms(_lemma(tok), tok.text) if f in lexicon.axis), 0)
    if not v:
        return []
    enacted = (tok.pos_ == "VERB" and not tok.dep_.startswith(("nsubj", "csubj", "acl", "amod"))) or (
        tok.dep_ in ENACTED_DEPS and tok.head.pos_ == "VERB")
    return [(v, _lemma(tok) if enacted else "~" + _lemma(tok))]


DISLOCATED = re.compile(r"^[^.;:]{0,60}?,\s*c'est\s+(?:(pas|plus|jamais)\s+)?(?:tres\s+|vraiment\s+)?([a-z-]+)")


def dislocated_votes(tail: str, lexicon: StanceLexicon) -> list[tuple[int, str]]:
    """ "Une médiation, c'est bien", "un moratoire, c'est pas raisonnable": the word after "c'est" judges the
    term set out before it (``tail`` is the folded text from the term on)."""
    m = DISLOCATED.match(tail)
    if not m:
        return []
    v = lexicon.vote(m.group(2), attitude=False)
    return [(v, m.group(2)), *([(-1, m.group(1))] if m.group(1) else [])] if v else []
