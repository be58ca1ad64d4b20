"""``ceasefire batch`` and ``ceasefire load``: a corpus coded on Dask, then loaded into the store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ceasefire.cli.app import DB_HELP, Published, app, parse_date, reported, settings_from_env


@app.command()
def batch(
    sources: Annotated[
        list[str], typer.Argument(help="folders of files, JSON Lines, CSV with a text column, Parquet")
    ],
    out: Annotated[Path, typer.Option("--out", help="the folder the Parquet output goes to (resumable)")],
    scheduler: Annotated[
        str | None, typer.Option(help="a Dask scheduler, tcp://HOST:PORT (default: a local cluster)")
    ] = None,
    workers: Annotated[int | None, typer.Option(help="local workers (default: one per core)")] = None,
    partition_size: Annotated[int, typer.Option(help="files or rows a partition")] = 50,
    published: Published = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the summary as JSON")] = False,
) -> None:
    """Code a corpus with the same stages as `extract`, partitioned over a Dask cluster, into Parquet."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ceasefire.batch.run import run_batch

    with reported(), Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                              TimeElapsedColumn(), transient=True) as bar:  # fmt: skip
        task = bar.add_task("partitions", total=None)

        def step(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, description=f"partitions ({name})")

        summary = run_batch(
            sources, out, settings_from_env(), scheduler=scheduler, workers=workers,
            partition_size=partition_size, published=parse_date(published), progress=step,
            on_dashboard=lambda link: typer.echo(f"Dask dashboard: {link}", err=True),
        )  # fmt: skip
    typer.echo(json.dumps(summary.to_json()) if as_json else summary.render())
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def load(
    folder: Annotated[Path, typer.Argument(help="the --out folder of a finished batch")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
) -> None:
    """Load a batch's documents and events into the store; loading twice changes nothing."""
    from ceasefire.batch.load import load_batch
    from ceasefire.store.database import Store

    with reported():
        settings = settings_from_env(db=db)
        summary = load_batch(Store.open(settings.database_url), folder, settings.dedupe_threshold)
    typer.echo(summary.render())
