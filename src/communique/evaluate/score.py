"""Score the coder against gold items: precision, recall and F1 at several levels.

Within an item (a sentence or a whole story), predicted events (not negated) with the same
PLOVER type (or CAMEO root or code), source country and target country are one distinct event,
as gold coders merge repeated mentions. Gold and predicted events are matched one to one, the
best-fitting actors and date first; a predicted dyad that is one part of a matched compound gold
event ("the United States and Britain vetoed" → USA → UNO, GBR → UNO) is neither a hit nor a
false alarm. A predicted event matches a gold event when:

* ``plover`` — same PLOVER event type;
* ``plover+source`` — and a source country in common (gold without source: not checked);
* ``plover+source_role`` — and a source with the same country and a common CAMEO role;
* ``plover+dyad`` — and a target country in common too (both without target counts);
* ``root`` / ``code`` / ``root+dyad`` — the same with the CAMEO root / full code (gold with codes).

Dates are checked on ``plover+dyad`` matches whose gold event has a date. Sentences whose gold
has no event measure false alarms.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from communique.evaluate.gold import GoldActor, GoldEvent, GoldItem
from communique.model import Actor, Event

LEVELS = ("plover", "plover+source", "plover+source_role", "plover+dyad", "root", "code", "root+dyad")


@dataclass
class Counts:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def as_dict(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(p, 3),
                "recall": round(r, 3), "f1": round(f, 3)}


@dataclass
class Report:
    """Evaluation results; :meth:`as_dict` is the JSON report."""

    items: int = 0
    gold_events: int = 0
    predicted_events: int = 0
    levels: dict[str, Counts] = field(default_factory=lambda: {lv: Counts() for lv in LEVELS})
    per_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    per_root: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    no_event_sentences: int = 0
    no_event_clean: int = 0
    no_event_false_events: int = 0
    dates_checked: int = 0
    dates_correct: int = 0
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        has_codes = self.levels["root"].tp + self.levels["root"].fn > 0
        return {
            "items": self.items, "gold_events": self.gold_events, "predicted_events": self.predicted_events,
            "levels": {lv: c.as_dict() for lv, c in self.levels.items() if has_codes or not lv.startswith(("root", "code"))},
            "per_plover_type": {k: v.as_dict() for k, v in sorted(self.per_type.items())},
            "per_cameo_root": {k: v.as_dict() for k, v in sorted(self.per_root.items())} if has_codes else {},
            "no_event_sentences": {"sentences": self.no_event_sentences, "without_false_event": self.no_event_clean,
                                   "false_events": self.no_event_false_events,
                                   "share_clean": round(self.no_event_clean / self.no_event_sentences, 3)
                                   if self.no_event_sentences else None},
            "dates": {"checked": self.dates_checked, "correct": self.dates_correct,
                      "accuracy": round(self.dates_correct / self.dates_checked, 3) if self.dates_checked else None},
        }


def _country(a: Actor | GoldActor) -> str | None:
    c = a.country
    if c and c.startswith(("IGO", "NGO", "IMG")):
        return c[:3]
    return c


@dataclass
class _Group:
    """One distinct predicted event: mentions with the same key and the same dyad merged."""

    key: str
    sources: list[Actor]
    targets: list[Actor]
    dates: set[str]


def _actor_key(a: Actor | None) -> str | None:
    return None if a is None else (_country(a) or a.code or a.text)


def _groups(events: list[Event], by: str) -> list[_Group]:
    """Predicted events as distinct events: repeated mentions of one (key, source, target) merge,
    as gold coders merge repeated mentions (one record per distinct event)."""
    out: dict[tuple, _Group] = {}
    for e in events:
        key = {"plover": e.plover.event_type, "root": e.root_code, "code": e.event_code}[by]
        if key is None:
            continue
        g = out.setdefault((key, _actor_key(e.source), _actor_key(e.target)), _Group(key, [], [], set()))
        g.sources.append(e.source)
        if e.target is not None:
            g.targets.append(e.target)
        if e.date:
            g.dates.add(e.date)
    return list(out.values())


def _overlap(gold: tuple[GoldActor, ...], pred: list[Actor], roles: bool = False) -> bool:
    if not gold:
        return True
    gold_c = {_country(a) for a in gold if _country(a)}
    if not gold_c and not roles:
        return True
    for p in pred:
        for g in gold:
            if _country(g) and _country(p) == _country(g) and (not roles or not g.roles or set(g.roles) & set(p.roles)):
                return True
    return False


def _matches(level: str, g: GoldEvent, grp: _Group) -> bool:
    base = level.split("+")[0]
    key = {"plover": g.plover, "root": g.event_code[:2] if g.event_code else None, "code": g.event_code}[base]
    if key is None or key != grp.key:
        return False
    if level.endswith("+source"):
        return _overlap(g.sources, grp.sources)
    if level.endswith("+source_role"):
        return _overlap(g.sources, grp.sources, roles=True)
    if level.endswith("+dyad"):
        if not g.targets and not grp.targets:
            return _overlap(g.sources, grp.sources)
        return _overlap(g.sources, grp.sources) and bool(grp.targets) and _overlap(g.targets, grp.targets)
    return True


def _dyad_fit(g: GoldEvent, grp: _Group) -> int:
    """How well a predicted event's actors fit a gold event: 2 both sides, 1 the source, 0 neither."""
    if not _overlap(g.sources, grp.sources):
        return 0
    if not g.targets and not grp.targets:
        return 2
    return 2 if grp.targets and _overlap(g.targets, grp.targets) else 1


def _part_of(g: GoldEvent, grp: _Group) -> bool:
    """True when ``grp`` is one dyad of a compound gold event ("the United States and Britain
    vetoed": the coder writes USA → UNO and GBR → UNO): both its sides are among the gold lists."""
    if len(g.sources) + len(g.targets) <= 2:
        return False
    return _dyad_fit(g, grp) == 2


def _match(level: str, gold: list[GoldEvent], groups: list[_Group]) -> tuple[dict[int, int], set[int]]:
    """One-to-one matching of gold events to predicted events at ``level``: each gold event takes
    the fitting predicted event whose actors and date fit it best. Returns (gold index →
    predicted index, predicted indices absorbed as further dyads of a matched compound event)."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, grp in enumerate(groups):
            if _matches(level, g, grp):
                pairs.append((-_dyad_fit(g, grp), -(bool(g.date) and g.date in grp.dates), gi, pi))
    pairs.sort()
    hit: dict[int, int] = {}
    used: set[int] = set()
    for _, _, gi, pi in pairs:
        if gi not in hit and pi not in used:
            hit[gi] = pi
            used.add(pi)
    absorbed = {pi for pi, grp in enumerate(groups) if pi not in used
                and any(_part_of(gold[gi], grp) and groups[hp].key == grp.key for gi, hp in hit.items())}
    return hit, absorbed


def score_item(item: GoldItem, predicted: list[Event], report: Report) -> None:
    """Add one item's comparison to ``report``.

    Events are matched one to one within an item (a story may hold several gold events of one
    type); see :func:`_match`."""
    events = [e for e in predicted if not e.negated]
    report.items += 1
    report.gold_events += len(item.events)
    report.predicted_events += len(events)
    if not item.events:
        report.no_event_sentences += 1
        report.no_event_clean += not events
        report.no_event_false_events += len(events)
    for level in LEVELS:
        base = level.split("+")[0]
        gold = [g for g in item.events if (g.plover if base == "plover" else g.event_code)]
        if not gold and base != "plover" and not any(g.event_code for g in item.events) and item.events:
            continue  # this gold file has no CAMEO codes: the code levels are not scored
        groups = _groups(events, base)
        hit, absorbed = _match(level, gold, groups)
        for gi, g in enumerate(gold):
            if gi not in hit:
                report.levels[level].fn += 1
                if level == "plover":
                    report.per_type[g.plover].fn += 1
                elif level == "root":
                    report.per_root[g.event_code[:2]].fn += 1
                if level == "plover" and len(report.errors) < 2000:
                    report.errors.append({"id": item.id, "missed": g.plover, "predicted": [x.key for x in groups],
                                          "text": item.text})
                continue
            report.levels[level].tp += 1
            if level == "plover":
                report.per_type[g.plover].tp += 1
            elif level == "root":
                report.per_root[g.event_code[:2]].tp += 1
            elif level == "plover+dyad" and g.date:
                report.dates_checked += 1
                report.dates_correct += g.date in groups[hit[gi]].dates
        matched = set(hit.values()) | absorbed
        for i, grp in enumerate(groups):
            if i not in matched:
                report.levels[level].fp += 1
                if level == "plover":
                    report.per_type[grp.key].fp += 1
                    if len(report.errors) < 2000:
                        report.errors.append({"id": item.id, "extra": grp.key,
                                              "gold": [g.plover for g in item.events], "text": item.text})
                elif level == "root":
                    report.per_root[grp.key].fp += 1


def evaluate(pipeline, items: list[GoldItem], default_published: str = "2000-01-01") -> Report:
    """Code every gold item with ``pipeline`` and score it; returns the :class:`Report`."""
    report = Report()
    codes = pipeline.codes.codes
    # gold with CAMEO codes but no PLOVER type (PETRARCH XML): the type follows from the code
    items = [replace(i, events=tuple(replace(e, plover=codes[e.event_code].plover.event_type)
                                     if not e.plover and e.event_code in codes else e for e in i.events))
             for i in items]
    # the gold text is the body as the coder reads it; its wire dateline, where the gold keeps it,
    # is read as the plain-text reader reads one
    articles = [pipeline.article(i.text, published=i.published or default_published, dateline=i.dateline,
                                 source_path=i.id, read=False) for i in items]
    for item, result in zip(items, pipeline.code_many(articles)):
        events = result[1] if isinstance(result, tuple) else []
        score_item(item, events, report)
    return report
