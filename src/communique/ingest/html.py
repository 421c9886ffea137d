"""HTML page → :class:`~communique.model.Article` (or one per live-blog update) via trafilatura.

trafilatura (a maintained library) extracts the main text without menus, share bars and
footers, and the title, author, date and site name from the page's metadata. The extracted
text then goes through the plain-text reader so that a wire dateline in the first paragraph is
recognised and stripped.

Live blogs are read update by update (:func:`live_updates`): each update becomes its own
article whose publication date-time is the update's time (``published_source: "update"``)
and whose title is the update's heading, so that headings are never run into the next sentence
and every event is dated from the time of its own update.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import lxml.html
import trafilatura

from communique.ingest.decode import InputError
from communique.ingest.plaintext import PlainTextReader
from communique.model import Article

MIN_UPDATES = 2   # a page with fewer time-stamped update blocks is an ordinary article
MIN_UPDATE_SHARE = 0.5   # update blocks must carry this share of the page's main text
_UPDATE_CLASS = re.compile(r"live|update|entry|post|timeline|event", re.I)
_LIVE = re.compile(r"live", re.I)
_NOT_STORY = re.compile(r"related|recommend|sidebar|teaser|promo|more-stories|trending|popular|comment", re.I)
_HEADINGS = ("h2", "h3", "h4", "h5")


@dataclass(frozen=True)
class Update:
    """One live-blog update: ``time`` as written in the page (ISO 8601 or any form
    :func:`~communique.ingest.pubdate.normalise_published` reads), ``heading`` (or None) and
    ``text`` (paragraphs separated by blank lines)."""

    time: str | None
    heading: str | None
    text: str


def _jsonld_objects(tree) -> list[dict]:
    out: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content())
        except (json.JSONDecodeError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                out.append(item)
                stack.extend(item.get("@graph") or [])
            elif isinstance(item, list):
                stack.extend(item)
    return out


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    return set(t) if isinstance(t, list) else {t}


def _jsonld_updates(tree) -> list[Update]:
    """The ``liveBlogUpdate`` entries of a schema.org ``LiveBlogPosting`` in JSON-LD."""
    for obj in _jsonld_objects(tree):
        if "LiveBlogPosting" not in _types(obj):
            continue
        entries = obj.get("liveBlogUpdate") or []
        entries = entries if isinstance(entries, list) else [entries]
        updates = []
        for e in entries:
            if not isinstance(e, dict):
                continue
            body = (e.get("articleBody") or e.get("text") or "").strip()
            heading = (e.get("headline") or "").strip() or None
            if body:
                updates.append(Update(e.get("datePublished") or e.get("dateModified"), heading, body))
        if updates:
            return updates
    return []


def _label(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _block_updates(tree) -> list[Update]:
    """The updates of the time-stamped update blocks of a live page (:func:`_blocks`)."""
    updates = []
    for el, when in _blocks(tree):
        heading_el = next((h for tag in _HEADINGS for h in el.iter(tag)), None)
        heading = " ".join(heading_el.text_content().split()) if heading_el is not None else None
        paragraphs = [" ".join(p.text_content().split()) for p in el.iter("p")]
        text = "\n\n".join(p for p in paragraphs if p)
        if text:
            updates.append(Update(when, heading, text))
    return updates


def _blocks(tree) -> list[tuple]:
    """``(element, time)`` of the time-stamped update blocks of a live page: the innermost
    elements whose class or id says live/update/entry/post and that hold exactly one
    ``<time datetime>`` (or a
    ``data-timestamp``) and at least one paragraph; the page must say "live" in a block's or
    an ancestor's class or id, the blocks must share one parent, and none may sit in a
    ``nav``/``aside``/``footer``/``header`` or a related-stories, sidebar or comments box (a
    news page's list of related stories with their times is not a live blog)."""
    blocks = []
    for el in tree.iter("div", "article", "section", "li"):
        label = _label(el)
        if not _UPDATE_CLASS.search(label):
            continue
        ancestors = list(el.iterancestors())
        if any(a.tag in ("nav", "aside", "footer", "header") or _NOT_STORY.search(_label(a))
               for a in ancestors) or _NOT_STORY.search(label):
            continue
        if not (_LIVE.search(label) or any(_LIVE.search(_label(a)) for a in ancestors)):
            continue
        times = el.xpath(".//time[@datetime]")
        stamp = el.get("data-timestamp") or el.get("data-time")
        if len(times) + (1 if stamp else 0) != 1 or not el.xpath(".//p"):
            continue
        blocks.append((el, times[0].get("datetime") if times else stamp))
    # the innermost: no other block inside it
    inner = [(el, t) for el, t in blocks if not any(other is not el and el in set(other.iterancestors())
                                                    for other, _ in blocks)]
    parents = {id(el.getparent()) for el, _ in inner}
    return inner if len(parents) == 1 else []


def _without_blocks(html: str) -> str | None:
    """The page without its time-stamped blocks (dated teasers beside a story), or None when
    it has none."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    blocks = _blocks(tree)
    if not blocks:
        return None
    for el, _ in blocks:
        el.drop_tree()
    return lxml.html.tostring(tree, encoding="unicode")


def _jsonld_author(html: str) -> str | None:
    """The author name(s) of a schema.org ``LiveBlogPosting`` in the page's JSON-LD, or None."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    for obj in _jsonld_objects(tree):
        if "LiveBlogPosting" in _types(obj):
            authors = obj.get("author")
            authors = authors if isinstance(authors, list) else [authors]
            names = [a.get("name") if isinstance(a, dict) else a for a in authors]
            names = [n.strip() for n in names if isinstance(n, str) and n.strip()]
            return ", ".join(names) or None
    return None


def _has_jsonld_live(html: str) -> bool:
    """True when the page declares its updates in a JSON-LD ``LiveBlogPosting``."""
    if "LiveBlogPosting" not in html:
        return False
    try:
        return bool(_jsonld_updates(lxml.html.fromstring(html)))
    except (ValueError, lxml.etree.ParserError):
        return False


def live_updates(html: str) -> list[Update]:
    """The updates of a live-blog page, in page order, or ``[]`` when the page is not one.

    Read from a schema.org ``LiveBlogPosting`` in JSON-LD (``liveBlogUpdate``: ``headline``,
    ``datePublished``, ``articleBody``), else from :data:`MIN_UPDATES` or more time-stamped
    update blocks (see :func:`_block_updates`; :func:`read_html_all` also requires such blocks
    to carry at least :data:`MIN_UPDATE_SHARE` of the page's main text)."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    updates = _jsonld_updates(tree)
    if len(updates) < MIN_UPDATES:
        updates = _block_updates(tree)
    return updates if len(updates) >= MIN_UPDATES else []


def _page(html: str, url: str | None):
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True,
    )
    known = {
        "title": getattr(doc, "title", None),
        "published": getattr(doc, "date", None),
        "author": getattr(doc, "author", None),
        "outlet": getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
        "url": url or getattr(doc, "url", None),
    }
    return doc, known


def read_html(
    html: str,
    reader: PlainTextReader,
    source_path: str | None = None,
    url: str | None = None,
    default_published: str | None = None,
) -> Article:
    """Extract the article from an HTML page (a live blog gives its first update; see
    :func:`read_html_all` for every update).

    Raises:
        InputError: trafilatura finds no main text in the page.
    """
    return read_html_all(html, reader, source_path, url, default_published)[0]


def read_html_all(
    html: str,
    reader: PlainTextReader,
    source_path: str | None = None,
    url: str | None = None,
    default_published: str | None = None,
) -> list[Article]:
    """The article of an HTML page, or one article per update of a live blog.

    A live-blog update's article has the update's heading as ``title``, the update's time as
    ``published`` (``published_source: "update"``; the page's date when the update has no
    time), the page's author, outlet and URL, and ``source_path`` ``PAGE#update-N`` (N from 1,
    in page order).

    Raises:
        InputError: the page has no extractable text.
    """
    doc, known = _page(html, url)
    updates = live_updates(html)
    main = " ".join((getattr(doc, "text", None) or "").split()) if doc is not None else ""
    if updates and not _has_jsonld_live(html) and main:
        # time-stamped blocks that are not most of the main text are a list beside a story
        covered = sum(len(u.text) for u in updates if " ".join(u.text.split())[:200] in main)
        if covered < MIN_UPDATE_SHARE * len(main):
            updates = []  # dated teasers beside a story: not the story either
            stripped = _without_blocks(html)
            if stripped is not None:
                doc, known = _page(stripped, url)
    if updates:
        known["author"] = known["author"] or _jsonld_author(html)
        out = []
        for n, u in enumerate(updates, start=1):
            fields = {**known, "title": u.heading or known["title"]}
            source = "update"
            if u.time:
                fields["published"] = u.time
            else:
                source = "metadata"
            path = f"{source_path or '<html>'}#update-{n}"
            try:
                out.append(reader.read(u.text, source_path=path, known=fields,
                                       default_published=default_published, known_source=source))
            except InputError:
                continue
        if out:
            return out
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError("HTML page has no extractable article text")
    # trafilatura separates paragraphs by single newlines; the plain-text reader wants blank lines
    body = "\n\n".join(p for p in text.split("\n") if p.strip())
    return [reader.read(body, source_path=source_path, known=known, default_published=default_published)]
