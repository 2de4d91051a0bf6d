"""The spaCy pipeline, loaded once per process.

On top of the packaged model, one component: a line break ends a sentence
(titles, sub-headings and attribution lines have no final period, and the
parser would otherwise glue them to the next paragraph).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.language import Language

from recoupe.errors import RecoupeError

if TYPE_CHECKING:
    from spacy.tokens import Doc


SENTENCE_END = frozenset(".!?…:;»”\"")
FULL_STOPS = frozenset({".", "!", "?", "…", "...", "?!"})
OPENING_QUOTES = frozenset({"«", "“"})
CLOSING_QUOTES = frozenset({"»", "”"})


@Language.component("recoupe_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Sentence bounds the parser may not move: the first word after a line
    break starts a sentence (titles and sub-headings have no final period);
    inside a line, a sentence can only start after final punctuation or a
    closing quote mark (the parser otherwise splits "D’après le Kremlin, …"),
    and a full stop followed by a capital or an opening « starts one; a
    closing quote mark stays with the sentence it closes."""
    after_break = False
    prev_text = ""
    for tok in doc:
        if tok.is_space:
            after_break = after_break or "\n" in tok.text
            continue
        if tok.i > 0:
            if tok.text in CLOSING_QUOTES and not after_break:
                tok.is_sent_start = False
            elif after_break or (prev_text in FULL_STOPS and (tok.text[:1].isupper() or tok.text in OPENING_QUOTES)):
                tok.is_sent_start = True
            elif prev_text and prev_text[-1] not in SENTENCE_END:
                tok.is_sent_start = False
        prev_text = tok.text
        after_break = "\n" in tok.whitespace_
    return doc


TEXT_KEY = "recoupe.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (spaCy joins every token's text on each
    access) and kept in ``doc.user_data``."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return str(text)


DEFAULT_MODEL = "fr_core_news_md"


def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load ``model`` once per process (cached), with recoupe's components.
    Raises a clear error when the model package is not installed.
    ``load_nlp()`` and ``load_nlp("fr_core_news_md")`` share one cache entry
    (a second copy of the model would cost ~330 MB)."""
    return _load_nlp(model)


@lru_cache(maxsize=2)
def _load_nlp(model: str) -> Language:
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise RecoupeError(
            f"spaCy model {model!r} is not installed: pip install {model.replace('_', '-')}"
        ) from exc
    if "recoupe_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("recoupe_line_breaks", before="parser")
    return nlp
