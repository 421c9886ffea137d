"""Publication and dateline dates: strings and numbers as articles and feeds give them → dates.

Nothing here reads the system clock. A date written without a year ("May 2" in a dateline, a
byline "Published March 4") takes its year from a *reference* date (the article's publication
date): the nearest such day not after the reference (one day of slack for time zones). Without a
reference such a date is unknown (None), never completed from today. Relative words ("2 hours
ago", "yesterday") are never taken as a publication date for the same reason.

Parsing is dateparser's (absolute dates only, with ``REQUIRE_PARTS``) after an ISO 8601 fast
path; epoch seconds and milliseconds are converted with :mod:`datetime` (UTC).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import dateparser

__all__ = ["parse_date", "normalise_published", "is_date_expression", "year_for", "iso_date", "YEAR_SLACK_DAYS"]

# A day/month without a year may name the day after the reference (a Tokyo dateline on a story
# stamped in GMT the evening before): one day of slack, then the year before.
YEAR_SLACK_DAYS = 1

# dateparser fills missing parts from RELATIVE_BASE (by default: now). Every call passes this
# fixed base instead, and REQUIRE_PARTS rejects any result that would need it. 2000 is a leap
# year, so "Feb 29" parses.
_BASE = datetime(2000, 1, 1)
_SETTINGS_FULL = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],   # no relative-time ("2 hours ago"), no timestamps
    "RELATIVE_BASE": _BASE,
    "RETURN_AS_TIMEZONE_AWARE": False,                # the wall time as written ("14:02 EST" → 14:02)
    "PREFER_DAY_OF_MONTH": "first",
}
_SETTINGS_DAY_MONTH = {**_SETTINGS_FULL, "REQUIRE_PARTS": ["day", "month"]}

_ISO = re.compile(r"^\d{4}-?\d{2}-?\d{2}(?:[T ]\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$")
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")
# epoch values above this are milliseconds (1e11 s is the year 5138; 1e11 ms is 1973)
_EPOCH_MS_ABOVE = 1e11


def parse_date(text: str, relative_to: date | None = None) -> datetime | None:
    """Parse an absolute date or date-time written in English; None when it is not one.

    Args:
        text: e.g. ``"2024-02-23T14:02:00Z"``, ``"Fri, 23 Feb 2024 14:02:00 GMT"``,
            ``"5-MAR-1987 05:09:09.62"``, ``"Sep 24, 2024"``, ``"25/09/2023"`` (day first when the
            first number is over 12, else month first), ``"May 2"``.
        relative_to: the reference (publication) date that supplies a missing year: the result is
            the nearest such day not after it (:func:`year_for`). Without it, a date without a
            year is None.

    Returns:
        A naive datetime holding the wall time as written (an offset or zone name is dropped,
        not converted), or None. Relative expressions ("2 hours ago", "yesterday", "Tuesday")
        and dates missing a day or month ("March 2024") are None. Results are cached (8,192 most
        recent): a feed repeats the same dates all day.
    """
    if isinstance(relative_to, datetime):
        relative_to = relative_to.date()
    return _parse_date(text, relative_to)


@lru_cache(maxsize=8192)
def _parse_date(text: str, relative_to: date | None) -> datetime | None:
    s = text.strip()
    if _ISO.match(s):  # ISO 8601 needs no parser (fast path for JSONL and HTML metadata)
        try:
            return datetime.fromisoformat(s.replace("Z", "+00:00")).replace(tzinfo=None)
        except ValueError:
            pass
    cleaned = re.sub(r"\s*\|\s*", " ", s).strip(" ,:-–—")
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    if not cleaned or not re.search(r"\d", cleaned) or len(cleaned) > 80:
        return None
    try:
        full = dateparser.parse(cleaned, languages=["en"], settings=_SETTINGS_FULL)
        if full is not None or relative_to is None:
            return full
        partial = dateparser.parse(cleaned, languages=["en"], settings=_SETTINGS_DAY_MONTH)
    except (ValueError, OverflowError):
        return None
    if partial is None:
        return None
    day = year_for(partial.month, partial.day, relative_to)
    return datetime.combine(day, partial.time()) if day else None


def year_for(month: int, day: int, reference: date, slack_days: int = YEAR_SLACK_DAYS) -> date | None:
    """The date with this month and day nearest to ``reference`` and not after it.

    Args:
        month, day: the month (1–12) and day of month as written.
        reference: the publication date.
        slack_days: days after ``reference`` still taken as this year (time zones).

    Returns:
        ``reference.year``'s date when it is at most ``slack_days`` after ``reference``, else an
        earlier year's (for 29 February, the latest leap year); None when no year within eight
        years before has such a day (an impossible day such as 31 April).
    """
    latest = reference + timedelta(days=slack_days)
    for year in range(latest.year, latest.year - 9, -1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d <= latest:
            return d
    return None


def iso_date(d: datetime) -> str:
    """ISO 8601 text of a publication date-time: ``YYYY-MM-DD`` at midnight, else
    ``YYYY-MM-DDTHH:MM`` (``:SS`` when the seconds are not zero)."""
    if not (d.hour or d.minute or d.second):
        return d.date().isoformat()
    return d.replace(microsecond=0).isoformat(timespec="seconds" if d.second else "minutes")


def normalise_published(value: object, relative_to: date | None = None) -> str | None:
    """A publication date as a feed or page gives it → ISO 8601 text.

    Args:
        value: a string in any common form (see :func:`parse_date`; also epoch seconds or
            milliseconds written as digits), an ``int``/``float`` epoch (seconds, or milliseconds
            when over 1e11; read as UTC), or None / an empty string.
        relative_to: supplies a missing year (see :func:`parse_date`).

    Returns:
        ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM[:SS]`` (see :func:`iso_date`), or None for None or
        an empty string.

    Raises:
        ValueError: the value is not a date (the message says what it is).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"not a date: a JSON {type(value).__name__}")
    if isinstance(value, str) and _EPOCH.match(value.strip()):
        value = float(value.strip())
    if isinstance(value, (int, float)):
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"not a date: {value!r}")
        seconds = value / 1000 if value > _EPOCH_MS_ABOVE else value
        try:
            d = datetime.fromtimestamp(seconds, tz=timezone.utc).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            raise ValueError(f"not a date: epoch {value!r} is out of range") from None
        return iso_date(d)
    d = parse_date(value, relative_to)
    if d is None:
        raise ValueError(f"not a date: {value[:40]!r}")
    return iso_date(d)


_SETTINGS_ANY = {"RELATIVE_BASE": _BASE, "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}


@lru_cache(maxsize=4096)
def is_date_expression(text: str) -> bool:
    """True when ``text`` reads as a date or time, absolute or relative ("May 2",
    "2 hours ago", "Monday, 3 June 2024 - 09:15 GMT"): used to recognise bylines and dateline
    parts, never to date anything (the value is parsed against a fixed base, not the clock)."""
    cleaned = re.sub(r"\s*\|\s*", " ", text).strip(" ,:-–—")
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    if not cleaned or not re.search(r"\d", cleaned) or len(cleaned) > 80:
        return False
    if _parse_date(cleaned, date(2000, 12, 31)) is not None:
        return True
    try:
        return dateparser.parse(cleaned, languages=["en"], settings=_SETTINGS_ANY) is not None
    except (ValueError, OverflowError):
        return False
