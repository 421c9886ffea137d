"""FastAPI app over an event store, read-only.

Endpoints (all JSON unless noted; OpenAPI docs at ``/docs``):

* ``GET /api/events`` — filtered, paginated, sorted deduplicated events
* ``GET /api/events/{event_key}`` — one event with all its mentions and evidence
* ``GET /api/articles/{article_id}`` — one article with its text and the mentions in it
* ``GET /api/dyads`` — a source→target time series by day/week/month: counts per QuadClass and
  mean Goldstein
* ``GET /api/actors`` — the most mentioned actors
* ``GET /api/map`` — the filtered events aggregated per place, with counts per QuadClass
* ``GET /api/overview`` — the filtered events per day/week/month and QuadClass, mean Goldstein
* ``GET /api/top`` — the filtered events' top dyads and top actors
* ``POST /api/code`` — code a posted article without storing it (body ≤ 256 KB)
* ``GET /api/export`` — the filtered events as CSV or JSON Lines

The app reads the store's snapshot, which ``ingest`` refreshes between batches, so queries keep
answering while an ingest runs; every query is parameterised.
"""

from __future__ import annotations

import io
import json
import threading
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Literal

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from communique.export.writers import write_csv
from communique.serialize import event_to_dict
from communique.store import Filters
from communique.store.store import FilterError
from communique.store.snapshot import SnapshotReader

MAX_BODY_BYTES = 256 * 1024
MAX_PAGE = 1000
# sort key → (column, default order); ``order=asc|desc`` overrides the order. Undated events
# sort last whatever the order. The older keys "-goldstein" and "code" are kept.
SORTS = {"date": ("date", "DESC"), "mentions": ("num_mentions", "DESC"), "goldstein": ("goldstein", "ASC"),
         "-goldstein": ("goldstein", "DESC"), "code": ("event_code", "ASC"), "source": ("source_code", "ASC"),
         "target": ("target_code", "ASC"), "where": ("location_name", "ASC"), "sources": ("num_sources", "DESC"),
         "articles": ("num_articles", "DESC"), "plover": ("plover_type", "ASC")}
SortKey = Literal["date", "mentions", "goldstein", "-goldstein", "code", "source", "target", "where", "sources",
                  "articles", "plover"]


class EventsPage(BaseModel):
    """A page of events: ``total`` events match the filters, ``items`` holds those from
    ``offset`` (at most ``limit``), each with ``event_name`` (CAMEO) and ``quad_name`` beside
    its codes; ``undated`` of the ``total`` have no date."""

    total: int
    undated: int = 0
    limit: int
    offset: int
    sort: str = "date"
    order: str = "desc"
    items: list[dict]


class MapPlace(BaseModel):
    """Events at one place: counts per QuadClass, the QuadClass with most events, mean Goldstein."""

    name: str | None
    country: str | None
    lat: float
    lon: float
    events: int
    mentions: int
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    quad_class: int
    mean_goldstein: float | None


class Overview(BaseModel):
    """Counts of the filtered events per period and QuadClass, with mean Goldstein; ``undated``
    events have no period and are counted apart."""

    interval: str
    undated: int
    points: list["DyadPoint"]


class CodeRequest(BaseModel):
    """An article to code: raw text (as scraped) and an optional publication date."""

    text: str = Field(min_length=1, max_length=200_000)
    published: date | None = None


class DyadPoint(BaseModel):
    """Counts of a dyad's events in one period."""

    period: str
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    mean_goldstein: float | None


Overview.model_rebuild()

QUAD_SUMS = """sum(CASE WHEN quad_class = 1 THEN 1 ELSE 0 END), sum(CASE WHEN quad_class = 2 THEN 1 ELSE 0 END),
               sum(CASE WHEN quad_class = 3 THEN 1 ELSE 0 END), sum(CASE WHEN quad_class = 4 THEN 1 ELSE 0 END)"""


def _filters(since: date | None, until: date | None, actor: str | None, country: str | None,
             code: str | None, root: str | None, plover: str | None, undated: bool = False,
             place: str | None = None) -> Filters:
    """Query parameters → :class:`Filters`, validated as the CLI validates its options
    (:meth:`Filters.checked`); a bad value is a 422 whose detail names what is accepted."""
    try:
        return Filters.checked(since.isoformat() if since else None, until.isoformat() if until else None,
                               actor, country, code, root, plover, undated=undated, prefix="", place=place)
    except FilterError as exc:
        raise HTTPException(422, str(exc)) from None


def _clean(row: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()
            if k not in ("minhash",)}


def _named(row: dict) -> dict:
    """An events row with the names of its codes beside them."""
    from communique.api.names import QUAD_CLASSES, cameo_names
    out = _clean(row)
    out["event_name"] = cameo_names().get(row.get("event_code") or "")
    out["quad_name"] = QUAD_CLASSES.get(row.get("quad_class"))
    return out


def create_app(db: str | Path, pipeline=None, settings=None) -> FastAPI:
    """Build the app over store ``db``, read through its snapshot (:mod:`communique.store.snapshot`)
    so that an ingest can write ``db`` meanwhile.

    ``POST /api/code`` codes with ``pipeline`` (a :class:`communique.Pipeline`), else with one
    built on first use from ``settings`` (a :class:`communique.settings.Settings`; default
    :meth:`Settings.load() <communique.settings.Settings.load>`).

    Raises:
        communique.store.StoreError: no snapshot exists and ``db`` is missing, busy or not a store.
    """
    reader = SnapshotReader(db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        reader.close()  # close connections, remove the snapshot's hard links

    app = FastAPI(title="communique", version="0.1.0", lifespan=lifespan,
                  description="Political events coded in CAMEO and PLOVER, with their evidence.")
    state: dict = {"pipeline": pipeline, "code_lock": threading.Lock()}

    @app.exception_handler(RequestValidationError)
    async def short_validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        """422 with where and what, never the input itself (a 225 KB body must not come back)."""
        errors = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", ""))[:200], "type": e.get("type")}
                  for e in exc.errors()[:10]]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        size = request.headers.get("content-length")
        if size and size.isdigit() and int(size) > MAX_BODY_BYTES:
            return JSONResponse({"detail": f"request body over {MAX_BODY_BYTES} bytes"}, status_code=413)
        return await call_next(request)

    def cursor():
        return reader.cursor()

    @app.get("/api/events", response_model=EventsPage)
    def events(since: date | None = None, until: date | None = None, actor: str | None = Query(None, max_length=40),
               country: str | None = Query(None, max_length=12), code: str | None = Query(None, max_length=4),
               root: str | None = Query(None, max_length=2), plover: str | None = Query(None, max_length=20),
               undated: bool = False, place: str | None = Query(None, max_length=40, description="LAT,LON (0.01°)"),
               limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=10_000_000),
               sort: SortKey = "date", order: Literal["asc", "desc"] | None = None) -> EventsPage:
        where, params = _filters(since, until, actor, country, code, root, plover, undated, place).where()
        con = cursor()
        total, n_undated = con.execute(f"SELECT count(*), count(*) FILTER (WHERE date IS NULL) FROM events "
                                       f"WHERE {where}", params).fetchall()[0]
        column, default = SORTS[sort]
        direction = (order or default.lower()).upper()
        rows = con.sql(f"SELECT * FROM events WHERE {where} ORDER BY {column} {direction} NULLS LAST, "
                       f"date DESC NULLS LAST, event_key LIMIT ? OFFSET ?",
                       params=params + [limit, offset]).to_arrow_table().to_pylist()
        return EventsPage(total=total, undated=n_undated, limit=limit, offset=offset, sort=sort,
                          order=direction.lower(), items=[_named(r) for r in rows])

    @app.get("/api/map", response_model=list[MapPlace])
    def map_places(since: date | None = None, until: date | None = None,
                   actor: str | None = Query(None, max_length=40), country: str | None = Query(None, max_length=12),
                   code: str | None = Query(None, max_length=4), root: str | None = Query(None, max_length=2),
                   plover: str | None = Query(None, max_length=20), undated: bool = False,
                   limit: int = Query(2000, ge=1, le=10_000)) -> list[MapPlace]:
        """The filtered events per place (coordinates rounded to 0.01°), most events first."""
        where, params = _filters(since, until, actor, country, code, root, plover, undated).where()
        rows = cursor().execute(f"""
            SELECT any_value(location_name), any_value(location_country), round(location_lat, 2) AS lat,
                   round(location_lon, 2) AS lon, count(*) AS n, sum(num_mentions), {QUAD_SUMS},
                   avg(goldstein)
            FROM events WHERE {where} AND location_lat IS NOT NULL AND location_lon IS NOT NULL
            GROUP BY lat, lon ORDER BY n DESC, lat, lon LIMIT ?""", params + [limit]).fetchall()
        out = []
        for name, ctry, lat, lon, n, m, q1, q2, q3, q4, g in rows:
            quads = [q1, q2, q3, q4]
            out.append(MapPlace(name=name, country=ctry, lat=lat, lon=lon, events=n, mentions=m,
                                verbal_cooperation=q1, material_cooperation=q2, verbal_conflict=q3,
                                material_conflict=q4, quad_class=quads.index(max(quads)) + 1,
                                mean_goldstein=round(g, 3) if g is not None else None))
        return out

    @app.get("/api/overview", response_model=Overview)
    def overview(since: date | None = None, until: date | None = None,
                 actor: str | None = Query(None, max_length=40), country: str | None = Query(None, max_length=12),
                 code: str | None = Query(None, max_length=4), root: str | None = Query(None, max_length=2),
                 plover: str | None = Query(None, max_length=20),
                 interval: Literal["day", "week", "month"] = "month") -> Overview:
        """Events per period and QuadClass (counts of events, not mentions) with mean Goldstein."""
        where, params = _filters(since, until, actor, country, code, root, plover).where()
        con = cursor()
        rows = con.execute(f"""
            SELECT strftime(date_trunc('{interval}', CAST(date AS DATE)), '%Y-%m-%d') AS period, {QUAD_SUMS},
                   avg(goldstein)
            FROM events WHERE {where} AND date IS NOT NULL GROUP BY 1 ORDER BY 1""", params).fetchall()
        n_undated = con.execute(f"SELECT count(*) FROM events WHERE {where} AND date IS NULL",
                                params).fetchall()[0][0]
        return Overview(interval=interval, undated=n_undated, points=[
            DyadPoint(period=p, verbal_cooperation=a, material_cooperation=b, verbal_conflict=c,
                      material_conflict=d, mean_goldstein=round(g, 3) if g is not None else None)
            for p, a, b, c, d, g in rows])

    @app.get("/api/top")
    def top(since: date | None = None, until: date | None = None,
            actor: str | None = Query(None, max_length=40), country: str | None = Query(None, max_length=12),
            code: str | None = Query(None, max_length=4), root: str | None = Query(None, max_length=2),
            plover: str | None = Query(None, max_length=20), undated: bool = False,
            limit: int = Query(10, ge=1, le=100)) -> dict:
        """The filtered events' top dyads (source → target) and top actors (as source or target),
        by events, with names and mean Goldstein."""
        where, params = _filters(since, until, actor, country, code, root, plover, undated).where()
        con = cursor()
        dyads = con.execute(f"""
            SELECT source_code, any_value(source_name), target_code, any_value(target_name), count(*) AS n,
                   sum(num_mentions), avg(goldstein)
            FROM events WHERE {where} AND target_code IS NOT NULL
            GROUP BY source_code, target_code ORDER BY n DESC, source_code, target_code LIMIT ?""",
                            params + [limit]).fetchall()
        actors = con.execute(f"""
            SELECT code, any_value(name), count(*) AS n, sum(CASE WHEN side = 's' THEN 1 ELSE 0 END) FROM (
              SELECT source_code AS code, source_name AS name, 's' AS side FROM events WHERE {where}
              UNION ALL
              SELECT target_code, target_name, 't' FROM events WHERE {where} AND target_code IS NOT NULL)
            GROUP BY code ORDER BY n DESC, code LIMIT ?""", params + params + [limit]).fetchall()
        return {
            "dyads": [{"source_code": s_, "source_name": sn, "target_code": t, "target_name": tn, "events": n,
                       "mentions": m, "mean_goldstein": round(g, 3) if g is not None else None}
                      for s_, sn, t, tn, n, m, g in dyads],
            "actors": [{"code": c, "name": nm, "events": n, "as_source": s_} for c, nm, n, s_ in actors],
        }

    @app.get("/api/events/{event_key}")
    def event(event_key: str) -> dict:
        con = cursor()
        rows = con.sql("SELECT * FROM events WHERE event_key = ?", params=[event_key]).to_arrow_table().to_pylist()
        if not rows:
            raise HTTPException(404, "no such event")
        mentions = con.sql("SELECT * FROM mentions WHERE event_key = ? ORDER BY article_id, sentence_index",
                           params=[event_key]).to_arrow_table().to_pylist()
        return {**_clean(rows[0]), "mentions": [_clean(m) for m in mentions]}

    @app.get("/api/articles/{article_id}")
    def article(article_id: str) -> dict:
        con = cursor()
        rows = con.sql("SELECT * EXCLUDE (minhash) FROM articles WHERE article_id = ?",
                       params=[article_id]).to_arrow_table().to_pylist()
        if not rows:
            raise HTTPException(404, "no such article")
        mentions = con.sql("SELECT * FROM mentions WHERE article_id = ? ORDER BY start_char",
                           params=[article_id]).to_arrow_table().to_pylist()
        return {**_clean(rows[0]), "mentions": [_clean(m) for m in mentions]}

    @app.get("/api/dyads", response_model=list[DyadPoint])
    def dyads(source: str = Query(..., max_length=40), target: str = Query(..., max_length=40),
              interval: Literal["day", "week", "month"] = "week",
              since: date | None = None, until: date | None = None) -> list[DyadPoint]:
        where, params = Filters(since.isoformat() if since else None, until.isoformat() if until else None).where()
        sql = f"""SELECT strftime(date_trunc('{interval}', CAST(date AS DATE)), '%Y-%m-%d') AS period,
                         sum(CASE WHEN quad_class = 1 THEN num_mentions ELSE 0 END),
                         sum(CASE WHEN quad_class = 2 THEN num_mentions ELSE 0 END),
                         sum(CASE WHEN quad_class = 3 THEN num_mentions ELSE 0 END),
                         sum(CASE WHEN quad_class = 4 THEN num_mentions ELSE 0 END),
                         sum(goldstein * num_mentions) / sum(num_mentions)
                  FROM events WHERE {where} AND date IS NOT NULL
                    AND starts_with(source_code, ?) AND starts_with(coalesce(target_code, ''), ?)
                  GROUP BY 1 ORDER BY 1"""
        rows = cursor().execute(sql, params + [source.upper(), target.upper()]).fetchall()
        return [DyadPoint(period=p, verbal_cooperation=a, material_cooperation=b, verbal_conflict=c,
                          material_conflict=d, mean_goldstein=round(g, 3) if g is not None else None)
                for p, a, b, c, d, g in rows]

    @app.get("/api/actors")
    def actors(limit: int = Query(50, ge=1, le=MAX_PAGE)) -> list[dict]:
        rows = cursor().sql("SELECT code, name, country, num_mentions FROM actors ORDER BY num_mentions DESC, code "
                            "LIMIT ?", params=[limit]).to_arrow_table().to_pylist()
        return rows

    @app.post("/api/code")
    def code(body: CodeRequest) -> list[dict]:
        with state["code_lock"]:  # one request at a time in spaCy: its vocabulary is not thread-safe
            return _code(body)

    def _code(body: CodeRequest) -> list[dict]:
        if state["pipeline"] is None:
            from communique.pipeline import Pipeline
            state["pipeline"] = Pipeline(settings=settings)
        pipe = state["pipeline"]
        from communique.ingest import InputError
        with pipe.memory_zone():  # a long-running server's vocabulary does not grow per request
            try:
                events = pipe.code_text(body.text, published=body.published, source_path="<posted>", check=True)
            except InputError as exc:
                raise HTTPException(422, str(exc)) from None
            return [event_to_dict(e) for e in events]

    @app.get("/api/export")
    def export(format: Literal["csv", "jsonl"] = "csv", since: date | None = None, until: date | None = None,
               actor: str | None = Query(None, max_length=40), country: str | None = Query(None, max_length=12),
               code: str | None = Query(None, max_length=4), root: str | None = Query(None, max_length=2),
               plover: str | None = Query(None, max_length=20), undated: bool = False,
               place: str | None = Query(None, max_length=40), limit: int = Query(100_000, ge=1, le=1_000_000)):
        where, params = _filters(since, until, actor, country, code, root, plover, undated, place).where()
        table = cursor().sql(f"SELECT * FROM events WHERE {where} ORDER BY date DESC NULLS LAST, num_mentions DESC, "
                             "event_key LIMIT ?", params=params + [limit]).to_arrow_table()
        if format == "jsonl":
            body = "".join(json.dumps(_clean(r), ensure_ascii=False, default=str) + "\n" for r in table.to_pylist())
            return StreamingResponse(iter([body]), media_type="application/x-ndjson",
                                     headers={"Content-Disposition": "attachment; filename=events.jsonl"})
        buf = io.BytesIO()
        write_csv(table, buf)  # the CLI's writer: same columns, same number and boolean forms
        return StreamingResponse(iter([buf.getvalue()]), media_type="text/csv",
                                 headers={"Content-Disposition": "attachment; filename=events.csv"})

    static = Path(__file__).parent / "static"
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html")

    app.state.reader = reader
    return app
