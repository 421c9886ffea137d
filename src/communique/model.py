"""The shared data model: every stage takes and returns these records.

Defined once here and imported everywhere. The event record's fields are declared here once:
each dataclass field that is part of the record carries its column in its metadata
(:func:`column`, :func:`nested`), and :func:`record_fields` lists them. From that list come the
JSON event record of ``shared/notes/event-schema.md`` (:mod:`communique.serialize`), the
``mentions`` and ``events`` tables of the store, their Arrow insert types and their migrations
(:mod:`communique.store.schema`). Adding a field to the record is one field here (with its
``column(...)``) plus the stage that fills it.

Conventions: dates are ISO 8601 strings (``YYYY-MM-DD`` or a full date-time), coordinates are
WGS84 decimal degrees, character offsets index into :attr:`Article.text`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, fields
from functools import cached_property, lru_cache
from typing import Any

_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Return ``text`` in the form used for hashing: NFKC, lower case, white space folded.

    Two copies of an article that differ only in white space, case or Unicode compatibility
    forms normalise to the same string.
    """
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


def stable_hash(*parts: object, length: int = 16) -> str:
    """Return a hex SHA-256 digest (``length`` hex characters) of ``parts`` joined by a separator.

    Stable across processes and Python versions (unlike :func:`hash`).
    """
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


def column(sql: str, *, since: int = 1, events: str | None = None, name: str | None = None) -> dict[str, Any]:
    """Metadata for a dataclass field that is part of the event record (``field(metadata=…)``).

    Args:
        sql: the DuckDB type of its store column as ``DESCRIBE`` shows it (``VARCHAR``,
            ``VARCHAR[]``, ``DOUBLE``, ``INTEGER``, ``TINYINT``, ``BOOLEAN``).
        since: the store schema version that added its ``mentions`` column (1 = the first).
        events: how the deduplicated ``events`` table takes it from an event's mentions:
            ``"first"`` (the first stored mention's), ``"place"`` (the mention with the most
            confident location), ``"max"``, ``"any"``; None = not in ``events``.
        name: its column name, when not the record path joined by ``_``.
    """
    return {"column": {"sql": sql, "since": since, "events": events, "name": name}}


def nested(record: type, prefix: str) -> dict[str, Any]:
    """Metadata for a field holding another record dataclass (an Actor, the Location …) whose
    own :func:`column` fields are part of the event record; their columns are named
    ``prefix + field name``."""
    return {"nested": record, "prefix": prefix}


@dataclass(frozen=True)
class Article:
    """One news article as read from raw input.

    Attributes:
        text: body text the coder reads (headline, byline, dateline and page chrome removed).
        title: headline, or None.
        published: publication date or date-time, ISO 8601 (``2023-08-18`` or
            ``2023-08-18T18:10:00``), or None when unknown.
        author: byline author(s) as written, or None.
        outlet: publishing outlet / site name, or None.
        dateline: dateline place as written (e.g. ``"BEIJING"``), or None.
        dateline_date: date carried by the dateline itself (ISO 8601 date), or None.
        url: source URL, or None.
        language: ISO 639-1 code of the text (``"en"``).
        source_path: file the article came from (with ``:N`` line suffix for JSONL), or None.
        published_source: where :attr:`published` came from (the publication date's
            ``date_source``): ``"metadata"`` (HTML meta / JSON-LD), ``"jsonl"`` (the record's
            field), ``"update"`` (a live-blog update's time), ``"header"`` (a ``KEY: value``
            header block, YAML front matter, e-mail headers), ``"byline"`` (a byline or
            date line above the story), ``"footer"`` (a date line below it), ``"dateline"``,
            ``"url"``, ``"crawl_date"`` (a scraper's ``date YYYY-MM-DD`` header),
            ``"default"`` (``--published``), or None when undated.
    """

    text: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    outlet: str | None = None
    dateline: str | None = None
    dateline_date: str | None = None
    url: str | None = None
    language: str = "en"
    source_path: str | None = None
    published_source: str | None = None

    @cached_property
    def article_id(self) -> str:
        """Stable hash (16 hex characters) of the article's normalised body text."""
        return stable_hash(normalise_text(self.text))

    @property
    def published_date(self) -> str | None:
        """The date part (``YYYY-MM-DD``) of :attr:`published`, or None."""
        return self.published[:10] if self.published else None


@dataclass(frozen=True)
class Actor:
    """An actor coded in CAMEO terms.

    Attributes:
        text: the words of the article that name the actor.
        name: canonical name where known (a person's full name, an organisation), else None.
        code: CAMEO actor code: ISO 3166-1 alpha-3 country (or IGO/NGO code) followed by the
            primary agent code, e.g. ``"CHNMIL"``, ``"BLRGOV"``, ``"IGOWSTNAT"``; None when no
            country or organisation is known (CAMEO codebook, Schrodt 2012, ch. 4–5).
        country: ISO 3166-1 alpha-3 code, an IGO/NGO code, or None.
        roles: CAMEO agent (sector) codes in the order found, e.g. ``("GOV", "MIL")``.
        kind: ``"person"``, ``"country"``, ``"organization"`` or ``"group"``.
    """

    text: str = field(metadata=column("VARCHAR"))
    name: str | None = field(default=None, metadata=column("VARCHAR", events="first"))
    code: str | None = field(default=None, metadata=column("VARCHAR", events="first"))
    country: str | None = field(default=None, metadata=column("VARCHAR", events="first"))
    roles: tuple[str, ...] = field(default=(), metadata=column("VARCHAR[]", events="first"))
    kind: str = "group"  # not part of the record


@dataclass(frozen=True)
class Location:
    """Where an event happened.

    Attributes:
        name: place name as resolved (e.g. ``"Beijing"``), or None.
        country: ISO 3166-1 alpha-3 code of the place, or None.
        admin1: first-level division: GeoNames ``ISO2.code`` ("UA.12") or a US state code.
        lat, lon: WGS84 decimal degrees, or None.
        feature: ``"country"``, ``"admin1"`` or ``"city"``, or None.
        source: ``"sentence"`` (a locative phrase of the event), ``"target"`` (the attacked
            place: "shelled Kharkiv"), ``"dateline"`` (the event happened at the dateline place),
            ``"actors"`` (a country-level fallback from the actors' countries, confidence 0.3) or
            ``"none"`` (rules in :mod:`communique.geo.locate`).
        confidence: 0..1.
    """

    name: str | None = field(default=None, metadata=column("VARCHAR", events="place"))
    country: str | None = field(default=None, metadata=column("VARCHAR", events="place"))
    admin1: str | None = field(default=None, metadata=column("VARCHAR", since=3, events="place"))
    lat: float | None = field(default=None, metadata=column("DOUBLE", events="place"))
    lon: float | None = field(default=None, metadata=column("DOUBLE", events="place"))
    feature: str | None = field(default=None, metadata=column("VARCHAR", since=3, events="place"))
    source: str = field(default="none", metadata=column("VARCHAR", events="place"))
    confidence: float = field(default=0.0, metadata=column("DOUBLE", since=2, events="max"))


@dataclass(frozen=True)
class Evidence:
    """The words that justify an event.

    Attributes:
        sentence: the sentence text.
        sentence_index: 0-based index of the sentence in the article body.
        trigger: the trigger words (verb or noun phrase) as written.
        start, end: character offsets of the trigger in :attr:`Article.text` (end exclusive).
    """

    sentence: str = field(metadata=column("VARCHAR"))
    sentence_index: int = field(metadata=column("INTEGER"))
    trigger: str = field(metadata=column("VARCHAR"))
    start: int = field(metadata=column("INTEGER", name="start_char"))
    end: int = field(metadata=column("INTEGER", name="end_char"))


@dataclass(frozen=True)
class Plover:
    """PLOVER coding of an event (openeventdata/PLOVER specification).

    Attributes:
        event_type: one of the 16 PLOVER event types (e.g. ``"CONSULT"``), or None where CAMEO
            has no PLOVER counterpart (CAMEO 01x statements).
        mode: PLOVER mode (e.g. ``"visit"``), or None.
        context: PLOVER contexts (e.g. ``("military",)``).
    """

    event_type: str | None = field(metadata=column("VARCHAR", events="first", name="plover_type"))
    mode: str | None = field(default=None, metadata=column("VARCHAR", events="first"))
    context: tuple[str, ...] = field(default=(), metadata=column("VARCHAR[]", events="first"))


@dataclass(frozen=True, kw_only=True)
class Event:
    """One coded event: who did what to whom, when and where, with its evidence.

    Field meanings follow ``shared/notes/event-schema.md`` and the GDELT 2.0 event codebook
    (EventCode, EventRootCode, GoldsteinScale, QuadClass).

    Attributes:
        article_id: :attr:`Article.article_id` of the article it came from.
        source: the acting actor.
        target: the actor acted upon, or None.
        event_code: CAMEO event code, 3 or 4 digits as a string (``"040"``, ``"0312"``).
        root_code: CAMEO root, 2 digits (``"04"``).
        goldstein: Goldstein (1992) scale value, -10..+10.
        quad_class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
            4 material conflict.
        plover: PLOVER coding.
        negated: True when the sentence denies the event ("did not meet").
        modality: how the sentence puts the act: ``"realised"`` (it happened), ``"intent"``
            (announced, promised or planned: coded as CAMEO 03x intent), ``"threat"``
            (conditional or threatened: coded 13x) or ``"refusal"`` (refused: coded 12x).
        date: event date, ISO 8601 ``YYYY-MM-DD`` (the first day of a week, month or year of
            coarser precision), or None.
        date_precision: ``"day"``, ``"week"``, ``"month"``, ``"year"`` or ``"unknown"``.
        date_source: ``"sentence"`` (date words of the event's clause), ``"story"`` (the day
            the story's opening gives an undated act), ``"dateline"`` or ``"publication"``.
        location: where it happened.
        evidence: the sentence and trigger.
        confidence: 0..1.
    """

    # in the order of the JSON record (keyword-only, so defaults may come anywhere)
    article_id: str = field(metadata=column("VARCHAR"))
    date: str | None = field(default=None, metadata=column("VARCHAR", events="any"))
    date_precision: str = field(default="unknown", metadata=column("VARCHAR"))
    date_source: str = field(default="publication", metadata=column("VARCHAR"))
    source: Actor = field(metadata=nested(Actor, "source_"))
    target: Actor | None = field(metadata=nested(Actor, "target_"))
    event_code: str = field(metadata=column("VARCHAR", events="first"))
    root_code: str = field(metadata=column("VARCHAR", events="first"))
    goldstein: float = field(metadata=column("DOUBLE", events="first"))
    quad_class: int = field(metadata=column("TINYINT", events="first"))
    plover: Plover = field(metadata=nested(Plover, "plover_"))
    negated: bool = field(default=False, metadata=column("BOOLEAN"))
    modality: str = field(default="realised", metadata=column("VARCHAR", since=6, events="first"))
    location: Location = field(default_factory=Location, metadata=nested(Location, "location_"))
    evidence: Evidence = field(metadata=nested(Evidence, ""))
    confidence: float = field(default=0.5, metadata=column("DOUBLE", events="max"))

    @property
    def event_id(self) -> str:
        """Stable hash of article id, sentence index, trigger span, code and actor words.

        The actor words are part of the hash so that one trigger with conjoined targets
        ("urged Israel and Hamas") yields distinct ids.
        """
        ev = self.evidence
        return stable_hash(
            self.article_id, ev.sentence_index, ev.start, ev.end, self.event_code,
            self.source.text, self.source.code,
            self.target.text if self.target else None, self.target.code if self.target else None,
        )


@dataclass(frozen=True)
class Rejected:
    """An input that could not be read or coded, kept with the reason so that nothing is lost.

    Attributes:
        source_path: the file (with ``:N`` line suffix for JSONL), or ``"<text>"``.
        reason: a one-line human-readable reason, e.g. ``"binary file (NUL bytes)"``.
    """

    source_path: str
    reason: str


@dataclass(frozen=True)
class RecordField:
    """One field of the event record, as :func:`record_fields` lists it.

    Attributes:
        path: attribute names from the :class:`Event` down, e.g. ``("location", "admin1")``;
            also the field's place in the JSON record (``record["location"]["admin1"]``).
        column: its column in the store's ``mentions`` (and ``events``) table.
        sql: the column's DuckDB type.
        since: the schema version that added the ``mentions`` column.
        events: its aggregation into the ``events`` table (see :func:`column`), or None.
    """

    path: tuple[str, ...]
    column: str
    sql: str
    since: int
    events: str | None

    def value(self, event: "Event") -> Any:
        """The field's value in ``event`` (None under a missing actor; tuples as lists)."""
        value: Any = event
        for name in self.path:
            if value is None:
                return None
            value = getattr(value, name)
        return list(value) if isinstance(value, tuple) else value


@lru_cache(maxsize=None)
def record_fields(record: type | None = None, prefix: str = "",
                  path: tuple[str, ...] = ()) -> tuple[RecordField, ...]:
    """The event record's fields, in record order, read from the :func:`column` and
    :func:`nested` metadata of :class:`Event` (``record`` None) and the records it holds.
    Fields without such metadata (``Actor.kind``) are not part of the record."""
    out: list[RecordField] = []
    for f in fields(record or Event):
        if "nested" in f.metadata:
            out.extend(record_fields(f.metadata["nested"], prefix + f.metadata["prefix"], path + (f.name,)))
        elif "column" in f.metadata:
            c = f.metadata["column"]
            out.append(RecordField(path + (f.name,), c["name"] or prefix + f.name, c["sql"], c["since"], c["events"]))
    return tuple(out)
