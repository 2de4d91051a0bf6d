"""French named entities you can trust: repaired mentions, canonical names.

``entities(doc)`` takes spaCy's raw entity spans, repairs them
(:mod:`recoupe.extract.entity_repair`, :mod:`recoupe.extract.entity_phrases`),
joins the institution names spaCy cut short (:mod:`recoupe.extract.entity_joins`),
types each mention by the words around it (:mod:`recoupe.extract.entity_context`),
finds the other occurrences of the names it kept in the document itself, and
groups mentions into entities (:mod:`recoupe.extract.entity_canon`), with the
gazetteer (:mod:`recoupe.extract.gazetteer`) as evidence for types and
canonical names. An entity's type is a vote of its mentions, where context
evidence outweighs spaCy's guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

from recoupe.extract.entity_canon import Cluster, canonicalise
from recoupe.extract.entity_context import apply_context
from recoupe.extract.entity_joins import extend_institution, join_town
from recoupe.extract.entity_lexicons import EntityLexicons, default_lexicons, model_common_words
from recoupe.extract.entity_repair import Candidate, mark_actor, repaired_candidates
from recoupe.extract.gazetteer import Gazetteer, default_gazetteer, load_gazetteer
from recoupe.nlp import doc_text
from recoupe.records import Entity, Mention

__all__ = ["VERSION", "entities", "load_gazetteer"]

VERSION = "entities-2"
MIN_SCAN_LEN = 3  # shorter forms ("UE" aside, caught by spaCy) are not searched for
FULL_NAME_WEIGHT = 2  # a forename and a surname: a person, whatever one "à X" says


def _keep_common(cands: list[Candidate]) -> list[Candidate]:
    """Weak aliases need their entity named elsewhere; capitalised common
    words need to be part of a longer accepted name of the article."""
    strong = [c for c in cands if not c.weak and not c.common]
    named = {c.gaz.name for c in strong if c.gaz is not None}
    parts = {w for c in strong if " " in c.text for w in c.text.split()}
    out = []
    for c in cands:
        lone = c.common and not any(ch in c.text for ch in " -'’") and c.text not in parts
        if (c.weak and c.gaz is not None and c.gaz.name not in named) or lone:
            continue
        out.append(c)
    return out


def _split_compounds(cands: list[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """ "Russie-Ukraine": a hyphenated span whose parts are names of the article."""
    known = {c.text for c in cands if "-" not in c.text}
    out: list[Candidate] = []
    for c in cands:
        parts = c.text.split("-")
        if c.gaz is None and len(parts) > 1 and all(p in known or gaz.lookup(p) for p in parts):
            at = c.start
            for part in parts:
                hit = gaz.lookup(part)
                out.append(Candidate(at, at + len(part), part, hit.type if hit else c.label, hit))
                at += len(part) + 1
        else:
            out.append(c)
    return out


def _join_adjacent(text: str, cands: list[Candidate]) -> list[Candidate]:
    """ "Donald" + "Trump" tagged apart: two person spans one space apart are one name."""
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label == c.label == "PER"
            and text[prev.end : c.start] == " "
            and (prev.gaz is None or c.gaz is None or prev.gaz is c.gaz)
        ):
            out[-1] = Candidate(prev.start, c.end, text[prev.start : c.end], "PER", prev.gaz or c.gaz)
        else:
            out.append(c)
    return out


def _scan_forms(cands: list[Candidate]) -> dict[str, Candidate]:
    """The names to look for elsewhere in the text, each with a model mention."""
    forms: dict[str, Candidate] = {}
    for c in cands:
        if c.label == "MISC":
            continue
        forms.setdefault(c.text, c)
        if c.label == "PER" and c.gaz is None and len(c.text.split()) > 1:
            surname = c.text.split()[-1]
            if surname[:1].isupper():
                forms.setdefault(surname, c)
        if c.gaz is not None:
            for form in (*c.gaz.forms, *c.gaz.weak):
                forms.setdefault(form, c)
    return {f: c for f, c in forms.items() if len(f) >= MIN_SCAN_LEN and f[:1].isupper()}


def _scan(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Case-sensitive occurrences of the article's accepted names that spaCy missed."""
    forms = _scan_forms(cands)
    if not forms:
        return []
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w'’-])(?:{alternation})(?![\w-])")
    found = []
    for m in pattern.finditer(text):
        model = forms[m.group(0)]
        gaz = model.gaz
        found.append(Candidate(m.start(), m.end(), m.group(0), model.label, gaz))
    return found


def _resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Longest span wins; at equal spans the first (spaCy's) is kept."""
    order = sorted(range(len(cands)), key=lambda i: (cands[i].start, -(cands[i].end - cands[i].start), i))
    kept: list[Candidate] = []
    end = -1
    for i in order:
        c = cands[i]
        if c.start >= end:
            kept.append(c)
            end = c.end
    return kept


def _entity(cluster: Cluster) -> Entity:
    etype = cluster.type
    gaz = cluster.gaz
    mentions = tuple(
        Mention(c.text, c.start, c.end, etype, as_actor=c.as_actor and etype == "LOC") for c in cluster.cands
    )
    aliases = tuple(dict.fromkeys(c.text for c in cluster.cands))
    return Entity(
        name=cluster.name,
        type=etype,
        mentions=mentions,
        aliases=aliases,
        wikidata=gaz.wikidata if gaz is not None else None,
        merge_reasons=tuple(sorted(cluster.reasons)),
    )


def entities(
    doc: Doc,
    *,
    gazetteer: Gazetteer | None = None,
    lexicons: EntityLexicons | None = None,
    is_common: Callable[[str], bool] | None = None,
) -> list[Entity]:
    """The entities named in ``doc``, in order of first mention.

    ``gazetteer`` defaults to the packaged one; ``lexicons`` to the word lists
    in ``recoupe/data``; ``is_common`` (lowercase word -> is it a French common
    word) to the lemmatizer tables of ``fr_core_news_md``.
    """
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    lex = lexicons if lexicons is not None else default_lexicons()
    common = is_common if is_common is not None else model_common_words()
    text = doc_text(doc)
    cands = repaired_candidates(doc, gaz=gaz, lex=lex, is_common=common)
    extend_institution(text, cands, lex, common)
    cands = _split_compounds(_keep_common(cands), gaz)
    cands = apply_context(doc, text, cands, lex, common)
    cands = _resolve_overlaps(cands + apply_context(doc, text, _scan(text, cands), lex, common))
    cands = join_town(text, _join_adjacent(text, cands))
    for c in cands:
        if c.label == "PER" and len(c.text.split()) > 1:
            c.weight = max(c.weight, FULL_NAME_WEIGHT)
        mark_actor(doc, c, lex.actor_verbs)
    return [_entity(cluster) for cluster in canonicalise(cands, features=lex.features)]
