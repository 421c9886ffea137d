"""One frozen configuration value for every entry point.

The defaults live in ``data/settings.yaml`` (each value with a comment saying what it is and,
for tuned numbers, what it was measured on). :meth:`Settings.load` reads them, applies the
environment (``COMMUNIQUE_<NAME>``) and then explicit overrides from Python or the CLI; the
result is passed unchanged to :class:`communique.Pipeline`, the ingest runner, the API's
``POST /api/code``, Dask workers, ``evaluate`` and ``bench``.

>>> from communique.settings import Settings
>>> s = Settings.load(time_budget=30)          # defaults < environment < these overrides
>>> s.max_article_chars, s.time_budget
(1000000, 30.0)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

SETTINGS_FILE = "settings.yaml"
ENV_PREFIX = "COMMUNIQUE_"


class SettingsError(ValueError):
    """A setting has a wrong name, type or value; the message names it and what is accepted."""


def _number(low: float, high: float | None, what: str) -> dict[str, Any]:
    """Field metadata: a float setting's accepted range and how an error names it."""
    return {"range": (low, high, what)}


_UNIT = _number(0.0, 1.0, "a number from 0 to 1")


@dataclass(frozen=True)
class Settings:
    """Limits, batch sizes, run options and tuned numbers (defaults and what each number was
    measured on: ``data/settings.yaml``).

    Attributes:
        model: spaCy pipeline name, or None for ``$COMMUNIQUE_MODEL`` else the default model.
        dictionaries: user dictionary folders (paths as strings), in order.
        max_article_chars: longest accepted article body, in characters.
        max_file_bytes: largest input file and gzip expansion, in bytes.
        parse_batch_docs: most documents per ``nlp.pipe`` batch.
        parse_batch_chars: characters per ``nlp.pipe`` batch (fewer documents when long).
        store_batch_size: articles per committed store transaction.
        time_budget: seconds one article's coding may take after parsing.
        n_process: spaCy worker processes for parsing.
        max_sentence_tokens: longest sentence, in tokens, before a run-on is split.
        english_min_probability: least P(English) of the language identifier for an accepted
            article (0..1).
        language_sample_chars: characters of an article the language identifier reads.
        background_days: days before publication after which a dated event is background.
        event_confidence …: the event confidence (0..1): ``event_confidence`` less each
            ``event_confidence_*`` penalty that applies, at least ``event_confidence_floor``.
        place_confidence_* …: the location confidence (0..1) of each place rule
            (:mod:`communique.geo.locate`).

    Raises:
        SettingsError: on construction, a value of the wrong type or out of range.
    """

    model: str | None
    dictionaries: tuple[str, ...]
    max_article_chars: int
    max_file_bytes: int
    parse_batch_docs: int
    parse_batch_chars: int
    store_batch_size: int
    time_budget: float = field(metadata=_number(0.0, None, "a number of seconds (0 or more)"))
    n_process: int
    # tuned numbers
    max_sentence_tokens: int
    english_min_probability: float = field(metadata=_UNIT)
    language_sample_chars: int
    background_days: int
    event_confidence: float = field(metadata=_UNIT)
    event_confidence_noun_trigger: float = field(metadata=_UNIT)
    event_confidence_no_target: float = field(metadata=_UNIT)
    event_confidence_searched_actor: float = field(metadata=_UNIT)
    event_confidence_pronoun: float = field(metadata=_UNIT)
    event_confidence_no_country: float = field(metadata=_UNIT)
    event_confidence_floor: float = field(metadata=_UNIT)
    place_confidence_sentence_city: float = field(metadata=_UNIT)
    place_confidence_sentence_region: float = field(metadata=_UNIT)
    place_confidence_attacked: float = field(metadata=_UNIT)
    place_confidence_attacked_country: float = field(metadata=_UNIT)
    place_confidence_dateline_here: float = field(metadata=_UNIT)
    place_confidence_dateline_here_foreign: float = field(metadata=_UNIT)
    place_confidence_dateline: float = field(metadata=_UNIT)
    place_confidence_dateline_visitor: float = field(metadata=_UNIT)
    place_confidence_country: float = field(metadata=_UNIT)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type == "int" and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise SettingsError(f"setting {f.name}: {value!r} is not a whole number of at least 1")
            if f.type == "float":
                low, high, what = f.metadata["range"]
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value < low \
                        or (high is not None and value > high):
                    raise SettingsError(f"setting {f.name}: {value!r} is not {what}")
                object.__setattr__(self, f.name, float(value))
        if self.model is not None and not isinstance(self.model, str):
            raise SettingsError(f"setting model: {self.model!r} is not a spaCy pipeline name")
        if self.model is not None and not self.model.strip():
            object.__setattr__(self, "model", None)  # no name given: $COMMUNIQUE_MODEL, else the default
        dicts = self.dictionaries
        if isinstance(dicts, (str, Path)) or not all(isinstance(d, (str, Path)) for d in dicts):
            raise SettingsError(f"setting dictionaries: {dicts!r} is not a list of folders")
        object.__setattr__(self, "dictionaries", tuple(str(d) for d in dicts))

    @classmethod
    def defaults(cls) -> "Settings":
        """The defaults of ``data/settings.yaml`` alone (no environment).

        Raises:
            SettingsError: the file names an unknown setting, lacks one, or has a bad value.
        """
        return _defaults()

    @classmethod
    def load(cls, environ: dict[str, str] | None = None, **overrides: Any) -> "Settings":
        """The settings in force: the defaults, then ``COMMUNIQUE_<NAME>`` variables of
        ``environ`` (default ``os.environ``), then ``overrides`` (a None override is no
        override, so CLI options that were not given can be passed as they are).

        Raises:
            SettingsError: an unknown setting name, or a value that is not accepted.
        """
        settings = cls.defaults().with_environment(os.environ if environ is None else environ)
        return settings.updated(**overrides)

    def with_environment(self, environ: dict[str, str]) -> "Settings":
        """These settings with the ``COMMUNIQUE_<NAME>`` variables of ``environ`` applied
        (``COMMUNIQUE_DICTIONARIES``: folders separated by ``os.pathsep``; an empty variable is
        ignored).

        Raises:
            SettingsError: a variable's value does not convert to the setting's type.
        """
        changes: dict[str, Any] = {}
        for f in fields(self):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is None or not raw.strip():
                continue
            changes[f.name] = _from_text(f.name, raw)
        return self.updated(**changes)

    def updated(self, **changes: Any) -> "Settings":
        """A copy with ``changes`` applied; None values are left out.

        Raises:
            SettingsError: an unknown setting name, or a value that is not accepted.
        """
        names = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise SettingsError(f"unknown setting {unknown[0]!r} (known: {', '.join(sorted(names))})")
        changes = {k: v for k, v in changes.items() if v is not None}
        return replace(self, **changes) if changes else self

    def as_dict(self) -> dict[str, Any]:
        """The settings as a plain dict (lists for tuples), e.g. for a JSON report."""
        return {f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v for f in fields(self)}


def _from_text(name: str, raw: str) -> Any:
    """The value of setting ``name`` from an environment variable's text."""
    if name == "dictionaries":
        return tuple(p for p in raw.split(os.pathsep) if p)
    if name == "model":
        return raw.strip()
    try:
        return float(raw) if _TYPES[name] == "float" else int(raw.replace("_", ""))
    except ValueError:
        raise SettingsError(f"{ENV_PREFIX}{name.upper()}={raw!r} is not a number") from None


_TYPES = {f.name: f.type for f in fields(Settings)}


@lru_cache(maxsize=1)
def _defaults() -> Settings:
    text = (resources.files("communique") / "data" / SETTINGS_FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    names = [f.name for f in fields(Settings)]
    unknown = sorted(set(data) - set(names))
    missing = [n for n in names if n not in data]
    if unknown or missing:
        raise SettingsError(f"{SETTINGS_FILE}: unknown {unknown} / missing {missing} settings")
    data["dictionaries"] = tuple(data["dictionaries"] or ())
    return Settings(**data)


DEFAULTS = Settings.defaults()
"""The defaults of ``data/settings.yaml`` (module constants such as
:data:`communique.ingest.MAX_ARTICLE_CHARS` are taken from it)."""
