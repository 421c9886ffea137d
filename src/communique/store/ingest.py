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
from communique.store.snapshot import write_snapshot
from communique.store.store import Store, event_key


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

    def add(self, other: "IngestSummary") -> None:
        """Add the counts and errors of ``other`` (another run or batch) to these;
        ``seconds`` is left to the caller (runs may overlap)."""
        for name in ("read", "new", "duplicates", "near_duplicates", "quarantined", "events", "mentions"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    def as_dict(self) -> dict:
        """Plain dict for printing or JSON."""
        return {"read": self.read, "new": self.new, "duplicates": self.duplicates,
                "near_duplicates": self.near_duplicates, "quarantined": self.quarantined,
                "events": self.events, "mentions": self.mentions, "seconds": round(self.seconds, 2),
                "articles_per_second": round(self.articles_per_second, 1)}


def ingest(pipeline: Pipeline, inputs: Iterable[str | Path], store: Store, batch_size: int = 64,
           on_batch: Callable[[IngestSummary], None] | None = None,
           code: Callable[[list[Article]], list] | None = None,
           snapshot_every: float | None = None) -> IngestSummary:
    """Read, code and store ``inputs``; returns the run's summary.

    ``on_batch`` is called with the running summary after each committed batch (progress).
    ``code`` codes a batch of new articles (one result per article, as
    :meth:`Pipeline.code_many`); by default ``pipeline.code_many`` in this process. The Dask
    engine passes a function that codes on the cluster; everything else (deduplication, the
    store, its transactions) stays here, so both engines write the same store.
    The pipeline is warmed up (:meth:`Pipeline.warm_up`) before the first new article is coded
    here, and each batch is coded inside a spaCy memory zone (``Language.memory_zone``, spaCy
    3.8+), so that the vocabulary does not grow with every new word, number and name of a long
    stream. ``snapshot_every`` (seconds) publishes a read-only snapshot for ``communique serve``
    between batches, and once more at the end.
    """
    return ingest_items(pipeline, pipeline.read(inputs), store, batch_size, on_batch, code, snapshot_every)


def ingest_items(pipeline: Pipeline, items: Iterable[Article | Rejected], store: Store, batch_size: int = 64,
                 on_batch: Callable[[IngestSummary], None] | None = None,
                 code: Callable[[list[Article]], list] | None = None,
                 snapshot_every: float | None = None) -> IngestSummary:
    """:func:`ingest` for items already read (``Article`` or ``Rejected``, as
    :meth:`Pipeline.read` yields them)."""
    summary = IngestSummary()
    start = time.perf_counter()
    items = iter(items)
    events_before = store.count("events")
    last_snapshot = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        chunk = list(islice(items, batch_size))
        pipeline.timings["read"] += time.perf_counter() - t0
        if not chunk:
            break
        seen_at = datetime.now().replace(tzinfo=None)
        t0 = time.perf_counter()
        with store.transaction():
            coding = _ingest_batch(pipeline, store, chunk, seen_at, summary, code)
        pipeline.timings["store"] += time.perf_counter() - t0 - coding
        summary.events = store.count("events") - events_before
        summary.seconds = time.perf_counter() - start
        if on_batch:
            on_batch(summary)
        if snapshot_every is not None and time.perf_counter() - last_snapshot >= snapshot_every:
            write_snapshot(store)
            last_snapshot = time.perf_counter()
    if snapshot_every is not None:
        write_snapshot(store)
    summary.seconds = time.perf_counter() - start
    return summary


def _ingest_batch(pipeline: Pipeline, store: Store, chunk: list, seen_at: datetime,
                  summary: IngestSummary, code: Callable[[list[Article]], list] | None) -> float:
    """Store one batch; returns the seconds spent coding (the rest is reading the store and
    writing it)."""
    rejected = [r for r in chunk if isinstance(r, Rejected)]
    articles = [a for a in chunk if isinstance(a, Article)]
    summary.read += len(chunk)
    known = store.known_articles(a.article_id for a in articles)
    fresh: list[Article] = []
    for a in articles:
        if a.article_id in known:
            summary.duplicates += 1
            continue
        known.add(a.article_id)
        fresh.append(a)
    t0 = time.perf_counter()
    if not fresh:
        results = []
    elif code is not None:
        results = list(code(fresh))
    else:
        pipeline.warm_up()  # load before the clock starts
        t0 = time.perf_counter()
        with pipeline.memory_zone():  # words first seen in this batch leave spaCy's vocabulary after it
            results = list(pipeline.code_many(fresh))
    coding = time.perf_counter() - t0
    coded: list[tuple[Article, list]] = []
    for article, result in zip(fresh, results):  # one result per article, in order
        if isinstance(result, Rejected):
            rejected.append(result)
        else:
            coded.append((article, result[1]))
    shingle_sets = [neardup.shingles(a.text) for a, _ in coded]
    sigs = [neardup.signature(s) for s in shingle_sets]
    bands = [neardup.band_hashes(sig) for sig in sigs]
    dups = store.near_duplicates(sigs, bands)
    dups = [d if len(s) >= neardup.MIN_SHINGLES else None for s, d in zip(shingle_sets, dups)]
    # a copy of an article earlier in this batch comes back as "#i": name it by its id
    dups = [(coded[int(d[0][1:])][0].article_id, d[1]) if d and d[0].startswith("#") else d for d in dups]
    store.add_articles([(a, sig, dup) for (a, _), sig, dup in zip(coded, sigs, dups)], seen_at,
                       band_of={a.article_id: bs for (a, _), bs in zip(coded, bands)})
    stored_originals = store.original_event_keys(d[0] for d in dups if d)
    events_by_id = {a.article_id: evs for a, evs in coded}
    batch = []
    for (article, events), dup in zip(coded, dups):
        remap = None
        if dup:
            summary.near_duplicates += 1
            remap = stored_originals.get(dup[0]) or {
                (e.source.code, e.target.code if e.target else None, e.event_code): event_key(e)
                for e in events_by_id.get(dup[0], []) if not e.negated}
        batch.append((article, events, remap))
        summary.mentions += len(events)
        summary.new += 1
    touched = store.add_mentions(batch, seen_at)
    summary.errors.extend(f"{r.source_path}: {r.reason}" for r in rejected)
    summary.quarantined += store.quarantine(rejected, seen_at)
    store.refresh_events(touched)
    return coding
