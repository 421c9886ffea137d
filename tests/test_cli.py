"""The console script, run as a real subprocess."""

import json
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES

EXE = Path(sys.executable).parent / "communique"


def run(*args):
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=300)


def test_code_jsonl_with_a_bad_input(tmp_path):
    missing = tmp_path / "missing.txt"
    r = run("code", str(FIXTURES / "washington-sanctions.txt"), str(missing))
    assert r.returncode == 0
    events = [json.loads(line) for line in r.stdout.splitlines()]
    assert ("USA", "163", "IRN") in [(e["source"]["code"], e["event_code"], e["target"] and e["target"]["code"]) for e in events]
    assert f"{missing}: no such file or folder" in r.stderr


def test_nothing_readable_exits_nonzero(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    r = run("code", str(tmp_path / "empty.txt"))
    assert r.returncode == 1
    assert "empty.txt: empty input" in r.stderr


def test_table_and_parse():
    r = run("code", str(FIXTURES / "seoul-threat.txt"), "--format", "table")
    assert r.returncode == 0 and "1384" in r.stdout and "THREATEN" in r.stdout
    r = run("parse", str(FIXTURES / "kyiv-strike.txt"))
    rec = json.loads(r.stdout)
    assert rec["dateline"] == "KYIV" and rec["author"] == "Olena Marchenko" and len(rec["article_id"]) == 16


def test_bad_published_option():
    r = run("code", str(FIXTURES / "kyiv-strike.txt"), "--published", "yesterday-ish")
    assert r.returncode == 2 and "ISO 8601" in r.stderr


def test_ingest_reports_rejected_inputs_and_fails_when_nothing_was_read(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    r = run("ingest", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"), "--db", str(tmp_path / "s.duckdb"),
            "--no-progress")
    assert r.returncode == 1
    assert "empty.txt: empty input" in r.stderr and "missing.txt: no such file or folder" in r.stderr


def test_store_and_export_errors_are_one_line(tmp_path):
    import duckdb
    foreign = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE events (x INT)")
    con.close()
    r = run("ingest", str(FIXTURES / "kyiv-strike.txt"), "--db", str(foreign), "--no-progress")
    assert r.returncode == 2 and "not a communique store" in r.stderr and "Traceback" not in r.stderr
    db = tmp_path / "s.duckdb"
    assert run("ingest", str(FIXTURES / "kyiv-strike.txt"), "--db", str(db), "--no-progress").returncode == 0
    r = run("export", "--db", str(db), "-f", "gdelt", "-o", str(tmp_path / "no" / "such" / "x.tsv"))
    assert r.returncode == 2 and "cannot write" in r.stderr and "Traceback" not in r.stderr
    r = run("events", "--db", str(db), "--root", "99")
    assert r.returncode == 2 and "not a CAMEO root" in r.stderr


def test_stdin_and_empty_argument(tmp_path):
    r = subprocess.run([str(EXE), "code", "-"], input="PARIS (AFP) - France condemned Russia on Monday.\n",
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and json.loads(r.stdout.splitlines()[0])["event_code"] == "111"
    r = run("code", "")
    assert r.returncode == 1 and "empty path" in r.stderr


def test_text_given_as_argument_gets_a_hint():
    r = run("code", "Russia attacked Ukraine on Monday.")
    assert r.returncode == 1
    assert "Russia attacked Ukraine on Monday.: no such file or folder (to code text itself, pipe it in: " \
           "echo 'the text' | communique code -)" in r.stderr
    r = subprocess.run([str(EXE), "code", "-"], input="Russia attacked Ukraine on Monday.", capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0 and '"event_code": "190"' in r.stdout


def test_bench_and_ingest_refuse_empty_or_bad_corpora(tmp_path):
    (tmp_path / "empty").mkdir()
    r = run("bench", str(tmp_path / "empty"))
    assert r.returncode == 1 and "no articles to measure" in r.stderr
    r = run("bench", str(tmp_path / "missing"))
    assert r.returncode == 1 and f"{tmp_path / 'missing'}: no such file or folder" in r.stderr
    assert run("bench", "--synthetic", "-5").returncode == 2
    r = run("bench", "--synthetic", "5", str(tmp_path / "empty"))
    assert r.returncode == 2 and "not both" in r.stderr
    r = run("ingest", str(tmp_path / "empty"), "--db", str(tmp_path / "s.duckdb"), "--no-progress")
    assert r.returncode == 1 and "no inputs found" in r.stderr
