"""Write the store's deduplicated events in the formats users' tools read.

* ``gdelt``: tab-separated, the GDELT 2.0 Event table's 61 columns in their order (GDELT 2.0
  Event codebook), with GDELT's field semantics (:mod:`communique.export.gdelt`; the README
  lists every column and where we differ). Header line with the column names
  (``header=False`` for GDELT's own header-less files).
* ``plover``: JSON Lines with the field names of PLOVER's gold-standard records
  (openeventdata/PLOVER ``PLOVER_GSR_CAMEO``): ``id``, ``date``, ``event``, ``mode``,
  ``context``, ``source``/``target`` as lists of ``{actorText, code, country, sector}``,
  ``eventText``, ``text``, plus the CAMEO code and counts under ``cameo``.
* ``parquet`` / ``csv`` / ``jsonl``: the ``events`` table as it is, via pyarrow; CSV through
  :func:`write_csv`, the one CSV writer, JSON Lines (one object a row) through
  :func:`write_jsonl`. The API's ``/api/export?format=csv|jsonl`` writes through :func:`export`
  too, so both give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from communique.export.gdelt import GDELT_COLUMNS, gdelt_row
from communique.store.store import Filters, Store

__all__ = ["FORMATS", "GDELT_COLUMNS", "csv_table", "export", "gdelt_row", "json_ready", "plover_record", "write_csv",
           "write_jsonl"]

FORMATS = ("gdelt", "plover", "parquet", "csv", "jsonl")


def csv_table(table: pa.Table) -> pa.Table:
    """The ``events`` (or any) Arrow table made writable as CSV: list columns become strings
    joined with ``;``, in place (column order unchanged)."""
    for i, f in enumerate(table.schema):
        if pa.types.is_list(f.type) or pa.types.is_large_list(f.type):
            joined = pa.array([None if v is None else ";".join(str(x) for x in v) for v in table.column(i).to_pylist()],
                              pa.string())
            table = table.set_column(i, f.name, joined)
    return table


def write_csv(table: pa.Table, sink: BinaryIO | str | Path) -> int:
    """Write ``table`` as CSV (header line, comma-separated, RFC 4180 quoting, UTF-8) with
    pyarrow's writer: numbers as pyarrow prints them (``-2``, ``-2.5``), booleans ``true``/``false``,
    timestamps ``YYYY-MM-DD HH:MM:SS.ffffff``, empty cells for nulls, lists joined with ``;``,
    the header and text cells in double quotes.
    The CLI's ``export -f csv`` and the API's ``/api/export?format=csv`` both write through here.

    Returns the number of rows written."""
    if isinstance(sink, (str, Path)):
        pacsv.write_csv(csv_table(table), str(sink))
    else:
        buf = pa.BufferOutputStream()
        pacsv.write_csv(csv_table(table), buf)
        sink.write(buf.getvalue().to_pybytes())
    return table.num_rows


def json_ready(row: dict) -> dict:
    """A store row (a dict of one ``events``, ``mentions`` or ``articles`` row) with values JSON
    can hold: dates and timestamps as ISO 8601 text (``2024-05-10``, ``2024-05-10T08:00:00.123456``),
    the binary MinHash signature left out, everything else as it is."""
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items() if k != "minhash"}


def write_jsonl(table: pa.Table, sink: BinaryIO) -> int:
    """Write ``table`` (e.g. the ``events`` rows) as JSON Lines to the binary stream ``sink``:
    one object a row with the table's column names in their order, values as
    :func:`json_ready` gives them, UTF-8 without escapes, ``\\n`` after each line. The CLI's
    ``export -f jsonl`` and the API's ``/api/export?format=jsonl`` both write through here.

    Returns the number of rows written."""
    rows = table.to_pylist()
    sink.write("".join(json.dumps(json_ready(r), ensure_ascii=False, default=str) + "\n" for r in rows).encode("utf-8"))
    return len(rows)


def plover_record(ev: dict, mention: dict | None) -> dict:
    """One ``events`` row (and its first mention) → a PLOVER-style JSON record."""

    def actor(prefix: str) -> list[dict]:
        if not ev.get(f"{prefix}_code"):
            return []
        return [{"actorText": (mention or {}).get(f"{prefix}_text") or ev.get(f"{prefix}_name"),
                 "code": ev[f"{prefix}_code"], "country": ev.get(f"{prefix}_country"),
                 "sector": list(ev.get(f"{prefix}_roles") or [])}]

    return {
        "id": ev["event_key"], "date": ev.get("date"), "event": ev.get("plover_type"),
        "mode": ev.get("plover_mode"), "context": list(ev.get("plover_context") or []),
        "source": actor("source"), "target": actor("target"),
        "eventText": (mention or {}).get("trigger"), "text": (mention or {}).get("sentence"),
        "geo": {"name": ev.get("location_name"), "country": ev.get("location_country"),
                "admin1": ev.get("location_admin1"), "lat": ev.get("location_lat"), "lon": ev.get("location_lon"),
                "feature": ev.get("location_feature"), "source": ev.get("location_source")},
        "cameo": {"code": ev["event_code"], "root": ev["root_code"], "goldstein": ev["goldstein"],
                  "quad_class": ev["quad_class"]},
        "num_mentions": ev["num_mentions"], "num_sources": ev["num_sources"], "num_articles": ev["num_articles"],
        "source_url": ev.get("source_url"),
    }


def export(store: Store, fmt: str, out: str | Path | BinaryIO, filters: Filters = Filters(),
           header: bool = True, limit: int | None = None) -> int:
    """Write the events matching ``filters`` to ``out`` in format ``fmt``; returns rows written.

    ``out`` is a path, ``"-"`` for standard output, or a binary file object. Events come newest
    first (undated last), at most ``limit`` of them (None: all); ``header`` is the GDELT TSV's
    column-name line.

    Raises:
        ValueError: ``fmt`` is not one of :data:`FORMATS`.
        OSError: ``out`` cannot be written.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if isinstance(out, (str, Path)) and str(out) == "-":
        sink: BinaryIO = sys.stdout.buffer
        sys.stdout.flush()
        try:
            return _export(store, fmt, sink, filters, header, limit)
        finally:
            sink.flush()
    if isinstance(out, (str, Path)):
        with open(out, "wb") as sink:
            return _export(store, fmt, sink, filters, header, limit)
    return _export(store, fmt, out, filters, header, limit)


def _export(store: Store, fmt: str, sink: BinaryIO, filters: Filters, header: bool, limit: int | None) -> int:
    table = store.events(filters, limit=limit,
                         columns="* REPLACE (CAST(date AS DATE) AS date)" if fmt == "parquet" else "*")
    if fmt == "parquet":
        pq.write_table(table, pa.PythonFile(sink, mode="w"))
        return table.num_rows
    if fmt == "csv":
        return write_csv(table, sink)
    if fmt == "jsonl":
        return write_jsonl(table, sink)
    rows = table.to_pylist()
    f = io.TextIOWrapper(sink, encoding="utf-8", newline="", write_through=True)
    try:
        if fmt == "gdelt":
            w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
            if header:
                w.writerow(GDELT_COLUMNS)
            for ev in rows:
                w.writerow([c.replace("\t", " ").replace("\n", " ").replace("\r", " ") for c in gdelt_row(ev)])
        else:
            first = store.first_mentions(filters)  # one query, not one per event
            for ev in rows:
                f.write(json.dumps(plover_record(ev, first.get(ev["event_key"])), ensure_ascii=False,
                                   default=str) + "\n")
        f.flush()
    finally:
        f.detach()  # leave the caller's stream open
    return len(rows)
