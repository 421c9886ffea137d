"""The DuckDB event store: open (and migrate), write batches, refresh counts, query.

One file, one writer process (DuckDB's lock). Writes happen in batches inside transactions, so
a process killed mid-batch leaves the store as it was after the last committed batch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from communique.model import Article, Event, Rejected, stable_hash
from communique.store import neardup
from communique.store.queries import EventQueries
from communique.store.schema import EVENT_COLUMNS, INDEXES, MENTION_COLUMNS, MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "communique.duckdb"


def default_db_path() -> Path:
    """The store used when none is given: ``$COMMUNIQUE_DB``, else ``./communique.duckdb``."""
    return Path(os.environ.get("COMMUNIQUE_DB") or DEFAULT_DB)


class StoreError(RuntimeError):
    """The store cannot be opened or used; the message names the file and the reason."""


def event_key(event: Event) -> str:
    """Deduplication key: event date, source code, target code and CAMEO code."""
    return stable_hash(event.date, event.source.code, event.target.code if event.target else None,
                       event.event_code)


class FilterError(ValueError):
    """A filter value that is not a date, CAMEO code, root, country or PLOVER type; the message
    names the option and what is accepted."""


PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
_ORG_PREFIXES = ("IGO", "NGO", "IMG", "NGM")


def _cameo_codes() -> frozenset[str]:
    global _CODES
    if _CODES is None:
        from communique.dictionaries import Dictionaries
        _CODES = frozenset(r["code"] for r in Dictionaries().tsv("cameo_codes.tsv"))
    return _CODES


_CODES: frozenset[str] | None = None


def cameo_root(value: str | int | None) -> str | None:
    """The two-digit CAMEO root ``value`` names (``"1"``, ``"01"``, ``" 19 "``, ``7`` → ``"01"``,
    ``"01"``, ``"19"``, ``"07"``), or None when it is not a whole number from 1 to 20. The one
    root rule of :class:`Filters`: its constructor normalises with it, :meth:`Filters.checked`
    refuses what it refuses."""
    text = str(value).strip() if value is not None else ""
    if not (text.isdigit() and 1 <= int(text) <= 20):
        return None
    return f"{int(text):02d}"


@dataclass(frozen=True)
class Filters:
    """Event filters shared by queries and exports. Dates are ISO 8601 (inclusive).

    ``actor`` matches source or target codes starting with it (``CHN`` matches ``CHNMIL``);
    ``country`` matches source or target country; ``code`` matches CAMEO codes starting with it;
    ``root`` is a CAMEO root, kept as two digits (``"1"`` becomes ``"01"``, :func:`cameo_root`;
    a value that is no root is kept and matches nothing). Undated events have no date to
    compare: ``since``/``until`` leave them out unless ``undated`` is True. Build from user
    input with :meth:`checked`.
    """

    since: str | None = None
    until: str | None = None
    actor: str | None = None
    country: str | None = None
    code: str | None = None
    root: str | None = None
    plover: str | None = None
    undated: bool = False
    place: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if self.root is not None and cameo_root(self.root):
            object.__setattr__(self, "root", cameo_root(self.root))

    @classmethod
    def checked(cls, since=None, until=None, actor=None, country=None, code=None, root=None, plover=None,
                undated: bool = False, prefix: str = "--", place: str | None = None) -> "Filters":
        """Filters from user input, validated and normalised the same way for the CLI and the API.

        ``root`` ``"1"`` becomes ``"01"``; codes, countries and PLOVER types are upper-cased
        where they are letters. ``prefix`` is put before option names in messages (``"--"`` for
        the CLI, ``""`` for query parameters). ``place`` is ``"LAT,LON"``: the events whose
        location rounds to these coordinates (0.01°, as the dashboard's map groups them).

        Raises:
            FilterError: a value is not an ISO date, a CAMEO root (01..20), the start of a CAMEO
                event code in ``cameo_codes.tsv``, an ISO 3166-1 alpha-3 country (or IGO/NGO
                code), a CAMEO actor code or a PLOVER type.
        """
        from datetime import date as _date

        from communique.export.gdelt import country_names

        def blank(v):
            return v is None or (isinstance(v, str) and not v.strip())

        for name, value in (("since", since), ("until", until)):
            if not blank(value):
                try:
                    _date.fromisoformat(str(value))
                except ValueError:
                    raise FilterError(f"{prefix}{name} {value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
        if not blank(root):
            root = str(root).strip()
            if cameo_root(root) is None:
                raise FilterError(f"{prefix}root {root!r} is not a CAMEO root: give 01..20 (or 1..20)")
        if not blank(code):
            code = str(code).strip()
            if not code.isdigit() or not any(c.startswith(code) for c in _cameo_codes()):
                raise FilterError(f"{prefix}code {code!r} is not a CAMEO event code or the start of one: "
                                  "digits such as 19, 190, 0312 (the codes of cameo_codes.tsv)")
        if not blank(country):
            country = str(country).strip().upper()
            names = country_names()
            if country not in names and not (country.startswith(_ORG_PREFIXES) and country.isalnum()):
                hint = ""
                if len(country) == 2:
                    import pycountry
                    c = pycountry.countries.get(alpha_2=country)
                    hint = f" (ISO alpha-2; the alpha-3 code is {c.alpha_3})" if c else ""
                raise FilterError(f"{prefix}country {country!r} is not a country code{hint}: give an ISO 3166-1 "
                                  "alpha-3 code such as UKR, CHN, USA, or an IGO/NGO code such as IGOUNO")
        if not blank(actor):
            actor = str(actor).strip().upper()
            if not (actor.isalnum() and actor.isascii() and len(actor) <= 40):
                raise FilterError(f"{prefix}actor {actor!r} is not a CAMEO actor code: letters and digits "
                                  "such as CHN, CHNMIL, IGOUNO")
        at = None
        if not blank(place):
            try:
                lat, lon = (float(x) for x in str(place).split(","))
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise ValueError
                at = (lat, lon)
            except ValueError:
                raise FilterError(f"{prefix}place {place!r} is not a place: give LAT,LON in decimal degrees "
                                  "(-90..90, -180..180)") from None
        if not blank(plover):
            plover = str(plover).strip().upper()
            if plover not in PLOVER_TYPES:
                raise FilterError(f"{prefix}plover {plover!r} is not a PLOVER event type: one of "
                                  + ", ".join(PLOVER_TYPES))
        return cls(None if blank(since) else str(since), None if blank(until) else str(until),
                   None if blank(actor) else actor, None if blank(country) else country,
                   None if blank(code) else code, None if blank(root) else root,
                   None if blank(plover) else plover, bool(undated), at)

    def where(self) -> tuple[str, list]:
        """SQL WHERE clause over the ``events`` table (parameterised) and its parameters."""
        clauses, params = ["TRUE"], []
        dated: list[str] = []
        if self.since:
            dated.append("date >= ?")
            params.append(self.since)
        if self.until:
            dated.append("date <= ?")
            params.append(self.until)
        if dated:
            clause = " AND ".join(dated)
            clauses.append(f"(({clause}) OR date IS NULL)" if self.undated else f"({clause})")
        if self.actor:
            clauses.append("(starts_with(source_code, ?) OR starts_with(target_code, ?))")
            params += [self.actor.upper(), self.actor.upper()]
        if self.country:
            clauses.append("(source_country = ? OR target_country = ?)")
            params += [self.country.upper(), self.country.upper()]
        if self.code:
            clauses.append("starts_with(event_code, ?)")
            params.append(self.code)
        if self.root:
            clauses.append("root_code = ?")
            params.append(self.root)
        if self.plover:
            clauses.append("plover_type = ?")
            params.append(self.plover.upper())
        if self.place:
            clauses.append("round(location_lat, 2) = round(?::DOUBLE, 2) AND round(location_lon, 2) = round(?::DOUBLE, 2)")
            params += [float(self.place[0]), float(self.place[1])]
        return " AND ".join(clauses), params

    def without_dates(self) -> "Filters":
        """The same filters with no date range (to count what a date range leaves out)."""
        from dataclasses import replace
        return replace(self, since=None, until=None)


class Store(EventQueries):
    """An open event store.

    The read queries of the API and the dashboard (pages, aggregates, one event or article
    with its mentions) are the methods of :class:`communique.store.queries.EventQueries`.

    Args:
        path: the DuckDB file (created when missing, unless ``read_only``).
        read_only: open without writing (the schema must be current).
        memory_limit: DuckDB's buffer memory cap (DuckDB syntax, e.g. ``"1GB"``); without it
            DuckDB may cache up to 80 % of RAM as the store grows.

    Raises:
        StoreError: the file cannot be opened (locked by another process, not a DuckDB file,
            or read-only and missing / from an older schema).
    """

    def __init__(self, path: str | Path | None = None, read_only: bool = False, memory_limit: str = "1GB"):
        self.path = Path(path) if path else default_db_path()
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such store")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only,
                                      config={"memory_limit": memory_limit})
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open store: {exc}") from None
        if read_only:
            version = self.schema_version()
            if version == 0:
                raise StoreError(f"{self.path}: not a communique store (no schema version)")
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: schema version {version} is newer than this communique ({SCHEMA_VERSION})")
            if version < SCHEMA_VERSION:
                raise StoreError(f"{self.path}: schema version {version} needs migrating; run communique ingest on it once")
        else:
            self.migrate()
            # pyarrow converts timestamps through pandas: import it while opening the store
            # (about half a second, once) rather than inside the first batch's transaction
            import pandas  # noqa: F401

    @classmethod
    def over(cls, con: duckdb.DuckDBPyConnection, path: str | Path) -> "Store":
        """A store that runs its methods on ``con``, an open DuckDB connection or cursor of the
        store file ``path`` (nothing is opened, checked or migrated). The API makes one per
        request over a new cursor of the snapshot it reads
        (:meth:`communique.store.snapshot.SnapshotReader.query_store`), as DuckDB wants one cursor
        per thread; :meth:`close` closes ``con`` only."""
        store = cls.__new__(cls)
        store.path = Path(path)
        store.con = con
        return store

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- schema ------------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The store's schema version (0 for an empty file)."""
        has_meta = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchall()[0][0]
        if not has_meta:
            return 0
        rows = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        return int(rows[0][0]) if rows else 0

    def migrate(self) -> int:
        """Bring the schema to :data:`SCHEMA_VERSION`, one version at a time, each in a
        transaction. Returns the version reached.

        Raises:
            StoreError: the store is newer than this version of communique.
        """
        version = self.schema_version()
        if version == 0:
            tables = self.con.execute("SELECT count(*) FROM information_schema.tables").fetchall()[0][0]
            if tables:
                raise StoreError(f"{self.path}: is a DuckDB file with other tables, not a communique store; "
                                 "choose another --db")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {version} is newer than this communique ({SCHEMA_VERSION})")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for sql in MIGRATIONS[target]:
                    self.con.execute(sql)
                self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(target)])
        for sql in INDEXES:
            self.con.execute(sql)
        return SCHEMA_VERSION

    def record_settings(self, settings) -> None:
        """Record in the ``meta`` table what the store is being built with, from ``settings``
        (a :class:`communique.settings.Settings`, the ingest pipeline's): key ``model``, the
        spaCy pipeline loaded (:func:`communique.nlp.model_name` of ``settings.model``: the
        name, else ``$COMMUNIQUE_MODEL``, else the default), and key ``dictionaries``, a JSON
        list of the user dictionary folders as absolute paths, in order (``[]`` for none). An
        ingest records them before it codes (``communique ingest``); a later ingest's values
        replace these. :meth:`recorded_settings` reads them back.

        Raises:
            duckdb.Error: the store is read-only.
        """
        from communique.nlp import model_name
        folders = [str(Path(d).resolve()) for d in settings.dictionaries]
        self.con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                             [["model", model_name(settings.model)], ["dictionaries", json.dumps(folders)]])

    def recorded_settings(self) -> dict:
        """The settings the store recorded at ingest (:meth:`record_settings`), as overrides for
        :meth:`communique.settings.Settings.load`: ``{"model": str, "dictionaries": tuple[str,
        ...]}`` (absolute folder paths, in order), with only the keys recorded — ``{}`` for a
        store that no ingest has recorded settings in (made before this was recorded)."""
        rows = dict(self.con.execute("SELECT key, value FROM meta WHERE key IN ('model', 'dictionaries')").fetchall())
        out: dict = {}
        if rows.get("model"):
            out["model"] = rows["model"]
        if rows.get("dictionaries") is not None:
            out["dictionaries"] = tuple(json.loads(rows["dictionaries"]))
        return out

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN … COMMIT, rolled back on any exception."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- writing -----------------------------------------------------------------------------
    def known_articles(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are already stored."""
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute("SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0] for r in rows}

    def near_duplicates(self, sigs: list[np.ndarray],
                        bands: list[list[int]] | None = None) -> list[tuple[str, float] | None]:
        """For each signature, in order, the most similar earlier article at or above the
        threshold as ``(article_id, similarity)`` — a stored article, or one earlier in ``sigs``
        (given as ``"#i"``, its index) — or None. Copies point to their original.

        Candidates are the articles sharing an LSH band with the signature; ties go to the stored
        article with the smallest id, then to the earliest in ``sigs``. ``bands`` may pass the
        signatures' :func:`neardup.band_hashes` when they are already computed.
        """
        if bands is None:
            bands = [neardup.band_hashes(sig) for sig in sigs]
        all_buckets = sorted({b for bs in bands for b in bs})
        labels: list[str] = []  # per candidate row: the original it stands for
        matrix = np.empty((0, neardup.NUM_PERM), dtype=np.uint64)
        rows_of: dict[int, list[int]] = {}  # bucket -> candidate rows
        if all_buckets:
            found = self.con.execute(
                """SELECT b.bucket, a.article_id, a.minhash, a.duplicate_of
                   FROM lsh_bands b JOIN articles a USING (article_id)
                   WHERE b.bucket IN (SELECT unnest(?::UBIGINT[]))""", [all_buckets]).fetchall()
            row_of: dict[str, int] = {}
            blobs: list[bytes] = []
            for bucket, article_id, blob, duplicate_of in sorted(found, key=lambda r: r[1]):
                if article_id not in row_of:
                    row_of[article_id] = len(labels)
                    labels.append(duplicate_of or article_id)
                    blobs.append(blob)
                rows_of.setdefault(bucket, []).append(row_of[article_id])
            if blobs:
                matrix = np.frombuffer(b"".join(blobs), dtype="<u8").reshape(len(blobs), -1).astype(np.uint64)
        matrix = np.vstack([matrix, np.zeros((len(sigs), neardup.NUM_PERM), dtype=np.uint64)])
        out: list[tuple[str, float] | None] = []
        for i, (sig, bs) in enumerate(zip(sigs, bands)):
            candidates = set().union(*(rows_of.get(b, ()) for b in bs))
            best = None
            if candidates:
                order = np.fromiter(sorted(candidates), dtype=np.int64, count=len(candidates))
                sims = (matrix[order] == sig).sum(axis=1) / len(sig)
                k = int(np.argmax(sims))  # the first of the most similar
                if sims[k] >= neardup.THRESHOLD:
                    best = (labels[order[k]], float(sims[k]))
            out.append(best)
            row = len(labels)
            labels.append(best[0] if best else f"#{i}")
            matrix[row] = sig
            for bucket in bs:
                rows_of.setdefault(bucket, []).append(row)
        return out

    def text_records(self, text_ids: Iterable[str]) -> dict[str, list[dict]]:
        """Stored records of each normalised-text hash: text id → ``[{article_id, outlet, url,
        duplicate_of, score}]`` (the original and its copies; ``score`` is
        :func:`metadata_score`)."""
        ids = sorted(set(text_ids))
        out: dict[str, list[dict]] = {}
        if not ids:
            return out
        rows = self.con.execute(
            "SELECT text_id, article_id, outlet, url, duplicate_of, published, title, author, dateline FROM articles "
            "WHERE text_id IN (SELECT unnest(?)) ORDER BY first_seen, article_id", [ids]).fetchall()
        for tid, aid, outlet, url, dup, published, title, author, dateline in rows:
            out.setdefault(tid, []).append({
                "article_id": aid, "outlet": outlet, "url": url, "duplicate_of": dup,
                "score": _score(published, outlet, url, title, author, dateline)})
        return out

    def minhash_of(self, article_id: str) -> bytes:
        """The stored MinHash signature (a BLOB, :func:`communique.store.neardup.from_blob`
        reads it) of article ``article_id``.

        Raises:
            KeyError: no such article is stored.
        """
        rows = self.con.execute("SELECT minhash FROM articles WHERE article_id = ?", [article_id]).fetchall()
        if not rows:
            raise KeyError(article_id)
        return rows[0][0]

    def article_scores(self, article_ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """article id → :func:`metadata_score` of stored articles."""
        ids = sorted(set(article_ids))
        if not ids:
            return {}
        rows = self.con.execute("SELECT article_id, published, outlet, url, title, author, dateline FROM articles "
                                "WHERE article_id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0]: _score(*r[1:]) for r in rows}

    def add_articles(self, rows: list[tuple], seen_at: datetime, band_of: dict[str, list[int]] | None = None) -> None:
        """Insert articles and their LSH bands.

        Each row is ``(article, signature, dup)`` or ``(article, signature, dup, article_id, kind)``:
        ``dup`` is ``(original id, similarity)`` or None; ``article_id`` overrides the text hash
        (copies of a stored text have their own id); ``kind`` is ``"copy"`` or
        ``"near-duplicate"`` for records with a ``dup``. ``band_of`` maps article id →
        :func:`neardup.band_hashes` when already computed. Copies add no bands: they are found
        through their original.
        """
        if not rows:
            return
        cols: dict[str, list] = {c: [] for c in _ARTICLE_COLUMNS}
        bands: dict[str, list] = {"band": [], "bucket": [], "article_id": []}
        for row in rows:
            a, sig, dup = row[:3]
            aid = row[3] if len(row) > 3 and row[3] else a.article_id
            kind = (row[4] if len(row) > 4 and row[4] else "near-duplicate") if dup else None
            values = [aid, a.title, a.text, a.published, a.author, a.outlet, a.dateline, a.dateline_date,
                      a.url, a.language, a.source_path, stable_hash(a.text, length=32), neardup.to_blob(sig),
                      dup[0] if dup else None, seen_at, dup[1] if dup else None, a.article_id, kind]
            for c, v in zip(_ARTICLE_COLUMNS, values):
                cols[c].append(v)
            if dup:
                continue  # copies are found through their original: the index grows by stories, not copies
            hashes = neardup.band_hashes(sig) if band_of is None or aid not in band_of else band_of[aid]
            bands["band"].extend(range(len(hashes)))
            bands["bucket"].extend(hashes)
            bands["article_id"].extend([aid] * len(hashes))
        types = {"minhash": pa.binary(), "first_seen": pa.timestamp("us"), "near_duplicate_similarity": pa.float64()}
        self._insert_arrow("articles", pa.table({c: pa.array(v, type=types.get(c, pa.string())) for c, v in cols.items()}),
                           conflict="DO NOTHING")
        self._insert_arrow("lsh_bands", pa.table({"band": pa.array(bands["band"], pa.int16()),
                                                  "bucket": pa.array(bands["bucket"], pa.uint64()),
                                                  "article_id": bands["article_id"]}))

    def promote(self, new_id: str, old_id: str, kind: str = "copy", similarity: float = 1.0) -> set[str]:
        """Make ``new_id`` (a stored copy or near-duplicate with better metadata, whose mentions
        carry their own event keys) the original of ``old_id``'s group: ``old_id`` and its copies
        become copies of ``new_id``, and their mentions move to ``new_id``'s events where source,
        target and CAMEO code agree. ``kind`` and ``similarity`` describe how ``old_id`` relates
        to ``new_id`` (``"copy"``, 1.0, or ``"near-duplicate"`` and the MinHash estimate).
        Returns the event keys touched (to refresh)."""
        self.con.execute("UPDATE articles SET duplicate_of = ?, duplicate_kind = ?, near_duplicate_similarity = ? "
                         "WHERE article_id = ?", [new_id, kind, similarity, old_id])
        self.con.execute("UPDATE articles SET duplicate_of = ? WHERE duplicate_of = ?", [new_id, old_id])
        self.con.execute("UPDATE articles SET duplicate_of = NULL, duplicate_kind = NULL, "
                         "near_duplicate_similarity = NULL WHERE article_id = ?", [new_id])
        group = "(SELECT article_id FROM articles WHERE duplicate_of = ?)"
        touched = {r[0] for r in self.con.execute(
            f"SELECT DISTINCT event_key FROM mentions WHERE event_key IS NOT NULL AND article_id IN {group}",
            [new_id]).fetchall()}
        self.con.execute(f"""
            UPDATE mentions SET event_key = k.key
            FROM (SELECT source_code, target_code, event_code, min(event_key) AS key FROM mentions
                  WHERE article_id = ? AND event_key IS NOT NULL GROUP BY ALL) k
            WHERE mentions.article_id IN {group} AND mentions.event_key IS NOT NULL
              AND mentions.source_code IS NOT DISTINCT FROM k.source_code
              AND mentions.target_code IS NOT DISTINCT FROM k.target_code
              AND mentions.event_code = k.event_code""", [new_id, new_id])
        touched |= {r[0] for r in self.con.execute(
            "SELECT DISTINCT event_key FROM mentions WHERE event_key IS NOT NULL AND article_id = ?", [new_id]).fetchall()}
        return touched

    def quarantine(self, rejected: Iterable[Rejected], seen_at: datetime) -> int:
        """Record unreadable inputs (once per path). Returns how many were new."""
        rows = list({r.source_path: r for r in rejected}.values())
        if not rows:
            return 0
        before = self.count("quarantine")
        self._insert_arrow("quarantine", pa.table({
            "source_path": [r.source_path for r in rows], "reason": [r.reason for r in rows],
            "first_seen": pa.array([seen_at] * len(rows), pa.timestamp("us")),
        }), conflict="DO NOTHING")
        return self.count("quarantine") - before

    def original_event_keys(self, article_ids: Iterable[str]) -> dict[str, dict[tuple, str]]:
        """article id → {(source code, target code, CAMEO code): event key} of stored events."""
        ids = sorted(set(article_ids))
        out: dict[str, dict[tuple, str]] = {i: {} for i in ids}
        if ids:
            rows = self.con.execute(
                "SELECT article_id, source_code, target_code, event_code, min(event_key) FROM mentions "
                "WHERE article_id IN (SELECT unnest(?)) AND event_key IS NOT NULL GROUP BY ALL", [ids]).fetchall()
            for a, s_, t, c, k in rows:
                out[a][(s_, t, c)] = k
        return out

    def add_mentions(self, batch: list[tuple], seen_at: datetime) -> set[str]:
        """Insert the mentions of several articles at once; returns the event keys touched.

        Each item is ``(article, events, remap)`` or ``(article, events, remap, article_id)``:
        ``remap`` ({(source code, target code, CAMEO code): event key}) sends a copy's or
        near-duplicate's mentions to the events of the article it copies; ``article_id``
        overrides the article's own id (a copy's record: its mentions get ids of their own).
        Negated mentions are stored with no event key (they never form events).
        """
        cols: dict[str, list] = {name: [] for name in _MENTION_COLUMNS}
        keys: set[str] = set()
        for item in batch:
            article, events, remap = item[:3]
            own_id = item[3] if len(item) > 3 else None
            for e in events:
                key = None
                if not e.negated:
                    key = (remap or {}).get((e.source.code, e.target.code if e.target else None, e.event_code)) \
                        or event_key(e)
                    keys.add(key)
                row = {"mention_id": stable_hash(e.event_id, own_id) if own_id else e.event_id, "event_key": key,
                       "article_id": own_id or e.article_id, "outlet": article.outlet, "seen_at": seen_at}
                for column in MENTION_COLUMNS:
                    cols[column.name].append(column.value(e, row))
        if cols["mention_id"]:
            table = pa.table({name: pa.array(cols[name], type=_MENTION_TYPES.get(name)) for name in _MENTION_COLUMNS})
            self._insert_arrow("mentions", table, conflict="DO NOTHING")
        return keys

    def refresh_events(self, keys: set[str]) -> None:
        """Recompute the ``events`` and ``actors`` rows of ``keys`` from their mentions."""
        if not keys:
            return
        self.con.execute("CREATE OR REPLACE TEMP TABLE touched AS SELECT unnest(?::VARCHAR[]) AS event_key", [sorted(keys)])
        self.con.execute("DELETE FROM events WHERE event_key IN (SELECT event_key FROM touched)")
        self.con.execute(f"""
            INSERT INTO events ({", ".join(c.name for c in EVENT_COLUMNS)})
            SELECT {", ".join(c.aggregate for c in EVENT_COLUMNS)}
            FROM mentions m JOIN articles a USING (article_id)
            WHERE m.event_key IN (SELECT event_key FROM touched)
            GROUP BY m.event_key""")
        self.con.execute("""
            CREATE OR REPLACE TEMP TABLE touched_actors AS
            SELECT DISTINCT code FROM (
              SELECT source_code AS code FROM mentions WHERE event_key IN (SELECT event_key FROM touched)
              UNION SELECT target_code FROM mentions WHERE event_key IN (SELECT event_key FROM touched))
            WHERE code IS NOT NULL""")
        self.con.execute("DELETE FROM actors WHERE code IN (SELECT code FROM touched_actors)")
        self.con.execute("""
            INSERT INTO actors
            SELECT code, name, any_value(country), count(*), min(seen_at), max(seen_at) FROM (
              SELECT source_code AS code, source_name AS name, source_country AS country, seen_at
                FROM mentions WHERE event_key IS NOT NULL
              UNION ALL
              SELECT target_code, target_name, target_country, seen_at FROM mentions WHERE event_key IS NOT NULL)
            WHERE code IN (SELECT code FROM touched_actors)
            GROUP BY code, name""")

    def _insert_arrow(self, table: str, data: pa.Table, conflict: str | None = None) -> None:
        self.con.register("_batch", data)
        try:
            cols = ", ".join(data.column_names)
            suffix = f" ON CONFLICT {conflict}" if conflict else ""
            self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _batch{suffix}")
        finally:
            self.con.unregister("_batch")

    def check(self) -> list[str]:
        """Integrity problems of the store (empty list when sound): mentions without their
        article, events whose counts differ from their mentions, mentions without their event,
        index rows without their article."""
        checks = {
            "mentions without their article":
                "SELECT count(*) FROM mentions m LEFT JOIN articles a USING (article_id) WHERE a.article_id IS NULL",
            "events whose counts differ from their mentions":
                """SELECT count(*) FROM events e LEFT JOIN (SELECT event_key, count(*) n,
                       count(DISTINCT article_id) a FROM mentions GROUP BY 1) m USING (event_key)
                   WHERE m.n IS NULL OR e.num_mentions <> m.n OR e.num_articles <> m.a""",
            "mentions without their event":
                """SELECT count(*) FROM mentions m LEFT JOIN events e USING (event_key)
                   WHERE m.event_key IS NOT NULL AND e.event_key IS NULL""",
            "index rows without their article":
                "SELECT count(*) FROM lsh_bands b LEFT JOIN articles a USING (article_id) WHERE a.article_id IS NULL",
        }
        problems = []
        for what, sql in checks.items():
            n = self.con.execute(sql).fetchall()[0][0]
            if n:
                problems.append(f"{n} {what}")
        return problems

    # -- reading -----------------------------------------------------------------------------
    def count(self, table: str) -> int:
        """Rows in one of the store's tables."""
        if table not in _TABLES:
            raise StoreError(f"no table {table!r} in the store")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]

    def counts(self) -> dict[str, int]:
        """Row counts of every table."""
        return {t: self.count(t) for t in _TABLES}

    def events(self, filters: Filters = Filters(), limit: int | None = None,
               columns: str = "*", ordered: bool = True, offset: int = 0) -> pa.Table:
        """Deduplicated events matching ``filters`` as an Arrow table, newest first.

        ``.to_pandas()`` gives a DataFrame. ``columns`` is a fixed SQL select list chosen by the
        caller (never user input).
        """
        where, params = filters.where()
        sql = f"SELECT {columns} FROM events WHERE {where}"
        if ordered:
            sql += " ORDER BY date DESC NULLS LAST, num_mentions DESC, event_key"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return self.con.sql(sql, params=params).to_arrow_table()

    def mentions_of(self, key: str) -> pa.Table:
        """All mentions (with evidence) of one event."""
        return self.con.sql("SELECT * FROM mentions WHERE event_key = ? ORDER BY article_id, sentence_index",
                            params=[key]).to_arrow_table()


_ARTICLE_COLUMNS = [
    "article_id", "title", "text", "published", "author", "outlet", "dateline", "dateline_date", "url",
    "language", "source_path", "content_hash", "minhash", "duplicate_of", "first_seen", "near_duplicate_similarity",
    "text_id", "duplicate_kind",
]


def _score(published, outlet, url, title, author, dateline) -> tuple[int, int]:
    return (1 if published else 0, sum(1 for v in (outlet, url, title, author, dateline) if v))


def metadata_score(article: Article) -> tuple[int, int]:
    """How complete an article's metadata is: ``(has a publication date, number of outlet, URL,
    title, author and dateline given)``; compared as a tuple, higher is better. Of the records
    of one story the best-scoring is kept as the original."""
    return _score(article.published, article.outlet, article.url, article.title, article.author, article.dateline)
_TABLES = ("articles", "lsh_bands", "mentions", "events", "actors", "quarantine")
_MENTION_COLUMNS = [c.name for c in MENTION_COLUMNS]  # the insert list (schema.MENTION_COLUMNS)
_MENTION_TYPES = {c.name: c.arrow for c in MENTION_COLUMNS}
