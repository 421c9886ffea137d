"""Language identification: English wire briefs, quotes and names are kept; other languages
are rejected only when the identifier is confident (fixtures in tests/ingest_fixtures/language/,
written for communique)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.ingest import Ingestor, InputError
from communique.ingest.language import ENGLISH_MIN_PROBABILITY, english_probability, looks_english
from communique.model import Article, Rejected

LANG = Path(__file__).parent / "ingest_fixtures" / "language"   # not under fixtures/: other tests ingest that folder whole


def _load(name):
    return [json.loads(line) for line in (LANG / name).read_text(encoding="utf-8").splitlines() if line.strip()]


ENGLISH = _load("english.jsonl")
OTHER = _load("other.jsonl")


@pytest.fixture(scope="module")
def ingestor():
    return Ingestor()


@pytest.mark.parametrize("item", ENGLISH, ids=[i["id"] for i in ENGLISH])
def test_english_briefs_and_quotes_are_kept(ingestor, item):
    article = ingestor.check(ingestor.read_text(item["text"]))
    assert article.text
    # and not by a hair: at least 100 times the threshold
    assert english_probability(item["text"]) >= 100 * ENGLISH_MIN_PROBABILITY


@pytest.mark.parametrize("item", OTHER, ids=[i["id"] for i in OTHER])
def test_other_languages_are_rejected(ingestor, item):
    with pytest.raises(InputError, match=r"not English text \((\w+), P\(en\)=") as exc:
        ingestor.check(ingestor.read_text(item["text"]))
    assert item["lang"] in str(exc.value) or item["lang"] == "id"   # langid may say Malay for Indonesian
    assert english_probability(item["text"]) <= ENGLISH_MIN_PROBABILITY / 100


def test_jsonl_items_are_checked_too(tmp_path, ingestor):
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps({"text": i["text"]}) for i in ENGLISH[:3] + OTHER[:2]) + "\n",
                    encoding="utf-8")
    items = list(ingestor.read([path]))
    assert [type(i).__name__ for i in items] == ["Article"] * 3 + ["Rejected"] * 2
    assert all("not English" in i.reason for i in items if isinstance(i, Rejected))
    assert all(isinstance(i, Article) for i in items[:3])


def test_non_latin_scripts_and_short_texts():
    assert not looks_english("俄罗斯周一袭击了乌克兰。中国呼吁各方保持克制。")
    assert not looks_english("Россия атаковала Украину в понедельник.")
    assert looks_english("Erdogan, Putin, Sochi")
    assert looks_english("Le Drian met Lavrov in Moscow.")
    assert looks_english("1234 5678")   # no letters: the "no words" check decides
