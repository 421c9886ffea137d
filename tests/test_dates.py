from datetime import date

import pytest

from communique.dates import resolve

FRIDAY = date(2023, 8, 18)


@pytest.mark.parametrize("words,future,expected,precision", [
    ("Thursday", False, "2023-08-17", "day"),
    ("on Wednesday", False, "2023-08-16", "day"),
    ("Friday", False, "2023-08-18", "day"),          # the publication weekday is that day
    ("Monday", True, "2023-08-21", "day"),           # future tense looks forward
    ("yesterday", False, "2023-08-17", "day"),
    ("Aug 16", False, "2023-08-16", "day"),
    ("August 2022", False, "2022-08-01", "month"),
    ("2021", False, None, "year"),
    ("last week", False, "2023-08-11", "day"),
])
def test_resolve(words, future, expected, precision):
    r = resolve(words, FRIDAY, future=future)
    assert r is not None
    if expected:
        assert r.date == expected
    assert r.precision == precision


@pytest.mark.parametrize("words", ["three years", "decades", "the past few months", "daily"])
def test_not_points_in_time(words):
    assert resolve(words, FRIDAY) is None


@pytest.mark.parametrize("words,future", [
    ("2290", False),          # "border incident number 2290"
    ("1010", False),          # "report number 1010": centuries before publication
    ("2090", True),           # even an intention does not look seventy years ahead
    ("next month", False),    # a reported event cannot come after its report
])
def test_numbers_out_of_range_are_not_dates(words, future):
    assert resolve(words, FRIDAY, future=future) is None


def test_plausible_years_still_resolve():
    assert resolve("in 1948", FRIDAY).date == "1948-01-01"
    assert resolve("next year", FRIDAY, future=True).date == "2024-01-01"


def test_incident_number_does_not_date_the_event(pipe):
    from dataclasses import replace
    article = replace(pipe.ingestor.read_text("Poland criticised Belarus over border incident number 2290."),
                      published="2024-05-02")
    events = [e for _, evs in pipe.code_articles([article]) for e in evs]
    assert [(e.source.code, e.event_code, e.target.code, e.date, e.date_source) for e in events] == \
        [("POL", "111", "BLR", "2024-05-02", "publication")]


# -- years of dates written without one (no clock) ---------------------------------------------

from communique.ingest.plaintext import parse_dateline  # noqa: E402
from communique.ingest.pubdate import parse_date, year_for  # noqa: E402


@pytest.mark.parametrize("month,day,reference,expected", [
    (5, 2, date(2024, 2, 23), date(2023, 5, 2)),      # after publication: the year before
    (2, 23, date(2024, 2, 23), date(2024, 2, 23)),    # the publication day itself
    (2, 24, date(2024, 2, 23), date(2024, 2, 24)),    # one day of slack (time zones)
    (2, 25, date(2024, 2, 23), date(2023, 2, 25)),
    (12, 31, date(2024, 1, 1), date(2023, 12, 31)),
    (2, 29, date(2023, 3, 1), date(2020, 2, 29)),     # the latest leap year
    (4, 31, date(2023, 5, 1), None),                  # no such day
])
def test_year_for(month, day, reference, expected):
    assert year_for(month, day, reference) == expected


def test_dateline_without_year_takes_the_publication_year_or_none():
    text = "ISTANBUL, May 2 (Reuters) - Turkey hosted talks."
    assert parse_dateline(text).date is None                    # no year known: unknown
    assert parse_dateline(text, date(2024, 2, 23)).date == "2023-05-02"
    assert parse_dateline(text, date(2024, 6, 1)).date == "2024-05-02"
    # a year in the dateline itself is kept whatever the reference
    assert parse_dateline("BEIJING, (Wire - 18th Aug, 2021 ) : x", date(2024, 6, 1)).date == "2021-08-18"
    assert parse_dateline("BEIJING, (Wire - 18th Aug ) : x").outlet == "Wire"


@pytest.mark.parametrize("text", ["2 hours ago", "yesterday", "Tuesday", "March 2024", "10:15 GMT", "2024", "May 2"])
def test_incomplete_or_relative_dates_are_not_publication_dates(text):
    assert parse_date(text) is None


def test_byline_date_without_year():
    from communique.ingest import Ingestor
    ing = Ingestor()
    text = "Talks resume\n\nBy Jane Roe | Published May 3\n\nISTANBUL, May 2 (Reuters) - Turkey hosted talks.\n"
    a = ing.read_text(text)
    assert (a.author, a.published, a.dateline_date) == ("Jane Roe", None, None)
    b = Ingestor(default_published="2025-01-10").read_text(text)
    assert (b.published, b.dateline_date) == ("2024-05-03", "2024-05-02")
