"""The DuckDB store on real files: idempotency, kill-and-resume, near-duplicates, counts, exports."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from communique.export import export
from communique.export.writers import GDELT_COLUMNS
from communique.store import Filters, Store, StoreError
from communique.store import neardup
from communique.runner import ingest
from communique.store.schema import MIGRATIONS, SCHEMA_VERSION

from conftest import FIXTURES
from communique.synthetic import write_corpus

EXE = Path(sys.executable).parent / "communique"
TIME_COLUMNS = {"first_seen", "last_seen", "seen_at"}

WIRE = ("GENEVA (Reuters) - Sudan's army and the Rapid Support Forces agreed to a ceasefire on Wednesday "
        "after talks in Geneva. The United Nations welcomed the agreement and called on both sides to allow "
        "humanitarian aid into Darfur. The Rapid Support Forces shelled positions near Omdurman on Tuesday, "
        "residents said. Egypt praised Saudi Arabia for hosting the talks. Aid agencies said millions of people "
        "faced famine across the region, and warned that the rainy season would cut roads.")


def snapshot(path: Path) -> dict[str, list]:
    """Every table's rows without timestamps, sorted: what two equivalent stores share."""
    con = duckdb.connect(str(path), read_only=True)
    out = {}
    for table in ("articles", "lsh_bands", "mentions", "events", "actors", "quarantine"):
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in TIME_COLUMNS]
        rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
        out[table] = sorted(rows, key=repr)
    con.close()
    return out


def test_ingest_twice_is_idempotent(pipe, tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        first = ingest(pipe, [FIXTURES], store)
        counts = store.counts()
        second = ingest(pipe, [FIXTURES], store)
        assert store.counts() == counts
    assert first.new == 13 and first.quarantined == 3 and first.events > 30
    assert second.new == 0 and second.already_stored == 13 and second.copies == 0 and second.events == 0 \
        and second.mentions == 0 and second.rejected == 3
    assert counts["quarantine"] == 3


def test_ingest_leaves_spacy_vocabulary_as_it_was(pipe, tmp_path):
    """Each batch is coded in a spaCy memory zone: the words, numbers and names first seen in a
    long stream do not pile up in the vocabulary (what kept RSS growing over 100k articles)."""
    words = ["Zorblaxia", "Quendrovia", "Vintaraxil", "kelmotrun", "88817263"]
    lines = [json.dumps({"text": f"{words[0]} accused {words[1]} of shelling {words[2]} on Monday. "
                                 f"Officials counted {words[4]} {words[3]} shells.",
                         "published": "2024-05-06"}),
             json.dumps({"text": "France imposed sanctions on Iran on Tuesday over Vintaraxil exports.",
                         "published": "2024-05-07"})]
    (tmp_path / "new-words.jsonl").write_text("\n".join(lines) + "\n")
    strings = pipe.nlp.vocab.strings
    assert not any(w in strings for w in words)
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest(pipe, [tmp_path / "new-words.jsonl"], store)
        stored = store.con.execute("SELECT source_code, event_code, target_code, sentence FROM mentions "
                                   "ORDER BY sentence").fetchall()
    assert summary.new == 2
    assert ("FRA", "163", "IRN") in [r[:3] for r in stored]  # coded as usual, evidence kept as text
    assert any("Vintaraxil" in r[3] for r in stored)
    assert [w for w in words if w in strings or w.lower() in strings] == []


def test_new_files_only_are_coded(pipe, tmp_path):
    corpus = write_corpus(tmp_path / "c", 20)
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        ingest(pipe, [corpus], store)
        write_corpus(tmp_path / "c2", 25)
        (corpus / "part-00020.jsonl").write_text((tmp_path / "c2" / "part-00020.jsonl").read_text())
        s = ingest(pipe, [corpus], store)
    assert (s.new, s.already_stored) == (5, 20)


def test_near_duplicate_counts_as_mentions(pipe, tmp_path):
    copy = ("Sudan truce: the latest\n\nGENEVA (Reuters) - Sudan's army and the Rapid Support Forces agreed to a "
            "ceasefire on Wednesday after talks in Geneva. The United Nations welcomed the agreement and called on "
            "both sides to allow humanitarian aid into Darfur. The Rapid Support Forces shelled positions near "
            "Omdurman on Tuesday, witnesses said. Egypt praised Saudi Arabia for hosting the talks. Aid agencies said "
            "millions of people faced famine across the region, and warned that the rainy season would cut roads.\n\n"
            "Subscribe to our newsletter for more Africa news.")
    unrelated = ("Kenya sent humanitarian aid to Sudan on Wednesday. Kenyan officials said trucks carrying food "
                 "left Nairobi for the border, and the government appealed for more international help.")
    assert neardup.similarity(neardup.signature(WIRE), neardup.signature(copy)) >= neardup.THRESHOLD
    assert neardup.similarity(neardup.signature(WIRE), neardup.signature(unrelated)) < 0.2
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"text": WIRE, "published": "2024-08-15", "outlet": "Wire A"},
        {"text": copy, "published": "2024-08-15", "outlet": "Paper B"},
        {"text": unrelated, "published": "2024-08-15", "outlet": "Paper C"},
    ]) + "\n")
    with Store(tmp_path / "s.duckdb") as store:
        s = ingest(pipe, [tmp_path / "a.jsonl"], store)
        assert s.near_duplicates == 1
        # Paper B's copy carries a headline that Wire A's lacks: the better-documented record is
        # kept as the original, and Wire A's story is linked to it
        dup = store.con.execute("SELECT duplicate_of, duplicate_kind FROM articles WHERE outlet = 'Wire A'").fetchall()[0]
        orig = store.con.execute("SELECT article_id FROM articles WHERE outlet = 'Paper B'").fetchall()[0][0]
        assert dup == (orig, "near-duplicate")
        assert store.con.execute("SELECT duplicate_of FROM articles WHERE outlet = 'Paper B'").fetchall() == [(None,)]
        rows = store.con.execute(
            "SELECT num_mentions, num_sources, num_articles FROM events WHERE source_code = 'SDNREB' AND event_code = '194'"
        ).fetchall()
        assert rows == [(2, 2, 2)]
        # every event of the original gained the copy's mention; the copy added no new events
        only_copy = store.con.execute(
            "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.event_key = e.event_key "
            "AND m.article_id = ?)", [orig]).fetchall()[0][0]
        unrelated_events = store.con.execute(
            "SELECT count(DISTINCT event_key) FROM mentions m JOIN articles a USING (article_id) WHERE a.outlet = 'Paper C' "
            "AND event_key IS NOT NULL").fetchall()[0][0]
        assert only_copy == unrelated_events


def test_counts_match_mentions(pipe, tmp_path):
    corpus = write_corpus(tmp_path / "c", 30)
    # two different stories from two outlets report one event: one events row, counted twice
    (corpus / "same-event.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"text": "Germany imposed sanctions on Iran on Tuesday. Officials in Berlin said the measures target "
                 "banks and shipping firms, and that more could follow within weeks.", "published": "2024-05-10",
         "outlet": "Paper A"},
        {"text": "Iran's currency fell sharply after Germany imposed sanctions on Iran on Tuesday, traders in "
                 "Tehran said, as importers rushed to buy dollars before prices rose again.", "published": "2024-05-10",
         "outlet": "Paper B"}]) + "\n")
    with Store(tmp_path / "s.duckdb") as store:
        ingest(pipe, [corpus], store, batch_size=7)
        bad = store.con.execute("""
            SELECT count(*) FROM events e JOIN (
              SELECT event_key, count(*) n, count(DISTINCT article_id) a FROM mentions WHERE event_key IS NOT NULL GROUP BY 1
            ) m USING (event_key) WHERE e.num_mentions <> m.n OR e.num_articles <> m.a""").fetchall()[0][0]
        assert bad == 0
        assert store.count("events") == store.con.execute(
            "SELECT count(DISTINCT event_key) FROM mentions WHERE event_key IS NOT NULL").fetchall()[0][0]
        rows = store.con.execute("SELECT num_mentions, num_sources, num_articles FROM events "
                                 "WHERE source_code = 'DEU' AND event_code = '163' AND target_code = 'IRN'").fetchall()
        assert rows == [(2, 2, 2)]


@pytest.mark.slow
def test_sigkill_mid_ingest_then_rerun_equals_clean_run(tmp_path):
    corpus = write_corpus(tmp_path / "c", 120, per_file=5)
    clean, killed = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    args = ["ingest", str(corpus), "--batch-size", "3", "--no-progress"]
    subprocess.run([str(EXE), *args, "--db", str(clean)], check=True, capture_output=True, timeout=600)
    proc = subprocess.Popen([str(EXE), *args, "--db", str(killed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = Path(str(killed) + ".wal")
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 200_000:  # several batches committed
            break
        time.sleep(0.01)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    partial = snapshot(killed)
    assert 0 < len(partial["articles"]) < 120
    subprocess.run([str(EXE), *args, "--db", str(killed)], check=True, capture_output=True, timeout=600)
    assert snapshot(killed) == snapshot(clean)
    r = subprocess.run([str(EXE), "check", "--db", str(killed)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "OK" in r.stdout


@pytest.mark.slow
def test_several_random_kill_points_then_rerun_equals_clean_run(tmp_path):
    import random
    rng = random.Random(7)
    corpus = write_corpus(tmp_path / "c", 150, per_file=5)
    clean, killed = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    args = ["ingest", str(corpus), "--batch-size", "3", "--no-progress"]
    subprocess.run([str(EXE), *args, "--db", str(clean)], check=True, capture_output=True, timeout=600)
    kills = 0
    for _ in range(3):
        proc = subprocess.Popen([str(EXE), *args, "--db", str(killed)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        wal = Path(str(killed) + ".wal")
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None and not (wal.exists() and wal.stat().st_size > 0):
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 1.0))  # a random point after the first commit of this run
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += proc.wait() == -signal.SIGKILL
    assert kills >= 2
    subprocess.run([str(EXE), *args, "--db", str(killed)], check=True, capture_output=True, timeout=600)
    assert snapshot(killed) == snapshot(clean)
    assert subprocess.run([str(EXE), "check", "--db", str(killed)], capture_output=True, timeout=120).returncode == 0


def test_check_finds_broken_counts(pipe, tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        ingest(pipe, [FIXTURES], store)
        assert store.check() == []
        store.con.execute("UPDATE events SET num_mentions = num_mentions + 1 WHERE event_code = '190'")
        store.con.execute("DELETE FROM articles WHERE source_path LIKE '%kyiv-strike.txt'")
        problems = store.check()
    assert any("counts differ" in p for p in problems) and any("without their article" in p for p in problems)
    from typer.testing import CliRunner

    from communique.cli import app
    r = CliRunner().invoke(app, ["check", "--db", str(db)])
    assert r.exit_code == 1 and "PROBLEMS" in r.stdout


def test_exports_round_trip(pipe, tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        ingest(pipe, [FIXTURES], store)
        total = store.count("events")
        n = export(store, "gdelt", tmp_path / "e.tsv")
        with (tmp_path / "e.tsv").open() as f:
            rows = list(csv.reader(f, delimiter="\t"))
        assert rows[0] == GDELT_COLUMNS and len(GDELT_COLUMNS) == 61
        assert n == total == len(rows) - 1 and all(len(r) == 61 for r in rows)
        by_name = [dict(zip(rows[0], r)) for r in rows[1:]]
        usa = [r for r in by_name if r["Actor1Code"] == "USA" and r["EventCode"] == "163"]
        assert usa and usa[0]["Actor2Code"] == "IRN" and usa[0]["EventRootCode"] == "16"
        assert usa[0]["QuadClass"] == "4" and usa[0]["SQLDATE"] == "20241009" and usa[0]["GoldsteinScale"] == "-8.0"

        assert export(store, "parquet", tmp_path / "e.parquet") == total
        t = pq.read_table(tmp_path / "e.parquet")
        assert t.num_rows == total
        assert {"event_key", "event_code", "num_mentions", "num_sources", "num_articles", "source_roles"} <= set(t.column_names)

        export(store, "csv", tmp_path / "e.csv")
        with (tmp_path / "e.csv").open() as f:
            assert len(list(csv.DictReader(f))) == total

        n = export(store, "plover", tmp_path / "e.jsonl", Filters(country="USA"))
        recs = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
        assert n == len(recs) > 0
        assert all("USA" in {a["country"] for a in r["source"] + r["target"]} for r in recs)
        assert {"id", "date", "event", "mode", "context", "source", "target", "eventText", "text"} <= set(recs[0])


def test_plover_export_reads_each_event_s_first_mention_in_one_query(pipe, tmp_path):
    """The PLOVER record's eventText, text and actor texts come from the event's first mention as
    Store.mentions_of orders them (article id, then sentence index): the export now reads the
    first mentions of all events in one query instead of one mentions_of per event, and writes
    the same records in the same order, filtered or not."""
    import io

    from communique.export.writers import plover_record

    again = ("CAIRO (Reuters) - Egypt praised Saudi Arabia on Wednesday for hosting the talks in Geneva. "
             "Later on Wednesday, Egypt praised Saudi Arabia again, officials said.")
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"text": COPY_TEXT, "outlet": "Wire A", "published": "2024-08-15"},
        {"text": COPY_TEXT, "outlet": "Paper B", "published": "2024-08-15", "url": "https://b.example/x"},
        {"text": again, "outlet": "Paper C", "published": "2024-08-15"},
        {"text": WIRE, "outlet": "Paper D", "published": "2024-08-15"}]) + "\n")
    with Store(tmp_path / "s.duckdb") as store:
        ingest(pipe, [FIXTURES, tmp_path / "a.jsonl"], store)
        several = store.con.execute("SELECT count(*) FROM events WHERE num_mentions > 1").fetchall()[0][0]
        assert several >= 3 and store.con.execute("SELECT max(num_articles) FROM events").fetchall()[0][0] >= 3

        def old_records(filters):  # what the export wrote with one mentions_of query per event
            out = []
            for ev in store.events(filters).to_pylist():
                first = store.mentions_of(ev["event_key"]).slice(0, 1).to_pylist()
                out.append(json.loads(json.dumps(plover_record(ev, first[0] if first else None),
                                                 ensure_ascii=False, default=str)))
            return out

        for filters in (Filters(), Filters(actor="EGY"), Filters(country="SDN"), Filters(root="19")):
            expected = old_records(filters)
            store.mentions_of = lambda key: pytest.fail("one query per event")  # noqa: B023
            try:
                buf = io.BytesIO()
                n = export(store, "plover", buf, filters)
            finally:
                del store.mentions_of
            got = [json.loads(line) for line in buf.getvalue().decode("utf-8").splitlines()]
            assert got == expected and n == len(got)
        assert len(old_records(Filters())) == store.count("events")


def test_one_cameo_root_rule_for_filters_built_by_hand_and_from_user_input():
    from communique.store.store import FilterError, cameo_root

    assert [cameo_root(v) for v in ("1", "01", " 19 ", 7, "20", "0", "21", "x", "", None)] == \
        ["01", "01", "19", "07", "20", None, None, None, None, None]
    assert Filters(root="1") == Filters(root="01") == Filters.checked(root=" 1 ") == Filters.checked(root="01")
    assert Filters(root="1").where() == ("TRUE AND root_code = ?", ["01"])
    assert Filters(root="99").where()[1] == ["99"]  # built by hand, not a root: kept, matches nothing
    for bad in ("0", "21", "1a"):
        with pytest.raises(FilterError, match="is not a CAMEO root"):
            Filters.checked(root=bad)


def test_filters(pipe, tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        ingest(pipe, [FIXTURES], store)
        chn = store.events(Filters(actor="CHN")).to_pylist()
        assert chn and all(r["source_code"].startswith("CHN") or (r["target_code"] or "").startswith("CHN") for r in chn)
        since = store.events(Filters(since="2024-09-01")).to_pylist()
        assert since and all(r["date"] >= "2024-09-01" for r in since)
        assert all(r["root_code"] == "19" for r in store.events(Filters(root="19")).to_pylist())
        assert store.events(Filters(actor="' OR 1=1 --")).num_rows == 0  # parameters, not SQL
        assert len(store.events(limit=3)) == 3
        df = store.events(Filters(code="04")).to_pandas()
        assert set(df["root_code"]) == {"04"}


def test_old_store_is_migrated(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    for sql in MIGRATIONS[1]:
        con.execute(sql)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute("INSERT INTO articles (article_id, text) VALUES ('a1', 'old text')")
    con.close()
    with Store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION == 6
        assert store.con.execute("SELECT text, near_duplicate_similarity FROM articles").fetchall() == [("old text", None)]
        # v5: an old article's text id is its id, so that re-reading it is recognised
        assert store.con.execute("SELECT text_id, duplicate_kind FROM articles").fetchall() == [("a1", None)]


def test_v3_store_loses_the_unused_band_index(pipe, tmp_path):
    """v4 drops the index on lsh_bands (the look-up never used it; DuckDB kept it in memory)."""
    db = tmp_path / "v3.duckdb"
    con = duckdb.connect(str(db))
    for version in (1, 2, 3):
        for sql in MIGRATIONS[version]:
            con.execute(sql)
    con.execute("INSERT INTO meta VALUES ('schema_version', '3')")
    con.execute("CREATE INDEX lsh_lookup ON lsh_bands(band, bucket)")
    con.close()
    with Store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        names = {r[0] for r in store.con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
        assert "lsh_lookup" not in names and {"mentions_event", "mentions_article"} <= names
        ingest(pipe, [FIXTURES / "washington-sanctions.txt"], store)
        assert store.counts()["events"] >= 1 and store.check() == []


def test_read_only_errors(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    (tmp_path / "junk.duckdb").write_text("not a database")
    with pytest.raises(StoreError, match="cannot open"):
        Store(tmp_path / "junk.duckdb")


def test_cli_ingest_events_export(pipe, tmp_path):
    from typer.testing import CliRunner

    from communique import cli
    cli._PIPELINES.setdefault((None, (), None), pipe)
    runner = CliRunner()
    db = tmp_path / "s.duckdb"
    r = runner.invoke(cli.app, ["ingest", str(FIXTURES), "--db", str(db), "--no-progress"])
    assert r.exit_code == 0, r.stderr
    assert "read 16: new 13, already stored 0, copies 0, near-duplicates 0, rejected 3;" in r.stdout
    r = runner.invoke(cli.app, ["events", "--db", str(db), "--actor", "IRN", "--limit", "5"], env={"COLUMNS": "200"})
    assert r.exit_code == 0 and "163" in r.stdout
    r = runner.invoke(cli.app, ["export", "--db", str(db), "-f", "gdelt", "-o", str(tmp_path / "x.tsv"), "--root", "17"])
    assert r.exit_code == 0 and (tmp_path / "x.tsv").read_text().count("\n") >= 3


@pytest.mark.slow
def test_dask_two_workers_equal_single_process(pipe, tmp_path):
    pytest.importorskip("dask.distributed")
    from communique.scale.dask_engine import DaskCoder
    corpus = write_corpus(tmp_path / "c", 60)
    single, dask = tmp_path / "single.duckdb", tmp_path / "dask.duckdb"
    with Store(single) as store:
        ingest(pipe, [corpus, FIXTURES], store, batch_size=16)
    coder = DaskCoder(workers=2)
    try:
        assert coder.n_workers == 2
        with Store(dask) as store:
            s = ingest(pipe, [corpus, FIXTURES], store, batch_size=16, code=coder)
    finally:
        coder.close()
    assert s.new == 73 and s.quarantined == 3
    assert snapshot(dask) == snapshot(single)


def test_writer_keeps_its_lock_after_publishing_a_snapshot(pipe, tmp_path):
    """DuckDB's lock is a POSIX record lock, lost when the process closes any descriptor of the
    file: copying the store in-process for the snapshot let a second writer in (found by the
    CLI's snapshot test). A second process must still be refused after a snapshot."""
    from communique.store.snapshot import snapshot_path, write_snapshot
    db = tmp_path / "s.duckdb"
    probe = ("import sys, duckdb\ntry:\n    duckdb.connect(sys.argv[1])\n    print('opened')\n"
             "except duckdb.IOException as exc:\n    print('refused' if 'lock' in str(exc) else exc)")
    with Store(db) as store:
        ingest(pipe, [FIXTURES / "washington-sanctions.txt"], store)
        write_snapshot(store)
        assert snapshot_path(db).exists()
        r = subprocess.run([sys.executable, "-c", probe, str(db)], capture_output=True, text=True, timeout=60)
        assert r.stdout.strip() == "refused"


GDELT_STORIES = [
    {"text": "The United Nations condemned Israel on Monday over the strikes in Gaza.", "published": "2024-05-08",
     "outlet": "Wire A", "url": "https://example.org/a"},
    {"text": "Pakistani troops attacked militants near Peshawar on Tuesday, officials said.", "published": "2024-05-08",
     "outlet": "Wire B"},
    {"text": "Amnesty International accused Egypt of torturing detainees.", "published": "2024-05-08"},
    {"text": "The European Union imposed sanctions on Belarus.", "published": "2024-05-09"},
    {"text": "Russia attacked Ukraine."},  # undated
]


@pytest.fixture(scope="module")
def gdelt_rows(pipe, tmp_path_factory):
    """The GDELT export of the fixtures plus stories with IGO, NGO, role-only and undated actors,
    as dicts by column name, with the events rows they came from."""
    d = tmp_path_factory.mktemp("gdelt")
    (d / "s.jsonl").write_text("\n".join(json.dumps(r) for r in GDELT_STORIES) + "\n")
    with Store(d / "s.duckdb") as store:
        ingest(pipe, [FIXTURES, d / "s.jsonl"], store)
        export(store, "gdelt", d / "e.tsv")
        events = {r["event_key"]: r for r in store.events().to_pylist()}
    with (d / "e.tsv").open() as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == GDELT_COLUMNS
    return [dict(zip(rows[0], r)) for r in rows[1:]], events


def test_gdelt_every_column_in_its_domain(gdelt_rows):
    """Each of the 61 columns holds what the GDELT 2.0 Event codebook says it holds (with the
    differences the README lists: ISO alpha-3 and GeoNames ADM1 codes, empty AvgTone)."""
    import re
    from datetime import date, datetime

    from communique.api.names import cameo_names
    from communique.export.gdelt import RELIGION_CODES, TYPE_CODES, country_names, global_event_id

    rows, events = gdelt_rows
    countries, codes = country_names(), cameo_names()
    by_id = {global_event_id(k): e for k, e in events.items()}
    assert len(rows) == len(events) > 40
    assert len({r["GLOBALEVENTID"] for r in rows}) == len(rows)
    num = re.compile(r"^-?\d+(\.\d+)?$")
    checked = set()

    def check(col, ok):
        checked.add(col)
        bad = [r[col] for r in rows if not ok(r[col], r)]
        assert not bad, (col, bad[:5])

    check("GLOBALEVENTID", lambda v, r: v.isdigit() and 0 <= int(v) < 2 ** 60 and int(v) in by_id)
    ev = {id(r): by_id[int(r["GLOBALEVENTID"])] for r in rows}
    check("SQLDATE", lambda v, r: (v == "") == (ev[id(r)]["date"] is None) and
          (v == "" or date(int(v[:4]), int(v[4:6]), int(v[6:])).isoformat() == ev[id(r)]["date"]))
    check("MonthYear", lambda v, r: v == r["SQLDATE"][:6])
    check("Year", lambda v, r: v == r["SQLDATE"][:4])
    check("FractionDate", lambda v, r: v == "" if not r["Year"] else int(r["Year"]) <= float(v) < int(r["Year"]) + 1)
    for a in ("Actor1", "Actor2"):
        check(f"{a}Code", lambda v, r: re.fullmatch(r"[A-Z0-9]*", v) is not None)
        check(f"{a}Name", lambda v, r, a=a: (v == "") == (r[f"{a}Code"] == "") and v == v.upper())
        check(f"{a}CountryCode", lambda v, r: v == "" or v in countries)
        check(f"{a}KnownGroupCode", lambda v, r: v == "" or re.fullmatch(r"[A-Z0-9]{3,5}", v) is not None)
        check(f"{a}EthnicCode", lambda v, r: v == "")
        check(f"{a}Religion1Code", lambda v, r: v == "" or v in RELIGION_CODES)
        check(f"{a}Religion2Code", lambda v, r: v == "" or v in RELIGION_CODES)
        for t in (1, 2, 3):
            check(f"{a}Type{t}Code", lambda v, r: v == "" or v in TYPE_CODES)
        # IGO and NGO codes: no country, the organisation in KnownGroupCode, IGO/NGO in Type1Code
        check(f"{a}Code", lambda v, r, a=a: not v.startswith(("IGO", "NGO")) or (
            r[f"{a}CountryCode"] == "" and r[f"{a}KnownGroupCode"] and r[f"{a}Type1Code"] == v[:3]))
        for g in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"):
            check(f"{a}Geo_{g}", lambda v, r, g=g: v == ("0" if g == "Type" else ""))
    assert sum(r["Actor1Code"] == "" for r in rows) == 0  # every event has a source
    check("IsRootEvent", lambda v, r: v in ("0", "1") and (v == "1") == bool(ev[id(r)]["is_root_event"]))
    check("EventCode", lambda v, r: v in codes and len(v) in (3, 4))
    check("EventBaseCode", lambda v, r: v == r["EventCode"][:3])
    check("EventRootCode", lambda v, r: v == r["EventCode"][:2])
    quad = {**{f"{i:02d}": 1 for i in range(1, 6)}, **{f"{i:02d}": 2 for i in range(6, 9)},
            **{f"{i:02d}": 3 for i in range(9, 14)}, **{f"{i:02d}": 4 for i in range(14, 21)}}
    check("QuadClass", lambda v, r: v == str(quad[r["EventRootCode"]]))
    check("GoldsteinScale", lambda v, r: num.match(v) is not None and -10 <= float(v) <= 10)
    for c in ("NumMentions", "NumSources", "NumArticles"):
        check(c, lambda v, r: v.isdigit() and int(v) >= 1)
    check("NumSources", lambda v, r: int(v) <= int(r["NumArticles"]) <= int(r["NumMentions"]))
    check("AvgTone", lambda v, r: v == "")
    check("ActionGeo_Type", lambda v, r: v in "012345" and len(v) == 1)
    check("ActionGeo_FullName", lambda v, r: (v == "") == (r["ActionGeo_Type"] == "0"))
    check("ActionGeo_CountryCode", lambda v, r: (v == "") == (r["ActionGeo_Type"] == "0") and (v == "" or v in countries))
    check("ActionGeo_ADM1Code", lambda v, r: v == "" or re.fullmatch(r"[A-Z]{2}\.[A-Z0-9]+|[A-Z]{2}", v) is not None)
    check("ActionGeo_ADM2Code", lambda v, r: v == "")
    check("ActionGeo_Lat", lambda v, r: v == "" or -90 <= float(v) <= 90)
    check("ActionGeo_Long", lambda v, r: v == "" or -180 <= float(v) <= 180)
    check("ActionGeo_FeatureID", lambda v, r: v == "")
    check("DATEADDED", lambda v, r: len(v) == 14 and datetime.strptime(v, "%Y%m%d%H%M%S") is not None)
    check("SOURCEURL", lambda v, r: v != "")
    assert checked == set(GDELT_COLUMNS)


def test_gdelt_actor_fields_as_gdelt_spells_them(gdelt_rows):
    rows = gdelt_rows[0]

    def actor1(code, event):
        r = next(r for r in rows if r["Actor1Code"] == code and r["EventCode"] == event)
        return tuple(r[f"Actor1{c}"] for c in ("Name", "CountryCode", "KnownGroupCode", "Type1Code", "Type2Code"))

    assert actor1("IGOUNO", "111") == ("UNITED NATIONS", "", "UNO", "IGO", "")
    assert actor1("NGOHRIAMN", "112") == ("AMNESTY INTERNATIONAL", "", "AMN", "NGO", "HRI")
    assert actor1("IGOEUREEC", "163") == ("EUROPEAN UNION", "", "EEC", "IGO", "")
    assert actor1("PAKMIL", "190") == ("PAKISTAN", "PAK", "", "MIL", "")   # a role code has a name too
    undated = [r for r in rows if r["Actor1Code"] == "RUS" and r["Actor2Code"] == "UKR" and r["SQLDATE"] == ""]
    assert len(undated) == 1 and undated[0]["EventCode"] == "190"
    cities = [r for r in rows if r["ActionGeo_Type"] == "4"]   # world cities: name, country, coordinates
    assert cities and all(r["ActionGeo_FullName"] and r["ActionGeo_CountryCode"] and r["ActionGeo_Lat"] for r in cities)
    kyiv = [r for r in cities if r["ActionGeo_FullName"].startswith("Kyiv")]
    assert kyiv and {r["ActionGeo_FullName"] for r in kyiv} == {"Kyiv, Ukraine"}
    from communique.export.gdelt import geo_full_name
    assert geo_full_name("Ukraine", "UKR", "country") == "Ukraine" and geo_full_name(None, None, None) == ""


COPY_TEXT = ("Sudan's army and the Rapid Support Forces agreed to a ceasefire on Wednesday after talks in Geneva. "
             "The United Nations welcomed the agreement. Egypt praised Saudi Arabia for hosting the talks.")


def test_copies_from_other_outlets_are_counted_and_the_best_record_is_the_original(pipe, tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": COPY_TEXT, "outlet": "Wire A"}) + "\n")  # no date
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"text": COPY_TEXT, "outlet": "Paper B", "published": "2024-08-15", "url": "https://b.example/x"},
        {"text": COPY_TEXT, "outlet": "Paper C", "published": "2024-08-15"}]) + "\n")
    with Store(tmp_path / "s.duckdb") as store:
        first = ingest(pipe, [tmp_path / "a.jsonl"], store)
        assert store.con.execute("SELECT count(*) FROM events WHERE date IS NULL").fetchall()[0][0] == first.events == 4
        s = ingest(pipe, [tmp_path / "b.jsonl", tmp_path / "a.jsonl"], store)
        assert (s.read, s.new, s.copies, s.already_stored, s.near_duplicates) == (3, 0, 2, 1, 0)
        arts = dict(((o, (d, k)) for o, d, k in store.con.execute(
            "SELECT outlet, duplicate_of, duplicate_kind FROM articles").fetchall()))
        b_id = store.con.execute("SELECT article_id FROM articles WHERE outlet = 'Paper B'").fetchall()[0][0]
        # Paper B has a date and a URL: it is the original now; Wire A and Paper C are its copies
        assert arts == {"Paper B": (None, None), "Wire A": (b_id, "copy"), "Paper C": (b_id, "copy")}
        rows = store.con.execute("SELECT date, source_code, event_code, target_code, num_mentions, num_sources, "
                                 "num_articles, source_url FROM events ORDER BY source_code, event_code").fetchall()
        assert rows == [
            ("2024-08-15", "EGY", "051", "SAU", 3, 3, 3, "https://b.example/x"),
            ("2024-08-15", "IGOUNO", "051", None, 3, 3, 3, "https://b.example/x"),
            ("2024-08-14", "SDNMIL", "0356", "SDNREB", 3, 3, 3, "https://b.example/x"),
            ("2024-08-14", "SDNREB", "0356", "SDNMIL", 3, 3, 3, "https://b.example/x")]
        assert store.con.execute("SELECT count(*) FROM mentions").fetchall()[0][0] == 12
        assert store.check() == []
        again = ingest(pipe, [tmp_path / "b.jsonl", tmp_path / "a.jsonl"], store)  # true re-reads
        assert (again.already_stored, again.copies, again.new, again.mentions) == (3, 0, 0, 0)
        # the same text with no outlet or URL at all is a re-read too, not another source
        (tmp_path / "c.txt").write_text(COPY_TEXT)
        assert ingest(pipe, [tmp_path / "c.txt"], store).already_stored == 1


def test_ingest_reports_progress_per_article(pipe, tmp_path):
    """Progress moves while a batch is coded, not once per committed batch: results stream out of
    ``Pipeline.code_many`` as spaCy's own (smaller) parse batches finish."""
    corpus = write_corpus(tmp_path / "c", 12)
    calls: list[int] = []
    parsed_at_call: list[float] = []
    batches: list[int] = []

    def on_article(n):
        calls.append(n)
        parsed_at_call.append(pipe.timings["parse"])

    old = pipe.batch_size
    pipe.batch_size = 3  # parse 3 documents at a time, store 200 at a time
    try:
        with Store(tmp_path / "s.duckdb") as store:
            s = ingest(pipe, [corpus], store, batch_size=200, on_article=on_article,
                       on_batch=lambda x: batches.append(x.read))
    finally:
        pipe.batch_size = old
    assert s.read == sum(calls) == 12 and len(calls) == 12 and batches == [12]
    # the first articles were reported before the last ones were parsed
    assert parsed_at_call[0] < parsed_at_call[-1]


def test_mention_columns_are_specified_once_and_match_the_table(tmp_path):
    """schema.MENTION_COLUMNS is the mentions table of a fresh (fully migrated) store, in order
    and type; each column added after version 1 has its migration; the insert list is it."""
    from communique.store import schema
    from communique.store import store as store_module

    with Store(tmp_path / "s.duckdb") as store:
        described = store.con.execute("DESCRIBE mentions").fetchall()
    assert [(name, kind) for name, kind, *_ in described] == [(c.name, c.sql) for c in schema.MENTION_COLUMNS]
    for c in schema.MENTION_COLUMNS:
        sql = " ".join(schema.MIGRATIONS[c.since])
        assert (f"ADD COLUMN IF NOT EXISTS {c.name} " in sql) == (c.since > 1), c.name
    assert store_module._MENTION_COLUMNS == [c.name for c in schema.MENTION_COLUMNS]


def test_event_columns_are_specified_once_and_match_the_table(tmp_path):
    """schema.EVENT_COLUMNS is the events table of a fresh store, column by column with its type
    (the physical order is the migrations'); a column taken from the event's mentions has that
    mention column's type."""
    from communique.store import schema

    with Store(tmp_path / "s.duckdb") as store:
        described = store.con.execute("DESCRIBE events").fetchall()
    assert sorted((name, kind) for name, kind, *_ in described) == sorted((c.name, c.sql) for c in schema.EVENT_COLUMNS)
    assert len(described) == len(schema.EVENT_COLUMNS)
    mention_types = {c.name: c.sql for c in schema.MENTION_COLUMNS}
    for c in schema.EVENT_COLUMNS:
        if c.aggregate.startswith(("arg_min(m.", "arg_max(m.")):
            assert mention_types[c.name] == c.sql, c.name


def test_every_record_field_is_in_the_json_record_and_the_store(pipe):
    """The event record's fields (model.record_fields) are the JSON record's fields at their
    paths, the mentions table's columns with their types, and the events table's aggregated
    columns: one declaration feeds all of them."""
    from communique.model import record_fields
    from communique.serialize import event_to_dict
    from communique.store import schema

    pipe_events = pipe.code("WASHINGTON, May 3 (Reuters) - U.S. President Joe Biden met Chinese "
                                  "President Xi Jinping in Beijing on Tuesday.")
    event = pipe_events[0]
    record = event_to_dict(event)
    mention_types = {c.name: c.sql for c in schema.MENTION_COLUMNS}
    event_columns = {c.name for c in schema.EVENT_COLUMNS}
    for f in record_fields():
        node = record
        for name in f.path:
            node = node[name]
        assert node == f.value(event), f.path
        assert mention_types[f.column] == f.sql, f.column
        assert (f.column in event_columns) == (f.events is not None), f.column
    assert record["location"]["name"] == "Beijing" and record["target"]["code"] == "CHNGOV"
    # the JSON record has nothing else but its id
    leaves = {(k,) for k, v in record.items() if not isinstance(v, dict)} | \
        {(k, k2) for k, v in record.items() if isinstance(v, dict) for k2 in v}
    assert leaves - {f.path for f in record_fields()} == {("event_id",)}


def test_a_field_added_in_a_new_version_gets_its_migration():
    """A record field declared with since = the next version is added to the mentions table
    (and to events, when aggregated there) by a derived migration, and nothing else changes."""
    from communique.model import RecordField, record_fields
    from communique.store import schema

    version = schema.SCHEMA_VERSION + 1
    new = RecordField(("tone",), "tone", "DOUBLE", version, "max")
    plain = RecordField(("words",), "words", "INTEGER", version, None)
    migrations = schema.migrations(record_fields() + (new, plain))
    assert migrations[version] == ["ALTER TABLE mentions ADD COLUMN IF NOT EXISTS tone DOUBLE",
                                   "ALTER TABLE events ADD COLUMN IF NOT EXISTS tone DOUBLE",
                                   "ALTER TABLE mentions ADD COLUMN IF NOT EXISTS words INTEGER"]
    assert {v: m for v, m in migrations.items() if v < version} == schema.MIGRATIONS


def test_modality_is_a_field_of_the_record_and_the_store(pipe, tmp_path):
    """v6 adds the event's modality (realised, intent, threat, refusal): in the JSON record, in
    mentions and events, and in a v5 store by migration (its old rows have none)."""
    from communique.serialize import event_to_dict
    text = ("SEOUL, May 3 (Reuters) - North Korea threatened to attack South Korea on Friday. "
            "Japan pledged to send aid to the Philippines. Iran refused to meet Iraq.")
    events = pipe.code_text(text, published="2024-05-03")
    assert {(e.event_code[:2], e.modality) for e in events} >= {("13", "threat"), ("03", "intent"), ("12", "refusal")}
    assert {event_to_dict(e)["modality"] for e in events} >= {"threat", "intent", "refusal"}
    db = tmp_path / "v5.duckdb"
    con = duckdb.connect(str(db))
    for version in range(1, 6):
        for sql in MIGRATIONS[version]:
            con.execute(sql)
    con.execute("INSERT INTO meta VALUES ('schema_version', '5')")
    con.execute("INSERT INTO mentions (mention_id, event_key) VALUES ('m0', NULL)")
    con.close()
    with Store(db) as store:
        assert store.schema_version() == 6
        assert store.con.execute("SELECT modality FROM mentions WHERE mention_id = 'm0'").fetchall() == [(None,)]
        ingest(pipe, [FIXTURES / "seoul-threat.txt"], store)
        stored = dict(store.con.execute("SELECT event_code, modality FROM events").fetchall())
        assert stored and set(stored.values()) <= {"realised", "intent", "threat", "refusal"}
        assert any(code.startswith("13") and m == "threat" for code, m in stored.items())


def test_the_store_records_the_model_and_dictionaries_it_is_built_with(tmp_path):
    from communique.nlp import model_name
    from communique.settings import Settings

    with Store(tmp_path / "s.duckdb") as store:
        assert store.recorded_settings() == {}  # nothing recorded yet (as in stores made before)
        store.record_settings(Settings.load(model="my_model", dictionaries=[tmp_path / "b", "a"]))
        assert store.recorded_settings() == {"model": "my_model",
                                             "dictionaries": (str(tmp_path / "b"), str(Path("a").resolve()))}
        store.record_settings(Settings.load(model=None, dictionaries=[]))  # a later ingest's replace them
        recorded = store.recorded_settings()
    assert recorded == {"model": model_name(None), "dictionaries": ()}
    assert Settings.load(**recorded).dictionaries == () and Settings.load(**recorded).model == model_name(None)


def test_a_store_over_a_cursor_queries_what_the_store_holds(pipe, tmp_path):
    """Store.over(cursor) runs the store's queries on that cursor (the API's per-request store on
    its snapshot); closing it leaves the store's own connection open."""
    with Store(tmp_path / "s.duckdb") as store:
        ingest(pipe, [FIXTURES], store)
        over = Store.over(store.con.cursor(), store.path)
        f = Filters(actor="USA")
        assert over.path == store.path
        assert over.events_page(f, limit=5, sort="goldstein") == store.events_page(f, limit=5, sort="goldstein")
        page = over.events_page(f, limit=2, offset=1, sort="source", order="desc")
        assert page["order"] == "desc" and page["total"] == store.events(f).num_rows and len(page["rows"]) == 2
        assert over.places(Filters()) == store.places(Filters())
        assert over.overview(f, "week") == store.overview(f, "week")
        key = page["rows"][0]["event_key"]
        ev = over.event_with_mentions(key)
        assert ev["event_key"] == key and ev["mentions"] == store.mentions_of(key).to_pylist()
        art = over.article_with_mentions(ev["mentions"][0]["article_id"])
        assert "minhash" not in art and [m["start_char"] for m in art["mentions"]] == \
            sorted(m["start_char"] for m in art["mentions"])
        assert over.event_with_mentions("nope") is None and over.article_with_mentions("nope") is None
        with pytest.raises(ValueError):
            over.events_page(f, sort="date; DROP TABLE events")
        with pytest.raises(ValueError):
            over.overview(f, "year')")
        over.close()
        assert store.count("events") > 0
