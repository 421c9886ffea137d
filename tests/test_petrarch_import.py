"""The PETRARCH dictionary importer on the shared PETRARCH2 dictionaries (skipped without them)."""


import pytest

from communique import Pipeline
from communique.importers.petrarch import import_petrarch, parse_code


@pytest.mark.parametrize("spec,expected", [("AFGGOV 331108-730717", "AFGGOV@1933-11-08..1973-07-17"),
                                           ("AFG", "AFG"), ("IGOWSTNAT >070101", "IGOWSTNAT@2007-01-01.."),
                                           ("USAGOV <950101", "USAGOV@..1995-01-01"), ("~GOV", None)])
def test_parse_code(spec, expected):
    assert parse_code(spec) == expected


@pytest.fixture(scope="module")
def imported(shared, tmp_path_factory):
    out = tmp_path_factory.mktemp("petr")
    summary = import_petrarch(shared / "data/petrarch2/dictionaries", out)
    return out, summary


@pytest.mark.slow
def test_import_counts(imported):
    out, s = imported
    assert s.actor_terms > 30000 and s.actors_with_dates > 10000
    assert s.agent_terms > 2000 and s.verb_entries > 1000 and s.object_patterns > 2000
    assert "Mohammad Zahir Shah\tAFGELI@1932-01-01..1933-11-08 AFGGOV@1933-11-08..1973-07-17" in (out / "actors.tsv").read_text()


@pytest.mark.slow
def test_date_ranged_codes_follow_the_article_date(imported):
    out, _ = imported
    pipe = Pipeline(dictionaries=[out])

    def source_code(published):
        events = pipe.code_text("Mohammad Zahir Shah criticized Pakistan.", published=published)
        return events[0].source.code

    assert source_code("1950-06-01") == "AFGGOV"   # king 1933-1973
    assert source_code("1990-06-01") == "AFGELI"   # former king afterwards


@pytest.mark.slow
def test_imported_verbs_code_events(imported):
    out, _ = imported
    pipe = Pipeline(dictionaries=[out])
    codes = {e.event_code for e in pipe.code("France disparaged Germany on Monday.")}
    assert codes and all(c.startswith("11") for c in codes)
