"""DuckDB schema of the event store, versioned, with migrations from older versions.

Tables:
  meta        key/value (``schema_version``)
  articles    one row per article record (an original's id = hash of normalised text; a copy
              of the same text from another outlet has its own id), with metadata, text,
              MinHash signature, ``duplicate_of`` (the original) and ``duplicate_kind``
  lsh_bands   MinHash LSH band hashes of every article, for near-duplicate look-up
  mentions    one row per coded event occurrence, with its evidence (the event record's fields)
  events      deduplicated events: mentions with the same date, source code, target code and
              CAMEO code, with GDELT-style num_mentions / num_sources / num_articles
  actors      one row per actor code and name seen, with mention counts
  quarantine  inputs that could not be read or coded, with the reason
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from communique.model import Event, RecordField, record_fields


_V1 = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS articles (
        article_id VARCHAR PRIMARY KEY, title VARCHAR, text VARCHAR, published VARCHAR,
        author VARCHAR, outlet VARCHAR, dateline VARCHAR, dateline_date VARCHAR, url VARCHAR,
        language VARCHAR, source_path VARCHAR, content_hash VARCHAR, minhash BLOB,
        duplicate_of VARCHAR, first_seen TIMESTAMP)""",
    "CREATE TABLE IF NOT EXISTS lsh_bands (band SMALLINT, bucket UBIGINT, article_id VARCHAR)",
    """CREATE TABLE IF NOT EXISTS mentions (
        mention_id VARCHAR PRIMARY KEY, event_key VARCHAR, article_id VARCHAR, outlet VARCHAR,
        date VARCHAR, date_precision VARCHAR, date_source VARCHAR,
        source_text VARCHAR, source_name VARCHAR, source_code VARCHAR, source_country VARCHAR,
        source_roles VARCHAR[],
        target_text VARCHAR, target_name VARCHAR, target_code VARCHAR, target_country VARCHAR,
        target_roles VARCHAR[],
        event_code VARCHAR, root_code VARCHAR, goldstein DOUBLE, quad_class TINYINT,
        plover_type VARCHAR, plover_mode VARCHAR, plover_context VARCHAR[], negated BOOLEAN,
        location_name VARCHAR, location_country VARCHAR, location_lat DOUBLE, location_lon DOUBLE,
        location_source VARCHAR,
        sentence VARCHAR, sentence_index INTEGER, trigger VARCHAR, start_char INTEGER,
        end_char INTEGER, confidence DOUBLE, seen_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS events (
        event_key VARCHAR PRIMARY KEY, date VARCHAR,
        source_code VARCHAR, source_name VARCHAR, source_country VARCHAR, source_roles VARCHAR[],
        target_code VARCHAR, target_name VARCHAR, target_country VARCHAR, target_roles VARCHAR[],
        event_code VARCHAR, root_code VARCHAR, goldstein DOUBLE, quad_class TINYINT,
        plover_type VARCHAR, plover_mode VARCHAR, plover_context VARCHAR[],
        location_name VARCHAR, location_country VARCHAR, location_lat DOUBLE, location_lon DOUBLE,
        num_mentions INTEGER, num_sources INTEGER, num_articles INTEGER, is_root_event BOOLEAN,
        confidence DOUBLE, first_seen TIMESTAMP, last_seen TIMESTAMP, source_url VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS actors (
        code VARCHAR, name VARCHAR, country VARCHAR, num_mentions INTEGER,
        first_seen TIMESTAMP, last_seen TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS quarantine (
        source_path VARCHAR PRIMARY KEY, reason VARCHAR, first_seen TIMESTAMP)""",
]

# v2: the near-duplicate similarity of a copy to the article it copies, and the location
# confidence of a mention.
_V2 = [
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS near_duplicate_similarity DOUBLE",
    "ALTER TABLE mentions ADD COLUMN IF NOT EXISTS location_confidence DOUBLE",
]

# v3: gazetteer fields of locations (first-level division and feature class).
_V3 = [
    "ALTER TABLE mentions ADD COLUMN IF NOT EXISTS location_admin1 VARCHAR",
    "ALTER TABLE mentions ADD COLUMN IF NOT EXISTS location_feature VARCHAR",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS location_admin1 VARCHAR",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS location_feature VARCHAR",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS location_source VARCHAR",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS location_confidence DOUBLE",
]

# v4: no index on lsh_bands. The near-duplicate query looks buckets up with a hash join (EXPLAIN:
# sequential scan; 0.044 s with the index, 0.038 s without, on a 100k-article store), while
# DuckDB kept the index in memory: about 3 MiB per 1,000 original articles.
_V4 = ["DROP INDEX IF EXISTS lsh_lookup"]

# v5: copies. ``text_id`` is the hash of the normalised text (the article id of an original);
# a copy of the same text from another outlet or URL has its own ``article_id`` and
# ``duplicate_kind`` 'copy' (near-duplicates: 'near-duplicate').
_V5 = [
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS text_id VARCHAR",
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS duplicate_kind VARCHAR",
    "UPDATE articles SET text_id = article_id WHERE text_id IS NULL",
    "UPDATE articles SET duplicate_kind = 'near-duplicate' WHERE duplicate_of IS NOT NULL AND duplicate_kind IS NULL",
]

HISTORY: dict[int, list[str]] = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5}
"""The migrations as they were written, up to version 5. A later version's new event-record
columns need no hand-written DDL: :data:`MIGRATIONS` adds them from their ``since``."""

INDEXES = [
    "CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event_key)",
    "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id)",
]


# -- the mentions table, column by column ---------------------------------------------------------

ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(), "VARCHAR[]": pa.list_(pa.string()), "DOUBLE": pa.float64(),
    "INTEGER": pa.int32(), "TINYINT": pa.int8(), "BOOLEAN": pa.bool_(), "TIMESTAMP": pa.timestamp("us"),
}
"""The Arrow type of the insert batch for each DuckDB column type."""


@dataclass(frozen=True)
class Column:
    """One column of the ``mentions`` table: where its value comes from and how it is typed.

    Attributes:
        name: column name (also the Arrow field name of the insert batch).
        sql: its DuckDB type as ``DESCRIBE`` shows it (``VARCHAR``, ``VARCHAR[]``, ``DOUBLE`` …).
        value: ``value(event, row)`` gives the column's value for one mention; ``row`` holds
            the per-mention values that do not come from the Event: ``mention_id``,
            ``event_key``, ``article_id``, ``outlet``, ``seen_at``.
        since: the schema version that added the column (the migrations of :data:`MIGRATIONS`
            add them in this order, so the list is the table's physical column order).
    """

    name: str
    sql: str
    value: Callable[[Event, Mapping[str, Any]], Any]
    since: int = 1

    @property
    def arrow(self) -> pa.DataType:
        """Its Arrow type in the insert batch."""
        return ARROW_TYPES[self.sql]


def _row(key: str) -> Callable[[Event, Mapping[str, Any]], Any]:
    return lambda e, row: row[key]


def _field(f: RecordField) -> Callable[[Event, Mapping[str, Any]], Any]:
    return lambda e, row: f.value(e)


ROW_COLUMNS = ("mention_id", "event_key", "article_id", "outlet", "seen_at")
"""The mention columns set by the store, not the Event (``article_id``: a copy's record
gives its mentions its own id)."""

_ROW_TYPES = {"mention_id": "VARCHAR", "event_key": "VARCHAR", "article_id": "VARCHAR", "outlet": "VARCHAR",
              "seen_at": "TIMESTAMP"}
_RECORD = [f for f in record_fields() if f.column not in ROW_COLUMNS]

MENTION_COLUMNS: tuple[Column, ...] = (
    *(Column(name, _ROW_TYPES[name], _row(name)) for name in ROW_COLUMNS[:4]),
    *(Column(f.column, f.sql, _field(f)) for f in _RECORD if f.since == 1),
    Column("seen_at", _ROW_TYPES["seen_at"], _row("seen_at")),
    *(Column(f.column, f.sql, _field(f), f.since) for f in sorted(_RECORD, key=lambda f: f.since) if f.since > 1),
)
"""The ``mentions`` table in its physical column order, derived from the event record's fields
(:func:`communique.model.record_fields`): the store's insert list, the insert batch's Arrow
types and each value's source in the Event come from it (a test checks it against
``DESCRIBE mentions`` of a fresh store). A new field of the record is one field with its
``column(…)`` in :mod:`communique.model`, with ``since`` = the next schema version; its
migration is derived (:data:`MIGRATIONS`)."""


# -- the events table, column by column -----------------------------------------------------------

MENTION_ORDER = "(strftime(m.seen_at, '%Y%m%d%H%M%S%f') || m.mention_id)"
"""SQL order of the mentions ``m`` of one event: the first stored mention first (the event takes
its actors, code and PLOVER fields from it)."""


@dataclass(frozen=True)
class EventColumn:
    """One column of the ``events`` table: its type and how it aggregates the event's mentions.

    Attributes:
        name: column name.
        sql: its DuckDB type as ``DESCRIBE`` shows it.
        aggregate: the SQL expression over the event's mentions ``m`` (joined to their
            articles ``a``) that gives the column, in :meth:`Store.refresh_events`.
        since: the schema version that added the column (list order = physical order).
    """

    name: str
    sql: str
    aggregate: str
    since: int = 1


AGGREGATES = {
    "first": f"arg_min(m.{{}}, {MENTION_ORDER})",         # the event's first stored mention's value
    "place": "arg_max(m.{}, m.location_confidence)",      # the mention whose place is most confident
    "max": "max(m.{})",
    "any": "any_value(m.{})",
}
"""The SQL of each ``events`` aggregation a record field may name (``column(events=…)``)."""

EVENT_COLUMNS: tuple[EventColumn, ...] = (
    EventColumn("event_key", "VARCHAR", "m.event_key"),
    *(EventColumn(f.column, f.sql, AGGREGATES[f.events].format(f.column), f.since)
      for f in record_fields() if f.events),
    EventColumn("num_mentions", "INTEGER", "count(*)"),
    EventColumn("num_sources", "INTEGER", "count(DISTINCT coalesce(m.outlet, m.article_id))"),
    EventColumn("num_articles", "INTEGER", "count(DISTINCT m.article_id)"),
    EventColumn("is_root_event", "BOOLEAN", "bool_or(m.sentence_index = 0)"),
    EventColumn("first_seen", "TIMESTAMP", "min(m.seen_at)"),
    EventColumn("last_seen", "TIMESTAMP", "max(m.seen_at)"),
    # a URL (else a path): an original's before a copy's, a URL before a path, then the first mention's
    EventColumn("source_url", "VARCHAR", "arg_min(coalesce(a.url, a.source_path), (CASE WHEN a.duplicate_of IS NULL "
                "THEN '0' ELSE '1' END) || (CASE WHEN a.url IS NULL THEN '1' ELSE '0' END) || " + MENTION_ORDER + ")"),
)
"""The ``events`` table's columns: the record fields that name an ``events`` aggregation, and
the event's own counts; :meth:`Store.refresh_events` builds its ``INSERT … SELECT`` from it (a
test checks it against ``DESCRIBE events`` of a fresh store). The table's physical order is
that of its migrations (``SELECT *`` and the exports show it)."""


def migrations(record: tuple[RecordField, ...]) -> dict[int, list[str]]:
    """:data:`HISTORY`, then for each later version the ``ALTER TABLE … ADD COLUMN`` of the
    fields of ``record`` with that ``since`` (in ``mentions``, and in ``events`` when
    aggregated there): version → SQL statements, in version order."""
    out = {v: list(sql) for v, sql in HISTORY.items()}
    for f in record:
        if f.since > max(HISTORY):
            out.setdefault(f.since, []).append(f"ALTER TABLE mentions ADD COLUMN IF NOT EXISTS {f.column} {f.sql}")
            if f.events:
                out[f.since].append(f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {f.column} {f.sql}")
    return dict(sorted(out.items()))


MIGRATIONS: dict[int, list[str]] = migrations(record_fields())
"""Version → the SQL that brings a store from the version before to it."""

SCHEMA_VERSION = max(MIGRATIONS)
