"""Event dates: the date words of an event's sentence, resolved against the publication date.

Weekday names use dateutil's ``relativedelta`` (the publication weekday itself means the
publication day; otherwise the previous such weekday, or the next one for future-tense
events); every other expression ("yesterday", "last week", "on Aug 16", "in March 2022") goes
to dateparser with the publication date as ``RELATIVE_BASE``. Precision comes from
dateparser's ``period`` (day, week → day, month, year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta
from spacy.tokens import Span, Token

from communique.nlp import ents_of

_WEEKDAYS = {"monday": MO, "tuesday": TU, "wednesday": WE, "thursday": TH, "friday": FR,
             "saturday": SA, "sunday": SU}
_WEEKDAY_RE = re.compile(r"^(?:on\s+|last\s+|this\s+|next\s+|early\s+|late\s+)?(" + "|".join(_WEEKDAYS) + r")(?:\s+(?:morning|afternoon|evening|night))?$", re.I)
_NOT_A_DATE = re.compile(r"^(?:(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|many)\s+)?(?:years?|months?|weeks?|days?|decades?|centuries|hours?)$|^(?:the\s+)?(?:past|last|next|coming)\s+(?:\w+\s+)?(?:years|months|weeks|days|decades)$|^(?:annual|daily|weekly|monthly|yearly|recent|now|today's)$", re.I)


@dataclass(frozen=True)
class ResolvedDate:
    """A resolved event date: ISO 8601 ``date`` and ``precision`` (day, month, year)."""

    date: str
    precision: str


def resolve(expression: str, published: date, future: bool = False) -> ResolvedDate | None:
    """Cached :func:`resolve_uncached` (the same words on the same day resolve the same way)."""
    return _resolve_cached(expression.strip().lower(), published, future)


@lru_cache(maxsize=8192)
def _resolve_cached(expression: str, published: date, future: bool) -> ResolvedDate | None:
    return resolve_uncached(expression, published, future)


def resolve_uncached(expression: str, published: date, future: bool = False) -> ResolvedDate | None:
    """Resolve a date expression relative to the publication date.

    Args:
        expression: date words as written ("on Thursday", "yesterday", "Aug 16", "last year").
        published: the article's publication date.
        future: True for future-tense or intended events (weekdays then look forward).

    Returns:
        The resolved date, or None when the words are not a point in time ("three years",
        "decades") or cannot be parsed.
    """
    text = expression.strip().strip(".,;")
    if not text or _NOT_A_DATE.match(text):
        return None
    m = _WEEKDAY_RE.match(text)
    if m:
        wd = _WEEKDAYS[m.group(1).lower()]
        if published.weekday() == wd.weekday and not text.lower().startswith(("last", "next")):
            return ResolvedDate(published.isoformat(), "day")
        if future or text.lower().startswith("next"):
            d = published + relativedelta(days=+1, weekday=wd(+1))
        else:
            d = published + relativedelta(days=-1, weekday=wd(-1))
        return ResolvedDate(d.isoformat(), "day")
    base = datetime(published.year, published.month, published.day, 12, 0)
    try:
        parsed = dateparser.parse(
            re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text), languages=["en"],
            settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future" if future else "past",
                      "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"},
        )
    except (ValueError, OverflowError):
        return None
    if parsed is None:
        return _span_of_years(text, published)
    precision = _precision(text)
    d = parsed.date()
    if not _plausible(d, published, future):
        return None  # "border incident number 2290" is not a year
    if precision == "year":
        d = d.replace(month=1, day=1)  # "in 2019" says nothing of the month
    elif precision == "month":
        d = d.replace(day=1)
    return ResolvedDate(d.isoformat(), precision)


def _span_of_years(text: str, published: date) -> ResolvedDate | None:
    """A span dateparser cannot read but that names years ("between 1984 and 1986", "from 1990
    to 1995"): its last year, at year precision; None when the words name no plausible year."""
    years = [int(y) for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", text)]
    years = [y for y in years if _plausible(date(y, 1, 1), published, False)]
    return ResolvedDate(f"{max(years)}-01-01", "year") if years else None


PAST_YEARS = 100      # an event date this far before publication is a number, not a date
FUTURE_DAYS = 1        # a reported (realised) event cannot come after its report (a day of slack)
FUTURE_YEARS = 10      # intentions and threats may look ahead, within reason


def _plausible(d: date, published: date, future: bool) -> bool:
    """True when ``d`` can be the date of an event reported on ``published``."""
    earliest = date(max(1, published.year - PAST_YEARS), 1, 1)
    latest = date(min(9999, published.year + FUTURE_YEARS), 12, 31) if future else published + timedelta(days=FUTURE_DAYS)
    return earliest <= d <= latest


def _precision(text: str) -> str:
    """day, month or year: how precisely the words name a time."""
    low = text.lower()
    month = re.search(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(\s|$)", low)
    day_number = re.search(r"\b\d{1,2}\b", low)
    if re.search(r"\b(yesterday|today|tonight|days?|weeks?|ago)\b", low) or (month and day_number):
        return "day"
    if month or re.search(r"\bmonth\b", low):
        return "month"
    if re.search(r"\b(year|\d{4})\b", low):
        return "year"
    return "day"


def date_for(anchor: Token, sent: Span) -> Span | None:
    """The DATE entity of ``sent`` that belongs to the event at ``anchor``, or None; an EVENT
    entity with a year in its name ("the 1967 war") gives that year.

    A date belongs to an event when walking up the parse from the date reaches the anchor
    before any other verb: "On Wednesday, Li held talks" → Wednesday; in "X, who arrived on
    Monday, attacked Y" Monday belongs to "arrived", not to "attacked".
    """
    for ent in ents_of(sent):
        if ent.label_ == "EVENT":  # "in the 1967 war": dated by the year in its name
            year = next((t for t in ent if t.is_digit and len(t.text) == 4 and 1800 <= int(t.text) <= 2100), None)
            if year is None:
                continue
            dated = sent.doc[year.i:year.i + 1]
        elif ent.label_ == "DATE":
            dated = ent
        else:
            continue
        t = ent.root
        for _ in range(8):
            if t == anchor:
                return dated
            if t.head == t:
                break
            t = t.head
            if t != anchor and t.pos_ in ("VERB", "AUX") and t.dep_ != "aux":
                break
    return None


def reported_date(anchor: Token, sent: Span) -> Span | None:
    """The date of the clause that governs an event without a date of its own: "threatened on
    Monday to act" → Monday; "X is ready to work with Y, said Z when meeting Y on Thursday" →
    Thursday (what was said is dated by when it was said). None when there is none."""
    t = anchor
    for _ in range(4):
        participle = t.dep_ == "advcl" and t.tag_ == "VBG"  # "attacked a base on Tuesday, killing four"
        if (t.dep_ not in ("xcomp", "ccomp", "acomp", "conj") and not participle) or t.head == t:
            return None
        t = t.head
        ent = date_for(t, sent)
        if ent is not None:
            return ent
        for clause in t.children:  # "said … when meeting … on Thursday"
            if clause.dep_ == "advcl" and any(c.lower_ in ("when", "while", "during", "as") for c in clause.children):
                ent = date_for(clause, sent)
                if ent is not None:
                    return ent
    return None
