"""The JSON API on a real DuckDB store: FastAPI test client, and a real server on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from communique.api import create_app

from conftest import running_server

@pytest.fixture(scope="module")
def client(api_db, pipe):
    return TestClient(create_app(api_db, pipeline=pipe))


def test_events_filters_pagination_and_sort(client):
    r = client.get("/api/events", params={"actor": "USA", "limit": 2})
    page = r.json()
    assert r.status_code == 200 and page["total"] >= 2 and len(page["items"]) == 2
    assert all("USA" in (e["source_code"] or "") + (e["target_code"] or "") for e in page["items"])
    r2 = client.get("/api/events", params={"actor": "USA", "limit": 2, "offset": 2})
    assert {e["event_key"] for e in r2.json()["items"]}.isdisjoint(e["event_key"] for e in page["items"])
    r = client.get("/api/events", params={"plover": "ASSAULT", "sort": "goldstein"})
    assert r.json()["items"] and all(e["plover_type"] == "ASSAULT" for e in r.json()["items"])
    assert client.get("/api/events", params={"limit": 5000}).status_code == 422
    assert client.get("/api/events", params={"root": "99"}).status_code == 422


@pytest.mark.parametrize("value", ["' OR 1=1 --", "USA'; DROP TABLE events; --", "%' UNION SELECT * FROM articles --"])
def test_sql_injection_strings_return_nothing(client, api_db, value):
    r = client.get("/api/events", params={"actor": value[:40]})
    assert r.status_code == 422 and "is not a CAMEO actor code" in r.json()["detail"]  # refused before any SQL
    from communique.store import Filters
    from communique.store.store import Store
    with Store(api_db, read_only=True) as store:  # and as a bound parameter it matches nothing
        assert store.events(Filters(actor=value)).num_rows == 0
    assert client.get("/api/events").json()["total"] > 0  # nothing was dropped


def test_event_article_and_evidence(client):
    item = client.get("/api/events", params={"actor": "RUSMIL", "code": "190"}).json()["items"][0]
    ev = client.get(f"/api/events/{item['event_key']}").json()
    assert ev["mentions"] and ev["mentions"][0]["trigger"] == "launched a missile attack"
    art = client.get(f"/api/articles/{ev['mentions'][0]['article_id']}").json()
    m = art["mentions"][0]
    assert art["text"][m["start_char"]:m["end_char"]] == m["trigger"]
    assert client.get("/api/events/nope").status_code == 404


def test_dyads_and_actors(client):
    series = client.get("/api/dyads", params={"source": "USA", "target": "IRN", "interval": "month"}).json()
    # "The United States imposed new sanctions on Iran" (163, material conflict, Goldstein -8) and
    # "Secretary of State Antony Blinken accused Tehran …" (112, verbal conflict, Goldstein -2)
    assert series == [{"period": "2024-10-01", "verbal_cooperation": 0, "material_cooperation": 0,
                       "verbal_conflict": 1, "material_conflict": 1, "mean_goldstein": -5.0}]
    actors = client.get("/api/actors", params={"limit": 5}).json()
    assert len(actors) == 5 and actors[0]["num_mentions"] >= actors[-1]["num_mentions"]


def test_code_endpoint_and_size_limit(client):
    r = client.post("/api/code", json={"text": "PARIS (AFP) - France condemned Russia on Monday.", "published": "2024-05-10"})
    assert r.status_code == 200 and [e["event_code"] for e in r.json()] == ["111"]
    assert client.post("/api/code", json={"text": "x" * 300_000}).status_code == 413
    assert client.post("/api/code", json={"text": ""}).status_code == 422
    r = client.post("/api/code", json={"text": "俄罗斯周一袭击了乌克兰。"})  # refused as the CLI refuses it
    assert r.status_code == 422 and "not English" in r.json()["detail"]


def test_export_csv_and_jsonl(client):
    csv_text = client.get("/api/export", params={"format": "csv", "country": "IRN"}).text
    assert csv_text.splitlines()[0].startswith('"event_key","date",') and len(csv_text.splitlines()) >= 3
    lines = client.get("/api/export", params={"format": "jsonl", "root": "19"}).text.splitlines()
    assert lines and all(json.loads(x)["root_code"] == "19" for x in lines)


def test_stored_markup_comes_back_as_text(client):
    items = client.get("/api/events", params={"actor": "RUS", "code": "190"}).json()["items"]
    art_ids = {m["article_id"] for i in items for m in client.get(f"/api/events/{i['event_key']}").json()["mentions"]}
    texts = [client.get(f"/api/articles/{a}").json()["text"] for a in art_ids]
    assert any("<script>alert(1)</script>" in t for t in texts)  # stored verbatim; escaping is the page's job


def test_real_server_on_loopback(api_db):
    with running_server(api_db) as url:
        with urllib.request.urlopen(f"{url}/api/events?limit=1", timeout=5) as r:
            body = json.loads(r.read())
        assert body["total"] > 0 and len(body["items"]) == 1
        with urllib.request.urlopen(f"{url}/openapi.json", timeout=5) as r:
            assert "/api/dyads" in json.loads(r.read())["paths"]


def test_real_server_codes_posted_text_again_and_again(api_db):
    """The server builds its dictionaries on the first POST /api/code; they must outlive that
    request's spaCy memory zone (multi-word names failed with 500 from the second request on)."""
    texts = ["Egypt and Saudi Arabia held talks in Cairo.", "Egypt and Saudi Arabia held talks in Cairo.",
             "North Korea threatened South Korea.", "The United Nations condemned Israel."]
    codes = []
    with running_server(api_db) as url:
        for text in texts:
            req = urllib.request.Request(f"{url}/api/code", data=json.dumps({"text": text}).encode(),
                                         headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=60) as r:
                assert r.status == 200
                codes.append(sorted((e["source"]["code"], e["event_code"], (e["target"] or {}).get("code"))
                                    for e in json.loads(r.read())))
    assert codes[0] == codes[1] == [("EGY", "040", "SAU"), ("SAU", "040", "EGY")]
    assert codes[2] == [("PRK", "130", "KOR")] and codes[3] == [("IGOUNO", "111", "ISR")]


@pytest.mark.slow
def test_schemathesis_fuzz_finds_no_server_errors(api_db):
    pytest.importorskip("schemathesis")
    with running_server(api_db, "/openapi.json") as url:
        r = subprocess.run([str(Path(sys.executable).parent / "st"), "run", f"{url}/openapi.json",
                            "--checks", "not_a_server_error", "--max-examples", "25", "--seed", "1"],
                           capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:]
    assert "passed" in r.stdout


@pytest.mark.slow
def test_queries_keep_answering_while_an_ingest_writes(tmp_path, pipe):
    from communique.store import Store
    from communique.runner import ingest
    from communique.synthetic import write_corpus

    from conftest import FIXTURES

    db = tmp_path / "live.duckdb"
    with Store(db) as store:
        ingest(pipe, [FIXTURES], store, snapshot_every=0)
    corpus = write_corpus(tmp_path / "more", 120, per_file=10)
    with running_server(db) as url:
        before = json.loads(urllib.request.urlopen(f"{url}/api/events?limit=1", timeout=5).read())["total"]
        writer = subprocess.Popen([str(Path(sys.executable).parent / "communique"), "ingest", str(corpus), "--db", str(db),
                                   "--no-progress", "--batch-size", "10", "--snapshot-every", "0.5"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        answers, errors, totals = 0, [], []
        while writer.poll() is None:
            try:
                body = json.loads(urllib.request.urlopen(f"{url}/api/events?limit=5", timeout=10).read())
                answers += 1
                totals.append(body["total"])
            except OSError as exc:
                errors.append(repr(exc))
        assert writer.returncode == 0, writer.stderr.read()[-2000:]
        final = json.loads(urllib.request.urlopen(f"{url}/api/events?limit=1", timeout=10).read())["total"]
    with Store(db, read_only=True) as store:
        stored = store.count("events")
    assert errors == [] and answers > 5
    assert totals == sorted(totals)                 # a growing view, never a broken one
    assert before < final == stored                 # every committed event is served in the end


def test_a_large_invalid_body_gets_a_short_error(client):
    """225 KB of text (under the 256 KB body limit, over the 200,000-character field limit):
    a 422 that says where and what, without sending the text back."""
    r = client.post("/api/code", json={"text": "Russia attacked Ukraine. " * 9000})
    assert r.status_code == 422 and len(r.content) < 1000
    assert r.json()["detail"][0]["loc"] == ["body", "text"] and "Russia attacked" not in r.text


def test_csv_from_the_api_equals_csv_from_the_cli(client, api_db, tmp_path):
    from typer.testing import CliRunner

    from communique.cli import app
    r = CliRunner().invoke(app, ["export", "--db", str(api_db), "-f", "csv", "-o", "-", "--country", "IRN"])
    assert r.exit_code == 0
    api = client.get("/api/export", params={"format": "csv", "country": "IRN"}).text
    assert api == r.stdout and len(api.splitlines()) >= 3
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(api)))
    assert list(rows[0])[:3] == ["event_key", "date", "source_code"]
    assert {r["is_root_event"] for r in rows} <= {"true", "false"}   # not Python's True/False
    assert all(float(r["goldstein"]) <= 10 and not r["goldstein"].endswith(".0") for r in rows)  # -2, not -2.0


def test_jsonl_from_the_api_equals_jsonl_from_the_cli(client, api_db):
    """One JSON Lines writer (export.writers.write_jsonl) for export -f jsonl and /api/export."""
    from typer.testing import CliRunner

    from communique.cli import app
    r = CliRunner().invoke(app, ["export", "--db", str(api_db), "-f", "jsonl", "-o", "-", "--root", "19"])
    assert r.exit_code == 0, r.output
    api = client.get("/api/export", params={"format": "jsonl", "root": "19"})
    assert api.text == r.stdout and api.headers["content-type"] == "application/x-ndjson"
    rows = [json.loads(line) for line in api.text.splitlines()]
    assert rows and all(row["root_code"] == "19" for row in rows)
    assert list(rows[0])[:3] == ["event_key", "date", "source_code"] and "T" in rows[0]["first_seen"]
    assert len(client.get("/api/export", params={"format": "jsonl", "limit": 2}).text.splitlines()) == 2


def test_map_overview_and_top_add_up_to_the_events(client, api_db):
    from communique.store.store import Store
    with Store(api_db, read_only=True) as store:
        q = store.con.execute
        located = q("SELECT count(*) FROM events WHERE location_lat IS NOT NULL").fetchall()[0][0]
        dated = q("SELECT count(*) FROM events WHERE date IS NOT NULL").fetchall()[0][0]
        undated = q("SELECT count(*) FROM events WHERE date IS NULL").fetchall()[0][0]
        kyiv = q("SELECT count(*), count(*) FILTER (WHERE quad_class = 4) FROM events "
                 "WHERE round(location_lat, 2) = 50.45 AND round(location_lon, 2) = 30.52").fetchall()[0]
        usa_src = q("SELECT count(*) FROM events WHERE source_code = 'USA' AND target_code = 'IRN'").fetchall()[0][0]
    places = client.get("/api/map").json()
    assert sum(p["events"] for p in places) == located > 0
    assert all(p["events"] == p["verbal_cooperation"] + p["material_cooperation"] + p["verbal_conflict"]
               + p["material_conflict"] for p in places)
    ky = [p for p in places if (p["lat"], p["lon"]) == (50.45, 30.52)]
    assert kyiv[0] == 0 or (ky[0]["events"], ky[0]["material_conflict"]) == kyiv
    ov = client.get("/api/overview", params={"interval": "month"}).json()
    assert ov["undated"] == undated and sum(
        p["verbal_cooperation"] + p["material_cooperation"] + p["verbal_conflict"] + p["material_conflict"]
        for p in ov["points"]) == dated
    top = client.get("/api/top", params={"actor": "USA"}).json()
    assert {"source_code": "USA", "source_name": "United States", "target_code": "IRN"}.items() <= \
        next(d for d in top["dyads"] if d["source_code"] == "USA" and d["target_code"] == "IRN").items()
    assert next(d for d in top["dyads"] if d["source_code"] == "USA" and d["target_code"] == "IRN")["events"] == usa_src
    assert top["actors"][0]["events"] >= top["actors"][-1]["events"]


def test_events_sort_any_column_both_ways_with_undated_last(client):
    asc = client.get("/api/events", params={"sort": "goldstein", "order": "asc", "limit": 1000}).json()
    desc = client.get("/api/events", params={"sort": "goldstein", "order": "desc", "limit": 1000}).json()
    g = [e["goldstein"] for e in asc["items"]]
    assert g == sorted(g) and [e["goldstein"] for e in desc["items"]] == sorted(g, reverse=True)
    src = [e["source_code"] for e in client.get("/api/events", params={"sort": "source", "limit": 1000}).json()["items"]]
    assert src == sorted(src)
    by_date = client.get("/api/events", params={"sort": "date", "order": "asc", "limit": 1000}).json()
    dates = [e["date"] for e in by_date["items"]]
    n_undated = by_date["undated"]
    assert dates[len(dates) - n_undated:] == [None] * n_undated and None not in dates[:len(dates) - n_undated]
    item = asc["items"][0]
    assert item["event_name"] and item["quad_name"] in ("verbal cooperation", "material cooperation",
                                                        "verbal conflict", "material conflict")


def test_events_of_one_map_place(client):
    places = client.get("/api/map").json()
    for p in places[:3]:
        page = client.get("/api/events", params={"place": f"{p['lat']},{p['lon']}", "limit": 1000}).json()
        assert page["total"] == p["events"] and {e["location_country"] for e in page["items"]} == {p["country"]}
    r = client.get("/api/events", params={"place": "north,south"})
    assert r.status_code == 422 and "place 'north,south' is not a place: give LAT,LON" in r.json()["detail"]
    assert client.get("/api/events", params={"place": "91,0"}).status_code == 422


def test_code_endpoint_and_dask_workers_use_the_settings_of_ingest(api_db):
    """POST /api/code of an app served with the ingest's settings, and a Dask worker given them,
    code with the same dictionaries (the fixture store's user actor XYZREB), limits (a short
    article limit) and time budget as the ingest pipeline."""
    from communique import Pipeline
    from communique.scale.dask_engine import code_chunk, worker_pipeline
    from communique.settings import Settings
    from communique.store import Store
    from conftest import NAME_XSS

    settings = Settings.load(dictionaries=[api_db.parent / "dicts"], max_article_chars=2_000, time_budget=7.5)
    ingest_pipe = Pipeline(settings=settings)
    with Store(api_db, read_only=True) as store:
        stored = store.con.execute("SELECT source_code FROM mentions WHERE trigger = 'attacked' "
                                   "AND sentence LIKE 'The Freedom Front%'").fetchall()
    assert stored == [("XYZREB",)]  # what the ingest with these dictionaries stored
    long_text = "Egypt praised Israel on Monday. " * 100
    with pytest.raises(Exception, match="over the 2000-character limit"):
        ingest_pipe.code_text(long_text, check=True)
    with TestClient(create_app(api_db, settings=settings)) as client:
        posted = client.post("/api/code", json={"text": NAME_XSS, "published": "2024-05-10"})
        too_long = client.post("/api/code", json={"text": long_text})
    assert [e["source"]["code"] for e in posted.json() if e["evidence"]["trigger"] == "attacked"] == ["XYZREB"]
    assert too_long.status_code == 422 and "over the 2000-character limit" in too_long.json()["detail"]

    article = ingest_pipe.ingestor.read_text(NAME_XSS)
    ((_, events),) = code_chunk([article], settings)
    assert [e.source.code for e in events if e.evidence.trigger == "attacked"] == ["XYZREB"]
    worker = worker_pipeline(settings)  # the Pipeline code_chunk used
    assert worker.settings == ingest_pipe.settings == settings
    assert (worker.time_budget, worker.ingestor.max_article_chars) == (7.5, 2_000)  # no longer dropped


def test_python_ingest_records_its_settings_and_the_app_codes_with_them(api_db):
    """runner.ingest (the fixture's Python ingest with a user dictionary) records the model and
    the dictionary folder in the store; create_app(db) without settings codes POST /api/code
    with them (the store's user actor XYZREB)."""
    from communique.nlp import DEFAULT_MODEL
    from communique.store import Store
    from conftest import NAME_XSS

    with Store(api_db, read_only=True) as store:
        assert store.recorded_settings() == {"model": DEFAULT_MODEL,
                                             "dictionaries": (str((api_db.parent / "dicts").resolve()),)}
    with TestClient(create_app(api_db)) as client:
        posted = client.post("/api/code", json={"text": NAME_XSS, "published": "2024-05-10"}).json()
    assert [e["source"]["code"] for e in posted if e["evidence"]["trigger"] == "attacked"] == ["XYZREB"]


def test_overview_dyads_top_map_and_articles_beyond_the_defaults(client, api_db):
    from datetime import date as _date

    from communique.store import Filters, Store
    months = client.get("/api/overview", params={"interval": "month"}).json()
    for interval in ("day", "week"):
        ov = client.get("/api/overview", params={"interval": interval}).json()
        assert ov["interval"] == interval and ov["undated"] == months["undated"]
        assert sum(sum(p[q] for q in ("verbal_cooperation", "material_cooperation", "verbal_conflict",
                                      "material_conflict")) for p in ov["points"]) == \
            sum(sum(p[q] for q in ("verbal_cooperation", "material_cooperation", "verbal_conflict",
                                   "material_conflict")) for p in months["points"])
        if interval == "week":
            assert all(_date.fromisoformat(p["period"]).weekday() == 0 for p in ov["points"])  # ISO weeks
    assert client.get("/api/overview", params={"interval": "year"}).status_code == 422
    assert client.get("/api/overview", params={"root": "19"}).json()["points"]

    assert client.get("/api/dyads", params={"source": "USA", "target": "IRN", "until": "2024-01-01"}).json() == []
    anyone = client.get("/api/dyads", params={"source": "usa", "target": "", "interval": "month"}).json()
    assert sum(p["material_conflict"] + p["verbal_conflict"] for p in anyone) >= 2  # lower case, any target
    assert client.get("/api/dyads", params={"source": "USA"}).status_code == 422  # target is required

    top = client.get("/api/top", params={"limit": 1}).json()
    assert len(top["dyads"]) == 1 and len(top["actors"]) == 1
    assert top["actors"][0]["events"] == max(a["events"] for a in client.get("/api/top").json()["actors"])
    places = client.get("/api/map", params={"limit": 1, "country": "UKR"}).json()
    assert len(places) == 1 and places[0]["quad_class"] in (1, 2, 3, 4)
    with Store(api_db, read_only=True) as store:
        ukr = store.events(Filters(country="UKR")).to_pylist()
    assert places[0]["events"] <= sum(1 for e in ukr if e["location_lat"] is not None)
    assert client.get("/api/articles/nope").status_code == 404


def test_concurrent_requests_each_read_through_their_own_cursor(client):
    """The routes run in worker threads, each request on a cursor of its own (SnapshotReader.query_store)."""
    from concurrent.futures import ThreadPoolExecutor
    paths = ["/api/events?limit=20", "/api/map", "/api/overview", "/api/top", "/api/actors",
             "/api/export?format=jsonl", "/api/dyads?source=USA&target=IRN"] * 4
    alone = {p: client.get(p).text for p in set(paths)}
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda p: (p, client.get(p)), paths))
    assert all(r.status_code == 200 and r.text == alone[p] for p, r in together)


@pytest.mark.parametrize("published,day", [("Sep 24, 2024", "2024-09-23"), ("2024-09-24", "2024-09-23"),
                                           ("Tue, 24 Sep 2024 14:02:00 GMT", "2024-09-23"),
                                           ("24/09/2024", "2024-09-23")])
def test_code_endpoint_reads_published_as_jsonl_does(client, published, day):
    r = client.post("/api/code", json={"text": "PARIS (AFP) - France condemned Russia on Monday.", "published": published})
    assert r.status_code == 200, r.json()
    assert [(e["event_code"], e["date"]) for e in r.json()] == [("111", day)]   # Monday before Tuesday 24th


@pytest.mark.parametrize("published", ["sometime in spring", "May 2", "2024-13-45"])
def test_code_endpoint_rejects_a_published_that_is_no_date(client, published):
    r = client.post("/api/code", json={"text": "France condemned Russia on Monday.", "published": published})
    assert r.status_code == 422
    [err] = r.json()["detail"]
    assert err["loc"] == ["body", "published"] and repr(published) in err["msg"]


def test_code_request_schema_publishes_a_described_string(client):
    schema = client.get("/openapi.json").json()["components"]["schemas"]["CodeRequest"]["properties"]["published"]
    assert {"type": "string"} in schema["anyOf"] and "Sep 24, 2024" in schema["description"]
