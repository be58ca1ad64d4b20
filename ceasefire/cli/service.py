"""``ceasefire serve``, ``users``, ``tokens`` and ``audit``: the monitoring service and its keys."""

from __future__ import annotations

import json
import warnings
from typing import Annotated

import typer

from ceasefire.cli.app import DB_HELP, app, reported, settings_from_env
from ceasefire.store.database import Store

Db = Annotated[str | None, typer.Option("--db", help=DB_HELP)]

users = typer.Typer(no_args_is_help=True, help="Accounts of the monitoring service.")
tokens = typer.Typer(no_args_is_help=True, help="API tokens (shown once; stored only as hashes).")
audit_app = typer.Typer(no_args_is_help=True, help="The tamper-evident audit log.")
app.add_typer(users, name="users")
app.add_typer(tokens, name="tokens")
app.add_typer(audit_app, name="audit")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    db: Db = None,
    get: Annotated[
        str | None, typer.Option("--get", help="answer one GET request in-process and exit")
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(help="API token for --get (default: CEASEFIRE_TOKEN)", envvar="CEASEFIRE_TOKEN"),
    ] = None,
) -> None:
    """Run the JSON API (``/api/v1/``, OpenAPI at ``/docs``) and its alert worker."""
    from ceasefire.web import create_app

    with reported():
        settings = settings_from_env(db=db)
        if get is not None:
            with warnings.catch_warnings():  # starlette asks for httpx2 here; plain httpx works
                warnings.simplefilter("ignore")
                from fastapi.testclient import TestClient

            with TestClient(create_app(settings, worker=False)) as client:
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                answer = client.get(get, headers=headers)
            typer.echo(json.dumps(answer.json(), indent=2, ensure_ascii=False))
            raise typer.Exit(0 if answer.status_code < 400 else 1)
        import uvicorn

        uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@users.command("add")
def add_user(
    name: Annotated[str, typer.Argument(help="account name")],
    role: Annotated[str, typer.Option(help="viewer, monitor, analyst, coordinator, admin or party")],
    party: Annotated[str | None, typer.Option(help="the conflict party a party account acts for")] = None,
    email: Annotated[str | None, typer.Option(help="contact address")] = None,
    db: Db = None,
) -> None:
    """Add an account and print its first API token (the last line of output)."""
    from ceasefire.monitor.accounts import add_account, create_token

    with reported():
        store = Store.open(settings_from_env(db=db).database_url)
        with store.transaction() as conn:
            account = add_account(conn, name, role, party=party, email=email)
            token = create_token(conn, name, "first")
        typer.echo(f"added {account.name} ({account.role}{f', {party}' if party else ''}); API token:")
        typer.echo(token)


@users.command("password")
def password(
    name: Annotated[str, typer.Argument(help="account name")],
    db: Db = None,
) -> None:
    """Set an account's dashboard password (asked for twice; or one line on standard input)."""
    import sys

    from ceasefire.monitor.accounts import set_password

    with reported():
        if sys.stdin.isatty():
            secret = typer.prompt(
                "password (10 characters or more)", hide_input=True, confirmation_prompt=True
            )
        else:
            secret = sys.stdin.readline().rstrip("\n")
        store = Store.open(settings_from_env(db=db).database_url)
        with store.transaction() as conn:
            set_password(conn, name, secret)
        typer.echo(f"password set for {name}")


@users.command("link")
def link(
    name: Annotated[str, typer.Argument(help="account name")],
    base: Annotated[str, typer.Option(help="where the dashboard is served")] = "http://127.0.0.1:8000",
    minutes: Annotated[int, typer.Option(help="how long the link stays good")] = 30,
    db: Db = None,
) -> None:
    """Print a link that signs the account in to the dashboard once."""
    from ceasefire.web.sessions import create_link

    with reported():
        store = Store.open(settings_from_env(db=db).database_url)
        with store.transaction() as conn:
            token = create_link(conn, name, minutes)
        typer.echo(f"{base.rstrip('/')}/signin/link/{token}")


@users.command("list")
def list_users(db: Db = None) -> None:
    """Accounts and their roles."""
    from ceasefire.monitor.accounts import list_accounts

    with reported():
        store = Store.open(settings_from_env(db=db).database_url)
        with store.engine.connect() as conn:
            for account in list_accounts(conn):
                typer.echo(f"{account.name}\t{account.role}\t{account.party or ''}")


@tokens.command("create")
def create(
    name: Annotated[str, typer.Argument(help="the account the token acts for")],
    label: Annotated[str, typer.Option(help="what the token is for")] = "",
    db: Db = None,
) -> None:
    """Make another API token for an account; printed once, on the last line."""
    from ceasefire.monitor.accounts import create_token

    with reported():
        store = Store.open(settings_from_env(db=db).database_url)
        with store.transaction() as conn:
            token = create_token(conn, name, label)
        typer.echo(f"new token for {name}:")
        typer.echo(token)


@audit_app.command("verify")
def verify(db: Db = None) -> None:
    """Check the audit log's hash chain; exit status 1 names every edited or deleted entry."""
    from ceasefire.monitor.audit import verify as walk

    with reported():
        store = Store.open(settings_from_env(db=db).database_url)
        with store.engine.connect() as conn:
            count, problems = walk(conn)
    for problem in problems:
        typer.echo(f"TAMPERED {problem}", err=True)
    if problems:
        typer.echo(f"audit log: {count} entries, {len(problems)} problem(s)")
        raise typer.Exit(1)
    typer.echo(f"audit log: {count} entries, chain intact")
