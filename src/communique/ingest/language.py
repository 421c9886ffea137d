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

from communique.settings import DEFAULTS

# The threshold and the sample size are settings (data/settings.yaml says what they were
# measured on).
ENGLISH_MIN_PROBABILITY = DEFAULTS.english_min_probability
SAMPLE_CHARS = DEFAULTS.language_sample_chars
# Text whose letters are mostly outside Latin (Chinese, Arabic, Cyrillic …) is not English at
# any length, without asking the model.
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\x00-\u024f]")


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_probabilities(text: str, sample_chars: int = SAMPLE_CHARS) -> list[tuple[str, float]]:
    """Languages of ``text`` (its first ``sample_chars`` characters) by probability.

    Returns:
        ``(ISO 639-1 code, probability 0..1)`` pairs, most probable first; the probabilities
        sum to 1.
    """
    return _identifier().rank(text[:sample_chars])


def english_probability(text: str) -> float:
    """Probability 0..1 that ``text`` (its first :data:`SAMPLE_CHARS` characters) is English."""
    return dict(language_probabilities(text)).get("en", 0.0)


def mostly_non_latin(text: str) -> bool:
    """True when most letters of ``text`` (first 20,000 characters) are not Latin letters."""
    sample = text[:20000]
    letters = len(_LETTER.findall(sample))
    return letters > 0 and len(_NON_LATIN_LETTER.findall(sample)) > letters / 2


def not_english_reason(text: str, min_probability: float = ENGLISH_MIN_PROBABILITY,
                       sample_chars: int = SAMPLE_CHARS) -> str | None:
    """Why ``text`` is confidently not English, or None when it may be English.

    Args:
        text: the article body.
        min_probability: least P(English), 0..1 (``english_min_probability`` of the settings).
        sample_chars: characters read (``language_sample_chars`` of the settings).

    Returns:
        None when the text has no letters, or English has probability of at least
        ``min_probability``; else a one-line reason naming the most probable language, e.g.
        ``"not English text (fr, P(en)=4e-10)"``.
    """
    if mostly_non_latin(text):
        return "not English text (mostly non-Latin script)"
    if not _LETTER.search(text[:sample_chars]):
        return None
    ranks = language_probabilities(text, sample_chars)
    p_en = dict(ranks).get("en", 0.0)
    if p_en >= min_probability:
        return None
    return f"not English text ({ranks[0][0]}, P(en)={p_en:.1g})"


def looks_english(text: str) -> bool:
    """True unless :func:`not_english_reason` gives a reason: the text is mostly in a
    non-Latin script, or the language identifier gives English a probability below
    :data:`ENGLISH_MIN_PROBABILITY`."""
    return not_english_reason(text) is None
