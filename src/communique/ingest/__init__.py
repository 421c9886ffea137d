"""Ingest: raw inputs (files, folders, globs, text) → Articles, or Rejected with a reason.

Formats are told apart by file name (``.html``/``.htm``, ``.jsonl``/``.ndjson``, optionally
``.gz``) and, for other names, by content (a page starting with ``<`` and holding ``<html`` or
``<body`` is HTML). Everything else is scraped plain text.
"""

from __future__ import annotations

import glob
import json
import gzip
import zlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from communique.dictionaries import Dictionaries
from communique.ingest.decode import InputError, decode_bytes, decode_line, gunzip
from communique.ingest.html import read_html_all
from communique.ingest.jsonl import read_jsonl
from communique.ingest.language import looks_english, not_english_reason
from communique.ingest.plaintext import PlainTextReader, parse_dateline
from communique.model import Article, Rejected
from communique.settings import DEFAULTS, Settings

__all__ = ["Ingestor", "InputError", "looks_english", "parse_dateline"]

MAX_FILE_BYTES = DEFAULTS.max_file_bytes  # data/settings.yaml
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html|<head|<body|<!--)", re.I)
_SKIP_NAMES = {".DS_Store", "Thumbs.db"}
# files read from a folder (a file named on the command line is read whatever its name)
ARTICLE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json")
MAX_ARTICLE_CHARS = DEFAULTS.max_article_chars  # data/settings.yaml


_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


def expand_paths(inputs: Iterable[str | Path]) -> Iterator[Path | Rejected]:
    """Expand files, folders (recursively, sorted, hidden files skipped) and glob patterns.

    Yields a Rejected for an input that matches nothing.
    """
    for item in inputs:
        s = str(item)
        p = Path(s)
        if not s.strip():
            yield Rejected(repr(s), "empty path")
        elif s == "-":
            yield p
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.is_file() and not any(part.startswith(".") for part in rel) and f.name not in _SKIP_NAMES \
                        and f.name.lower().removesuffix(".gz").endswith(ARTICLE_SUFFIXES):
                    yield f
        elif p.is_file():
            yield p
        elif glob.has_magic(s):
            matches = sorted(glob.glob(s, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                yield Rejected(s, "glob pattern matches no files")
            yield from files
        elif len(s.split()) > 2 and not any(sep in s for sep in ("/", "\\")):
            # words, not a path: someone gave the article text itself
            yield Rejected(s, "no such file or folder (to code text itself, pipe it in: "
                              "echo 'the text' | communique code -)")
        else:
            yield Rejected(s, "no such file or folder")


def _looks_like_jsonl(text: str) -> bool:
    """True when ``text`` is JSON Lines: its first non-blank line is a JSON object with a
    ``text`` field (an article's raw text never is)."""
    first = next((line for line in text.lstrip("\ufeff").splitlines() if line.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and "text" in record


class Ingestor:
    """Reads raw inputs into Articles. Build once and reuse (patterns are compiled once).

    Args:
        dictionaries: the dictionary folders in force (page chrome and byline patterns).
        default_published: ISO 8601 date used when an article carries no publication date.
        settings: the limits in force (``max_article_chars``, ``max_file_bytes``, the English
            threshold ``english_min_probability`` and ``language_sample_chars``; default
            :data:`communique.settings.DEFAULTS`).
    """

    def __init__(self, dictionaries: Dictionaries | None = None, default_published: str | None = None,
                 settings: Settings | None = None):
        self.reader = PlainTextReader(dictionaries or Dictionaries())
        self.default_published = default_published
        settings = settings if settings is not None else DEFAULTS
        self.settings = settings
        self.max_article_chars = settings.max_article_chars
        self.max_file_bytes = settings.max_file_bytes

    def read_text(self, text: str, source_path: str = "<text>") -> Article:
        """Parse raw text (plain scraped text or an HTML page) into an Article (a live-blog
        page gives its first update: :meth:`read_text_all` gives every one).

        Raises:
            InputError: no article text could be found.
        """
        return self.read_text_all(text, source_path)[0]

    def read_text_all(self, text: str, source_path: str = "<text>") -> list[Article]:
        """Parse raw text into its articles: one, or one per update of a live-blog HTML page
        (:func:`~communique.ingest.html.read_html_all`).

        Raises:
            InputError: no article text could be found.
        """
        if _HTML_SNIFF.match(text) and re.search(r"<(html|body|p|article)\b", text, re.I):
            return read_html_all(text, self.reader, source_path, default_published=self.default_published)
        return [self.reader.read(text, source_path=source_path, default_published=self.default_published)]

    def read_file(self, path: Path) -> Iterator[Article | Rejected]:
        """Yield the article(s) in one file, or a Rejected naming the file and the reason."""
        name = path.name.lower()
        if str(path) == "-":
            import sys
            text = decode_bytes(sys.stdin.buffer.read()) if not sys.stdin.isatty() else ""
            if _looks_like_jsonl(text):  # JSON Lines piped in: read as a .jsonl file is
                for item in read_jsonl(text.splitlines(), self.reader, "<stdin>", self.default_published):
                    yield self._checked(item)
                return
            try:
                articles = self.read_text_all(text, "<stdin>")
            except InputError as exc:
                yield Rejected("<stdin>", str(exc))
                return
            for article in articles:
                yield self._checked(article)
            return
        if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
            yield from self._read_jsonl_stream(path)
            return
        try:
            size = path.stat().st_size
            if size > self.max_file_bytes:
                raise InputError(f"file is {size} bytes, over the {self.max_file_bytes}-byte limit")
            if not path.is_file():
                raise InputError("not a regular file")
            data = path.read_bytes()
            if name.endswith(".gz"):
                data = gunzip(data, self.max_file_bytes)
                name = name[:-3]
            text = decode_bytes(data)
        except InputError as exc:
            yield Rejected(str(path), str(exc))
            return
        except OSError as exc:
            yield Rejected(str(path), f"cannot read file ({exc.strerror or exc})")
            return
        if name.endswith(".json") and text.lstrip()[:1] in ("{", "["):
            yield from self._read_json(text, path)
            return
        try:
            if name.endswith((".html", ".htm", ".xhtml")):
                articles = read_html_all(text, self.reader, str(path), default_published=self.default_published)
            else:
                articles = self.read_text_all(text, str(path))
        except InputError as exc:
            yield Rejected(str(path), str(exc))
            return
        for article in articles:
            yield self._checked(article)

    def _read_json(self, text: str, path: Path) -> Iterator[Article | Rejected]:
        """A ``.json`` file holding one article object or a list of them (JSONL's fields)."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Rejected(str(path), f"invalid JSON ({exc.msg} at line {exc.lineno})")
            return
        records = data if isinstance(data, list) else [data]
        for item in read_jsonl((json.dumps(r) for r in records), self.reader, str(path), self.default_published):
            yield self._checked(item)

    def _checked(self, item: Article | Rejected) -> Article | Rejected:
        """``item`` after :meth:`check`, or a Rejected with its reason."""
        if isinstance(item, Rejected):
            return item
        try:
            return self.check(item)
        except InputError as exc:
            return Rejected(item.source_path or "<text>", str(exc))

    def check(self, article: Article) -> Article:
        """Enforce the limits on an article read from an input (documented in the README);
        returns it unchanged.

        Raises:
            InputError: the body is longer than ``max_article_chars`` (default
                :data:`MAX_ARTICLE_CHARS`), has no words, or is confidently not English
                (:func:`~communique.ingest.language.not_english_reason`).
        """
        limit = self.max_article_chars
        if len(article.text) > limit:
            raise InputError(f"article is {len(article.text)} characters, over the {limit}-character limit")
        if not _WORDS.search(article.text):
            raise InputError("no words: only numbers, symbols or emoji")
        reason = not_english_reason(article.text, self.settings.english_min_probability,
                                    self.settings.language_sample_chars)
        if reason:
            raise InputError(f"{reason}; communique codes English news")
        return article

    def _read_jsonl_stream(self, path: Path) -> Iterator[Article | Rejected]:
        """Stream a (gzipped) JSONL file line by line; a corrupt or truncated gzip stream ends
        the file with one Rejected naming where it broke, after the good lines before it."""
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        read = 0

        def lines() -> Iterator[str]:
            nonlocal read
            with opener(path, "rb") as fh:
                for raw in fh:
                    read += 1
                    yield decode_line(raw)

        try:
            for item in read_jsonl(lines(), self.reader, str(path), self.default_published):
                yield self._checked(item)
        except (OSError, EOFError, zlib.error) as exc:
            yield Rejected(f"{path}:{read + 1}", f"corrupt or truncated file after line {read} ({exc})")

    def read(self, inputs: Iterable[str | Path]) -> Iterator[Article | Rejected]:
        """Yield Articles and Rejected records for files, folders and globs, in order."""
        for item in expand_paths(inputs):
            if isinstance(item, Rejected):
                yield item
            else:
                yield from self.read_file(item)
