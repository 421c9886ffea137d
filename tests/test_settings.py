"""Settings: one frozen value, defaults from data/settings.yaml, overridden by the environment,
Python and the CLI, and received by every entry point."""

from dataclasses import FrozenInstanceError, fields
from importlib import resources

import pytest

from communique.settings import DEFAULTS, Settings, SettingsError


def test_defaults_are_the_documented_values():
    assert DEFAULTS.as_dict() == {
        "model": None, "dictionaries": [], "max_article_chars": 1_000_000, "max_file_bytes": 50 * 1024 * 1024,
        "parse_batch_docs": 64, "parse_batch_chars": 50_000, "store_batch_size": 200, "time_budget": 60.0,
        "n_process": 1, "max_sentence_tokens": 150, "english_min_probability": 1e-4, "language_sample_chars": 1500,
        "background_days": 31, "event_confidence": 0.9, "event_confidence_noun_trigger": 0.2,
        "event_confidence_no_target": 0.15, "event_confidence_searched_actor": 0.1, "event_confidence_pronoun": 0.1,
        "event_confidence_no_country": 0.2, "event_confidence_floor": 0.1, "place_confidence_sentence_city": 0.9,
        "place_confidence_sentence_region": 0.7, "place_confidence_attacked": 0.8,
        "place_confidence_attacked_country": 0.5, "place_confidence_dateline_here": 0.7,
        "place_confidence_dateline_here_foreign": 0.4, "place_confidence_dateline": 0.5,
        "place_confidence_dateline_visitor": 0.4, "place_confidence_country": 0.3}
    from communique import dates, ingest, nlp, pipeline
    from communique.ingest import language
    assert nlp.MAX_SENTENCE_TOKENS == DEFAULTS.max_sentence_tokens and dates.BACKGROUND_DAYS == DEFAULTS.background_days
    assert language.ENGLISH_MIN_PROBABILITY == DEFAULTS.english_min_probability
    assert ingest.MAX_ARTICLE_CHARS == nlp.MAX_DOC_CHARS == DEFAULTS.max_article_chars
    assert ingest.MAX_FILE_BYTES == DEFAULTS.max_file_bytes
    assert nlp.BATCH_CHARS == DEFAULTS.parse_batch_chars and pipeline.TIME_BUDGET_SECONDS == DEFAULTS.time_budget


def test_every_setting_in_the_file_says_what_it_is():
    lines = (resources.files("communique") / "data" / "settings.yaml").read_text(encoding="utf-8").splitlines()
    for f in fields(Settings):
        (i,) = [n for n, line in enumerate(lines) if line.startswith(f"{f.name}:")]
        assert lines[i - 1].startswith("#"), f.name


def test_environment_then_python_override_the_defaults():
    env = {"COMMUNIQUE_TIME_BUDGET": "30", "COMMUNIQUE_DICTIONARIES": "a:b", "COMMUNIQUE_STORE_BATCH_SIZE": "7",
           "COMMUNIQUE_MODEL": "en_core_web_md", "COMMUNIQUE_DB": "not a setting"}
    s = Settings.load(environ=env, store_batch_size=9, n_process=None)  # None: not given
    assert (s.time_budget, s.dictionaries, s.store_batch_size, s.model, s.n_process) == \
        (30.0, ("a", "b"), 9, "en_core_web_md", 1)
    assert Settings.load(environ={}) == DEFAULTS
    with pytest.raises(FrozenInstanceError):
        s.time_budget = 1  # type: ignore[misc]


@pytest.mark.parametrize("change,message", [({"batch": 3}, "unknown setting 'batch'"),
                                            ({"store_batch_size": 0}, "store_batch_size"),
                                            ({"time_budget": -1}, "time_budget"),
                                            ({"event_confidence": 1.5}, "event_confidence"),
                                            ({"max_sentence_tokens": 0}, "max_sentence_tokens"),
                                            ({"dictionaries": "one/folder"}, "dictionaries")])
def test_bad_settings_are_errors_that_name_them(change, message):
    with pytest.raises(SettingsError, match=message):
        Settings.load(environ={}, **change)
    with pytest.raises(SettingsError, match="COMMUNIQUE_N_PROCESS"):
        Settings.load(environ={"COMMUNIQUE_N_PROCESS": "two"})


def test_the_pipeline_runs_with_its_settings(tmp_path):
    from communique import Pipeline
    pipe = Pipeline(settings=Settings.load(environ={}, max_article_chars=100, time_budget=5),
                    batch_size=8, dictionaries=[tmp_path])
    assert pipe.settings == DEFAULTS.updated(max_article_chars=100, time_budget=5, parse_batch_docs=8,
                                             dictionaries=(str(tmp_path),))
    assert (pipe.batch_size, pipe.time_budget, pipe.ingestor.max_article_chars) == (8, 5.0, 100)
    (tmp_path / "long.txt").write_text("Egypt praised Israel on Monday. " * 10)
    (rejected,) = pipe.read([tmp_path / "long.txt"])
    assert "over the 100-character limit" in rejected.reason


def test_the_cli_reads_settings_from_the_environment(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from communique.cli import app
    (tmp_path / "long.txt").write_text("Egypt praised Israel on Monday. " * 10)
    monkeypatch.setenv("COMMUNIQUE_MAX_ARTICLE_CHARS", "100")
    r = CliRunner().invoke(app, ["code", str(tmp_path / "long.txt")])
    assert r.exit_code == 1 and "over the 100-character limit" in r.output
    monkeypatch.setenv("COMMUNIQUE_MAX_ARTICLE_CHARS", "many")
    r = CliRunner().invoke(app, ["code", str(tmp_path / "long.txt")])
    assert r.exit_code == 2 and "COMMUNIQUE_MAX_ARTICLE_CHARS='many' is not a number" in r.output


def test_tuned_numbers_reach_the_stages_from_the_settings(tmp_path):
    """The coder's confidences, the place rules' confidences, the sentence cap, the English
    threshold and the background window come from the Pipeline's settings, not from constants."""
    from communique import Pipeline
    text = ("WASHINGTON, May 3 (Reuters) - U.S. President Joe Biden met Chinese President Xi Jinping in "
            "Beijing on Tuesday. In 1990, Iraq invaded Kuwait.")
    default = Pipeline(settings=Settings.load(environ={})).code_text(text, published="2024-05-03")
    assert (default[0].confidence, default[0].location.confidence) == (0.9, 0.9)
    assert not any(e.event_code.startswith("19") for e in default)  # 1990: background
    tuned = Settings.load(environ={}, event_confidence=0.8, place_confidence_sentence_city=0.6,
                          background_days=100_000)
    events = Pipeline(settings=tuned).code_text(text, published="2024-05-03")
    assert (events[0].confidence, events[0].location.confidence) == (0.8, 0.6)
    assert any(e.event_code.startswith("19") for e in events)  # 1990 is not background within 100,000 days
    pipe = Pipeline(settings=Settings.load(environ={}, max_sentence_tokens=9, english_min_probability=1.0))
    assert max(len(s) for s in pipe.nlp("one two three four five six seven eight nine ten eleven").sents) <= 9
    with pytest.raises(Exception, match="not English"):  # P(en) is never at least 1.0
        pipe.code_text("Egypt praised Israel on Monday for its talks with Jordan.", check=True)
