"""Claims: sentences that assert something checkable, with their epistemic status.

A sentence is a claim when it carries a figure (a quantity with a unit) or
a verb of agreement, decision, meeting, announcement or event (a lexicon in
``data/claim_verbs.yaml``). Each claim gets its status from
:mod:`recoupe.extract.status`, the quote it comes from when one overlaps
it, and the statement's date: a resolved date expression in the sentence
when there is one, else the publication date (flagged as such).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml
from spacy.attrs import LEMMA, POS
from spacy.symbols import AUX, VERB

from recoupe.extract.quantities import quantities
from recoupe.extract.status import sentence_status
from recoupe.nlp import doc_text
from recoupe.records import Claim, DateMention, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

MIN_TOKENS = 5

VERB_POS_IDS = frozenset({VERB, AUX})


@lru_cache(maxsize=1)
def claim_verbs() -> Mapping[str, str]:
    raw = yaml.safe_load(resources.files("recoupe.data").joinpath("claim_verbs.yaml").read_text(encoding="utf-8"))
    return {lemma: kind for kind, lemmas in raw.items() for lemma in lemmas}


@dataclass(frozen=True, slots=True)
class VerbKinds:
    """The doc's verbs (VERB or AUX) whose lemma the claim lexicon knows, in
    token order: read once per Doc from its arrays, not token by token."""

    at: list[int]  # token indexes
    kinds: list[str]

    def first_in(self, start: int, end: int) -> str | None:
        k = bisect_left(self.at, start)
        return self.kinds[k] if k < len(self.at) and self.at[k] < end else None


def verb_kinds(doc: Doc, verbs: Mapping[str, str]) -> VerbKinds:
    at: list[int] = []
    kinds: list[str] = []
    strings = doc.vocab.strings
    lemma_kind: dict[int, str | None] = {}
    for i, (pos, lemma) in enumerate(doc.to_array([POS, LEMMA]).tolist()):
        if pos not in VERB_POS_IDS:
            continue
        if lemma not in lemma_kind:
            lemma_kind[lemma] = verbs.get(strings[lemma].lower())
        kind = lemma_kind[lemma]
        if kind is not None:
            at.append(i)
            kinds.append(kind)
    return VerbKinds(at, kinds)


def claim_kind(sent: Span, text: str, verbs: VerbKinds) -> str | None:
    """The kind of checkable content in ``sent`` (whose text is ``text``), or None."""
    if any(True for _ in quantities(text)):
        return "figure"
    return verbs.first_in(sent.start, sent.end)


def statement_date(
    start: int, end: int, dates: Iterable[DateMention], published: str | None,
) -> tuple[str | None, str]:
    """The first day-precise date expression inside [start, end) ("a déclaré jeudi"),
    else the publication date: ``(date, "text" | "published" | "none")``."""
    for d in dates:
        if start <= d.start < end and d.value and d.kind != "duration" and len(d.value) == 10:
            return d.value, "text"
    return (published, "published") if published else (None, "none")


def claims(
    doc: Doc, quotes: Sequence[Quote], dates: Sequence[DateMention], *, published: str | None = None,
) -> Iterator[Claim]:
    verbs = verb_kinds(doc, claim_verbs())
    doc_chars = doc_text(doc)
    for sent in doc.sents:
        sent_text = doc_chars[sent.start_char:sent.end_char]
        if len(sent) < MIN_TOKENS and not sent_text.rstrip().endswith("?"):
            continue
        kind = claim_kind(sent, sent_text, verbs)
        if kind is None:
            continue
        status, cues = sentence_status(sent)
        quote = next((q for q in quotes if q.start < sent.end_char and sent.start_char < q.end), None)
        if quote is not None and quote.status != "asserted" and status == "asserted":
            status = quote.status
        date, date_source = statement_date(sent.start_char, sent.end_char, dates, published)
        text = sent_text.strip()
        start = sent.start_char + (len(sent_text) - len(sent_text.lstrip()))
        yield Claim(text=text, start=start, end=start + len(text), status=status, kind=kind,
                    quote_start=quote.start if quote else None, date=date, date_source=date_source, cues=cues)
