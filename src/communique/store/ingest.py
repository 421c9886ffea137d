"""Idempotent, resumable ingest of raw inputs into the store.

Inputs stream through :meth:`communique.Pipeline.read` in batches. In each batch (one
transaction): unreadable inputs go to ``quarantine``; articles already stored (same hash of
normalised text) are skipped before any parsing; new articles are checked for near-duplicates,
stored, coded with ``nlp.pipe``, and their mentions written; the touched events are recounted.
A process killed mid-batch loses only that uncommitted batch, which the next run redoes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path

from communique.model import Article, Rejected
from communique.pipeline import Pipeline
from communique.store import neardup
from communique.store.store import Store


@dataclass
class IngestSummary:
    """What one ingest run did. ``seconds`` is wall time; ``articles_per_second`` over ``read``."""

    read: int = 0
    new: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    quarantined: int = 0
    events: int = 0
    mentions: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def articles_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        """Plain dict for printing or JSON."""
        return {"read": self.read, "new": self.new, "duplicates": self.duplicates,
                "near_duplicates": self.near_duplicates, "quarantined": self.quarantined,
                "events": self.events, "mentions": self.mentions, "seconds": round(self.seconds, 2),
                "articles_per_second": round(self.articles_per_second, 1)}


def ingest(pipeline: Pipeline, inputs: Iterable[str | Path], store: Store, batch_size: int = 64,
           on_batch: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
    """Read, code and store ``inputs``; returns the run's summary.

    ``on_batch`` is called with the running summary after each committed batch (progress).
    """
    summary = IngestSummary()
    start = time.perf_counter()
    items = iter(pipeline.read(inputs))
    events_before = store.count("events")
    while True:
        chunk = list(islice(items, batch_size))
        if not chunk:
            break
        seen_at = datetime.now().replace(tzinfo=None)
        with store.transaction():
            _ingest_batch(pipeline, store, chunk, seen_at, summary)
        summary.events = store.count("events") - events_before
        summary.seconds = time.perf_counter() - start
        if on_batch:
            on_batch(summary)
    summary.seconds = time.perf_counter() - start
    return summary


def _ingest_batch(pipeline: Pipeline, store: Store, chunk: list, seen_at: datetime,
                  summary: IngestSummary) -> None:
    rejected = [r for r in chunk if isinstance(r, Rejected)]
    articles = [a for a in chunk if isinstance(a, Article)]
    summary.read += len(chunk)
    known = store.known_articles(a.article_id for a in articles)
    fresh: list[Article] = []
    copies: dict[str, str] = {}
    for a in articles:
        if a.article_id in known:
            summary.duplicates += 1
            continue
        known.add(a.article_id)
        sig = neardup.signature(a.text)
        dup = store.near_duplicate(sig)
        store.add_article(a, sig, dup, seen_at)
        if dup:
            copies[a.article_id] = dup[0]
            summary.near_duplicates += 1
        fresh.append(a)
    touched: set[str] = set()
    for article, result in zip(fresh, pipeline.code_many(fresh)):  # one result per article
        if isinstance(result, Rejected):
            store.remove_article(article.article_id)
            copies.pop(article.article_id, None)
            rejected.append(result)
            continue
        _, events = result
        remap = store.original_event_keys(copies[article.article_id]) if article.article_id in copies else None
        touched |= store.add_mentions(article, events, seen_at, remap)
        summary.mentions += len(events)
        summary.new += 1
    summary.quarantined += store.quarantine(rejected, seen_at)
    store.refresh_events(touched)
