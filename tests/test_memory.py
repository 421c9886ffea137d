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
