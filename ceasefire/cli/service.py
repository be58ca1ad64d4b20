"""``ceasefire serve``, ``users``, ``tokens``, ``audit`` and ``keys``: the monitoring service and its keys."""

from __future__ import annotations

import json
import warnings
from typing import Annotated

import typer

from ceasefire.cli.app import DB_HELP, app, open_store, reported, settings_from_env
from ceasefire.errors import ConfigError
from ceasefire.store.database import Store

Db = Annotated[str | None, typer.Option("--db", help=DB_HELP)]

users = typer.Typer(no_args_is_help=True, help="Accounts of the monitoring service.")
tokens = typer.Typer(no_args_is_help=True, help="API tokens (shown once; stored only as hashes).")
audit_app = typer.Typer(no_args_is_help=True, help="The tamper-evident audit log.")
keys = typer.Typer(no_args_is_help=True, help="The secret key that seals reporters and webhook secrets.")
app.add_typer(users, name="users")
app.add_typer(tokens, name="tokens")
app.add_typer(audit_app, name="audit")
app.add_typer(keys, name="keys")


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
    workers: Annotated[
        int | None,
        typer.Option(
            help="serving processes (default: CEASEFIRE_SERVE_WORKERS, 1); the worker runs in one more"
        ),
    ] = None,
) -> None:
    """Run the JSON API (``/api/v1/``, OpenAPI at ``/docs``) and the dashboard, and the background
    worker (placing, alerts, coding) in a process of its own (``ceasefire worker``), started again
    if it dies."""
    from ceasefire.monitor.background import Supervisor
    from ceasefire.web import create_app
    from ceasefire.web.app import prepare_shared, serving_app

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
        import os

        import uvicorn

        count = workers if workers is not None else settings.serve_workers
        if count < 1:
            raise ConfigError(f"--workers must be at least 1, got {count}")
        # every process builds from the environment: the store's URL goes there, spelled out
        settings = prepare_shared(settings)
        os.environ["CEASEFIRE_DATABASE_URL"] = settings.database_url or ""
        supervisor = Supervisor(os.environ)
        supervisor.start()
        try:
            if count == 1:
                uvicorn.run(serving_app(settings), host=host, port=port, log_level="info")
            else:
                uvicorn.run("ceasefire.web.app:app_from_env", factory=True, workers=count, host=host, port=port,
                            log_level="info")  # fmt: skip
        finally:
            supervisor.stop()


@app.command()
def worker(
    db: Db = None,
    parent: Annotated[
        int | None, typer.Option(help="stop when the process with this id is gone (set by serve)")
    ] = None,
) -> None:
    """Run the background worker alone: place reports, raise, send and escalate alerts, code free
    text, watch statuses. ``ceasefire serve`` starts one; run it yourself beside a server started
    elsewhere. Of several on one store, one works at a time (the store's lease)."""
    from ceasefire.monitor.background import run

    with reported():
        run(settings_from_env(db=db), parent)


@users.command("add")
def add_user(
    name: Annotated[str, typer.Argument(help="account name")],
    role: Annotated[str, typer.Option(help="viewer, monitor, analyst, coordinator, admin or party")],
    party: Annotated[str | None, typer.Option(help="the conflict party a party account acts for")] = None,
    email: Annotated[str | None, typer.Option(help="contact address")] = None,
    db: Db = None,
) -> None:
    """Add an account and print its first API token (the last line of output)."""
    from ceasefire.monitor.accounts import add_account, issue_token

    with reported():
        store = open_store(db)
        with store.transaction() as conn:
            account = add_account(conn, name, role, party=party, email=email)
            issued = issue_token(conn, account.name, "first")
        typer.echo(f"added {account.name} ({account.role}{f', {account.party}' if party else ''}); "
                   f"API token {issued.id}:")  # fmt: skip
        typer.echo(issued.token)


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
        store = open_store(db)
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
        store = open_store(db)
        with store.transaction() as conn:
            token = create_link(conn, name, minutes)
        typer.echo(f"{base.rstrip('/')}/signin/link/{token}")


@users.command("list")
def list_users(db: Db = None) -> None:
    """Accounts and their roles."""
    from ceasefire.monitor.accounts import list_accounts

    with reported():
        store = open_store(db)
        with store.engine.connect() as conn:
            for account in list_accounts(conn):
                typer.echo(f"{account.name}\t{account.role}\t{account.party or ''}")


@users.command("disable")
def disable(name: Annotated[str, typer.Argument(help="account name")], db: Db = None) -> None:
    """Stop an account: its tokens, password and sessions sign in no more (kept, for the record)."""
    from ceasefire.monitor.accounts import disable_account

    with reported():
        store = open_store(db)
        with store.transaction() as conn:
            disable_account(conn, name)
        typer.echo(f"disabled {name}")


@users.command("bind")
def bind(
    name: Annotated[str, typer.Argument(help="account name")],
    address: Annotated[str, typer.Argument(help="the e-mail address or phone number a gateway relays for")],
    db: Db = None,
) -> None:
    """Bind a gateway sender to an account: what it sends by e-mail or SMS is filed as that account's."""
    from ceasefire.monitor.accounts import bind_sender

    with reported():
        store = open_store(db)
        with store.transaction() as conn:
            key = bind_sender(conn, name, address)
        typer.echo(f"{key} files as {name}")


@tokens.command("create")
def create(
    name: Annotated[str, typer.Argument(help="the account the token acts for")],
    label: Annotated[str, typer.Option(help="what the token is for")] = "",
    db: Db = None,
) -> None:
    """Make another API token for an account; printed once, on the last line (its id before it)."""
    from ceasefire.monitor.accounts import issue_token

    with reported():
        store = open_store(db)
        with store.transaction() as conn:
            issued = issue_token(conn, name, label)
        typer.echo(f"new token {issued.id} for {name}:")
        typer.echo(issued.token)


@tokens.command("list")
def list_tokens(
    name: Annotated[str | None, typer.Argument(help="only this account's")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON list")] = False,
    db: Db = None,
) -> None:
    """Tokens by id: account, label, when made, and whether revoked (never the token itself)."""
    from ceasefire.monitor.accounts import list_tokens as listed

    with reported():
        store = open_store(db)
        with store.engine.connect() as conn:
            found = listed(conn, name)
    if as_json:
        typer.echo(json.dumps(found, indent=2))
        return
    for t in found:
        state = "live" if t["live"] else f"revoked {t['revoked_at']}"
        typer.echo(f"{t['id']}\t{t['account']}\t{t['label']}\t{t['created_at']}\t{state}")


@tokens.command("revoke")
def revoke(
    token_id: Annotated[int, typer.Argument(help="the token's id (tokens list)")], db: Db = None
) -> None:
    """Revoke a token: it signs in no more."""
    from ceasefire.monitor.accounts import revoke_token

    with reported():
        store = open_store(db)
        with store.transaction() as conn:
            revoke_token(conn, token_id, by="cli")
        typer.echo(f"revoked token {token_id}")


@audit_app.command("verify")
def verify(
    anchor: Annotated[str | None, typer.Option(
        help="an anchor printed by `ceasefire audit anchor` (the JSON line, or a file holding it): "
             "also name entries cut off or rewritten since")] = None,
    db: Db = None,
) -> None:  # fmt: skip
    """Check the audit log's hash chain and keyed HMACs; exit status 1 names every edited or deleted entry."""
    from pathlib import Path

    from ceasefire.errors import InputError
    from ceasefire.monitor import audit

    with reported():
        head = None
        if anchor is not None:
            try:
                text = anchor if anchor.lstrip().startswith("{") else Path(anchor).read_text(encoding="utf-8")
            except OSError as exc:
                raise InputError("anchor", f"cannot read {anchor}: {exc.strerror}") from exc
            head = audit.parse_anchor(text)
        store = open_store(db)
        with store.engine.connect() as conn:
            checked = audit.verify(conn, anchor=head)
    for problem in checked.problems:
        typer.echo(f"TAMPERED {problem}", err=True)
    legacy = f" ({checked.unkeyed} written before the log was keyed)" if checked.unkeyed else ""
    if checked.problems:
        typer.echo(f"audit log: {checked.entries} entries{legacy}, {len(checked.problems)} problem(s)")
        raise typer.Exit(1)
    against = f", matches the anchor of {head['at']} (entry {head['seq']})" if head else ""
    typer.echo(f"audit log: {checked.entries} entries{legacy}, chain intact{against}")


@audit_app.command("anchor")
def anchor(db: Db = None) -> None:
    """Print the log's signed head (one JSON line) for a joint commission to keep; `audit verify
    --anchor` later checks the log against it."""
    from ceasefire.monitor import audit

    with reported():
        store = open_store(db)
        with store.engine.connect() as conn:
            head = audit.anchor(conn)
    typer.echo(json.dumps(head, sort_keys=True))


@keys.command("rotate")
def rotate(
    keep_old: Annotated[bool, typer.Option(help="keep the old key in the key file (second line)")] = False,
    db: Db = None,
) -> None:
    """Seal every reporter and webhook secret again under a new key. Stop the service first.

    With a key file, the new key is written to it first (beside the old one), then everything is
    re-sealed in one transaction, then the old key is dropped. With CEASEFIRE_SECRET_KEY, the new
    key is printed: set it before starting the service again."""
    from cryptography.fernet import Fernet

    from ceasefire.errors import ConfigError
    from ceasefire.monitor import secrets

    with reported():
        settings = settings_from_env(db=db)
        if secrets.audit_key_is_derived(settings):
            raise ConfigError("the audit key is derived from CEASEFIRE_SECRET_KEY, so a new secret key would "
                              "change it: give it its own CEASEFIRE_AUDIT_KEY (or _FILE) first")  # fmt: skip
        old = secrets.sealing_keys(settings)
        new = Fernet.generate_key()
        path = None if settings.secret_key else secrets.key_file(settings)
        if path is not None:
            secrets.write_key_file(path, [new, *old])  # both: whatever happens next, everything opens
        store = Store.open(settings.database_url)
        with store.transaction() as conn:
            done = secrets.reseal_all(conn, secrets.Sealer([new, *old], secrets.audit_key(settings)))
            from ceasefire.monitor import audit

            audit.record(conn, "cli", "keys.rotate", "keys", "secret",
                         {"reporters": done.reporters, "webhook_secrets": done.webhook_secrets})  # fmt: skip
        if path is not None:
            secrets.write_key_file(path, [new, *old] if keep_old else [new])
        typer.echo(f"re-sealed {done.reporters} reporter(s) and {done.webhook_secrets} webhook secret(s)")
        if path is None:
            typer.echo("set CEASEFIRE_SECRET_KEY to the new key before starting the service again:")
            typer.echo(new.decode("ascii"))
