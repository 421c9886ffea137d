"""Event dates: the date words of an event's sentence, resolved against the publication date.

In order:

* weekday names, also with a part of the day ("Tuesday night"), use dateutil's
  ``relativedelta``: the publication weekday itself means the publication day; otherwise the
  previous such weekday, or the next one for future-tense events;
* a day and month without a year ("On October 18", "Nov. 5") take the year of the nearest such
  day not after publication (one day of slack for time zones; the nearest not before it for
  future-tense events), as publication dates do (:func:`communique.ingest.pubdate.year_for`);
* days counted back from the story's previous event ("a day earlier", "the day before", "two
  days earlier", "a week earlier") count from the previous event date of the text when the
  caller gives one, else from publication;
* weeks ("last week", "earlier this week", "two weeks ago") have ``week`` precision and the
  date of that week's Monday (ISO 8601 weeks); so do weekends ("on the weekend", "over the
  weekend", "at the weekend", "last weekend"): the latest Saturday–Sunday whose Saturday is not
  after publication, dated on the Monday of its week (:func:`_weekend`);
* numeric dates: "2024-03-05" is ISO; "5/3/2024" may be day-first or month-first, and the
  reading that cannot be (after publication) is dropped; of two possible readings the one
  within a week of publication is taken, else the date has only its year
  (:func:`_numeric_date`);
* every other expression ("yesterday", "last night", "last month", "in March 2022") goes to
  dateparser with the publication date as ``RELATIVE_BASE``; precision from the words (day,
  week, month, year): "last month" is month precision, dated on its first day.

An event's date (:func:`event_date`, with the article's :class:`ArticleDates` built once per
article) is the first of: its sentence's date words, the story's opening day (realised acts and
meetings), the dateline's day, the publication day. An article without a publication or
dateline date still takes the sentence's words when they name their year ("On 12 March 2023",
"in March 2023", "in 1987": :func:`resolve_absolute`) and days counted back from such a date
("a day earlier"); relative words and days without a year then give no date, never one from the
system clock. Events its sentence dates well before
publication are background (:func:`is_background`) and are not coded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta
from spacy.tokens import Doc, Span, Token

from communique.events.cameo import quad_class
from communique.ingest.pubdate import year_for
from communique.model import Article, Event
from communique.nlp import climb, ents_of
from communique.settings import DEFAULTS

_WEEKDAYS = {"monday": MO, "tuesday": TU, "wednesday": WE, "thursday": TH, "friday": FR,
             "saturday": SA, "sunday": SU}
_WEEKDAY_RE = re.compile(r"^(?:on\s+|last\s+|this\s+|next\s+|early\s+|late\s+)?(" + "|".join(_WEEKDAYS) + r")(?:\s+(?:morning|afternoon|evening|night))?$", re.I)
_NOT_A_DATE = re.compile(r"^(?:(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|many)\s+)?(?:years?|months?|weeks?|days?|decades?|centuries|hours?)$|^(?:the\s+)?(?:past|last|next|coming)\s+(?:\w+\s+)?(?:years|months|weeks|days|decades)$|^(?:annual|daily|weekly|monthly|yearly|recent|now|today's)$", re.I)


_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}
_COUNTED_BACK = re.compile(
    r"^(?:(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>days?|weeks?)\s+"
    r"(?:earlier|before|previously)|the\s+(?:day|night)\s+(?:before|earlier)|the\s+previous\s+(?:day|night|evening))$", re.I)
_MONTH_DAY = re.compile(
    r"^(?:on\s+)?(?:(?P<m1>[a-z]{3,9})\.?\s+(?P<d1>\d{1,2})|(?:the\s+)?(?P<d2>\d{1,2})\s+(?:of\s+)?(?P<m2>[a-z]{3,9})\.?)$", re.I)
_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_THIS_WEEK = re.compile(r"^(?:earlier\s+|later\s+)?this\s+week$", re.I)
_WEEKEND = re.compile(r"^(?:(?:on|over|at|during|in|through|throughout)\s+)?(?:(?P<which>(?:the\s+|this\s+)?(?:past|last)|"
                      r"(?:the\s+)?(?:next|coming)|the|this)\s+)?weekend$", re.I)
# a TIME entity that names a day: "last night", "Sunday night", "this morning"
_DAY_TIME = re.compile(r"\b(?:night|morning|afternoon|evening|tonight|overnight|yesterday|today)\b", re.I)


@dataclass(frozen=True)
class ResolvedDate:
    """A resolved event date: ISO 8601 ``date`` (``YYYY-MM-DD``; the first day of a week, month
    or year) and ``precision`` (``"day"``, ``"week"``, ``"month"`` or ``"year"``)."""

    date: str
    precision: str


def resolve(expression: str, published: date, future: bool = False,
            previous: date | None = None) -> ResolvedDate | None:
    """Cached :func:`resolve_uncached` (the same words on the same day resolve the same way)."""
    return _resolve_cached(expression.strip().lower(), published, future, previous)


@lru_cache(maxsize=8192)
def _resolve_cached(expression: str, published: date, future: bool, previous: date | None) -> ResolvedDate | None:
    return resolve_uncached(expression, published, future, previous)


def _weekend(published: date, which: str, future: bool) -> ResolvedDate | None:
    """"(on/over/at) the weekend", "last weekend", "this weekend", "next weekend" as of
    ``published``: the weekend is the Saturday and Sunday that end an ISO week, and the date is
    that week's Monday at ``week`` precision, as "last week" is dated (a weekend is two days: no
    one day is its date, and is_background then counts to its Sunday).

    The weekend of a past event is the latest one whose Saturday is not after publication (a
    story of Saturday or Sunday means the weekend under way, of Monday to Friday the one just
    gone); "last/past weekend" in a story of Saturday or Sunday is the one before. For an
    intended act "the weekend" is the first one not over by publication and "next weekend" the
    one after the weekend under way or the coming one. "next/coming weekend" of a past event is
    no date (None)."""
    saturday = published - timedelta(days=(published.weekday() - 5) % 7)  # latest Saturday ≤ publication
    in_weekend = published.weekday() >= 5
    if which in ("next", "coming"):
        if not future:
            return None
        saturday += timedelta(days=7)
    elif which in ("last", "past"):
        if in_weekend:
            saturday -= timedelta(days=7)
    elif future and not in_weekend:
        saturday += timedelta(days=7)
    return ResolvedDate(_monday(saturday).isoformat(), "week")


def _strip_preposition(text: str) -> str:
    return re.sub(r"^(?:on|in|at)\s+", "", text.strip().strip(".,;"), flags=re.I)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def resolve_uncached(expression: str, published: date, future: bool = False,
                     previous: date | None = None) -> ResolvedDate | None:
    """Resolve a date expression relative to the publication date (rules in the module
    docstring).

    Args:
        expression: date words as written ("on Thursday", "Tuesday night", "yesterday",
            "Aug 16", "last week", "a day earlier", "last year").
        published: the article's publication date.
        future: True for future-tense or intended events (weekdays then look forward).
        previous: the date of the previous dated event of the text, which "a day earlier"
            counts from; None to count from ``published``.

    Returns:
        The resolved date, or None when the words are not a point in time ("three years",
        "decades"), cannot be parsed, or name an implausible date.
    """
    text = expression.strip().strip(".,;")
    if not text or _NOT_A_DATE.match(text):
        return None
    m = _COUNTED_BACK.match(_strip_preposition(text))
    if m:
        n = _NUMBERS.get((m.group("n") or "a").lower()) or int(m.group("n"))
        base = previous or published
        if (m.group("unit") or "day").lower().startswith("week"):
            return ResolvedDate(_monday(base - timedelta(weeks=n)).isoformat(), "week")
        return ResolvedDate((base - timedelta(days=n)).isoformat(), "day")
    if _THIS_WEEK.match(text):
        return ResolvedDate(_monday(published).isoformat(), "week")
    m = _WEEKEND.match(text)
    if m:
        return _weekend(published, (m.group("which") or "the").lower().split()[-1], future)
    m = _MONTH_DAY.match(text)
    if m and (m.group("m1") or m.group("m2"))[:3].lower() in _MONTHS:
        month = _MONTHS[(m.group("m1") or m.group("m2"))[:3].lower()]
        day = int(m.group("d1") or m.group("d2"))
        if future:
            d = next((date(y, month, day) for y in (published.year, published.year + 1)
                      if _valid(y, month, day) and date(y, month, day) >= published), None)
        else:
            d = year_for(month, day, published)
        return ResolvedDate(d.isoformat(), "day") if d else None
    readings = numeric_readings(text)
    if readings is not None:  # "5/3/2024", "2024-03-05"
        return _numeric_date(readings, published, future)
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
    if precision == "week":
        d = _monday(d)
    elif precision == "year":
        d = d.replace(month=1, day=1)  # "in 2019" says nothing of the month
    elif precision == "month":
        d = d.replace(day=1)
    return ResolvedDate(d.isoformat(), precision)


# -- numeric dates: "5/3/2024", "05.03.2024", "2024-03-05" ----------------------------------------

_ISO_DATE = re.compile(r"^(?:on\s+)?(?P<y>\d{4})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})$", re.I)
_NUMERIC_DATE = re.compile(r"^(?:on\s+)?(?P<a>\d{1,2})([/.-])(?P<b>\d{1,2})\2(?P<y>\d{4})$", re.I)
NUMERIC_DAYS = 7  # how near the reference day one reading of an ambiguous numeric date must be


def numeric_readings(expression: str) -> list[date] | None:
    """The days a numeric date can name, earliest first; None when ``expression`` is not one.

    Year first ("2024-03-05", ISO 8601) is always year-month-day: one reading. A four-digit year
    last ("5/3/2024", "05.03.2024", "5-3-2024") is day-month-year in most of the world and
    month-day-year in the United States, and nothing in the words says which: both readings
    that are real days (one when a part is over 12 or both parts are equal, none for "31/31/2024").
    Two-digit years ("5/3/24") are not read (the year itself would be a guess)."""
    text = expression.strip().strip(".,;")
    m = _ISO_DATE.match(text)
    if m:
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        return [date(y, mo, d)] if _valid(y, mo, d) else []
    m = _NUMERIC_DATE.match(text)
    if not m:
        return None
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    readings = {date(y, mo, d) for d, mo in ((a, b), (b, a)) if _valid(y, mo, d)}
    return sorted(readings)


def _numeric_date(readings: list[date], published: date | None, future: bool = False) -> ResolvedDate | None:
    """The date of a numeric date's ``readings`` (:func:`numeric_readings`) as of ``published``.

    The rule needs no outlet's convention: a reading that cannot be the date of an event reported
    on ``published`` (after it, for a realised act: :func:`_plausible`) is dropped; one reading
    left is the date. When both day-first and month-first readings remain, the nearer one is
    taken when it lies within :data:`NUMERIC_DAYS` days of ``published`` (news is of the last
    days, and the other reading then lies at least three weeks further off: "12/11/2024" in a
    story of 13 December 2024 is 12 November or 11 December; 11 December is taken). Otherwise,
    or with no reference day at all, the date is the year both readings share, at ``year``
    precision: it is known, the month is not (and the event is background when that year ended
    long before publication). Falling back to the publication day instead would date a
    possibly months-old event as the day's news."""
    if published is not None:
        readings = [d for d in readings if _plausible(d, published, future)]
    if not readings:
        return None
    if len(readings) == 1:
        return ResolvedDate(readings[0].isoformat(), "day")
    if published is not None:
        nearest = min(readings, key=lambda d: abs((published - d).days))
        if abs((published - nearest).days) <= NUMERIC_DAYS:
            return ResolvedDate(nearest.isoformat(), "day")
    return ResolvedDate(f"{readings[0].year}-01-01", "year")


# -- dates that name their year: no reference day needed ------------------------------------------

_MONTH_NAME = r"(?P<m>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_LEAD = r"^(?:(?:on|in|at|during|of|the|early|late|mid|(?:mon|tues|wednes|thurs|fri|satur|sun)day)[\s,-]+)*"
_ABSOLUTE = [  # (pattern, precision); each names a year of four digits
    (re.compile(_LEAD + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_NAME + r",?\s+(?P<y>\d{4})$", re.I), "day"),
    (re.compile(_LEAD + _MONTH_NAME + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})$", re.I), "day"),
    (re.compile(_LEAD + _MONTH_NAME + r",?\s+(?:of\s+)?(?P<y>\d{4})$", re.I), "month"),
    (re.compile(_LEAD + r"(?P<y>\d{4})$", re.I), "year"),
]
ABSOLUTE_YEARS = (1800, 2100)  # without a reference day, a year outside these is a number ("incident 2290")


def resolve_absolute(expression: str) -> ResolvedDate | None:
    """The date of words that name their year, without any reference day: "12 March 2023", "On
    March 12, 2023", "Sunday, 12 March 2023" (precision ``day``), "in March 2023" (``month``),
    "in 1987" (``year``), a numeric date with its year ("2023-03-12", "13/3/2023"; one whose day
    and month could be swapped, "5/3/2023", has ``year`` precision: :func:`_numeric_date`). None
    for anything else: relative words ("yesterday", "on Monday")
    and a day or month without a year ("March 12") need a reference day, and nothing is ever
    completed from the system clock; a year outside :data:`ABSOLUTE_YEARS` is not a date."""
    text = expression.strip().strip(".,;")
    readings = numeric_readings(text)
    if readings is not None:
        readings = [d for d in readings if ABSOLUTE_YEARS[0] <= d.year <= ABSOLUTE_YEARS[1]]
        return _numeric_date(readings, None)
    for pattern, precision in _ABSOLUTE:
        m = pattern.match(text)
        if not m:
            continue
        year = int(m.group("y"))
        if not ABSOLUTE_YEARS[0] <= year <= ABSOLUTE_YEARS[1]:
            return None
        month = _MONTHS[m.group("m")[:3].lower()] if "m" in m.groupdict() and m.group("m") else 1
        day = int(m.group("d")) if "d" in m.groupdict() and m.group("d") else 1
        if not _valid(year, month, day):
            return None
        return ResolvedDate(date(year, month, day).isoformat(), precision)
    return None


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


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
    """day, week, month or year: how precisely the words name a time."""
    low = text.lower()
    month = re.search(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(\s|$)", low)
    day_number = re.search(r"\b\d{1,2}\b", low)
    if re.search(r"\bweeks?\b", low) and not re.search(r"\bdays?\b", low):
        return "week"
    if re.search(r"\b(yesterday|today|tonight|night|morning|evening|afternoon|days?|ago)\b", low) or (month and day_number):
        return "day"
    if month or re.search(r"\bmonth\b", low):
        return "month"
    if re.search(r"\b(year|\d{4})\b", low):
        return "year"
    return "day"


_DEADLINE_PREPS = {"from", "by", "until", "till", "starting", "beginning", "before", "after"}


def is_time_of_intended_act(ent: Span) -> bool:
    """True when the date words ``ent`` say when an intended or threatened act is to start or
    end ("threatened to stop imports from July 14", "will withdraw by March 1"), not when the
    threat or promise was made: they follow "from/by/until/starting/before/after"."""
    head = ent.root.head
    return head.dep_ == "prep" and head.lower_ in _DEADLINE_PREPS or ent[0].lower_ in _DEADLINE_PREPS


def _dating_spans(sent: Span) -> list[Span]:
    """The entities of ``sent``, with a numeric date the tagger did not take for one ("on
    5.3.2024" is a CARDINAL, "on 07.04.2025" no entity) as a ``DATE``."""
    spans = []
    covered = set()
    for ent in ents_of(sent):
        if ent.label_ != "DATE" and len(ent) == 1 and numeric_readings(ent.text):
            ent = Span(sent.doc, ent.start, ent.end, label="DATE")
        spans.append(ent)
        covered.update(range(ent.start, ent.end))
    for t in sent:
        if t.i not in covered and t.like_num is not None and t.text[:1].isdigit() and numeric_readings(t.text):
            spans.append(Span(sent.doc, t.i, t.i + 1, label="DATE"))
    return spans


def date_for(anchor: Token, sent: Span) -> Span | None:
    """The DATE entity of ``sent`` that belongs to the event at ``anchor``, or None; an EVENT
    entity with a year in its name ("the 1967 war") gives that year.

    A date belongs to an event when walking up the parse from the date reaches the anchor
    before any other verb: "On Wednesday, Li held talks" → Wednesday; in "X, who arrived on
    Monday, attacked Y" Monday belongs to "arrived", not to "attacked". A past participle that
    modifies the event's object is crossed (the tagger hangs the date there: "bombed positions
    held by Russian marines near Kherson on Tuesday" → Tuesday). TIME entities that name a day
    ("last night", "Sunday night") count as dates, and so do numeric dates the tagger takes for
    numbers ("on 5.3.2024").
    """
    for ent in _dating_spans(sent):
        if ent.label_ == "EVENT":  # "in the 1967 war": dated by the year in its name
            year = next((t for t in ent if t.is_digit and len(t.text) == 4 and 1800 <= int(t.text) <= 2100), None)
            if year is None:
                continue
            dated = sent.doc[year.i:year.i + 1]
        elif ent.label_ == "DATE" or (ent.label_ == "TIME" and _DAY_TIME.search(ent.text)):
            dated = ent  # "last night", "Sunday night" are TIME entities that name a day
        else:
            continue
        if ent.root == anchor:
            return dated
        for _, t in climb(ent.root, 8):
            if t == anchor:
                return dated
            if t.pos_ in ("VERB", "AUX") and t.dep_ != "aux" \
                    and not (t.dep_ == "acl" and t.tag_ == "VBN" and t.head.dep_ in ("dobj", "obj")
                             and t.head.head == anchor):
                # (only the anchor's own object: in "launched an investigation into crimes
                # committed during the 1991-1995 war" the years are the crimes', not the launch's)
                break  # a participle inside the object ("bombed positions held by marines … on Tuesday") is crossed
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


STORY_SENTENCES = 3     # the opening sentences that may date the story's undated acts
STORY_DAYS = 7          # how far before publication such a date may lie


def _dates_a_verb(ent: Span) -> bool:
    """True when the date words ``ent`` modify a verb ("attacked … yesterday", "killed on
    Sunday"), not a noun ("yesterday's decision", "celebrations yesterday"), and do not bound a
    span ("since Thursday", "until Friday")."""
    t = ent.root
    if ent[0].lower_ in _DEADLINE_PREPS or ent[0].lower_ == "since":
        return False
    if t.dep_ == "pobj":
        if t.head.lower_ in _DEADLINE_PREPS or t.head.lower_ == "since":
            return False
        t = t.head
    return t.dep_ != "poss" and t.head.pos_ in ("VERB", "AUX")


def story_date(doc, published: date) -> date | None:
    """The day the opening of a story gives its news, or None.

    That is the first date words of its first :data:`STORY_SENTENCES` sentences that modify a
    verb and name one day 1 to :data:`STORY_DAYS` days before publication ("yesterday", "last
    night", "on Sunday night"); None when those sentences also name the publication day itself
    ("today", "this morning") or no such date.

    Wire leads often leave the main act undated and date it in the next sentence ("Chadian
    troops killed 384 Libyans …", then "… had annihilated a Libyan column yesterday"); the
    pipeline dates undated realised acts and meetings by it (``date_source: "story"``), not
    statements or intentions.

    Args:
        doc: the parsed article (a spaCy ``Doc``).
        published: the publication date.
    """
    found = None
    for index, sent in enumerate(doc.sents):
        if index >= STORY_SENTENCES:
            break
        for ent in ents_of(sent):
            if ent.label_ != "DATE" and not (ent.label_ == "TIME" and _DAY_TIME.search(ent.text)):
                continue
            resolved = resolve(ent.text, published)
            if resolved is None or resolved.precision != "day":
                continue
            d = date.fromisoformat(resolved.date)
            if d == published:
                return None  # the opening names the day of publication: its news is of that day
            if found is None and 1 <= (published - d).days <= STORY_DAYS and _dates_a_verb(ent):
                found = d
    return found


# -- the event's date: the fallback chain ------------------------------------------------------

def as_date(iso: str | None) -> date | None:
    """The day of an ISO 8601 date or date-time string (its first ten characters), or None when
    ``iso`` is empty or not such a string."""
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class EventDate:
    """An event's date as the dates stage gives it.

    Attributes:
        date: ISO 8601 ``YYYY-MM-DD`` (the first day of a week, month or year), or None when the
            article gives no date at all.
        precision: ``"day"``, ``"week"``, ``"month"``, ``"year"`` or ``"unknown"`` (no date).
        source: ``"sentence"`` (date words of the event's clause or of the clause that reports
            it), ``"story"`` (the day the story's opening gives: :func:`story_date`),
            ``"dateline"`` or ``"publication"`` (also when there is no date).
    """

    date: str | None
    precision: str
    source: str


@dataclass(frozen=True)
class ArticleDates:
    """What one article offers to date its events, built once per article (:meth:`of`).

    Attributes:
        published: the publication day, or None.
        dateline: the wire dateline's day ("WASHINGTON, Jan 3 -"), or None.
        story: :func:`story_date` of the article, or None (always None when undated).
        previous: the day the last event dated by its own sentence (at day precision) fell on,
            which "a day earlier" counts from (:meth:`after` keeps it up to date); None before
            the first.
    """

    published: date | None
    dateline: date | None
    story: date | None
    previous: date | None = None

    @classmethod
    def of(cls, article: Article, doc: Doc) -> "ArticleDates":
        """The date context of ``article`` (a :class:`~communique.model.Article`: its
        ``published`` and ``dateline_date``, ISO 8601 strings or None) parsed as ``doc`` (a spaCy
        ``Doc``). A string that is not a date counts as no date."""
        published = as_date(article.published)
        story = story_date(doc, published) if published is not None else None
        return cls(published, as_date(article.dateline_date), story)

    @property
    def reference(self) -> date | None:
        """The day relative dates count from: the dateline's when it is not after publication
        ("WASHINGTON, Jan 3 - … yesterday" is Jan 2 even when the page was published Jan 4),
        else publication; None when the article is undated."""
        if self.dateline is not None and self.published is not None and self.dateline <= self.published:
            return self.dateline
        return self.published

    def after(self, when: EventDate) -> "ArticleDates":
        """The context for the next event of the article once an event was dated ``when``: a day
        its own sentence gave becomes :attr:`previous`."""
        if when.source == "sentence" and when.precision == "day":
            return replace(self, previous=as_date(when.date))
        return self


INTENDED_ROOTS = ("03", "13")  # CAMEO intents and threats: their dates look ahead


def event_date(anchor: Token, sent: Span, code: str, modality: str, article: ArticleDates) -> EventDate:
    """The date of one coded event: the first of

    1. **sentence**: the date words of the event's clause (:func:`date_for`), else of the clause
       that reports it (:func:`reported_date`, resolved as past), resolved against
       :attr:`ArticleDates.reference` (:func:`resolve`); for an intended act (modality
       ``"intent"`` or ``"threat"``, or CAMEO root 03 or 13) words that say when the act is to
       start or end (:func:`is_time_of_intended_act`: "threatened to stop imports from July
       14") and dates after the reference ("will meet Putin next week") are not its date;
       without a reference (an undated article) only words that name their year
       (:func:`resolve_absolute`) or days counted back from the previous event's day date it,
       and not an intended act's own words (nothing says they are not after the report);
    2. **story**: :attr:`ArticleDates.story` for a realised material act or meeting (QuadClass
       2 or 4, or root 04);
    3. **dateline**: the dateline's day;
    4. **publication**: the publication day; with none of these, no date (``"unknown"``).

    Args:
        anchor: the event's trigger token (verb or event noun).
        sent: its sentence.
        code: its CAMEO code.
        modality: ``"realised"``, ``"intent"``, ``"threat"`` or ``"refusal"``.
        article: the article's date context (with the previous event's day).

    Returns:
        The :class:`EventDate`.

    Raises:
        communique.events.cameo.UnknownCodeError: ``code``'s root is not 01..20 (only when no
            sentence date is found).
    """
    ent, future = date_for(anchor, sent), modality in ("intent", "threat")
    if ent is None:  # dated by the clause that reports it: when it was said is past
        ent, future = reported_date(anchor, sent), False
    intended = modality in ("intent", "threat") or code[:2] in INTENDED_ROOTS
    if ent is not None and intended and is_time_of_intended_act(ent):
        ent = None  # "threatened to stop imports from July 14": the act's time, not the threat's
    reference = article.reference
    if ent is not None and reference is not None:
        resolved = resolve(ent.text, reference, future=future, previous=article.previous)
        if resolved and intended and resolved.date > reference.isoformat():
            resolved = None  # "will meet Putin next week": the meeting's day, not the day it was announced
        if resolved:
            return EventDate(resolved.date, resolved.precision, "sentence")
    elif ent is not None and not future:
        # an undated article: only words that name their year ("On 12 March 2023"), or days
        # counted back from the previous event's day ("a day earlier"), date the event
        resolved = resolve_absolute(ent.text)
        if resolved is None and article.previous is not None and _COUNTED_BACK.match(_strip_preposition(ent.text)):
            resolved = resolve(ent.text, article.previous, previous=article.previous)
        if resolved:
            return EventDate(resolved.date, resolved.precision, "sentence")
    if article.story is not None and (quad_class(code) in (2, 4) or code.startswith("04")) \
            and modality == "realised":
        # "Chadian troops killed 384 Libyans …" then "… annihilated a Libyan column yesterday"
        return EventDate(article.story.isoformat(), "day", "story")
    if article.dateline is not None:
        return EventDate(article.dateline.isoformat(), "day", "dateline")
    if article.published is not None:
        return EventDate(article.published.isoformat(), "day", "publication")
    return EventDate(None, "unknown", "publication")


BACKGROUND_DAYS = DEFAULTS.background_days  # data/settings.yaml, where its measurement is


def is_background(event: Event, published: date | None, days: int = BACKGROUND_DAYS) -> bool:
    """True for an event that its own sentence dates well before the article: the whole period
    its date names ("in 1948", "in January", "on March 3") ended more than ``days`` days
    (``background_days`` of the settings) before publication. Such events are history the story recalls
    ("captured in the 1967 war"), not news, and are not coded (GDELT-style coders date them on
    the day of the article, which puts old wars into today's counts).

    Args:
        event: a :class:`~communique.model.Event` (its ``date``, ``date_precision``,
            ``date_source`` and ``root_code``).
        published: the article's publication day, or None (then nothing is background).
        days: the background window, in days.
    """
    if published is None or event.date_source != "sentence" or not event.date:
        return False
    if event.root_code in INTENDED_ROOTS:
        return False  # intentions and threats look ahead ("threatened to stop imports from July 14")
    start = as_date(event.date)
    if start is None:
        return False
    if event.date_precision == "year":
        end = date(start.year, 12, 31)
    elif event.date_precision == "week":
        end = start + timedelta(days=6)
    elif event.date_precision == "month":
        end = (date(start.year + start.month // 12, start.month % 12 + 1, 1) - timedelta(days=1))
    else:
        end = start
    return (published - end).days > days
