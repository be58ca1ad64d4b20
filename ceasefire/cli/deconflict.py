"""``ceasefire notify`` and ``ceasefire deconflict``: notifications from GeoJSON files, and their checks."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ceasefire.cli.app import DB_HELP, app, open_store, reported, settings_from_env
from ceasefire.store.database import Store

Db = Annotated[str | None, typer.Option("--db", help=DB_HELP)]
As = Annotated[
    str, typer.Option("--as", help="the account acting (a humanitarian, party, coordinator or admin)")
]
Json = Annotated[bool, typer.Option("--json", help="print JSON")]

notify_app = typer.Typer(no_args_is_help=True, help="Notify sites, movements, flights and zones (GeoJSON).")
deconflict = typer.Typer(no_args_is_help=True, help="Notifications: list, acknowledge, check, export.")
app.add_typer(notify_app, name="notify")
app.add_typer(deconflict, name="deconflict")


def _notify(kind: str, path: Path, account_name: str, db: str | None, as_json: bool,
            valid_days: float | None) -> None:  # fmt: skip
    from datetime import timedelta

    from ceasefire.deconflict.files import import_features, read_features
    from ceasefire.knowledge.gazetteer import open_gazetteer
    from ceasefire.monitor import clock
    from ceasefire.monitor.access import require
    from ceasefire.monitor.accounts import get_account

    with reported():
        settings = settings_from_env(db=db)
        store = Store.open(settings.database_url)
        with store.engine.connect() as conn:
            account = get_account(conn, account_name)
        require(account, "deconfliction.notify")
        features = read_features(path, settings.max_input_bytes)
        if valid_days is not None:
            until = (clock.now() + timedelta(days=valid_days)).isoformat()
            for feature in features:
                if isinstance(feature.get("properties"), dict):
                    feature["properties"].setdefault("valid_until", until)
        done = import_features(store, features, kind, account, open_gazetteer(settings))
    if as_json:
        typer.echo(json.dumps({"stored": [{"id": n.id, "created": n.created, "conflicts": n.conflicts}
                                          for n in done.stored], "errors": done.errors}, indent=2))  # fmt: skip
    else:
        for n in done.stored:
            typer.echo(
                f"{n.id}\t{'stored' if n.created else 'already stored'}\t{len(n.conflicts)} conflict(s)"
            )
            for c in n.conflicts:
                typer.echo(f"  {c['kind']}: {c['detail']['why']}")
        for e in done.errors:
            typer.echo(f"feature {e['feature']}: {e['field']}: {e['message']}", err=True)
    if done.errors:
        raise typer.Exit(1)


def _command(kind: str) -> Any:
    def command(
        path: Annotated[Path, typer.Argument(help="a GeoJSON Feature or FeatureCollection")],
        account: As,
        valid_days: Annotated[
            float | None, typer.Option(help="valid for this many days, for features without valid_until")
        ] = None,
        db: Db = None,
        as_json: Json = False,
    ) -> None:
        _notify(kind, path, account, db, as_json, valid_days)

    command.__doc__ = f"Notify a {kind} (or several) from a GeoJSON file; refused features name their field."
    return command


for _kind in ("site", "movement", "flight", "zone"):
    notify_app.command(_kind)(_command(_kind))


@deconflict.command("list")
def list_notifications(
    kind: Annotated[str | None, typer.Option(help="site, movement, flight or zone")] = None,
    state: Annotated[str | None, typer.Option(help="upcoming, active, expired or overdue")] = None,
    country: Annotated[str | None, typer.Option(help="ISO alpha-2 country code")] = None,
    db: Db = None,
    as_json: Json = False,
    ids: Annotated[bool, typer.Option("--ids", help="print only the ids, one a line")] = False,
) -> None:
    """Notifications with their state and acknowledgements (the full staff view)."""
    from ceasefire.deconflict import notifications, views
    from ceasefire.monitor import clock
    from ceasefire.monitor.accounts import Account

    with reported():
        settings = settings_from_env(db=db)
        store = Store.open(settings.database_url)
        staff = Account(0, "cli", "admin")
        with store.engine.connect() as conn:
            rows = notifications.list_rows(conn, kind=kind, state=state, country=country, limit=100_000)
            found = views.views(conn, rows, staff, clock.now(), settings.blur_decimals)
    if as_json:
        typer.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    if ids:
        typer.echo("\n".join(v["id"] for v in found))
        return
    for v in found:
        acks = ", ".join(f"{r['party']}: {r['state']}" for r in v["recipients"])
        typer.echo(f"{v['id']}\t{v['kind']}\t{v['state']}\t{v['country']}\t{v['name']}\t{acks}")


@deconflict.command("ack")
def ack(
    notification_id: Annotated[str, typer.Argument(help="the notification id (ntf-...)")],
    account: As,
    party: Annotated[
        str | None, typer.Option(help="the party, when staff record its acknowledgement")
    ] = None,
    note: Annotated[str, typer.Option(help="what the party said")] = "",
    received: Annotated[bool, typer.Option("--received", help="record receipt only")] = False,
    db: Db = None,
) -> None:
    """Record a party's acknowledgement (an acknowledgement of receipt, never an approval)."""
    from ceasefire.deconflict.notifications import ACK_MEANING, acknowledge
    from ceasefire.deconflict.schemas import AckIn
    from ceasefire.monitor.access import require
    from ceasefire.monitor.accounts import get_account

    with reported():
        store = open_store(db)
        with store.transaction() as conn:
            acting = get_account(conn, account)
            require(acting, "deconfliction.ack")
            body = AckIn(state="received" if received else "acknowledged", note=note, party=party)
            record = acknowledge(conn, notification_id, acting, body)
    typer.echo(f"{record['party']}: {body.state} {notification_id} ({ACK_MEANING})")


@deconflict.command("check")
def check(
    days: Annotated[float, typer.Option(help="check incidents of the last N days for hits")] = 7.0,
    db: Db = None,
    as_json: Json = False,
) -> None:
    """Run every check once: conflicts, hits of recent incidents, overdue acknowledgements.

    Conflicts between the notifications still valid; incidents of the last ``--days`` near notified
    sites; acknowledgements past their deadline (raised as alerts where rules ask for them).
    """
    from datetime import timedelta

    from sqlalchemy import select

    from ceasefire.deconflict import checks, hits
    from ceasefire.deconflict.terms import terms_for
    from ceasefire.monitor import alerts, clock
    from ceasefire.store.tables import incidents

    with reported():
        store = open_store(db)
        now = clock.now()
        with store.transaction() as conn:
            found = checks.check_all(conn, lambda country: terms_for(conn, country), now)
            recent = conn.execute(select(incidents).where(incidents.c.merged_into.is_(None),
                                                          incidents.c.last_at >= now - timedelta(days=days)))  # fmt: skip
            findings: list[dict[str, Any]] = []
            for incident in recent.mappings().all():
                findings += hits.on_incident(conn, dict(incident), now)
            raised = alerts.on_findings(conn, findings)
            raised += [str(n) for n in range(alerts.escalate(conn, now))]
    result = {"conflicts": found, "findings": [{k: f[k] for k in ("id", "notification_id", "incident_id",
                                                                 "distance_km", "gap_hours", "warnings")}
                                               for f in findings], "alerts_raised_or_escalated": len(raised)}  # fmt: skip
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    typer.echo(
        f"{len(found)} conflict(s), {len(findings)} hit(s), {len(raised)} alert(s) raised or escalated"
    )
    for c in found:
        typer.echo(f"  conflict {c['kind']}: {c['detail']['why']}")
    for f in findings:
        typer.echo(f"  hit {f['notification_id']} by {f['incident_id']}: {f['distance_km']} km, "
                   f"{f['gap_hours']} h after notification; {'; '.join(f['warnings']) or 'no warnings'}")  # fmt: skip


@deconflict.command("export")
def export(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="file to write (default: standard output)")
    ] = None,
    kind: Annotated[str | None, typer.Option(help="site, movement, flight or zone")] = None,
    country: Annotated[str | None, typer.Option(help="ISO alpha-2 country code")] = None,
    db: Db = None,
) -> None:
    """Every notification as HXL-tagged CSV (exact positions: keep the file among staff)."""
    from ceasefire.deconflict import notifications
    from ceasefire.exports.hxl_notifications import write_hxl_notifications
    from ceasefire.monitor import clock

    with reported():
        store = open_store(db)
        with store.engine.connect() as conn:
            rows = notifications.list_rows(conn, kind=kind, country=country, limit=1_000_000)
            recipients = notifications.recipients_of(conn, [r["id"] for r in rows])
        pairs = ((r, recipients[r["id"]]) for r in rows)
        if out is None:
            count = write_hxl_notifications(pairs, sys.stdout, clock.now())
        else:
            with out.open("w", encoding="utf-8", newline="") as handle:
                count = write_hxl_notifications(pairs, handle, clock.now())
    if out is not None:
        typer.echo(f"{count} notification(s) written to {out}")
