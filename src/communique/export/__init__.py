"""Exports of the store's events: GDELT 2.0 TSV, PLOVER JSONL, Parquet, CSV, JSON Lines."""

from communique.export.writers import FORMATS, export, write_csv

__all__ = ["FORMATS", "export", "write_csv"]
