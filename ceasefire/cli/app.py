"""The ``ceasefire`` command: the Typer app and what every command shares (settings, dates, errors)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated

import typer

from ceasefire.errors import CeasefireError
from ceasefire.settings import Settings
from ceasefire.store.database import Store

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Where every ceasefire and peace talk stands, and why."
)

DB_HELP = "the store: sqlite:///path.db or postgresql+psycopg://... (default: CEASEFIRE_DATABASE_URL)"

#: options shared by the commands that read sources (``extract``, ``ingest``)
Sources = Annotated[
    list[str], typer.Argument(help="files, directories, URLs, feeds, or - for standard input")
]
Published = Annotated[
    str | None, typer.Option(help="publication date (YYYY-MM-DD) for documents without one")
]
InputFormat = Annotated[
    str | None, typer.Option("--format", help="input format of standard input: jsonl, text or html")
]
Processes = Annotated[int | None, typer.Option(help="worker processes for parsing")]


def settings_from_env(processes: int | None = None, db: str | None = None) -> Settings:
    return Settings.from_env(processes=processes, database_url=db)


def open_store(db: str | None = None) -> Store:
    """The store ``--db`` names, or the settings' (migrated on open)."""
    return Store.open(settings_from_env(db=db).database_url)


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from exc


@contextmanager
def reported() -> Iterator[None]:
    """Turn a ``CeasefireError`` into its message on standard error and exit status 2."""
    try:
        yield
    except CeasefireError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
