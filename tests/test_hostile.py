"""Hostile inputs, generated here: every input codes or is quarantined with a reason, the run never
crashes, and the good articles of the same batch are stored. Plus property-based tests."""

from __future__ import annotations

import codecs
import gzip
import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.dates import resolve
from communique.ingest import Ingestor
from communique.ingest.decode import InputError, decode_bytes
from communique.ingest.plaintext import PlainTextReader, parse_dateline
from communique.dictionaries import Dictionaries
from communique.model import Article, Rejected
from communique.nlp import MAX_SENTENCE_TOKENS
from communique.store import Store
from communique.runner import ingest

GOOD = "PARIS (AFP) - France condemned Russia on Monday over the attack on Kyiv."


def hostile_corpus(folder):
    folder.mkdir()
    files = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 40,
        "huge.txt": (b"Lorem ipsum dolor sit amet. " * 800_000),               # 22 MB
        "latin1.txt": "Brazil condemned Venezuela, said the ministério.".encode("latin-1"),
        "utf16.txt": codecs.BOM_UTF16_LE + "Italy praised Spain on Monday.".encode("utf-16-le"),
        "utf16-nobom.txt": "Norway praised Sweden on Monday.".encode("utf-16-le"),
        "invalid-utf8.txt": b"Japan praised Turkey \xff\xfe\xc3 on Tuesday.",
        "truncated.html": b"<html><body><p>Kenya sent aid to Somalia on",
        "script-only.html": b"<html><head><script>var a=1;</script></head><body><script>alert(1)</script></body></html>",
        "numbers.txt": ("1234 5678 " * 200).encode(),
        "emoji.txt": ("\U0001F600\U0001F680 " * 300).encode(),
        "french.txt": ("Le président a rencontré le chancelier à Paris lundi pour discuter de la guerre "
                       "et des sanctions contre la Russie, a indiqué le communiqué publié mardi. " * 3).encode(),
        "future.txt": b"Germany will sanction Iran on 12 March 2091.",
        "year0001.jsonl": json.dumps({"text": "Chile praised Peru.", "published": "0001-01-01"}).encode(),
        "broken.jsonl": b'{"text": 5}\n{"text": "Egypt praised Israel."\nnot json\n{"title": []}\n',
        "truncated.jsonl.gz": gzip.compress(b'{"text": "Egypt praised Israel."}\n' * 50)[:60],
        "good.txt": GOOD.encode(),
        "run-on.txt": (" ".join(["Russia attacked Ukraine and"] * 1500) + " Poland.").encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


def test_hostile_corpus_never_crashes_and_keeps_good_articles(pipe, tmp_path):
    files = hostile_corpus(tmp_path / "in")
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest(pipe, [tmp_path / "in"], store, batch_size=8)
        quarantined = dict(store.con.execute("SELECT source_path, reason FROM quarantine").fetchall())
        stored = {r[0].rsplit("/", 1)[-1].split(":")[0] for r in
                  store.con.execute("SELECT source_path FROM articles").fetchall()}
        codes = {r[0] for r in store.con.execute("SELECT event_code FROM events").fetchall()}
    names = {p.rsplit("/", 1)[-1].split(":")[0] for p in quarantined}
    assert {"empty.txt", "binary.txt", "huge.txt", "script-only.html", "numbers.txt", "emoji.txt", "french.txt",
            "broken.jsonl", "truncated.jsonl.gz"} <= names
    assert {"good.txt", "utf16.txt", "utf16-nobom.txt", "latin1.txt", "run-on.txt"} <= stored
    assert "111" in codes and "190" in codes          # the good and the run-on article were coded
    assert all(reason for reason in quarantined.values())
    assert summary.read >= len(files)


def test_run_on_sentence_is_split_not_dropped(pipe):
    text = " ".join(["Russia attacked Ukraine and"] * 400) + " Poland."
    doc = pipe.nlp(text)
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS
    events = pipe.code(text)
    assert len(events) > 100 and all(text[e.evidence.start:e.evidence.end] == e.evidence.trigger for e in events)


READER = PlainTextReader(Dictionaries())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_dateline_parser_never_crashes(text):
    d = parse_dateline(text)
    assert d is None or (0 < d.end <= len(text) and d.place)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_byline_matcher_never_crashes(line):
    READER.match_byline(line.strip())


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=2000))
def test_plain_text_reader_returns_an_article_or_a_clear_error(text):
    try:
        a = READER.read(text)
    except InputError as exc:
        assert str(exc)
        return
    assert a.text.strip() and (a.published is None or a.published[:4].isdigit())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_decoder_returns_text_or_a_clear_error(data):
    try:
        assert isinstance(decode_bytes(data), str)
    except InputError as exc:
        assert str(exc)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.booleans())
def test_date_resolver_never_crashes(words, published, future):
    r = resolve(words, published, future)
    assert r is None or (len(r.date) == 10 and r.precision in ("day", "month", "year"))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=80), st.none(), st.integers()), max_size=6))
def test_jsonl_reader_rejects_bad_lines_with_reasons(tmp_path_factory, values):
    path = tmp_path_factory.mktemp("j") / "x.jsonl"
    lines = [json.dumps({"text": v}) if i % 2 else str(v) for i, v in enumerate(values)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for item in Ingestor().read([path]):
        assert isinstance(item, (Article, Rejected))
        if isinstance(item, Rejected):
            assert item.reason


def test_time_budget_rejects_the_slow_article_and_keeps_the_rest(tmp_path):
    from communique import Pipeline
    pipe = Pipeline(time_budget=0.0)  # every article is over a zero budget
    arts = [Article(text=GOOD), Article(text="Egypt praised Israel on Monday.")]
    results = list(pipe.code_many(arts))
    assert len(results) == 2 and all(isinstance(r, Rejected) for r in results)
    assert "time budget" in results[0].reason
    ok = list(Pipeline(time_budget=60).code_many(arts))
    assert all(not isinstance(r, Rejected) for r in ok)
