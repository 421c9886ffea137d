"""Read-only snapshots of a store, so that the API can answer while an ingest writes.

DuckDB lets one process hold a store file for writing and no other process open it at all. The
writer therefore publishes a snapshot — ``STORE.snapshot``, a checkpointed copy renamed into
place atomically — between batches (every ``--snapshot-every`` seconds, and at the end of every
ingest); ``communique serve`` reads the newest snapshot and reopens it when it changes. Queries
see committed data up to the last snapshot; nothing the writer commits is lost.
"""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import duckdb

from communique.store.store import Store, StoreError


def snapshot_path(db: str | Path) -> Path:
    """Where the snapshot of store ``db`` lives: ``db`` + ``.snapshot``."""
    db = Path(db)
    return db.with_name(db.name + ".snapshot")


def write_snapshot(store: Store) -> Path:
    """Checkpoint ``store`` (outside any transaction) and publish a copy of its file atomically."""
    store.con.execute("CHECKPOINT")
    target = snapshot_path(store.path)
    tmp = target.with_name(target.name + ".tmp")
    # Copied by another process: DuckDB's file lock is a POSIX record lock, which a process
    # loses when it closes *any* descriptor of the file, so copying it here (open, read, close)
    # silently released the writer's lock and let a second writer in.
    try:
        subprocess.run(["cp", str(store.path), str(tmp)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise StoreError(f"{store.path}: cannot write snapshot {tmp}: {exc}") from None
    os.replace(tmp, target)
    return target


class SnapshotReader:
    """A read-only connection to the newest snapshot of ``db``, reopened when a newer one appears.

    When no snapshot exists yet and no writer holds ``db``, one is made first.

    Raises:
        StoreError: there is no snapshot and ``db`` is busy, missing or not a store.
    """

    def __init__(self, db: str | Path):
        self.db = Path(db)
        self.path = snapshot_path(self.db)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self.store: Store | None = None
        self._open: list[tuple[Path, Store]] = []
        if not self.path.exists():
            if not self.db.exists():
                raise StoreError(f"{self.db}: no such store")
            try:
                with Store(self.db) as writer:
                    write_snapshot(writer)
            except StoreError as exc:
                raise StoreError(f"{exc} (and no snapshot {self.path.name} to serve yet)") from None
        self.refresh()

    def refresh(self) -> None:
        """Reopen the snapshot if the file changed since it was opened.

        DuckDB caches one database per path in a process, so each snapshot is opened through a
        hard link with its own name; the previous connection is kept open one more round so
        that queries already running on it finish."""
        st = self.path.stat()
        stamp = (st.st_ino, st.st_mtime_ns)
        with self._lock:
            if stamp == self._stamp and self.store is not None:
                return
            link = self.path.with_name(f"{self.path.name}.{st.st_ino}.{st.st_mtime_ns}.ro")
            if not link.exists():
                os.link(self.path, link)
            self.store = Store(link, read_only=True)
            self._stamp = stamp
            self._open.append((link, self.store))
            while len(self._open) > 2:
                old_link, old = self._open.pop(0)
                try:
                    old.close()
                except duckdb.Error:
                    pass
                old_link.unlink(missing_ok=True)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new DuckDB cursor on the current snapshot (checks for a newer one first); one per
        thread, as DuckDB wants."""
        self.refresh()
        return self.store.con.cursor()

    def query_store(self) -> Store:
        """A :class:`Store` over a new :meth:`cursor` of the current snapshot, for one request
        (or one thread): its query methods read the snapshot (:meth:`Store.over`)."""
        self.refresh()
        current = self.store
        return Store.over(current.con.cursor(), current.path)

    def close(self) -> None:
        """Close every connection and remove the hard links."""
        with self._lock:
            for link, store in self._open:
                try:
                    store.close()
                except duckdb.Error:
                    pass
                link.unlink(missing_ok=True)
            self._open.clear()
