"""The spaCy pipeline, loaded once per process.

On top of the packaged model, one component: a line break ends a sentence
(titles, sub-headings and attribution lines have no final period, and the
parser would otherwise glue them to the next paragraph).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from threadpoolctl import ThreadpoolController

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
    closing quote mark stays with the sentence it closes.

    Works on the text and the tokens' offsets, and writes every bound with
    one ``Doc.from_array``: a loop over ``Token`` objects cost ~12 µs a token."""
    n = len(doc)
    if n < 2:
        return doc
    text = doc_text(doc)
    starts = token_starts(doc)
    lengths = doc.to_array(LENGTH).tolist()
    bounds = doc.to_array([SENT_START])
    after_break = False
    prev_text = ""
    for i in range(n):
        a = starts[i]
        b = a + lengths[i]
        tok = text[a:b]
        if tok.isspace():
            after_break = after_break or "\n" in tok
            continue
        if i > 0:
            if tok in CLOSING_QUOTES and not after_break:
                bounds[i] = NOT_START
            elif after_break or (prev_text in FULL_STOPS and (tok[:1].isupper() or tok in OPENING_QUOTES)):
                bounds[i] = START
            elif prev_text and prev_text[-1] not in SENTENCE_END:
                bounds[i] = NOT_START
        prev_text = tok
        after_break = "\n" in text[b:starts[i + 1] if i + 1 < n else len(text)]
    doc.from_array([SENT_START], bounds)  # type: ignore[arg-type]  # 1-d, as to_array([one attr]) gives it
    return doc


START = 1
NOT_START = np.uint64(2**64 - 1)  # -1 as Doc.to_array stores it (uint64)


TEXT_KEY = "recoupe.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (spaCy joins every token's text on each
    access) and kept in ``doc.user_data``."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return str(text)


TOKEN_STARTS_KEY = "recoupe.token_starts"


def token_starts(doc: Doc) -> list[int]:
    """Each token's character offset (``Token.idx``), read once per Doc, for
    finding tokens by offset with ``bisect``."""
    starts: list[int] | None = doc.user_data.get(TOKEN_STARTS_KEY)
    if starts is None:
        starts = doc.user_data[TOKEN_STARTS_KEY] = doc.to_array(IDX).tolist()
    return starts


DEFAULT_MODEL = "fr_core_news_md"


def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load ``model`` once per process (cached), with recoupe's components.
    Raises a clear error when the model package is not installed.
    ``load_nlp()`` and ``load_nlp("fr_core_news_md")`` share one cache entry
    (a second copy of the model would cost ~330 MB).

    The model's layers multiply their matrices with numpy's BLAS (OpenBLAS), not
    thinc's default BLIS: the same products (the same 34 store tables after 3,000
    OrangeSum articles), 3-4x faster on one core of the 2-core reference machine
    (AMD EPYC), where the whole analysis takes ~25 % less time. Run it on one BLAS
    thread per process (``one_blas_thread``): the workers are the parallelism."""
    return _load_nlp(model)


@lru_cache(maxsize=2)
def _load_nlp(model: str) -> Language:
    import spacy
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    previous = get_current_ops()
    set_current_ops(NumpyOps(use_blis=False))  # each layer takes the current ops when it is built
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise RecoupeError(
            f"spaCy model {model!r} is not installed: pip install {model.replace('_', '-')}"
        ) from exc
    finally:
        set_current_ops(previous)
    if "recoupe_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("recoupe_line_breaks", before="parser")
    index_as_sets(nlp)
    return nlp


@lru_cache(maxsize=1)
def _blas_controller() -> ThreadpoolController:
    return ThreadpoolController()  # finds the BLAS libraries loaded so far: numpy's, imported above


def one_blas_thread() -> AbstractContextManager[object]:
    """A context in which numpy's BLAS runs on one thread. An analysis process uses one
    core; ``--workers`` sets how many run side by side. On its default thread count,
    OpenBLAS would start one thread per core in every worker, all competing."""
    return _blas_controller().limit(limits=1, user_api="blas")


def index_as_sets(nlp: Language) -> None:
    """The rule lemmatizer's ``lemma_index`` holds one word *list* per part of
    speech (66,191 verbs in fr_core_news_md), and every lemma it computes tests
    ``word in list`` once or more: ~40 % of the pipeline's time. Frozen sets
    answer the same membership tests, so every lemma is unchanged."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for pos, words in list(table.items()):
        if isinstance(words, list):
            table[pos] = frozenset(words)
