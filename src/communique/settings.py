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
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

SETTINGS_FILE = "settings.yaml"
ENV_PREFIX = "COMMUNIQUE_"


class SettingsError(ValueError):
    """A setting has a wrong name, type or value; the message names it and what is accepted."""


@dataclass(frozen=True)
class Settings:
    """Limits, batch sizes and run options (defaults in ``data/settings.yaml``).

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
    time_budget: float
    n_process: int

    def __post_init__(self) -> None:
        for name in ("max_article_chars", "max_file_bytes", "parse_batch_docs", "parse_batch_chars",
                     "store_batch_size", "n_process"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise SettingsError(f"setting {name}: {value!r} is not a whole number of at least 1")
        budget = self.time_budget
        if isinstance(budget, bool) or not isinstance(budget, (int, float)) or budget < 0:
            raise SettingsError(f"setting time_budget: {budget!r} is not a number of seconds (0 or more)")
        object.__setattr__(self, "time_budget", float(budget))
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
        return float(raw) if name == "time_budget" else int(raw.replace("_", ""))
    except ValueError:
        raise SettingsError(f"{ENV_PREFIX}{name.upper()}={raw!r} is not a number") from None


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
