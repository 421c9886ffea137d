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
