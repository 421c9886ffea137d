"""The command line, run in this process with Typer's CliRunner (one shared spaCy model).

Real stores on disk; the few things that need another process (a store locked by a writer,
``serve`` printing its URL and access log) start a real subprocess.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique import cli
from communique.cli import app

from conftest import FIXTURES

EXE = Path(sys.executable).parent / "communique"
runner = CliRunner()


@pytest.fixture(autouse=True)
def shared_pipeline(pipe):
    """The CLI builds its Pipeline once per process: seed it with the session's."""
    cli._PIPELINES.setdefault((None, (), None), pipe)


def run(*args, input: str | None = None):
    """``communique ARGS`` in this process; the result has exit_code, stdout and stderr."""
    return runner.invoke(app, [str(a) for a in args], input=input, env={"COLUMNS": "200"})


UNDATED = "Russia attacked Ukraine."  # no date anywhere: the event is undated


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory, pipe):
    """A store made by ``communique ingest`` of the fixtures plus one undated article; the first
    and the second run's summaries."""
    cli._PIPELINES.setdefault((None, (), None), pipe)
    d = tmp_path_factory.mktemp("cli")
    (d / "undated.jsonl").write_text(json.dumps({"text": UNDATED}) + "\n")
    db = d / "s.duckdb"
    first = run("ingest", FIXTURES, d / "undated.jsonl", "--db", db, "--no-progress")
    second = run("ingest", FIXTURES, d / "undated.jsonl", "--db", db, "--no-progress")
    return db, first, second


def test_code_jsonl_with_a_bad_input(tmp_path):
    missing = tmp_path / "missing.txt"
    r = run("code", FIXTURES / "washington-sanctions.txt", missing)
    assert r.exit_code == 0
    events = [json.loads(line) for line in r.stdout.splitlines()]
    assert ("USA", "163", "IRN") in [(e["source"]["code"], e["event_code"], e["target"] and e["target"]["code"]) for e in events]
    assert f"{missing}: no such file or folder" in r.stderr


def test_nothing_readable_exits_nonzero(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    r = run("code", tmp_path / "empty.txt")
    assert r.exit_code == 1
    assert "empty.txt: empty input" in r.stderr


def test_table_and_parse():
    r = run("code", FIXTURES / "seoul-threat.txt", "--format", "table")
    assert r.exit_code == 0 and "1384" in r.stdout and "THREATEN" in r.stdout
    r = run("parse", FIXTURES / "kyiv-strike.txt")
    rec = json.loads(r.stdout)
    assert rec["dateline"] == "KYIV" and rec["author"] == "Olena Marchenko" and len(rec["article_id"]) == 16


def test_bad_published_option():
    r = run("code", FIXTURES / "kyiv-strike.txt", "--published", "yesterday-ish")
    assert r.exit_code == 2 and "ISO 8601" in r.stderr


def test_stdin_and_empty_argument():
    r = run("code", "-", input="PARIS (AFP) - France condemned Russia on Monday.\n")
    assert r.exit_code == 0 and json.loads(r.stdout.splitlines()[0])["event_code"] == "111"
    r = run("code", "")
    assert r.exit_code == 1 and "empty path" in r.stderr


def test_text_given_as_argument_gets_a_hint():
    r = run("code", "Russia attacked Ukraine on Monday.")
    assert r.exit_code == 1
    assert "Russia attacked Ukraine on Monday.: no such file or folder (to code text itself, pipe it in: " \
           "echo 'the text' | communique code -)" in r.stderr
    r = run("code", "-", input="Russia attacked Ukraine on Monday.")
    assert r.exit_code == 0 and '"event_code": "190"' in r.stdout


def test_ingest_summary_is_honest(cli_db):
    db, first, second = cli_db
    assert first.exit_code == 0, first.stderr
    # 13 fixture articles + the undated one; three bad JSONL lines rejected
    assert "read 17: new 14, already stored 0, copies 0, near-duplicates 0, rejected 3;" in first.stdout
    # a re-run re-reads stored articles: "already stored", not "duplicates"
    assert second.exit_code == 0
    assert "read 17: new 0, already stored 14, copies 0, near-duplicates 0, rejected 3; events +0, mentions +0" \
        in second.stdout
    assert "wire.jsonl:4: missing or empty string field 'text'" in first.stderr


def test_ingest_counts_copies_from_other_outlets(tmp_path):
    text = "France imposed sanctions on Iran on Tuesday over its nuclear programme, officials in Paris said."
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"text": text, "outlet": "Wire A", "published": "2024-05-07"},
        {"text": text, "outlet": "Paper B", "published": "2024-05-07"}]) + "\n")
    r = run("ingest", tmp_path / "a.jsonl", "--db", tmp_path / "s.duckdb", "--no-progress")
    assert "read 2: new 1, already stored 0, copies 1, near-duplicates 0, rejected 0;" in r.stdout
    r = run("ingest", tmp_path / "a.jsonl", "--db", tmp_path / "s.duckdb", "--no-progress")
    assert "read 2: new 0, already stored 2, copies 0," in r.stdout


def test_missing_folder_is_an_error_and_no_store_is_made(tmp_path):
    db = tmp_path / "s.duckdb"
    r = run("ingest", tmp_path / "no-such-folder", "--db", db, "--no-progress")
    assert r.exit_code == 2
    assert f"{tmp_path / 'no-such-folder'}: no such file or folder" in r.stderr
    assert not db.exists()


def test_ingest_reports_rejected_inputs_and_fails_when_nothing_was_read(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    r = run("ingest", tmp_path / "empty.txt", "--db", tmp_path / "s.duckdb", "--no-progress")
    assert r.exit_code == 1
    assert "empty.txt: empty input" in r.stderr and "rejected 1" in r.stdout


def test_folder_links_are_followed_and_loops_reported(tmp_path):
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    corpus.mkdir()
    elsewhere.mkdir()
    (corpus / "a.txt").write_text("France condemned Russia on Monday.")
    (elsewhere / "b.txt").write_text("Germany imposed sanctions on Iran on Tuesday.")
    (corpus / "linked").symlink_to(elsewhere, target_is_directory=True)
    (elsewhere / "back").symlink_to(corpus, target_is_directory=True)  # a loop
    r = run("ingest", corpus, "--db", tmp_path / "s.duckdb", "--no-progress", "--published", "2024-05-08")
    assert r.exit_code == 0, r.stderr
    assert "read 2: new 2," in r.stdout
    assert f"{corpus / 'linked' / 'back'}: link to a folder already read ({corpus}), not followed" in r.stderr
    r = run("events", "--db", tmp_path / "s.duckdb", "--actor", "DEU")
    assert "163" in r.stdout


def test_dictionary_folder_without_dictionary_files_is_an_error(tmp_path):
    (tmp_path / "notes.md").write_text("my dictionaries")
    r = run("code", FIXTURES / "kyiv-strike.txt", "-d", tmp_path)
    assert r.exit_code == 2 and f"-d {tmp_path}: no dictionary files in this folder" in r.stderr
    r = run("code", FIXTURES / "kyiv-strike.txt", "-d", tmp_path / "nope")
    assert r.exit_code == 2 and "no such folder" in r.stderr


def test_filters_are_validated_the_same_everywhere(cli_db):
    db = cli_db[0]
    # --root 1 means root 01; the fixtures' Kyiv strike and others are root 19
    a, b = run("events", "--db", db, "--root", "19"), run("events", "--db", db, "--root", "019")
    assert a.exit_code == 0 and b.exit_code == 0 and "190" in a.stdout
    four, zero_four = run("events", "--db", db, "--root", "4"), run("events", "--db", db, "--root", "04")
    assert four.stdout == zero_four.stdout and "040" in four.stdout
    for args, message in [
        (("--root", "200"), "--root '200' is not a CAMEO root: give 01..20 (or 1..20)"),
        (("--country", "UA"), "--country 'UA' is not a country code (ISO alpha-2; the alpha-3 code is UKR)"),
        (("--code", "abc"), "--code 'abc' is not a CAMEO event code or the start of one"),
        (("--code", "99"), "--code '99' is not a CAMEO event code"),
        (("--since", "May 2024"), "--since 'May 2024' is not an ISO 8601 date"),
    ]:
        for command in (("events",), ("export", "-f", "csv", "-o", "-")):
            r = run(*command, "--db", db, *args)
            assert r.exit_code == 2 and message in r.stderr, (command, args, r.stderr)
    from fastapi.testclient import TestClient

    from communique.api import create_app
    with TestClient(create_app(db)) as client:
        r = client.get("/api/events", params={"country": "UA"})
        assert r.status_code == 422 and "country 'UA' is not a country code" in r.json()["detail"]
        one = client.get("/api/events", params={"root": "4"}).json()
        assert one["total"] > 0 and one == client.get("/api/events", params={"root": "04"}).json()


def test_events_show_names_and_undated(cli_db):
    r = run("events", "--db", cli_db[0], "--actor", "RUS", "--limit", "100")
    assert r.exit_code == 0
    assert "undated" in r.stdout and "Use conventional military force" in r.stdout


def test_export_to_stdout_and_undated_rows_are_announced(cli_db, tmp_path, monkeypatch):
    db = cli_db[0]
    monkeypatch.chdir(tmp_path)
    r = run("export", "--db", db, "-f", "gdelt", "-o", "-", "--since", "2024-01-01")
    assert r.exit_code == 0 and not (tmp_path / "-").exists()
    rows = list(csv.reader(io.StringIO(r.stdout), delimiter="\t"))
    assert rows[0][0] == "GLOBALEVENTID" and all(len(x) == 61 for x in rows) and all(x[1] for x in rows[1:])
    assert "1 undated event(s) left out by --since/--until" in r.stderr
    r2 = run("export", "--db", db, "-f", "gdelt", "-o", "-", "--since", "2024-01-01", "--undated")
    rows2 = list(csv.reader(io.StringIO(r2.stdout), delimiter="\t"))
    assert len(rows2) == len(rows) + 1 and [x[1] for x in rows2[1:]].count("") == 1
    assert "left out" not in r2.stderr
    r = run("export", "--db", db, "-f", "plover", "-o", "-", "--root", "19")
    assert r.exit_code == 0 and all(json.loads(x)["cameo"]["root"] == "19" for x in r.stdout.splitlines())


def test_quarantine_lists_rejects_and_reasons(cli_db):
    r = run("quarantine", "--db", cli_db[0])
    assert r.exit_code == 0 and "quarantine (3 of 3 shown)" in r.stdout
    r = run("quarantine", "--db", cli_db[0], "--json")
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert sorted((Path(x["source_path"]).name, x["reason"]) for x in rows) == [
        ("wire.jsonl:3", "invalid JSON (Expecting value at column 1)"),
        ("wire.jsonl:4", "missing or empty string field 'text'"),
        ("wire.jsonl:5", "missing or empty string field 'text'")]


def test_store_and_export_errors_are_one_line(tmp_path, cli_db):
    import duckdb
    foreign = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE events (x INT)")
    con.close()
    r = run("ingest", FIXTURES / "kyiv-strike.txt", "--db", foreign, "--no-progress")
    assert r.exit_code == 2 and "not a communique store" in r.stderr and "Traceback" not in r.stderr
    r = run("export", "--db", cli_db[0], "-f", "gdelt", "-o", tmp_path / "no" / "such" / "x.tsv")
    assert r.exit_code == 2 and "cannot write" in r.stderr and "Traceback" not in r.stderr


HOLD_LOCK = """
import sys, time
from communique.store import Store
from communique.store.snapshot import write_snapshot
s = Store(sys.argv[1])
write_snapshot(s)
s.con.execute("DELETE FROM quarantine")  # a change after the snapshot: the snapshot lacks it
print("locked", flush=True)
time.sleep(60)
"""


def test_locked_store_is_read_through_its_snapshot(cli_db, tmp_path):
    import shutil
    db = tmp_path / "busy.duckdb"
    shutil.copyfile(cli_db[0], db)
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        for command in (("events",), ("check",), ("quarantine",), ("export", "-f", "csv", "-o", "-")):
            r = run(*command, "--db", db)
            assert r.exit_code == 0, (command, r.stderr)
            assert f"{db} is in use by another process (an ingest?); reading its snapshot {db}.snapshot" in r.stderr
        assert "quarantine (3 of 3 shown)" in run("quarantine", "--db", db).stdout
    finally:
        proc.kill()
        proc.wait()


def test_serve_prints_its_url_and_logs_requests(cli_db):
    import socket
    import urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    import threading
    proc = subprocess.Popen([str(EXE), "serve", "--db", str(cli_db[0]), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True).start()
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/events?limit=1", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        deadline = time.time() + 10
        while time.time() < deadline and not any('"GET /api/events?limit=1 HTTP/1.1" 200' in x for x in lines):
            time.sleep(0.1)
        assert f"serving {cli_db[0]} at http://127.0.0.1:{port}/ (API docs at http://127.0.0.1:{port}/docs" in lines[0]
        assert any('"GET /api/events?limit=1 HTTP/1.1" 200' in x for x in lines), lines
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_bench_and_ingest_refuse_empty_or_bad_corpora(tmp_path):
    (tmp_path / "empty").mkdir()
    r = run("bench", tmp_path / "empty")
    assert r.exit_code == 1 and "no articles to measure" in r.stderr
    r = run("bench", tmp_path / "missing")
    assert r.exit_code == 1 and f"{tmp_path / 'missing'}: no such file or folder" in r.stderr
    assert run("bench", "--synthetic", "-5").exit_code == 2
    r = run("bench", "--synthetic", "5", tmp_path / "empty")
    assert r.exit_code == 2 and "not both" in r.stderr
    r = run("ingest", tmp_path / "empty", "--db", tmp_path / "s.duckdb", "--no-progress")
    assert r.exit_code == 1 and "no inputs found" in r.stderr


def test_progress_counts_articles_for_its_eta(tmp_path):
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps({"text": f"Story {i}."}) for i in range(7)) + "\n\n")
    (tmp_path / "b.txt").write_text("One story.")
    assert cli._count_inputs([str(tmp_path)]) == 8
    assert cli._count_inputs(["-"]) is None


def test_export_to_a_pipe_closed_early_exits_quietly(tmp_path):
    """`communique export -o - | head`: the reader leaves after a few bytes; no traceback, no
    'cannot write' message, exit 0."""
    from communique.store.generate import make_event_store
    db = make_event_store(tmp_path / "big.duckdb", 20_000)
    proc = subprocess.Popen([str(EXE), "export", "--db", str(db), "-f", "csv", "-o", "-"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    head = proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert head.startswith(b'"event_key"') and "Traceback" not in err and "cannot write" not in err
    assert "Exception ignored" not in err


def test_serve_codes_with_the_model_and_dictionaries_the_store_was_built_with(tmp_path):
    """ingest records its model and -d folders in the store (Store.record_settings, meta keys
    model and dictionaries); serve without --model/-d codes POST /api/code with them: the
    posted text gets the store's own actor XYZREB. An ingest that codes nothing new leaves the
    record as it was."""
    import urllib.request

    from communique.nlp import model_name
    from communique.store import Store
    from conftest import NAME_XSS, NAME_XSS_ROW, running_server

    dicts = tmp_path / "dicts"
    dicts.mkdir()
    (dicts / "organizations.tsv").write_text("term\tcode\tname\tkind\troles\n" + NAME_XSS_ROW)
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": NAME_XSS, "published": "2024-05-10"}) + "\n")
    db = tmp_path / "s.duckdb"
    r = run("ingest", tmp_path / "a.jsonl", "--db", db, "-d", dicts, "--no-progress")
    assert r.exit_code == 0, r.stderr
    assert run("ingest", tmp_path / "a.jsonl", "--db", db, "--no-progress").exit_code == 0  # nothing new
    with Store(db, read_only=True) as store:
        assert store.recorded_settings() == {"model": model_name(None), "dictionaries": (str(dicts.resolve()),)}
        assert dict(store.con.execute("SELECT key, value FROM meta").fetchall())["dictionaries"] == \
            json.dumps([str(dicts.resolve())])
        assert store.con.execute("SELECT source_code FROM mentions WHERE trigger = 'attacked'").fetchall() == \
            [("XYZREB",)]
    with running_server(db) as url:
        req = urllib.request.Request(f"{url}/api/code", data=json.dumps({"text": NAME_XSS}).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            posted = json.loads(resp.read())
    assert [e["source"]["code"] for e in posted if e["evidence"]["trigger"] == "attacked"] == ["XYZREB"]


def test_code_and_ingest_take_a_time_budget(tmp_path):
    """--time-budget reaches the pipeline of code and ingest: with 0 seconds every article is
    over it, rejected with that reason (and quarantined by ingest)."""
    story = FIXTURES / "washington-sanctions.txt"
    r = run("code", story, "--time-budget", "0")
    assert r.exit_code == 1 and "over the 0-second time budget" in r.stderr and r.stdout == ""
    assert run("code", story, "--time-budget", "-1").exit_code == 2
    db = tmp_path / "s.duckdb"
    r = run("ingest", story, "--db", db, "--no-progress", "--time-budget", "0")
    assert r.exit_code == 1 and "rejected 1" in r.stdout
    r = run("quarantine", "--db", db, "--json")
    assert "over the 0-second time budget" in json.loads(r.stdout.splitlines()[0])["reason"]
    assert run("code", story, "--time-budget", "30").exit_code == 0
    assert any(p.settings.time_budget == 30 and p.time_budget == 30 for p in cli._PIPELINES.values())


def test_code_and_ingest_take_a_number_of_spacy_processes(tmp_path):
    story = FIXTURES / "washington-sanctions.txt"
    plain = run("code", story)
    r = run("code", story, "--n-process", "2")
    assert r.exit_code == 0 and r.stdout == plain.stdout  # a small input is parsed in this process anyway
    assert any(p.settings.n_process == 2 and p.n_process == 2 for p in cli._PIPELINES.values())
    assert run("code", story, "--n-process", "0").exit_code == 2
    r = run("ingest", story, "--db", tmp_path / "s.duckdb", "--no-progress", "--n-process", "3")
    assert r.exit_code == 0 and "new 1" in r.stdout
    assert any(p.settings.n_process == 3 for p in cli._PIPELINES.values())  # ingest's own pipeline
    assert run("ingest", story, "--db", tmp_path / "s.duckdb", "--no-progress", "--n-process", "0").exit_code == 2


def test_help_shows_the_defaults_of_settings():
    """The defaults from settings.yaml appear in --help (in brackets Rich took them for markup)."""
    from communique.settings import DEFAULTS
    for command in ("ingest", "code", "bench"):
        text = " ".join(run(command, "--help").stdout.replace("│", " ").split())
        assert f"(default {DEFAULTS.n_process}, settings.yaml)" in text, command
    assert f"(default {DEFAULTS.store_batch_size}, settings.yaml)" in " ".join(
        run("ingest", "--help").stdout.replace("│", " ").split())


def test_json_lines_on_standard_input_are_read_as_json_lines(caplog):
    """JSON Lines piped to `code -` are read as a .jsonl file is (one article per line, its
    published field, FILE:LINE warnings); they were read as one plain-text article (the JSON
    became title and text, 0 events)."""
    lines = ('{"text": "Ghana praised Togo on Monday for its help.", "published": "2024-05-08"}\n'
             '{"text": "Chile criticised Peru on Tuesday over the border.", "published": "yesterday"}\n')
    r = run("code", "-", input=lines)
    assert r.exit_code == 0, r.output
    events = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    assert [(e["source"]["code"], e["target"]["code"], e["date"]) for e in events] == \
        [("GHA", "TGO", "2024-05-06"), ("CHL", "PER", None)]
    assert "<stdin>:2: field 'published' not a date" in caplog.text
