"""The store's schema, in SQLAlchemy Core so SQLite and PostgreSQL share it.

Every row id is a content hash (``recoupe.records.content_hash``), so saving
the same analysis twice adds nothing. Child tables carry a ``seq`` column:
the record's position in its tuple, so reading back rebuilds the records in
their original order. ``*_key`` columns hold accent- and case-folded names
for lookups (see :func:`recoupe.store.rows.fold`).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
)

# The format marker in meta['schema_version'], which recoupe releases from before Alembic check
# (they refuse a store with a higher one). Schema changes are Alembic revisions
# (recoupe/store/migrations/versions); bump this only in a revision that those releases could not read.
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

# -- derived tables: written by corpus analysis, read by the CLI, API and briefing --------

stances = Table(
    "stances",
    metadata,
    Column("id", String(32), primary_key=True),
    _article_fk(),
    Column("seq", Integer, nullable=False),
    Column("actor", Text, nullable=False),
    Column("actor_key", Text, nullable=False),
    Column("issue", String(255), nullable=False),
    Column("stance", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("date", String(32)),
    Column("quote_start", Integer),
    Column("cues", Text, nullable=False),  # JSON list
)

signals = Table(
    "signals",
    metadata,
    Column("id", String(32), primary_key=True),
    _article_fk(),
    Column("seq", Integer, nullable=False),
    Column("name", String(64), nullable=False),
    Column("value", Float, nullable=False),
    Column("explanation", Text, nullable=False),
    Column("evidence", Text, nullable=False),  # JSON [[start, end], ...]
)

disputes = Table(
    "disputes",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("issue", String(255)),
    Column("score", Float, nullable=False),
    Column("explanation", Text, nullable=False),
    *(Column(f"{end}_{name}", typ) for end in ("a", "b") for name, typ in (
        ("article_id", String(255)), ("actor", Text), ("text", Text), ("start", Integer), ("end", Integer),
        ("date", String(32)), ("stance", String(16)))),
)

clusters = Table(
    "clusters",
    metadata,
    Column("kind", String(16), primary_key=True),  # story | wire
    Column("cluster_id", String(64), primary_key=True),
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("score", Float, nullable=False),
)

corpus_state = Table(
    "corpus_state",
    metadata,
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("issues_hash", String(32), nullable=False),  # the issues file the article's stances were computed for
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
Index("ix_stances_article", stances.c.article_id)
Index("ix_stances_issue_actor", stances.c.issue, stances.c.actor_key)
Index("ix_signals_article", signals.c.article_id)
Index("ix_clusters_article", clusters.c.article_id)
# Read-side indexes (lists newest first, filters, lookups by folded name; recoupe.web.queries, store.queries).
Index("ix_articles_newest", func.coalesce(articles.c.published, ""), articles.c.id)  # undated last, both backends
Index("ix_articles_published", articles.c.published, articles.c.id)
Index("ix_articles_outlet", func.lower(articles.c.outlet))
Index("ix_quotes_article_seq", quotes.c.article_id, quotes.c.seq)
Index("ix_quotes_status", quotes.c.status)
Index("ix_entities_key_article", entities.c.name_key, entities.c.article_id)
Index("ix_entities_wikidata", entities.c.name, entities.c.type, entities.c.wikidata)  # max(wikidata) by one seek
Index("ix_entities_group_article", entities.c.name, entities.c.type, entities.c.article_id)  # an entity's articles
Index("ix_entity_names_key_article", entity_names.c.key, entity_names.c.article_id)
Index("ix_stances_actor", stances.c.actor_key)

# Children first: the order in which an article's rows are deleted.
ARTICLE_CHILDREN = (mentions, entity_names, entities, quotes, dates, claims, removals,
                    stances, signals, clusters, corpus_state)
DATA_TABLES = (articles, removals, entities, entity_names, mentions, quotes, dates, claims, rejects,
               stances, signals, disputes, clusters)

# -- the corpus-wide entity registry (recoupe.corpus.registry) ----------------------------

# One row per article entity: the form it gives the registry and the entry it is linked to.
# Deleted with its entity (so a re-analysed article is re-linked).
registry_links = Table(
    "registry_links",
    metadata,
    Column("entity_id", String(32), ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    _article_fk(),
    Column("name", Text, nullable=False),  # the entity's canonical name in its article
    Column("key", Text, nullable=False),  # fold(name)
    Column("type", String(16), nullable=False),
    Column("partial", Boolean, nullable=False),  # a lone surname or an initial (PER)
    Column("ambiguous", Boolean, nullable=False),  # partial, and its article has another person of that surname
    Column("gaz_id", String(255)),  # wikidata id, or "gaz:<name>" for a gazetteer entry without one
    Column("gaz_name", Text),
    Column("gaz_type", String(16)),
    Column("alias_keys", Text, nullable=False),  # JSON list: folded multi-word aliases (link evidence)
    Column("aliases", Text, nullable=False),  # JSON list: every alias as written
    Column("n_mentions", Integer, nullable=False),
    Column("registry_id", String(32)),
    Column("reason", String(64)),  # exact | alias | surname | fuzzy:<score> | gazetteer:<id> | user
    Column("score", Float),
)

registry_entries = Table(
    "registry_entries",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("wikidata", String(32)),
    Column("n_articles", Integer, nullable=False),
    Column("n_mentions", Integer, nullable=False),
)

# Every name an entry answers to, with the evidence that brought it in.
registry_aliases = Table(
    "registry_aliases",
    metadata,
    Column("registry_id", String(32), ForeignKey("registry_entries.id", ondelete="CASCADE"), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("alias", Text, nullable=False),
    Column("reason", String(64), nullable=False),
    Column("score", Float, nullable=False),
    Column("via", Text),  # the name it was linked to
    Column("n_articles", Integer, nullable=False),
)

# User corrections, applied after automatic linking on every update.
registry_rules = Table(
    "registry_rules",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # merge | split
    Column("a_key", Text, nullable=False),
    Column("a_type", String(16), nullable=False),
    Column("b_key", Text, nullable=False),
    Column("b_type", String(16), nullable=False),
    Column("a_name", Text, nullable=False),
    Column("b_name", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)

Index("ix_registry_links_article", registry_links.c.article_id)
Index("ix_registry_links_registry", registry_links.c.registry_id)
Index("ix_registry_aliases_key", registry_aliases.c.key)

# Similar-spelling pairs of registry forms (same type), kept so that an update scores only new forms.
registry_pairs = Table(
    "registry_pairs",
    metadata,
    Column("type", String(16), primary_key=True),
    Column("a_key", Text, primary_key=True),
    Column("b_key", Text, primary_key=True),
    Column("score", Float, nullable=False),
)

# -- corpus-pass state (recoupe.corpus.state): what lets a pass touch only what changed ----
# No foreign key to articles: a row outlives its article (re-saved or deleted) until the
# next corpus pass takes back what that article had contributed.

# One row per article a corpus pass has indexed: its story features and its registry forms.
corpus_docs = Table(
    "corpus_docs",
    metadata,
    Column("article_id", String(255), primary_key=True),
    Column("day", Integer),  # publication date as a proleptic ordinal; NULL when undated
    Column("norm", Float, nullable=False),
    Column("vector", Text, nullable=False),  # JSON {"e:name" | "t:stem": weight}
    Column("agencies", Text, nullable=False),  # JSON list: the agencies it credits
    Column("forms", Text, nullable=False),  # JSON [[type, key, ambiguous], ...]: its registry forms
)

# MinHash LSH buckets of the wire-copy index: articles that share a (band, bucket) are compared.
cluster_bands = Table(
    "cluster_bands",
    metadata,
    Column("bucket", BigInteger, primary_key=True),  # 63-bit digest of the band's hash values
    Column("band", Integer, primary_key=True),
    Column("article_id", String(255), primary_key=True),
)

# Article pairs (a < b) above the wire or story threshold: groups are their connected components.
cluster_edges = Table(
    "cluster_edges",
    metadata,
    Column("kind", String(16), primary_key=True),  # story | wire
    Column("a", String(255), primary_key=True),
    Column("b", String(255), primary_key=True),
    Column("score", Float, nullable=False),  # cosine (story) or Jaccard (wire)
    Column("containment", Float),  # wire only
)

# Each stored stance's actor as read in its article and as the registry named it (by stance seq).
stance_actors = Table(
    "stance_actors",
    metadata,
    Column("article_id", String(255), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("issue", String(255), nullable=False),
    Column("actor_raw", Text, nullable=False),
    Column("actor", Text, nullable=False),
)

# Denials and hedged claims of each article (recoupe.corpus.denials), paired across articles.
dispute_statements = Table(
    "dispute_statements",
    metadata,
    Column("article_id", String(255), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("role", String(16), nullable=False),  # denial | claim
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("issue", String(255)),
    Column("strength", Float, nullable=False),
    Column("cue", Text, nullable=False),
    Column("named", Text, nullable=False),  # JSON list: every entity named in the sentence
    Column("date", String(32)),
    Column("anaphoric", Boolean, nullable=False),
)

# Measured figures of each article's sentences, compared across articles (factual disputes).
dispute_figures = Table(
    "dispute_figures",
    metadata,
    Column("article_id", String(255), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("start", Integer, nullable=False),  # the sentence
    Column("end", Integer, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("unit", String(32), nullable=False),
    Column("measure_key", Text, nullable=False),  # fold(measure)
    Column("measure", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("text", Text, nullable=False),  # the figure as written
    Column("words", Text, nullable=False),  # JSON list: the sentence's words
    Column("issue", String(255)),  # the first issue the sentence links to
    Column("source", Text, nullable=False),  # outlet, else credited source, else article id
    Column("published", String(32)),
)

# One row per registry form (folded name, type, ambiguity): its entry, and the keys its neighbours are found by.
registry_forms = Table(
    "registry_forms",
    metadata,
    Column("key", Text, primary_key=True),
    Column("type", String(16), primary_key=True),
    Column("ambiguous", Boolean, primary_key=True),
    Column("partial", Boolean, nullable=False),
    Column("surname", Text, nullable=False),  # last distinctive word of the name
    Column("block", Text, nullable=False),  # the similar-spelling block it is compared within
    Column("registry_id", String(32)),
)

Index("ix_corpus_docs_day", corpus_docs.c.day)
Index("ix_cluster_bands_article", cluster_bands.c.article_id)
Index("ix_cluster_edges_b", cluster_edges.c.kind, cluster_edges.c.b)
Index("ix_dispute_statements_issue", dispute_statements.c.issue)
Index("ix_dispute_figures_measure", dispute_figures.c.unit, dispute_figures.c.measure_key)
Index("ix_registry_forms_surname", registry_forms.c.type, registry_forms.c.surname)
Index("ix_registry_forms_block", registry_forms.c.block)
Index("ix_registry_forms_entry", registry_forms.c.registry_id)
Index("ix_registry_links_key", registry_links.c.key, registry_links.c.type)
Index("ix_registry_links_gaz", registry_links.c.gaz_id)
Index("ix_registry_pairs_b", registry_pairs.c.type, registry_pairs.c.b_key)
Index("ix_disputes_a_article", disputes.c.a_article_id)
Index("ix_disputes_b_article", disputes.c.b_article_id)
Index("ix_disputes_issue", disputes.c.kind, disputes.c.issue)
CORPUS_STATE_TABLES = (corpus_docs, cluster_bands, cluster_edges, stance_actors, dispute_statements, dispute_figures)


# -- read-side summaries (recoupe.store.summary) -----------------------------------------
# Corpus-wide aggregates kept equal to the raw rows by every save and delete (in the same
# transaction), so that no request groups every row of a large store.

# One row per (name, type) of article entities.
entity_stats = Table(
    "entity_stats",
    metadata,
    Column("name", Text, primary_key=True),
    Column("type", String(16), primary_key=True),
    Column("name_key", Text, nullable=False),  # fold(name)
    Column("sort_key", Text, nullable=False),  # name.casefold(): ties in name order, case ignored
    Column("n_articles", Integer, nullable=False),  # articles naming it
    Column("n_mentions", Integer, nullable=False),
    Column("n_quotes", Integer, nullable=False),  # its articles' quotes spoken under its name (compatible type)
    Column("wikidata", String(32)),  # the greatest of its rows'
)

# The aliases of each (name, type): every alias (other than the name) of any of its entity rows.
entity_stat_aliases = Table(
    "entity_stat_aliases",
    metadata,
    Column("name", Text, primary_key=True),
    Column("type", String(16), primary_key=True),
    Column("alias", Text, primary_key=True),
    Column("key", Text, nullable=False),  # fold(alias)
    Column("name_key", Text, nullable=False),  # fold(name)
    Column("n_rows", Integer, nullable=False),  # entity rows that list it
)

# Quotes per folded speaker name (quotes.speaker_key).
speaker_stats = Table(
    "speaker_stats",
    metadata,
    Column("key", Text, primary_key=True),
    Column("n_quotes", Integer, nullable=False),
)

# Articles per publication day and outlet.
article_days = Table(
    "article_days",
    metadata,
    Column("day", String(10), primary_key=True),  # the first 10 characters of published; "" when undated
    Column("outlet", Text, primary_key=True),  # "" when none
    Column("n_articles", Integer, nullable=False),
)

# Named counters: "articles", "quotes:<status>:<kind>", "entities:<type>" (distinct (name, type)).
summary_counts = Table(
    "summary_counts",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("n", Integer, nullable=False),
)

# Every word of the folded name and aliases of each (name, type): entity search by word prefix.
entity_words = Table(
    "entity_words",
    metadata,
    Column("name", Text, primary_key=True),
    Column("type", String(16), primary_key=True),
    Column("word", Text, primary_key=True),
)

Index("ix_entity_stats_rank", entity_stats.c.n_articles.desc(), entity_stats.c.n_mentions.desc(),
      entity_stats.c.sort_key, entity_stats.c.type, entity_stats.c.name)
Index("ix_entity_stats_type_rank", entity_stats.c.type, entity_stats.c.n_articles.desc(),
      entity_stats.c.n_mentions.desc(), entity_stats.c.sort_key, entity_stats.c.name)
Index("ix_entity_stats_key", entity_stats.c.name_key)
Index("ix_entity_stats_group_rank", entity_stats.c.name, entity_stats.c.type, entity_stats.c.n_articles,
      entity_stats.c.n_mentions, entity_stats.c.sort_key, entity_stats.c.name_key)  # ranks found groups, index only
Index("ix_entity_stat_aliases_key", entity_stat_aliases.c.key)
Index("ix_entity_stat_aliases_name_key", entity_stat_aliases.c.name_key)
Index("ix_entity_words_word", entity_words.c.word, entity_words.c.name, entity_words.c.type)
SUMMARY_TABLES = (entity_stats, entity_stat_aliases, entity_words, speaker_stats, article_days, summary_counts)
