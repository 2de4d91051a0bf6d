"""Reading one parsed sentence of a stored article: which entity a token names, and who holds
a position found in it (the subject entity, coordinated subjects, the antecedent of "qui", the
source of "selon X", a pronoun's referent, else the quote's speaker)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recoupe.corpus.issue_links import token_keys
from recoupe.corpus.polarity import Reading
from recoupe.corpus.stance_context import Context
from recoupe.corpus.stance_lexicon import StanceLexicon, fold
from recoupe.records import Entity, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

ACTOR_TYPES = frozenset({"PER", "ORG", "LOC"})
NAME_DEPS = frozenset({"flat", "appos", "compound"})  # not nmod: "l'adhésion de l'Ukraine" is no Ukraine


class SentenceReader:
    """Reads one parsed sentence of one article."""

    def __init__(self, ctx: Context, lexicon: StanceLexicon, offset: int, doc: Doc) -> None:
        self.ctx, self.lex, self.offset, self.doc = ctx, lexicon, offset, doc

    def char(self, tok: Token) -> int:
        return self.offset + tok.idx

    def entity(self, tok: Token) -> Entity | None:
        return self.ctx.entity_at(self.char(tok), self.char(tok) + len(tok.text))

    def np_actor(self, tok: Token) -> str | None:
        """Who a subject noun phrase names: an entity ("le président Emmanuel Macron" -> Emmanuel
        Macron), else the speaker the quote extractor resolved a role to ("le chef du gouvernement")."""
        ent = self.entity(tok)
        if ent is None:
            names = [c for c in tok.children if c.pos_ in {"PROPN", "X", "NOUN"} and c.dep_.split(":")[0] in NAME_DEPS]
            ent = next((e for e in map(self.entity, names) if e is not None), None) or self._apposed_person(tok)
        if ent is not None:
            return ent.name if ent.type in ACTOR_TYPES else None
        at = self.char(tok)
        return next((q.speaker for q in self.ctx.quotes if q.speaker_start is not None and q.speaker_end is not None
                     and q.speaker_start <= at < q.speaker_end), None)

    def _apposed_person(self, tok: Token) -> Entity | None:
        """A person's name set off by commas inside a role phrase, however the parser hung it: "le chef de
        la diplomatie valmérienne, Dragan Vesković, a plaidé" -> Dragan Vesković."""
        sub = list(tok.subtree)
        for prev, t in zip(sub, sub[1:], strict=False):
            if prev.text == "," and t.pos_ in {"PROPN", "X"}:
                ent = self.entity(t)
                if ent is not None and ent.type == "PER":
                    return ent
        return None

    def entity_name(self, tok: Token) -> str | None:
        ent = self.entity(tok)
        return ent.name if ent else None

    def keys(self) -> list[frozenset[str]]:
        return [token_keys(t, self.entity_name, self.lex) for t in self.doc]

    def antecedent_actors(self, verb: Token) -> list[str]:
        """ "la politique de X, qui défendait …" -> X."""
        head = verb.head
        cands = [head, *[c for c in head.children if c.dep_.startswith("nmod") or c.dep_ == "appos"]]
        return [e.name for e in (self.entity(t) for t in cands) if e is not None and e.type in ACTOR_TYPES][:1]

    def subject_actors(self, subj: Token) -> list[str]:
        """The subject and the subjects coordinated with it."""
        found: list[str] = []
        for t in [subj, *[c for c in subj.children if c.dep_ == "conj"]]:
            name = self.np_actor(t)
            if name and name not in found:
                found.append(name)
        return found

    def is_actor(self, subj: Token, person: str, verb: Token) -> bool:
        if person == "entity":
            return self.np_actor(subj) is not None and fold(verb.lemma_) not in self.lex.not_actor_verbs
        if person == "relative":
            return bool(self.antecedent_actors(verb))
        if person == "selon":
            return any(self.entity(t) for t in subj.subtree)
        return True

    def actors(self, r: Reading, quote: Quote | None) -> list[tuple[str, bool]]:
        """(actor, third_party_in_quote) pairs that hold the reading."""
        subj, verb = r.subject, r.verb
        if subj is None or verb is None:
            return [(quote.speaker, False)] if quote and quote.speaker else []
        if r.person == "first":
            return [(quote.speaker, False)] if quote and quote.speaker else []
        if r.person == "third":
            if quote and quote.speaker and not (quote.start <= self.char(subj) < quote.end):
                return [(quote.speaker, False)]
            around = self.ctx.quotes_in(self.char(subj), self.char(subj) + 1)
            if around:
                return [(around[0].speaker or "", False)] if around[0].speaker else []
            ent = self.ctx.last_person_before(self.char(subj))
            return [(ent.name, False)] if ent else []
        if r.person == "relative":
            names = self.antecedent_actors(verb)
        elif r.person == "selon":
            names = [e.name for e in (self.entity(t) for t in subj.subtree) if e][:1]
        else:
            names = self.subject_actors(subj)
        inside = quote is not None and quote.start <= self.char(subj) < quote.end
        return [(n, inside and n != quote.speaker) for n in names]  # type: ignore[union-attr]
