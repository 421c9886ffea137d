"""Exports of the store's events: GDELT-style TSV, PLOVER JSONL, Parquet, CSV."""

from communique.export.writers import FORMATS, export

__all__ = ["FORMATS", "export"]
