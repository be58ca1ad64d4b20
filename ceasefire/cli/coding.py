"""Commands that code documents without storing them: ``demo``, ``extract``, ``eval``."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from ceasefire.cli.app import InputFormat, Processes, Published, Sources, app, parse_date, settings_from_env
from ceasefire.errors import CeasefireError
from ceasefire.models import Document, Rejected
from ceasefire.pipeline.stage import Outcome


def _document_line(doc: Document) -> str:
    return json.dumps({"document": doc.header_json(), "events": [e.to_json() for e in doc.events]},
                      ensure_ascii=False)  # fmt: skip


def _rejected_line(rejected: Rejected) -> str:
    header = (
        rejected.document.header_json()
        if rejected.document
        else {"id": rejected.doc_id, "source": rejected.source}
    )
    return json.dumps({"document": header, "rejected": rejected.to_json()}, ensure_ascii=False)


@app.command()
def demo(
    as_json: Annotated[bool, typer.Option("--json", help="print the records as JSON Lines")] = False,
) -> None:
    """Run the whole pipeline over the sample corpus that ships with the package."""
    from ceasefire.cli.status import render_board
    from ceasefire.demo import run_demo, store_demo
    from ceasefire.store.database import Store

    summary = run_demo(settings_from_env())
    if as_json:
        for doc in summary.documents:
            typer.echo(_document_line(doc))
        for rejected in summary.rejected:
            typer.echo(_rejected_line(rejected))
        return
    typer.echo(summary.render())
    with tempfile.TemporaryDirectory(prefix="ceasefire-demo-") as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'demo.db'}")
        board = store_demo(summary, store)
        store.close()
    typer.echo("\nStatus board (the samples stored in a fresh store; no registry imported, so the")
    typer.echo("ceasefires below are candidates the text revealed):")
    typer.echo(render_board(board))


@app.command()
def extract(
    sources: Sources,
    published: Published = None,
    fmt: InputFormat = None,
    include_rejected: Annotated[
        bool, typer.Option("--include-rejected", help="write rejected documents to standard output too")
    ] = False,
    processes: Processes = None,
) -> None:
    """Code the events of SOURCES; writes one JSON line per document to standard output."""
    from ceasefire.runner import code_documents
    from ceasefire.sources import read_sources

    settings = settings_from_env(processes)
    failed = 0
    try:
        stream = read_sources(
            sources, settings, published=parse_date(published), fmt=fmt, stdin=sys.stdin.buffer
        )
        outcomes = code_documents(stream, settings, processes=settings.processes)
        for outcome in _progress(outcomes):
            if isinstance(outcome, Document):
                typer.echo(_document_line(outcome))
                continue
            failed += outcome.stage == "source"
            if include_rejected:
                typer.echo(_rejected_line(outcome))
            typer.echo(
                f"rejected {outcome.source or outcome.doc_id}: {outcome.reason}: {outcome.detail}", err=True
            )
    except CeasefireError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    if failed:
        raise typer.Exit(1)


def _progress(outcomes: Iterable[Outcome]) -> Iterator[Outcome]:
    if not sys.stderr.isatty():
        yield from outcomes
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True
    ) as bar:
        task = bar.add_task("coding documents", total=None)
        for n, outcome in enumerate(outcomes, 1):
            bar.update(task, description=f"coded {n} documents")
            yield outcome


@app.command("eval")
def evaluate(
    name: Annotated[str, typer.Argument(help="case2021, plover, cameo-ner, wikievents or realworld")],
    path: Annotated[Path, typer.Argument(help="the gold file (for realworld, the set's folder)")],
    as_json: Annotated[bool, typer.Option("--json", help="print a machine-readable report")] = False,
) -> None:
    """Measure accuracy on a public gold standard."""
    from ceasefire.eval.run import evaluate as run_eval

    try:
        report = run_eval(name, path, settings_from_env())
    except CeasefireError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2))
    elif name == "realworld":
        from ceasefire.eval.realworld import render

        typer.echo(render(report))
    else:
        typer.echo(report.render())
