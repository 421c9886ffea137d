"""The one place where records become JSON (``shared/notes/event-schema.md``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from communique.model import Actor, Article, Event, Rejected


def actor_to_dict(actor: Actor | None) -> dict[str, Any] | None:
    """Actor → ``{text, name, code, country, roles}`` (None stays None)."""
    if actor is None:
        return None
    return {"text": actor.text, "name": actor.name, "code": actor.code,
            "country": actor.country, "roles": list(actor.roles)}


def event_to_dict(event: Event) -> dict[str, Any]:
    """Event → the JSON event record, fields in schema order."""
    loc = event.location
    ev = event.evidence
    return {
        "event_id": event.event_id,
        "article_id": event.article_id,
        "date": event.date,
        "date_precision": event.date_precision,
        "date_source": event.date_source,
        "source": actor_to_dict(event.source),
        "target": actor_to_dict(event.target),
        "event_code": event.event_code,
        "root_code": event.root_code,
        "goldstein": event.goldstein,
        "quad_class": event.quad_class,
        "plover": {"event_type": event.plover.event_type, "mode": event.plover.mode,
                   "context": list(event.plover.context)},
        "negated": event.negated,
        "location": {"name": loc.name, "country": loc.country, "admin1": loc.admin1, "lat": loc.lat,
                     "lon": loc.lon, "feature": loc.feature, "source": loc.source,
                     "confidence": loc.confidence},
        "evidence": {"sentence": ev.sentence, "sentence_index": ev.sentence_index,
                     "trigger": ev.trigger, "start": ev.start, "end": ev.end},
        "confidence": event.confidence,
    }


def article_to_dict(article: Article) -> dict[str, Any]:
    """Article → the JSON article record (``article_id`` first)."""
    d = asdict(article)
    return {"article_id": article.article_id, **d}


def rejected_to_dict(rejected: Rejected) -> dict[str, Any]:
    """Rejected → ``{source_path, reason}``."""
    return asdict(rejected)
