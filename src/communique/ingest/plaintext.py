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
# PLACE[/PLACE…][, Region][, date] [(Outlet[ - date])] separator
_CITY = r"[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3}"
_DATELINE = re.compile(
    rf"""^(?P<place>{_CITY}(?P<others>(?:\s*/\s*{_CITY}){{1,3}})?
         (?:,\s*(?P<region>[A-Z][a-zA-Z.]+(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][a-zA-Z.]+){{0,3}})(?=\s*[,(—–-]))?)
        (?:,?\s*(?P<date>{_DAY_MONTH}))?
        \s*,?\s*
        (?:\((?P<paren>[^()\n]{{1,160}})\))?
        \s*(?P<sep>--|[:\-–—])?\s*""",
    re.VERBOSE,
)
# Title-case places are accepted only with an outlet in parentheses: "Beijing, Aug 18 (Xinhua) --".
_DATELINE_TITLE = re.compile(
    rf"""^(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}(?P<others>(?:\s*/\s*[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}){{1,3}})?)
        (?:,\s*(?P<date>{_DAY_MONTH}))?
        ,?\s*\((?P<paren>[^()\n]{{1,160}})\)\s*(?P<sep>--|[:\-–—])\s*""",
    re.VERBOSE,
)
# A press release's title-case "City -" opening: "Tokyo - The foreign minister …", "New York,
# 5 July 2019 – …" (only in a release: in news copy such a line is a sentence).
_DATELINE_RELEASE = re.compile(
    rf"""^(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}
        (?:,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=\s*,\s*{_DAY_MONTH}|\s+[-–—]|\s*[–—]))?)
        (?:,\s*(?P<date>{_DAY_MONTH}))?
        (?P<sep>\s+(?:--|[-–—])\s+|\s*[–—]\s*)""",
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


def parse_dateline(paragraph: str, reference: date | None = None, release: bool = False) -> Dateline | None:
    """Recognise a wire dateline at the start of ``paragraph``.

    Forms: ``BEIJING, (Outlet / Outlet - 18th Aug, 2023 ) :``, ``KYIV, March 4 (Outlet) -``,
    ``SEOUL, Jan. 20 (Outlet) --``, ``PARIS (Outlet) -``, ``WASHINGTON —``,
    ``Beijing, Aug 18 (Outlet) --``, ``ISTANBUL/ANKARA, May 2 (Outlet) -`` (several cities: the
    place is the first, where the story was filed).

    Args:
        paragraph: the first paragraph of the body.
        reference: the article's publication date (a ``date`` or ``datetime``), which supplies
            the year of a dateline date written without one ("May 2" → the nearest 2 May not
            after it). None when unknown: such a date is then None, never given this year.
        release: the text is a press release, whose dateline may be a title-case place and a
            dash alone ("Tokyo - Foreign Minister …", "New York, 5 July 2019 – …").

    Returns:
        A :class:`Dateline` (``end`` is the offset where the body text starts), or None.
    """
    for pattern in (_DATELINE, _DATELINE_TITLE) + ((_DATELINE_RELEASE,) if release else ()):
        m = pattern.match(paragraph)
        if not m:
            continue
        paren, sep = m.groupdict().get("paren"), m.group("sep")
        if not paren and not sep:
            continue
        if pattern is _DATELINE and not paren and sep == ":":
            continue  # "NOTE: ..." is not a dateline
        place = m.group("place").strip()
        if m.groupdict().get("others"):  # "ISTANBUL/ANKARA": filed from the first city
            place = place.replace(m.group("others"), "", 1).strip()
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


# how many last lines of the body a footer (credit, date and chrome lines) may span
_FOOTER_LINES = 8

_KEY_VALUE = re.compile(r"([A-Za-z][A-Za-z _-]{0,24}?)\s*:\s*(.*)")
# /2019/11/18/, /2019-11-18/, /20191118/ in a URL path
_URL_DATE = re.compile(r"/((?:19|20)\d{2})([/-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")


def _url_date(url: str | None) -> str | None:
    """The date written in a URL's path (``/2019/11/18/``, ``/2019-11-18-``, ``/20191118/``) as
    ISO 8601, or None."""
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(3)), int(m.group(4))).isoformat()
    except ValueError:
        return None


_MARKDOWN_HEADING = re.compile(r"#{1,6}\s+(.+?)\s*#*")
_MARKDOWN_WRAP = re.compile(r"(\*\*|\*|__|_)(\S(?:.*\S)?)\1")
_EMAIL = re.compile(r"\s*<[^<>@\s]+@[^<>\s]+>\s*")


def _unmark(line: str) -> str:
    """A stripped line without Markdown heading marks or a whole-line emphasis ("# Title",
    "*By Jane Roe*", "_12 July 2024_")."""
    m = _MARKDOWN_HEADING.fullmatch(line)
    if m:
        line = m.group(1)
    m = _MARKDOWN_WRAP.fullmatch(line)
    return m.group(2) if m else line


def _front_matter(lines: list[str]) -> tuple[list[str], int]:
    """A YAML front-matter block (``---`` … ``---`` at the very top, as static-site and
    Markdown dumps write it) as ``KEY: value`` lines with their quotes removed, and the number
    of lines it spans; ``([], 0)`` when the text has none."""
    first = next((i for i, ln in enumerate(lines) if ln), None)
    if first is None or lines[first] != "---":
        return [], 0
    for j in range(first + 1, min(len(lines), first + 40)):
        if lines[j] in ("---", "..."):
            inner = [re.sub(r"""^([^:]+:\s*)(["'])(.*)\2$""", r"\1\3", ln) for ln in lines[first + 1:j] if ln]
            if inner and all(_KEY_VALUE.fullmatch(ln) for ln in inner):
                return inner, j + 1
            break
    return [], 0


# words a headline does not end with but a line broken inside a sentence may ("… met Xi at")
_CONTINUES = frozenset(
    "a an the of to in on at for with by from into onto over under about after before against "
    "and or but nor as than that which who whose whom is are was were be been has have had will "
    "would shall should can could may might must its his her their our said says".split())


def _headline_over_sentence(line: str, nxt: str) -> bool:
    """True when ``line`` reads as a headline directly above the story's first sentence ``nxt``
    (a page saved with single newlines: "Lebanon pagers explode" / "Hundreds of pagers …
    exploded …, killing at least nine people."): ``line`` has 2–20 words, starts with a capital
    or digit and ends in neither punctuation nor a word that continues a sentence (so a line
    broken inside a sentence is not taken); ``nxt`` starts with a capital, digit or quote, has
    at least 8 words, more than ``line``, and ends a sentence."""
    words = line.split()
    if not 2 <= len(words) <= 20 or not (line[0].isupper() or line[0].isdigit()):
        return False
    if line.endswith((",", ";", ":", "-", "–", "—", "(", "/")) or words[-1].lower() in _CONTINUES:
        return False
    nxt_words = nxt.split()
    return (len(nxt_words) >= 8 and len(nxt_words) > len(words)
            and (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "\"'“‘")
            and nxt.endswith((".", "!", "?", '"', "”", "’", "'")))


def _compile_lines(lines: list[str]) -> list[re.Pattern[str]]:
    return [re.compile(line, re.IGNORECASE) for line in lines]


class PlainTextReader:
    """Parse raw scraped article text; build once per :class:`Dictionaries` and reuse."""

    def __init__(self, dictionaries: Dictionaries):
        self._chrome = _compile_lines(dictionaries.lines("page_chrome.txt") + dictionaries.lines("boilerplate_lines.txt"))
        self._nav_words = {w.lower() for w in dictionaries.lines("navigation_words.txt")}
        self._bylines = _compile_lines(dictionaries.lines("bylines.txt"))
        self._meta = _compile_lines(dictionaries.lines("metadata_lines.txt"))
        self._credits = _compile_lines(dictionaries.lines("credit_lines.txt"))
        self._release = _compile_lines(dictionaries.lines("release_lines.txt"))
        self._footer_chrome = _compile_lines(dictionaries.lines("footer_lines.txt"))
        self._header_keys = {re.sub(r"[\s_-]+", " ", row["key"].strip().lower()): row["field"].strip()
                             for row in dictionaries.tsv("header_keys.tsv")}

    def is_chrome(self, line: str) -> bool:
        """True when ``line`` (stripped) is page chrome such as a menu or share bar."""
        return len(line) <= 200 and any(p.fullmatch(line) for p in self._chrome)

    def is_navigation(self, line: str) -> bool:
        """True when ``line`` is a site navigation menu: three or more items separated by ``|``,
        ``•``, ``·`` or ``/`` of at most three words each, or four or more words of which at least
        two thirds are section names (``data/navigation_words.txt``), without sentence
        punctuation. Only lines above the story are tested (see :meth:`read`)."""
        if len(line) > 200 or line.endswith((".", "?", "!", '"', "”")):
            return False
        items = [x.strip() for x in re.split(r"\s*[|•·]\s*|\s+/\s+", line) if x.strip()]
        if len(items) >= 3 and all(len(x.split()) <= 3 for x in items) and not any(re.search(r"\d", x) for x in items):
            return True
        words = re.findall(r"[A-Za-z][\w.&'-]*", line)
        if len(words) < 4:
            return False
        return sum(1 for w in words if w.lower().strip(".") in self._nav_words or w.lower() in self._nav_words) >= 2 * len(words) / 3

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

    def match_credit(self, line: str) -> tuple[str | None] | None:
        """Return ``(author,)`` when ``line`` is a wire credit line of ``data/credit_lines.txt``
        ("Reporting by Armen Petrosyan; Editing by Jane Roe" → ``("Armen Petrosyan",)``;
        "Editing by Jane Roe" → ``(None,)``), else None."""
        if len(line) > 200:
            return None
        for p in self._credits:
            m = p.fullmatch(line)
            if m:
                author = (m.groupdict().get("author") or "").strip(" ,;.") or None
                return (author,)
        return None

    def is_footer_chrome(self, line: str) -> bool:
        """True when ``line`` (stripped) is footer chrome of ``data/footer_lines.txt`` ("Related:
        …", "Read more: …", a copyright or tags line, a release's "Contact:" line or "###"); a
        line starting in lower case continues a sentence ("more on Tuesday.") and never is."""
        if len(line) > 240 or line[:1].islower():
            return False
        return any(p.fullmatch(line) for p in self._footer_chrome)

    def is_release_line(self, line: str) -> bool:
        """True when ``line`` (stripped) is a press-release banner of ``data/release_lines.txt``
        ("FOR IMMEDIATE RELEASE", "Press Release, 5 July 2019")."""
        return len(line) <= 160 and any(p.fullmatch(line) for p in self._release)

    def match_outlet(self, line: str) -> str | None:
        """The outlet named by a metadata line with an ``outlet`` group (a print edition's
        "PAGE A4 | THE HARBOUR TIMES | Wednesday, 18 September 2024"), else None."""
        for p in self._meta:
            m = p.fullmatch(line)
            if m and m.groupdict().get("outlet") and is_date_expression(m.group("date")):
                return m.group("outlet").strip()
        return None

    def match_metadata(self, line: str) -> tuple[str | None, str] | None:
        """Return ``(author, date_text)`` when ``line`` is a metadata date line of
        ``data/metadata_lines.txt`` ("Posted 5 March 2024 | By Jane Roe", "Posted on April 9,
        2024 by Kofi Mensah", "Last updated 2024-03-05 10:00"), else None."""
        if len(line) > 160:
            return None
        for p in self._meta:
            m = p.fullmatch(line)
            if not m:
                continue
            author = (m.groupdict().get("author") or "").strip(" ,|-") or None
            date_text = m.group("date")
            if author and (len(author.split()) > 8 or author[0].islower()):
                continue
            if not is_date_expression(date_text):
                continue
            return author, date_text
        return None

    def header_block(self, kept: list[str | None]) -> tuple[dict[str, str], set[int], tuple[int, str] | None]:
        """The ``KEY: value`` block at the top of ``kept`` (stripped lines, None for blank ones).

        Returns:
            ``(fields, consumed, body_start)``: the article fields it gives (keys of
            ``data/header_keys.tsv``; first value of a field wins), the indices of its lines, and
            ``(index, text)`` when a ``TEXT:``/``BODY:`` key starts the body on its own line.
            Empty when the top is not such a block: no key line, nothing after it, or a value
            that is a sentence (over 20 words, or over 8 ending in ``.``: "Source: the ministry,
            which said …").
        """
        fields: dict[str, str] = {}
        consumed: set[int] = set()
        body_start = None
        lines = 0
        for i, ln in enumerate(kept):
            if ln is None:
                continue
            m = _KEY_VALUE.fullmatch(ln)
            field = self._header_keys.get(re.sub(r"[\s_-]+", " ", m.group(1).strip().lower())) if m else None
            if field is None:
                break
            value = m.group(2).strip()
            lines += 1
            consumed.add(i)
            if field == "text":
                if value:
                    body_start = (i, value)
                break
            if value and field not in fields:
                fields[field] = value
        def sentence(v: str) -> bool:
            n = len(v.split())
            return n > 20 or (n > 8 and v.endswith((".", "!", "?")))

        rest = any(ln is not None and i not in consumed for i, ln in enumerate(kept))
        if lines and (rest or body_start) and not any(sentence(v) for v in fields.values()):
            return fields, consumed, body_start
        return {}, set(), None

    def read(
        self,
        text: str,
        source_path: str | None = None,
        known: dict[str, str | None] | None = None,
        default_published: str | None = None,
        known_source: str = "metadata",
    ) -> Article:
        """Parse raw article ``text`` into an :class:`Article`.

        Fields are taken in this order of trust: ``known`` (title, published, author, outlet,
        url — from HTML metadata or a JSONL record), a ``KEY: value`` header block at the top of
        the text (:meth:`header_block`), the headline, byline and metadata lines above the body,
        metadata date lines below it ("Published 14 October 2024"; "Last updated …" only when
        nothing else dates the article), the dateline (place, outlet, a date with its year), a
        date in the URL (``/2019/11/18/``), the crawl-date header (``date 2023-08-18 …``), then
        ``default_published`` (ISO 8601); :attr:`Article.published_source` names which one
        (``known_source`` — ``"metadata"`` or ``"jsonl"`` — for ``known``). A byline or
        dateline date without a year takes it
        from the publication date (the nearest such day not after it); with none known it is
        None. The system clock is never read.

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
        lines = [_unmark(ln.strip()) for ln in text.split("\n")]
        front, front_end = _front_matter(lines)
        if front_end:  # YAML front matter: read as a KEY: value block
            lines = front + [""] + lines[front_end:]
        crawl_date = None
        m = re.match(r"\s*date\s+(\d{4}-\d{2}-\d{2})\b", text)
        if m:
            crawl_date = m.group(1)
        kept: list[str | None] = []  # None marks a paragraph break
        above_story = True  # navigation menus are looked for above the first sentence only
        release = False  # a press release ("FOR IMMEDIATE RELEASE", "Press Release, 5 July 2019")
        for ln in lines:
            if not ln:
                kept.append(None)
            elif self.is_chrome(ln):
                continue
            elif above_story and self.is_navigation(ln):
                continue
            elif above_story and self.is_release_line(ln):
                release = True
                if self.match_metadata(ln) is None:
                    continue  # the banner alone; a release date line is read below
                kept.append(ln)
            else:
                kept.append(ln)
                if len(ln.split()) >= 12 or ln.endswith((".", "?", "!")):
                    above_story = False
        header, consumed, body_start = self.header_block(kept)
        header = {k: _EMAIL.sub(" ", v).strip() if k in ("author", "outlet") else v for k, v in header.items()}
        if body_start is not None:
            kept[body_start[0]] = body_start[1]
            consumed.discard(body_start[0])
        known_published = _iso_or_none((known or {}).get("published"))
        header_published = _iso_or_none(header.get("published"))
        default_published = _iso_or_none(default_published)
        url = (known or {}).get("url") or header.get("url")
        url_published = _url_date(url)
        # what supplies the year of a byline date without one
        byline_reference = _first_date(known_published, header_published, url_published, crawl_date,
                                       default_published)
        # headline and byline: the first non-chrome lines before the body
        title = author = published = outlet = None
        head_idx = [i for i, ln in enumerate(kept) if ln is not None and i not in consumed][:4]
        if body_start is not None:
            head_idx = []
        bylines: set[int] = set()
        bylines_with_author: set[int] = set()
        issuer = None  # a release's issuing body, on the line above its headline
        for i in head_idx:
            ln = kept[i]
            assert ln is not None
            byline = self.match_byline(ln) or self.match_metadata(ln)
            # a byline and a date line may come one after the other, in either order
            if byline and (published is None or byline[1] is None) and (author is None or byline[0] is None):
                author, date_text = author or byline[0], byline[1]
                outlet = outlet or self.match_outlet(ln)
                if byline[0]:
                    bylines_with_author.add(i)
                if date_text:
                    d = parse_date(date_text, byline_reference)
                    if d:
                        published = iso_date(d)
                bylines.add(i)
                continue
            if (
                # in a release, a second headline-like line is the headline and the first its issuer
                (title is None or (release and issuer is None and not bylines_with_author))
                and not bylines_with_author.intersection(range(i))  # a print header may come first
                and len(ln.split()) <= 30
                and not ln.endswith((".", "”", '"'))
                and parse_dateline(ln, release=release) is None
                and self._next_is_break_or_byline(kept, i, release)
            ):
                if title is not None:
                    issuer = title
                title = ln
                bylines.add(i)
                continue
            break
        consumed |= bylines
        footer_published, footer_updated, credited = self._footer(kept, consumed, byline_reference)
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
        reference = _first_date(known_published, header_published, published, footer_published,
                                footer_updated, url_published, crawl_date, default_published)
        dateline = parse_dateline(paragraphs[0], reference, release) if paragraphs else None
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
            "title": header.get("title") or title,
            "author": header.get("author") or author or credited,
            "outlet": header.get("outlet") or outlet or (dateline.outlet if dateline else None) or issuer,
            "url": header.get("url"),
        }
        fields.update({k: v for k, v in (known or {}).items() if v is not None and k != "published"})
        candidates = ((known_published, known_source), (header_published, "header"), (published, "byline"),
                      (footer_published, "footer"), (footer_updated, "footer"),
                      (dateline.date if dateline else None, "dateline"), (url_published, "url"),
                      (crawl_date, "crawl_date"), (default_published, "default"))
        fields["published"], fields["published_source"] = next(((v, k) for v, k in candidates if v), (None, None))
        return Article(
            text=body,
            dateline=dateline.place if dateline else None,
            dateline_date=dateline.date if dateline else None,
            source_path=source_path,
            **fields,
        )

    def _footer(self, kept: list[str | None], consumed: set[int],
                reference: date | None) -> tuple[str | None, str | None, str | None]:
        """The footer: the run of last body lines (at most :data:`_FOOTER_LINES`, never the
        only line of the body) that are footer chrome (:meth:`is_footer_chrome`), wire credit
        lines (:meth:`match_credit`), metadata date lines (:meth:`match_metadata`), a byline
        ("By ZEKE MILLER, Associated Press") or a bare date line ("Nov. 16, 2023"), in any
        order. Adds their indices to ``consumed`` and returns ``(published, updated, credited
        author)``, dates as ISO 8601."""
        published = updated = credited = None
        body = [i for i, ln in enumerate(kept) if ln is not None and i not in consumed]
        for i in reversed(body[1:][-_FOOTER_LINES:]):  # never the only line of the body
            ln = kept[i]
            assert ln is not None
            credit = self.match_credit(ln)
            if credit is not None:
                consumed.add(i)
                credited = credited or credit[0]
                continue
            if self.is_footer_chrome(ln):
                consumed.add(i)
                continue
            meta = self.match_metadata(ln) or self._footer_byline(ln)
            if meta is None:
                break
            consumed.add(i)
            credited = credited or meta[0]
            if meta[1] is None:
                continue
            d = parse_date(meta[1], reference)
            if d is None:
                continue
            if re.match(r"\s*(?:last\s+)?(?:updated|modified)\b", ln, re.I):
                updated = updated or iso_date(d)
            else:
                published = published or iso_date(d)
        return published, updated, credited

    def _footer_byline(self, line: str) -> tuple[str | None, str | None] | None:
        """A byline below the story: one that starts with "By" ("By ZEKE MILLER, Associated
        Press", "By Jane Roe | Published 4 March 2024"), or a date line without an author
        ("June 19, 2021", "Posted March 4, 2024"); None otherwise (a last sentence such as "The
        ministry published its figures on 5 May 2024" is not one)."""
        byline = self.match_byline(line)
        if byline is None:
            return None
        if byline[0] and not re.match(r"(?:(?:written|words|story|text)\s+)?by\s", line, re.I):
            return None
        return byline

    def _next_is_break_or_byline(self, kept: list[str | None], i: int, release: bool = False) -> bool:
        """A headline stands alone: followed by a blank line, a byline or date line, a dateline
        paragraph (a release's "City -" one when ``release``), or (text saved with single
        newlines) a whole sentence below a headline-like line (:func:`_headline_over_sentence`)."""
        if i + 1 >= len(kept):
            return False
        nxt = kept[i + 1]
        if nxt is None or self.match_byline(nxt) is not None or self.match_metadata(nxt) is not None \
                or parse_dateline(nxt, release=release) is not None:
            return True
        line = kept[i]
        return line is not None and _headline_over_sentence(line, nxt)
