"""End to end on the canonical seed article (skipped where ../shared is absent)."""

import pytest


@pytest.fixture(scope="module")
def seed_events(pipe, shared):
    return pipe.code(shared / "examples" / "seed-article.txt")


def find(events, src, code_prefix, tgt):
    return [e for e in events if e.source.code == src and e.event_code.startswith(code_prefix)
            and (e.target.code if e.target else None) == tgt and not e.negated]


def test_li_meets_lukashenko_on_thursday(seed_events):
    (e,) = find(seed_events, "CHNMIL", "04", "BLRGOV")[:1]
    assert e.source.name == "Li Shangfu" and e.target.name == "Alexander Lukashenko"
    assert set(e.source.roles) == {"GOV", "MIL"}
    assert e.plover.event_type == "CONSULT"
    assert (e.date, e.date_source) == ("2023-08-17", "sentence")
    assert e.location.name == "Beijing"


def test_li_talks_with_khrenin_on_wednesday(seed_events):
    (e,) = find(seed_events, "CHNMIL", "04", "BLRMIL")
    assert e.target.name == "Viktor Khrenin"
    assert e.date == "2023-08-16"


def test_china_intent_to_cooperate_militarily(seed_events):
    (e,) = [e for e in find(seed_events, "CHN", "03", "BLR") if e.evidence.sentence_index == 0]
    assert e.event_code == "0312"
    assert e.plover.event_type == "AGREE" and "military" in e.plover.context
    assert (e.date, e.date_source) == ("2023-08-17", "sentence")  # said when meeting on Thursday


def test_statements_at_the_meeting_stay_in_beijing(seed_events):
    asked = next(e for e in seed_events if e.event_code.startswith("02"))
    assert asked.location.name == "Beijing"


def test_belarus_supports_china(seed_events):
    support = [e for e in seed_events if e.source.country == "BLR" and e.root_code == "05"
               and e.target and e.target.country == "CHN"]
    assert support and all(e.plover.event_type == "SUPPORT" for e in support)


def test_nothing_invented(seed_events):
    for e in seed_events:
        assert {e.source.country, e.target.country if e.target else None} <= {"CHN", "BLR", None}
        assert e.root_code in {"02", "03", "04", "05"}
