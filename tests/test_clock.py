"""No article or event date comes from the system clock.

The clock is moved to 2031 (time-machine patches the C-level clock, so dateparser, dateutil and
every ``datetime.now()`` / ``date.today()`` see it): every date must come from the articles.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

time_machine = pytest.importorskip("time_machine")

from communique import dates  # noqa: E402
from communique.ingest import Ingestor  # noqa: E402
from communique.ingest import pubdate  # noqa: E402

FAKE_NOW = dt.datetime(2031, 7, 15, 12, 0)

NO_YEAR_ANYWHERE = (
    "Turkey hosts Russian and Ukrainian delegations\n\n"
    "ISTANBUL, May 2 (Reuters) - Turkey hosted talks between Russia and Ukraine on Wednesday, "
    "the Turkish foreign ministry said.\n"
)
BYLINE_WITHOUT_YEAR = (
    "Kenya sends troops to Haiti\n\nBy Achieng Otieno | Published March 4\n\n"
    "NAIROBI - Kenya sent police officers to Haiti on Monday.\n"
)
RELATIVE_BYLINE = (
    "Poland criticises Belarus\n\nUpdated 2 hours ago\n\n"
    "WARSAW (PAP) - Poland criticised Belarus on Tuesday over the border crossings.\n"
)
HTML_NO_DATE = (
    "<html><head><title>Talks in Geneva</title></head><body><article><h1>Talks in Geneva</h1>"
    "<p>GENEVA, Oct. 9 (Swiss Wire) - Iran and France held talks on Thursday, the Iranian "
    "foreign ministry said.</p><p>The delegations agreed to meet again next month.</p>"
    "</article></body></html>"
)


def _articles(tmp_path):
    ing = Ingestor()
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in [
        # the case: RFC 822 metadata, a dateline without a year
        {"text": "ISTANBUL, May 2 (Reuters) - Turkey hosted talks between Russia and Ukraine on Wednesday.",
         "published": "Fri, 23 Feb 2024 14:02:00 GMT"},
        {"text": "ANKARA - Turkey criticised Sweden on Monday.", "published": "2023-11-15"},
    ]) + "\n")
    arts = [ing.read_text(NO_YEAR_ANYWHERE), ing.read_text(BYLINE_WITHOUT_YEAR),
            ing.read_text(RELATIVE_BYLINE), ing.read_text(HTML_NO_DATE)]
    arts += list(ing.read([tmp_path / "feed.jsonl"]))
    return arts


def _clear_caches():
    pubdate._parse_date.cache_clear()
    pubdate.is_date_expression.cache_clear()
    dates._resolve_cached.cache_clear()


def test_no_date_comes_from_the_clock(pipe, tmp_path):
    real_year = dt.date.today().year
    _clear_caches()
    with time_machine.travel(FAKE_NOW, tick=False):
        assert dt.date.today().year == 2031  # the clock is faked for every caller
        articles = _articles(tmp_path)
        coded = list(pipe.code_articles(articles))
    _clear_caches()
    no_year, byline, relative, html_page, rfc822, iso = articles
    # no year anywhere: the article and its events are undated, not dated this year
    for a in (no_year, byline, relative, html_page):
        assert a.published is None and a.dateline_date is None, a
    assert byline.author == "Achieng Otieno"        # the byline is still recognised
    assert "Updated" not in relative.text            # so is the relative one (its date is unused)
    # the dateline day takes the year of the publication date: the nearest 2 May before it
    assert rfc822.published == "2024-02-23T14:02" and rfc822.dateline_date == "2023-05-02"
    events = {a.source_path or a.title: evs for a, evs in coded}
    all_events = [e for _, evs in coded for e in evs]
    assert all_events, "the fixtures must give events"
    for e in all_events:
        assert e.date is None or int(e.date[:4]) not in (2031, real_year), e
    for a, evs in coded:
        if a.published is None and a.dateline_date is None:
            assert all(e.date is None and e.date_precision == "unknown" for e in evs), evs
    # "on Monday" in the ISO-dated item resolves against its own publication date (a Wednesday)
    iso_events = events[iso.source_path]
    assert [e.date for e in iso_events] == ["2023-11-13"]


def test_same_result_with_and_without_fake_clock(pipe, tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "fake").mkdir()
    _clear_caches()
    real = [(a.published, a.dateline_date, [e.date for e in evs])
            for a, evs in pipe.code_articles(_articles(tmp_path / "real"))]
    _clear_caches()
    with time_machine.travel(FAKE_NOW, tick=False):
        fake = [(a.published, a.dateline_date, [e.date for e in evs])
                for a, evs in pipe.code_articles(_articles(tmp_path / "fake"))]
    _clear_caches()
    assert real == fake


NEW_FORMS = [
    ("Russian troops shelled Kharkiv last night.", "2024-10-09", "day"),
    ("Russian troops attacked Ukrainian positions near Bakhmut last week.", "2024-09-30", "week"),
    ("Israeli troops arrested 20 Palestinians on Oct. 8.", "2024-10-08", "day"),
    ("Chadian troops killed 300 Libyan soldiers near Fada, a statement said.\n\n"
     "The statement said the troops had overrun a Libyan column yesterday.", "2024-10-09", "day"),
]


def test_new_date_forms_under_a_fake_clock(pipe):
    from dataclasses import replace
    _clear_caches()
    with time_machine.travel(FAKE_NOW, tick=False):
        ing = Ingestor()
        arts = [replace(ing.read_text(t), published="2024-10-10") for t, _, _ in NEW_FORMS]
        coded = list(pipe.code_articles(arts))
        page = Path(__file__).parent / "ingest_fixtures" / "layouts" / "23-live-blog-blocks.html"
        live = ing.read_text_all(page.read_text(encoding="utf-8"))
    _clear_caches()
    for (text, day, precision), (_, events) in zip(NEW_FORMS, coded):
        act = next(e for e in events if e.root_code in ("17", "18", "19", "20"))
        assert (act.date, act.date_precision) == (day, precision), text
    assert [a.published for a in live] == ["2024-06-12T14:05", "2024-06-12T09:40", "2024-06-11T22:15"]


def test_an_undated_article_takes_only_dates_that_name_their_year(pipe):
    """Without a publication date a sentence's "On 4 June 2021" dates its event; "on June 4" and
    "in June" stay unknown under a clock moved to 2031 (no year is taken from the clock)."""
    _clear_caches()
    with time_machine.travel(FAKE_NOW, tick=False):
        ing = Ingestor()
        texts = ["On 4 June 2021, armed men kidnapped 12 villagers near Gusau in Zamfara state.",
                 "Armed men kidnapped 12 villagers near Gusau on June 4.",
                 "Armed men kidnapped 12 villagers near Gusau in June."]
        coded = list(pipe.code_articles([ing.read_text(t) for t in texts]))
    _clear_caches()
    dated, no_year, month_only = ([(e.date, e.date_precision) for e in evs] for _, evs in coded)
    assert dated and set(dated) == {("2021-06-04", "day")}
    assert no_year and set(no_year) == {(None, "unknown")}
    assert month_only and set(month_only) == {(None, "unknown")}
