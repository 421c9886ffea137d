"""Synthetic articles for store tests: varied actors and events, written for these tests."""

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
]


def article(i: int) -> dict:
    a = COUNTRIES[i % len(COUNTRIES)]
    b = COUNTRIES[(i * 7 + 3) % len(COUNTRIES)]
    if a == b:
        b = COUNTRIES[(i + 1) % len(COUNTRIES)]
    body = " ".join(s.format(a=a, b=b) for s in (SENTENCES[i % 6], SENTENCES[(i + 2) % 6], SENTENCES[(i + 4) % 6]))
    return {"text": f"Item {i}. {body}", "published": f"2024-03-{1 + i % 28:02d}",
            "outlet": f"Outlet {i % 5}", "title": f"Story {i}"}


def write_corpus(folder: Path, n: int, per_file: int = 10) -> Path:
    """Write ``n`` articles as JSONL files of ``per_file`` lines into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, n, per_file):
        lines = [json.dumps(article(i)) for i in range(start, min(n, start + per_file))]
        (folder / f"part-{start:05d}.jsonl").write_text("\n".join(lines) + "\n")
    return folder
