"""Where an event happened (basic): a place named in the event's sentence, else the dateline.

A place is a GPE/LOC/FAC entity in a locative phrase ("in Geneva", "near Omdurman") that hangs
from the event's trigger and is not one of its actors. "here" and "in the capital", or no place
at all, give the dateline place. Country codes come from the actor lexicon (country and capital
names); coordinates are left empty until a gazetteer is attached.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from communique.actors.lexicon import ActorLexicon
from communique.model import Article, Location

LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around", "throughout"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


def _reaches(token: Token, anchor: Token, limit: int = 6) -> bool:
    t = token
    for _ in range(limit):
        if t == anchor:
            return True
        if t.head == t:
            return False
        t = t.head
        if t != anchor and t.pos_ == "VERB":
            return False
    return False


def _title(place: str) -> str:
    return place.title() if place.isupper() else place


def dateline_location(article: Article, lexicon: ActorLexicon, source: str, confidence: float) -> Location:
    """The article's dateline place as a Location, or an empty one (source ``none``)."""
    if not article.dateline:
        return Location(source="none")
    name = _title(article.dateline.split(",")[0].strip())
    term = lexicon.lookup(name)
    country = term.country if term and term.kind == "country" else None
    return Location(name=name, country=country, source=source, confidence=confidence)


def event_location(anchor: Token, sent: Span, article: Article, lexicon: ActorLexicon) -> Location:
    """Location of the event whose trigger is ``anchor`` (see module docstring)."""
    for ent in sent.ents:
        if ent.label_ not in _PLACE_LABELS:
            continue
        prep = ent.root.head
        if ent.root.dep_ == "pobj" and prep.lower_ in LOCATIVE_PREPS and _reaches(prep, anchor):
            term = lexicon.lookup(ent.text)
            country = term.country if term and term.kind == "country" else None
            return Location(name=ent.text, country=country, source="sentence", confidence=0.8)
    here = any(t.lower_ == "here" and _reaches(t, anchor) for t in sent) or "in the capital" in sent.text.lower()
    return dateline_location(article, lexicon, "dateline", 0.7 if here else 0.5)
