"""Synthetic news articles for tests and benchmarks, from sentence templates written for
communique in the style of the test fixtures (``communique bench --synthetic N``).

Two kinds:

* ``wire`` — a wire story of about 300 words (the seed example in ``shared/examples`` has 341)
  like the fixtures and real agency copy: a headline, a dateline (``NAIROBI, March 4 (Outlet
  1) -``), then seven paragraphs in which four of 21 sentences report events and the rest give
  background, figures and quotations, assembled from parts so that stories rarely share more
  wording than real ones.
* ``brief`` — four sentences, three of them events: a worst case for the coder's share of the
  work (every sentence has actors and a trigger) and the corpus the tests use.
"""

from __future__ import annotations

import json
import random
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


CAPITALS = {"France": "PARIS", "Germany": "BERLIN", "Japan": "TOKYO", "Brazil": "BRASILIA",
            "India": "NEW DELHI", "Kenya": "NAIROBI", "Egypt": "CAIRO", "Turkey": "ANKARA",
            "Mexico": "MEXICO CITY", "Canada": "OTTAWA", "Nigeria": "ABUJA", "Poland": "WARSAW",
            "Indonesia": "JAKARTA", "Chile": "SANTIAGO", "Vietnam": "HANOI", "Norway": "OSLO"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
# what a wire story mostly is: background, figures, procedure and quotations around the events,
# put together from parts so that two stories share no more wording than two real ones do
WHO = ["Officials in the capital", "Economists at a local bank", "Residents of the border districts",
       "A senior diplomat", "Two members of the negotiating team", "The chamber of commerce",
       "Union leaders", "A government report", "Farmers' associations", "Shipping companies",
       "Local newspapers", "An independent think tank", "Opposition lawmakers", "The finance ministry",
       "Aid agencies working in the region", "Port authorities"]
CLAIMS = ["said {t} had cost the economy about {n} million dollars", "expected a decision on {t} within {k} weeks",
          "warned that prices for {t2} could rise by {p} percent", "noted that {k} rounds of talks had ended without a deal",
          "estimated that {n} thousand jobs depended on {t2}", "called for an inquiry into the contracts for {t}",
          "said the timetable for {t2} had slipped again", "reported that exports fell {p} percent in the first quarter",
          "pointed out that the previous accord on {t} expired in {y}", "argued that {t2} should be handled separately",
          "said inspections at the border now took {k} days", "predicted growth of {q} percent despite {t}",
          "described the mood in the talks on {t2} as cautious", "said that {n} families had left the area since {y}"]
WHEN = ["last year", "on {d}", "this month", "in a statement", "at a news conference", "earlier this week",
        "in an interview", "over the weekend", "in a report published in {y}", "late on {d}"]
PLACES = ["the northern provinces", "the coastal cities", "the river valley", "the main port",
          "the mountain districts", "the industrial suburbs", "the eastern highlands", "the islands"]
EXTRA = ["Heavy rain in {pl} has delayed work on roads and bridges.",
         "Turnout in {pl} fell to {p} percent at the last local elections.",
         "The census counted {n} thousand people in {pl}, most of them under 30.",
         "Schools in {pl} reopened after {k} weeks of closure.",
         "Electricity cuts have affected {pl} for {k} hours a day since {y}.",
         "A new railway line to {pl} is due to open in {y2}."]
QUOTES = [
    '"We are ready to listen, but we will defend our interests," the foreign minister told reporters.',
    '"This is a difficult moment, and patience is needed on all sides," a senior official said.',
    '"Nobody gains from a long dispute over {t}," said an adviser to the prime minister.',
    '"The door to dialogue remains open," the ambassador said in a statement.',
    '"Our priority is the safety of our citizens," a government spokesperson said on {d}.',
    '"We expect concrete steps, not only words," an opposition leader said.',
]
CLOSERS = ["Reporting by staff correspondents; editing by the news desk.",
           "The ministry is expected to comment further later this week.",
           "Further talks have not yet been scheduled."]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def wire_article(i: int) -> dict:
    """The ``i``-th synthetic wire story as a JSONL record (``text``, ``published``, ``outlet``,
    ``title``): about 300 words in 21 sentences and seven paragraphs, of which four sentences
    report events (the same event templates as :func:`article`). Deterministic in ``i``."""
    rng = random.Random(i)
    a = COUNTRIES[i % len(COUNTRIES)]
    b = COUNTRIES[(i * 7 + 3 + i // len(COUNTRIES)) % len(COUNTRIES)]
    if a == b:
        b = COUNTRIES[(i + 1) % len(COUNTRIES)]
    day = 1 + i % 28
    month = MONTHS[(i // 28) % 12]

    def fill(template: str) -> str:
        return template.format(
            t=TOPICS[i % len(TOPICS)], t2=rng.choice(TOPICS), n=rng.randint(2, 900), y=rng.randint(1990, 2023),
            y2=rng.randint(2025, 2032), p=rng.randint(1, 40), k=rng.randint(2, 15), d=rng.choice(DAYS),
            q=f"{rng.randint(0, 6)}.{rng.randint(0, 9)}", pl=rng.choice(PLACES))

    events = [SENTENCES[(i + k * (1 + i // 12)) % len(SENTENCES)].format(a=a, b=b) for k in (0, 3, 7, 10)]
    events = list(dict.fromkeys(events))
    background = [fill(f"{rng.choice(WHO)} {rng.choice(CLAIMS)} {rng.choice(WHEN)}.") for _ in range(11)]
    background += [fill(rng.choice(EXTRA)) for _ in range(3)]
    rng.shuffle(background)
    quotes = [fill(q) for q in rng.sample(QUOTES, 2)]
    paragraphs = [[events[0], background[0], background[1]]]
    rest = events[1:] + quotes
    for k, sentence in enumerate(rest):
        paragraphs.append([sentence] + background[2 + 2 * k:4 + 2 * k])
    paragraphs.append(background[2 + 2 * len(rest):] + [CLOSERS[i % len(CLOSERS)]])
    dateline = f"{CAPITALS[a]}, {month} {day} (Outlet {i % 5}) - "
    text = dateline + "\n\n".join(" ".join(p) for p in paragraphs if p)
    return {"text": text, "published": f"2024-{MONTHS.index(month) + 1:02d}-{day:02d}",
            "outlet": f"Outlet {i % 5}", "title": f"{a} and {b} at odds over {TOPICS[i % len(TOPICS)]} (story {i})"}


KINDS = {"wire": wire_article, "brief": article}


def write_corpus(folder: Path, n: int, per_file: int = 10) -> Path:
    """Write ``n`` articles as JSONL files of ``per_file`` lines into ``folder``; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, n, per_file):
        lines = [json.dumps(article(i)) for i in range(start, min(n, start + per_file))]
        (folder / f"part-{start:05d}.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def write_gzip_jsonl(path: Path, n: int, kind: str = "brief") -> Path:
    """Write ``n`` articles of ``kind`` (``"wire"`` or ``"brief"``, see the module docstring)
    into one gzipped JSONL file (streamed, constant memory).

    Raises:
        ValueError: ``kind`` is not one of :data:`KINDS`.
    """
    import gzip

    if kind not in KINDS:
        raise ValueError(f"synthetic kind {kind!r}: choose one of {', '.join(KINDS)}")
    make = KINDS[kind]
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(make(i)) + "\n")
    return path
