"""The spaCy pipeline as recoupe loads it: sentence bounds, lemmatizer tables, token offsets."""

from __future__ import annotations

import pytest
import spacy

from recoupe.nlp import index_as_sets, line_breaks, load_nlp, one_blas_thread, token_starts
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def sentences(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents]


def test_a_title_without_period_is_its_own_sentence(nlp):
    text = "Ukraine : Zelensky reçoit Marc Ruttea\nLe secrétaire général de l'OTAN est arrivé jeudi à Kiev."
    assert sentences(nlp, text) == [
        "Ukraine : Zelensky reçoit Marc Ruttea",
        "Le secrétaire général de l'OTAN est arrivé jeudi à Kiev.",
    ]


def test_no_split_inside_a_line_without_final_punctuation(nlp):
    text = "D’après le Kremlin, Vladimir Poutine ne se rendra pas à Istanbul."
    assert sentences(nlp, text) == [text]


def test_closing_quote_stays_with_its_sentence_and_full_stop_then_capital_splits(nlp):
    text = "« Nous ne céderons pas. » Le président a ensuite quitté la salle. « Jamais », a-t-il ajouté."
    assert sentences(nlp, text) == [
        "« Nous ne céderons pas. »",
        "Le président a ensuite quitté la salle.",
        "« Jamais », a-t-il ajouté.",
    ]


def test_line_breaks_on_tiny_and_blank_docs(nlp):
    for text in ("", "x", "\n\n", "  \n  Titre"):
        doc = nlp.make_doc(text)
        assert line_breaks(doc) is doc


def test_token_starts_are_the_token_offsets(nlp):
    doc = nlp.make_doc("L’OTAN,  a dit\nM. Rutte.")
    assert token_starts(doc) == [t.idx for t in doc]
    assert token_starts(doc) is token_starts(doc)  # read once per Doc


def test_lemma_index_as_sets_gives_the_same_lemmas_as_the_packaged_lists(nlp):
    """The packaged lemmatizer tables hold word lists; recoupe turns them into
    sets for speed. Every lemma must stay what the lists give."""
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(words, frozenset) for words in index.values())
    plain = spacy.load("fr_core_news_md", exclude=["ner"])
    plain_index = plain.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert any(isinstance(words, list) for words in plain_index.values())
    text = ("Les négociateurs auraient accepté jeudi les propositions qu'ils avaient rejetées, "
            "ont affirmé des sources diplomatiques ; Kiev dément et les Européens s'inquiètent.")
    expected = [t.lemma_ for t in plain(text)]
    index_as_sets(plain)
    plain.get_pipe("lemmatizer").cache.clear()
    assert [t.lemma_ for t in plain(text)] == expected
    assert [t.lemma_ for t in nlp(text)] == expected


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.pos_, str(t.morph), t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_, t.is_sent_start)
            for t in doc]


def test_the_model_multiplies_with_numpy_blas_and_annotates_as_the_packaged_one(nlp):
    """recoupe builds the model's layers on numpy's BLAS instead of thinc's BLIS (3-4x faster
    products here): every layer must run on it, the ops current before the load must be back,
    and a real article must get the very annotations the packaged model (BLIS) gives it."""
    from thinc.api import NumpyOps, get_current_ops

    ops = {type(node.ops).__name__ + str(getattr(node.ops, "use_blis", None))
           for name in ("tok2vec", "morphologizer", "parser", "ner")
           for node in nlp.get_pipe(name).model.walk()
           # spaCy builds the parsers' output layer on "cpu" ops itself; in prediction
           # its product is made in C, outside the ops
           if not (name in ("parser", "ner") and node.name == "linear")}
    assert ops == {"NumpyOpsFalse"}
    assert not (isinstance(get_current_ops(), NumpyOps) and get_current_ops().use_blis is False)
    packaged = spacy.load("fr_core_news_md")
    packaged.add_pipe("recoupe_line_breaks", before="parser")
    assert {node.ops.use_blis for node in packaged.get_pipe("tok2vec").model.walk()} == {True}
    text = next(SAMPLE.glob("*.txt")).read_text(encoding="utf-8")
    assert len(text) > 1000
    assert _annotations(nlp(text)) == _annotations(packaged(text))


def test_one_blas_thread_holds_numpy_blas_to_one_thread_inside_only():
    from threadpoolctl import threadpool_info

    def blas_threads() -> set[int]:
        return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}

    before = blas_threads()
    assert before, "numpy's BLAS is not visible to threadpoolctl"
    with one_blas_thread():
        assert blas_threads() == {1}
    assert blas_threads() == before
