"""Commands over the store: ``ingest``, ``events``, ``export``."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from ceasefire.cli.app import (
    DB_HELP,
    InputFormat,
    Processes,
    Published,
    Sources,
    app,
    open_store,
    parse_date,
    reported,
    settings_from_env,
)
from ceasefire.store.database import Store

Db = Annotated[str | None, typer.Option("--db", help=DB_HELP)]


@app.command()
def ingest(
    sources: Sources,
    published: Published = None,
    fmt: InputFormat = None,
    processes: Processes = None,
    db: Db = None,
) -> None:
    """Code SOURCES and store documents, rejections and events (one transaction per document)."""
    from ceasefire.ingest import ingest as run_ingest

    settings = settings_from_env(processes, db)
    with reported():
        store = Store.open(settings.database_url)
        summary = run_ingest(store, sources, settings, parse_date(published), fmt, sys.stdin.buffer)
    typer.echo(summary.render())
    if summary.failed_sources:
        raise typer.Exit(1)


@app.command()
def events(
    country: Annotated[str | None, typer.Option(help="ISO alpha-2 country code")] = None,
    process: Annotated[str | None, typer.Option(help="a process id (see `ceasefire status`)")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. ASSAULT")] = None,
    since: Annotated[str | None, typer.Option(help="first date, YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="last date, YYYY-MM-DD")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines, one event record per line")] = False,
    db: Db = None,
) -> None:
    """List stored events, oldest first."""
    from ceasefire.store.queries import EventFilter, iter_events

    flt = EventFilter(country, process, event_type, parse_date(since), parse_date(until))
    with reported():
        store = open_store(db)
        for stored in iter_events(store, flt):
            record = stored.record
            if as_json:
                typer.echo(json.dumps({**record, "doc_id": stored.document["id"], "processes": list(stored.processes)},
                                      ensure_ascii=False))  # fmt: skip
                continue
            process_ref = record.get("process") or {}
            phase = f" {process_ref['kind']}/{process_ref['phase']}" if process_ref else ""
            actors = ", ".join(a.get("name") or a["text"] for a in record["actor"]) or "?"
            place = (record.get("place") or {}).get("name") or ""
            typer.echo(f"{record.get('date') or '????-??-??'}  {record['event']:<9}{phase} [{record['modality']}] "
                       f"{actors}  {place}\n    {record['evidence']['text'][:160]}")  # fmt: skip


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="plover-json, acled-csv, geojson or hxl-csv")],
    country: Annotated[str | None, typer.Option(help="ISO alpha-2 country code")] = None,
    process: Annotated[str | None, typer.Option(help="a process id")] = None,
    db: Db = None,
) -> None:
    """Write the stored events to standard output in an exchange format, streaming."""
    from ceasefire.exports import export as run_export
    from ceasefire.exports.rows import ExportRow
    from ceasefire.store.queries import EventFilter, iter_events

    with reported():
        store = open_store(db)
        rows = (
            ExportRow(s.record, s.document, s.processes)
            for s in iter_events(store, EventFilter(country, process))
        )
        count = run_export(rows, fmt, sys.stdout)
    typer.echo(f"exported {count} events as {fmt}", err=True)
