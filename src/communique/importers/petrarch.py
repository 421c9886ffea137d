"""Convert TABARI/PETRARCH dictionaries into a communique dictionary folder.

Reads, from a folder, every ``*.actors.txt`` (actors with date-ranged codes), ``*agents*.txt``
(role words → agent codes) and the verb-pattern dictionary (``CAMEO*.txt``), in the formats of
PETRARCH2 (openeventdata/petrarch2; TABARI conventions: ``_`` joins words, ``+`` lines are
synonyms, ``[CODE YYMMDD-YYMMDD]`` date-ranged codes, ``!MACRO!`` and ``&SYNSET`` expansions) and
writes:

* ``actors.tsv`` — ``term``, ``codes``, ``name``: codes as ``CODE`` or ``CODE@START..END``
  (ISO dates, open ends allowed), space-separated; the coder picks the code in force on the
  article's date;
* ``agents.tsv`` and ``agent_codes.tsv`` — role words and any agent codes we lack;
* ``verbs.yaml`` — one entry per verb with a code, and one per simple object pattern
  (``- * OBJECT [code]``); patterns with subject/target markers or prepositional phrases are
  counted as skipped;
* ``IMPORTED.txt`` — what was read and converted, and the licence of the source.

With ``replace=True`` the folder also gets ``.replace`` markers for ``verbs.yaml`` and
``agents.tsv``, so that it *replaces* our built-in patterns and roles: a PETRARCH2-style
configuration of our coder, used as the evaluation baseline.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from communique.dictionaries import Dictionaries
from communique.events.cameo import CodeTable

_BRACKET = re.compile(r"\[([^\]]*)\]")
_DATE = re.compile(r"^\d{6}$")


@dataclass
class ImportSummary:
    """Counts of what :func:`import_petrarch` read and wrote."""

    actor_terms: int = 0
    actors_with_dates: int = 0
    agent_terms: int = 0
    verb_entries: int = 0
    object_patterns: int = 0
    skipped_patterns: int = 0
    skipped_codes: int = 0
    files: list[str] = field(default_factory=list)


def _words(token: str) -> str:
    """``MINISTER_OF_DEFENSE_`` → ``minister of defense``."""
    return " ".join(token.strip().strip("_").replace("_", " ").split()).lower()


def _display(words: str) -> str:
    """Term as it will be matched: short acronyms stay upper case, the rest title case."""
    return words.upper() if len(words) <= 3 and " " not in words else words.title()


def _iso(yymmdd: str) -> str:
    yy = int(yymmdd[:2])
    year = 1900 + yy if yy >= 30 else 2000 + yy
    return f"{year}-{yymmdd[2:4]}-{yymmdd[4:6]}"


def parse_code(spec: str) -> str | None:
    """``AFGGOV 331108-730717`` → ``AFGGOV@1933-11-08..1973-07-17``; ``AFG`` → ``AFG``;
    ``X >070101`` → ``X@2007-01-01..``; ``X <950101`` → ``X@..1995-01-01``; None when empty."""
    parts = spec.split()
    if not parts or parts[0].startswith("~") or parts[0] == "---":
        return None
    code = parts[0]
    if len(parts) == 1:
        return code
    rng = parts[1]
    if rng.startswith(">") and _DATE.match(rng[1:]):
        return f"{code}@{_iso(rng[1:])}.."
    if rng.startswith("<") and _DATE.match(rng[1:]):
        return f"{code}@..{_iso(rng[1:])}"
    m = re.match(r"^(\d{6})-(\d{6})$", rng)
    return f"{code}@{_iso(m.group(1))}..{_iso(m.group(2))}" if m else code


def read_actors(path: Path) -> dict[str, tuple[str, list[str]]]:
    """term → (canonical name, codes) of a TABARI ``.actors`` file.

    A block is a name, its ``+`` synonyms and its bracketed codes; the block's first name is the
    canonical name of every synonym. A line without ``+`` that follows names with no codes yet
    is one more synonym (the Phoenix files have such lines: "MIKHAIL_GORBACHEV_ … +GORBACHEV …
    MIKHAIL_S._GORBACHEV … [RUSGOV …]"). A leading "the" is dropped ("THE_REAGAN_ADMINISTRATION"
    is matched as "Reagan administration": the article need not be capitalised in running text);
    terms without a letter are skipped."""
    out: dict[str, tuple[str, list[str]]] = {}
    names: list[str] = []
    codes: list[str] = []

    def flush() -> None:
        if names and codes:
            for n in names:
                term = n[4:] if n.startswith("the ") and len(n) > 4 else n
                if any(ch.isalpha() for ch in term):
                    out.setdefault(term, (names[0], list(dict.fromkeys(codes))))

    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        stripped = line.strip()
        found = [c for c in (parse_code(s) for s in _BRACKET.findall(stripped)) if c]
        head = _BRACKET.sub("", stripped).strip()
        if raw[:1] in ("\t", " ") and stripped.startswith("["):
            codes.extend(found)
        elif stripped.startswith("+") or (names and not codes and head):
            words = _words(head.lstrip("+"))
            if words:
                names.append(words)
            codes.extend(found)
        else:
            flush()
            names, codes = ([_words(head)] if _words(head) else []), found
    flush()
    return out


def read_agents(path: Path) -> dict[str, list[str]]:
    """term → agent codes of a TABARI agents file, with ``!MACRO!`` expansion."""
    macros: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line)
        if m:
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        codes = [c for c in _BRACKET.findall(line) if c.startswith("~")]
        if not codes:
            continue
        term = _BRACKET.sub("", line).strip()
        roles = [codes[0][1:][i:i + 3] for i in range(0, len(codes[0]) - 1, 3)]
        forms = [term]
        for name, values in macros.items():
            forms = [f.replace(name, v) for f in forms for v in values] if any(name in f for f in forms) else forms
        for f in forms:
            words = _words(f)
            if words and "!" not in words:
                out.setdefault(words, roles)
    return out


def read_verbs(path: Path, codes: CodeTable, summary: ImportSummary) -> list[dict]:
    """Verb-pattern dictionary → ``verbs.yaml`` entries (see the module docstring)."""
    synsets: dict[str, list[str]] = defaultdict(list)
    entries: list[dict] = []
    current: str | None = None
    block_verbs: list[str] = []
    in_synset: str | None = None

    def code_ok(code: str) -> bool:
        if code in codes.codes:
            return True
        summary.skipped_codes += 1
        return False

    header_code: str | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        line, _, comment = raw.partition("#")
        line = line.rstrip()
        if not line.strip():
            continue
        s = line.strip()
        if s.startswith("&"):
            in_synset = s.rstrip("_")
            continue
        if in_synset and s.startswith("+") and not s.startswith("---"):
            synsets[in_synset].append(_words(s[1:].split("{")[0]))
            continue
        in_synset = None
        m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---", s)
        if m:
            current, block_verbs = m.group(1), []
            header_code = m.group(2).strip() if re.fullmatch(r"\d{2,4}", m.group(2).strip()) else None
            continue
        if current is None:
            continue
        code_m = _BRACKET.search(s)
        code = code_m.group(1).split(":")[0].strip() if code_m else None
        if s.startswith("-"):
            body = _BRACKET.sub("", s[1:]).strip()
            if not code or not block_verbs or "$" in body or "+" in body or "(" in body or not body.startswith("*"):
                summary.skipped_patterns += 1
                continue
            obj = body[1:].strip()
            if obj.startswith("{") and obj.endswith("}"):
                objs = [_words(obj[1:-1])]
            elif obj.startswith("&"):
                objs = synsets.get(obj.rstrip("_"), [])
            elif obj and " " not in obj:
                objs = [_words(obj)]
            else:
                objs = []
            if not objs or not code_ok(code):
                summary.skipped_patterns += 1
                continue
            owner = _words(comment.strip().split()[0]) if comment.strip() else ""
            verbs = [owner] if owner in block_verbs else list(block_verbs)
            entries.append({"code": code, "verbs": verbs, "objects": objs,
                            "target": ["dobj", "with", "to", "on", "against", "at"]})
            summary.object_patterns += 1
            continue
        verb = _words(s.lstrip("+").split("{")[0].split("[")[0])
        if not verb:
            continue
        block_verbs.append(verb)
        own = code if code and code != "---" else header_code
        if own and code_ok(own):
            entries.append({"code": own, "verbs": [verb], "target": ["dobj", "with", "to", "on", "against", "at"]})
            summary.verb_entries += 1
    return entries


def import_petrarch(source: str | Path, out: str | Path, replace: bool = False) -> ImportSummary:
    """Convert the PETRARCH dictionaries in ``source`` into the dictionary folder ``out``.

    Raises:
        FileNotFoundError: ``source`` holds no PETRARCH dictionary.
    """
    source, out = Path(source), Path(out)
    summary = ImportSummary()
    actor_files = sorted(source.glob("*.actors.txt"))
    agent_files = sorted(source.glob("*agents*.txt"))
    verb_files = sorted(p for p in source.glob("CAMEO*.txt"))
    if not (actor_files or agent_files or verb_files):
        raise FileNotFoundError(f"{source}: no *.actors.txt, *agents*.txt or CAMEO*.txt files")
    out.mkdir(parents=True, exist_ok=True)
    actors: dict[str, tuple[str, list[str]]] = {}
    for f in actor_files:
        for term, named in read_actors(f).items():
            actors.setdefault(term, named)
        summary.files.append(f.name)
    with (out / "actors.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# Named actors imported from TABARI/PETRARCH actor dictionaries "
                 f"({', '.join(f.name for f in actor_files)}; openeventdata/petrarch2, MIT licence).\n"
                 "# codes: CODE or CODE@START..END (ISO dates), space-separated; the code in force on the\n"
                 "# article's date is used.\nterm\tcodes\tname\n")
        for term, (name, codes) in sorted(actors.items()):
            if "\t" in term:
                continue
            summary.actor_terms += 1
            summary.actors_with_dates += any("@" in c for c in codes)
            fh.write(f"{_display(term)}\t{' '.join(codes)}\t{_display(name)}\n")
    known = {r["code"] for r in Dictionaries().tsv("agent_codes.tsv")}
    agents: dict[str, list[str]] = {}
    for f in agent_files:
        agents.update(read_agents(f))
        summary.files.append(f.name)
    extra_codes = sorted({r for roles in agents.values() for r in roles} - known)
    with (out / "agents.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# Role words imported from TABARI/PETRARCH agent dictionaries (openeventdata/petrarch2, MIT).\n"
                 "term\troles\n")
        for term, roles in sorted(agents.items()):
            summary.agent_terms += 1
            fh.write(f"{term}\t{' '.join(roles)}\n")
    with (out / "agent_codes.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# Agent codes used by the imported dictionaries that communique lacks (priority 85).\n"
                 "code\tname\tpriority\n")
        for code in extra_codes:
            fh.write(f"{code}\t{code}\t85\n")
    table = CodeTable(Dictionaries())
    entries: list[dict] = []
    for f in verb_files:
        entries.extend(read_verbs(f, table, summary))
        summary.files.append(f.name)
    (out / "verbs.yaml").write_text(
        "# Verb patterns imported from the PETRARCH2 CAMEO verb dictionary (openeventdata/petrarch2, MIT).\n"
        + yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for name in ("verbs.yaml", "agents.tsv"):
        marker = out / f"{name}.replace"
        if replace:
            marker.write_text("")
        elif marker.exists():
            marker.unlink()
    (out / "IMPORTED.txt").write_text(
        f"Imported from {source} ({', '.join(summary.files)}), TABARI/PETRARCH dictionaries of the Open Event "
        f"Data Alliance, MIT licence.\n{summary}\n", encoding="utf-8")
    return summary
