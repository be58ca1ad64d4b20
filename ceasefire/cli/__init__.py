"""Command line: thin commands over library functions (``ceasefire --help``)."""

from __future__ import annotations

import sys

import typer

from ceasefire.cli import batch, coding, deconflict, registry, service, status, store  # noqa: F401  (each registers its commands)
from ceasefire.cli.app import app
from ceasefire.errors import CeasefireError

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except CeasefireError as exc:
        typer.echo(str(exc), err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
