"""The actor lexicon: every word that names a country, an organisation or a role.

Built from maintained packages and our data files:

* country names: pycountry (``name``, ``common_name``, ``official_name``) and pycountryinfo
  (``common_name``, ``official_name``); demonyms: pycountryinfo ``nationality``; capitals:
  pycountryinfo ``capital`` minus ``capital_exclusions.txt``;
* ``country_aliases.tsv`` (names, adjectives and capitals the packages lack),
* ``organizations.tsv`` (IGOs, NGOs, armed groups), ``agents.tsv`` (role words → CAMEO agent
  codes), ``agent_codes.tsv`` (code priorities), ``actor_heads.txt``;
* named actors with date-ranged codes: ``office_holders.tsv`` (ours: office holders 2015–2026)
  and ``actors.tsv`` (converted from the PETRARCH2/Phoenix dictionaries).

Matching uses spaCy ``PhraseMatcher`` (compiled once): acronyms in capitals (``US``, ``UN``,
``EU``) are matched case-sensitively so that the pronoun "us" is not the United States; other
terms case-insensitively. Country and organisation words must be capitalised in the text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

import pycountry
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from communique.dictionaries import Dictionaries, DictionaryError


@dataclass(frozen=True)
class Term:
    """What a matched word means.

    Attributes:
        kind: ``"country"``, ``"org"``, ``"role"``, ``"head"`` or ``"named"`` (imported actor
            with date-ranged codes, ``actors.tsv``).
        country: ISO 3166-1 alpha-3 code (countries, armed groups with a home country), or None.
        subkind: for countries ``"name"``, ``"demonym"`` or ``"capital"``; else ``""``.
        code: full CAMEO code for organisations (``"IGOWSTNAT"``), else None.
        name: canonical name (organisations, countries), or None.
        roles: CAMEO agent codes carried by the word.
    """

    kind: str
    country: str | None = None
    subkind: str = ""
    code: str | None = None
    name: str | None = None
    roles: tuple[str, ...] = ()
    dated_codes: tuple[tuple[str, str, str], ...] = ()

    def code_on(self, day: str | None) -> str | None:
        """For imported named actors: the code in force on ``day`` (ISO date), else the undated
        code, else the latest range's code."""
        undated = [c for c, start, end in self.dated_codes if not start and not end]
        if day:
            for c, start, end in self.dated_codes:
                if (start or end) and (not start or start <= day) and (not end or day <= end):
                    return c
        if undated:
            return undated[0]
        return self.dated_codes[-1][0] if self.dated_codes else None


_NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "EVENT"}


def _plurals(term: str) -> list[str]:
    words = term.split(" ")
    last = words[-1]
    forms = []
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        forms.append(last[:-1] + "ies")
    elif last.endswith(("s", "x", "ch", "sh")):
        forms.append(last + "es")
    elif last.endswith("man"):
        forms.append(last[:-3] + "men")
    else:
        forms.append(last + "s")
    return [" ".join(words[:-1] + [f]) for f in forms]


def _is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return len(letters) <= 5 and all(c.isupper() for c in letters) and bool(letters)


class ActorLexicon:
    """All actor words, compiled into spaCy phrase matchers. Build once per process and reuse.

    Args:
        nlp: the spaCy pipeline (its tokenizer tokenises the terms).
        dictionaries: the dictionary folders in force.

    Raises:
        communique.dictionaries.DictionaryError: a data file is malformed.
    """

    def __init__(self, nlp: Language, dictionaries: Dictionaries):
        self.terms: dict[str, Term] = {}
        self.country_names: dict[str, str] = {}
        self.words = dictionaries.word_lists()  # word_lists.yaml
        # verbs of saying (modality.yaml, kind "report"): "'We will not negotiate,' the minister said"
        self.saying = frozenset(w for e in dictionaries.yaml("modality.yaml") if e.get("kind") == "report"
                                for w in e.get("words", []))
        self.role_priority = {
            r["code"]: int(r["priority"]) for r in dictionaries.tsv("agent_codes.tsv")
        }
        self._add_countries(dictionaries)
        for row in dictionaries.tsv("organizations.tsv"):
            code = row["code"]
            country = code[:3] if row.get("kind") == "group" and not code.startswith(("IGO", "IMG", "NGO")) else None
            self.terms[row["term"]] = Term(
                "org", country=country, code=code, name=row.get("name") or row["term"],
                roles=tuple(row.get("roles", "").split()),
            )
        for row in dictionaries.tsv("agents.tsv"):
            roles = tuple(row["roles"].split())
            unknown = [r for r in roles if r not in self.role_priority]
            if unknown:
                raise DictionaryError(f"agents.tsv: {row['term']!r} has unknown agent code(s) {unknown}")
            term = Term("role", roles=roles)
            self.terms[row["term"].lower()] = term
            for form in _plurals(row["term"]):
                self.terms.setdefault(form.lower(), term)
        ours = {t.lower() for t in self.terms}  # our own rows win over imported ones in any case
        # office holders (ours) first, then the imported PETRARCH2/Phoenix actors
        for source, subkind in (("office_holders.tsv", "office"), ("actors.tsv", "")):
            for row in dictionaries.tsv(source):
                if row["term"].lower() in ours:
                    continue
                dated = []
                for spec in row.get("codes", "").split():
                    code, _, rng = spec.partition("@")
                    start, _, end = rng.partition("..")
                    dated.append((code, start, end))
                if dated:
                    ours.add(row["term"].lower())
                    self.terms.setdefault(row["term"], Term("named", subkind=subkind, name=row.get("name") or row["term"],
                                                            dated_codes=tuple(dated)))
        for word in dictionaries.lines("actor_heads.txt"):
            self.terms.setdefault(word.lower(), Term("head"))
        self._build_matchers(nlp)

    def _add_countries(self, dictionaries: Dictionaries) -> None:
        excluded = set(dictionaries.lines("capital_exclusions.txt"))
        info = json.loads(
            (resources.files("pycountryinfo") / "data" / "countries.json").read_text(encoding="utf-8")
        )

        def add(term: str | None, iso3: str, subkind: str) -> None:
            if not term or "," in term or "(" in term:
                return
            self.terms.setdefault(term, Term("country", country=iso3, subkind=subkind,
                                             name=self.country_names.get(iso3)))

        for c in info:
            iso3 = c["iso_codes"]["alpha_3"]
            self.country_names.setdefault(iso3, c["common_name"])
        for c in pycountry.countries:
            self.country_names.setdefault(c.alpha_3, getattr(c, "common_name", None) or c.name)
        for c in pycountry.historic_countries:  # ISO 3166-3: SUN, YUG, DDR, CSK
            self.country_names.setdefault(c.alpha_3, c.name.split(",")[0])
        self.historical: dict[str, list[tuple[str, str, str]]] = {}
        for r in dictionaries.tsv("historical_countries.tsv"):
            for spec in r.get("codes", "").split():
                code, _, rng = spec.partition("@")
                start, _, end = rng.partition("..")
                self.historical.setdefault(r["country"], []).append((code, start, end))
        # our aliases first: they fix the packages' gaps and ambiguities
        for row in dictionaries.tsv("country_aliases.tsv"):
            self.terms[row["term"]] = Term(
                "country", country=row["country"], subkind=row["kind"],
                name=self.country_names.get(row["country"]),
            )
        for c in info:
            iso3 = c["iso_codes"]["alpha_3"]
            add(c["common_name"], iso3, "name")
            add(c.get("official_name"), iso3, "name")
            nat = c.get("nationality")
            if nat:
                add(nat, iso3, "demonym")
                if not nat.endswith(("s", "sh", "ch", "x", "z", "ese")):
                    add(nat + "s", iso3, "demonym")  # the people: Albanians, Iraqis, Uzbeks, Sri Lankans
            cap = c.get("capital")
            if cap and cap not in excluded:
                add(cap, iso3, "capital")
        for c in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                add(getattr(c, attr, None), c.alpha_3, "name")

    def _build_matchers(self, nlp: Language) -> None:
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._labels: dict[int, str] = {}
        exact, lower = {}, {}
        for term, meaning in self.terms.items():
            if meaning.kind in ("country", "org", "named") and _is_acronym(term):
                exact[term] = nlp.make_doc(term)
            else:
                lower[term.lower()] = nlp.make_doc(term)
        for term, doc in exact.items():
            self._exact.add(term, [doc])
        for term, doc in lower.items():
            self._lower.add(term, [doc])
        self._by_lower = {t.lower(): m for t, m in self.terms.items()
                          if not (m.kind in ("country", "org", "named") and _is_acronym(t))}

    def lookup(self, text: str) -> Term | None:
        """The meaning of ``text`` as a whole term (exact, then case-insensitive), or None."""
        return self.terms.get(text) or self._by_lower.get(text.lower())

    def match(self, doc: Doc) -> list[tuple[Span, Term]]:
        """Find every actor word in ``doc``; longest non-overlapping matches, in text order.

        Country words must start with a capital letter (``turkey`` is a bird); our own
        organisation names of five letters or more are also found in lower case ("the taliban"),
        except the ``lowercase_ambiguous`` words of word_lists.yaml;
        country names inside a PERSON entity are skipped (``Michael Jordan``); one-word role terms
        must be nouns (``general`` in "general election" is not a role).
        """
        spans: list[Span] = []
        for matcher in (self._exact, self._lower):
            for match_id, start, end in matcher(doc):
                spans.append(Span(doc, start, end, label=match_id))
        out: list[tuple[Span, Term]] = []
        ent_at = {t: e for e in doc.ents for t in range(e.start, e.end)}
        found = []
        for span in filter_spans(spans):
            key = doc.vocab.strings[span.label]
            term = self.terms.get(key) or self._by_lower.get(key)
            if term is not None:
                found.append((span, term))
        role_at = {t.i for span, term in found if term.kind in ("role", "head") for t in span}
        for span, term in found:
            first = span[0]
            if term.kind in ("country", "org", "named"):
                if not first.text[:1].isupper() and not (
                        term.kind == "org" and len(span.text) >= 5 and span.text.isalpha()
                        and span.text.lower() not in self.words.get("lowercase_ambiguous", ())):
                    continue  # (our own organisations also in lower case: "the taliban", "hamas")
                ent = ent_at.get(first.i)
                # a country word inside a longer name is part of that name: "New Mexico",
                # "Paris Hilton", "The Washington Post", "Indian Ocean"; but an adjective before
                # a role inside the name is the role's country: "The Latvian Constitutional
                # Court", "Israeli Prime Minister Ehud Barak"
                core = len(ent) - sum(1 for t in ent if t.pos_ == "DET" or t.is_punct or t.lower_ in ("'s", "’s", "'")) \
                    if ent is not None else 0  # ("North Korea's": the possessive is not part of the name)
                # (an organisation inside a longer organisation name is still that organisation:
                # "the United Nations Security Council")
                place = term.kind == "country" or (term.kind == "named" and all(
                    len(c) == 3 for c, _, _ in term.dated_codes))
                if ent is not None and core > len(span) and ent.label_ in _NAME_LABELS \
                        and ent.text not in self.terms and place \
                        and not (term.subkind == "demonym" and any(i in role_at for i in range(span.end, ent.end))) \
                        and not all(t.lower_ in self.words["compass_words"] or t.pos_ == "DET" or t.is_punct
                                    for t in ent if not span.start <= t.i < span.end):
                    continue  # (but "South Lebanon", "northern Syria" are parts of the country)
                if first.i > 0 and doc[first.i - 1].lower_.rstrip(".") in self.words["honorifics"]:
                    continue  # "Ms. Jordan"
            elif len(span) == 1 and first.pos_ not in ("NOUN", "PROPN"):
                continue
            out.append((span, term))
        return out

    def era_country(self, country: str | None, day: str | None) -> str | None:
        """The code of ``country`` on ``day`` (ISO date): its predecessor state's code when
        ``historical_countries.tsv`` says its territory belonged to one then (RUS in 1987 →
        SUN); ``country`` itself otherwise or when ``day`` is unknown."""
        if country and day:
            for code, start, end in self.historical.get(country, ()):
                if (not start or start <= day[:10]) and (not end or day[:10] <= end):
                    return code
        return country

    def actor_code(self, country: str | None, roles: tuple[str, ...]) -> str | None:
        """CAMEO actor code: ``country`` + the highest-priority role (``CHN`` + ``MIL``).

        Returns only the role when the country is unknown (GDELT-style ``COP``), None when both
        are missing.
        """
        primary = min(roles, key=lambda r: self.role_priority.get(r, 99)) if roles else ""
        code = (country or "") + primary
        return code or None
