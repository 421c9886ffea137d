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
answering while an ingest runs. The routes validate their parameters, call the queries of
:class:`communique.store.Store` (:mod:`communique.store.queries`, on a cursor of the snapshot
per request) and the export writers (:mod:`communique.export.writers`), and shape the answer;
they write no SQL.
"""

from __future__ import annotations

import io
import threading
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Literal, get_args

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, field_validator

from communique.export.writers import export as write_export
from communique.export.writers import json_ready
from communique.serialize import event_to_dict
from communique.store import Filters
from communique.store.queries import EVENT_SORTS
from communique.store.snapshot import SnapshotReader
from communique.store.store import FilterError

MAX_BODY_BYTES = 256 * 1024
MAX_PAGE = 1000
# the sort keys of store.queries.EVENT_SORTS (column and default order of each); ``order=asc|desc``
# overrides the order. Undated events sort last whatever the order.
SortKey = Literal["date", "mentions", "goldstein", "-goldstein", "code", "source", "target", "where", "sources",
                  "articles", "plover"]
assert set(get_args(SortKey)) == set(EVENT_SORTS), "SortKey must list the keys of EVENT_SORTS"


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
    published: str | None = Field(
        None,
        description="Publication date or date-time, in any form the JSONL reader accepts: ISO 8601 "
                    "(\"2024-09-24\", \"2024-09-24T14:02:00Z\"), RFC 822 (\"Tue, 24 Sep 2024 14:02:00 GMT\"), "
                    "\"Sep 24, 2024\", \"24/09/2024\", epoch seconds or milliseconds. It replaces the date "
                    "read from the text. A value that is not a date is a 422 naming it.",
        examples=["2024-09-24", "Sep 24, 2024"],
    )

    @field_validator("published", mode="before")
    @classmethod
    def _published_date(cls, value: object) -> str | None:
        """Any date form of the JSONL reader (:func:`communique.ingest.pubdate.normalise_published`)
        → ISO 8601 text; a number is an epoch, as in JSONL."""
        from communique.ingest.pubdate import normalise_published
        try:
            return normalise_published(value)
        except ValueError:
            shown = value[:60] if isinstance(value, str) else value
            raise ValueError(f"{shown!r} is not a date (give e.g. 2024-09-24 or Sep 24, 2024)") from None


class DyadPoint(BaseModel):
    """Counts of a dyad's events in one period."""

    period: str
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    mean_goldstein: float | None


Overview.model_rebuild()


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


_clean = json_ready  # a store row with JSON values: dates as ISO 8601 text, no MinHash


def _named(row: dict) -> dict:
    """An events row with the names of its codes beside them."""
    from communique.api.names import QUAD_CLASSES, cameo_names
    out = _clean(row)
    out["event_name"] = cameo_names().get(row.get("event_code") or "")
    out["quad_name"] = QUAD_CLASSES.get(row.get("quad_class"))
    return out


def _built_with(reader: SnapshotReader):
    """The settings in force with the model and the still existing dictionary folders that the
    store read by ``reader`` recorded at ingest."""
    from communique.settings import Settings
    recorded = reader.query_store().recorded_settings()
    if "dictionaries" in recorded:
        recorded["dictionaries"] = tuple(d for d in recorded["dictionaries"] if Path(d).is_dir())
    return Settings.load(**recorded)


def create_app(db: str | Path, pipeline=None, settings=None) -> FastAPI:
    """Build the app over store ``db``, read through its snapshot (:mod:`communique.store.snapshot`)
    so that an ingest can write ``db`` meanwhile.

    ``POST /api/code`` codes with ``pipeline`` (a :class:`communique.Pipeline`), else with one
    built on first use from ``settings`` (a :class:`communique.settings.Settings`; default:
    :meth:`Settings.load() <communique.settings.Settings.load>` with the model and those
    dictionary folders the store recorded at ingest that still exist,
    :meth:`Store.recorded_settings <communique.store.Store.recorded_settings>`).

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

    def store():
        """The store's queries over a new cursor of the current snapshot (one per request:
        FastAPI runs these routes in worker threads)."""
        return reader.query_store()

    # Routes without a docstring have none in /openapi.json either; their comments are for readers.

    @app.get("/api/events", response_model=EventsPage)
    def events(since: date | None = None, until: date | None = None, actor: str | None = Query(None, max_length=40),
               country: str | None = Query(None, max_length=12), code: str | None = Query(None, max_length=4),
               root: str | None = Query(None, max_length=2), plover: str | None = Query(None, max_length=20),
               undated: bool = False, place: str | None = Query(None, max_length=40, description="LAT,LON (0.01°)"),
               limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=10_000_000),
               sort: SortKey = "date", order: Literal["asc", "desc"] | None = None) -> EventsPage:
        filters = _filters(since, until, actor, country, code, root, plover, undated, place)
        page = store().events_page(filters, limit=limit, offset=offset, sort=sort, order=order)
        return EventsPage(total=page["total"], undated=page["undated"], limit=limit, offset=offset, sort=sort,
                          order=page["order"], items=[_named(r) for r in page["rows"]])

    @app.get("/api/map", response_model=list[MapPlace])
    def map_places(since: date | None = None, until: date | None = None,
                   actor: str | None = Query(None, max_length=40), country: str | None = Query(None, max_length=12),
                   code: str | None = Query(None, max_length=4), root: str | None = Query(None, max_length=2),
                   plover: str | None = Query(None, max_length=20), undated: bool = False,
                   limit: int = Query(2000, ge=1, le=10_000)) -> list[MapPlace]:
        """The filtered events per place (coordinates rounded to 0.01°), most events first."""
        filters = _filters(since, until, actor, country, code, root, plover, undated)
        return [MapPlace(**p) for p in store().places(filters, limit=limit)]

    @app.get("/api/overview", response_model=Overview)
    def overview(since: date | None = None, until: date | None = None,
                 actor: str | None = Query(None, max_length=40), country: str | None = Query(None, max_length=12),
                 code: str | None = Query(None, max_length=4), root: str | None = Query(None, max_length=2),
                 plover: str | None = Query(None, max_length=20),
                 interval: Literal["day", "week", "month"] = "month") -> Overview:
        """Events per period and QuadClass (counts of events, not mentions) with mean Goldstein."""
        filters = _filters(since, until, actor, country, code, root, plover)
        counts = store().overview(filters, interval=interval)
        return Overview(interval=interval, undated=counts["undated"],
                        points=[DyadPoint(**p) for p in counts["points"]])

    @app.get("/api/top")
    def top(since: date | None = None, until: date | None = None,
            actor: str | None = Query(None, max_length=40), country: str | None = Query(None, max_length=12),
            code: str | None = Query(None, max_length=4), root: str | None = Query(None, max_length=2),
            plover: str | None = Query(None, max_length=20), undated: bool = False,
            limit: int = Query(10, ge=1, le=100)) -> dict:
        """The filtered events' top dyads (source → target) and top actors (as source or target),
        by events, with names and mean Goldstein."""
        return store().top(_filters(since, until, actor, country, code, root, plover, undated), limit=limit)

    @app.get("/api/events/{event_key}")
    def event(event_key: str) -> dict:
        # One event's ``events`` row with ``mentions``: its mentions and their evidence.
        found = store().event_with_mentions(event_key)
        if found is None:
            raise HTTPException(404, "no such event")
        return {**_clean(found), "mentions": [_clean(m) for m in found["mentions"]]}

    @app.get("/api/articles/{article_id}")
    def article(article_id: str) -> dict:
        # One article's row (text, metadata) with ``mentions``: the mentions coded in it.
        found = store().article_with_mentions(article_id)
        if found is None:
            raise HTTPException(404, "no such article")
        return {**_clean(found), "mentions": [_clean(m) for m in found["mentions"]]}

    @app.get("/api/dyads", response_model=list[DyadPoint])
    def dyads(source: str = Query(..., max_length=40), target: str = Query(..., max_length=40),
              interval: Literal["day", "week", "month"] = "week",
              since: date | None = None, until: date | None = None) -> list[DyadPoint]:
        # Mentions of ``source`` → ``target`` events per period (codes starting with these).
        points = store().dyad_series(source, target, interval=interval, since=since.isoformat() if since else None,
                                     until=until.isoformat() if until else None)
        return [DyadPoint(**p) for p in points]

    @app.get("/api/actors")
    def actors(limit: int = Query(50, ge=1, le=MAX_PAGE)) -> list[dict]:
        # The most mentioned actors: code, name, country, mentions.
        return store().top_actors(limit=limit)

    @app.post("/api/code")
    def code(body: CodeRequest) -> list[dict]:
        with state["code_lock"]:  # one request at a time in spaCy: its vocabulary is not thread-safe
            return _code(body)

    def _code(body: CodeRequest) -> list[dict]:
        if state["pipeline"] is None:
            from communique.pipeline import Pipeline
            state["pipeline"] = Pipeline(settings=settings if settings is not None else _built_with(reader))
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
        # The filtered events (newest first, at most ``limit``) as CSV or JSON Lines.
        filters = _filters(since, until, actor, country, code, root, plover, undated, place)
        buf = io.BytesIO()
        write_export(store(), format, buf, filters, limit=limit)  # the CLI's writers: same bytes as export -f
        media = "application/x-ndjson" if format == "jsonl" else "text/csv"
        return StreamingResponse(iter([buf.getvalue()]), media_type=media,
                                 headers={"Content-Disposition": f"attachment; filename=events.{format}"})

    static = Path(__file__).parent / "static"
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html")

    app.state.reader = reader
    return app
