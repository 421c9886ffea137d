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
from communique.store.ingest import ingest
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
    assert second.new == 0 and second.duplicates == 13 and second.events == 0 and second.mentions == 0
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
    assert (s.new, s.duplicates) == (5, 20)


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
        dup = store.con.execute("SELECT duplicate_of FROM articles WHERE outlet = 'Paper B'").fetchall()[0][0]
        orig = store.con.execute("SELECT article_id FROM articles WHERE outlet = 'Wire A'").fetchall()[0][0]
        assert dup == orig
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
    r = subprocess.run([str(EXE), "check", "--db", str(db)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "PROBLEMS" in r.stdout


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
        assert store.schema_version() == SCHEMA_VERSION == 4
        assert store.con.execute("SELECT text, near_duplicate_similarity FROM articles").fetchall() == [("old text", None)]


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
        assert store.schema_version() == 4
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


def test_cli_ingest_events_export(tmp_path):
    db = tmp_path / "s.duckdb"
    r = subprocess.run([str(EXE), "ingest", str(FIXTURES), "--db", str(db), "--no-progress"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "read 16, new 13, duplicates 0, near-duplicates 0, quarantined 3" in r.stdout
    r = subprocess.run([str(EXE), "events", "--db", str(db), "--actor", "IRN", "--limit", "5"],
                       capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "200"})
    assert r.returncode == 0 and "163" in r.stdout
    r = subprocess.run([str(EXE), "export", "--db", str(db), "-f", "gdelt", "-o", str(tmp_path / "x.tsv"), "--root", "17"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and (tmp_path / "x.tsv").read_text().count("\n") >= 3


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
