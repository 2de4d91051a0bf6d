"""The store's schema, in SQLAlchemy Core so SQLite and PostgreSQL share it.

Every row id is a content hash (``recoupe.records.content_hash``), so saving
the same analysis twice adds nothing. Child tables carry a ``seq`` column:
the record's position in its tuple, so reading back rebuilds the records in
their original order. ``*_key`` columns hold accent- and case-folded names
for lookups (see :func:`recoupe.store.rows.fold`).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

SCHEMA_VERSION = 1

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("source", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("outlet", Text),
    Column("published", String(32)),
    Column("published_source", String(32)),
    Column("author", Text),
    Column("credited_source", Text),
    Column("body", Text, nullable=False),
    Column("n_tokens", Integer, nullable=False, default=0),
    Column("analysed_at", String(32), nullable=False),
    Column("versions", Text, nullable=False),  # JSON [[extractor, version], ...]
)


def _article_fk() -> Column[str]:
    return Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


removals = Table(
    "removals",
    metadata,
    _article_fk(),
    Column("seq", Integer, nullable=False),
    Column("line", Integer, nullable=False),
    Column("rule", String(64), nullable=False),
    Column("text", Text, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(32), primary_key=True),
    _article_fk(),
    Column("seq", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("aliases", Text, nullable=False),  # JSON list
    Column("wikidata", String(32)),
    Column("merge_reasons", Text, nullable=False),  # JSON list
    Column("n_mentions", Integer, nullable=False),  # len(mentions), for fast corpus counts
)

# Folded aliases of each entity (those that differ from its folded name):
# what ``quotes(speaker=...)`` looks up besides the quote's own speaker.
entity_names = Table(
    "entity_names",
    metadata,
    Column("entity_id", String(32), ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("key", Text, primary_key=True),
    _article_fk(),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("entity_id", String(32), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    _article_fk(),
    Column("seq", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("label", String(16), nullable=False),
    Column("as_actor", Boolean, nullable=False),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", String(32), primary_key=True),
    _article_fk(),
    Column("seq", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("speaker", Text),
    Column("speaker_key", Text),
    Column("speaker_type", String(16)),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("cue", Text),
    Column("polarity", String(16)),
    Column("anonymous", Boolean, nullable=False),
    Column("status", String(16), nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
)

dates = Table(
    "dates",
    metadata,
    Column("id", String(32), primary_key=True),
    _article_fk(),
    Column("seq", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("value", String(64)),
    Column("kind", String(16), nullable=False),
    Column("anchor", String(32)),
    Column("anchor_source", String(16)),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(32), primary_key=True),
    _article_fk(),
    Column("seq", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("quote_start", Integer),
    Column("date", String(32)),
    Column("date_source", String(16)),
    Column("cues", Text, nullable=False),
)

rejects = Table(
    "rejects",
    metadata,
    Column("id", String(32), primary_key=True),  # content hash of (source, stage, reason)
    Column("source", Text, nullable=False),
    Column("stage", String(16), nullable=False),
    Column("reason", String(64), nullable=False),
    Column("detail", Text, nullable=False),
    Column("at", String(32), nullable=False),
)

Index("ix_removals_article", removals.c.article_id)
Index("ix_entities_article", entities.c.article_id)
Index("ix_entities_name", entities.c.name, entities.c.type)
Index("ix_entities_name_key", entities.c.name_key)
Index("ix_entity_names_article", entity_names.c.article_id)
Index("ix_entity_names_key", entity_names.c.key)
Index("ix_mentions_article", mentions.c.article_id)
Index("ix_mentions_entity", mentions.c.entity_id)
Index("ix_quotes_article", quotes.c.article_id)
Index("ix_quotes_speaker", quotes.c.speaker)
Index("ix_quotes_speaker_key", quotes.c.speaker_key, quotes.c.article_id)
Index("ix_dates_article", dates.c.article_id)
Index("ix_claims_article", claims.c.article_id)
Index("ix_claims_status", claims.c.status)

# Children first: the order in which an article's rows are deleted.
ARTICLE_CHILDREN = (mentions, entity_names, entities, quotes, dates, claims, removals)
DATA_TABLES = (articles, removals, entities, entity_names, mentions, quotes, dates, claims, rejects)
