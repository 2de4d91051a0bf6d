"""read-side summaries and indexes; corpus-pass state for incremental analysis

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

Read side (issue #8, query latency at 36,000+ articles): summary tables
maintained by every save and delete (``recoupe.store.summary``: per-entity
counts, aliases and words, per-speaker quote counts, articles per day and
outlet, row counts) and the indexes the API's lists and filters walk. The
summaries of an existing store are filled here from its rows.

Corpus pass (incremental analysis): each article's story features and
registry forms, the MinHash bands and pair edges of the wire/story index,
stance actors, dispute statements and figures, registry forms. They start
empty on an existing store; the next corpus pass indexes every article it
finds missing from them.

The ``ix_web_*`` indexes that recoupe's web app used to create on open are
replaced by the declared ones.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OLD_WEB_INDEXES = (
    "ix_web_articles_published",
    "ix_web_articles_outlet",
    "ix_web_quotes_article_seq",
    "ix_web_quotes_status",
    "ix_web_entities_key_article",
    "ix_web_entity_names_key_article",
    "ix_web_entities_group",
)


def upgrade() -> None:
    for name in OLD_WEB_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.create_table(
        "article_days",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("outlet", sa.Text(), nullable=False),
        sa.Column("n_articles", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "outlet"),
        if_not_exists=True,
    )
    op.create_table(
        "cluster_bands",
        sa.Column("bucket", sa.BigInteger(), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("bucket", "band", "article_id"),
        if_not_exists=True,
    )
    op.create_index("ix_cluster_bands_article", "cluster_bands", ["article_id"], unique=False, if_not_exists=True)
    op.create_table(
        "cluster_edges",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("a", sa.String(length=255), nullable=False),
        sa.Column("b", sa.String(length=255), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("containment", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("kind", "a", "b"),
        if_not_exists=True,
    )
    op.create_index("ix_cluster_edges_b", "cluster_edges", ["kind", "b"], unique=False, if_not_exists=True)
    op.create_table(
        "corpus_docs",
        sa.Column("article_id", sa.String(length=255), nullable=False),
        sa.Column("day", sa.Integer(), nullable=True),
        sa.Column("norm", sa.Float(), nullable=False),
        sa.Column("vector", sa.Text(), nullable=False),
        sa.Column("agencies", sa.Text(), nullable=False),
        sa.Column("forms", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("article_id"),
        if_not_exists=True,
    )
    op.create_index("ix_corpus_docs_day", "corpus_docs", ["day"], unique=False, if_not_exists=True)
    op.create_table(
        "dispute_figures",
        sa.Column("article_id", sa.String(length=255), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("measure_key", sa.Text(), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("issue", sa.String(length=255), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("published", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("article_id", "seq"),
        if_not_exists=True,
    )
    op.create_index(
        "ix_dispute_figures_measure", "dispute_figures", ["unit", "measure_key"], unique=False, if_not_exists=True
    )
    op.create_table(
        "dispute_statements",
        sa.Column("article_id", sa.String(length=255), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("issue", sa.String(length=255), nullable=True),
        sa.Column("strength", sa.Float(), nullable=False),
        sa.Column("cue", sa.Text(), nullable=False),
        sa.Column("named", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=32), nullable=True),
        sa.Column("anaphoric", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "seq"),
        if_not_exists=True,
    )
    op.create_index("ix_dispute_statements_issue", "dispute_statements", ["issue"], unique=False, if_not_exists=True)
    op.create_table(
        "entity_stat_aliases",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("n_rows", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", "type", "alias"),
        if_not_exists=True,
    )
    op.create_index("ix_entity_stat_aliases_key", "entity_stat_aliases", ["key"], unique=False, if_not_exists=True)
    op.create_index(
        "ix_entity_stat_aliases_name_key", "entity_stat_aliases", ["name_key"], unique=False, if_not_exists=True
    )
    op.create_table(
        "entity_stats",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("sort_key", sa.Text(), nullable=False),
        sa.Column("n_articles", sa.Integer(), nullable=False),
        sa.Column("n_mentions", sa.Integer(), nullable=False),
        sa.Column("n_quotes", sa.Integer(), nullable=False),
        sa.Column("wikidata", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("name", "type"),
        if_not_exists=True,
    )
    op.create_index(
        "ix_entity_stats_group_rank",
        "entity_stats",
        ["name", "type", "n_articles", "n_mentions", "sort_key", "name_key"],
        unique=False,
        if_not_exists=True,
    )
    op.create_index("ix_entity_stats_key", "entity_stats", ["name_key"], unique=False, if_not_exists=True)
    op.create_index(
        "ix_entity_stats_rank",
        "entity_stats",
        [sa.literal_column("n_articles DESC"), sa.literal_column("n_mentions DESC"), "sort_key", "type", "name"],
        unique=False,
        if_not_exists=True,
    )
    op.create_index(
        "ix_entity_stats_type_rank",
        "entity_stats",
        ["type", sa.literal_column("n_articles DESC"), sa.literal_column("n_mentions DESC"), "sort_key", "name"],
        unique=False,
        if_not_exists=True,
    )
    op.create_table(
        "entity_words",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("word", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", "type", "word"),
        if_not_exists=True,
    )
    op.create_index("ix_entity_words_word", "entity_words", ["word", "name", "type"], unique=False, if_not_exists=True)
    op.create_table(
        "registry_forms",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("ambiguous", sa.Boolean(), nullable=False),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("surname", sa.Text(), nullable=False),
        sa.Column("block", sa.Text(), nullable=False),
        sa.Column("registry_id", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("key", "type", "ambiguous"),
        if_not_exists=True,
    )
    op.create_index("ix_registry_forms_block", "registry_forms", ["block"], unique=False, if_not_exists=True)
    op.create_index("ix_registry_forms_entry", "registry_forms", ["registry_id"], unique=False, if_not_exists=True)
    op.create_index(
        "ix_registry_forms_surname", "registry_forms", ["type", "surname"], unique=False, if_not_exists=True
    )
    op.create_table(
        "speaker_stats",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("n_quotes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
        if_not_exists=True,
    )
    op.create_table(
        "stance_actors",
        sa.Column("article_id", sa.String(length=255), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("issue", sa.String(length=255), nullable=False),
        sa.Column("actor_raw", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "seq"),
        if_not_exists=True,
    )
    op.create_table(
        "summary_counts",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
        if_not_exists=True,
    )
    op.create_index("ix_articles_published", "articles", ["published", "id"], unique=False, if_not_exists=True)
    op.create_index("ix_disputes_a_article", "disputes", ["a_article_id"], unique=False, if_not_exists=True)
    op.create_index("ix_disputes_b_article", "disputes", ["b_article_id"], unique=False, if_not_exists=True)
    op.create_index("ix_disputes_issue", "disputes", ["kind", "issue"], unique=False, if_not_exists=True)
    op.create_index(
        "ix_entities_group_article", "entities", ["name", "type", "article_id"], unique=False, if_not_exists=True
    )
    op.create_index("ix_entities_key_article", "entities", ["name_key", "article_id"], unique=False, if_not_exists=True)
    op.create_index("ix_entities_wikidata", "entities", ["name", "type", "wikidata"], unique=False, if_not_exists=True)
    op.create_index(
        "ix_entity_names_key_article", "entity_names", ["key", "article_id"], unique=False, if_not_exists=True
    )
    op.create_index("ix_quotes_article_seq", "quotes", ["article_id", "seq"], unique=False, if_not_exists=True)
    op.create_index("ix_quotes_status", "quotes", ["status"], unique=False, if_not_exists=True)
    op.create_index("ix_registry_links_gaz", "registry_links", ["gaz_id"], unique=False, if_not_exists=True)
    op.create_index("ix_registry_links_key", "registry_links", ["key", "type"], unique=False, if_not_exists=True)
    op.create_index("ix_registry_pairs_b", "registry_pairs", ["type", "b_key"], unique=False, if_not_exists=True)
    op.create_index("ix_stances_actor", "stances", ["actor_key"], unique=False, if_not_exists=True)
    op.create_index("ix_articles_newest", "articles", [sa.text("coalesce(published, '')"), "id"], if_not_exists=True)
    op.create_index("ix_articles_outlet", "articles", [sa.text("lower(outlet)")], if_not_exists=True)
    from recoupe.store import summary

    summary.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_stances_actor", table_name="stances", if_exists=True)
    op.drop_index("ix_registry_pairs_b", table_name="registry_pairs", if_exists=True)
    op.drop_index("ix_registry_links_key", table_name="registry_links", if_exists=True)
    op.drop_index("ix_registry_links_gaz", table_name="registry_links", if_exists=True)
    op.drop_index("ix_quotes_status", table_name="quotes", if_exists=True)
    op.drop_index("ix_quotes_article_seq", table_name="quotes", if_exists=True)
    op.drop_index("ix_entity_names_key_article", table_name="entity_names", if_exists=True)
    op.drop_index("ix_entities_wikidata", table_name="entities", if_exists=True)
    op.drop_index("ix_entities_key_article", table_name="entities", if_exists=True)
    op.drop_index("ix_entities_group_article", table_name="entities", if_exists=True)
    op.drop_index("ix_disputes_issue", table_name="disputes", if_exists=True)
    op.drop_index("ix_disputes_b_article", table_name="disputes", if_exists=True)
    op.drop_index("ix_disputes_a_article", table_name="disputes", if_exists=True)
    op.drop_index("ix_articles_published", table_name="articles", if_exists=True)
    op.drop_index("ix_registry_forms_surname", table_name="registry_forms", if_exists=True)
    op.drop_index("ix_registry_forms_entry", table_name="registry_forms", if_exists=True)
    op.drop_index("ix_registry_forms_block", table_name="registry_forms", if_exists=True)
    op.drop_index("ix_entity_words_word", table_name="entity_words", if_exists=True)
    op.drop_index("ix_entity_stats_type_rank", table_name="entity_stats", if_exists=True)
    op.drop_index("ix_entity_stats_rank", table_name="entity_stats", if_exists=True)
    op.drop_index("ix_entity_stats_key", table_name="entity_stats", if_exists=True)
    op.drop_index("ix_entity_stats_group_rank", table_name="entity_stats", if_exists=True)
    op.drop_index("ix_entity_stat_aliases_name_key", table_name="entity_stat_aliases", if_exists=True)
    op.drop_index("ix_entity_stat_aliases_key", table_name="entity_stat_aliases", if_exists=True)
    op.drop_index("ix_dispute_statements_issue", table_name="dispute_statements", if_exists=True)
    op.drop_index("ix_dispute_figures_measure", table_name="dispute_figures", if_exists=True)
    op.drop_index("ix_corpus_docs_day", table_name="corpus_docs", if_exists=True)
    op.drop_index("ix_cluster_edges_b", table_name="cluster_edges", if_exists=True)
    op.drop_index("ix_cluster_bands_article", table_name="cluster_bands", if_exists=True)
    op.drop_index("ix_articles_outlet", table_name="articles", if_exists=True)
    op.drop_index("ix_articles_newest", table_name="articles", if_exists=True)
    op.drop_table("summary_counts", if_exists=True)
    op.drop_table("stance_actors", if_exists=True)
    op.drop_table("speaker_stats", if_exists=True)
    op.drop_table("registry_forms", if_exists=True)
    op.drop_table("entity_words", if_exists=True)
    op.drop_table("entity_stats", if_exists=True)
    op.drop_table("entity_stat_aliases", if_exists=True)
    op.drop_table("dispute_statements", if_exists=True)
    op.drop_table("dispute_figures", if_exists=True)
    op.drop_table("corpus_docs", if_exists=True)
    op.drop_table("cluster_edges", if_exists=True)
    op.drop_table("cluster_bands", if_exists=True)
    op.drop_table("article_days", if_exists=True)
