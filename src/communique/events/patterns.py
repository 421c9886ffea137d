"""Event pattern dictionaries (``verbs.yaml``, ``modality.yaml``, ``modality_codes.tsv``,
``contexts.yaml``) loaded, validated and indexed by lemma for fast look-up.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Token

from communique.dictionaries import Dictionaries, DictionaryError
from communique.events.cameo import CodeTable

_SLOTS_NON_PREP = {"dobj", "dative", "subject"}


@dataclass(frozen=True)
class Pattern:
    """One trigger pattern.

    Attributes:
        code: CAMEO event code.
        lemma: the verb or noun lemma that triggers it.
        extra: further words that must be children of the trigger (particles: "call on"), or
            compound/amod modifiers of a noun trigger ("air strike").
        objects: object lemmas (possibly multi-word) required for light verbs; empty = none needed.
        classes: object classes (``object_classes.yaml``; ``actor`` = any actor phrase) whose
            members also satisfy the object requirement.
        state_code: the code when the source is a state (a country, its government or its
            diplomats) rather than a group of people: a state's "protest" is a formal complaint
            (114), a crowd's is a demonstration (141).
        civil_code: the code when the source is a civilian group (no armed or state role):
            farmers who "battled police" riot (145) rather than fight (190).
        untargeted_state_code: the code when a state source has no target: missiles fired into
            the sea are a show of force (150), not an air strike.
        opposition_only: the pattern codes only for protesters or the opposition (role OPP):
            "protesters gathered outside the parliament"; pilgrims who gather do not demonstrate.
        armed_only: the pattern codes only for armed sources (military, police, rebels,
            insurgents, unidentified armed men): "Turkish jets flew over Cyprus" shows force,
            a president who flies over a flooded region does not.
        speaker_source: the pattern is a judgement the speaker passes on the passive subject
            ("Howe said the United States was entitled to take military action" → 052 from
            the speaker to the United States); without a passive subject or a speaker it codes
            nothing.
        threat_only: the pattern codes only an act announced as future, conditional or vowed
            ("Iran would respond decisively to …", "any attack will bring a forceful
            response"): a threat (CAMEO 13), coded as given; the realised verb ("Iran responded
            to the letter") is not this event and the next pattern of the lemma is tried. When
            its subject names no actor, the source is the speaker of the verb of saying above it.
        target: target slots in order (``dobj``, ``dative``, ``subject`` — the actor owning the
            subject phrase, "any Iranian attack will bring a response" → IRN — or a preposition).
        nominal: True for noun triggers.
        contexts: PLOVER contexts the pattern always carries.
        symmetric: coordinated sources without a target are paired ("A and B met").
        requires_target: the pattern codes nothing without a target actor ("defended Iraq").
    """

    code: str
    lemma: str
    extra: tuple[str, ...]
    objects: frozenset[str]
    target: tuple[str, ...]
    nominal: bool = False
    contexts: tuple[str, ...] = ()
    symmetric: bool = False
    requires_target: bool = False
    rank: int = 0
    classes: frozenset[str] = frozenset()
    state_code: str | None = None
    civil_code: str | None = None
    untargeted_state_code: str | None = None
    opposition_only: bool = False
    threat_only: bool = False
    armed_only: bool = False
    speaker_source: bool = False

    @property
    def specificity(self) -> int:
        """Higher for patterns that need more words; those are tried first."""
        return (2 if self.objects or self.classes else 0) + len(self.extra)


@dataclass(frozen=True)
class Context:
    """A PLOVER context recognised by words, with the CAMEO refinements it selects."""

    name: str
    words: frozenset[str]
    refine: dict[str, str]


def _alternation(patterns: list[re.Pattern]) -> re.Pattern | None:
    """One regular expression matching where any of ``patterns`` matches (one pass over a
    sentence instead of one per pattern); None when a pattern cannot be joined (it refers to
    its own groups by number or name, or sets flags inline)."""
    if not patterns or any(re.search(r"\\[1-9]|\(\?P=|\(\?[aiLmsux]", p.pattern) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)
    except re.error:
        return None


class PatternSet:
    """All event patterns and modality words. Build once and reuse.

    Raises:
        DictionaryError: an entry lacks ``code`` or triggers, names a code not in the CAMEO
            table, or a target slot is not a word.
    """

    def __init__(self, dictionaries: Dictionaries, codes: CodeTable):
        self.codes = codes
        self.words = dictionaries.word_lists()  # word_lists.yaml
        self.object_classes: dict[str, frozenset[str]] = {}
        for entry in dictionaries.yaml("object_classes.yaml"):
            name = str(entry["class"])
            self.object_classes[name] = self.object_classes.get(name, frozenset()) | frozenset(
                str(w).lower() for w in entry.get("words", []))
        self.verbs: dict[str, list[Pattern]] = defaultdict(list)
        self.nouns: dict[str, list[Pattern]] = defaultdict(list)
        for n, (rank, entry) in enumerate(dictionaries.yaml_ranked("verbs.yaml"), start=1):
            self._add(entry, n, rank)
        for table in (self.verbs, self.nouns):
            for lemma in table:  # user folders first, then more specific patterns (stable sort)
                table[lemma].sort(key=lambda p: (-p.rank, -p.specificity))
        self.modality: dict[str, frozenset[str]] = {}
        for entry in dictionaries.yaml("modality.yaml"):
            words = frozenset(str(w).lower() for w in entry.get("words", []))
            self.modality[entry["kind"]] = self.modality.get(entry["kind"], frozenset()) | words
        self.intent_codes: dict[str, str] = {}
        self.refusal_codes: dict[str, str] = {}
        for row in dictionaries.tsv("modality_codes.tsv"):
            for col, table in (("intent", self.intent_codes), ("refusal", self.refusal_codes)):
                if row.get(col):
                    if row[col] not in codes or len(row[col]) < 3:
                        raise DictionaryError(f"modality_codes.tsv: {row[col]!r} is not a CAMEO event code "
                                              "(3 or 4 digits in cameo_codes.tsv)")
                    table[row["realised"]] = row[col]
        self.discards = [re.compile(line, re.IGNORECASE) for line in dictionaries.lines("discards.txt")]
        self._discard_any = _alternation(self.discards)
        self.contexts: list[Context] = []
        for entry in dictionaries.yaml("contexts.yaml"):
            self.contexts.append(Context(
                entry["context"], frozenset(str(w).lower() for w in entry.get("words", [])),
                {str(k): str(v) for k, v in (entry.get("refine") or {}).items()},
            ))

    def _add(self, entry: dict, n: int, rank: int = 0) -> None:
        where = f"verbs.yaml entry {n}"
        if not isinstance(entry, dict) or "code" not in entry:
            raise DictionaryError(f"{where}: needs a 'code'")
        code = str(entry["code"])
        if code not in self.codes:
            raise DictionaryError(f"{where}: CAMEO code {code!r} is not in cameo_codes.tsv")
        if not entry.get("verbs") and not entry.get("nouns"):
            raise DictionaryError(f"{where}: needs 'verbs' or 'nouns'")
        listed = [str(o).lower() for o in entry.get("objects") or []]
        classes = frozenset(o[1:] for o in listed if o.startswith("@"))
        unknown = sorted(c for c in classes if c not in ("actor", "place") and c not in self.object_classes)
        if unknown:
            raise DictionaryError(f"{where}: unknown object class(es) {unknown} (object_classes.yaml)")
        objects = frozenset(o for o in listed if not o.startswith("@"))
        # YAML 1.1 reads a bare `on` as true: take it back as the preposition it was meant to be
        target = tuple(("on" if t is True else "off" if t is False else str(t)).lower()
                       for t in entry.get("target") or ["dobj"])
        contexts = tuple(entry.get("contexts") or [])
        symmetric = bool(entry.get("symmetric", False))
        state_code = str(entry["state_code"]) if entry.get("state_code") else None
        civil_code = str(entry["civil_code"]) if entry.get("civil_code") else None
        untargeted = str(entry["untargeted_state_code"]) if entry.get("untargeted_state_code") else None
        for key, value in (("state_code", state_code), ("civil_code", civil_code), ("untargeted_state_code", untargeted)):
            if value and value not in self.codes:
                raise DictionaryError(f"{where}: {key} {value!r} is not in cameo_codes.tsv")
        requires_target = bool(entry.get("requires_target", False))
        for phrase in entry.get("verbs") or []:
            words = str(phrase).lower().split()
            self.verbs[words[0]].append(Pattern(code, words[0], tuple(words[1:]), objects, target, False, contexts, symmetric,
                                                requires_target, rank, classes, state_code, civil_code, untargeted,
                                                bool(entry.get("opposition_only", False)),
                                                bool(entry.get("threat_only", False)),
                                                bool(entry.get("armed_only", False)),
                                                bool(entry.get("speaker_source", False))))
        for phrase in entry.get("nouns") or []:
            words = str(phrase).lower().split()
            self.nouns[words[-1]].append(Pattern(code, words[-1], tuple(words[:-1]), frozenset(), target, True, contexts, symmetric,
                                                 requires_target, rank, state_code=state_code, civil_code=civil_code))

    def discard(self, sentence: str) -> bool:
        """True when ``sentence`` matches ``discards.txt`` (sports results, entertainment)."""
        if self._discard_any is not None:
            return self._discard_any.search(sentence) is not None
        return any(d.search(sentence) for d in self.discards)

    def is_word(self, kind: str, token: Token) -> bool:
        """True when ``token`` (by lemma or lower-case form) is one of the ``kind`` modality words."""
        words = self.modality.get(kind, frozenset())
        return token.lemma_.lower() in words or token.lower_ in words

    def modal_code(self, code: str, table: dict[str, str]) -> str | None:
        """Look ``code`` up in an intent/refusal table: 4-digit, 3-digit, then root."""
        for key in (code, code[:3], code[:2]):
            if key in table:
                return table[key]
        return None
