"""Store: the embedded DuckDB event store (schema, ingest, deduplication, queries)."""

from communique.store.store import DEFAULT_DB, Filters, Store, StoreError, default_db_path

__all__ = ["DEFAULT_DB", "Filters", "Store", "StoreError", "default_db_path"]
