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
