"""HTML page → :class:`~communique.model.Article` via trafilatura.

trafilatura (a maintained library) extracts the main text without menus, share bars and
footers, and the title, author, date and site name from the page's metadata. The extracted
text then goes through the plain-text reader so that a wire dateline in the first paragraph is
recognised and stripped.
"""

from __future__ import annotations

import trafilatura

from communique.ingest.decode import InputError
from communique.ingest.plaintext import PlainTextReader
from communique.model import Article


def read_html(
    html: str,
    reader: PlainTextReader,
    source_path: str | None = None,
    url: str | None = None,
    default_published: str | None = None,
) -> Article:
    """Extract the article from an HTML page.

    Raises:
        InputError: trafilatura finds no main text in the page.
    """
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True,
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError("HTML page has no extractable article text")
    # trafilatura separates paragraphs by single newlines; the plain-text reader wants blank lines
    body = "\n\n".join(p for p in text.split("\n") if p.strip())
    known = {
        "title": getattr(doc, "title", None),
        "published": getattr(doc, "date", None),
        "author": getattr(doc, "author", None),
        "outlet": getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
        "url": url or getattr(doc, "url", None),
    }
    article = reader.read(body, source_path=source_path, known=known,
                          default_published=default_published)
    return article
