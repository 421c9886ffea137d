"""JSON Lines → articles: one JSON object per line with ``text`` and optional ``title``,
``published``, ``author``, ``outlet``, ``url``.

``published`` may be any common date form (ISO 8601, RFC 822 ``Fri, 23 Feb 2024 14:02:00 GMT``,
``5-MAR-1987 05:09:09.62``, ``20 Nov 2019 08:02 GMT``, ``Sep 24, 2024``, ``25/09/2023``) or an
epoch number (seconds or milliseconds); when it is missing, ``date``, ``published_at``,
``publish_date``, ``pubDate`` or ``datePublished`` is read instead. It is stored as ISO 8601.
``author`` may be a list (of names, or of objects with a ``name``), as scrapers emit; the names
are joined with ", ". ``authors`` is read when ``author`` is missing.

Only ``text`` is required: an optional field with a bad value (a ``published`` that is not a
date, a ``title``, ``outlet`` or ``url`` that is not a string, an ``author`` that is not a
string or a list of names) is logged as a warning naming ``FILE:LINE`` and the field, and the
article is kept without that value. The warnings go to the logger ``communique.ingest``; when the
application has configured no logging they are written to stderr as ``communique: FILE:LINE:
field 'url' …``, like the CLI's other messages.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator

from communique.ingest.decode import InputError
from communique.ingest.plaintext import PlainTextReader
from communique.ingest.pubdate import normalise_published
from communique.model import Article, Rejected

OPTIONAL_FIELDS = ("title", "published", "author", "outlet", "url")
# other names scrapers and feeds give the publication date and the authors
PUBLISHED_ALIASES = ("date", "published_at", "publish_date", "pubDate", "datePublished")
AUTHOR_ALIASES = ("authors",)

log = logging.getLogger("communique.ingest")


class _StderrUnlessConfigured(logging.Handler):
    """Writes the ingest's warnings to stderr as ``communique: …`` (the CLI's form for every
    message) when the application has configured no logging of its own: with handlers on the
    root logger the record is left to them (it propagates), so nothing is written twice. Takes
    the place of Python's last-resort handler, which printed the bare message."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.setFormatter(logging.Formatter("communique: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if logging.getLogger().handlers:
            return
        try:
            sys.stderr.write(self.format(record) + "\n")  # looked up now: redirections apply
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - as logging.Handler.handleError
            self.handleError(record)


if not any(isinstance(h, _StderrUnlessConfigured) for h in log.handlers):
    log.addHandler(_StderrUnlessConfigured())


def _author(value: object) -> str | None:
    """An author field as text: a string, or a list of names / ``{"name": …}`` objects joined
    with ", ". Raises ValueError for anything else."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        value = [value]
    if isinstance(value, list):
        names = []
        for item in value:
            if isinstance(item, dict):
                item = item.get("name")
            if item is None:
                continue
            if not isinstance(item, str):
                raise ValueError("a list of names")
            if item.strip() and item.strip() not in names:
                names.append(item.strip())
        return ", ".join(names) or None
    raise ValueError("a string or a list of names")


def _json_type(value: object) -> str:
    """How a bad field's value reads in a warning: "a JSON number (12345)", "a JSON list"."""
    if isinstance(value, bool):
        return f"a JSON boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a JSON number ({value!r})"
    if isinstance(value, list):
        return "a JSON list"
    if isinstance(value, dict):
        return "a JSON object"
    return f"a JSON {type(value).__name__}"


def read_jsonl(
    lines: Iterable[str],
    reader: PlainTextReader,
    source_path: str,
    default_published: str | None = None,
) -> Iterator[Article | Rejected]:
    """Yield one Article per good line and one Rejected (path ``FILE:LINE``) per bad line.

    ``lines`` may be a lazy iterator (a streamed file): nothing is held beyond one line. A line
    is bad when it is not JSON, not an object, or lacks a non-empty string ``text``. Blank lines
    are skipped. A bad optional field — a ``published`` that is not a date, a ``title``,
    ``outlet`` or ``url`` that is not a string or null, an ``author`` that is not a string or a
    list of names — does not make the line bad: it is logged (logger ``communique.ingest``, level
    WARNING, naming ``FILE:LINE`` and the field; it reaches stderr) and the article is kept
    without it (``published=None`` or ``default_published``; the other fields None, or what the
    text itself gives, such as its headline or byline).
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
        known = {k: record.get(k) for k in OPTIONAL_FIELDS}
        if known["published"] is None:
            known["published"] = next((record[k] for k in PUBLISHED_ALIASES if record.get(k) is not None), None)
        author = known["author"] if known["author"] is not None else \
            next((record[k] for k in AUTHOR_ALIASES if record.get(k) is not None), None)
        try:
            known["author"] = _author(author)
        except ValueError as exc:
            log.warning("%s: field 'author' must be %s, not %s; article kept without it",
                        where, exc, _json_type(author))
            known["author"] = None
        for k in ("title", "outlet", "url"):
            if known[k] is not None and not isinstance(known[k], str):
                log.warning("%s: field '%s' must be a string, not %s; article kept without it",
                            where, k, _json_type(known[k]))
                known[k] = None
        try:
            known["published"] = normalise_published(known["published"])
        except ValueError as exc:
            log.warning("%s: field 'published' %s; article kept without a publication date", where, exc)
            known["published"] = None
        try:
            yield reader.read(body, source_path=where, known=known, default_published=default_published,
                              known_source="jsonl")
        except InputError as exc:
            yield Rejected(where, str(exc))
