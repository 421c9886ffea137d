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

from communique.model import Event

SCHEMA_VERSION = 5

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

MIGRATIONS: dict[int, list[str]] = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5}

INDEXES = [
    "CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event_key)",
    "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id)",
]


# -- the mentions table, column by column ---------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """One column of the ``mentions`` table: where its value comes from and how it is typed.

    Attributes:
        name: column name (also the Arrow field name of the insert batch).
        sql: its DuckDB type as ``DESCRIBE`` shows it (``VARCHAR``, ``VARCHAR[]``, ``DOUBLE`` …).
        arrow: its Arrow type in the insert batch.
        value: ``value(event, row)`` gives the column's value for one mention; ``row`` holds
            the per-mention values that do not come from the Event: ``mention_id``,
            ``event_key``, ``article_id``, ``outlet``, ``seen_at``.
        since: the schema version that added the column (the migrations of :data:`MIGRATIONS`
            add them in this order, so the list is the table's physical column order).
    """

    name: str
    sql: str
    arrow: pa.DataType
    value: Callable[[Event, Mapping[str, Any]], Any]
    since: int = 1


def _row(key: str) -> Callable[[Event, Mapping[str, Any]], Any]:
    return lambda e, row: row[key]


def _actor(role: str, attr: str) -> Callable[[Event, Mapping[str, Any]], Any]:
    def value(e: Event, _row: Mapping[str, Any]) -> Any:
        actor = getattr(e, role)
        if actor is None:
            return None
        v = getattr(actor, attr)
        return list(v) if attr == "roles" else v
    return value


_S, _D, _I = pa.string(), pa.float64(), pa.int32()

MENTION_COLUMNS: tuple[Column, ...] = (
    Column("mention_id", "VARCHAR", _S, _row("mention_id")),
    Column("event_key", "VARCHAR", _S, _row("event_key")),
    Column("article_id", "VARCHAR", _S, _row("article_id")),
    Column("outlet", "VARCHAR", _S, _row("outlet")),
    Column("date", "VARCHAR", _S, lambda e, r: e.date),
    Column("date_precision", "VARCHAR", _S, lambda e, r: e.date_precision),
    Column("date_source", "VARCHAR", _S, lambda e, r: e.date_source),
    *(Column(f"{role}_{attr}", "VARCHAR[]" if attr == "roles" else "VARCHAR",
             pa.list_(pa.string()) if attr == "roles" else _S, _actor(role, attr))
      for role in ("source", "target") for attr in ("text", "name", "code", "country", "roles")),
    Column("event_code", "VARCHAR", _S, lambda e, r: e.event_code),
    Column("root_code", "VARCHAR", _S, lambda e, r: e.root_code),
    Column("goldstein", "DOUBLE", _D, lambda e, r: e.goldstein),
    Column("quad_class", "TINYINT", pa.int8(), lambda e, r: e.quad_class),
    Column("plover_type", "VARCHAR", _S, lambda e, r: e.plover.event_type),
    Column("plover_mode", "VARCHAR", _S, lambda e, r: e.plover.mode),
    Column("plover_context", "VARCHAR[]", pa.list_(pa.string()), lambda e, r: list(e.plover.context)),
    Column("negated", "BOOLEAN", pa.bool_(), lambda e, r: e.negated),
    Column("location_name", "VARCHAR", _S, lambda e, r: e.location.name),
    Column("location_country", "VARCHAR", _S, lambda e, r: e.location.country),
    Column("location_lat", "DOUBLE", _D, lambda e, r: e.location.lat),
    Column("location_lon", "DOUBLE", _D, lambda e, r: e.location.lon),
    Column("location_source", "VARCHAR", _S, lambda e, r: e.location.source),
    Column("sentence", "VARCHAR", _S, lambda e, r: e.evidence.sentence),
    Column("sentence_index", "INTEGER", _I, lambda e, r: e.evidence.sentence_index),
    Column("trigger", "VARCHAR", _S, lambda e, r: e.evidence.trigger),
    Column("start_char", "INTEGER", _I, lambda e, r: e.evidence.start),
    Column("end_char", "INTEGER", _I, lambda e, r: e.evidence.end),
    Column("confidence", "DOUBLE", _D, lambda e, r: e.confidence),
    Column("seen_at", "TIMESTAMP", pa.timestamp("us"), _row("seen_at")),
    Column("location_confidence", "DOUBLE", _D, lambda e, r: e.location.confidence, since=2),
    Column("location_admin1", "VARCHAR", _S, lambda e, r: e.location.admin1, since=3),
    Column("location_feature", "VARCHAR", _S, lambda e, r: e.location.feature, since=3),
)
"""The ``mentions`` table in its physical column order: the store's insert list, the insert
batch's Arrow types and each value's source in the Event derive from it (a test checks it
against ``DESCRIBE mentions`` of a fresh store). The DDL of past versions in
:data:`MIGRATIONS` is history and stays as written; a new column is one entry here (with
``since`` = the new version) plus its ``ALTER TABLE`` migration."""


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


def _first(name: str, sql: str) -> EventColumn:
    """A column copied from the event's first mention (the mention column of the same name)."""
    return EventColumn(name, sql, f"arg_min(m.{name}, {MENTION_ORDER})")


def _best_place(name: str, sql: str, since: int = 1) -> EventColumn:
    """A location column from the mention whose place is most confident."""
    return EventColumn(name, sql, f"arg_max(m.{name}, m.location_confidence)", since)


EVENT_COLUMNS: tuple[EventColumn, ...] = (
    EventColumn("event_key", "VARCHAR", "m.event_key"),
    EventColumn("date", "VARCHAR", "any_value(m.date)"),
    *(_first(f"{role}_{attr}", "VARCHAR[]" if attr == "roles" else "VARCHAR")
      for role in ("source", "target") for attr in ("code", "name", "country", "roles")),
    _first("event_code", "VARCHAR"), _first("root_code", "VARCHAR"), _first("goldstein", "DOUBLE"),
    _first("quad_class", "TINYINT"), _first("plover_type", "VARCHAR"), _first("plover_mode", "VARCHAR"),
    _first("plover_context", "VARCHAR[]"),
    _best_place("location_name", "VARCHAR"), _best_place("location_country", "VARCHAR"),
    _best_place("location_lat", "DOUBLE"), _best_place("location_lon", "DOUBLE"),
    EventColumn("num_mentions", "INTEGER", "count(*)"),
    EventColumn("num_sources", "INTEGER", "count(DISTINCT coalesce(m.outlet, m.article_id))"),
    EventColumn("num_articles", "INTEGER", "count(DISTINCT m.article_id)"),
    EventColumn("is_root_event", "BOOLEAN", "bool_or(m.sentence_index = 0)"),
    EventColumn("confidence", "DOUBLE", "max(m.confidence)"),
    EventColumn("first_seen", "TIMESTAMP", "min(m.seen_at)"),
    EventColumn("last_seen", "TIMESTAMP", "max(m.seen_at)"),
    # a URL (else a path): an original's before a copy's, a URL before a path, then the first mention's
    EventColumn("source_url", "VARCHAR", "arg_min(coalesce(a.url, a.source_path), (CASE WHEN a.duplicate_of IS NULL "
                "THEN '0' ELSE '1' END) || (CASE WHEN a.url IS NULL THEN '1' ELSE '0' END) || " + MENTION_ORDER + ")"),
    _best_place("location_admin1", "VARCHAR", since=3), _best_place("location_feature", "VARCHAR", since=3),
    _best_place("location_source", "VARCHAR", since=3),
    EventColumn("location_confidence", "DOUBLE", "max(m.location_confidence)", since=3),
)
"""The ``events`` table in its physical column order; :meth:`Store.refresh_events` builds its
``INSERT … SELECT`` from it (a test checks it against ``DESCRIBE events`` of a fresh store)."""
