"""The spaCy pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from recoupe.errors import RecoupeError

if TYPE_CHECKING:
    from spacy.language import Language


@lru_cache(maxsize=2)
def load_nlp(model: str = "fr_core_news_md") -> Language:
    """Load ``model`` once per process (cached). Raises a clear error when
    the model package is not installed."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise RecoupeError(
            f"spaCy model {model!r} is not installed: pip install {model.replace('_', '-')}"
        ) from exc
    return nlp
