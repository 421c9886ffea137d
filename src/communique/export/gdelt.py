"""GDELT 2.0 Event table rows from the store's events, with the codebook's field semantics.

Source: GDELT 2.0 Event Database Data Format Codebook (2015-02-19), the CAMEO codebook
(Schrodt 2012, v1.1b3) ch. 4-5 for actor-code segments. Column by column, and where we differ
from GDELT, in the README ("GDELT 2.0 columns").

A CAMEO actor code is a chain of 3-letter segments (``PAKMIL``, ``IGOUNOHLH``, ``NGOHRIAMN``,
``IGOWSTNAT``); GDELT breaks it into fields:

* ``CountryCode``: the 3-letter country of the actor (ISO 3166-1 alpha-3, or ISO 3166-3 for
  former states such as ``SUN``), or empty — never an IGO/NGO code;
* ``KnownGroupCode``: the organisation segment of an IGO/NGO/armed-group code as GDELT spells it
  (``UNO``, ``EEC``, ``AMN``, ``NAT``);
* ``Type1-3Code``: the type segments — ``IGO``/``NGO``/``IMG``/``NGM`` first, then the agent
  codes (``GOV``, ``MIL``, ``HLH`` …);
* ``Religion1/2Code``: religion segments (``MOS`` …) when a code carries them;
* ``Name``: the canonical name, else the country's name, else the agent's name, upper case.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pycountry

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

# organisation type prefixes (GDELT CAMEO.type.txt): intergovernmental, non-governmental,
# international militarised group, non-governmental movement
ORG_TYPES = ("IGO", "NGO", "IMG", "NGM")
# CAMEO type (agent) codes (CAMEO codebook ch. 4; GDELT CAMEO.type.txt)
TYPE_CODES = frozenset(
    "COP GOV INS JUD MIL OPP REB SEP SPY UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI LAB LEG MED REF "
    "MOD RAD PTY REL PKO UIS INT MNC SET KID IGO NGO IMG NGM".split())
# CAMEO region codes (CAMEO codebook ch. 4, "regions"): not countries, left out of CountryCode
REGION_CODES = frozenset(
    "AFR ASA BLK CRB CAU CFR CAS CEU EIN EAF EEU EUR LAM MEA MDT NAF NMR PGS SCN SAM SAS SEA SAF "
    "WAF WST KAS".split())
# CAMEO religion codes (CAMEO codebook ch. 6) as they appear inside actor codes
# (SUN, Sunni, is left out: it is also the Soviet Union's country code)
RELIGION_CODES = frozenset("MOS MUS CHR JEW BUD HIN SHI ATH CTH PRO ORT JAN SIK".split())


@lru_cache(maxsize=1)
def _country_titles() -> dict[str, str]:
    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    for c in pycountry.historic_countries:
        names.setdefault(c.alpha_3, c.name)
    names["XKX"] = "Kosovo"
    return names


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-3 (and ISO 3166-3 former-state) codes → upper-case names (pycountry),
    plus ``XKX`` Kosovo. The domain of the CountryCode columns."""
    return {k: v.upper() for k, v in _country_titles().items()}


def geo_full_name(name: str | None, country: str | None, feature: str | None) -> str:
    """ActionGeo_FullName as GDELT writes it, as far as we know the parts: ``"Kyiv, Ukraine"``
    for a city or division, the country's name for a country; empty without a place."""
    country_name = _country_titles().get(country or "", "")
    if feature == "country":
        return country_name or (name or "")
    if not name:
        return ""
    return f"{name}, {country_name}" if country_name and country_name != name else name


@lru_cache(maxsize=1)
def _agent_names() -> dict[str, str]:
    from communique.dictionaries import Dictionaries
    return {r["code"]: r["name"].upper() for r in Dictionaries().tsv("agent_codes.tsv")}


def split_actor_code(code: str | None, roles=(), country: str | None = None) -> dict[str, str]:
    """Break a CAMEO actor code into GDELT's actor fields.

    Args:
        code: CAMEO actor code (``"PAKMIL"``, ``"IGOUNOHLH"``), or None.
        roles: the actor's agent codes as stored (``["GOV", "MIL"]``), in order.
        country: the stored actor country (ISO alpha-3, or an IGO/NGO code, which is ignored).

    Returns:
        ``{"country", "known_group", "religion1", "religion2", "type1", "type2", "type3"}``,
        each a string, empty when unknown. ``country`` is always a key of
        :func:`country_names` or empty.
    """
    out = dict.fromkeys(("country", "known_group", "religion1", "religion2", "type1", "type2", "type3"), "")
    if not code:
        return out
    code = code.upper()
    countries = country_names()
    segs = [code[i:i + 3] for i in range(0, len(code), 3)]
    types: list[str] = []
    groups: list[str] = []
    religions: list[str] = []
    if segs[0] in ORG_TYPES:
        types.append(segs[0])
        rest = code[3:]
        segs = [rest[i:i + 3] for i in range(0, len(rest), 3)] if len(rest) % 3 == 0 else [rest]
    for i, seg in enumerate(segs):
        if not types and i == 0 and seg in countries:
            out["country"] = seg
        elif seg in TYPE_CODES:
            types.append(seg)
        elif seg in REGION_CODES:
            continue
        elif seg in RELIGION_CODES:
            religions.append(seg)
        elif types and types[0] in ORG_TYPES and seg in countries and not out["country"] and not groups:
            out["country"] = seg  # an NGO based in a country: NGOUSA
        elif seg:
            groups.append(seg)
    if not out["country"] and country and country.upper() in countries and not (types and types[0] in ORG_TYPES):
        out["country"] = country.upper()
    for r in roles or ():
        if r and r not in types:
            types.append(r)
    out["known_group"] = groups[0] if groups else ""
    out["religion1"], out["religion2"] = (religions + ["", ""])[:2]
    out["type1"], out["type2"], out["type3"] = (types + ["", "", ""])[:3]
    return out


def actor_name(code: str | None, name: str | None, fields: dict[str, str]) -> str:
    """GDELT's ActorName: the canonical name, else the country's name (``PAKMIL`` → PAKISTAN),
    else an organisation's group code, else the first type's name (``COP`` → POLICE FORCES),
    upper case; empty without a code."""
    if not code:
        return ""
    if name:
        return " ".join(name.split()).upper()
    if fields["country"]:
        return country_names()[fields["country"]]
    if fields["type1"] in ORG_TYPES and fields["known_group"]:
        return fields["known_group"]
    agents = _agent_names()
    for t in (fields["type1"], fields["type2"], fields["type3"]):
        if t in agents:
            return agents[t]
    return fields["known_group"] or code


def global_event_id(event_key: str) -> int:
    """GLOBALEVENTID: the first 15 hex digits of the 16-digit event key read as an integer
    (0 ≤ id < 2**60, so it fits the signed 64-bit integer GDELT's loaders use)."""
    return int(event_key[:15], 16)


def _s(v) -> str:
    return "" if v is None else str(v)


def geo_type(feature: str | None, country: str | None) -> str:
    """GDELT geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world first-level
    division; 0 when there is no place."""
    if feature == "country":
        return "1"
    if feature == "admin1":
        return "2" if country == "USA" else "5"
    if feature == "city":
        return "3" if country == "USA" else "4"
    return "0"


def gdelt_row(ev: dict) -> list[str]:
    """One ``events`` row (a dict as :meth:`Store.events` gives it) → the 61 GDELT 2.0 columns
    as strings, in :data:`GDELT_COLUMNS` order. Undated events have empty date columns."""
    d = date.fromisoformat(ev["date"][:10]) if ev.get("date") else None
    # GDELT: YYYY.FFFF, the fraction of the year elapsed (day of year / 365)
    fraction = f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}" if d else ""

    def actor(prefix: str) -> list[str]:
        code = ev.get(f"{prefix}_code")
        f = split_actor_code(code, ev.get(f"{prefix}_roles") or (), ev.get(f"{prefix}_country"))
        return [_s(code), actor_name(code, ev.get(f"{prefix}_name"), f), f["country"], f["known_group"], "",
                f["religion1"], f["religion2"], f["type1"], f["type2"], f["type3"]]

    no_geo = ["0"] + [""] * 7
    loc_type = geo_type(ev.get("location_feature"), ev.get("location_country"))
    has_place = loc_type != "0" or ev.get("location_lat") is not None
    action_geo = [loc_type, geo_full_name(ev.get("location_name"), ev.get("location_country"),
                                          ev.get("location_feature")), _s(ev.get("location_country")),
                  _s(ev.get("location_admin1")), "", _s(ev.get("location_lat")), _s(ev.get("location_lon")), ""] \
        if has_place else no_geo
    code = _s(ev["event_code"])
    return [
        str(global_event_id(ev["event_key"])),
        d.strftime("%Y%m%d") if d else "", d.strftime("%Y%m") if d else "", str(d.year) if d else "", fraction,
        *actor("source"), *actor("target"),
        "1" if ev.get("is_root_event") else "0",
        code, code[:3], _s(ev["root_code"]), _s(ev["quad_class"]),
        _s(ev["goldstein"]), _s(ev["num_mentions"]), _s(ev["num_sources"]), _s(ev["num_articles"]), "",
        *no_geo, *no_geo, *action_geo,
        ev["first_seen"].strftime("%Y%m%d%H%M%S") if ev.get("first_seen") else "",
        _s(ev.get("source_url")),
    ]
