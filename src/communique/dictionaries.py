"""Dictionary and code-table files: the built-in ones in ``communique/data`` plus user folders.

Every dictionary is a plain data file (TSV, YAML or a line list) with a header comment naming
its source. A user folder given with ``--dictionary DIR`` (or ``Dictionaries([DIR])``) may hold
files of the same names: TSV rows and list lines are *added* to the built-in ones, and a TSV row
whose key (first column) is already present *replaces* the built-in row; YAML lists are
appended. An empty file ``NAME.replace`` beside a user file ``NAME`` makes that file replace the
built-in one (and those of earlier folders) entirely.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

BUILTIN_DIR = Path(str(resources.files("communique") / "data"))


class DictionaryError(ValueError):
    """A dictionary file is malformed; the message names the file and line."""


def _strip_comments(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


class Dictionaries:
    """The set of dictionary folders in force: built-in first, then ``extra_dirs`` in order.

    Args:
        extra_dirs: user dictionary folders (``Path`` or ``str``).

    Raises:
        DictionaryError: a user folder does not exist.
    """

    def __init__(self, extra_dirs: list[Path | str] | tuple[Path | str, ...] = ()):
        self.dirs = [BUILTIN_DIR]
        for d in extra_dirs:
            p = Path(d)
            if not p.is_dir():
                raise DictionaryError(f"dictionary folder {p} does not exist or is not a folder")
            self.dirs.append(p)

    def _files(self, name: str) -> list[Path]:
        files: list[Path] = []
        for d in self.dirs:
            f = d / name
            if f.is_file():
                if (d / f"{name}.replace").exists():
                    files = []
                files.append(f)
        return files

    def lines(self, name: str) -> list[str]:
        """Non-blank, non-comment lines of ``name`` from every folder, built-in first."""
        out: list[str] = []
        for f in self._files(name):
            out.extend(ln.strip() for ln in _strip_comments(f.read_text(encoding="utf-8")))
        return out

    def tsv(self, name: str) -> list[dict[str, str]]:
        """Rows of the tab-separated file ``name`` as dicts keyed by its header line.

        Later folders' rows replace earlier rows with the same first-column value.

        Raises:
            DictionaryError: a row has more fields than the header.
        """
        rows: dict[str, dict[str, str]] = {}
        order: list[str] = []
        for f in self._files(name):
            body = "\n".join(_strip_comments(f.read_text(encoding="utf-8")))
            reader = csv.DictReader(io.StringIO(body), delimiter="\t", quoting=csv.QUOTE_NONE)
            for lineno, row in enumerate(reader, start=2):
                if None in row:
                    raise DictionaryError(f"{f}: row {lineno} has more fields than the header")
                clean = {k: (v or "").strip() for k, v in row.items()}
                key = next(iter(clean.values()), "")
                if key not in rows:
                    order.append(key)
                rows[key] = clean
        return [rows[k] for k in order]

    def yaml_ranked(self, name: str) -> list[tuple[int, Any]]:
        """Entries of the YAML list file ``name`` with the rank of their folder (0 = built-in,
        higher = later user folder)."""
        out: list[tuple[int, Any]] = []
        for f in self._files(name):
            rank = next(i for i, d in enumerate(self.dirs) if f.parent == d)
            out.extend((rank, e) for e in self._load_yaml(f))
        return out

    def word_lists(self) -> dict[str, frozenset[str]]:
        """The named word lists of ``word_lists.yaml`` (lower case), merged over every folder.

        Raises:
            DictionaryError: an entry has no ``list`` name.
        """
        out: dict[str, frozenset[str]] = {}
        for n, entry in enumerate(self.yaml("word_lists.yaml"), start=1):
            if not isinstance(entry, dict) or not entry.get("list"):
                raise DictionaryError(f"word_lists.yaml entry {n}: needs a 'list' name")
            words = frozenset(("on" if w is True else str(w)).lower() for w in entry.get("words") or [])
            out[str(entry["list"])] = out.get(str(entry["list"]), frozenset()) | words
        return out

    def yaml(self, name: str) -> list[Any]:
        """Entries of the YAML list file ``name``, built-in first.

        Raises:
            DictionaryError: the file is not valid YAML or not a list.
        """
        return [e for f in self._files(name) for e in self._load_yaml(f)]

    @staticmethod
    def _load_yaml(f: Path) -> list[Any]:
        try:
            data = yaml.safe_load(f.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            raise DictionaryError(f"{f}: invalid YAML: {exc}") from None
        if not isinstance(data, list):
            raise DictionaryError(f"{f}: expected a list of entries at the top level")
        return data
