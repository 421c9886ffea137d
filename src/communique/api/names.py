"""Names beside codes: CAMEO event codes (``cameo_codes.tsv``), QuadClasses and PLOVER types."""

from __future__ import annotations

from functools import lru_cache

QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@lru_cache(maxsize=1)
def cameo_names() -> dict[str, str]:
    """CAMEO event code (``"190"``, ``"0312"``, roots ``"19"``) → its codebook name
    (CAMEO codebook v1.1b3 via ``data/cameo_codes.tsv``)."""
    from communique.dictionaries import Dictionaries
    names = {r["code"]: r["name"] for r in Dictionaries().tsv("cameo_codes.tsv")}
    for code, name in list(names.items()):
        if len(code) == 3 and code.endswith("0"):
            names.setdefault(code[:2], name)  # the root's name is its x0 code's
    return names
