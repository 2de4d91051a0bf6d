"""The store: analyses, rejects and derived tables in SQLite (default) or any
SQLAlchemy database, through one SQLAlchemy Core schema."""

from recoupe.store.queries import EntityRow, QuoteRow
from recoupe.store.rows import fold
from recoupe.store.schema import SCHEMA_VERSION
from recoupe.store.store import Store

__all__ = ["SCHEMA_VERSION", "EntityRow", "QuoteRow", "Store", "fold"]
