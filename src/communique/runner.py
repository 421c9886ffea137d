"""The ingest runner: idempotent, resumable ingest of raw inputs into the store.

It drives the stages (:class:`communique.Pipeline`) and the store
(:class:`communique.store.Store`), which know nothing of each other.

Inputs stream through :meth:`communique.Pipeline.read` in batches. In each batch (one
transaction): unreadable inputs go to ``quarantine``; articles already stored (same hash of
normalised text and the same outlet and URL, or no outlet and URL at all: a re-read) are
skipped before any parsing; the same text from another outlet or URL is a *copy*, stored as its
own record linked to the original (``duplicate_of``, ``duplicate_kind = 'copy'``) whose
mentions count in the original's events; new articles are checked for near-duplicates, stored,
coded with ``nlp.pipe``, and their mentions written; the touched events are recounted. Of the
records of one story, the one with the best metadata (:func:`metadata_score`) is the original:
a later copy with a publication date, outlet or URL the first one lacked takes its place.
A process killed mid-batch loses only that uncommitted batch, which the next run redoes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path

from communique.model import Article, Rejected, stable_hash
from communique.pipeline import Pipeline
from communique.store import neardup
from communique.store.snapshot import write_snapshot
from communique.store.store import Store, event_key, metadata_score


@dataclass
class IngestSummary:
    """What one ingest run did, in articles (one per JSONL line or file) unless named otherwise.

    ``read``: inputs handled, the sum of the five that follow. ``new``: new stories stored and
    coded; ``already_stored``: re-reads of stored records, skipped; ``copies``: the same text from
    another outlet or URL, stored as copies; ``near_duplicates``: new texts linked to an earlier
    story (a syndicated copy with edits); ``rejected``: inputs that
    could not be read or coded (``quarantined``: of these, the ones new to the quarantine);
    ``events``: events added; ``mentions``: mentions written; ``seconds``: wall time.
    """

    read: int = 0
    new: int = 0
    already_stored: int = 0
    copies: int = 0
    near_duplicates: int = 0
    rejected: int = 0
    quarantined: int = 0
    events: int = 0
    mentions: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    _COUNTS = ("read", "new", "already_stored", "copies", "near_duplicates", "rejected", "quarantined",
               "events", "mentions")

    @property
    def articles_per_second(self) -> float:
        """``read`` per second of wall time."""
        return self.read / self.seconds if self.seconds else 0.0

    def add(self, other: "IngestSummary") -> None:
        """Add the counts and errors of ``other`` (another run or batch) to these;
        ``seconds`` is left to the caller (runs may overlap)."""
        for name in self._COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    def as_dict(self) -> dict:
        """Plain dict for printing or JSON."""
        return {**{name: getattr(self, name) for name in self._COUNTS}, "seconds": round(self.seconds, 2),
                "articles_per_second": round(self.articles_per_second, 1)}


def ingest(pipeline: Pipeline, inputs: Iterable[str | Path], store: Store, batch_size: int | None = None,
           on_batch: Callable[[IngestSummary], None] | None = None,
           code: Callable[[list[Article]], list] | None = None,
           snapshot_every: float | None = None,
           on_article: Callable[[int], None] | None = None) -> IngestSummary:
    """Read, code and store ``inputs``; returns the run's summary.

    ``batch_size`` articles are committed per transaction (default: the pipeline's
    ``settings.store_batch_size``, 200 in ``data/settings.yaml``).
    ``on_batch`` is called with the running summary after each committed batch (progress).
    ``code`` codes a batch of new articles (one result per article, as
    :meth:`Pipeline.code_many`); by default ``pipeline.code_many`` in this process. The Dask
    engine passes a function that codes on the cluster; everything else (deduplication, the
    store, its transactions) stays here, so both engines write the same store.
    The pipeline is warmed up (:meth:`Pipeline.warm_up`) before the first new article is coded
    here, and each batch is coded inside a spaCy memory zone (``Language.memory_zone``, spaCy
    3.8+), so that the vocabulary does not grow with every new word, number and name of a long
    stream. ``snapshot_every`` (seconds) publishes a read-only snapshot for ``communique serve``
    between batches, and once more at the end. ``on_article(n)`` is called as ``n`` more inputs
    are handled (skipped, rejected or coded: per article while a batch is coded), for progress
    bars. In the first batch that codes new articles the store records the pipeline's model and
    dictionary folders (:meth:`Store.record_settings`), so that ``communique serve`` codes
    posted text with them.
    """
    return ingest_items(pipeline, pipeline.read(inputs), store, batch_size, on_batch, code, snapshot_every,
                        on_article)


def ingest_items(pipeline: Pipeline, items: Iterable[Article | Rejected], store: Store, batch_size: int | None = None,
                 on_batch: Callable[[IngestSummary], None] | None = None,
                 code: Callable[[list[Article]], list] | None = None,
                 snapshot_every: float | None = None,
                 on_article: Callable[[int], None] | None = None) -> IngestSummary:
    """:func:`ingest` for items already read (``Article`` or ``Rejected``, as
    :meth:`Pipeline.read` yields them)."""
    if batch_size is None:
        batch_size = pipeline.settings.store_batch_size
    summary = IngestSummary()
    start = time.perf_counter()
    items = iter(items)
    events_before = store.count("events")
    last_snapshot = time.perf_counter()
    recorded = False
    while True:
        t0 = time.perf_counter()
        chunk = list(islice(items, batch_size))
        pipeline.add_time("read", time.perf_counter() - t0)
        if not chunk:
            break
        seen_at = datetime.now(timezone.utc).replace(tzinfo=None)  # UTC, as GDELT's DATEADDED
        t0 = time.perf_counter()
        with store.transaction():
            coded_before = summary.new + summary.near_duplicates
            coding = _ingest_batch(pipeline, store, chunk, seen_at, summary, code, on_article or (lambda n: None))
            if not recorded and summary.new + summary.near_duplicates > coded_before:
                store.record_settings(pipeline.settings)  # what coded them: serve codes with it too
                recorded = True
        pipeline.add_time("store", time.perf_counter() - t0 - coding)
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
                  summary: IngestSummary, code: Callable[[list[Article]], list] | None,
                  progress: Callable[[int], None]) -> float:
    """Store one batch; returns the seconds spent coding (the rest is reading the store and
    writing it)."""
    rejected = [r for r in chunk if isinstance(r, Rejected)]
    articles = [a for a in chunk if isinstance(a, Article)]
    summary.read += len(chunk)
    if rejected:
        progress(len(rejected))
    stored = store.text_records(a.article_id for a in articles)
    fresh: list[Article] = []
    copy_of: dict[int, tuple[str, str]] = {}  # index in fresh → (copy's own id, its original's id)
    for a in articles:
        records = stored.setdefault(a.article_id, [])
        prov = (a.outlet or None, a.url or None)
        if records and (prov == (None, None) or any((r["outlet"], r["url"]) == prov for r in records)):
            summary.already_stored += 1  # a re-read: the same text from the same outlet and URL
            progress(1)
            continue
        if records:
            own = stable_hash(a.article_id, prov[0], prov[1])
            if any(r["article_id"] == own for r in records):
                summary.already_stored += 1
                progress(1)
                continue
            original = next((r["article_id"] for r in records if r["duplicate_of"] is None), None) \
                or records[0]["duplicate_of"]
            copy_of[len(fresh)] = (own, original)
            records.append({"article_id": own, "outlet": prov[0], "url": prov[1], "duplicate_of": original,
                            "score": metadata_score(a)})
        else:
            records.append({"article_id": a.article_id, "outlet": prov[0], "url": prov[1], "duplicate_of": None,
                            "score": metadata_score(a)})
        fresh.append(a)
    t0 = time.perf_counter()
    if not fresh:
        results = []
    elif code is not None:
        results = list(code(fresh))
        progress(len(results))
    else:
        pipeline.warm_up()  # load before the clock starts
        t0 = time.perf_counter()
        results = []
        with pipeline.memory_zone():  # words first seen in this batch leave spaCy's vocabulary after it
            for result in pipeline.code_many(fresh):
                results.append(result)
                progress(1)
    coding = time.perf_counter() - t0
    coded: list[tuple[Article, list, tuple[str, str] | None]] = []
    for i, (article, result) in enumerate(zip(fresh, results)):  # one result per article, in order
        if isinstance(result, Rejected):
            rejected.append(result)
        else:
            coded.append((article, result[1], copy_of.get(i)))
    # near-duplicates among the new stories (copies are exact: they need no signature search)
    originals = [(a, evs) for a, evs, c in coded if c is None]
    sigs, bands, dups = neardup.link_batch(store, [(a.article_id, a.text) for a, _ in originals])
    dup_of = {a.article_id: d for (a, _), d in zip(originals, dups)}
    sig_of = {a.article_id: sig for (a, _), sig in zip(originals, sigs)}
    # who is the original of each linked record: the better-documented one (ties: the earlier)
    linked = {a.article_id if c is None else c[0]: (a, (c[1] if c else dup_of[a.article_id][0]))
              for a, _, c in coded if c is not None or dup_of.get(a.article_id)}
    scores = store.article_scores(orig for _, orig in linked.values())
    scores.update({(c[0] if c else a.article_id): metadata_score(a) for a, _, c in coded})
    best: dict[str, tuple[str, tuple[int, int]]] = {}  # original → its best-documented new record
    for own, (a, orig) in linked.items():
        if orig not in best or metadata_score(a) > best[orig][1]:
            best[orig] = (own, metadata_score(a))
    # one promotion per story: the other new records stay linked to the old original, and
    # promoting moves that whole group over
    promoted = {own: orig for orig, (own, score) in best.items() if score > scores.get(orig, (0, 0))}
    rows = []
    for a, _, c in coded:
        own = c[0] if c else a.article_id
        sig = sig_of.get(a.article_id)
        if c is not None:
            sig = sig_of[c[1]] if c[1] in sig_of else neardup.from_blob(store.minhash_of(c[1]))
            link = None if own in promoted else (c[1], 1.0)
            rows.append((a, sig, link, own, "copy"))
        else:
            d = dup_of.get(a.article_id)
            rows.append((a, sig, None if own in promoted else d, own, "near-duplicate"))
    store.add_articles(rows, seen_at, band_of={a.article_id: bs for (a, _), bs in zip(originals, bands)})
    stored_originals = store.original_event_keys(orig for own, (_, orig) in linked.items() if own not in promoted)
    keymap_of: dict[str, dict[tuple, str]] = {}
    batch = []
    for article, events, c in coded:
        own = c[0] if c else article.article_id
        orig = linked[own][1] if own in linked else None
        remap = None
        if orig and own not in promoted:
            remap = keymap_of.get(orig) or stored_originals.get(orig) or {}
        keymap_of[own] = {(e.source.code, e.target.code if e.target else None, e.event_code):
                          (remap or {}).get((e.source.code, e.target.code if e.target else None, e.event_code))
                          or event_key(e) for e in events if not e.negated}
        batch.append((article, events, remap, own) if c else (article, events, remap))
        summary.mentions += len(events)
        if c is not None:
            summary.copies += 1
        elif dup_of.get(article.article_id):
            summary.near_duplicates += 1
        else:
            summary.new += 1
    touched = store.add_mentions(batch, seen_at)
    for own, orig in promoted.items():
        d = dup_of.get(own)
        touched |= store.promote(own, orig, *(("near-duplicate", d[1]) if d else ("copy", 1.0)))
    summary.rejected += len(rejected)
    summary.errors.extend(f"{r.source_path}: {r.reason}" for r in rejected)
    summary.quarantined += store.quarantine(rejected, seen_at)
    store.refresh_events(touched)
    return coding
