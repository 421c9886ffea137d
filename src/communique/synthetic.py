"""Synthetic news articles for tests and benchmarks: varied actors and events from sentence
templates written for communique (``communique bench --synthetic N``)."""

from __future__ import annotations

import json
from pathlib import Path

COUNTRIES = ["France", "Germany", "Japan", "Brazil", "India", "Kenya", "Egypt", "Turkey", "Mexico",
             "Canada", "Nigeria", "Poland", "Indonesia", "Chile", "Vietnam", "Norway"]
SENTENCES = [
    "{a} accused {b} of interfering in its elections on Monday.",
    "{a} imposed sanctions on {b} on Tuesday over a border dispute.",
    "The foreign minister of {a} met {b}'s ambassador on Wednesday.",
    "{a} sent humanitarian aid to {b} after the floods.",
    "Police in {a} arrested dozens of protesters on Thursday.",
    "{a} praised {b} for its mediation efforts.",
    "Thousands of workers rallied in the capital of {a} against rising fuel prices.",
    "{b} rejected a proposal from {a} to resume negotiations.",
    "The president of {a} will visit {b} next month, officials said.",
    "{a} expelled two diplomats from {b} on Friday.",
    "Troops from {a} and {b} held joint exercises near the coast.",
    "{a} threatened to cut ties with {b} over the detention of its citizens.",
]
TOPICS = ["trade", "fisheries", "energy prices", "migration", "water rights", "a rail project", "debt relief",
          "vaccine supplies", "border crossings", "student visas", "grain exports", "a mining licence"]


def article(i: int) -> dict:
    """The ``i``-th synthetic article as a JSONL record (``text``, ``published``, ``outlet``, ``title``)."""
    a = COUNTRIES[i % len(COUNTRIES)]
    b = COUNTRIES[(i * 7 + 3 + i // len(COUNTRIES)) % len(COUNTRIES)]
    if a == b:
        b = COUNTRIES[(i + 1) % len(COUNTRIES)]
    picks = [SENTENCES[(i + k * (1 + i // 12)) % len(SENTENCES)] for k in (0, 3, 7)]
    filler = (f"Analysts said the dispute over {TOPICS[i % len(TOPICS)]} and {TOPICS[(i * 5 + 1) % len(TOPICS)]} "
              f"had dragged on for {3 + i % 17} months, and report number {1000 + i} listed {i * 37 % 900} cases.")
    body = " ".join(s.format(a=a, b=b) for s in dict.fromkeys(picks))
    return {"text": f"{body} {filler}", "published": f"2024-03-{1 + i % 28:02d}",
            "outlet": f"Outlet {i % 5}", "title": f"Story {i}"}


def write_corpus(folder: Path, n: int, per_file: int = 10) -> Path:
    """Write ``n`` articles as JSONL files of ``per_file`` lines into ``folder``; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, n, per_file):
        lines = [json.dumps(article(i)) for i in range(start, min(n, start + per_file))]
        (folder / f"part-{start:05d}.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def write_gzip_jsonl(path: Path, n: int) -> Path:
    """Write ``n`` articles into one gzipped JSONL file (streamed, constant memory)."""
    import gzip

    with gzip.open(path, "wt", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(article(i)) + "\n")
    return path
