"""Where an event happened.

The event's location is, in order (``Location.source`` in brackets):

1. **a place named for the event** (``"sentence"``): a proper-noun phrase in a locative phrase
   ("in Geneva", "near Omdurman") of the event's clause, resolved in the gazetteer (confidence
   0.9 for a city, 0.7 for a region or country). Phrases that hang from the trigger come
   first; for acts (not statements) a locative deeper in the object phrase counts next, also
   through a participle ("bombed positions held by Russian marines near Kherson" → Kherson). A
   statement (CAMEO 01–03, 05, 10–14: verbal acts other than meetings) takes only a locative of
   its own verb or of the verb of saying that reports it, the place of speaking ("said in
   Vilnius", also "said at a news conference in Brussels"), never one of what it talks about
   ("condemned the attack on a hospital in Odesa", "accused Russia of war crimes in Bucha" are
   not placed there). An intention (an xcomp: "agreed at a summit in Brussels to send aid")
   takes the place of the verb it depends on.
2. **the attacked place** (``"target"``): for acts of force and coercion (roots 17–20) the
   place that is the trigger's object, its possessor, or the object of "on/against" ("shelled
   Kharkiv", "struck Kharkiv's power plant", "air strikes on Gaza City"), 0.8 for a city or
   region, 0.5 for a country. A place aimed "at" is not where an act happened ("fired missiles
   at Japan").
3. **the dateline** (``"dateline"``), only when the event happened there: the sentence says
   "here", "in the capital" or "in this city" (0.7, 0.4 for a meeting with a foreigner); a
   statement by a speaker of the dateline's country, of no country, or of a country whose people
   the article has meeting or visiting there (0.5); a visitor's verbal cooperation with its
   hosts (0.4); a meeting one of whose sides is of the dateline's country (0.5); any other act
   whose target (else whose actor) is of the dateline's country or of none (0.5) — but not
   fighting (roots 18–20) under a national capital's dateline, which is where reporters are
   based (rule 4 places it in the country).
4. **a country** (``"actors"``), with low confidence (0.3), at the country's centroid: a
   statement by a foreign speaker under a dateline, in the speaker's country ("North Korea
   accused …" under SEOUL); an act of force or coercion against a target of another country, in
   the target's country (never the actor's country for an act abroad: an Iranian offensive
   against Iraqi troops is placed in Iraq), except an armed non-state group's act against
   foreign civilians, in the group's country (kidnappers act where they are); an act of force
   with no target under a foreign dateline, or fighting under a capital's dateline, in the
   dateline's country; a show of force (root 15) or a domestic event (target of the same
   country or none), in the actor's country.
5. **none** (``"none"``): no place, no coordinates ("France condemned Russia").

A place name the gazetteer cannot resolve is skipped; the next candidate is tried. Names are
resolved with the article's :class:`PlaceContext` (its dateline and its actors' countries),
built once per article. The confidences above are the defaults of the ``place_confidence_*``
settings (``data/settings.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from communique.actors.recognize import NON_STATE_ARMED
from communique.events.cameo import quad_class
from communique.geo.gazetteer import Gazetteer, Place
from communique.model import Actor, Article, Location
from communique.nlp import climb, ents_of, span_text, token_table, word_id
from communique.settings import DEFAULTS, Settings

LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "into"}
_LOCATIVE_IDS = frozenset(word_id(w) for w in LOCATIVE_PREPS)
_HERE_ID = word_id("here")
_NOT_PLACES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# prepositions of a trigger's setting: a locative inside their phrase is where it happened
SETTING_PREPS = {"at", "during", "in", "inside", "outside", "near"}
FORCE_ROOTS = {"17", "18", "19", "20"}   # coercion, assault, fight, mass violence (CAMEO 1.1b3)
VIOLENCE_ROOTS = {"18", "19", "20"}


def _path(prep: Token, anchor: Token, limit: int = 8) -> str | None:
    """How the preposition ``prep`` hangs from ``anchor``: ``"direct"`` (its head is the anchor,
    or a chain of prepositions on it), ``"deep"`` (through a noun phrase of the event, such as
    its object, also through a participle modifying a noun there: "positions held by marines
    near Kherson"), ``"setting"`` (deep, but inside a phrase of the anchor's setting — "at",
    "during", "in" …: "said at a news conference in Brussels"), or None (through another verb
    or clause)."""
    deep = False
    for t, parent in climb(prep, limit):
        if parent == anchor:
            if deep and t.dep_ == "prep" and t.lower_ in SETTING_PREPS:
                return "setting"  # "said at a news conference in Brussels"
            return "deep" if deep else "direct"
        if parent.pos_ in ("VERB", "AUX"):
            # a participle inside a noun phrase may be crossed ("positions held by …"), and the
            # last of coordinated verbs shares its locative ("killed 384 and captured 48 in
            # fighting near …")
            if not (parent.dep_ == "acl" and parent.tag_ in ("VBN", "VBG")) \
                    and not (parent.dep_ == "conj" and parent.head == anchor):
                return None
            deep = True
        elif parent.pos_ != "ADP":
            deep = True
    return None


TOPIC_PREPS = {"of", "about", "over", "for", "against", "on"}


def _after_topic(span: Span, anchor: Token) -> bool:
    """True when the locative of ``span`` directly follows a topic phrase of ``anchor``
    ("accused Russia of war crimes in Bucha", "condemned Israel for the strike in Rafah"): the
    place then belongs to what is talked about, whatever the parser attached it to."""
    prep = span.root.head
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ in TOPIC_PREPS and child.i < prep.i:
            end = max(t.i for t in child.subtree)
            if end + 1 >= prep.i and not any(t.is_punct for t in span.doc[end + 1:prep.i]):
                return True
    return False


def _reaches(token: Token, anchor: Token, limit: int = 6) -> bool:
    """True when walking up from ``token`` reaches ``anchor`` before any other verb."""
    if token == anchor:
        return True
    for _, head in climb(token, limit):
        if head == anchor:
            return True
        if head.pos_ == "VERB":
            return False
    return False


def _place_span(sent: Span, tok: Token) -> Span | None:
    """The named entity around the proper noun ``tok`` (whatever label the tagger gave it, but
    not a date or number), else the noun with its compound modifiers."""
    ent = next((e for e in ents_of(sent) if e.start <= tok.i < e.end), None)
    if ent is not None and ent.label_ in _NOT_PLACES:
        return None
    if ent is None:
        start = min([c.i for c in tok.children if c.dep_ == "compound"] + [tok.i])
        ent = sent.doc[start:tok.i + 1]
    return ent


def locative_places(sent: Span, anchor: Token, deep: bool = True) -> list[tuple[Span, str]]:
    """Proper-noun phrases governed by a locative preposition of the event at ``anchor``.

    Args:
        sent: the event's sentence.
        anchor: the event's trigger token (verb or event noun).
        deep: also phrases inside the object phrase (see :func:`_path`).

    Returns:
        ``(span, "direct" | "setting" | "deep")`` pairs in that order, each group in sentence
        order; ``"setting"`` ones are inside a phrase of the trigger's setting ("at a news
        conference in Brussels") and are kept even when ``deep`` is False.
    """
    found: list[tuple[Span, str]] = []
    table = token_table(sent.doc)
    dep, pos, head, lower = table.dep, table.pos, table.head, table.lower
    for i in range(sent.start, sent.end):
        if dep[i] != "pobj" or pos[i] != "PROPN" or lower[head[i]] not in _LOCATIVE_IDS:
            continue
        tok = sent.doc[i]
        how = _path(tok.head, anchor)
        if how is None or (how == "deep" and not deep):
            continue
        span = _place_span(sent, tok)
        if span is not None:
            found.append((span, how))
    order = {"direct": 0, "setting": 1, "deep": 2}
    return sorted(found, key=lambda x: order[x[1]])


def attacked_places(anchor: Token, sent: Span, target_text: str = "") -> list[Span]:
    """Place names that an act of force at ``anchor`` is done to: the object ("shelled
    Kharkiv"), its possessor ("struck Kharkiv's power plant"), the object of "on"/"against"
    ("air strikes on Gaza City") or of an event noun's "of" ("the siege of El Fasher"), and the
    name of a place noun ("the city of El Fasher"). GPE/LOC/FAC entities and untagged proper nouns; a proper noun
    the tagger took for a person counts when it is part of ``target_text``, the words of the
    event's target (which the actor stage already resolved as a place)."""
    out: list[Span] = []

    def take(tok: Token, named_place: bool = False) -> None:
        if tok.pos_ != "PROPN":
            return
        ent = next((e for e in ents_of(sent) if e.start <= tok.i < e.end), None)
        if ent is not None and named_place and ent.label_ not in _NOT_PLACES:
            out.append(ent)  # the name a place noun gives ("the city of El Fasher"), whatever its label
            return
        if ent is not None and ent.label_ not in _PLACE_LABELS:
            if not (target_text and ent.label_ in ("PERSON", "ORG", "NORP") and ent.text in target_text):
                return
            out.append(ent)
            return
        span = _place_span(sent, tok)
        if span is not None:
            out.append(span)

    def take_with_modifiers(tok: Token) -> None:
        take(tok)
        for mod in tok.children:  # "Kharkiv's power plant", "a Freetown military arsenal"
            if mod.dep_ in ("poss", "compound", "nmod") and mod.i < tok.i:
                take(mod)
            elif mod.dep_ == "prep" and mod.lower_ == "of" and tok.pos_ == "NOUN":
                for name in mod.children:  # "an attack on the besieged city of El Fasher"
                    if name.dep_ == "pobj":
                        take(name, named_place=True)

    for child in anchor.children:
        if child.dep_ in ("dobj", "obj", "nsubjpass"):
            take_with_modifiers(child)
        elif child.dep_ == "prep" and (child.lower_ in ("on", "against") or (child.lower_ == "of" and anchor.pos_ == "NOUN")):
            # ("the siege of El Fasher", "the shelling of Kobani": an event noun's "of" is its patient)
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    take_with_modifiers(pobj)
    return out


PEOPLE = {"CVL", "JRN", "BUS", "HLH", "EDU", "REF", "MED", "NGO", "LAB", "REL", "AGR"}


def _armed_group(actor: Actor | None) -> bool:
    """An armed non-state actor (unidentified gunmen, rebels, insurgents, criminals)."""
    return actor is not None and bool(NON_STATE_ARMED.intersection(actor.roles))


def _people(actor: Actor | None) -> bool:
    """Civilians, journalists, business people and the like: people, not a state or its forces."""
    return actor is not None and bool(actor.roles) and not {"GOV", "MIL", "COP", "SPY"}.intersection(actor.roles) \
        and bool(PEOPLE.intersection(actor.roles))


def _country(actor: Actor | None) -> str | None:
    """ISO3 country of an actor (None for organisations and unknown countries)."""
    return actor.country if actor is not None and actor.country and len(actor.country) == 3 else None


def _location(place: Place, source: str, confidence: float, name: str | None = None) -> Location:
    return Location(name=name or place.name, country=place.country, admin1=place.admin1, lat=place.lat,
                    lon=place.lon, feature=place.feature, source=source, confidence=confidence)


def dateline_place(article: Article, gazetteer: Gazetteer, context: set[str] = frozenset()) -> Place | None:
    """The article's dateline place ("BEIJING", "NEW YORK, N.Y.") resolved, or None.

    Args:
        article: the article (its ``dateline`` as written).
        gazetteer: the place resolver.
        context: ISO3 countries that make an ambiguous name mean a place there.
    """
    if not article.dateline:
        return None
    first = article.dateline.split(",")[0].strip()
    return gazetteer.resolve(first, context) or gazetteer.resolve(article.dateline, context)


@dataclass(frozen=True)
class PlaceContext:
    """What the geo stage knows of one article before it places its events, built once per
    article by :meth:`of`.

    Attributes:
        gazetteer: the place resolver.
        article: the article (its dateline as written).
        dateline: the resolved dateline place, or None.
        countries: ISO3 countries of the article's coded actors (they resolve ambiguous names).
        present: ISO3 countries whose actors meet or visit in this article (CAMEO root 04): present
            where it was written.
        settings: the settings whose ``place_confidence_*`` numbers score each place rule.
    """

    gazetteer: Gazetteer
    article: Article
    dateline: Place | None
    countries: frozenset[str]
    present: frozenset[str]
    settings: Settings = DEFAULTS

    @classmethod
    def of(cls, article: Article, gazetteer: Gazetteer, coded: Iterable, dateline: Place | None,
           settings: Settings = DEFAULTS) -> "PlaceContext":
        """The place context of ``article``.

        Args:
            article: the article.
            gazetteer: the place resolver.
            coded: the article's coded events (each with ``code``, ``source`` and ``target``, as
                :class:`~communique.events.coder.CodedEvent`).
            dateline: :func:`dateline_place` of the article, resolved without hints (as the
                actor stage saw it); when that failed, the dateline is resolved once more with the
                article's countries as hints ("Georgia" beside Russian actors).
            settings: the settings in force (their ``place_confidence_*`` numbers).
        """
        coded = list(coded)
        countries = frozenset(a.country for ce in coded for a in (ce.source, ce.target)
                              if a is not None and a.country and len(a.country) == 3)
        present = frozenset(a.country for ce in coded if ce.code.startswith("04") for a in (ce.source, ce.target)
                            if a is not None and a.country)
        if dateline is None and article.dateline:
            dateline = dateline_place(article, gazetteer, countries)
        return cls(gazetteer, article, dateline, countries, present, settings)

    def resolve(self, span: Span) -> Place | None:
        """The place a name of the text means: the dateline's place when it is the dateline's
        name, else the gazetteer's best for the article's countries and dateline; None when the
        gazetteer does not know it."""
        dateline = self.dateline
        if dateline is not None and span.text.lower() == (self.article.dateline or "").split(",")[0].strip().lower():
            return dateline
        return self.gazetteer.resolve(span.text, self.countries, dateline.country if dateline else None)


def is_statement(code: str) -> bool:
    """True for a verbal act other than a meeting (QuadClass 1 or 3, root not 04): its place is
    where it was said."""
    return quad_class(code) in (1, 3) and not code.startswith("04")


def event_location(places: PlaceContext, anchor: Token, sent: Span, actors: tuple[Actor | None, ...],
                   code: str) -> Location:
    """Location of an event (see the module docstring for the rules and confidences).

    Args:
        places: the article's :class:`PlaceContext` (gazetteer, dateline, countries).
        anchor: the event's trigger token.
        sent: its sentence.
        actors: ``(source, target)``; the target may be None.
        code: the event's CAMEO code.

    Returns:
        A :class:`~communique.model.Location` (WGS84 degrees; ``source`` one of ``"sentence"``,
        ``"target"``, ``"dateline"``, ``"actors"``, ``"none"``).
    """
    target_text = actors[1].text if len(actors) > 1 and actors[1] is not None else ""
    statement = is_statement(code)
    force = code[:2] in FORCE_ROOTS
    spans = locative_places(sent, anchor, deep=not statement)
    if statement:
        spans = [(span, how) for span, how in spans if not _after_topic(span, anchor)]
    if not spans and anchor.pos_ in ("NOUN", "PROPN") and anchor.dep_ in ("nsubj", "nsubjpass") \
            and anchor.head.pos_ in ("VERB", "AUX"):
        # "A US drone strike killed the general in Baghdad": the event noun's verb says where
        spans = locative_places(sent, anchor.head, deep=not statement)
    if not spans and anchor.dep_ in ("advcl", "conj") and anchor.tag_ == "VBG":
        # "attacked a base near Baidoa, killing four soldiers": the participle's own verb
        spans = locative_places(sent, anchor.head, deep=not statement)
    if not spans and (anchor.dep_ == "xcomp" or (statement and anchor.dep_ == "ccomp")) \
            and anchor.head.pos_ in ("VERB", "AUX"):
        # "agreed at a summit in Brussels to send aid"; a statement reported by a verb of
        # saying is made where that was said ("said in Brussels that it condemned …")
        spans = [(span, how) for span, how in locative_places(sent, anchor.head, deep=False)
                 if not _after_topic(span, anchor.head)]
    for span, _ in spans:
        if span.root.head.lower_ in ("at", "into") and target_text and span.text in target_text:
            continue  # "fired missiles at Japan": where they were aimed, not where it happened
        place = places.resolve(span)
        if place is not None:
            return _location(place, "sentence", places.settings.place_confidence_sentence_city
                             if place.feature == "city" else places.settings.place_confidence_sentence_region)
    if force:
        # (a target the actor stage resolved as a person with a role names no place: "detained
        # Aung San Suu Kyi" is not the town of Aung San)
        person = actors[1:] and actors[1] is not None and actors[1].kind == "person" and actors[1].roles
        place_target = "" if person else target_text
        for span in attacked_places(anchor, sent, place_target):
            place = places.resolve(span)
            if place is not None:
                return _location(place, "target", places.settings.place_confidence_attacked_country
                                 if place.feature == "country" else places.settings.place_confidence_attacked)
    src, tgt = actors[0], actors[1] if len(actors) > 1 else None
    src_c, tgt_c = _country(src), _country(tgt)
    if force and tgt_c and src_c and tgt_c != src_c and _armed_group(src) and _people(tgt):
        tgt_c = src_c  # gunmen who kidnap a foreign journalist act where they are, not in his country
    dateline = places.dateline
    if dateline is not None:
        here_place = _dateline_if_there(anchor, sent, dateline, code, src_c, tgt_c, places.present,
                                        places.gazetteer.is_capital(dateline), places.settings)
        if here_place is not None:
            return here_place
    return _country_fallback(places.gazetteer, code, src_c, tgt_c, tgt, dateline, anchor,
                             places.settings.place_confidence_country)


def _dateline_if_there(anchor: Token, sent: Span, dateline: Place, code: str, src_c: str | None,
                       tgt_c: str | None, present: set[str], capital: bool = False,
                       settings: Settings = DEFAULTS) -> Location | None:
    """The dateline place when the event happened there (rule 3), else None (confidences:
    the ``place_confidence_dateline*`` settings)."""
    lower = token_table(sent.doc).lower
    words = span_text(sent).lower()
    here = any(lower[i] == _HERE_ID and _reaches(sent.doc[i], anchor) for i in range(sent.start, sent.end)) \
        or any(w in words for w in ("in the capital", "in this city", "in this capital", "of this city"))
    home = dateline.country
    if code.startswith("04"):  # meetings: "met the Belarusian president here" under BEIJING
        foreign = any(c and c != home for c in (src_c, tgt_c))
        if here:
            return _location(dateline, "dateline", settings.place_confidence_dateline_here_foreign
                             if foreign else settings.place_confidence_dateline_here)
        if home in (src_c, tgt_c) or not (src_c or tgt_c) or (src_c in present and tgt_c in present):
            return _location(dateline, "dateline", settings.place_confidence_dateline)
        return None
    if here:
        return _location(dateline, "dateline", settings.place_confidence_dateline_here)
    if is_statement(code):  # said where the speaker is
        if src_c in (None, home) or src_c in present:
            return _location(dateline, "dateline", settings.place_confidence_dateline)
        if quad_class(code) == 1 and tgt_c == home:
            # a visitor's cooperation with its hosts ("Portugal signed an agreement with China"
            # under PEKING) is done in person; a foreign threat or accusation is made at home
            return _location(dateline, "dateline", settings.place_confidence_dateline_visitor)
        return None
    acted_on = tgt_c or src_c
    if acted_on in (None, home):
        if capital and code[:2] in VIOLENCE_ROOTS:
            return None  # fighting "in the provinces" is filed from the capital: the country, below
        return _location(dateline, "dateline", settings.place_confidence_dateline)
    return None


def _country_fallback(gazetteer: Gazetteer, code: str, src_c: str | None, tgt_c: str | None,
                      tgt: Actor | None, dateline: Place | None, anchor: Token,
                      confidence: float = DEFAULTS.place_confidence_country) -> Location:
    """Rule 4: a country at low ``confidence``, or no place."""
    def country(iso3: str | None) -> Location | None:
        place = gazetteer.country(iso3) if iso3 else None
        return _location(place, "actors", confidence) if place is not None else None

    root = code[:2]
    if is_statement(code):
        if dateline is not None and src_c and src_c != dateline.country:
            return country(src_c) or Location(source="none")  # a foreign speaker, at home
        if src_c and tgt_c in (None, src_c):
            return country(src_c) or Location(source="none")
        return Location(source="none")
    if root in FORCE_ROOTS:
        aimed = any(c.dep_ == "prep" and c.lower_ == "at" and any(p.dep_ == "pobj" and tgt is not None
                    and p.text in tgt.text for p in c.children) for c in anchor.children)
        if tgt_c and tgt_c != src_c:
            return Location(source="none") if aimed else (country(tgt_c) or Location(source="none"))
        if tgt_c is None and dateline is not None and src_c and src_c != dateline.country:
            return country(dateline.country) or Location(source="none")
        if src_c and tgt_c == src_c:  # domestic: "Kenyan troops clashed with Kenyan rebels"
            return country(src_c) or Location(source="none")
        if dateline is not None and (tgt_c or src_c) in (None, dateline.country):
            return country(dateline.country) or Location(source="none")  # under a capital's dateline
        return Location(source="none")  # never the actor's country for an act that may be abroad
    if root == "15" and src_c:  # shows of force (a missile test, exercises) at home
        return country(src_c) or Location(source="none")
    if src_c and tgt_c in (None, src_c) and (dateline is None or dateline.country == src_c):
        return country(src_c) or Location(source="none")
    return Location(source="none")
