"""Cleaning: strip site furniture and nothing else.

``clean_text`` normalises a text and removes furniture lines (each one
recorded as a :class:`~recoupe.records.Removal`); ``clean_article`` turns a
:class:`~recoupe.records.RawArticle` into an :class:`~recoupe.records.Article`
or a :class:`~recoupe.records.Reject`.
"""

from recoupe.clean.article import clean_article
from recoupe.clean.pipeline import CleanResult, clean_text

__all__ = ["CleanResult", "clean_article", "clean_text"]
