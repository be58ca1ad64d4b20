"""``ceasefire registry``: load, add, confirm and merge peace processes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ceasefire.cli.app import DB_HELP, app, open_store, reported, settings_from_env
from ceasefire.store.database import Store

registry = typer.Typer(no_args_is_help=True, help="The registry of peace processes.")
app.add_typer(registry, name="registry")

Db = Annotated[str | None, typer.Option("--db", help=DB_HELP)]
DATASETS = ("eth-prio", "pax")


@registry.command("import")
def import_dataset(
    dataset: Annotated[
        str, typer.Argument(help="eth-prio (ETH/PRIO ceasefires CSV) or pax (PA-X agreements CSV)")
    ],
    path: Annotated[Path, typer.Argument(help="the dataset file")],
    db: Db = None,
) -> None:
    """Load a public dataset; importing the same file again changes nothing.

    Records of one ceasefire (both sides' declarations, the PA-X text of an ETH/PRIO ceasefire) are
    grouped into one process that keeps every record.
    """
    from ceasefire.tracker.importing import import_dataset as run_import

    if dataset not in DATASETS:
        raise typer.BadParameter(f"unknown dataset {dataset!r}: choose one of {', '.join(DATASETS)}")
    with reported():
        settings = settings_from_env(db=db)
        store = Store.open(settings.database_url)
        summary, refreshed = run_import(store, dataset, path, settings)
    typer.echo(f"{summary.render(dataset)}; {refreshed.links} event links")


@registry.command("add")
def add(
    path: Annotated[Path, typer.Argument(help="a YAML file describing one process")],
    db: Db = None,
) -> None:
    """Add or update one process written by hand."""
    from ceasefire.registry.manual import read_process_yaml
    from ceasefire.registry.store import import_records
    from ceasefire.tracker.refresh import refresh

    with reported():
        store = open_store(db)
        process = read_process_yaml(path)
        with store.transaction() as conn:
            summary = import_records(conn, [process])
        refresh(store)
    saved = "unchanged" if not summary.new_records else "added" if summary.processes["added"] else "updated"
    typer.echo(f"{process.id}: {saved}")


@registry.command("confirm")
def confirm(process_id: str, db: Db = None) -> None:
    """Accept a discovered candidate as a real process."""
    from ceasefire.registry.store import confirm as run_confirm

    with reported():
        store = open_store(db)
        with store.transaction() as conn:
            run_confirm(conn, process_id)
    typer.echo(f"{process_id}: confirmed")


@registry.command("merge")
def merge(
    candidate: Annotated[str, typer.Argument(help="the discovered candidate")],
    into: Annotated[str, typer.Option("--into", help="the process it is really part of")],
    db: Db = None,
) -> None:
    """Fold a discovered candidate into an existing process."""
    from ceasefire.registry.store import merge as run_merge
    from ceasefire.tracker.refresh import refresh

    with reported():
        store = open_store(db)
        with store.transaction() as conn:
            run_merge(conn, candidate, into)
        refresh(store)
    typer.echo(f"{candidate}: merged into {into}")


@app.command()
def adjudicate(
    event_id: Annotated[str, typer.Argument(help="the event decided on")],
    process: Annotated[str, typer.Option("--process", help="the process it is judged against")],
    decision: Annotated[str, typer.Option("--decision", help="confirmed, not_confirmed or undetermined")],
    by: Annotated[str, typer.Option("--by", help="who decided")],
    why: Annotated[str, typer.Option("--why", help="on what grounds")],
    db: Db = None,
) -> None:
    """Record a human adjudication of an event; rules never overwrite it."""
    from ceasefire.registry.store import adjudicate as run_adjudicate

    with reported():
        store = open_store(db)
        with store.transaction() as conn:
            run_adjudicate(conn, event_id, process, decision, by, why)
    typer.echo(f"{event_id}: {decision} against {process}, by {by}")
