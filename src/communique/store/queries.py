"""The store's read queries behind the JSON API and the dashboard: pages, aggregates, records.

:class:`EventQueries` is a mixin of :class:`communique.store.Store`: every method runs on the
store's connection ``self.con`` — the file opened by :class:`Store`, or one cursor of a snapshot
(:meth:`Store.over`, one per API request, as :class:`communique.store.snapshot.SnapshotReader`
hands them out). Filters arrive as :class:`communique.store.Filters` (validated by
:meth:`Filters.checked`); every value reaches SQL as a bound parameter, and the only text put
into SQL is chosen from the fixed tables here (:data:`EVENT_SORTS`, :data:`INTERVALS`).

Rows come back as plain dicts with the column names of the tables (``DESCRIBE events``,
``DESCRIBE mentions``, ``DESCRIBE articles``) and Python values as pyarrow gives them: text,
int, float, bool, lists, ``datetime.datetime`` for timestamps; event dates are ISO 8601 text
(``YYYY-MM-DD``) or None for undated events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from communique.store.store import Filters

EVENT_SORTS: dict[str, tuple[str, str]] = {
    "date": ("date", "DESC"), "mentions": ("num_mentions", "DESC"), "goldstein": ("goldstein", "ASC"),
    "-goldstein": ("goldstein", "DESC"), "code": ("event_code", "ASC"), "source": ("source_code", "ASC"),
    "target": ("target_code", "ASC"), "where": ("location_name", "ASC"), "sources": ("num_sources", "DESC"),
    "articles": ("num_articles", "DESC"), "plover": ("plover_type", "ASC")}
"""Sort key → (``events`` column, default order) for :meth:`EventQueries.events_page`. The keys
``-goldstein`` and ``code`` are older names kept for links already shared."""

INTERVALS = ("day", "week", "month")
"""Periods of the time series (DuckDB ``date_trunc`` parts); a period is named by its first day."""

QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
"""The four QuadClasses (1..4) by the names the counts have in the results."""

_QUAD_SUMS = ", ".join(f"sum(CASE WHEN quad_class = {q} THEN 1 ELSE 0 END)" for q in (1, 2, 3, 4))


def _mean(value: float | None) -> float | None:
    """A mean Goldstein score as the results give it: three decimals, None without events."""
    return round(value, 3) if value is not None else None


def _interval(interval: str) -> str:
    if interval not in INTERVALS:
        raise ValueError(f"unknown interval {interval!r}; choose one of {', '.join(INTERVALS)}")
    return interval


def _point(period: str, counts: tuple, goldstein: float | None) -> dict[str, Any]:
    return {"period": period, **dict(zip(QUADS, counts)), "mean_goldstein": _mean(goldstein)}


class EventQueries:
    """Read queries over the ``events``, ``mentions``, ``articles`` and ``actors`` tables
    (mixed into :class:`communique.store.Store`; needs ``self.con``)."""

    con: Any

    def _rows(self, sql: str, params: list) -> list[dict[str, Any]]:
        return self.con.sql(sql, params=params).to_arrow_table().to_pylist()

    def undated_count(self, filters: "Filters") -> int:
        """How many events matching ``filters`` have no date (``date IS NULL``)."""
        where, params = filters.where()
        return self.con.execute(f"SELECT count(*) FROM events WHERE {where} AND date IS NULL",
                                params).fetchall()[0][0]

    def events_page(self, filters: "Filters", limit: int = 100, offset: int = 0, sort: str = "date",
                    order: str | None = None) -> dict[str, Any]:
        """One page of the events matching ``filters``, sorted.

        ``sort`` is a key of :data:`EVENT_SORTS`; ``order`` ``"asc"`` or ``"desc"`` (None: the
        key's default). Undated events (and other nulls of the sort column) come last in either
        order; ties go newest first, then by event key.

        Returns:
            ``{"total": int, "undated": int, "order": "asc" | "desc", "rows": [events row, …]}``:
            ``total`` events match, ``undated`` of them have no date, ``rows`` holds at most
            ``limit`` ``events`` rows (all columns) from ``offset`` on.

        Raises:
            ValueError: ``sort`` or ``order`` is not one of those accepted.
        """
        if sort not in EVENT_SORTS or order not in (None, "asc", "desc"):
            raise ValueError(f"unknown sort {sort!r} / order {order!r}; sort by one of {', '.join(EVENT_SORTS)}")
        where, params = filters.where()
        total, undated = self.con.execute(f"SELECT count(*), count(*) FILTER (WHERE date IS NULL) FROM events "
                                          f"WHERE {where}", params).fetchall()[0]
        column, default = EVENT_SORTS[sort]
        direction = (order or default.lower()).upper()
        rows = self._rows(f"SELECT * FROM events WHERE {where} ORDER BY {column} {direction} NULLS LAST, "
                          f"date DESC NULLS LAST, event_key LIMIT ? OFFSET ?", params + [int(limit), int(offset)])
        return {"total": total, "undated": undated, "order": direction.lower(), "rows": rows}

    def places(self, filters: "Filters", limit: int = 2000) -> list[dict[str, Any]]:
        """The located events matching ``filters`` grouped by place: coordinates rounded to
        0.01° (as ``Filters.place`` matches them), most events first, then by latitude and
        longitude; at most ``limit`` places.

        Returns:
            One dict per place: ``name``, ``country`` (of one of its events; text or None),
            ``lat``, ``lon`` (float, rounded), ``events``, ``mentions`` (int), the events per
            QuadClass (``verbal_cooperation``, ``material_cooperation``, ``verbal_conflict``,
            ``material_conflict``: int), ``quad_class`` (1..4, the QuadClass with most events,
            the lower on a tie) and ``mean_goldstein`` (float, 3 decimals).
        """
        where, params = filters.where()
        rows = self.con.execute(f"""
            SELECT any_value(location_name), any_value(location_country), round(location_lat, 2) AS lat,
                   round(location_lon, 2) AS lon, count(*) AS n, sum(num_mentions), {_QUAD_SUMS},
                   avg(goldstein)
            FROM events WHERE {where} AND location_lat IS NOT NULL AND location_lon IS NOT NULL
            GROUP BY lat, lon ORDER BY n DESC, lat, lon LIMIT ?""", params + [int(limit)]).fetchall()
        out = []
        for name, country, lat, lon, n, mentions, q1, q2, q3, q4, goldstein in rows:
            quads = [q1, q2, q3, q4]
            out.append({"name": name, "country": country, "lat": lat, "lon": lon, "events": n, "mentions": mentions,
                        **dict(zip(QUADS, quads)), "quad_class": quads.index(max(quads)) + 1,
                        "mean_goldstein": _mean(goldstein)})
        return out

    def overview(self, filters: "Filters", interval: str = "month") -> dict[str, Any]:
        """The dated events matching ``filters`` counted per period and QuadClass (events, not
        mentions), with their mean Goldstein score; the undated ones counted apart.

        Returns:
            ``{"undated": int, "points": [point, …]}``, points in period order, each
            ``{"period": "YYYY-MM-DD"`` (first day of the day/ISO week/month)``,
            "verbal_cooperation": int, "material_cooperation": int, "verbal_conflict": int,
            "material_conflict": int, "mean_goldstein": float | None}``.

        Raises:
            ValueError: ``interval`` is not one of :data:`INTERVALS`.
        """
        interval = _interval(interval)
        where, params = filters.where()
        rows = self.con.execute(f"""
            SELECT strftime(date_trunc('{interval}', CAST(date AS DATE)), '%Y-%m-%d') AS period, {_QUAD_SUMS},
                   avg(goldstein)
            FROM events WHERE {where} AND date IS NOT NULL GROUP BY 1 ORDER BY 1""", params).fetchall()
        return {"undated": self.undated_count(filters),
                "points": [_point(period, counts, g) for period, *counts, g in rows]}

    def dyad_series(self, source: str, target: str, interval: str = "week", since: str | None = None,
                    until: str | None = None) -> list[dict[str, Any]]:
        """The dated events from actors whose code starts with ``source`` to those whose code
        starts with ``target`` (``""``: any target, or none), per period, between the ISO 8601
        dates ``since`` and ``until`` (inclusive; codes are compared upper-cased).

        Counts are of mentions (an event reported three times counts three), and the mean
        Goldstein score is weighted by mentions.

        Returns:
            Points in period order, shaped as those of :meth:`overview`.

        Raises:
            ValueError: ``interval`` is not one of :data:`INTERVALS`.
        """
        from communique.store.store import Filters
        interval = _interval(interval)
        where, params = Filters(since, until).where()
        sums = ", ".join(f"sum(CASE WHEN quad_class = {q} THEN num_mentions ELSE 0 END)" for q in (1, 2, 3, 4))
        rows = self.con.execute(f"""
            SELECT strftime(date_trunc('{interval}', CAST(date AS DATE)), '%Y-%m-%d') AS period, {sums},
                   sum(goldstein * num_mentions) / sum(num_mentions)
            FROM events WHERE {where} AND date IS NOT NULL
              AND starts_with(source_code, ?) AND starts_with(coalesce(target_code, ''), ?)
            GROUP BY 1 ORDER BY 1""", params + [source.upper(), target.upper()]).fetchall()
        return [_point(period, counts, g) for period, *counts, g in rows]

    def top(self, filters: "Filters", limit: int = 10) -> dict[str, list[dict[str, Any]]]:
        """The events matching ``filters``: the ``limit`` dyads with most events, and the
        ``limit`` actors in most events (as source or target); ties by code.

        Returns:
            ``{"dyads": [{"source_code", "source_name", "target_code", "target_name": str,
            "events": int, "mentions": int, "mean_goldstein": float | None}, …],
            "actors": [{"code": str, "name": str | None, "events": int, "as_source": int}, …]}``
            (events without a target are in no dyad).
        """
        where, params = filters.where()
        dyads = self.con.execute(f"""
            SELECT source_code, any_value(source_name), target_code, any_value(target_name), count(*) AS n,
                   sum(num_mentions), avg(goldstein)
            FROM events WHERE {where} AND target_code IS NOT NULL
            GROUP BY source_code, target_code ORDER BY n DESC, source_code, target_code LIMIT ?""",
                                 params + [int(limit)]).fetchall()
        actors = self.con.execute(f"""
            SELECT code, any_value(name), count(*) AS n, sum(CASE WHEN side = 's' THEN 1 ELSE 0 END) FROM (
              SELECT source_code AS code, source_name AS name, 's' AS side FROM events WHERE {where}
              UNION ALL
              SELECT target_code, target_name, 't' FROM events WHERE {where} AND target_code IS NOT NULL)
            GROUP BY code ORDER BY n DESC, code LIMIT ?""", params + params + [int(limit)]).fetchall()
        return {
            "dyads": [{"source_code": s, "source_name": sn, "target_code": t, "target_name": tn, "events": n,
                       "mentions": m, "mean_goldstein": _mean(g)} for s, sn, t, tn, n, m, g in dyads],
            "actors": [{"code": c, "name": nm, "events": n, "as_source": s} for c, nm, n, s in actors],
        }

    def event_with_mentions(self, key: str) -> dict[str, Any] | None:
        """One event: its ``events`` row plus ``"mentions"``, the list of its ``mentions`` rows
        (with evidence) in :meth:`Store.mentions_of` order; None when there is no such event."""
        rows = self._rows("SELECT * FROM events WHERE event_key = ?", [key])
        if not rows:
            return None
        return {**rows[0], "mentions": self.mentions_of(key).to_pylist()}

    def article_with_mentions(self, article_id: str) -> dict[str, Any] | None:
        """One article: its ``articles`` row without the MinHash signature, plus ``"mentions"``,
        the ``mentions`` rows coded in it in text order (``start_char``); None when there is no
        such article."""
        rows = self._rows("SELECT * EXCLUDE (minhash) FROM articles WHERE article_id = ?", [article_id])
        if not rows:
            return None
        mentions = self._rows("SELECT * FROM mentions WHERE article_id = ? ORDER BY start_char", [article_id])
        return {**rows[0], "mentions": mentions}

    def top_actors(self, limit: int = 50) -> list[dict[str, Any]]:
        """The ``limit`` most mentioned actors (ties by code).

        Returns:
            ``[{"code": str, "name": str | None, "country": str | None, "num_mentions": int}, …]``
            (an actor code named differently has one row per name).
        """
        return self._rows("SELECT code, name, country, num_mentions FROM actors ORDER BY num_mentions DESC, code "
                          "LIMIT ?", [int(limit)])

    def first_mentions(self, filters: "Filters") -> dict[str, dict[str, Any]]:
        """The first mention of each event matching ``filters``, in one query: first in
        :meth:`Store.mentions_of` order (article id, then sentence index; then character
        offset and mention id, so that two mentions in one sentence have a fixed first).

        Returns:
            event key → that ``mentions`` row (all columns); events without mentions are absent.
        """
        where, params = filters.where()
        rows = self._rows(f"""
            SELECT * EXCLUDE (rank_) FROM (
              SELECT *, row_number() OVER (PARTITION BY event_key
                                           ORDER BY article_id, sentence_index, start_char, mention_id) AS rank_
              FROM mentions WHERE event_key IN (SELECT event_key FROM events WHERE {where}))
            WHERE rank_ = 1""", params)
        return {r["event_key"]: r for r in rows}

    def quarantined(self, limit: int = 1000) -> list[tuple[str, str, Any]]:
        """The quarantined inputs, first seen first: at most ``limit`` tuples
        ``(source path, reason, first seen as a naive UTC datetime.datetime)``."""
        return self.con.execute("SELECT source_path, reason, first_seen FROM quarantine "
                                "ORDER BY first_seen, source_path LIMIT ?", [int(limit)]).fetchall()
