"""Is an article English? Rejected only when a language identifier is confident that it is not.

The identifier is py3langid (a maintained fork of langid.py: a naive Bayes model over byte
n-grams of 97 languages, 4.5 MB, no downloads), loaded once per process on first use. It gives
the probability of each language; a text is taken as English unless English is very
improbable. Names, places and numbers ("Erdogan, Putin to meet in Sochi Sept 4 - Kremlin")
lower English's probability but leave it far above that of a real French or German story.
"""

from __future__ import annotations

import re
from functools import cache

# Threshold, measured on texts written for this project (tests/ingest_fixtures/language/: 18
# English wire briefs and stories with few stop words, a French quote, "Slava Ukraini", a
# German quote; 8 French, German, Spanish, Italian, Portuguese, Dutch, Turkish and Indonesian
# news paragraphs), plus the English test fixtures, tests/gold/dev.jsonl and 400 synthetic stories
# (455 English texts in all): the lowest P(en) of an English text was 0.011 ("Erdogan, Putin,
# Sochi"; terse briefs 0.047 and up), the highest P(en) of a non-English paragraph 3.3e-8
# (Portuguese). 1e-4 lies two orders of magnitude from each side.
ENGLISH_MIN_PROBABILITY = 1e-4
# The identifier reads the first characters only (a Python walk over the bytes: 0.3 ms for an
# article of 1,000 characters, 0.5 ms at the cap; 1,500 characters are 250 words, plenty).
SAMPLE_CHARS = 1500
# Text whose letters are mostly outside Latin (Chinese, Arabic, Cyrillic …) is not English at
# any length, without asking the model.
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\x00-\u024f]")


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_probabilities(text: str) -> list[tuple[str, float]]:
    """Languages of ``text`` (its first :data:`SAMPLE_CHARS` characters) by probability.

    Returns:
        ``(ISO 639-1 code, probability 0..1)`` pairs, most probable first; the probabilities
        sum to 1.
    """
    return _identifier().rank(text[:SAMPLE_CHARS])


def english_probability(text: str) -> float:
    """Probability 0..1 that ``text`` (its first :data:`SAMPLE_CHARS` characters) is English."""
    return dict(language_probabilities(text)).get("en", 0.0)


def mostly_non_latin(text: str) -> bool:
    """True when most letters of ``text`` (first 20,000 characters) are not Latin letters."""
    sample = text[:20000]
    letters = len(_LETTER.findall(sample))
    return letters > 0 and len(_NON_LATIN_LETTER.findall(sample)) > letters / 2


def not_english_reason(text: str) -> str | None:
    """Why ``text`` is confidently not English, or None when it may be English.

    Returns:
        None when the text has no letters, or English has probability of at least
        :data:`ENGLISH_MIN_PROBABILITY`; else a one-line reason naming the most probable
        language, e.g. ``"not English text (fr, P(en)=4e-10)"``.
    """
    if mostly_non_latin(text):
        return "not English text (mostly non-Latin script)"
    if not _LETTER.search(text[:SAMPLE_CHARS]):
        return None
    ranks = language_probabilities(text)
    p_en = dict(ranks).get("en", 0.0)
    if p_en >= ENGLISH_MIN_PROBABILITY:
        return None
    return f"not English text ({ranks[0][0]}, P(en)={p_en:.1g})"


def looks_english(text: str) -> bool:
    """True unless :func:`not_english_reason` gives a reason: the text is mostly in a
    non-Latin script, or the language identifier gives English a probability below
    :data:`ENGLISH_MIN_PROBABILITY`."""
    return not_english_reason(text) is None
