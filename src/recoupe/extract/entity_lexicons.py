"""Word lists used by the entity extractor (data files in ``recoupe/data``)
and the French common-word test built from the spaCy model's lemmatizer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def read_lexicon(name: str) -> frozenset[str]:
    """Lowercase entries of ``data/<name>``; ``#`` starts a comment."""
    text = resources.files("recoupe").joinpath("data", name).read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(w.replace("’", "'") for w in words if w)


@dataclass(frozen=True, slots=True)
class EntityLexicons:
    datewords: frozenset[str]
    stopwords: frozenset[str]
    titles: frozenset[str]
    roles: frozenset[str]
    org_heads: frozenset[str]
    actor_verbs: frozenset[str]
    features: frozenset[str] = frozenset()  # "golfe", "mer": head a place name with "de"
    place_nouns: frozenset[str] = frozenset()  # "port de X", "la capitale X": X is a place
    place_preps: frozenset[str] = frozenset()  # "à X", "en X": X is a place ...
    dative: frozenset[str] = frozenset()  # ... unless "répondre à X", "l'aide à X"
    vessels: frozenset[str] = frozenset()  # "le chalutier « X »": X is a ship
    directions: frozenset[str] = frozenset()  # "Nord" alone is a direction


@lru_cache(maxsize=1)
def default_lexicons() -> EntityLexicons:
    return EntityLexicons(
        datewords=read_lexicon("entity_datewords.txt"),
        stopwords=read_lexicon("entity_stopwords.txt"),
        titles=read_lexicon("entity_titles.txt"),
        roles=read_lexicon("entity_roles.txt"),
        org_heads=read_lexicon("entity_org_heads.txt"),
        actor_verbs=read_lexicon("entity_actor_verbs.txt"),
        features=read_lexicon("entity_features.txt"),
        place_nouns=read_lexicon("entity_place_nouns.txt"),
        place_preps=read_lexicon("entity_place_preps.txt"),
        dative=read_lexicon("entity_dative.txt"),
        vessels=read_lexicon("entity_vessels.txt"),
        directions=read_lexicon("entity_directions.txt"),
    )


@lru_cache(maxsize=4)
def model_common_words(model: str | None = None) -> Callable[[str], bool]:
    """``word -> bool``: is this lowercase word a French common word (noun,
    verb, adjective, adverb or one of their inflections) in the lemmatizer
    tables of ``model`` (default: the pipeline's, from the same cache)?
    Proper names ("trump", "moscou") are not in them.
    Falls back to "never" when the model has no lookup lemmatizer."""
    from recoupe.nlp import load_nlp

    nlp = load_nlp() if model is None else load_nlp(model)  # the pipeline's, when it uses the default model
    if "lemmatizer" not in nlp.pipe_names:
        return lambda word: False
    lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    if not lookups.has_table("lemma_index"):
        return lambda word: False
    index: set[str] = set()
    for words in lookups.get_table("lemma_index").values():
        index.update(words)
    forms = lookups.get_table("lemma_lookup") if lookups.has_table("lemma_lookup") else {}
    frozen = frozenset(index)

    def is_common(word: str) -> bool:
        return word in frozen or word in forms

    return is_common
