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
    ("last week", False, "2023-08-07", "week"),      # the Monday of that week, week precision
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
    events = pipe.code_text("Poland criticised Belarus over border incident number 2290.", published="2024-05-02")
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


# -- forms of event dates: parts of days, dates without a year, counted-back days, weeks --------

THURSDAY = date(2024, 10, 10)


@pytest.mark.parametrize("words,expected,precision", [
    ("Tuesday night", "2024-10-08", "day"),
    ("on Tuesday night", "2024-10-08", "day"),
    ("last night", "2024-10-09", "day"),
    ("On October 18", "2023-10-18", "day"),      # no year: the nearest October 18 not after publication
    ("Nov. 5", "2023-11-05", "day"),
    ("Oct. 10", "2024-10-10", "day"),
    ("Oct. 11", "2024-10-11", "day"),            # one day of slack (time zones)
    ("18 October", "2023-10-18", "day"),
    ("a day earlier", "2024-10-09", "day"),      # no previous event date: from publication
    ("last week", "2024-09-30", "week"),         # the Monday of last week
    ("earlier this week", "2024-10-07", "week"),
    ("two weeks ago", "2024-09-23", "week"),
    ("last month", "2024-09-01", "month"),
])
def test_resolve_more_forms(words, expected, precision):
    r = resolve(words, THURSDAY)
    assert (r.date, r.precision) == (expected, precision)


def test_counted_back_days_count_from_the_previous_event():
    assert resolve("a day earlier", THURSDAY, previous=date(2024, 10, 5)).date == "2024-10-04"
    assert resolve("two days earlier", THURSDAY, previous=date(2024, 10, 5)).date == "2024-10-03"
    assert resolve("the day before", THURSDAY, previous=date(2024, 10, 5)).date == "2024-10-04"


def test_a_future_day_without_year_looks_forward():
    assert resolve("Nov. 5", THURSDAY, future=True).date == "2024-11-05"


def code(pipe, text, published="2024-10-10"):
    return pipe.code_text(text, published=published)


def test_event_dates_in_articles(pipe):
    (e,) = code(pipe, "KYIV, Oct 10 (Reuters) - Ukrainian jets bombed positions held by Russian marines "
                      "near Kherson on Tuesday.")
    assert (e.date, e.date_precision, e.date_source) == ("2024-10-08", "day", "sentence")
    (f,) = code(pipe, "Russian troops shelled Kharkiv last night.")
    assert (f.date, f.date_source) == ("2024-10-09", "sentence")
    (g,) = code(pipe, "Israeli troops arrested 20 Palestinians on October 18.", published="2024-10-20")
    assert (g.date, g.date_precision, g.date_source) == ("2024-10-18", "day", "sentence")
    # the same words in a story of October 10 name last year's October 18: background, not coded
    assert code(pipe, "Israeli troops arrested 20 Palestinians on October 18.") == []


def test_week_and_month_precision_are_kept(pipe):
    (e,) = code(pipe, "Russian troops attacked Ukrainian positions near Bakhmut last week.")
    assert (e.date, e.date_precision, e.date_source) == ("2024-09-30", "week", "sentence")


def test_a_day_earlier_counts_from_the_previous_event_date(pipe):
    events = code(pipe, "Russian troops shelled Kharkiv on Monday. Ukrainian forces had attacked Russian "
                        "positions near Belgorod a day earlier.")
    assert [(e.root_code, e.date) for e in events] == [("19", "2024-10-07"), ("19", "2024-10-06")]


def test_an_undated_lead_takes_the_day_its_next_sentence_gives(pipe):
    events = code(pipe, "Chadian troops killed 300 Libyan soldiers in fighting near Fada, a government "
                        "statement said.\n\nThe statement said the troops had overrun a Libyan column yesterday.")
    kill = next(e for e in events if e.root_code in ("18", "19", "20"))
    assert (kill.date, kill.date_source) == ("2024-10-09", "story")
    # a lead that names the day of publication keeps it
    events = code(pipe, "Chadian troops killed 300 Libyan soldiers today, a government statement said.\n\n"
                        "The statement said fighting began yesterday.")
    assert next(e for e in events if e.root_code in ("18", "19", "20")).date == "2024-10-10"


def test_the_start_of_a_threatened_act_does_not_date_the_threat(pipe):
    events = code(pipe, "Canada has threatened to stop imports of Danish pork from July 14, an official said.",
                  published="1987-06-29")
    threat = next(e for e in events if e.root_code == "13")
    assert threat.date == "1987-06-29" and threat.date_source == "publication"


def test_a_participle_deeper_in_the_object_keeps_its_own_date(pipe):
    # the years of the crimes investigated are not the date of the investigation's launch
    text = ("Bosnian police have launched an investigation into crimes committed by militias "
            "during the 1992-1995 war, the newspaper reported on Thursday.")
    events = pipe.code_text(text, published="2001-03-08")
    assert [(e.event_code, e.date) for e in events] == [("090", "2001-03-08")]


def test_an_intention_is_dated_when_it_is_said_not_when_the_act_will_be(pipe):
    # "will host talks next week": the statement is the event of the day (found by a new-user test)
    events = pipe.code_text("Germany said it would host talks with Ukraine in Berlin next week.", published="2024-05-10")
    assert [(e.event_code, e.date) for e in events] == [("036", "2024-05-10")]


def test_relative_dates_count_from_the_dateline_day(pipe):
    # a page published a day after its wire dateline: "yesterday" is the day before the dateline
    text = ("TITLE: Tanker attacked\nPUBLISHED: 2000-01-04\n\n"
            "WASHINGTON, Jan 3 (Reuters) - Iranian forces attacked a Kuwaiti tanker yesterday.\n")
    assert [(e.event_code, e.date) for e in pipe.code_text(text)] == [("190", "2000-01-02")]


def test_code_text_takes_a_wire_dateline_for_a_body_as_it_is(pipe):
    """Pipeline.code_text(read=False, dateline=…) codes a body (a gold set's text) with the
    dateline it was filed under: "yesterday" counts from the dateline's day, the year from the
    publication date; without the dateline it counts from publication."""
    body = "Chinese President Xi Jinping met Belarusian President Alexander Lukashenko yesterday."
    (with_dateline,) = pipe.code_text(body, published="2024-05-06", dateline="BEIJING, May 4", read=False)
    assert (with_dateline.date, with_dateline.date_source) == ("2024-05-03", "sentence")
    assert with_dateline.location.name == "Beijing"
    (without,) = pipe.code_text(body, published="2024-05-06", read=False)
    assert without.date == "2024-05-05"
    article = pipe.article(body, published="2024-05-06", dateline="not a dateline at all", read=False)
    assert (article.text, article.dateline, article.dateline_date) == (body, None, None)


# -- dates that name their year need no publication date ----------------------------------------

from communique.dates import ResolvedDate, resolve_absolute  # noqa: E402


@pytest.mark.parametrize("words,expected,precision", [
    ("4 June 2021", "2021-06-04", "day"),
    ("On 4 June 2021", "2021-06-04", "day"),
    ("on June 4, 2021", "2021-06-04", "day"),
    ("Friday, 4 June 2021", "2021-06-04", "day"),
    ("the 4th of June 2021", "2021-06-04", "day"),
    ("Sept. 9, 2001", "2001-09-09", "day"),
    ("in June 2021", "2021-06-01", "month"),
    ("early June 2021", "2021-06-01", "month"),
    ("in 1994", "1994-01-01", "year"),
])
def test_words_naming_their_year_resolve_without_a_reference(words, expected, precision):
    assert resolve_absolute(words) == ResolvedDate(expected, precision)


@pytest.mark.parametrize("words", ["June 4", "in June", "yesterday", "on Friday", "last week", "a day earlier",
                                   "31 June 2021", "2290", "the 1990s"])
def test_relative_or_yearless_words_need_a_reference(words):
    assert resolve_absolute(words) is None


def test_an_undated_article_keeps_the_dates_its_sentences_give(pipe):
    events = pipe.code_text("On 4 June 2021, armed men kidnapped 12 villagers near Gusau in Zamfara state.")
    assert [(e.date, e.date_precision, e.date_source) for e in events if e.root_code == "18"] == \
        [("2021-06-04", "day", "sentence")]
    events = pipe.code_text("Armed men kidnapped 12 villagers near Gusau in Zamfara state on June 4, 2021.")
    assert {(e.date, e.date_precision) for e in events} == {("2021-06-04", "day")}
    (e,) = [e for e in pipe.code_text("Iraqi troops invaded Kuwait in August 1990.") if e.root_code == "19"]
    assert (e.date, e.date_precision, e.date_source) == ("1990-08-01", "month", "sentence")
    # words without a year, or relative ones, still need a publication date
    for text in ("Armed men kidnapped 12 villagers near Gusau on June 4.",
                 "Armed men kidnapped 12 villagers near Gusau on Friday."):
        assert all((e.date, e.date_precision) == (None, "unknown") for e in pipe.code_text(text)), text
    # "a day earlier" counts from the previous event's day, which the sentence gave
    events = pipe.code_text("Russian troops shelled Kharkiv on 4 June 2021. Ukrainian forces had attacked "
                            "Russian positions near Belgorod a day earlier.")
    assert [(e.root_code, e.date) for e in events] == [("19", "2021-06-04"), ("19", "2021-06-03")]


# -- numeric dates ------------------------------------------------------------------------------

WEDNESDAY = date(2025, 4, 9)


@pytest.mark.parametrize("words,published,expected,precision", [
    ("2025-04-07", WEDNESDAY, "2025-04-07", "day"),     # ISO 8601
    ("on 7/4/2025", WEDNESDAY, "2025-04-07", "day"),    # month-first (July 4) is after publication
    ("4/7/2025", WEDNESDAY, "2025-04-07", "day"),       # day-first (4 July) is after publication
    ("07.04.2025", WEDNESDAY, "2025-04-07", "day"),
    ("9/9/2025", date(2025, 9, 10), "2025-09-09", "day"),  # day and month the same: one reading
    ("21/3/2025", WEDNESDAY, "2025-03-21", "day"),      # a part over 12: one reading
    ("3/21/2025", WEDNESDAY, "2025-03-21", "day"),
    # both readings before publication: the one within a week of it (3 April is a month before)
    ("4/3/2025", date(2025, 3, 5), "2025-03-04", "day"),
    ("3/4/2025", date(2025, 3, 5), "2025-03-04", "day"),
    # both readings before publication and neither recent: only the year is known
    ("4/3/2025", date(2025, 6, 20), "2025-01-01", "year"),
    ("2/3/2019", WEDNESDAY, "2019-01-01", "year"),
])
def test_numeric_dates(words, published, expected, precision):
    assert resolve(words, published) == ResolvedDate(expected, precision)


@pytest.mark.parametrize("words,published", [
    ("21/4/2025", WEDNESDAY),   # its only reading is after publication
    ("2025-04-21", WEDNESDAY),
    ("31/31/2025", WEDNESDAY),  # no such day
])
def test_numeric_dates_that_cannot_date_the_event(words, published):
    assert resolve(words, published) is None


def test_numeric_dates_without_a_publication_date():
    assert resolve_absolute("2025-04-07") == ResolvedDate("2025-04-07", "day")
    assert resolve_absolute("21/3/2025") == ResolvedDate("2025-03-21", "day")
    assert resolve_absolute("7/4/2025") == ResolvedDate("2025-01-01", "year")  # day and month could swap


def test_numeric_dates_in_articles(pipe):
    for text in ("Israeli aircraft bombed a camp near Rafah on 7/4/2025, the ministry said.",
                 "Israeli aircraft bombed a camp near Rafah on 07.04.2025, the ministry said."):
        # (an ISO date in a sentence is resolved too, but discards.txt's sports-score pattern
        # takes its "04-07" for a score and drops the sentence: not a date-stage matter)
        events = [e for e in pipe.code_text(text, published="2025-04-09") if e.root_code in ("18", "19")]
        assert [(e.date, e.date_precision, e.date_source) for e in events] == \
            [("2025-04-07", "day", "sentence")], text


# -- weekends -----------------------------------------------------------------------------------

@pytest.mark.parametrize("words,published,expected", [
    # a weekday story: the weekend just gone (Saturday 5 and Sunday 6 April 2025), dated on the
    # Monday of its ISO week at week precision, as "last week" is
    ("on the weekend", WEDNESDAY, "2025-03-31"),
    ("over the weekend", WEDNESDAY, "2025-03-31"),
    ("at the weekend", WEDNESDAY, "2025-03-31"),
    ("this weekend", WEDNESDAY, "2025-03-31"),
    ("last weekend", WEDNESDAY, "2025-03-31"),
    ("over the weekend", date(2025, 4, 7), "2025-03-31"),       # Monday
    ("over the weekend", date(2025, 4, 6), "2025-03-31"),       # Sunday: the weekend under way
    ("over the weekend", date(2025, 4, 5), "2025-03-31"),       # Saturday
    ("last weekend", date(2025, 4, 6), "2025-03-24"),           # in a weekend: the one before
    ("this past weekend", date(2025, 4, 6), "2025-03-24"),
])
def test_weekends(words, published, expected):
    assert resolve(words, published) == ResolvedDate(expected, "week")


def test_future_weekends():
    assert resolve("at the weekend", WEDNESDAY, future=True) == ResolvedDate("2025-04-07", "week")
    assert resolve("next weekend", date(2025, 4, 6), future=True) == ResolvedDate("2025-04-07", "week")
    assert resolve("next weekend", WEDNESDAY) is None  # a reported act is not of next weekend


def test_weekend_in_articles(pipe):
    for text in ("Sudanese troops shelled El Fasher over the weekend, local officials said.",
                 "Israeli jets bombed Khan Younis at the weekend."):
        events = pipe.code_text(text, published="2025-04-09")
        assert [(e.date, e.date_precision, e.date_source) for e in events if e.root_code == "19"] == \
            [("2025-03-31", "week", "sentence")], text
