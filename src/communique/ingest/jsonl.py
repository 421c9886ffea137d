"""JSON Lines → articles: one JSON object per line with ``text`` and optional ``title``,
``published``, ``author``, ``outlet``, ``url`` (strings).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from communique.ingest.decode import InputError
from communique.ingest.plaintext import PlainTextReader, parse_date
from communique.model import Article, Rejected

OPTIONAL_FIELDS = ("title", "published", "author", "outlet", "url")


def read_jsonl(
    lines: Iterable[str],
    reader: PlainTextReader,
    source_path: str,
    default_published: str | None = None,
) -> Iterator[Article | Rejected]:
    """Yield one Article per good line and one Rejected (path ``FILE:LINE``) per bad line.

    ``lines`` may be a lazy iterator (a streamed file): nothing is held beyond one line. A line
    is bad when it is not JSON, not an object, lacks a non-empty string ``text``, or has an
    optional field that is not a string or null. Blank lines are skipped.
    """
    for lineno, line in enumerate(lines, start=1):
        line = line.lstrip("\ufeff") if lineno == 1 else line
        if not line.strip():
            continue
        where = f"{source_path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejected(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield Rejected(where, f"expected a JSON object, got {type(record).__name__}")
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield Rejected(where, "missing or empty string field 'text'")
            continue
        bad = [k for k in OPTIONAL_FIELDS if record.get(k) is not None and not isinstance(record[k], str)]
        if bad:
            yield Rejected(where, f"field(s) {', '.join(bad)} must be strings")
            continue
        if record.get("published") and parse_date(record["published"]) is None:
            yield Rejected(where, f"field 'published' is not a date: {record['published'][:40]!r}")
            continue
        try:
            yield reader.read(
                body, source_path=where,
                known={k: record.get(k) for k in OPTIONAL_FIELDS},
                default_published=default_published,
            )
        except InputError as exc:
            yield Rejected(where, str(exc))
