"""CAMEO code table: names, Goldstein values, QuadClass and the PLOVER mapping.

Sources (named in ``data/cameo_codes.tsv``): CAMEO codebook (Schrodt 2012, v1.1b3); Goldstein
(1992) as tabulated for CAMEO by GDELT; CAMEO2PLOVER-2021 (openeventdata/PLOVER). QuadClass by
root follows the GDELT 2.0 Event codebook: roots 01–05 verbal cooperation (1), 06–08 material
cooperation (2), 09–13 verbal conflict (3), 14–20 material conflict (4).
"""

from __future__ import annotations

from dataclasses import dataclass

from communique.dictionaries import Dictionaries, DictionaryError
from communique.model import Plover


class UnknownCodeError(KeyError):
    """A CAMEO code that is not in the code table."""


@dataclass(frozen=True)
class CameoCode:
    """One row of the code table."""

    code: str
    name: str
    goldstein: float
    plover: Plover

    @property
    def root_code(self) -> str:
        """The 2-digit CAMEO root."""
        return self.code[:2]

    @property
    def quad_class(self) -> int:
        """GDELT QuadClass (1..4) of the root."""
        return quad_class(self.code)


def quad_class(code: str) -> int:
    """QuadClass of a CAMEO code by its root (GDELT 2.0 Event codebook).

    Raises:
        UnknownCodeError: the root is not 01..20.
    """
    try:
        root = int(code[:2])
    except ValueError:
        raise UnknownCodeError(f"not a CAMEO code: {code!r}") from None
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    raise UnknownCodeError(f"not a CAMEO root: {code!r}")


class CodeTable:
    """All CAMEO codes of ``cameo_codes.tsv``. Build once and reuse.

    Raises:
        DictionaryError: a row has a malformed Goldstein value.
    """

    def __init__(self, dictionaries: Dictionaries):
        self.codes: dict[str, CameoCode] = {}
        for row in dictionaries.tsv("cameo_codes.tsv"):
            try:
                g = float(row["goldstein"])
            except ValueError:
                raise DictionaryError(f"cameo_codes.tsv: bad Goldstein value for {row['code']!r}") from None
            ctx = tuple(c for c in row.get("plover_context", "").split(";") if c)
            self.codes[row["code"]] = CameoCode(
                row["code"], row["name"], g,
                Plover(row.get("plover_type") or None, row.get("plover_mode") or None, ctx),
            )

    def __contains__(self, code: str) -> bool:
        return code in self.codes

    def get(self, code: str) -> CameoCode:
        """The row for ``code``.

        Raises:
            UnknownCodeError: ``code`` is not in the table.
        """
        try:
            return self.codes[code]
        except KeyError:
            raise UnknownCodeError(f"CAMEO code {code!r} is not in cameo_codes.tsv") from None
