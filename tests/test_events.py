"""Event coding on fixture articles and on single sentences, with the right values."""

import pytest

from conftest import FIXTURES, triples


def code(pipe, text, published="2024-05-10"):
    return pipe.code_text(text, published=published)


@pytest.mark.parametrize("fixture,expected", [
    ("kyiv-strike.txt", [("RUSMIL", "190", "UKR"), ("UKRGOV", "020", "IGOWSTNAT"), ("IGOEUREEC", "111", "RUS")]),
    ("seoul-threat.txt", [("PRK", "1384", "KOR"), ("PRK", "125", "KOR"), ("KORMIL", "150", None)]),
    ("paris-protest.txt", [("FRAOPP", "141", "FRAGOV"), ("FRACOP", "175", "FRAOPP"), ("FRACOP", "173", "FRACVL"), ("FRAOPP", "100", "FRAGOV")]),
    ("washington-sanctions.txt", [("USA", "163", "IRN"), ("IRN", "111", None)]),
    ("manila-beijing.txt", [("CHN", "112", "PHL"), ("PHLGOV", "114", "CHNGOV")]),
    ("nairobi-aid.html", [("IGOUNOAGR", "073", "KEN"), ("KENCOP", "073", "KENCVL"), ("KENGOV", "023", None)]),
    ("geneva-ceasefire.html", [("SDNMIL", "0356", "SDNREB"), ("SDNREB", "0356", "SDNMIL"), ("SDNREB", "194", "SDN"), ("IGOUNO", "020", "SDN")]),
    ("beijing-visit.txt", [("KENGOV", "042", "CHN"), ("KENGOV", "051", "CHN"), ("CHN", "0311", "KEN")]),
    ("compound-actors.txt", [("ARMGOV", "040", "AZEGOV"), ("AZEGOV", "040", "ARMGOV"), ("TURGOV", "040", "RUSGOV"), ("RUSGOV", "040", "TURGOV")]),
])
def test_fixture_events(pipe, fixture, expected):
    got = triples(pipe.code(FIXTURES / fixture))
    for t in expected:
        assert t in got, f"{t} missing from {got}"


def test_jsonl_fixture(pipe):
    got = triples(pipe.code(FIXTURES / "wire.jsonl"))
    assert ("IGOJUDICC", "090", "MMR") in got  # the investigation is into crimes in Myanmar
    assert ("ISRMIL", "173", "PSE") in got
    assert ("BRA", "054", "SYRGOV") in got
    assert ("BRA", "0333", None) in got


def test_fixtures_cover_at_least_12_roots(pipe):
    roots = set()
    for f in FIXTURES.iterdir():
        roots |= {e.root_code for e in pipe.code(f)}
    assert len(roots) >= 12, sorted(roots)


def test_evidence_offsets_point_at_trigger(pipe):
    path = FIXTURES / "kyiv-strike.txt"
    article = next(pipe.read([path]))
    for e in pipe.code(path):
        assert article.text[e.evidence.start:e.evidence.end] == e.evidence.trigger
        assert e.evidence.trigger in e.evidence.sentence


def test_dates_from_sentence_dateline_and_publication(pipe):
    events = {e.event_code: e for e in pipe.code(FIXTURES / "kyiv-strike.txt")}
    assert (events["190"].date, events["190"].date_source) == ("2024-03-03", "sentence")  # "on Sunday"
    assert (events["111"].date, events["111"].date_source) == ("2024-03-04", "dateline")


@pytest.mark.parametrize("sentence,expected", [
    ("Russia attacked Ukraine.", [("RUS", "190", "UKR")]),
    ("Ukraine attacked Russia.", [("UKR", "190", "RUS")]),
    ("Ukraine was attacked by Russia.", [("RUS", "190", "UKR")]),
    ("Israeli warplanes bombed Hamas positions in Gaza.", [("ISRMIL", "195", "PSEREB")]),
    ("Germany imposed sanctions on Iran.", [("DEU", "163", "IRN")]),
    ("Iran accused Israel of sabotage.", [("IRN", "112", "ISR")]),
    ("Japan sent humanitarian aid to Turkey.", [("JPN", "073", "TUR")]),
    ("France will host talks with Iran.", [("FRA", "036", "IRN")]),
    ("Egypt plans to visit Qatar.", [("EGY", "036", "QAT")]),
    ("Serbia refused to meet Kosovo.", [("SRB", "125", "XKX")]),
    ("The United States urged Israel and Hamas to accept a ceasefire.", [("USA", "020", "ISR"), ("USA", "020", "PSEREB")]),
    ("Chinese President Xi Jinping praised Brazil.", [("CHNGOV", "051", "BRA")]),
    ("Pakistan expelled Afghan diplomats.", [("PAK", "166", "AFGGOV")]),
    ("Indian police arrested 40 protesters.", [("INDCOP", "173", "INDOPP")]),  # the one country the sentence names
])
def test_sentences(pipe, sentence, expected):
    assert triples(code(pipe, sentence)) == expected


def test_negation_is_recorded(pipe):
    (e,) = code(pipe, "Russia did not attack Ukraine.")
    assert (e.event_code, e.negated) == ("190", True)


@pytest.mark.parametrize("sentence", [
    "If Russia attacks Ukraine, the alliance will respond.",
    "Brazil beat Argentina 2-1 in Buenos Aires.",
    "The United States urged Israel to accept a ceasefire.",
])
def test_no_realised_event(pipe, sentence):
    events = code(pipe, sentence)
    assert all(e.event_code not in ("190", "0871", "180") for e in events)


def test_reported_speech_codes_what_was_said(pipe):
    assert triples(code(pipe, "Ukrainian officials said Russia attacked Kyiv.")) == [("RUS", "190", "UKR")]


def test_event_record_schema(pipe):
    from communique.serialize import event_to_dict
    (e,) = code(pipe, "PARIS (AFP) - France condemned Russia on Monday.")
    d = event_to_dict(e)
    assert list(d) == ["event_id", "article_id", "date", "date_precision", "date_source", "source", "target",
                       "event_code", "root_code", "goldstein", "quad_class", "plover", "negated", "modality",
                       "location", "evidence", "confidence"]
    assert d["modality"] == "realised"
    assert d["source"] == {"text": "France", "name": "France", "code": "FRA", "country": "FRA", "roles": []}
    assert (d["event_code"], d["root_code"], d["goldstein"], d["quad_class"]) == ("111", "11", -2.0, 3)
    assert d["plover"]["event_type"] == "ACCUSE"
    assert d["date"] == "2024-05-06" and d["date_source"] == "sentence"
    assert d["location"]["name"] == "Paris" and d["location"]["country"] == "FRA"
    assert d["location"]["feature"] == "city" and abs(d["location"]["lat"] - 48.85) < 0.1


def test_code_text_is_coding_the_article_read_from_the_text(pipe):
    """Pipeline.code_text: the events of the text read as an input, with its publication date
    and title replaced; ``check`` enforces ingest's limits; bad arguments are errors."""
    from dataclasses import replace
    from datetime import date

    from communique.ingest import InputError

    text = "KYIV, May 2 (Reuters) - Russian forces shelled Kharkiv on Monday, officials said."
    by_hand = replace(pipe.ingestor.read_text(text), published="2024-05-10")
    (_, expected), = pipe.code_articles([by_hand])
    assert expected and pipe.code_text(text, published="2024-05-10") == expected
    assert pipe.code_text(text, published=date(2024, 5, 10)) == expected
    assert pipe.code_text(text, published="2024-05-10", title="Shelling") == expected  # titles are not coded
    assert [e.date for e in pipe.code_text(text, published="2024-06-05")] == ["2024-06-03"]  # Monday before
    assert pipe.code_text(text) == [e for _, evs in pipe.code_articles([pipe.ingestor.read_text(text)]) for e in evs]
    with pytest.raises(InputError, match="no words"):
        pipe.code_text("1234 5678 !!!", check=True)
    with pytest.raises(ValueError):
        pipe.code_text(text, published="10 May")
    with pytest.raises(TypeError):
        pipe.code_text(b"bytes")


def test_climb_walks_up_the_parse(pipe):
    from communique.nlp import climb, governing_verb
    doc = pipe.nlp("Kenya said it would send troops to Somalia.")
    troops = next(t for t in doc if t.text == "troops")
    assert [h.text for _, h in climb(troops)] == ["send", "said"]
    assert [h.text for _, h in climb(troops, limit=1)] == ["send"]
    send = troops.head
    assert [h.text for _, h in climb(send, through={"xcomp"})] == []  # "send" hangs on "said" as ccomp
    assert [h.text for _, h in climb(send, through={"ccomp"})] == ["said"]
    assert governing_verb(troops).text == "send"
