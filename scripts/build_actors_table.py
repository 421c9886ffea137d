"""Regenerate src/communique/data/actors.tsv (the built-in named-actor dictionary) from the
PETRARCH2/Phoenix actor dictionaries.

Usage: python scripts/build_actors_table.py ../shared/data/petrarch2

Reads ``dictionaries/Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt`` and
``Phoenix.MilNonState.actors.txt`` (openeventdata/petrarch2 @ 676801c, MIT licence, copyright
2014 Open Event Data Alliance; the licence text is in ``LICENSE`` beside them) with
:func:`communique.importers.petrarch.read_actors` and writes one row per term: its date-ranged
CAMEO codes and its canonical name.
"""

from __future__ import annotations

import sys
from pathlib import Path

from communique.importers.petrarch import _display, read_actors

# Terms made only of generic words that name the same kind of body in many countries: in the
# Phoenix files they carry one country's code ("Senate" → USAGOVLEG, "Youth" → FRAREB), which
# would give that country to every senate or youth in the news. Left out of the conversion.
GENERIC = {"senate", "youth", "national security council", "national security council staff", "national security staff",
           "secretary of state", "defense department", "department of defense", "department of state",
           "state department official", "national liberation movement", "national liberation union",
           "national revolutionary front", "revolutionary army", "revolutionary army of the people",
           "rebel armed forces", "arab revolutionary front", "army of national liberation",
           "armed forces of national liberation", "muslim defense force", "arab revolutionary council"}
FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
HEADER = """\
# Named actors: countries, places, people, international organisations and armed groups with
# their CAMEO actor codes, converted from the PETRARCH2/Phoenix actor dictionaries
# (openeventdata/petrarch2 @ 676801c, petrarch2/data/dictionaries/{files};
# MIT licence, Copyright (c) 2014 Open Event Data Alliance) by scripts/build_actors_table.py.
# codes: CODE or CODE@START..END (ISO 8601 dates, open ends allowed), space-separated; the coder
# uses the code in force on the article's date. name: the canonical name of the term's entry.
# Our own country_aliases.tsv, organizations.tsv and agents.tsv take precedence over these rows;
# generic names that the Phoenix files give one country ("Senate", "Youth") are left out.
"""


def main(source: str) -> None:
    folder = Path(source) / "dictionaries"
    actors: dict[str, tuple[str, list[str]]] = {}
    for name in FILES:
        for term, named in read_actors(folder / name).items():
            actors.setdefault(term, named)
    out = Path(__file__).resolve().parent.parent / "src/communique/data/actors.tsv"
    with out.open("w", encoding="utf-8") as fh:
        fh.write(HEADER.format(files=", ".join(FILES)))
        fh.write("term\tcodes\tname\n")
        for term, (canonical, codes) in sorted(actors.items()):
            if "\t" not in term and term not in GENERIC:
                fh.write(f"{_display(term)}\t{' '.join(codes)}\t{_display(canonical)}\n")
    print(f"{out}: {len(actors)} terms")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/petrarch2")
