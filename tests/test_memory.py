"""Memory stays flat on long runs: nothing communique builds keeps a Doc alive after its article."""

from __future__ import annotations

import gc
from collections import Counter

from communique.synthetic import wire_article


def test_coding_leaves_no_reference_cycles(pipe):
    """A reference cycle through a Token keeps its whole Doc until the collector's next full
    pass; before the fix, a batch of 200 wire stories left several hundred MiB behind this way."""
    articles = [pipe.ingestor.read_text(wire_article(i)["text"]) for i in range(4)]
    assert sum(len(evs) for _, evs in pipe.code_many(articles)) > 4  # warm, and really coding
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        results = list(pipe.code_many(articles))
        del results
        gc.collect()
        kinds = Counter(type(o).__name__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    held = {k: n for k, n in kinds.items() if k in ("Doc", "Span", "Token", "function", "cell", "TokenTable")}
    assert held == {}


def test_bench_reports_both_sides_on_the_same_texts():
    """``communique bench`` figures (not their values: speed goals live in the benchmark)."""
    from communique.bench import run_bench

    r = run_bench(synthetic=24, synthetic_kind="wire", batch_size=10)
    raw, full = r["raw_spacy"], r["full_pipeline"]
    assert raw["articles"] == full["articles"] == full["new"] == 24
    assert full["events"] > 24 and full["near_duplicates"] == 0
    assert set(full["stages_s"]) == {"read", "parse", "actors+events", "dates+geo", "store"}
    assert r["ratio_full_to_raw"] == round(full["articles_per_s"] / raw["articles_per_s"], 3) > 0
    assert raw["sentences_per_s"] > raw["articles_per_s"] and raw["words_per_s"] > raw["sentences_per_s"]
    assert r["peak_rss_mb"] > 100 and r["corpus"] == "synthetic wire x24"
