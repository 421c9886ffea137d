"""Where an event happened.

The event's location is, in order:

1. **sentence** — a GPE/LOC/FAC entity in a locative phrase ("in Geneva", "near Omdurman") that
   hangs from the event's trigger, resolved in the gazetteer (confidence 0.9 for a city, 0.7 for
   a region or country);
2. **dateline** — the dateline place, when the sentence says "here" / "in the capital" or names
   no place (0.7 / 0.5). The confidence drops by 0.3 when the event may have happened abroad:
   a meeting with an actor of another country (a meeting "here" with the Belarusian president
   under a BEIJING dateline), or a material act whose target is in another country. A statement
   (verbal CAMEO roots other than 04) by a country actor of another country than the dateline is
   placed in the speaker's country instead ("actors", 0.4): "North Korea threatened …" under a
   SEOUL dateline was said in North Korea — unless the article has the speaker's country meeting
   or visiting (CAMEO 04x), which puts its people where the article was written;
3. **actors** — the source's country when the event is domestic (the target is of the same
   country, of no known country, or absent), at the country's centroid (0.4);
4. **none**.

A place name the gazetteer cannot resolve is skipped; the next candidate is tried.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from communique.events.cameo import quad_class
from communique.geo.gazetteer import Gazetteer, Place
from communique.model import Actor, Article, Location
from communique.nlp import ents_of, span_text, token_table, word_id

LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "into"}
_LOCATIVE_IDS = frozenset(word_id(w) for w in LOCATIVE_PREPS)
_HERE_ID = word_id("here")
_NOT_PLACES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


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


def _locative_places(sent: Span, anchor: Token) -> list[Span]:
    """Proper-noun phrases governed by a locative preposition that hangs from ``anchor``:
    the named entity around the noun (whatever label the tagger gave it), else the noun with its
    compound modifiers."""
    found: list[Span] = []
    table = token_table(sent.doc)
    dep, pos, head, lower = table.dep, table.pos, table.head, table.lower
    for i in range(sent.start, sent.end):
        if dep[i] != "pobj" or pos[i] != "PROPN" or lower[head[i]] not in _LOCATIVE_IDS:
            continue
        tok = sent.doc[i]
        if not _reaches(tok.head, anchor):
            continue
        ent = next((e for e in ents_of(sent) if e.start <= tok.i < e.end), None)
        if ent is not None and ent.label_ in _NOT_PLACES:
            continue
        if ent is None:
            start = min([c.i for c in tok.children if c.dep_ == "compound"] + [tok.i])
            ent = sent.doc[start:tok.i + 1]
        found.append(ent)
    return found


def _country(actor: Actor | None) -> str | None:
    """ISO3 country of an actor (None for organisations and unknown countries)."""
    return actor.country if actor is not None and actor.country and len(actor.country) == 3 else None


def _location(place: Place, source: str, confidence: float, name: str | None = None) -> Location:
    return Location(name=name or place.name, country=place.country, admin1=place.admin1, lat=place.lat,
                    lon=place.lon, feature=place.feature, source=source, confidence=confidence)


def dateline_place(article: Article, gazetteer: Gazetteer, context: set[str] = frozenset()) -> Place | None:
    """The article's dateline place ("BEIJING", "NEW YORK, N.Y.") resolved, or None."""
    if not article.dateline:
        return None
    first = article.dateline.split(",")[0].strip()
    return gazetteer.resolve(first, context) or gazetteer.resolve(article.dateline, context)


def event_location(anchor: Token, sent: Span, article: Article, gazetteer: Gazetteer,
                   actors: tuple[Actor | None, ...], context: set[str], dateline: Place | None,
                   code: str, present: set[str] = frozenset()) -> Location:
    """Location of the event with CAMEO ``code`` whose trigger is ``anchor`` (see the module
    docstring)."""
    dateline_country = dateline.country if dateline else None
    target_text = actors[1].text if len(actors) > 1 and actors[1] is not None else ""
    places = _locative_places(sent, anchor)
    if not places and anchor.dep_ in ("advcl", "conj") and anchor.tag_ == "VBG":
        places = _locative_places(sent, anchor.head)  # "attacked a base near Baidoa, killing four soldiers"
    for span in places:
        if span.root.head.lower_ in ("at", "into") and span.text in target_text:
            continue  # "fired missiles at Japan": where they were aimed, not where it happened
        if dateline is not None and span.text.lower() == (article.dateline or "").split(",")[0].strip().lower():
            return _location(dateline, "sentence", 0.9 if dateline.feature == "city" else 0.7)
        place = gazetteer.resolve(span.text, context, dateline_country)
        if place is not None:
            return _location(place, "sentence", 0.9 if place.feature == "city" else 0.7)
    src, tgt = actors[0], actors[1] if len(actors) > 1 else None
    src_c, tgt_c = _country(src), _country(tgt)
    quad = quad_class(code)
    if dateline is not None:
        lower = token_table(sent.doc).lower
        here = any(lower[i] == _HERE_ID and _reaches(sent.doc[i], anchor) for i in range(sent.start, sent.end)) \
            or "in the capital" in span_text(sent).lower()
        verbal = quad in (1, 3) and not code.startswith("04")
        if verbal and not here and src_c and src_c != dateline.country and src_c not in present:
            # a statement is made where its speaker is: "North Korea threatened …" under SEOUL
            place = gazetteer.country(src_c)
            if place is not None:
                return _location(place, "actors", 0.4)
        if code.startswith("04"):  # meetings: "met the Belarusian president here" under BEIJING
            abroad = any(c and c != dateline.country for c in (src_c, tgt_c))
        elif quad in (2, 4):  # material acts happen where their target is
            abroad = bool((tgt_c or src_c) and (tgt_c or src_c) != dateline.country)
        else:
            abroad = False
        confidence = (0.7 if here else 0.5) - (0.3 if abroad else 0.0)
        return _location(dateline, "dateline", round(confidence, 2))
    if src is not None and src.country and (tgt is None or tgt.country in (None, src.country)):
        place = gazetteer.country(src.country)
        if place is not None:
            return _location(place, "actors", 0.4)
    return Location(source="none")
