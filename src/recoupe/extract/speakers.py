"""Speaker resolution for quotes: a span of the Doc -> a canonical source.

A speaker span resolves, in order, to: a person named in it (apposition
included), the person an article names with the role it describes ("le
secrétaire général de l'OTAN" -> the PER named with that role), the most
recent person for a pronoun or a bare role noun, an organisation or place
named in it ("le Kremlin", "Moscou"), an entity whose last name it is, and
otherwise to its own text as an unnamed description.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from recoupe.extract.quotes_spans import np_subject
from recoupe.extract.speaker_anaphora import antecedent, head_noun
from recoupe.extract.speaker_gender import person_genders, pronoun_gender
from recoupe.extract.speaker_roles import ROLE_NOUNS, SOURCE_NOUNS, role_head, role_map, role_words
from recoupe.nlp import doc_text
from recoupe.records import Entity, Mention

SINGULAR_PRONOUNS = frozenset({"il", "elle", "lui", "celui-ci", "celle-ci"})
PLURAL_PRONOUNS = frozenset({"ils", "elles", "eux"})
OF_WORDS = frozenset({"de", "d'", "d’", "du", "des", "à", "au", "aux"})
PREPOSITIONS = OF_WORDS | {
    "avec",
    "par",
    "pour",
    "contre",
    "sur",
    "entre",
    "envers",
    "chez",
    "que",
    "qu'",
    "qu’",
}
INDEFINITE = frozenset({"un", "une", "des", "certains", "certaines", "plusieurs", "d'", "d’"})


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    type: str  # PER | ORG | LOC | MISC | DESC
    start: int
    end: int
    anonymous: bool = False


@dataclass(slots=True)
class Context:
    """What speaker resolution knows about the article so far."""

    doc: Doc
    text: str
    mentions: list[tuple[Mention, Entity]]
    roles: list[tuple[frozenset[str], int, Entity]]  # role words, position, person
    history: list[tuple[int, Speaker]]  # (position, resolved PER speaker or subject)
    plural: list[tuple[int, Speaker]]  # (position, resolved plural subject)
    genders: dict[str, str] = field(default_factory=dict)  # person name -> Fem | Masc
    described: list[tuple[int, str, Speaker]] = field(default_factory=list)  # unnamed sources: (pos, head, sp)


def build_context(doc: Doc, entities: Sequence[Entity], *, quoted: Sequence[tuple[int, int]] = ()) -> Context:
    """``quoted``: spans of quotations, whose names are not antecedents."""
    mentions = sorted(((m, e) for e in entities for m in e.mentions), key=lambda p: p[0].start)
    ctx = Context(doc, doc_text(doc), mentions, [], [], [])
    ctx.roles = role_map(doc, mentions)
    ctx.genders = person_genders(doc, mentions)
    for m, e in mentions:
        if any(a <= m.start < b for a, b in quoted):
            continue
        if e.type == "PER" and not _after_of(doc, m.start, PREPOSITIONS):
            ctx.history.append((m.start, Speaker(e.name, "PER", m.start, m.end)))
    for t in doc:  # plural subjects, for "ils" / "elles"
        if (
            t.dep_ == "nsubj"
            and t.pos_ in ("NOUN", "PROPN")
            and ("Plur" in t.morph.get("Number", []) or any(c.dep_ == "conj" for c in t.children))
        ):
            a, b = np_subject(t)
            first = next((e for m, e in mentions if a <= m.start < b and not _after_of(doc, m.start)), None)
            sp = Speaker(first.name, first.type, a, b) if first else Speaker(ctx.text[a:b], "DESC", a, b, True)
            ctx.plural.append((a, sp))
    return ctx


def _after_of(doc: Doc, char: int, words: frozenset[str] = OF_WORDS) -> bool:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    return doc[span.start - 1].lower_ in words


def _latest(items: list[tuple[int, Speaker]], before: int) -> Speaker | None:
    best = None
    for pos, sp in items:
        if pos < before:
            best = sp
    return best


def _latest_agreeing(ctx: Context, items: list[tuple[int, Speaker]], before: int, gender: str | None) -> Speaker | None:
    """The latest antecedent before ``before`` whose known gender does not
    contradict the pronoun's ("Elle a ajouté" skips a man quoted since)."""
    for pos, sp in sorted(items, key=lambda p: p[0], reverse=True):
        if pos >= before:
            continue
        known = ctx.genders.get(sp.name)
        if gender is None or known is None or known == gender or sp.type != "PER":
            return sp
    return _latest(items, before)


def _entity_speaker(e: Entity, m: Mention) -> Speaker:
    return Speaker(e.name, e.type, m.start, m.end)


def _prefer_full_name(sp: Speaker, ctx: Context) -> Speaker:
    """ "Rutte" -> "Mark Rutte" when the article has a longer name ending so."""
    if sp.type != "PER" or " " in sp.name:
        return sp
    for _m, e in ctx.mentions:
        if e.type == "PER" and " " in e.name and e.name.split()[-1].lower() == sp.name.lower():
            return Speaker(e.name, "PER", sp.start, sp.end)
    return sp


def resolve(ctx: Context, start: int, end: int) -> Speaker | None:
    """Resolve the speaker span ``[start, end)`` of ``ctx.doc.text``."""
    doc = ctx.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not span.text.strip():
        return None
    # the span's own text: a pronoun glued to what follows ("il.-") is a token of its own only here
    low = re.sub(r"^-(t-)?", "", doc.text[start:end].strip().lower())
    if low in SINGULAR_PRONOUNS or low in PLURAL_PRONOUNS:
        pool = ctx.history if low in SINGULAR_PRONOUNS else ctx.plural
        found = _latest_agreeing(ctx, pool, start, pronoun_gender(low))
        return Speaker(found.name, found.type, start, end) if found else None
    inside = [(m, e) for m, e in ctx.mentions if m.start < span.end_char and m.end > span.start_char]
    direct = [(m, e) for m, e in inside if not _after_of(doc, m.start)]
    for m, e in direct:
        if e.type == "PER":
            return _prefer_full_name(_entity_speaker(e, m), ctx)
    ref = antecedent(
        span,
        ctx.described,
        lambda before, g: _latest_agreeing(ctx, ctx.history, before, g),
        ROLE_NOUNS | SOURCE_NOUNS,
    )
    if ref is not None:  # "d'après ces mêmes sources", "ce diplomate chevronné"
        return Speaker(ref.name, ref.type, start, end, ref.anonymous)
    role = role_head(span)
    if role is not None and _singular_definite(span):
        return _resolve_role(ctx, span, role)
    if direct:
        m, e = direct[0]
        return _prefer_full_name(_entity_speaker(e, m), ctx)
    if len(span) == 1 and span[0].is_title:
        for _m, e in ctx.mentions:
            if e.name.split()[-1].lower() == low:
                return Speaker(e.name, e.type, start, end)
    text = span.text.strip()
    if span.root.pos_ == "PROPN" or all(t.is_title or t.pos_ == "DET" or t.is_punct for t in span):
        return Speaker(text, "ORG", span.start_char, span.end_char)
    return Speaker(text, "DESC", span.start_char, span.end_char, anonymous=_unnamed_source(span))


def _unnamed_source(span: Span) -> bool:
    """ "un haut diplomate", "des sources proches", "les experts": anonymous;
    "le gouvernement allemand", "son équipe": a described, not hidden, source."""
    if span[0].lower_ in INDEFINITE:
        return True
    return any(t.lower_ in SOURCE_NOUNS or t.lemma_.lower() in SOURCE_NOUNS for t in span if t.pos_ == "NOUN")


def _singular_definite(span: Span) -> bool:
    if span[0].lower_ in INDEFINITE:
        return False
    head = next((t for t in span if t.pos_ == "NOUN"), None)  # "la présidente de la coopérative des pêcheurs"
    return head is None or "Plur" not in head.morph.get("Number", [])


def _resolve_role(ctx: Context, span: Span, role: str) -> Speaker | None:
    words = role_words(span)
    det = span[0].morph.get("Gender", []) if span[0].pos_ == "DET" else []
    best: tuple[int, int, int, Entity] | None = None
    for given, pos, e in ctx.roles:
        if role not in given or (det and ctx.genders.get(e.name, det[0]) != det[0]):
            continue  # "le ministre" is not "la Première ministre X"
        score = len(words & given)
        if score < 2 and not words <= given:
            continue
        key = (score, int(pos < span.start_char), -abs(pos - span.start_char))
        if best is None or key > best[:3]:
            best = (*key, e)
    if best is not None:
        return _prefer_full_name(Speaker(best[3].name, "PER", span.start_char, span.end_char), ctx)
    found = None
    per = [
        (m, e)
        for m, e in ctx.mentions
        if e.type == "PER"
        and m.start < span.start_char
        and not _after_of(ctx.doc, m.start)
        and (not det or ctx.genders.get(e.name, det[0]) == det[0])
    ]
    if per:
        m, e = per[-1]
        found = _entity_speaker(e, m)
    if found is None:
        found = _latest(ctx.history, span.start_char)
    if found is None:
        return Speaker(span.text.strip(), "DESC", span.start_char, span.end_char)
    return _prefer_full_name(Speaker(found.name, "PER", span.start_char, span.end_char), ctx)


def latest_person(ctx: Context, before: int) -> Speaker | None:
    """The person most recently named or quoted before ``before``."""
    return _latest(ctx.history, before)


def remember(ctx: Context, position: int, speaker: Speaker, *, plural: bool = False) -> None:
    """Record a resolved speaker so later pronouns and roles can find it."""
    if speaker.type == "DESC":
        _remember_described(ctx, speaker)
    if speaker.type == "PER":
        ctx.history.append((position, speaker))
        ctx.history.sort(key=lambda p: p[0])
    elif plural:
        ctx.plural.append((position, speaker))
        ctx.plural.sort(key=lambda p: p[0])


def _remember_described(ctx: Context, speaker: Speaker) -> None:
    """An unnamed source, for later "ces mêmes sources"; a singular person
    ("un diplomate européen") is also an antecedent for "il" / "elle"."""
    span = ctx.doc.char_span(speaker.start, speaker.end, alignment_mode="expand")
    noun = head_noun(span) if span is not None else None
    if span is None or noun is None:
        return
    ctx.described.append((speaker.start, noun.lemma_.lower(), speaker))
    person = noun.lower_ in ROLE_NOUNS | SOURCE_NOUNS or noun.lemma_.lower() in ROLE_NOUNS | SOURCE_NOUNS
    if person and "Plur" not in noun.morph.get("Number", []):
        ctx.history.append((speaker.start, speaker))
        ctx.history.sort(key=lambda p: p[0])
        det = span[0].morph.get("Gender", []) if span[0].pos_ == "DET" else []
        if det:
            ctx.genders.setdefault(speaker.name, det[0])
