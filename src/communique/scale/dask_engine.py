"""Code articles on a Dask distributed cluster.

The driver keeps everything that needs one writer — reading inputs, skipping stored articles,
near-duplicate linking, the DuckDB transactions — and sends only the parsing and coding of each
batch to the workers: the batch is split into one chunk per worker, coded there, and gathered
back in order. Each worker loads the spaCy model once (a per-process cache), so the stored
result is the same as a single-process run's.

Use ``--workers N`` for a ``LocalCluster`` on 127.0.0.1, or ``--scheduler tcp://host:8786`` for
an existing cluster whose workers have communique (and its spaCy model) installed.
"""

from __future__ import annotations

from pathlib import Path

from communique.model import Article
from communique.settings import Settings

_PIPELINES: dict = {}


def worker_pipeline(settings: Settings):
    """The worker process's Pipeline for ``settings`` (built once per process and settings)."""
    from communique.pipeline import Pipeline

    pipe = _PIPELINES.get(settings)
    if pipe is None:
        pipe = _PIPELINES[settings] = Pipeline(settings=settings)
    return pipe


def code_chunk(articles: list[Article], settings: Settings) -> list:
    """Runs on a worker: code ``articles`` with the per-process cached Pipeline of ``settings``
    (the driver's: same model, dictionaries, limits and time budget); one result per article
    (``(article, events)`` or ``Rejected``), in order."""
    pipe = worker_pipeline(settings)
    with pipe.memory_zone():  # the worker's vocabulary does not grow batch after batch
        return list(pipe.code_many(articles))


class DaskCoder:
    """A callable that codes a batch on the cluster (see :func:`communique.runner.ingest`).

    Args:
        workers: start a LocalCluster with this many single-threaded worker processes on
            127.0.0.1 (ignored when ``scheduler`` is given).
        scheduler: address of an existing scheduler, e.g. ``tcp://10.0.0.5:8786``.
        model, dictionaries: as for :class:`communique.Pipeline` (they override ``settings``).
        settings: the :class:`~communique.settings.Settings` the workers code with, normally the
            driver pipeline's ``settings`` (default :meth:`Settings.load()
            <communique.settings.Settings.load>`). Dictionary folders are sent as absolute paths:
            a worker on another host needs them at the same path.
    """

    def __init__(self, workers: int = 2, scheduler: str | None = None, model: str | None = None,
                 dictionaries: list[str | Path] | tuple | None = None, settings: Settings | None = None):
        from dask.distributed import Client, LocalCluster

        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        host="127.0.0.1", dashboard_address=None)
            self.client = Client(self.cluster)
        settings = (settings if settings is not None else Settings.load()).updated(
            model=model, dictionaries=None if dictionaries is None else tuple(dictionaries))
        self.settings = settings.updated(dictionaries=tuple(str(Path(d).resolve()) for d in settings.dictionaries))

    @property
    def n_workers(self) -> int:
        """Workers currently connected."""
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def __call__(self, articles: list[Article]) -> list:
        n = min(self.n_workers, len(articles)) or 1
        size = -(-len(articles) // n)
        chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
        futures = [self.client.submit(code_chunk, chunk, self.settings, pure=False) for chunk in chunks]
        return [r for chunk_results in self.client.gather(futures) for r in chunk_results]

    def close(self) -> None:
        """Shut the client (and a LocalCluster it started) down."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
