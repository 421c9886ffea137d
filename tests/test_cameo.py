import pytest

from communique.dictionaries import Dictionaries
from communique.events.cameo import CodeTable, UnknownCodeError, quad_class
from communique.events.patterns import PatternSet

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


@pytest.fixture(scope="module")
def table():
    return CodeTable(Dictionaries())


@pytest.mark.parametrize("code,quad", [("010", 1), ("057", 1), ("061", 2), ("0841", 2), ("112", 3), ("1384", 3), ("141", 4), ("195", 4), ("2042", 4)])
def test_quad_class(code, quad):
    assert quad_class(code) == quad


def test_bad_code():
    with pytest.raises(UnknownCodeError):
        quad_class("21x")


def test_table_rows(table):
    assert table.get("040").plover.event_type == "CONSULT"
    assert table.get("0312").plover.context == ("military",)
    assert table.get("195").goldstein == -10.0
    assert table.get("020").plover.event_type == "REQUEST"


def test_table_matches_shared_sources(table, shared):
    gold = dict(line.split("\t") for line in (shared / "data/cameo/CAMEO.goldsteinscale.txt").read_text().splitlines()[1:])
    for code, value in gold.items():
        if code.strip() in table.codes:
            assert table.get(code.strip()).goldstein == float(value), code


def test_patterns_reach_all_roots_and_plover_types(table):
    patterns = PatternSet(Dictionaries(), table)
    codes = {p.code for ps in list(patterns.verbs.values()) + list(patterns.nouns.values()) for p in ps}
    codes |= set(patterns.intent_codes.values()) | set(patterns.refusal_codes.values())
    assert {c[:2] for c in codes} >= {f"{r:02d}" for r in range(1, 21)}
    types = {table.get(c).plover.event_type for c in codes if c in table.codes}
    assert PLOVER_TYPES <= types, PLOVER_TYPES - types
