"""The one place where records become JSON (``shared/notes/event-schema.md``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from communique.model import Article, Event, Rejected, record_fields


def event_to_dict(event: Event) -> dict[str, Any]:
    """Event → the JSON event record: ``event_id``, then the fields of
    :func:`communique.model.record_fields` in order, nested as their paths are
    (``{"location": {"name": …}}``; an absent target is ``null``)."""
    out: dict[str, Any] = {"event_id": event.event_id}
    for f in record_fields():
        node, value = out, event
        for name in f.path[:-1]:
            value = getattr(value, name) if value is not None else None
            if value is None:
                node[name] = None
                break
            node = node.setdefault(name, {})
        else:
            node[f.path[-1]] = f.value(event)
    return out


def article_to_dict(article: Article) -> dict[str, Any]:
    """Article → the JSON article record (``article_id`` first)."""
    d = asdict(article)
    return {"article_id": article.article_id, **d}


def rejected_to_dict(rejected: Rejected) -> dict[str, Any]:
    """Rejected → ``{source_path, reason}``."""
    return asdict(rejected)
