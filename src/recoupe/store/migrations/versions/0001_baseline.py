"""baseline: the schema as it was when migrations were introduced

Revision ID: 0001
Revises:
Create Date: 2026-05-01

Every table and index is created with IF NOT EXISTS, and the ``schema_version``
row only when absent: a store made before Alembic (same tables, no
``alembic_version``) goes through this revision unchanged, any table it lacks
is added, and it is then at the baseline. Frozen: later schema changes are
new revisions, never edits here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLES = ("meta", "articles", "removals", "entities", "entity_names", "mentions", "quotes", "dates", "claims",
          "stances", "signals", "disputes", "clusters", "corpus_state", "rejects", "registry_entries",
          "registry_links", "registry_aliases", "registry_rules", "registry_pairs")


def _col(name: str, type_: sa.types.TypeEngine | type, *fk: sa.ForeignKey, null: bool = False,
         pk: bool = False) -> sa.Column:
    return sa.Column(name, type_, *fk, nullable=null, primary_key=pk)


def _cascade(target: str) -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete="CASCADE")


def _article_id(*, pk: bool = False) -> sa.Column:
    return _col("article_id", sa.String(255), _cascade("articles.id"), pk=pk)


def _table(name: str, *columns: sa.Column) -> None:
    op.create_table(name, *columns, if_not_exists=True)


def _index(name: str, table: str, *columns: str) -> None:
    op.create_index(name, table, list(columns), if_not_exists=True)


def _store_tables() -> None:
    _table("meta", _col("key", sa.String(64), pk=True), _col("value", sa.Text))
    _table("articles", _col("id", sa.String(255), pk=True), _col("source", sa.Text),
           _col("content_hash", sa.String(64)), _col("title", sa.Text, null=True), _col("url", sa.Text, null=True),
           _col("outlet", sa.Text, null=True), _col("published", sa.String(32), null=True),
           _col("published_source", sa.String(32), null=True), _col("author", sa.Text, null=True),
           _col("credited_source", sa.Text, null=True), _col("body", sa.Text), _col("n_tokens", sa.Integer),
           _col("analysed_at", sa.String(32)), _col("versions", sa.Text))
    _table("removals", _article_id(), _col("seq", sa.Integer), _col("line", sa.Integer),
           _col("rule", sa.String(64)), _col("text", sa.Text))
    _table("entities", _col("id", sa.String(32), pk=True), _article_id(), _col("seq", sa.Integer),
           _col("name", sa.Text), _col("name_key", sa.Text), _col("type", sa.String(16)), _col("aliases", sa.Text),
           _col("wikidata", sa.String(32), null=True), _col("merge_reasons", sa.Text),
           _col("n_mentions", sa.Integer))
    _table("entity_names", _col("entity_id", sa.String(32), _cascade("entities.id"), pk=True),
           _col("key", sa.Text, pk=True), _article_id())
    _table("mentions", _col("id", sa.String(32), pk=True), _col("entity_id", sa.String(32), _cascade("entities.id")),
           _article_id(), _col("seq", sa.Integer), _col("text", sa.Text), _col("start", sa.Integer),
           _col("end", sa.Integer), _col("label", sa.String(16)), _col("as_actor", sa.Boolean))
    _table("quotes", _col("id", sa.String(32), pk=True), _article_id(), _col("seq", sa.Integer),
           _col("text", sa.Text), _col("start", sa.Integer), _col("end", sa.Integer), _col("kind", sa.String(16)),
           _col("speaker", sa.Text, null=True), _col("speaker_key", sa.Text, null=True),
           _col("speaker_type", sa.String(16), null=True), _col("speaker_start", sa.Integer, null=True),
           _col("speaker_end", sa.Integer, null=True), _col("cue", sa.Text, null=True),
           _col("polarity", sa.String(16), null=True), _col("anonymous", sa.Boolean),
           _col("status", sa.String(16)), _col("sentence_start", sa.Integer), _col("sentence_end", sa.Integer))
    _table("dates", _col("id", sa.String(32), pk=True), _article_id(), _col("seq", sa.Integer),
           _col("text", sa.Text), _col("start", sa.Integer), _col("end", sa.Integer),
           _col("value", sa.String(64), null=True), _col("kind", sa.String(16)),
           _col("anchor", sa.String(32), null=True), _col("anchor_source", sa.String(16), null=True))
    _table("claims", _col("id", sa.String(32), pk=True), _article_id(), _col("seq", sa.Integer),
           _col("text", sa.Text), _col("start", sa.Integer), _col("end", sa.Integer), _col("status", sa.String(16)),
           _col("kind", sa.String(16)), _col("quote_start", sa.Integer, null=True),
           _col("date", sa.String(32), null=True), _col("date_source", sa.String(16), null=True),
           _col("cues", sa.Text))


def _derived_tables() -> None:
    _table("stances", _col("id", sa.String(32), pk=True), _article_id(), _col("seq", sa.Integer),
           _col("actor", sa.Text), _col("actor_key", sa.Text), _col("issue", sa.String(255)),
           _col("stance", sa.String(16)), _col("start", sa.Integer), _col("end", sa.Integer),
           _col("evidence", sa.Text), _col("confidence", sa.Float), _col("date", sa.String(32), null=True),
           _col("quote_start", sa.Integer, null=True), _col("cues", sa.Text))
    _table("signals", _col("id", sa.String(32), pk=True), _article_id(), _col("seq", sa.Integer),
           _col("name", sa.String(64)), _col("value", sa.Float), _col("explanation", sa.Text),
           _col("evidence", sa.Text))
    ends = [_col(f"{end}_{name}", typ, null=True) for end in ("a", "b") for name, typ in (
        ("article_id", sa.String(255)), ("actor", sa.Text), ("text", sa.Text), ("start", sa.Integer),
        ("end", sa.Integer), ("date", sa.String(32)), ("stance", sa.String(16)))]
    _table("disputes", _col("id", sa.String(32), pk=True), _col("seq", sa.Integer), _col("kind", sa.String(16)),
           _col("issue", sa.String(255), null=True), _col("score", sa.Float), _col("explanation", sa.Text), *ends)
    _table("clusters", _col("kind", sa.String(16), pk=True), _col("cluster_id", sa.String(64), pk=True),
           _article_id(pk=True), _col("score", sa.Float))
    _table("corpus_state", _article_id(pk=True), _col("issues_hash", sa.String(32)))
    _table("rejects", _col("id", sa.String(32), pk=True), _col("source", sa.Text), _col("stage", sa.String(16)),
           _col("reason", sa.String(64)), _col("detail", sa.Text), _col("at", sa.String(32)))


def _registry_tables() -> None:
    _table("registry_entries", _col("id", sa.String(32), pk=True), _col("name", sa.Text),
           _col("name_key", sa.Text), _col("type", sa.String(16)), _col("wikidata", sa.String(32), null=True),
           _col("n_articles", sa.Integer), _col("n_mentions", sa.Integer))
    _table("registry_links", _col("entity_id", sa.String(32), _cascade("entities.id"), pk=True), _article_id(),
           _col("name", sa.Text), _col("key", sa.Text), _col("type", sa.String(16)), _col("partial", sa.Boolean),
           _col("ambiguous", sa.Boolean), _col("gaz_id", sa.String(255), null=True),
           _col("gaz_name", sa.Text, null=True), _col("gaz_type", sa.String(16), null=True),
           _col("alias_keys", sa.Text), _col("aliases", sa.Text), _col("n_mentions", sa.Integer),
           _col("registry_id", sa.String(32), null=True), _col("reason", sa.String(64), null=True),
           _col("score", sa.Float, null=True))
    _table("registry_aliases", _col("registry_id", sa.String(32), _cascade("registry_entries.id"), pk=True),
           _col("key", sa.Text, pk=True), _col("alias", sa.Text), _col("reason", sa.String(64)),
           _col("score", sa.Float), _col("via", sa.Text, null=True), _col("n_articles", sa.Integer))
    _table("registry_rules", _col("id", sa.String(32), pk=True), _col("seq", sa.Integer), _col("kind", sa.String(16)),
           _col("a_key", sa.Text), _col("a_type", sa.String(16)), _col("b_key", sa.Text), _col("b_type", sa.String(16)),
           _col("a_name", sa.Text), _col("b_name", sa.Text), _col("created_at", sa.String(32)))
    _table("registry_pairs", _col("type", sa.String(16), pk=True), _col("a_key", sa.Text, pk=True),
           _col("b_key", sa.Text, pk=True), _col("score", sa.Float))


INDEXES = (
    ("ix_removals_article", "removals", "article_id"),
    ("ix_entities_article", "entities", "article_id"),
    ("ix_entities_name", "entities", "name", "type"),
    ("ix_entities_name_key", "entities", "name_key"),
    ("ix_entity_names_article", "entity_names", "article_id"),
    ("ix_entity_names_key", "entity_names", "key"),
    ("ix_mentions_article", "mentions", "article_id"),
    ("ix_mentions_entity", "mentions", "entity_id"),
    ("ix_quotes_article", "quotes", "article_id"),
    ("ix_quotes_speaker", "quotes", "speaker"),
    ("ix_quotes_speaker_key", "quotes", "speaker_key", "article_id"),
    ("ix_dates_article", "dates", "article_id"),
    ("ix_claims_article", "claims", "article_id"),
    ("ix_claims_status", "claims", "status"),
    ("ix_stances_article", "stances", "article_id"),
    ("ix_stances_issue_actor", "stances", "issue", "actor_key"),
    ("ix_signals_article", "signals", "article_id"),
    ("ix_clusters_article", "clusters", "article_id"),
    ("ix_registry_links_article", "registry_links", "article_id"),
    ("ix_registry_links_registry", "registry_links", "registry_id"),
    ("ix_registry_aliases_key", "registry_aliases", "key"),
)


def upgrade() -> None:
    _store_tables()
    _derived_tables()
    _registry_tables()
    for name, table, *columns in INDEXES:
        _index(name, table, *columns)
    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    has_version = op.get_bind().execute(sa.select(sa.func.count()).select_from(meta)
                                        .where(meta.c.key == "schema_version")).scalar_one()
    if not has_version:  # the format marker that recoupe releases before Alembic check
        op.bulk_insert(meta, [{"key": "schema_version", "value": "1"}])


def downgrade() -> None:
    for name, table, *_columns in INDEXES:
        op.drop_index(name, table_name=table)
    for name in reversed(TABLES):
        op.drop_table(name)
