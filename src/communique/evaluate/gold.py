"""Gold-standard readers. Three formats, one shape (:class:`GoldItem`):

* **communique JSONL** — one sentence or article per line::

    {"id": "s1", "text": "Russia attacked Ukraine on Monday.", "published": "2024-05-10",
     "events": [{"source": "RUSMIL", "target": "UKR", "event_code": "190",
                 "plover": "ASSAULT", "date": "2024-05-06"}]}

  ``source``/``target`` are CAMEO actor codes (country + optional roles; a list for compound
  actors), ``event_code`` and ``plover`` may each be omitted, ``date`` is optional, and
  ``"events": []`` marks a sentence with no event (for precision on no-event sentences). An
  optional ``dateline`` ("BAGHDAD, March 1") is the story's wire dateline, which the coder reads
  as it reads a dateline at the top of a raw story.
* **PETRARCH validation XML** (``PETR.UnitTest.records.xml``): ``<Sentence date id>`` with
  ``<EventCoding sourcecode targetcode eventcode>`` (or ``noevents="True"``) and ``<Text>``.
* **PLOVER gold-standard JSON** (``PLOVER_GSR_CAMEO``): records with ``text``, ``event``,
  ``source``/``target`` lists of ``{actorText, code, sector}``. Draft event labels are mapped to
  the current PLOVER types (:data:`PLOVER_DRAFT_LABELS`).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

# Draft PLOVER labels in the gold records → current PLOVER types. Source: CAMEO2PLOVER-2021
# (openeventdata/PLOVER), which maps the CAMEO roots these draft labels stood for: 09
# INVESTIGATE → ACCUSE (mode investigate), 10 DEMAND → REQUEST, 11 DISAPPROVE → ACCUSE,
# 19/20 FIGHT → ASSAULT.
PLOVER_DRAFT_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT",
                       "INVESTIGATE": "ACCUSE"}
# CAMEO country codes that differ from ISO 3166-1 alpha-3 (CAMEO codebook, ch. 4), and typos seen
# in gold files.
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "ROM": "ROU", "DRC": "COD", "SRB": "SRB", "KSV": "XKX",
                "UK": "GBR"}


class GoldError(ValueError):
    """A gold file cannot be read; the message names the file and what is wrong."""


@dataclass(frozen=True)
class GoldActor:
    """A gold actor: country (ISO3 or IGO/NGO prefix) and CAMEO roles."""

    country: str | None
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldEvent:
    """One gold event (compound actors kept as lists, as PLOVER does)."""

    sources: tuple[GoldActor, ...]
    targets: tuple[GoldActor, ...]
    event_code: str | None = None
    plover: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class GoldItem:
    """One gold sentence or article with its events (empty: no event)."""

    id: str
    text: str
    published: str | None
    events: tuple[GoldEvent, ...] = field(default_factory=tuple)
    dateline: str | None = None  # the story's wire dateline as written ("BAGHDAD, March 1"), if the gold keeps it


_ROLE_CODES = ("GOV", "MIL", "COP", "REB", "OPP", "JUD", "LEG", "CVL", "BUS", "MED", "EDU", "HLH",
               "REF", "LAB", "AGR", "SPY", "INS", "SEP", "UAF", "CRM", "HRI", "ENV", "REL", "ELI", "PTY")


def parse_actor_code(code: str | None, sector: str | None = None) -> GoldActor | None:
    """``"CHNMIL"`` → GoldActor("CHN", ("MIL",)); ``"IGOUNO"`` → GoldActor("IGO…"); None for empty."""
    if not code:
        return None
    code = code.strip().upper()
    if code.startswith(("IGO", "NGO", "IMG")):
        return GoldActor(code[:3], ())
    if code in _ROLE_CODES:
        return GoldActor(None, (code,))
    country = CAMEO_TO_ISO.get(code[:3], code[:3])
    rest = code[3:]
    roles = tuple(rest[i:i + 3] for i in range(0, len(rest), 3) if rest[i:i + 3] in _ROLE_CODES)
    if sector:
        roles = tuple(dict.fromkeys(roles + tuple(s.strip().upper() for s in re.split(r"[;, ]+", sector) if s.strip())))
    return GoldActor(country, roles)


def _actors(value) -> tuple[GoldActor, ...]:
    if isinstance(value, str):
        value = [value] if value else []
    out = []
    for v in value or []:
        a = parse_actor_code(v.get("code"), v.get("sector")) if isinstance(v, dict) else parse_actor_code(v)
        if a:
            out.append(a)
    return tuple(out)


def read_jsonl(path: Path) -> list[GoldItem]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            events = tuple(GoldEvent(_actors(e.get("source")), _actors(e.get("target")), e.get("event_code"),
                                     e.get("plover"), e.get("date")) for e in r["events"])
            items.append(GoldItem(str(r.get("id", n)), r["text"], r.get("published"), events, r.get("dateline")))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise GoldError(f"{path}:{n}: not a gold record ({exc})") from None
    return items


def read_petrarch_xml(path: Path) -> list[GoldItem]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise GoldError(f"{path}: invalid XML ({exc})") from None
    items = []
    for s in root.iter("Sentence"):
        text_el = s.find("Text")
        if text_el is None or not (text_el.text or "").strip():
            continue
        d = s.get("date") or ""
        published = f"{d[:4]}-{d[4:6]}-{d[6:8]}" if re.fullmatch(r"\d{8}", d) else None
        events = []
        for ec in s.findall("EventCoding"):
            if (ec.get("noevents") or "").lower() == "true":
                continue
            events.append(GoldEvent(_actors(ec.get("sourcecode")), _actors(ec.get("targetcode")),
                                    (ec.get("eventcode") or "").strip() or None))
        items.append(GoldItem(s.get("id") or str(len(items)), " ".join(text_el.text.split()), published, tuple(events)))
    return items


def read_plover_json(path: Path) -> list[GoldItem]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}: invalid JSON ({exc})") from None
    items = []
    for r in data:
        if not isinstance(r, dict) or not r.get("text") or r.get("event") in (None, "DOCUMENT"):
            continue
        label = PLOVER_DRAFT_LABELS.get(r["event"], r["event"])
        items.append(GoldItem(r.get("id") or str(len(items)), r["text"], r.get("date"),
                              (GoldEvent(_actors(r.get("source")), _actors(r.get("target")), None, label),)))
    return items


def read_gold(path: str | Path, fmt: str = "auto") -> list[GoldItem]:
    """Read a gold file in ``fmt`` (``jsonl``, ``petrarch``, ``plover`` or ``auto`` by content).

    Raises:
        GoldError: the file is missing, or not in the format.
    """
    path = Path(path)
    if not path.is_file():
        raise GoldError(f"{path}: no such gold file")
    if fmt == "auto":
        head = path.read_text(encoding="utf-8", errors="replace")[:2000].lstrip()
        fmt = "petrarch" if head.startswith("<") else "plover" if head.startswith("[") else "jsonl"
    readers = {"jsonl": read_jsonl, "petrarch": read_petrarch_xml, "plover": read_plover_json}
    if fmt not in readers:
        raise GoldError(f"unknown gold format {fmt!r}; choose jsonl, petrarch or plover")
    return readers[fmt](path)
