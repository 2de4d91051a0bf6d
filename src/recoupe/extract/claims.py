"""Claims: sentences that assert something checkable, with their epistemic status.

A sentence is a claim when it carries a figure (a quantity with a unit) or
a verb of agreement, decision, meeting, announcement or event (a lexicon in
``data/claim_verbs.yaml``). Each claim gets its status from
:mod:`recoupe.extract.status`, the quote it comes from when one overlaps
it, and the statement's date: a resolved date expression in the sentence
when there is one, else the publication date (flagged as such).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from recoupe.extract.quantities import quantities
from recoupe.extract.status import sentence_status
from recoupe.records import Claim, DateMention, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

MIN_TOKENS = 5

VERB_POS = frozenset({"VERB", "AUX"})


@lru_cache(maxsize=1)
def claim_verbs() -> Mapping[str, str]:
    raw = yaml.safe_load(resources.files("recoupe.data").joinpath("claim_verbs.yaml").read_text(encoding="utf-8"))
    return {lemma: kind for kind, lemmas in raw.items() for lemma in lemmas}


def claim_kind(sent: Span, *, verbs: Mapping[str, str]) -> str | None:
    """The kind of checkable content in ``sent``, or None."""
    if any(True for _ in quantities(sent.text)):
        return "figure"
    for tok in sent:
        if tok.pos_ in VERB_POS:
            kind = verbs.get(tok.lemma_.lower())
            if kind is not None:
                return kind
    return None


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
    verbs = claim_verbs()
    for sent in doc.sents:
        if len(sent) < MIN_TOKENS and not sent.text.rstrip().endswith("?"):
            continue
        kind = claim_kind(sent, verbs=verbs)
        if kind is None:
            continue
        status, cues = sentence_status(sent)
        quote = next((q for q in quotes if q.start < sent.end_char and sent.start_char < q.end), None)
        if quote is not None and quote.status != "asserted" and status == "asserted":
            status = quote.status
        date, date_source = statement_date(sent.start_char, sent.end_char, dates, published)
        text = sent.text.strip()
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        yield Claim(text=text, start=start, end=start + len(text), status=status, kind=kind,
                    quote_start=quote.start if quote else None, date=date, date_source=date_source, cues=cues)
