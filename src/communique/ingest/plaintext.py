"""Scraped plain text → :class:`~communique.model.Article`.

A raw article as scrapers save it: page chrome (``date 2023-08-18 Open Menu``), a headline, a
byline (``Jane Roe Published August 18, 2023 | 06:10 PM``, ``By Jane Roe | Published 4 March
2024``), then paragraphs of which the first may open with a wire dateline (``KYIV, March 4
(Reuters) -``, ``PARIS (AFP) -``, ``WASHINGTON —``). Chrome and byline patterns are data files
(``data/page_chrome.txt``, ``data/bylines.txt``) that a dictionary folder can extend.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

from communique.dictionaries import Dictionaries
from communique.ingest.decode import InputError, repair_text
from communique.ingest.pubdate import is_date_expression, iso_date, normalise_published, parse_date
from communique.model import Article

__all__ = ["Dateline", "PlainTextReader", "parse_date", "parse_dateline"]

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY_MONTH = rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?)"
# PLACE[, Region][, date] [(Outlet[ - date])] separator
_DATELINE = re.compile(
    rf"""^(?P<place>[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){{0,3}}
         (?:,\s*(?P<region>[A-Z][a-zA-Z.]+(?:\s+[A-Z][a-zA-Z.]+)?)(?=\s*[,(—–-]))?)
        (?:,?\s*(?P<date>{_DAY_MONTH}))?
        \s*,?\s*
        (?:\((?P<paren>[^()\n]{{1,160}})\))?
        \s*(?P<sep>--|[:\-–—])?\s*""",
    re.VERBOSE,
)
# Title-case places are accepted only with an outlet in parentheses: "Beijing, Aug 18 (Xinhua) --".
_DATELINE_TITLE = re.compile(
    rf"""^(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}})
        (?:,\s*(?P<date>{_DAY_MONTH}))?
        ,?\s*\((?P<paren>[^()\n]{{1,160}})\)\s*(?P<sep>--|[:\-–—])\s*""",
    re.VERBOSE,
)


_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")


@dataclass(frozen=True)
class Dateline:
    """A parsed dateline: place as written, outlet, date (ISO 8601) and where the body starts."""

    place: str
    outlet: str | None
    date: str | None
    end: int


def parse_dateline(paragraph: str, reference: date | None = None) -> Dateline | None:
    """Recognise a wire dateline at the start of ``paragraph``.

    Forms: ``BEIJING, (Outlet / Outlet - 18th Aug, 2023 ) :``, ``KYIV, March 4 (Outlet) -``,
    ``SEOUL, Jan. 20 (Outlet) --``, ``PARIS (Outlet) -``, ``WASHINGTON —``,
    ``Beijing, Aug 18 (Outlet) --``.

    Args:
        paragraph: the first paragraph of the body.
        reference: the article's publication date (a ``date`` or ``datetime``), which supplies
            the year of a dateline date written without one ("May 2" → the nearest 2 May not
            after it). None when unknown: such a date is then None, never given this year.

    Returns:
        A :class:`Dateline` (``end`` is the offset where the body text starts), or None.
    """
    for pattern in (_DATELINE, _DATELINE_TITLE):
        m = pattern.match(paragraph)
        if not m:
            continue
        paren, sep = m.group("paren"), m.group("sep")
        if not paren and not sep:
            continue
        if pattern is _DATELINE and not paren and sep == ":":
            continue  # "NOTE: ..." is not a dateline
        place = m.group("place").strip()
        if pattern is _DATELINE and len(place.replace(".", "")) < (2 if paren else 3):
            continue
        outlet, date_text = None, m.group("date")
        if paren:
            parts = re.split(r"\s+[-–—]\s+", paren.strip())
            if len(parts) > 1 and is_date_expression(parts[-1]):
                date_text = date_text or parts[-1]
                parts = parts[:-1]
            outlet = " - ".join(p.strip() for p in parts if p.strip()) or None
        when = parse_date(date_text, reference) if date_text else None
        return Dateline(place, outlet, when.date().isoformat() if when else None, m.end())
    return None


def _iso_or_none(value: str | None) -> str | None:
    """``value`` as ISO 8601 (:func:`normalise_published`), or None when it is not a date."""
    try:
        return normalise_published(value)
    except ValueError:
        return None


def _first_date(*isos: str | None) -> date | None:
    """The date of the first ISO 8601 text among ``isos`` that is one."""
    for iso in isos:
        if iso:
            try:
                return date.fromisoformat(iso[:10])
            except ValueError:
                continue
    return None


def _compile_lines(lines: list[str]) -> list[re.Pattern[str]]:
    return [re.compile(line, re.IGNORECASE) for line in lines]


class PlainTextReader:
    """Parse raw scraped article text; build once per :class:`Dictionaries` and reuse."""

    def __init__(self, dictionaries: Dictionaries):
        self._chrome = _compile_lines(dictionaries.lines("page_chrome.txt"))
        self._bylines = _compile_lines(dictionaries.lines("bylines.txt"))

    def is_chrome(self, line: str) -> bool:
        """True when ``line`` (stripped) is page chrome such as a menu or share bar."""
        return len(line) <= 200 and any(p.fullmatch(line) for p in self._chrome)

    def match_byline(self, line: str) -> tuple[str | None, str | None] | None:
        """Return ``(author, date_text)`` when ``line`` is a byline, else None."""
        if len(line) > 160 or line.endswith((".", "?", "!")) and not re.search(r"\d", line):
            return None
        for p in self._bylines:
            m = p.fullmatch(line)
            if not m:
                continue
            author = (m.groupdict().get("author") or "").strip(" ,|-") or None
            date = m.groupdict().get("date")
            if author and (len(author.split()) > 8 or author[0].islower()):
                continue
            if date and not is_date_expression(date):
                continue
            return author, date
        return None

    def read(
        self,
        text: str,
        source_path: str | None = None,
        known: dict[str, str | None] | None = None,
        default_published: str | None = None,
    ) -> Article:
        """Parse raw article ``text`` into an :class:`Article`.

        ``known`` fields (title, published, author, outlet, url — from HTML metadata or a JSONL
        record) take precedence over what the text yields when they are not None.
        The publication date comes from ``known``, else the byline, else the dateline, else the
        crawl-date header (``date 2023-08-18 …``), else ``default_published`` (ISO 8601). A byline
        or dateline date without a year takes it from the first of these that is known (the
        nearest such day not after it); with none known it is None. The system clock is never
        read.

        Mojibake in the text, title, author and outlet is repaired and NUL characters removed
        (:func:`~communique.ingest.decode.repair_text`).

        Raises:
            InputError: no body text remains after removing chrome, headline and byline.
        """
        text = repair_text(text)  # mojibake ("Russiaâ€™s"), NUL characters
        if known:
            known = {k: repair_text(v) if isinstance(v, str) and k in ("title", "author", "outlet") else v
                     for k, v in known.items()}
        if _ENTITY.search(text):
            text = html.unescape(text).replace("\xa0", " ")
        lines = [ln.strip() for ln in text.split("\n")]
        crawl_date = None
        m = re.match(r"\s*date\s+(\d{4}-\d{2}-\d{2})\b", text)
        if m:
            crawl_date = m.group(1)
        known_published = _iso_or_none((known or {}).get("published"))
        default_published = _iso_or_none(default_published)
        # what supplies the year of a byline date without one
        byline_reference = _first_date(known_published, crawl_date, default_published)
        kept: list[str | None] = []  # None marks a paragraph break
        for ln in lines:
            if not ln:
                kept.append(None)
            elif not self.is_chrome(ln):
                kept.append(ln)
        # headline and byline: the first non-chrome lines before the body
        title = author = published = None
        head_idx = [i for i, ln in enumerate(kept) if ln is not None][:4]
        consumed: set[int] = set()
        for i in head_idx:
            ln = kept[i]
            assert ln is not None
            byline = self.match_byline(ln)
            if byline and published is None and (author is None or byline[0] is None):
                author, date_text = author or byline[0], byline[1]
                if date_text:
                    d = parse_date(date_text, byline_reference)
                    if d:
                        published = iso_date(d)
                consumed.add(i)
                continue
            if (
                title is None
                and not consumed.intersection(range(i))
                and len(ln.split()) <= 30
                and not ln.endswith((".", "”", '"'))
                and parse_dateline(ln) is None
                and self._next_is_break_or_byline(kept, i)
            ):
                title = ln
                consumed.add(i)
                continue
            break
        paragraphs: list[str] = []
        current: list[str] = []
        for i, ln in enumerate(kept):
            if i in consumed:
                continue
            if ln is None:
                if current:
                    paragraphs.append(" ".join(current))
                    current = []
            else:
                current.append(ln)
        if current:
            paragraphs.append(" ".join(current))
        reference = _first_date(known_published, published, crawl_date, default_published)
        dateline = parse_dateline(paragraphs[0], reference) if paragraphs else None
        if dateline:
            paragraphs[0] = paragraphs[0][dateline.end:].strip()
            if not paragraphs[0]:
                paragraphs.pop(0)
        body = "\n\n".join(paragraphs).strip()
        if not re.search(r"\w", body) and title:
            body = title  # a one-line text is its own body ("Japan protested to China")
        if not re.search(r"\w", body):
            raise InputError("no article text after removing page chrome, headline and byline")
        fields = {
            "title": title,
            "published": published or (dateline.date if dateline else None) or crawl_date,
            "author": author,
            "outlet": dateline.outlet if dateline else None,
            "url": None,
        }
        text_published = fields["published"]
        fields.update({k: v for k, v in (known or {}).items() if v is not None})
        fields["published"] = known_published or text_published or default_published
        return Article(
            text=body,
            dateline=dateline.place if dateline else None,
            dateline_date=dateline.date if dateline else None,
            source_path=source_path,
            **fields,
        )

    def _next_is_break_or_byline(self, kept: list[str | None], i: int) -> bool:
        """A headline stands alone: followed by a blank line, a byline, or a dateline paragraph."""
        if i + 1 >= len(kept):
            return False
        nxt = kept[i + 1]
        return nxt is None or self.match_byline(nxt) is not None or parse_dateline(nxt) is not None
