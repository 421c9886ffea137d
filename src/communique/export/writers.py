"""Write the store's deduplicated events in the formats users' tools read.

* ``gdelt``: tab-separated, the GDELT 2.0 Event table's 61 columns in their order (GDELT 2.0
  Event codebook). Header line with the column names (``header=False`` for GDELT's own
  header-less files). We fill what we code and leave the rest empty: GLOBALEVENTID is our event
  key as an integer; Actor*Type1-3Code are the CAMEO agent codes; IsRootEvent is 1 when a mention
  is in an article's first sentence; country codes are ISO 3166-1 alpha-3 (GDELT's
  ActionGeo_CountryCode uses FIPS 10-4: the one deliberate difference); AvgTone and the actor
  geography fields are empty; SOURCEURL is the first article's URL or file path.
* ``plover``: JSON Lines with the field names of PLOVER's gold-standard records
  (openeventdata/PLOVER ``PLOVER_GSR_CAMEO``): ``id``, ``date``, ``event``, ``mode``,
  ``context``, ``source``/``target`` as lists of ``{actorText, code, country, sector}``,
  ``eventText``, ``text``, plus the CAMEO code and counts under ``cameo``.
* ``parquet`` / ``csv``: the ``events`` table as it is, via pyarrow.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from communique.store.store import Filters, Store

FORMATS = ("gdelt", "plover", "parquet", "csv")

GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]
_KNOWN_GROUP_PREFIXES = ("IGO", "NGO", "IMG")


def _s(v) -> str:
    return "" if v is None else str(v)


def _roles(roles, i: int) -> str:
    return roles[i] if roles and len(roles) > i else ""


def gdelt_row(ev: dict) -> list[str]:
    """One ``events`` row (dict) → the 61 GDELT 2.0 columns as strings."""
    d = date.fromisoformat(ev["date"]) if ev.get("date") else None
    fraction = f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}" if d else ""
    # GDELT geo types: 1 country, 2 US state, 4 world city, 5 world first-level division
    feature = ev.get("location_feature")
    loc_type = {"country": "1", "city": "4", "admin1": "2" if ev.get("location_country") == "USA" else "5"}.get(feature or "", "")

    def actor(prefix: str) -> list[str]:
        code = ev.get(f"{prefix}_code")
        known = code[3:6] if code and code.startswith(_KNOWN_GROUP_PREFIXES) else ""
        roles = ev.get(f"{prefix}_roles") or []
        return [_s(code), _s(ev.get(f"{prefix}_name")).upper(), _s(ev.get(f"{prefix}_country")), known, "", "", "",
                _roles(roles, 0), _roles(roles, 1), _roles(roles, 2)]

    empty_geo = [""] * 8
    return [
        str(int(ev["event_key"][:15], 16)),
        d.strftime("%Y%m%d") if d else "", d.strftime("%Y%m") if d else "", str(d.year) if d else "", fraction,
        *actor("source"), *actor("target"),
        "1" if ev.get("is_root_event") else "0",
        _s(ev["event_code"]), _s(ev["event_code"])[:3], _s(ev["root_code"]), _s(ev["quad_class"]),
        _s(ev["goldstein"]), _s(ev["num_mentions"]), _s(ev["num_sources"]), _s(ev["num_articles"]), "",
        *empty_geo, *empty_geo,
        loc_type, _s(ev.get("location_name")), _s(ev.get("location_country")), _s(ev.get("location_admin1")), "",
        _s(ev.get("location_lat")), _s(ev.get("location_lon")), "",
        ev["first_seen"].strftime("%Y%m%d%H%M%S") if ev.get("first_seen") else "",
        _s(ev.get("source_url")),
    ]


def plover_record(ev: dict, mention: dict | None) -> dict:
    """One ``events`` row (and its first mention) → a PLOVER-style JSON record."""

    def actor(prefix: str) -> list[dict]:
        if not ev.get(f"{prefix}_code"):
            return []
        return [{"actorText": (mention or {}).get(f"{prefix}_text") or ev.get(f"{prefix}_name"),
                 "code": ev[f"{prefix}_code"], "country": ev.get(f"{prefix}_country"),
                 "sector": list(ev.get(f"{prefix}_roles") or [])}]

    return {
        "id": ev["event_key"], "date": ev.get("date"), "event": ev.get("plover_type"),
        "mode": ev.get("plover_mode"), "context": list(ev.get("plover_context") or []),
        "source": actor("source"), "target": actor("target"),
        "eventText": (mention or {}).get("trigger"), "text": (mention or {}).get("sentence"),
        "geo": {"name": ev.get("location_name"), "country": ev.get("location_country"),
                "admin1": ev.get("location_admin1"), "lat": ev.get("location_lat"), "lon": ev.get("location_lon"),
                "feature": ev.get("location_feature"), "source": ev.get("location_source")},
        "cameo": {"code": ev["event_code"], "root": ev["root_code"], "goldstein": ev["goldstein"],
                  "quad_class": ev["quad_class"]},
        "num_mentions": ev["num_mentions"], "num_sources": ev["num_sources"], "num_articles": ev["num_articles"],
        "source_url": ev.get("source_url"),
    }


def export(store: Store, fmt: str, out: str | Path, filters: Filters = Filters(), header: bool = True) -> int:
    """Write the events matching ``filters`` to ``out`` in format ``fmt``; returns rows written.

    Raises:
        ValueError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)
    table = store.events(filters, columns="* REPLACE (CAST(date AS DATE) AS date)" if fmt == "parquet" else "*")
    if fmt == "parquet":
        pq.write_table(table, out)
        return table.num_rows
    if fmt == "csv":
        flat = table.drop_columns([c for c in table.column_names if c.endswith(("_roles", "_context"))])
        for col in ("source_roles", "target_roles", "plover_context"):
            flat = flat.append_column(col, [[";".join(v or []) for v in table.column(col).to_pylist()]])
        pacsv.write_csv(flat, out)
        return table.num_rows
    rows = table.to_pylist()
    with out.open("w", encoding="utf-8", newline="") as f:
        if fmt == "gdelt":
            w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
            if header:
                w.writerow(GDELT_COLUMNS)
            for ev in rows:
                w.writerow([c.replace("\t", " ").replace("\n", " ") for c in gdelt_row(ev)])
        else:
            for ev in rows:
                mentions = store.mentions_of(ev["event_key"]).slice(0, 1).to_pylist()
                f.write(json.dumps(plover_record(ev, mentions[0] if mentions else None), ensure_ascii=False, default=str) + "\n")
    return len(rows)
