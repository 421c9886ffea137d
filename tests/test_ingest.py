import codecs
import gzip
import json
from pathlib import Path

import pytest

from communique.ingest import Ingestor
from communique.ingest.decode import InputError, decode_bytes
from communique.ingest.plaintext import parse_dateline
from communique.model import Article, Rejected

from conftest import FIXTURES


@pytest.fixture(scope="module")
def ingestor():
    return Ingestor()


@pytest.mark.parametrize("text,place,outlet,date", [
    ("BEIJING, (UrduPoint / Pakistan Point News - 18th Aug, 2023 ) :China is", "BEIJING", "UrduPoint / Pakistan Point News", "2023-08-18"),
    ("KYIV, March 4 (Reuters) - Russian forces", "KYIV", "Reuters", "2024-03-04"),
    ("SEOUL, Jan. 20 (Yonhap) -- North Korea", "SEOUL", "Yonhap", "2024-01-20"),
    ("PARIS (AFP) - Thousands", "PARIS", "AFP", None),
    ("WASHINGTON — The United States", "WASHINGTON", None, None),
    ("NEW YORK, N.Y., May 3 (AP) - x", "NEW YORK, N.Y.", "AP", "2024-05-03"),
    ("THE HAGUE (Reuters) - The court", "THE HAGUE", "Reuters", None),
    ("Beijing, Aug 18 (Xinhua) -- China", "Beijing", "Xinhua", "2024-08-18"),
    ("ISTANBUL/ANKARA, May 2 (Reuters) - Turkey", "ISTANBUL", "Reuters", "2024-05-02"),   # filed from the first city
    ("WASHINGTON / BRUSSELS (Reuters) - The", "WASHINGTON", "Reuters", None),
    ("NEW YORK/LONDON, Feb 3 (Reuters) - x", "NEW YORK", "Reuters", "2024-02-03"),
    ("Istanbul/Ankara, May 2 (Reuters) - Turkey", "Istanbul", "Reuters", "2024-05-02"),
])
def test_dateline_forms(text, place, outlet, date):
    from datetime import datetime
    d = parse_dateline(text, datetime(2024, 9, 1))
    assert d is not None
    assert (d.place, d.outlet, d.date) == (place, outlet, date)
    assert not text[d.end:].startswith((" ", "-", ":", "—"))


@pytest.mark.parametrize("text", ["NOTE: this is not", "US troops attacked", "The army - said", "China is ready"])
def test_not_datelines(text):
    assert parse_dateline(text) is None


def test_plain_text_with_chrome_headline_byline(ingestor):
    a = next(ingestor.read([FIXTURES / "beijing-visit.txt"]))
    assert a.title == "Kenya And China To Deepen Economic Ties"
    assert a.author == "Wanjiru Kamau"
    assert a.published == "2024-09-06T11:30"
    assert a.dateline == "BEIJING" and a.outlet == "Xinhua / Daily Wire Service"
    assert a.dateline_date == "2024-09-05"
    assert a.text.startswith("Kenyan President William Ruto visited Beijing")
    assert "Open Menu" not in a.text and "Published" not in a.text


def test_breadcrumb_line_is_page_chrome(ingestor):
    text = ("Home > Africa\n\nEthiopia and Somalia agree to restore ties\n\nBy Amina Yusuf\n\n"
            "ADDIS ABABA, Dec. 12 (Horn Wire) - Ethiopia and Somalia agreed on Wednesday to restore relations.\n")
    a = ingestor.read_text(text)
    assert a.title == "Ethiopia and Somalia agree to restore ties" and a.author == "Amina Yusuf"
    assert a.dateline == "ADDIS ABABA" and a.outlet == "Horn Wire"
    assert a.text.startswith("Ethiopia and Somalia agreed on Wednesday")
    for crumb in ("News » World › Europe", "Home > Politics > Elections"):
        assert ingestor.read_text(f"{crumb}\n\nIran condemned the strikes.\n").title != crumb


def test_by_pipe_published_byline(ingestor):
    a = next(ingestor.read([FIXTURES / "kyiv-strike.txt"]))
    assert (a.author, a.published, a.dateline, a.outlet) == ("Olena Marchenko", "2024-03-04", "KYIV", "Reuters")
    assert a.title == "Russian Missiles Hit Kyiv Power Plant, Ukraine Says"
    assert "Share this article" not in a.text and "Skip to content" not in a.text


def test_seed_article(ingestor, shared):
    a = next(ingestor.read([shared / "examples" / "seed-article.txt"]))
    assert a.published.startswith("2023-08-18")
    assert a.author == "Sumaira FH"
    assert "UrduPoint" in a.outlet
    assert a.dateline == "BEIJING"
    assert a.text.startswith("China is ready to work with Belarus")


def test_html_page(ingestor):
    a = next(ingestor.read([FIXTURES / "nairobi-aid.html"]))
    assert a.outlet == "Example Daily"
    assert a.published.startswith("2024-05-02")
    assert a.dateline == "NAIROBI" and a.dateline_date == "2024-05-02"
    assert a.text.startswith("The World Food Programme sent food aid")
    for chrome in ("Share on Facebook", "All rights reserved", "Privacy policy", "Home"):
        assert chrome not in a.text


def test_jsonl_good_and_bad_lines(ingestor):
    items = list(ingestor.read([FIXTURES / "wire.jsonl"]))
    good = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, Rejected)]
    assert len(good) == 3
    assert [r.source_path.rsplit(":", 1)[1] for r in bad] == ["3", "4", "5"]
    assert "invalid JSON" in bad[0].reason and "'text'" in bad[1].reason and "'text'" in bad[2].reason
    assert good[0].title == "ICC opens Myanmar probe" and good[0].url == "https://example.org/icc"
    assert good[1].dateline == "JERUSALEM" and good[1].author == "Noa Levi"


def test_large_gzip_jsonl_streams(tmp_path, ingestor):
    from communique.synthetic import write_gzip_jsonl
    path = write_gzip_jsonl(tmp_path / "big.jsonl.gz", 3000)
    items = ingestor.read([path])
    first = next(items)  # streaming: the first article arrives before the file is read to the end
    assert isinstance(first, Article) and first.source_path.endswith(":1")
    assert sum(1 for _ in items) == 2999


def test_gzip_jsonl_and_folder(tmp_path, ingestor):
    lines = [json.dumps({"text": "Iran condemned the sanctions.", "published": "2024-01-01"})]
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    (tmp_path / "b.txt").write_text("Headline\n\nPARIS (AFP) - France praised Germany.\n")
    (tmp_path / ".hidden.txt").write_text("ignored")
    items = list(ingestor.read([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Article", "Article"]


def test_bad_inputs_are_rejected_with_reasons(tmp_path, ingestor):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x89PNG" * 50)
    (tmp_path / "trunc.jsonl.gz").write_bytes(gzip.compress(b'{"text": "x"}\n' * 100)[:40])
    (tmp_path / "chrome.txt").write_text("Open Menu\nShare\nAdvertisement\n")
    items = list(ingestor.read([tmp_path, tmp_path / "missing.txt", str(tmp_path / "*.nothing")]))
    rejected = [i for i in items if isinstance(i, Rejected)]
    reasons = {i.source_path.rsplit("/", 1)[-1].split(":")[0]: i.reason for i in rejected}
    # the good lines before the break of a truncated gzip stream are kept, the break is reported
    assert all(a.source_path.split("/")[-1].startswith("trunc.jsonl.gz:") for a in items if isinstance(a, Article))
    assert reasons["empty.txt"] == "empty input"
    assert "binary" in reasons["binary.txt"]
    assert "truncated" in reasons["trunc.jsonl.gz"]
    assert "no article text" in reasons["chrome.txt"]
    assert reasons["missing.txt"] == "no such file or folder"
    assert reasons["*.nothing"] == "glob pattern matches no files"


@pytest.mark.parametrize("data,expected", [
    ("Café in Zürich".encode("latin-1"), "Café in Zürich"),
    (codecs.BOM_UTF16_LE + "Kyiv talks".encode("utf-16-le"), "Kyiv talks"),
    ("Kyiv talks resumed".encode("utf-16-le"), "Kyiv talks resumed"),
    (codecs.BOM_UTF8 + "Ankara".encode(), "Ankara"),
    (b"line one\r\nline two", "line one\nline two"),
])
def test_decoding(data, expected):
    assert decode_bytes(data) == expected


def test_decoding_errors():
    with pytest.raises(InputError, match="empty"):
        decode_bytes(b"  \n ")
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"abc\x00def" * 10)          # a NUL in every 7 bytes: binary
    with pytest.raises(InputError, match="binary"):
        decode_bytes(bytes(range(256)) * 40)


def test_published_override_only_fills_missing(tmp_path):
    ing = Ingestor(default_published="2022-02-02")
    (tmp_path / "nodate.txt").write_text("Iran condemned the sanctions on Monday.\n")
    a = next(ing.read([tmp_path / "nodate.txt"]))
    assert a.published == "2022-02-02"
    b = next(ing.read([FIXTURES / "kyiv-strike.txt"]))
    assert b.published == "2024-03-04"


def test_short_non_latin_text_is_not_english(ingestor):
    from communique.ingest import looks_english
    assert not looks_english("俄罗斯周一袭击了乌克兰。中国呼吁各方保持克制。")
    assert not looks_english("Россия атаковала Украину в понедельник.")
    assert looks_english("Russia attacked Ukraine on Monday.")
    assert looks_english("Le Drian met Lavrov in Moscow.")  # short Latin text: judged by the coder
    with pytest.raises(InputError, match="not English"):
        ingestor.check(ingestor.read_text("俄罗斯周一袭击了乌克兰。"))


# -- JSONL published, author ---------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [
    ("5-MAR-1987 05:09:09.62", "1987-03-05T05:09:09"),
    ("20 Nov 2019 08:02 GMT", "2019-11-20T08:02"),
    ("Fri, 23 Feb 2024 14:02:00 GMT", "2024-02-23T14:02"),     # RFC 822
    ("Mon, 04 Mar 2024 09:30:00 +0200", "2024-03-04T09:30"),   # wall time as written
    ("Sep 24, 2024", "2024-09-24"),
    ("25/09/2023", "2023-09-25"),                               # day first: 25 is no month
    ("2024-02-13", "2024-02-13"),
    ("2024-02-15T10:00:00Z", "2024-02-15T10:00"),
    (1709474400, "2024-03-03T14:00"),                          # epoch seconds (UTC)
    (1709474400123, "2024-03-03T14:00"),                       # epoch milliseconds
    (1709474400.5, "2024-03-03T14:00"),
    ("1709474400", "2024-03-03T14:00"),                        # epoch written as digits
    (None, None),
    ("", None),
])
def test_jsonl_published_forms(tmp_path, ingestor, value, expected):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "Turkey criticised Sweden on Monday.", "published": value}) + "\n")
    [a] = list(ingestor.read([path]))
    assert isinstance(a, Article) and a.published == expected


def test_jsonl_published_alias_and_author_lists(tmp_path, ingestor):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"text": "Turkey criticised Sweden.", "author": ["Ece Toksabay", "Jonathan Spicer"]},
        {"text": "Turkey praised Sweden.", "author": [{"name": "Jane Roe"}, {"name": "John Doe"}]},
        {"text": "Turkey thanked Sweden.", "authors": ["Jane Roe"], "date": "Sep 24, 2024"},
        {"text": "Turkey warned Sweden.", "author": [1, 2]},
    ]) + "\n")
    items = list(ingestor.read([path]))
    assert [getattr(i, "author", None) for i in items[:3]] == ["Ece Toksabay, Jonathan Spicer", "Jane Roe, John Doe", "Jane Roe"]
    assert items[2].published == "2024-09-24"
    assert isinstance(items[3], Article) and items[3].author is None    # a bad author is dropped, with a warning


def test_jsonl_unparseable_published_warns_and_keeps_the_article(tmp_path, ingestor, caplog):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"text": "ISTANBUL, May 2 (Reuters) - Turkey hosted talks on Wednesday.", "published": "sometime in spring"},
        {"text": "Turkey criticised Sweden.", "published": "May 2"},        # no year: not guessed
        {"text": "Turkey praised Sweden.", "published": {"$date": 1}},
    ]) + "\n")
    with caplog.at_level("WARNING", logger="communique.ingest"):
        items = list(ingestor.read([path]))
    assert all(isinstance(i, Article) and i.published is None for i in items)
    assert items[0].dateline == "ISTANBUL" and items[0].dateline_date is None
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 3 and all("'published'" in w and "kept" in w for w in warned)
    assert warned[0].startswith(f"{path}:1:")


def test_jsonl_published_dates_the_dateline(tmp_path, ingestor):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "ISTANBUL, May 2 (Reuters) - Turkey hosted talks on Wednesday.",
                                "published": "Fri, 23 Feb 2024 14:02:00 GMT"}) + "\n")
    [a] = list(ingestor.read([path]))
    assert (a.published, a.dateline_date) == ("2024-02-23T14:02", "2023-05-02")


def test_unparseable_date_warning_reaches_stderr(tmp_path):
    import subprocess
    import sys
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "Turkey criticised Sweden.", "published": "sometime in spring"}) + "\n")
    exe = Path(sys.executable).with_name("communique")
    r = subprocess.run([str(exe), "parse", str(path)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and json.loads(r.stdout)["published"] is None
    assert "'published'" in r.stderr and "feed.jsonl:1" in r.stderr


# -- decoding: damaged UTF-8, mojibake, NUL bytes -------------------------------------------------

import ftfy.bad_codecs  # noqa: E402,F401  (registers "sloppy-windows-1252" for the fixtures)

STORY = ("MOSCOW — Russia’s defence ministry said on Tuesday that Ukraine’s drones attacked an oil "
         "refinery in Russia’s Belgorod region, the “second attack” this week.\n")


def test_utf8_with_a_few_invalid_bytes_stays_utf8(tmp_path, ingestor):
    path = tmp_path / "story.txt"
    path.write_bytes(("Drones hit Belgorod refinery\n\n" + STORY).encode() + b"\xff\xfe\xa0")
    a = next(ingestor.read([path]))
    assert "Russia’s defence ministry" in a.text and "Ukraine’s drones" in a.text
    assert "‚Äô" not in a.text and a.dateline == "MOSCOW"
    # two bad bytes in the middle too
    assert decode_bytes(STORY.encode().replace(b"oil", b"o\x80\x81l")).startswith("MOSCOW — Russia’s")


def test_latin1_is_not_taken_for_damaged_utf8():
    text = "Le ministère a confirmé la réunion à Genève; the ministry’s statement"
    assert decode_bytes(text.encode("cp1252")) == text


@pytest.mark.parametrize("mojibake", [
    STORY.encode("utf-8").decode("sloppy-windows-1252"),   # "Russiaâ€™s" (as Windows tools misread)
    STORY.encode("utf-8").decode("mac-roman"),             # "Russia‚Äôs"
])
def test_mojibake_is_repaired(tmp_path, ingestor, mojibake):
    assert "’" not in mojibake
    path = tmp_path / "story.txt"
    path.write_text(mojibake, encoding="utf-8")
    a = next(ingestor.read([path]))
    assert a.text == STORY.split("— ", 1)[1].strip() and a.dateline == "MOSCOW"
    jsonl = tmp_path / "feed.jsonl"
    jsonl.write_text(json.dumps({"text": mojibake, "title": "Russiaâ€™s refinery hit"}) + "\n")
    b = next(ingestor.read([jsonl]))
    assert b.text == a.text and b.title == "Russia’s refinery hit"


def test_stray_nul_bytes_are_removed(tmp_path, ingestor):
    data = STORY.encode()
    data = data[:20] + b"\x00" + data[20:40] + b"\x00\x00" + data[40:] + b"\x00\x00"
    (tmp_path / "nul.txt").write_bytes(data)
    a = next(ingestor.read([tmp_path / "nul.txt"]))
    assert isinstance(a, Article) and "\x00" not in a.text and "Russia’s defence ministry" in a.text
    (tmp_path / "nul.jsonl").write_text(json.dumps({"text": "Iran con\u0000demned the sanctions."}) + "\n")
    b = next(ingestor.read([tmp_path / "nul.jsonl"]))
    assert b.text == "Iran condemned the sanctions."


def test_jsonl_line_with_damaged_utf8(tmp_path, ingestor):
    line = json.dumps({"text": "Russia’s army shelled Kharkiv."}, ensure_ascii=False).encode()
    (tmp_path / "feed.jsonl").write_bytes(line.replace(b"army", b"ar\xffmy") + b"\n")
    a = next(ingestor.read([tmp_path / "feed.jsonl"]))
    assert a.text == "Russia’s ar\ufffdmy shelled Kharkiv."


# -- scraper layouts: header/footer metadata, KEY: value blocks, navigation ---------------------

LAYOUTS = Path(__file__).parent / "ingest_fixtures" / "layouts"   # not under fixtures/: other tests ingest that folder whole


def test_scraper_layouts_fields(ingestor):
    """Each file of tests/ingest_fixtures/layouts/ is one scraper layout (25 files, written for
    communique: KEY: value and YAML headers, bylines above or below the date, footers, credit
    lines, print-edition and e-mail headers, Markdown, HTML meta and JSON-LD, live blogs, JSONL and JSON
    feeds); expected.json has the fields each article carries. At least 95 % must be right."""
    expected = json.loads((LAYOUTS / "expected.json").read_text())
    got = {Path(a.source_path).name: a for a in ingestor.read([LAYOUTS]) if isinstance(a, Article)}
    layouts = {name.split(":")[0].split("#")[0] for name in expected}
    assert len(layouts) >= 20 and len(expected) >= 25
    wrong, total = [], 0
    for name, fields in expected.items():
        a = got[name]
        for field, value in fields.items():
            total += 1
            if field == "text_starts":
                ok = a.text.startswith(value)
            elif field == "text_ends":
                ok = a.text.endswith(value)
            else:
                ok = getattr(a, field) == value
            if not ok:
                wrong.append((name, field, value, getattr(a, field, a.text[:60])))
    assert total >= 180
    assert 1 - len(wrong) / total >= 0.95, wrong
    # the headline fields of the issue (title, publication date, author, outlet, dateline) alone
    core = [(n, f) for n, fields in expected.items() for f in fields
            if f in ("title", "published", "author", "outlet", "dateline")]
    core_wrong = [w for w in wrong if w[1] in ("title", "published", "author", "outlet", "dateline")]
    assert len(core) >= 100 and 1 - len(core_wrong) / len(core) >= 0.95, core_wrong


def test_metadata_lines_are_not_body_text(ingestor):
    for name in ("02-published-pipe-staff.txt", "03-posted-by.txt", "04-footer-updated.txt", "05-footer-published.txt"):
        a = next(ingestor.read([LAYOUTS / name]))
        for chrome in ("Published", "Posted", "Last updated", "Staff writer", "World | Politics", "Share this"):
            assert chrome not in a.text, (name, chrome)


def test_header_block_keys_only(ingestor):
    a = ingestor.read_text("NOTE: Iran condemned the sanctions on Monday.\n")
    assert a.text.startswith("NOTE: Iran condemned") and a.title is None
    b = ingestor.read_text("Source: Reuters\n\nIran condemned the sanctions on Monday.\n")
    assert (b.outlet, b.title, b.text) == ("Reuters", None, "Iran condemned the sanctions on Monday.")
    long = "Source: the ministry, which said on Monday that Iran had condemned the sanctions imposed by the United States and its allies."
    assert ingestor.read_text(long + "\n").text == long
    c = ingestor.read_text("DATE: 2024-05-02\n\nIran condemned the sanctions on Monday.\n")
    assert (c.published, c.text) == ("2024-05-02", "Iran condemned the sanctions on Monday.")


def test_a_sentence_about_publishing_is_not_a_footer(ingestor):
    text = "Iran condemns sanctions\n\nIran condemned the sanctions on Monday.\n\nUpdated with the minister's comments.\n"
    a = ingestor.read_text(text)
    assert a.text.endswith("Updated with the minister's comments.") and a.published is None


def test_date_in_the_url_dates_an_article_only_when_nothing_else_does(ingestor):
    from communique.ingest.plaintext import _url_date
    assert _url_date("https://x.org/world/2019/11/18/story") == "2019-11-18"
    assert _url_date("https://x.org/world/2019-11-18-story") == "2019-11-18"
    assert _url_date("https://x.org/world/20191118/story") == "2019-11-18"
    assert _url_date("https://x.org/id/201911183/story") is None
    assert _url_date("https://x.org/world/2019/13/18/story") is None
    a = ingestor.reader.read("Iran condemned the sanctions.", known={"url": "https://x.org/2019/11/18/a",
                                                                      "published": "2019-11-19"})
    assert a.published == "2019-11-19"


@pytest.mark.parametrize("line", ["World News U.S. News Politics Business Tech", "World | Politics | Business | Opinion",
                                  "Home / World / Europe"])
def test_navigation_lines_above_the_headline(ingestor, line):
    a = ingestor.read_text(f"{line}\n\nKenya sends police to Haiti\n\nKenya sent police officers to Haiti on Monday.\n")
    assert a.title == "Kenya sends police to Haiti" and a.text == "Kenya sent police officers to Haiti on Monday."


@pytest.mark.parametrize("line", ["Sign up for our daily newsletter", "Like this story? Share it with a friend!",
                                  "SEE MORE: Kenya police arrive in Haiti", "DON'T MISS", "More: Haiti gang violence",
                                  "SOURCE: News agencies", "Also on Example News: Haiti gang leader arrested"])
def test_boilerplate_lines_are_dropped(ingestor, line):
    a = ingestor.read_text(f"Kenya sent police officers to Haiti on Monday.\n\n{line}\n\nHaiti welcomed them.\n")
    assert a.text == "Kenya sent police officers to Haiti on Monday.\n\nHaiti welcomed them."


# -- where the publication date came from --------------------------------------------------------

@pytest.mark.parametrize("text,published,source", [
    ("TITLE: Talks open\nPUBLISHED: 2024-05-02\n\nTurkey hosted talks on Wednesday.", "2024-05-02", "header"),
    ("Talks open\n\nBy Jane Roe | Published 4 March 2024\n\nTurkey hosted talks on Wednesday.", "2024-03-04", "byline"),
    ("Talks open\n\nTurkey hosted talks on Wednesday.\n\nPublished 14 October 2024", "2024-10-14", "footer"),
    ("ISTANBUL, May 2, 2024 (Reuters) - Turkey hosted talks on Wednesday.", "2024-05-02", "dateline"),
    ("URL: https://example.org/world/2019/11/18/talks\n\nTurkey hosted talks on Wednesday.", "2019-11-18", "url"),
    ("date 2023-08-18 Open Menu\n\nTurkey hosted talks on Wednesday.", "2023-08-18", "crawl_date"),
    ("Turkey hosted talks on Wednesday.", None, None),
])
def test_publication_date_source(ingestor, text, published, source):
    a = ingestor.read_text(text)
    assert (a.published, a.published_source) == (published, source)


def test_publication_date_source_of_feeds_pages_and_defaults(tmp_path):
    from communique.ingest import Ingestor
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": "Turkey hosted talks.", "published": "Sep 24, 2024"}) + "\n"
                    + json.dumps({"text": "Turkey hosted talks again."}) + "\n")
    items = list(Ingestor(default_published="2024-01-05").read([feed]))
    assert [(a.published, a.published_source) for a in items] == [("2024-09-24", "jsonl"), ("2024-01-05", "default")]
    page = next(Ingestor().read([LAYOUTS / "12-html-meta.html"]))
    assert (page.published, page.published_source) == ("2024-06-12", "metadata")


# -- sentences: a paragraph that ends in a closing quote ends its sentence ---------------------

def test_paragraphs_ending_in_a_closing_quote_are_separate_sentences(pipe):
    text = ('The mayor said: "Russia attacked us."\n\nUkrainian forces shelled Belgorod on Monday.\n\n'
            "“Kyiv will respond,” the minister said.”\n\nPolice arrested five men in Kyiv.")
    doc = pipe.nlp(text)
    assert [s.text.strip() for s in doc.sents] == [
        'The mayor said: "Russia attacked us."', "Ukrainian forces shelled Belgorod on Monday.",
        "“Kyiv will respond,” the minister said.”", "Police arrested five men in Kyiv."]
    events = pipe.code_text(text)
    shelled = next(e for e in events if e.evidence.trigger.startswith("shelled"))
    assert shelled.evidence.sentence == "Ukrainian forces shelled Belgorod on Monday."
    assert text[shelled.evidence.start:shelled.evidence.end] == shelled.evidence.trigger


@pytest.mark.parametrize("line,author,date_text", [
    ("12 July 2024", None, "12 July 2024"),                       # day-first date line (was not recognised)
    ("Written by Dewi Lestari", "Dewi Lestari", None),
    ("By Sefo Tuilagi, Staff Reporter", "Sefo Tuilagi", None),
    ("By MARIA GONZALEZ Associated Press", "MARIA GONZALEZ", None),
])
def test_byline_forms(ingestor, line, author, date_text):
    assert ingestor.reader.match_byline(line) == (author, date_text)


def test_credit_lines_give_the_author_and_leave_the_body(ingestor):
    a = ingestor.read_text("YEREVAN (Reuters) - Armenia and Azerbaijan held talks on Monday.\n\n"
                           "The sides will meet again.\n\nReporting by Armen Petrosyan; Editing by Jane Roe")
    assert a.author == "Armen Petrosyan" and a.text.endswith("The sides will meet again.")


# -- live blogs: one article per update, dated by the update's time ----------------------------

def test_live_blog_is_coded_per_update_with_its_time(pipe):
    results = list(pipe.run([LAYOUTS / "23-live-blog-blocks.html"]))
    assert [Path(a.source_path).name for a, _ in results] == [
        "23-live-blog-blocks.html#update-1", "23-live-blog-blocks.html#update-2", "23-live-blog-blocks.html#update-3"]
    by_update = {Path(a.source_path).name.split("#")[1]: events for a, events in results}
    shelled = next(e for e in by_update["update-2"] if e.root_code in ("18", "19", "20"))
    assert (shelled.date, shelled.location.name) == ("2024-06-12", "El Fasher")
    attack = next(e for e in by_update["update-3"] if e.root_code in ("18", "19"))
    assert attack.date == "2024-06-11"              # the update's own day, not the page's
    # headings are titles, never glued to the next sentence nor coded
    for a, events in results:
        assert a.title not in a.text
        assert all(not e.evidence.sentence.startswith(a.title) for e in events)


def test_live_blog_from_json_ld(ingestor):
    items = list(ingestor.read([LAYOUTS / "24-live-blog-jsonld.html"]))
    assert [(a.title, a.published, a.published_source) for a in items] == [
        ("Delegations arrive in Cairo", "2024-03-03T16:30", "update"),
        ("Strike on Rafah house", "2024-03-03T07:10", "update")]


def test_an_ordinary_page_is_not_a_live_blog(ingestor):
    (a,) = list(ingestor.read([LAYOUTS / "12-html-meta.html"]))
    assert a.source_path.endswith("12-html-meta.html") and a.published_source == "metadata"
    # a story next to a list of time-stamped teasers (even in a "live" box) stays one story
    (b,) = list(ingestor.read([LAYOUTS / "25-story-with-timed-list.html"]))
    assert (b.title, b.published_source) == ("Kenya sends police to Haiti", "metadata")
    assert "Mombasa" not in b.text


def test_a_byline_with_a_bureau_after_a_bar_is_a_byline():
    from communique.ingest import Ingestor
    text = ("Army says it repelled assault\n\nBy Amina Yusuf | Khartoum Bureau\nUpdated: 14 June 2024, 18:40 EAT\n\n"
            "PORT SUDAN, June 14 (Reuters) - Sudan's army said on Friday it had repelled an attack on the city.\n")
    a = Ingestor().read_text(text)
    assert (a.author, a.dateline, a.dateline_date, a.published[:10]) == ("Amina Yusuf", "PORT SUDAN", "2024-06-14", "2024-06-14")
    assert a.text.startswith("Sudan's army said")


# -- page and footer chrome anywhere in the header or footer (new-user report) -------------------

READING = Path(__file__).parent / "ingest_fixtures" / "reading"   # fixtures written for these tests


@pytest.mark.parametrize("name", ["consent-banner.txt", "consent-banner-blank.txt"])
def test_consent_banner_newsletter_prompt_and_share_bar_are_chrome(ingestor, name):
    a = next(ingestor.read([READING / name]))
    assert (a.title, a.author, a.outlet, a.dateline) == (
        "Senegal and Mauritania open new border crossing", "Aminata Sow", "Reuters", "DAKAR")
    assert a.text.startswith("Senegal and Mauritania opened a new road crossing")
    for chrome in ("cookies", "inbox", "WhatsApp", "By Aminata"):
        assert chrome not in a.text


@pytest.mark.parametrize("line,chrome", [
    ("Accept cookies? We use cookies to improve your experience. Accept | Manage", True),
    ("This website uses cookies. OK", True),
    ("Manage cookie preferences", True),
    ("The regulator said websites must let users reject cookies.", False),
    ("EU fines search engine over cookies", False),
])
def test_consent_banner_lines(ingestor, line, chrome):
    assert ingestor.reader.is_chrome(line) is chrome


@pytest.mark.parametrize("name,published", [("footer-any-order.txt", "2024-02-12"),
                                            ("footer-credit-then-related.txt", None)])
def test_footer_chrome_is_cut_in_any_order(ingestor, name, published):
    a = next(ingestor.read([READING / name]))
    assert a.text.endswith("The patrols will start next month.")
    assert (a.author, a.dateline, a.published) == ("Mahamat Ramadane", "N'DJAMENA", published)
    assert a.dateline_date == ("2024-02-12" if published else None)


def test_footer_chrome_only_at_the_end(ingestor):
    text = ("Chad and Niger agreed on Monday to run joint patrols.\n\nRelated: talks on the border resumed.\n\n"
            "The patrols will start next month, and officials will say\nmore on Tuesday.")
    a = ingestor.read_text(text)
    assert "Related: talks" in a.text and a.text.endswith("officials will say more on Tuesday.")


@pytest.mark.parametrize("name,author", [("footer-byline-date.txt", "ROSA QUISPE"), ("footer-date-line.txt", None)])
def test_byline_and_date_line_below_the_story(ingestor, name, author):
    a = next(ingestor.read([READING / name]))
    assert (a.published, a.published_source, a.author) == ("2022-10-06", "footer", author)
    assert a.text.endswith("officers used tear gas to clear the square.")


def test_last_sentence_with_a_date_is_not_a_footer_byline(ingestor):
    a = ingestor.read_text("Peru's police arrested 14 protesters.\n\nThe ministry published its figures on 5 May 2024")
    assert a.text.endswith("published its figures on 5 May 2024") and a.published is None


@pytest.mark.parametrize("name", ["print-outlet-first.txt", "print-date-first-single-newlines.txt"])
def test_print_header_fields_in_any_order(ingestor, name):
    a = next(ingestor.read([READING / name]))
    assert (a.title, a.outlet, a.published, a.published_source) == (
        "Tonga and Samoa sign fisheries pact", "THE HARBOUR TIMES", "2024-10-04", "byline")
    assert a.text.startswith("Tonga and Samoa signed a fisheries agreement")


@pytest.mark.parametrize("text,title", [
    ("Tonga and Samoa sign fisheries pact\nTonga and Samoa signed a fisheries agreement in Nuku'alofa on Thursday.",
     "Tonga and Samoa sign fisheries pact"),
    # a line broken inside the first sentence is not a headline
    ("The prime ministers of Tonga and Samoa signed a fisheries agreement in\nNuku'alofa on Thursday, "
     "officials of both governments said.", None),
    ("Tonga and Samoa signed a fisheries pact\nin Nuku'alofa on Thursday, officials of both governments said.", None),
])
def test_headline_directly_above_the_first_sentence(ingestor, text, title):
    a = ingestor.read_text(text)
    assert a.title == title
    assert a.text.startswith("Tonga and Samoa signed" if title else text.split()[0])


@pytest.mark.parametrize("name", ["press-release.txt", "press-release-blank-lines.txt"])
def test_press_release_banner_date_and_city_dateline(ingestor, name):
    a = next(ingestor.read([READING / name]))
    assert (a.title, a.published, a.dateline, a.outlet) == (
        "Fiji and Vanuatu agree to share maritime surveillance data", "2021-03-12", "Suva",
        "Department of Foreign Affairs and Trade of Fiji")
    assert a.text.startswith("Foreign Minister Inia Seruiratu")
    assert a.text.endswith("exchange patrol reports every month.")
    assert "RELEASE" not in a.text.upper()


def test_title_case_city_dash_is_a_dateline_only_in_a_release(ingestor):
    a = ingestor.read_text("Suva - Foreign Minister Inia Seruiratu signed a memorandum in Suva on Monday.")
    assert a.dateline is None and a.text.startswith("Suva - Foreign Minister")


def test_jsonl_bad_optional_fields_warn_and_keep_the_article(ingestor, caplog):
    path = READING / "bad-optional-fields.jsonl"
    with caplog.at_level("WARNING", logger="communique.ingest"):
        items = list(ingestor.read([path]))
    assert all(isinstance(i, Article) for i in items) and len(items) == 4
    assert [(i.url, i.author, i.title, i.outlet, i.published) for i in items] == [
        (None, None, None, None, "2024-05-07"), (None, None, None, "Example Wire", None),
        (None, None, None, None, None), (None, None, None, None, "2024-09-24")]
    warned = [r.getMessage() for r in caplog.records]
    assert [(w.removeprefix(f"{path}:").split(":")[0], w.split("'")[1]) for w in warned] == [
        ("1", "url"), ("2", "author"), ("3", "title"), ("3", "outlet"), ("4", "author")]
    assert all(w.startswith(f"{path}:") and "kept without it" in w for w in warned)


def test_jsonl_warning_on_stderr_is_one_communique_line(tmp_path):
    import subprocess
    import sys
    exe = Path(sys.executable).with_name("communique")
    path = READING / "bad-optional-fields.jsonl"
    r = subprocess.run([str(exe), "parse", str(path)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 4
    lines = r.stderr.splitlines()
    assert len(lines) == 5 and all(ln.startswith(f"communique: {path}:") for ln in lines)
    assert "communique: " + str(path) + ":1: field 'url' must be a string" in r.stderr


def test_ingest_stderr_has_no_blank_line(tmp_path):
    import subprocess
    import sys
    exe = Path(sys.executable).with_name("communique")
    r = subprocess.run([str(exe), "ingest", str(READING / "bad-optional-fields.jsonl"), "--db", str(tmp_path / "s.duckdb")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines() and all(ln.startswith("communique: ") for ln in r.stderr.splitlines())


def test_time_first_update_line_reading_time_and_a_region_dateline():
    """'Last updated 09:40 GMT, Tue 12 March 2024 · 3 min read' is the publication date (the
    time before the date, the reading time after it); a dateline's region may be several words
    ('CAP-HAITIEN, Republic of Haiti —'); 'Last updated: …' names no author 'Last' (all three
    found by coding an untested page layout)."""
    from communique.ingest import Ingestor
    reading = Path(__file__).parent / "ingest_fixtures" / "reading"
    (a,) = Ingestor().read([reading / "updated-time-first-region-dateline.txt"])
    assert (a.title, a.published, a.author, a.dateline) == (
        "Haiti: gangs attack police station as talks stall", "2024-03-12T09:40", "Jean Baptiste",
        "CAP-HAITIEN, Republic of Haiti")
    assert a.text.startswith("Armed gangs attacked")
    (b,) = Ingestor().read([reading / "last-updated-colon.txt"])
    assert (b.published, b.author, b.dateline) == ("2024-06-04", None, "DAKAR")
