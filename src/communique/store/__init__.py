"""Store: the embedded DuckDB event store (schema, deduplication, queries; the ingest runner that
fills it is :mod:`communique.runner`)."""

from communique.store.store import DEFAULT_DB, Filters, Store, StoreError, default_db_path

__all__ = ["DEFAULT_DB", "Filters", "Store", "StoreError", "default_db_path"]
