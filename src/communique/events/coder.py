"""Sentence → coded events, from the dependency parse.

For every token whose lemma has a pattern in ``verbs.yaml``:

1. **Trigger.** A verb pattern needs its particles ("call on") and, for light verbs, an object
   from its list ("held talks", "imposed sanctions"); a noun pattern ("air strikes on Gaza")
   needs an actor among the noun's modifiers.
2. **Source** is the grammatical subject, found by climbing through infinitives, participial and
   coordinated clauses ("said Li … when meeting with Lukashenko" → Li; "asked Li to convey" →
   Li); in the passive it is the "by" phrase and the subject is the target.
3. **Target** comes from the pattern's slots in order (direct object, indirect object, or a
   preposition); when the slot holds no actor, its phrase is searched ("supports the concepts
   put forward by Xi" → Xi). Conjoined targets give one event each.
4. **Modality** along the same climb: negation (``negated``), intent and future ("is ready to
   work with", "will meet" → CAMEO 03x or 13x), threats, refusals ("refused to meet" → 12x) and
   conditionals ("if …": no event). Verbs of saying are never events: what was said is coded.
5. **Context** words in the sentence select PLOVER contexts and more specific CAMEO codes
   (cooperate + "militaries" → 062; intent → 0312).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from communique.actors.recognize import GROUP_PRONOUNS, NON_STATE_ARMED, PERSONAL_PRONOUNS, ActorFinder
from communique.events.patterns import Pattern, PatternSet
from communique.model import Actor
from communique.nlp import climb, governing_verb, span_text, token_table, word_id
from communique.settings import DEFAULTS, Settings

_CLIMB_DEPS = {"xcomp", "ccomp", "advcl", "acomp", "conj", "pcomp"}
_FINITE = {"VBZ", "VBD", "VBP", "MD"}
_VERBAL_ROOTS = {"02", "10", "11", "12", "13"}  # CAMEO appeals, demands, disapproval, rejection, threats
# CAMEO roots whose place is also whom they affect: protest (where it is held), force posture,
# coercion, assault, fight, mass violence
_FORCE_ROOTS = {"14", "15", "17", "18", "19", "20"}
_STATE_ACTS = {"172", "173", "174"}  # arrests, deportations, administrative sanctions: a place is not their target
_CLAUSE_STOP = {"relcl", "parataxis", "punct", "cc", "mark", "nsubj", "nsubjpass", "csubj"}
_COOPERATION_ROOTS = {"01", "02", "03", "04", "05", "06", "07", "08"}
_SEARCH_DEPS = {"prep", "pobj", "acl", "agent", "appos", "conj", "dobj", "relcl", "poss", "compound", "amod"}


@dataclass(frozen=True)
class CodedEvent:
    """An event found in one sentence, before dates and places are attached.

    Attributes:
        code: final CAMEO code (after modality and context).
        base_code: the pattern's code as realised.
        source, target: actors (target may be None).
        trigger: the trigger tokens as a span of the Doc.
        anchor: the token dates and places attach to (the trigger verb or noun).
        negated, modality: negation flag; ``"realised"``, ``"intent"``, ``"threat"``, ``"refusal"``.
        contexts: PLOVER contexts.
        confidence: 0..1.
    """

    code: str
    base_code: str
    source: Actor
    target: Actor | None
    trigger: Span
    anchor: Token
    negated: bool
    modality: str
    contexts: tuple[str, ...]
    confidence: float


class EventCoder:
    """Codes the events of sentences. Build once (per pattern set) and reuse.

    Args:
        patterns: the verb and noun patterns, modality cues and contexts.
        settings: the settings whose ``event_confidence*`` numbers score each event (default
            :data:`communique.settings.DEFAULTS`).
    """

    def __init__(self, patterns: PatternSet, settings: Settings = DEFAULTS):
        self.p = patterns
        self.settings = settings
        self._verb_ids = frozenset(word_id(lemma) for lemma in patterns.verbs)
        self._noun_ids = frozenset(word_id(lemma) for lemma in patterns.nouns)
        self._light_ids = frozenset(word_id(w) for w in patterns.modality.get("light", ()))
        # PLOVER contexts: one-word cues compared by hash, phrases searched in the sentence text
        self._context_cues = [(ctx, frozenset(word_id(w) for w in ctx.words if " " not in w),
                               tuple(w for w in ctx.words if " " in w)) for ctx in patterns.contexts]

    # ------------------------------------------------------------------------------------------
    def code_sentence(self, sent: Span, finder: ActorFinder) -> list[CodedEvent]:
        """All events of ``sent``; ``finder`` must already have scanned the sentence. A sentence
        matching ``discards.txt`` (sports, entertainment) has none.

        Only tokens whose lemma has a pattern (looked up by hash in the Doc's
        :class:`~communique.nlp.TokenTable`) are examined as Token objects."""
        if self.p.discard(span_text(sent)):
            return []
        doc, table = sent.doc, token_table(sent.doc)
        pos, lemma = table.pos, table.lemma
        events: list[CodedEvent] = []
        used: set[int] = set()
        for i in range(sent.start, sent.end):
            if i in used or (lemma[i] not in self._verb_ids and lemma[i] not in self._light_ids):
                continue
            if _is_visiting_guest_word(doc[i]):
                continue  # "met with visiting Vietnamese Prime Minister …": who is met, not a visit
            if pos[i] in ("VERB", "AUX") or table.tag[i].startswith("VB"):
                tok = doc[i]
                light = self._light_noun(tok) if lemma[i] in self._light_ids else None
                # a specific event noun ("launched an air strike") outranks the verb's own object
                # list (where "launch" + "strike" is a labour strike)
                found = list(self._verb_matches(tok, finder)) if lemma[i] in self._verb_ids and not (light and light[1].extra) else []
                for pattern, obj, extras in found:
                    # the first matching pattern codes; one that needs a target it lacks ("held
                    # exercises" without a partner) lets the next pattern try
                    used.update(t.i for t in ([obj] if obj is not None else []) + extras)
                    coded = self._code_verb(sent, tok, pattern, obj, extras, finder)
                    events.extend(coded)
                    if coded or not (pattern.requires_target or pattern.threat_only or pattern.armed_only):
                        break
                if not found and light:
                    noun, pattern = light
                    used.add(noun.i)
                    events.extend(self._code_light(sent, tok, noun, pattern, finder))
        anchors = {e.anchor.i for e in events}
        events = [e for e in events if not self._governs_event(e.anchor, anchors)]
        # "protesting farmers blocked the road": the participle describes the actor of the main
        # event, and is an event of its own only when there is none
        acting = {e.source.code for e in events if e.anchor.dep_ != "amod"}
        events = [e for e in events if e.anchor.dep_ != "amod" or e.source.code not in acting]
        events.extend(self._fallbacks(sent, finder, {e.anchor.i for e in events}))
        for i in range(sent.start, sent.end):
            if i in used or lemma[i] not in self._noun_ids or pos[i] not in ("NOUN", "PROPN"):
                continue
            tok = doc[i]
            if table.dep[i] == "pobj" and tok.head.lower_ in self.p.words["topic_prepositions"] \
                    and not self._in_retaliation(tok.head):
                # "complained over Israeli air raids": a reference, not a report ("in retaliation
                # for last Friday's Iranian missile attack" reports the attack)
                continue
            for pattern in self.p.nouns.get(tok.lemma_.lower(), []):
                if self._has_words(tok, pattern.extra, deps=("compound", "amod")) is not None:
                    events.extend(self._code_noun(sent, tok, pattern, finder))
                    break
        # "A US drone strike killed the general": the strike (the noun's event, with its own
        # code) is the act; the verb it is the subject of only says what it did
        nominal = {(e.anchor.i, e.source.country or e.source.code) for e in events if e.anchor.pos_ in ("NOUN", "PROPN")}
        events = [e for e in events if not any((c.i, e.source.country or e.source.code) in nominal for c in e.anchor.children
                                               if c.dep_ in ("nsubj", "nsubjpass") and e.anchor.pos_ == "VERB")]
        for e in events:  # "the attack" of a later sentence is the last one reported, "both sides" its sides
            if e.modality == "realised" and not e.negated and e.source.country:
                finder.context.last_act = e.source
            if e.code[:2] in _FORCE_ROOTS and e.modality == "realised" and not e.negated and e.source.country:
                finder.context.last_force = e.source
                if e.target is not None and e.target.country and e.target.country != e.source.country:
                    finder.context.last_sides = (e.source, e.target)
        return events

    @staticmethod
    def _visited_dateline(sources: list[Actor], finder: ActorFinder) -> list[Actor]:
        """The country a foreign visitor with no named destination visits: the dateline's
        ("Weizsaecker began a four-day visit here" under LA PAZ → BOL); [] otherwise."""
        country = finder.context.dateline_country
        if not country or not all(a.country and a.country != country for a in sources):
            return []
        return [Actor(text=country, name=finder.lexicon.country_names.get(country), code=country,
                      country=country, kind="country")]

    def _referenced_attacker(self, verb: Token, finder: ActorFinder, sources: list[Actor]) -> list[Actor]:
        """The target of a verbal act on an act the story reported before ("Russian missiles
        struck Odesa. Zelenskiy condemned the strike." → RUSMIL; "The EU imposed sanctions on
        Russia. Moscow condemned the decision." → the EU): the source of the article's last
        realised act of force (for a ``violent_event`` noun) or of any kind (for a
        ``referenced_act`` noun: "the decision", "the move"), when the act's object (or its
        "over"/"against" phrase) is such a definite noun with no owner of its own, and that
        source is of another country than the speaker; [] otherwise."""
        heads = [c for c in verb.children if c.dep_ == "dobj"] + [
            g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("over", "against", "for")
            for g in c.children if g.dep_ == "pobj"]
        for head in heads:
            definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
                           for c in head.children)
            owned = any(c.dep_ in ("poss", "prep") for c in head.children)
            if not definite or owned:
                continue
            names = self._object_names(head)
            for kind, author in (("violent_event", finder.context.last_force), ("referenced_act", finder.context.last_act)):
                if author is not None and names & self.p.object_classes.get(kind, frozenset()) \
                        and not any(a.country == author.country for a in sources):
                    # (the target's text is this sentence's words: "the strike")
                    return [replace(author, text=_phrase_words(head))]
        return []

    def _in_retaliation(self, prep: Token) -> bool:
        """True for the "for" of "(in) retaliation for …": the act retaliated for is reported."""
        h = prep.head
        return prep.lower_ == "for" and (self.p.is_word("retaliation_noun", h) or any(
            c.dep_ == "prep" and any(g.dep_ == "pobj" and self.p.is_word("retaliation_noun", g) for g in c.children)
            for c in h.children))

    def _fallbacks(self, sent: Span, finder: ActorFinder, covered: set[int]) -> list[CodedEvent]:
        """Events that no trigger pattern names but the construction does: intent or refusal
        verbs over an uncoded complement ("agreed to set up …" → 030, "declined to resign" →
        120), "will not accept" → 120, and obligations in reported speech ("said Libya must
        hand over the suspects" → 100 from the speaker to Libya)."""
        table = token_table(sent.doc)
        dep, pos, head = table.dep, table.pos, table.head
        heads: set[int] = set()  # only tokens with a verb complement, a negation or an auxiliary can qualify
        for j in range(sent.start, sent.end):
            d = dep[j]
            if (d in ("xcomp", "ccomp") and pos[j] in ("VERB", "AUX")) or d == "neg" \
                    or (d == "aux" and dep[head[j]] == "ccomp"):
                heads.add(head[j])
        out: list[CodedEvent] = []
        for i in sorted(heads):
            out.extend(self._fallback(sent, sent.doc[i], finder, covered))
        return out

    def _fallback(self, sent: Span, tok: Token, finder: ActorFinder, covered: set[int]) -> list[CodedEvent]:
        p = self.p
        out: list[CodedEvent] = []
        slots = ("with", "dobj", "to", "dative")
        comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")]
        if comps and not any(t.i in covered for c in comps for t in c.subtree):
            for kind, code in (("intent_fallback", "030"), ("refusal_fallback", "120")):
                if tok.pos_ in ("VERB", "ADJ") and p.is_word(kind, tok):
                    pattern = Pattern(code, tok.lemma_, (), frozenset(), slots, symmetric=code == "030")
                    sources = self._source(tok, finder)
                    targets, via = self._target(pattern, comps[0], [comps[0]], False, finder, exclude=None)
                    if len({s.country for s in sources if s.country}) > 1:
                        # "Iran and Saudi Arabia agreed to reopen embassies": the sides agree with
                        # each other, not with a thing that took a country from the context
                        targets = [t for t in targets if t.name or finder.has_own_country(t.text)]
                    if sources:
                        out.extend(self._emit(finder, sent, pattern, sources, targets, sent.doc[tok.i:tok.i + 1],
                                              tok, None, via, nominal=False))
                    break
        if tok.pos_ == "VERB" and tok.i not in covered and p.is_word("negated_future_refusal", tok) and \
                any(c.dep_ == "neg" for c in tok.children) and \
                any(c.dep_ == "aux" and p.is_word("intent_aux", c) for c in tok.children):
            pattern = Pattern("120", tok.lemma_, (), frozenset(), slots)
            sources = self._source(tok, finder)
            targets, via = self._target(pattern, tok, [tok], False, finder, exclude=None)
            if sources:
                trigger = sent.doc[min(c.i for c in tok.children if c.dep_ in ("aux", "neg")):tok.i + 1]
                found = self._emit(finder, sent, pattern, sources, targets, trigger, tok, None, via, nominal=False)
                out.extend(replace(e, negated=False, modality="refusal") for e in found)
        must = next((c for c in tok.children if c.dep_ == "aux" and p.is_word("obligation", c)), None)
        unless = next((c for c in tok.children if c.dep_ == "advcl" and any(
            m.dep_ == "mark" and p.is_word("threat_condition", m) for m in c.children)), None)
        if unless is not None and tok.dep_ == "ccomp" and p.is_word("report", tok.head) and tok.i not in covered \
                and not any(t.i in covered for t in unless.subtree):
            # "Gaddafi said confrontation would continue unless French forces leave the
            # country": what must be done to avert it is demanded of whoever must do it (100)
            speaker = _speaker_token(tok.head)
            # (each coordinated condition is demanded of its own subject: "unless French forces
            # leave the country and rebel leaders share power")
            addressee = [c for v in [unless, *unless.conjuncts] for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
            if speaker is not None and addressee:
                sources = finder.actors(speaker)
                targets = [a for who in addressee for a in finder.actors(who)]
                if sources and targets:
                    pattern = Pattern("100", tok.lemma_, (), frozenset(), slots)
                    out.extend(self._emit(finder, sent, pattern, sources, targets,
                                          sent.doc[unless.left_edge.i:unless.i + 1], tok.head, None, False, nominal=False))
        if must is not None and tok.dep_ == "ccomp" and p.is_word("report", tok.head) and tok.i not in covered:
            speaker = [t for t in [_speaker_token(tok.head)] if t is not None]
            addressee = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if speaker and addressee:
                sources, targets = finder.actors(speaker[0]), finder.actors(addressee[0])
                if sources and targets:
                    pattern = Pattern("100", tok.lemma_, (), frozenset(), slots)
                    # anchored on the verb of saying: the demand is what was said, and "must"
                    # makes only the demanded act unreal
                    out.extend(self._emit(finder, sent, pattern, sources, targets, sent.doc[must.i:tok.i + 1],
                                          tok.head, None, False, nominal=False))
        return out

    def _governs_event(self, anchor: Token, anchors: set[int]) -> bool:
        """True for "refused"/"threatened" whose infinitive carries the coded event
        ("refused to meet", "threatened to take military action"): the complement's event
        already says it."""
        if not (self.p.is_word("refusal", anchor) or self.p.is_word("threat", anchor)):
            return False
        return any(c.dep_ in ("xcomp", "ccomp") and c.i in anchors for c in anchor.children)

    # -- trigger matching -----------------------------------------------------------------------
    @staticmethod
    def _has_words(tok: Token, words: tuple[str, ...], deps: tuple[str, ...] | None = None) -> list[Token] | None:
        """The children of ``tok`` that spell ``words``; for verbs they must be particles,
        stand within three words after the verb ("call on", "take over", "join hands") or be a
        second object after it ("took several staff members hostage")."""
        found: list[Token] = []
        for w in words:
            hit = next((c for c in tok.children if (deps is None or c.dep_ in deps)
                        and (c.lower_ == w or c.lemma_.lower() == w)
                        and (deps is not None or c.dep_ == "prt" or 0 < c.i - tok.i <= 3
                             or (c.dep_ in ("dobj", "oprd") and c.i > tok.i))), None)
            if hit is None:
                return None
            found.append(hit)
        return found

    @staticmethod
    def _object_names(obj: Token) -> set[str]:
        mods = [c for c in obj.children if c.dep_ in ("compound", "amod") and c.i < obj.i]
        names = {obj.lemma_.lower(), obj.lower_}
        for prep in obj.children:  # "5 million dollars of aid", "10 days of war games", "a ban on imports"
            if prep.dep_ == "prep" and (prep.lower_ == "of" or (prep.lower_ == "on" and obj.lemma_.lower() in ("ban", "embargo"))):
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        names |= EventCoder._object_names(pobj)
        for k in range(1, len(mods) + 1):
            prefix = " ".join(m.lower_ for m in mods[-k:])
            names.add(f"{prefix} {obj.lemma_.lower()}")
            names.add(f"{prefix} {obj.lower_}")
        for m in mods[:-1]:  # each modifier alone: "joint naval exercises" is a joint exercise
            names.add(f"{m.lower_} {obj.lemma_.lower()}")
        return names

    def _verb_matches(self, tok: Token, finder: ActorFinder | None = None):
        """The patterns of verb ``tok`` that match it, in order, as (pattern, object, extras)."""
        for pattern in self.p.verbs.get(tok.lemma_.lower(), []):
            found = self._match_pattern(tok, pattern, finder)
            if found is not None:
                yield found

    def _match_pattern(self, tok: Token, pattern: Pattern, finder: ActorFinder | None):
        """(pattern, object, extras) when ``pattern`` matches verb ``tok``, else None."""
        extras = self._has_words(tok, pattern.extra)
        if extras is None:
            return None
        if not pattern.objects and not pattern.classes:
            return pattern, None, extras
        passive = any(c.dep_ == "nsubjpass" for c in tok.children)
        candidates = [c for c in tok.children if c.dep_ in ("dobj", "attr") or (passive and c.dep_ == "nsubjpass")]
        candidates += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in self.p.words["object_prepositions"]
                       for g in c.children if g.dep_ == "pobj"]
        candidates += [g for c in candidates for g in c.conjuncts]
        for obj in candidates:
            names = self._object_names(obj)
            if names & pattern.objects or any(names & self.p.object_classes[c] for c in pattern.classes
                                              if c not in ("actor", "place")):
                return pattern, obj, extras
            if "actor" in pattern.classes and finder is not None and obj.dep_ in ("dobj", "nsubjpass") \
                    and finder.actors(obj):
                return pattern, obj, extras
            if "place" in pattern.classes and obj.dep_ in ("dobj", "nsubjpass") and obj.ent_type_ in ("GPE", "LOC", "FAC"):
                return pattern, obj, extras  # "Taliban fighters captured Kabul"
        if "actor" in pattern.classes and finder is not None:
            for subj in _infinitive_subjects(tok):  # "will allow 5,000 refugees to return" (parsed as a clause)
                if finder.actors(subj):
                    return pattern, subj, extras
        return None

    # -- coding ---------------------------------------------------------------------------------
    def _code_verb(self, sent: Span, verb: Token, pattern: Pattern, obj: Token | None,
                   extras: list[Token], finder: ActorFinder) -> list[CodedEvent]:
        passive = any(c.dep_ == "nsubjpass" for c in verb.children) and obj is None
        if obj is not None and obj.dep_ == "nsubjpass":
            # "the tax increases had been dropped" (the object is the passive subject): the doer
            # is the "by" agent, never the speaker of the sentence
            agent = _by_objects(verb)
            sources = finder.actors(agent[0]) if agent else []
        else:
            sources = self._source(verb, finder)
        if not sources and not passive and pattern.code[:2] in ("18", "19", "20") and (
                self._by_means(verb, ("nsubj",)) or (verb.dep_ == "advcl" and self._by_means(verb.head, ("nsubj",)))):
            # "A roadside bombing killed …", "an IED exploded near a patrol, wounding three soldiers";
            # weapons with an owner are the owner's: "Russian missiles struck Kyiv" → RUSMIL
            sources = self._means_owner(verb if verb.dep_ != "advcl" or any(c.dep_ == "nsubj" for c in verb.children)
                                        else verb.head, finder) or self._unnamed_perpetrator(verb, finder, force=True)
        if pattern.speaker_source:
            # "Howe said the United States was entitled to take military action": the speaker
            # defends the subject
            if not any(c.dep_ == "nsubjpass" for c in verb.children):
                return []
            passive, sources = False, self._speaker(verb, finder)
        elif passive and not any(c.dep_ == "agent" for c in verb.children) and \
                verb.lemma_.lower() in self.p.words["adjectival_participles"]:
            # "Israel is opposed to French mediation": a state of mind, its subject is the source
            passive = False
            sources = finder.actors(next(c for c in verb.children if c.dep_ == "nsubjpass"))
        elif passive:
            agent = _by_objects(verb)
            sources = finder.actors(agent[0]) if agent else (
                (self._fight_opponent(verb, finder) if pattern.code[:2] in ("18", "19", "20") else [])
                or self._unnamed_perpetrator(
                    verb, finder, force=pattern.code[:2] in ("18", "19", "20") and self._by_means(verb, ("prep",))))
            means = self.p.object_classes.get("weapon", frozenset()) | self.p.object_classes.get("attack_means", frozenset())
            if agent and not sources and pattern.code[:2] in ("18", "19", "20") and self._object_names(agent[0]) & means:
                # "were burned by a gasoline bomb", "were killed by an improvised explosive device"
                sources = self._unnamed_perpetrator(verb, finder, force=True)
        if pattern.threat_only and (not sources or "subject" in pattern.target):
            # "said the community would retaliate", "any Iranian attack will bring a response":
            # the speaker threatens
            sources = self._speaker(verb, finder)
        if not sources:
            return []
        if pattern.code[:2] in ("18", "19", "20") and self._figurative(
                verb, finder, skip={t.i for t in extras} | ({obj.i} if obj is not None else set()),
                armed=any(set(s.roles) & _ARMED for s in sources)):
            return []
        holders = [verb] + ([obj] if obj is not None else []) + extras
        targets, via_search = self._target(pattern, verb, holders, passive, finder, exclude=obj)
        if pattern.code[:2] in _VERBAL_ROOTS and (not targets or all(_is_igo(t) for t in targets)):
            # "demanded that the US cancel …" → USA; "complained to the UN that Israeli
            # authorities …" → ISR, the UN being the venue (CAMEO 114 is coded against the party
            # complained about); "protested over Canada's decision" → CAN
            about = self._clause_target(verb, finder, exclude={s.text for s in sources})
            if about:
                targets, via_search = about, True
            elif not targets:
                targets = self._referenced_attacker(verb, finder, sources)
        elif pattern.code[:2] == "05" and not targets:
            targets = self._referenced_attacker(verb, finder, sources)  # "Caracas welcomed the move"
        trigger_tokens = sorted([verb] + ([obj] if obj is not None else []) + [e for e in extras if e.dep_ in ("prt", "dobj")], key=lambda t: t.i)
        trigger = sent.doc[trigger_tokens[0].i:trigger_tokens[-1].i + 1]
        return self._emit(finder, sent, pattern, sources, targets, trigger, verb, obj, via_search, nominal=False)

    def _not_an_act(self, anchor: Token, code_root: str = "") -> bool:
        """True for triggers that report no act: a question rather than an appeal ("Asked
        about the talks, the minister …", "asked how he felt"); a state rather than an event
        (``state`` words as participles or relative clauses: "Turkish forces occupying north
        Cyprus"); an earlier act recalled in the past perfect of a relative clause ("positions
        they had occupied")."""
        if self.p.is_word("request", anchor) and anchor.lemma_.lower() == "ask":
            if anchor.dep_ == "advcl" and anchor.tag_ == "VBN":
                return True
            if any(c.dep_ == "prep" and c.lower_ == "about" for c in anchor.children):
                return True
            for c in anchor.children:
                if c.dep_ in ("ccomp", "xcomp") and any(g.lower_ in self.p.words["question_words"] and g.i < c.i
                                                         for g in c.subtree):
                    return True
        if self.p.is_word("state", anchor) and anchor.dep_ in ("acl", "relcl", "amod"):
            return True
        if any(c.dep_ == "advmod" and c.lower_ in self.p.words["habitual_adverbs"] for c in anchor.children):
            return True  # "Belgium had always opposed …", "has long funded …": a stance, not an event
        if anchor.dep_ == "acl" and anchor.tag_ == "VBG" and any(a.dep_ == "relcl" for a in anchor.ancestors):
            return True  # "France, which has troops in the region fighting militants, …": a description
        if anchor.dep_ == "acl" and anchor.tag_ == "VBN" and anchor.head.pos_ in ("NOUN", "PROPN") \
                and anchor.head.dep_ != "ROOT" and (code_root in _VERBAL_ROOTS or code_root in ("01", "03", "05")):
            # "the conditions demanded by the ELN", "an accord opposed by fishermen", "rights
            # endorsed by the UN": a statement, appeal, pledge, endorsement, demand, accusation,
            # rejection or threat named by a participle is a reference ("talks mediated by Saudi
            # Arabia" still report the mediation)
            # (on a noun that is the sentence root it is a main verb the parser misread: "An
            # official newspaper called on Arabs to unite")
            return True
        if anchor.dep_ == "relcl" and anchor.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in anchor.children):
            return True  # "the measure, which the administration opposes, …": a standing position, not an act
        if anchor.dep_ == "relcl" and anchor.tag_ == "VBN" and any(
                c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in anchor.children):
            return True
        return False

    def _decision(self, verb: Token) -> bool:
        """True for an infinitive on a noun of decision that is itself reported, not doubted:
        "Canada's decision to close its ports" (the act decided is coded; "a decision to
        attack would be …" under a verb of fear or doubt is not)."""
        noun = verb.head
        return verb.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
            and noun.pos_ == "NOUN" and noun.lemma_.lower() in self.p.words["decision_nouns"] \
            and not _denied(noun, self.p)

    def _figurative(self, verb: Token, finder: ActorFinder, skip: set[int] = frozenset(), armed: bool = False) -> bool:
        """True when an act of force has an abstract direct object and so is figurative: "The
        opposition attacked the budget plan", "he had been fighting a campaign"
        (``object_classes.yaml``, class ``abstract``); the pattern's own words (``skip``: the
        "fire" of "opened fire" and of "exchanged fire") are not its object, nor, for an ``armed`` source, the words of
        class ``military_target`` ("warplanes struck targets")."""
        abstract = self.p.object_classes.get("abstract", frozenset())
        if armed:
            abstract = abstract - self.p.object_classes.get("military_target", frozenset())
        for c in verb.children:
            if c.dep_ == "dobj" and c.i not in skip and not finder.actors(c) and self._object_names(c) & abstract:
                return True
        return False

    def _by_means(self, verb: Token, deps: tuple[str, ...]) -> bool:
        """True when the act is done by an attack or a weapon rather than an actor: its subject
        (``nsubj``) or an "in/by" phrase (``prep``) names one ("A roadside bombing killed …",
        "were killed in a suicide car bombing"); class ``attack_means`` of object_classes.yaml."""
        means = self.p.object_classes.get("attack_means", frozenset())
        for c in verb.children:
            if "nsubj" in deps and c.dep_ == "nsubj" and not c.pos_ == "PRON" and self._object_names(c) & means:
                return True
            if "prep" in deps and c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by"):
                if any(g.dep_ == "pobj" and self._object_names(g) & means for g in c.children):
                    return True
        return False

    def _fight_opponent(self, verb: Token, finder: ActorFinder) -> list[Actor]:
        """Who hurt the victims of an agentless passive that happened in a fight with someone:
        "three workers were wounded in clashes with police" → the police; [] otherwise
        (``object_classes.yaml`` class ``fight``)."""
        fights = self.p.object_classes.get("fight", frozenset())
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in self.p.words["locative_prepositions"] | {"during"}:
                for g in c.children:
                    if g.dep_ == "pobj" and self._object_names(g) & fights:
                        for w in g.children:
                            if w.dep_ == "prep" and w.lower_ == "with":
                                found = [a for p in w.children if p.dep_ == "pobj" for a in finder.actors(p)]
                                if found:
                                    return found
        return []

    def _means_owner(self, verb: Token, finder: ActorFinder) -> list[Actor]:
        """The owner of the weapon or attack that is the subject of ``verb``, as its military
        ("Russian missiles struck Kyiv" → RUSMIL, "Israel's air strikes killed …" → ISRMIL;
        an organisation or group keeps its own code); [] when the means has no owner."""
        for subj in (c for c in verb.children if c.dep_ == "nsubj"):
            for c in subj.children:
                if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < subj.i:
                    found = finder.actors(c) or self._modifier_actor(c, finder)
                    if found:
                        return [a if a.kind != "country" or not a.country else
                                replace(a, code=finder.lexicon.actor_code(a.country, ("MIL",)), roles=("MIL",),
                                        kind="group") for a in found]
        return []

    def _unnamed_perpetrator(self, verb: Token, finder: ActorFinder, force: bool = False) -> list[Actor]:
        """The actor of an agentless passive ("Seven youths were knifed", "a policeman was
        arrested"): for acts of unnamed attackers (``unknown_perpetrator`` words) the country
        where it happened + UAF, for acts only a state does (``state_act`` words) its
        government; nobody for other verbs ("were killed" may be an accident)."""
        if force or self.p.is_word("unknown_perpetrator", verb):
            role = "UAF"
        elif self.p.is_word("state_act", verb):
            role = "GOV"
        else:
            return []
        subj = next((c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")), None)
        if subj is None:
            return []
        victims = finder.actors(subj)
        # where it happened; for a state's act, the state that reports it ("Canada said any French
        # fishermen caught there would be arrested" → CANGOV, not the fishermen's FRA); else the
        # victims' country, else the article's
        country = finder.located_country(verb) or (role == "GOV" and self._reporting_state(verb, finder)) or next(
            (a.country for a in victims if a.country and len(a.country) == 3), None) or finder.context_country(subj)
        if country is None:
            return []
        return [Actor(text="(unnamed)", name=None, code=finder.lexicon.actor_code(country, (role,)),
                      country=country, roles=(role,), kind="group")]

    def _reporting_state(self, verb: Token, finder: ActorFinder) -> str | None:
        """The country (ISO3) of the state-level speaker (a country, government, military) of the
        clause ``verb`` stands in, or None."""
        return next((a.country for a in self._speaker(verb, finder)
                     if _is_state(a) and a.country and len(a.country) == 3), None)

    def _light_noun(self, verb: Token) -> tuple[Token, Pattern] | None:
        """The event noun that a light verb carries as its object ("carried out raids", "staged a
        sit-in", "launched an air strike"), with its pattern; None when there is none."""
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)
        for c in verb.children:
            if c.dep_ == "dobj" or (passive and c.dep_ == "nsubjpass"):
                for pattern in self.p.nouns.get(c.lemma_.lower(), []):
                    if self._has_words(c, pattern.extra, deps=("compound", "amod")) is not None:
                        return c, pattern
        return None

    def _code_light(self, sent: Span, verb: Token, noun: Token, pattern: Pattern,
                    finder: ActorFinder) -> list[CodedEvent]:
        """A light verb with an event noun: the noun's event, done by the verb's subject (or the
        "by" agent of a passive), aimed at the noun's or the verb's target phrase."""
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)
        if passive:
            agent = _by_objects(verb)
            sources = finder.actors(agent[0]) if agent else []
        else:
            sources = self._source(verb, finder)
        if not sources:
            return []
        targets, via_search = self._target(pattern, noun, [noun, verb], False, finder, exclude=None)
        if not targets and pattern.code == "042":
            targets = self._visited_dateline(sources, finder)
            via_search = bool(targets)
        lo, hi = min(verb.i, noun.i), max(verb.i, noun.i)
        return self._emit(finder, sent, pattern, sources, targets, sent.doc[lo:hi + 1], verb, noun, via_search,
                          nominal=False)

    def _unreal_noun(self, noun: Token) -> bool:
        """True for an event noun that names no reported event: with "any", "no", "further" …
        ("any Iranian attack will bring a response") or governed by a verb or noun of fear,
        expectation, prevention or demand ("expect further attacks", "the threat of an
        invasion"), directly or through a preposition."""
        if any(c.dep_ in ("det", "amod") and self.p.is_word("unreal_determiner", c) for c in noun.children):
            return True
        for _, head in climb(noun, 2):
            if self.p.is_word("unreal_noun", head):
                return True
            if head.pos_ in ("VERB", "AUX"):
                return False
        return False

    def _code_noun(self, sent: Span, noun: Token, pattern: Pattern, finder: ActorFinder) -> list[CodedEvent]:
        if self._unreal_noun(noun):
            return []
        sources: list[Actor] = []
        for c in noun.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < noun.i:
                sources = finder.actors(c) or self._modifier_actor(c, finder)
                if sources:
                    break
        if not sources:  # "an overnight attack by three divisions of Iranian Revolutionary Guards"
            by = _by_objects(noun, prepositions=True)
            sources = finder.actors(by[0]) if by else []
        if not sources and self.p.is_word("clause_subject_nouns", noun) and noun.dep_ not in ("nsubj", "nsubjpass"):
            # "Channon spoke after two days of talks with U.S. officials": the talks are his
            verb = _governing_verb(noun)
            if verb is not None and verb.lemma_.lower() not in self.p.verbs and not self.p.is_word("report", verb):
                sources = self._source(verb, finder)
        if not sources and pattern.symmetric and noun.dep_ == "nsubj" \
                and noun.head.lemma_.lower() in self.p.words["occurrence_verbs"]:
            # "fighting raged between government troops and Tutsi-led rebels": each side's
            # (the parser hangs "between" on the noun or on its verb)
            sources = [a for c in [*noun.children, *noun.head.children] if c.dep_ == "prep" and c.lower_ == "between"
                       for g in c.children if g.dep_ == "pobj" for a in finder.actors(g)]
            if len(sources) < 2:
                return []
            trigger = sent.doc[noun.i:noun.i + 1]
            return self._emit(finder, sent, pattern, sources, [], trigger, noun, None, False, nominal=True)
        if not sources:
            return []
        targets, via_search = self._target(pattern, noun, [noun], False, finder, exclude=None)
        if not targets and pattern.code == "042" and noun.dep_ == "pobj":
            # "arrived in Amman on a visit": the place the visitor came to is the visited one
            verb = _governing_verb(noun)
            if verb is not None:
                targets = [a for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "to")
                           for g in c.children if g.dep_ == "pobj" for a in finder.actors(g)][:1]
                via_search = bool(targets)
        if not targets and pattern.code == "042":
            targets = self._visited_dateline(sources, finder)
            via_search = bool(targets)
        if not targets and noun.dep_ == "nsubj" and noun.head.pos_ == "VERB":
            # "Israeli airstrikes destroyed a building in Gaza City": the verb's object or place
            force = pattern.code[:2] in _FORCE_ROOTS
            targets = self._clause_actor(noun.head, sources, finder, force=force, deep_places=force)
            via_search = bool(targets)
        trigger = sent.doc[min(t.i for t in [noun, *[c for c in noun.children if c.dep_ in ("compound",)]]):noun.i + 1]
        return self._emit(finder, sent, pattern, sources, targets, trigger, noun, None, via_search, nominal=True)

    @staticmethod
    def _modifier_actor(tok: Token, finder: ActorFinder) -> list[Actor]:
        """The actor a modifier of an event noun names: "Turkish shelling" → TUR."""
        hit = finder.term_at(tok)
        if hit and hit[1].kind in ("country", "org"):
            found = finder.actors(tok.head)
            if not found and hit[1].kind == "country" and hit[1].country:
                country = finder.lexicon.era_country(hit[1].country, finder.context.date)
                found = [Actor(text=hit[0].text, name=finder.lexicon.country_names.get(country),
                               code=country, country=country, kind="country")]
            return found
        return []

    def _source(self, verb: Token, finder: ActorFinder) -> list[Actor]:
        t = verb
        for _ in range(8):
            subj = [c for c in t.children if c.dep_ in ("nsubj", "csubj")]
            if subj:
                return finder.actors(subj[0])
            if any(c.dep_ == "nsubjpass" for c in t.children) and t != verb:
                return []
            if t.dep_ == "xcomp":
                controller = [c for c in t.head.children if c.dep_ in ("dobj",)]
                if controller:
                    return finder.actors(controller[0])
            if t.dep_ in ("relcl",):
                return finder.actors(t.head)
            if t.dep_ == "advcl" and t.tag_ == "VBG" and t.i > 0 and not t.doc[t.i - 1].is_punct:
                # "stood by Chad rebel forces of GUNT fighting the forces of President Habre":
                # a participle right after a noun phrase, without a comma, describes that noun
                # (a comma makes it the main subject's: "attacked the base, killing four")
                prev = t.doc[t.i - 1]
                noun = next((a for a in [prev, *prev.ancestors] if a.dep_ in ("dobj", "pobj") and a.pos_ in ("NOUN", "PROPN")
                             and a.right_edge.i == t.i - 1), None)
                if noun is not None:
                    return finder.actors(noun)
            if t.dep_ == "amod" and t.tag_ == "VBG" and t.head.pos_ in ("NOUN", "PROPN"):
                # "striking railway workers", "protesting farmers": civilians who strike or
                # protest ("the attacking forces" describes, and names no one)
                return [a for a in finder.actors(t.head) if _is_civil(a)]
            if t.dep_ == "acl" and self._decision(t):
                # "Canada's decision to close its ports", "a decision by the union to lift its
                # ban": the decider acts
                noun = t.head
                owner = [c for c in noun.children if c.dep_ == "poss"] + _by_objects(noun, prepositions=True)
                return finder.actors(owner[0]) if owner else []
            if t.dep_ == "acl":
                if t.tag_ == "VBN" and t.head.dep_ != "ROOT":
                    agent = _by_objects(t)
                    return finder.actors(agent[0]) if agent else []
                # (a participle on a noun that is the sentence root is a main verb the parser
                # misread: "Thousands of students protested in Dhaka")
                return finder.actors(t.head)
            if t.dep_ == "conj" and t.tag_ in _FINITE and t.head.dep_ == "acl" and t.head.tag_ in ("VBN", "VBG"):
                # a finite verb is never coordinated with a participle modifying a noun: the
                # parser attached "… put forward by Xi and is ready to …" one level too low
                t = _governing_verb(t.head.head) or t.head
                continue
            if t.dep_ in _CLIMB_DEPS and t.head != t:
                t = t.head
                continue
            break
        return []

    def _speaker(self, verb: Token, finder: ActorFinder) -> list[Actor]:
        """Who says what ``verb`` stands in: the source of the nearest verb of saying above it
        ("the minister said the community would retaliate" → the minister), or of one hanging
        on it ('"… will bring a response," the spokesman said'); [] when there is none."""
        for t in [verb, *(head for _, head in climb(verb, 6, through=_CLIMB_DEPS))]:
            if t != verb and (self.p.is_word("report", t) or self.p.is_word("threat", t)):
                subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
                if t.dep_ == "relcl" and subj is not None and subj.lower_ in self.p.words["relative_pronouns"]:
                    return finder.actors(t.head)  # "De Croo, who said …": the relative pronoun is its noun
                return self._source(t, finder)
            for c in t.children:
                if c.dep_ in ("parataxis", "ccomp") and c.i > verb.i and self.p.is_word("report", c):
                    found = self._source(c, finder)
                    if found:
                        return found
        return []

    def _target(self, pattern: Pattern, verb: Token, holders: list[Token], passive: bool,
                finder: ActorFinder, exclude: Token | None) -> tuple[list[Actor], bool]:
        for slot in pattern.target:
            heads: list[Token] = []
            if slot == "dobj":
                deps = ("nsubjpass",) if passive else ("dobj",)
                heads = [c for c in verb.children if c.dep_ in deps and c != exclude] or \
                    [c for c in _infinitive_subjects(verb) if c != exclude] or _visiting_guests(verb)
            elif slot == "dative":
                heads = [c for c in verb.children if c.dep_ in ("dative", "iobj")]
            elif slot == "subject":
                heads = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            else:
                for h in holders:
                    for c in h.children:
                        if c.dep_ in ("prep", "prt", "agent") and c.lower_ == slot:
                            heads.extend(g for g in c.children if g.dep_ == "pobj")
                            heads.extend(_visiting_guests(c))
            for head in heads:
                actors = finder.actors(head)
                if actors:
                    return actors, False
                if finder.context.last_sides and _both_sides(head):
                    # "called on both sides to show restraint" after fighting between two countries' forces
                    return [replace(a, text=_phrase_words(head)) for a in finder.context.last_sides], True
                if slot == "subject":  # the owner of the act, not what it is aimed at
                    by = _by_objects(head, prepositions=True)
                    actors = self._owner(head, finder) or (finder.actors(by[0]) if by else [])
                    if actors:
                        return actors, True
                    continue
                actors = self._owner(head, finder) or self._search(head, finder)
                if actors:
                    return actors, True
        return [], False

    def _owner(self, thing: Token, finder: ActorFinder) -> list[Actor]:
        """The country or actor a target thing belongs to by its modifiers: "rejected an Indian
        proposal" → IND, "shelled Iraqi towns" → IRQ, "North Korea's demand" → PRK. Only for
        targets: as a source, "Chinese exports" names no one who acts."""
        if any(c.lower_ == "ethnic" for c in thing.children):
            return []  # "ethnic Albanian villages in Kosovo" are not Albania's
        for c in thing.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < thing.i:
                if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN"):
                    found = finder.actors(c)
                    if found:
                        return found
                found = self._modifier_actor(c, finder)
                if found:
                    return found
        return []

    def _clause_actor(self, anchor: Token, sources: list[Actor], finder: ActorFinder, force: bool,
                      deep_places: bool = False) -> list[Actor]:
        """A target for an event whose pattern slots named none: the first actor after the
        trigger inside its own clause ("is willing to send material to help defend Saudi
        Arabia" → SAU; "attacked Pakistani villages" → PAK), other than the source. Places in
        locative phrases count for acts of force (``force``: the attacked place, "shelled
        positions near Kherson"), and deeper in the clause for other acts (``deep_places``:
        "threatened to ban voting in East Jerusalem"), never for talks or mediation (CAMEO 04)
        held somewhere; reported speech, relative clauses and purpose clauses are not entered."""
        taken = {a.text for a in sources} | {a.code for a in sources if a.code}
        stack = [c for c in anchor.children if c.i > anchor.i]
        order: list[Token] = []
        while stack:
            t = stack.pop()
            if (t.dep_ in _CLAUSE_STOP and not (t.dep_ in ("nsubj", "nsubjpass") and t.head != anchor)) \
                    or (t.dep_ == "conj" and t.pos_ in ("VERB", "AUX")) \
                    or (t.dep_ == "advcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)) \
                    or (t.dep_ == "prep" and t.lower_ in self.p.words["locative_prepositions"] and not force
                        and (t.head == anchor or not deep_places)):
                continue  # (a purpose clause is entered: "fired tear gas to disperse the miners")
            if t.pos_ in ("NOUN", "PROPN") and self._object_names(t) & self.p.object_classes.get("weapon", frozenset()):
                continue  # "asked for more artillery shells": a weapon is a thing, not its owner
            if t.pos_ in ("VERB", "AUX") and self.p.is_word("report", t):
                continue
            order.append(t)
            stack.extend(t.children)
        for t in sorted(order, key=lambda x: x.i):
            if t.pos_ in ("NOUN", "PROPN") and t.dep_ not in ("compound", "amod", "flat"):
                found = [a for a in (finder.actors(t) or self._owner(t, finder))
                         if a.text not in taken and a.code not in taken]
                if found:
                    return found
        return []

    def _condition_target(self, anchor: Token, sources: list[Actor], finder: ActorFinder) -> list[Actor]:
        """The subject of the if/unless clause on ``anchor`` or on the verbs it hangs from
        (through infinitives and conjuncts), other than the sources; [] when there is none."""
        taken = {a.code for a in sources}
        for t in [anchor, *(head for _, head in climb(anchor, 3, through={"xcomp", "conj", "ccomp"}))]:
            for c in t.children:
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and self.p.is_word("condition", m) for m in c.children):
                    for subj in (g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")):
                        found = [a for a in finder.actors(subj) if a.code not in taken]
                        if found:
                            return found
        return []

    def _clause_target(self, verb: Token, finder: ActorFinder, exclude: set[str]) -> list[Actor]:
        """Whom a verbal act is about: the subject of its that-clause (the "by" agent when the
        clause is passive), else the actor in its "over"/"about"/"against" phrase."""
        for c in verb.children:
            if c.dep_ == "ccomp":
                agent = _by_objects(c)
                subj = agent or [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
                if subj:
                    found = [a for a in (finder.actors(subj[0]) or self._search(subj[0], finder)) if a.text not in exclude]
                    if found:
                        return found
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in self.p.words["about_prepositions"]:
                for g in c.children:
                    if g.dep_ == "pobj":
                        found = [a for a in (finder.actors(g) or self._owner(g, finder) or self._search(g, finder))
                                 if a.text not in exclude]
                        if found:
                            return found
        return []

    def _search(self, head: Token, finder: ActorFinder, depth: int = 4) -> list[Actor]:
        frontier = [head]
        for _ in range(depth):
            nxt: list[Token] = []
            for t in frontier:
                for c in t.children:
                    if c.dep_ not in _SEARCH_DEPS or (c.dep_ == "conj" and t.pos_ in ("VERB", "AUX")):
                        continue
                    if c.dep_ == "prep" and c.lower_ in self.p.words["locative_prepositions"]:
                        continue  # a place is where it happened, not whom it happened to
                    if c.pos_ in ("NOUN", "PROPN", "PRON"):
                        actors = finder.actors(c) or (self._owner(c, finder) if c.pos_ == "NOUN" else [])
                        if actors:
                            return actors
                    nxt.append(c)
            frontier = nxt
        return []

    # -- modality, context, output --------------------------------------------------------------
    def _modality(self, verb: Token, obj: Token | None, sent: Span) -> tuple[str, bool, bool]:
        """Return (modality, negated, hypothetical) for a trigger in sentence ``sent``."""
        p = self.p
        negated = any(c.dep_ == "neg" for c in verb.children) or (
            obj is not None and any(c.lower_ == "no" and c.dep_ == "det" for c in obj.children)
        )
        modality = "realised"
        hypothetical = False
        holders = [verb] + ([obj] if obj is not None else [])
        if any(c.dep_ == "prep" and c.lower_ == "for" and any(g.dep_ == "pobj" and g.ent_type_ == "DATE"
                                                               and not _is_duration(g) for g in c.children)
               for h in holders for c in h.children) or any(c.lower_ == "tomorrow" for h in holders for c in h.children):
            # "called a six-hour nationwide strike for tomorrow": announced, not yet held ("had
            # fought government troops for two years" is how long, not when)
            modality = "intent"
        if any(c.dep_ == "aux" and p.is_word("speculation", c) for c in verb.children):
            hypothetical = True  # "Russia may attack Ukraine": speculation, not an event
        if span_text(sent).rstrip().endswith("?"):
            hypothetical = True  # "Did Russia attack Ukraine?"
        if any(g.lower_ == "neither" for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "preconj", "advmod")
               for g in c.subtree) or any(c.lower_ == "neither" for c in verb.children):
            negated = True  # "Neither Russia nor China condemned Iran"
        if any(c.dep_ == "aux" and p.is_word("obligation", c) for c in verb.children):
            hypothetical = True  # "Libya must hand over …": coded as the speaker's demand instead
        t = verb
        for _ in range(6):
            if any(c.dep_ == "aux" and p.is_word("intent_aux", c) for c in t.children):
                modality = "intent" if modality == "realised" else modality
            if any(c.dep_ == "mark" and p.is_word("hypothetical", c) for c in t.children):
                hypothetical = True
            purpose = t.dep_ in ("advcl", "acl", "relcl") or (t.dep_ == "xcomp" and t.head.pos_ == "VERB" and not any(
                p.is_word(kind, t.head) for kind in ("intent", "threat", "refusal", "request", "failure", "report",
                                                      "intent_fallback", "refusal_fallback", "aspect")))
            if purpose and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children) and not self._decision(t) \
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children) and not p.is_word("protest_purpose", t):
                hypothetical = True  # purpose: "staged protests to demand reforms", "boats carrying men to attack …"
            if t.dep_ == "advcl" and t.tag_ == "VBG" and (p.is_word("request", t) or p.is_word("report", t)
                                                         or t.lemma_ in ("demand", "protest")):
                hypothetical = True  # "blocked roads, demanding that …": the manner of the main event
            if t.dep_ in ("acl", "ccomp") and t.head.pos_ == "NOUN" and (
                    any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)
                    or (t.dep_ == "ccomp" or any(c.dep_ == "aux" and c.lower_ != "to" for c in t.children))) \
                    and not (p.is_word("report_noun", t.head) and not _denied(t.head, p)):
                # noun complement: "an admission that forces murdered …" is not an event; "an
                # announcement that Britain had withdrawn …" reports one
                hypothetical = True
            if p.is_word("failure", t.head) and t.dep_ in ("xcomp", "ccomp", "pcomp"):
                negated = True
            if t.dep_ not in _CLIMB_DEPS or t.head == t:
                break
            h = t.head
            if t.dep_ == "conj":
                t = h
                continue
            if p.is_word("report", h):
                break
            if (p.is_word("request", h) or p.is_word("permission", h)) and t.dep_ in ("xcomp", "ccomp"):
                # "urged X to agree": the appeal is the event, not the agreement; "allowed the
                # opposition to hold a rally": the permission is
                hypothetical = True
            if p.is_word("accusation", h) and t.dep_ in ("pcomp", "advcl", "xcomp", "ccomp", "conj"):
                hypothetical = True  # "accused the rebels of burning homes, killing five": only the accusation
            if p.is_word("complaint", h) and t.dep_ == "ccomp" and not _dated(t):
                # "complained to the UN that Israeli authorities were blocking exports": the
                # complaint is coded; the act it asserts only when the complaint dates it
                # ("… that Afghan planes attacked villages last Thursday")
                hypothetical = True
            if p.is_word("refusal", h):
                modality = "refusal"
            elif p.is_word("threat", h):
                modality = "threat"
            elif p.is_word("intent", h) and modality == "realised":
                modality = "intent"
            elif t.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children) and modality == "realised" \
                    and not p.is_word("protest_purpose", t):
                modality = "intent"
            if any(c.dep_ == "neg" for c in h.children) and modality != "refusal":
                negated = True
            t = h
        return modality, negated, hypothetical

    def _final_code(self, base: str, modality: str, sent: Span) -> tuple[str, tuple[str, ...]]:
        p = self.p
        code = base
        if modality == "refusal":
            code = p.modal_code(base, p.refusal_codes) or "120"
        elif modality in ("intent", "threat"):
            mapped = p.modal_code(base, p.intent_codes)
            if modality == "threat" and (mapped is None or not mapped.startswith("13")):
                mapped = mapped if mapped and mapped.startswith("13") else "130"
            code = mapped or code
        found = self._sentence_contexts(sent)
        refined = next((ctx.refine[code] for ctx in found if ctx.refine.get(code) in p.codes), None)
        return refined or code, tuple(ctx.name for ctx in found)

    def _sentence_contexts(self, sent: Span) -> list:
        """The PLOVER contexts whose words the sentence holds (as a word or a lemma; phrases
        anywhere in its text); computed once per sentence."""
        cache = sent.doc.user_data.setdefault("communique_contexts", {})
        if sent.start not in cache:
            table = token_table(sent.doc)
            words = set(table.lower[sent.start:sent.end]) | set(table.lemma[sent.start:sent.end])
            text = span_text(sent).lower() if any(phrases for _, _, phrases in self._context_cues) else ""
            cache[sent.start] = [ctx for ctx, ids, phrases in self._context_cues
                                 if not ids.isdisjoint(words) or any(w in text for w in phrases)]
        return cache[sent.start]

    def _emit(self, finder: ActorFinder, sent: Span, pattern: Pattern, sources: list[Actor], targets: list[Actor],
              trigger: Span, anchor: Token, obj: Token | None, via_search: bool, nominal: bool) -> list[CodedEvent]:
        if not targets and not pattern.requires_target and not (pattern.symmetric and len(sources) > 1):
            targets = self._clause_actor(anchor, sources, finder, force=pattern.code[:2] in _FORCE_ROOTS
                                         and pattern.code[:3] not in _STATE_ACTS,
                                         deep_places=pattern.code[:2] not in ("01", "02", "03", "04", "05")
                                         and pattern.code[:3] not in _STATE_ACTS)
            via_search = via_search or bool(targets)
        if pattern.requires_target and not targets and not (pattern.symmetric and len(sources) > 1):
            return []
        if self._not_an_act(anchor, pattern.code[:2]):
            return []
        modality, negated, hypothetical = self._modality(anchor, obj, sent)
        if hypothetical:
            return []
        if pattern.threat_only:
            if negated or modality not in ("intent", "threat"):
                return []
            modality = "threat"
        if negated and modality == "intent":  # "will not negotiate", "would not meet": a refusal
            modality, negated = "refusal", False
        if modality == "intent" and any(c.dep_ == "advcl" and any(
                m.dep_ == "mark" and (self.p.is_word("threat_condition", m)
                                      or (self.p.is_word("condition", m) and pattern.code[:2] not in _COOPERATION_ROOTS))
                for m in c.children) for c in anchor.children):
            # "will withdraw its force unless …", "will strike if …": a conditional intention
            # threatens; "would meet the mediator if he gave them a veto" is a conditional offer
            modality = "threat"
        if not targets and (modality == "threat" or pattern.code[:2] == "13"):
            # "threatened to strike unless Israel rescinded …", "… if the United States goes
            # ahead": a threat is aimed at whoever must meet its condition
            targets = self._condition_target(anchor, sources, finder)
            via_search = via_search or bool(targets)
        code, contexts = self._final_code(pattern.code, "realised" if pattern.threat_only else modality, sent)
        contexts = tuple(dict.fromkeys(contexts + pattern.contexts))
        out: list[CodedEvent] = []
        pairs: list[tuple[Actor, Actor | None]]
        if not targets and pattern.symmetric and len(sources) > 1:
            pairs = [(a, b) for a in sources for b in sources if a is not b]
        else:
            pairs = [(a, b) for a in sources for b in (targets or [None])]
        for src, tgt in pairs:
            if pattern.opposition_only and "OPP" not in src.roles:
                continue
            if pattern.armed_only and not set(src.roles) & _ARMED:
                continue
            if pattern.state_code and _is_state(src):
                src_code, _ = self._final_code(pattern.state_code, modality, sent)
            elif pattern.civil_code and _is_civil(src):
                src_code, _ = self._final_code(pattern.civil_code, modality, sent)
            elif pattern.untargeted_state_code and tgt is None and _is_state(src):
                src_code, _ = self._final_code(pattern.untargeted_state_code, modality, sent)
            else:
                src_code = code
            if tgt is not None and src_code[:3] in ("042", "043") and src.country and src.country == tgt.country \
                    and src.kind in ("group", "person") and not finder.has_own_country(src.text):
                # "The president visited Moscow": a visitor is not of the place visited; the
                # country the context gave the role is dropped
                src = replace(src, country=None, code=finder.lexicon.actor_code(None, src.roles))
            if tgt is not None and src_code[:2] == "04" and tgt.name is None and \
                    (tgt.text.split() or [""])[-1].lower() in self.p.words["press_words"]:
                continue  # "speaking to reporters" is a statement, not a consultation
            if src_code[:2] in ("18", "19") and src_code[:3] not in ("183", "185", "186") and tgt is not None \
                    and set(src.roles) & {"COP", "MIL"} and not set(src.roles) & NON_STATE_ARMED \
                    and _is_civil(tgt) and tgt.country and tgt.country == src.country:
                # a state's police or army hurting its own civilians, workers or protesters
                # represses them (CAMEO 175): "three workers were wounded in clashes with police"
                # (rebels or paramilitaries that kill civilians assault them: "RSF drones struck a hospital")
                src_code = "175"
            suicide = "suicide" in src.text.lower()
            if src_code == "190" and _head_word(src.text) in self.p.words["aircraft"] and not suicide:
                src_code = "195"  # "Indian warplanes struck …": aerial weapons ("suicide bombers" are people)
            if src_code in ("190", "195") and (suicide or (pattern.lemma == "bomb" and set(src.roles) & NON_STATE_ARMED)):
                # "Suicide bombers attacked the USS Cole", "guerrillas bombed a police station":
                # a non-military bombing (CAMEO 183), not an air strike
                src_code = "1831" if suicide else "183"
            if tgt is not None and via_search and code[:2] in _COOPERATION_ROOTS and tgt.kind == "country" \
                    and tgt.country == src.country:
                tgt = None  # "pledged American support for democracy": not a target
            if tgt is not None and code[:2] == "15" and tgt.country and tgt.country == src.country:
                tgt = None  # "ordered its armed forces to defend …": its own forces are the means, not a target
            if tgt is None and src_code[:2] == "14" and src.country and len(src.country) == 3 \
                    and (_is_civil(src) or "OPP" in src.roles) and not src.country.startswith(("IGO", "NGO")):
                # a protest or strike that names no target is against its own country's
                # government, as CAMEO coders code it ("thousands of striking railway workers" →
                # ZAFLAB → ZAFGOV)
                tgt = Actor(text="(government)", name=None, code=finder.lexicon.actor_code(src.country, ("GOV",)),
                            country=src.country, roles=("GOV",), kind="group")
            if tgt is not None and tgt.country == src.country and pattern.code[:2] not in _VERBAL_ROOTS \
                    and tgt.text.split()[0].lower() in _OWNER_WORDS:
                # a material act on the source's own people or things is aimed at the foreign actor
                # of its clause when there is one ("Britain withdrew its diplomats in Tehran" → IRN)
                alt = self._clause_actor(anchor, [src, tgt], finder, force=False, deep_places=True)
                tgt = next((a for a in alt if a.country and a.country != src.country), tgt)
            if tgt is not None and (tgt is src or (tgt.code == src.code and tgt.name == src.name
                                                   and (tgt.name is not None or tgt.text == src.text
                                                        or tgt.text.lower() in PERSONAL_PRONOUNS | GROUP_PRONOUNS))
                                    or (tgt.text.lower() in GROUP_PRONOUNS and tgt.country and tgt.country == src.country)):
                if not via_search or len(pairs) > 1:
                    continue  # an actor acting on itself ("… will defend it", "evacuating their stronghold")
                # what the act was aimed at belongs to the source ("withdrew its diplomats in
                # Tehran"): the target is another actor of the clause, else none
                force = pattern.code[:2] in _FORCE_ROOTS and pattern.code[:3] not in _STATE_ACTS
                alt = self._clause_actor(anchor, [src], finder, force=force, deep_places=force)
                tgt = next((a for a in alt if a.code != src.code), None)
            out.append(CodedEvent(src_code, pattern.code, src, tgt, trigger, anchor, negated, modality,
                                  contexts, self._confidence(src, tgt, nominal, via_search)))
        return out

    def _confidence(self, src: Actor, tgt: Actor | None, nominal: bool, via_search: bool) -> float:
        """The event's confidence, 0..1 (the ``event_confidence*`` settings: the base less each
        penalty that applies, at least the floor), rounded to 2 places."""
        s = self.settings
        conf = s.event_confidence
        if nominal:
            conf -= s.event_confidence_noun_trigger
        if tgt is None:
            conf -= s.event_confidence_no_target
        if via_search:
            conf -= s.event_confidence_searched_actor
        if src.text.lower() in PERSONAL_PRONOUNS or (tgt and tgt.text.lower() in PERSONAL_PRONOUNS):
            conf -= s.event_confidence_pronoun
        if src.code is None or not src.country:
            conf -= s.event_confidence_no_country
        return round(max(conf, s.event_confidence_floor), 2)


def _phrase_words(token: Token) -> str:
    """The words of the phrase ``token`` heads, as written ("the two sides")."""
    return token.doc[token.left_edge.i:token.right_edge.i + 1].text


def _both_sides(token: Token) -> bool:
    """True for "both sides", "the two sides", "both parties", "the warring parties"."""
    return token.lemma_.lower() in ("side", "party") and any(
        c.lower_ in ("both", "two", "warring") for c in token.children)


def _is_visiting_guest_word(token: Token) -> bool:
    """True for the "visiting" of "met (with) visiting Prime Minister X", which the parser
    reads as a verb with X as its object: it describes the guest."""
    return token.lower_ == "visiting" and token.tag_ == "VBG" and (
        token.dep_ == "pcomp" and token.head.lower_ == "with" or token.dep_ in ("dobj", "xcomp", "ccomp", "advcl")
        and token.head.lemma_.lower() in ("meet", "receive", "host", "welcome", "greet")) \
        and any(c.dep_ == "dobj" for c in token.children)


def _visiting_guests(head: Token) -> list[Token]:
    """The guests of a "visiting" that stands for them under ``head`` (a meeting verb, or its
    "with"): "met with visiting Vietnamese Prime Minister Pham Minh Chinh" → Chinh."""
    return [g for c in head.children if _is_visiting_guest_word(c) for g in c.children if g.dep_ == "dobj"]


_TIME_UNITS = frozenset({"second", "minute", "hour", "day", "night", "week", "month", "year", "decade", "century"})


def _is_duration(token: Token) -> bool:
    """True for a date phrase that says how long, not when: "two years", "a week", "several
    months", "the past decade", "decades" (a counted, quantified or past time unit)."""
    if token.lemma_.lower() not in _TIME_UNITS:
        return False
    words = {c.lower_ for c in token.children}
    plural = token.tag_ == "NNS" and not words & {"next", "coming"}  # "decades", not "the coming months"
    counted = bool(words & {"a", "an", "several", "many", "few", "past", "last"}) or any(c.like_num for c in token.children)
    return plural or counted


def _is_state(actor: Actor) -> bool:
    """A country, an IGO, or a government, military or diplomatic actor: a state-level actor."""
    if actor.kind in ("country", "organization") and not set(actor.roles) - {"GOV", "MIL"}:
        return True
    return bool(actor.roles) and set(actor.roles) <= {"GOV", "MIL", "SPY"}


_OWNER_WORDS = frozenset({"its", "their", "his", "her", "our"})  # possessives of the source's own
_ARMED = {"MIL", "COP", "SPY", "REB", "INS", "SEP", "UAF"}
_ARMED_OR_STATE = {"GOV", "MIL", "COP", "SPY", "REB", "INS", "SEP", "UAF", "CRM", "JUD", "LEG", "PTY"}


def _is_civil(actor: Actor) -> bool:
    """A group of civilians, workers, farmers, students or opposition: roles, none armed or of
    the state."""
    return bool(actor.roles) and not set(actor.roles) & _ARMED_OR_STATE and actor.kind == "group"


def _head_word(text: str) -> str:
    """The last word of an actor's text in the singular, lower case ("Iraqi warplanes" → warplane)."""
    word = text.split()[-1].lower() if text.split() else ""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _by_objects(token: Token, prepositions: bool = False) -> list[Token]:
    """The objects of ``token``'s "by" phrases: a passive's agents ("were attacked by rebels"),
    and with ``prepositions`` also a plain "by" preposition the parser gives an event noun ("an
    attack by Iranian forces")."""
    deps = ("agent", "prep") if prepositions else ("agent",)
    return [g for c in token.children if c.dep_ in deps and (c.dep_ == "agent" or c.lower_ == "by")
            for g in c.children if g.dep_ == "pobj"]


def _speaker_token(say: Token) -> Token | None:
    """The subject of the verb of saying ``say``; through a participle the parser made the
    subject ("The Red Cross operating in Iraq said …" → Red Cross)."""
    subj = next((c for c in say.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.pos_ in ("VERB", "AUX"):
        subj = next((c for c in subj.children if c.dep_ == "nsubj"), None)
    return subj


def _infinitive_subjects(verb: Token) -> list[Token]:
    """The subjects of infinitive clauses that the parser hangs on ``verb`` where English has an
    object ("allow refugees to return", "urged Israel to agree" parsed as a clause)."""
    return [g for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for g in c.children if g.dep_ == "nsubj"]


def _denied(noun: Token, p: PatternSet) -> bool:
    """True when the verb governing ``noun`` denies or doubts it ("denied a report that …")."""
    verb = _governing_verb(noun)
    return verb is not None and (p.is_word("failure", verb) or p.is_word("refusal", verb)
                                 or p.is_word("unreal_noun", verb))


def _dated(clause: Token) -> bool:
    """True when the clause of verb ``clause`` names a time of its own (a DATE or TIME entity
    outside its nested clauses: "attacked villages last Thursday")."""
    stack = list(clause.children)
    while stack:
        t = stack.pop()
        if t.ent_type_ in ("DATE", "TIME"):
            return True
        if t.dep_ not in ("ccomp", "relcl", "advcl", "xcomp"):
            stack.extend(t.children)
    return False


def _is_igo(actor: Actor) -> bool:
    return bool(actor.country) and actor.country.startswith(("IGO", "NGO"))


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` in the parse (eight steps at most), or None."""
    return governing_verb(token, limit=8)
