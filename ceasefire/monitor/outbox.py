"""The delivery queue in the store: what is due is sent, retried with backoff, or given up on.

A delivery is ``pending`` until sent (``sent``) or until it has failed ``max_attempts`` times
(``dead``: the dead-letter list, which a coordinator can requeue). Because the queue is a table,
an alert raised before a crash is still sent after the restart.

A delivery that cannot be made at all (its webhook secret no longer opens, say after the secret key
changed without ``ceasefire keys rotate``) goes to the dead-letter list at once, with the reason,
instead of being retried; any other failure to build or send one counts as a failed try, so nothing
is retried forever. The log of deliveries (addresses, errors) is for coordinators and admins only.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, select, update

from ceasefire.errors import CeasefireError, ConfigError, Conflict, NotFound, ServiceUnavailable
from ceasefire.monitor import audit, clock
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.clock import iso
from ceasefire.monitor.mail import Mailer
from ceasefire.monitor.secrets import Sealer
from ceasefire.monitor.webhooks import Webhooks, backoff
from ceasefire.store.database import Store
from ceasefire.store.tables import accounts, alert_recipients, alerts, deliveries, subscriptions

log = logging.getLogger("ceasefire.outbox")


@dataclass(frozen=True, slots=True)
class Outcome:
    delivery_id: str
    ok: bool
    error: str = ""


def due(store: Store, now: datetime, limit: int = 50) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(deliveries).where(deliveries.c.state == "pending", deliveries.c.next_at <= now)
            .order_by(deliveries.c.next_at).limit(limit)
        ).mappings()  # fmt: skip
        return [dict(r) for r in rows]


#: what a delivery sends: the alert, its subscription's recipient, level and sealed secret, and the deadline
_PAYLOADS = (
    select(deliveries.c.id.label("delivery_id"), alerts, accounts.c.name.label("recipient"),
           subscriptions.c.level.label("level"), subscriptions.c.secret_sealed, alert_recipients.c.due_at)
    .select_from(deliveries)
    .join(subscriptions, subscriptions.c.id == deliveries.c.subscription_id)
    .join(accounts, accounts.c.id == subscriptions.c.account_id)
    .join(alerts, alerts.c.id == deliveries.c.alert_id)
    .outerjoin(alert_recipients, and_(alert_recipients.c.alert_id == alerts.c.id,
                                      alert_recipients.c.account_id == subscriptions.c.account_id))
    .where(deliveries.c.id.in_(bindparam("ids", expanding=True)))
)  # fmt: skip


def payload(store: Store, delivery: dict[str, Any]) -> dict[str, Any]:
    """What a recipient is sent: the alert, its deadline, and how to acknowledge it."""
    return _payload(_row(store, delivery), delivery)


def _row(store: Store, delivery: dict[str, Any]) -> Any:
    """What ``delivery`` sends (``_PAYLOADS``): one query."""
    with store.engine.connect() as conn:
        return conn.execute(_PAYLOADS, {"ids": [delivery["id"]]}).mappings().one()


def rows_of(store: Store, batch: list[dict[str, Any]]) -> dict[str, Any]:
    """What ``_row`` reads, for each delivery of ``batch`` (by its id), from one query: the worker
    reads them before it hands the sends to its threads, which then need no store."""
    if not batch:
        return {}
    with store.engine.connect() as conn:
        found = conn.execute(_PAYLOADS, {"ids": [d["id"] for d in batch]}).mappings()
        return {row["delivery_id"]: row for row in found}


def _payload(row: Any, delivery: dict[str, Any]) -> dict[str, Any]:
    due_at = row["due_at"]
    return {
        "delivery": delivery["id"], "recipient": row["recipient"], "level": row["level"],
        "alert": {"id": row["id"], "kind": row["kind"], "severity": row["severity"], "title": row["title"],
                  "detail": row["detail"], "incident_id": row["incident_id"], "report_id": row["report_id"],
                  "process_id": row["process_id"], "created_at": iso(row["created_at"]),
                  "ack_due": iso(due_at) if due_at else None,
                  "ack": f"POST /api/v1/alerts/{row['id']}/ack"},
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Tried:
    """One try at a delivery, not yet recorded."""

    delivery: dict[str, Any]
    ok: bool
    error: str
    permanent: bool = False

    @property
    def outcome(self) -> Outcome:
        return Outcome(self.delivery["id"], self.ok, self.error)


def send_one(store: Store, delivery: dict[str, Any], webhooks: Webhooks, mailer: Mailer, sealer: Sealer,
             max_attempts: int) -> Outcome:  # fmt: skip
    """Try one delivery and record the try. Never raises for the delivery's own faults."""
    tried = try_one(store, delivery, webhooks, mailer, sealer)
    record(store, [tried], max_attempts)
    return tried.outcome


def try_one(store: Store, delivery: dict[str, Any], webhooks: Webhooks, mailer: Mailer, sealer: Sealer,
            row: Any = None) -> Tried:  # fmt: skip
    """Try one delivery (``row``: what ``rows_of`` read for it, else it is read here); the try is
    recorded by ``record`` (the worker records many in one transaction). Never raises for the
    delivery's own faults."""
    try:
        ok, error = _attempt(store, delivery, webhooks, mailer, sealer, row)
    except ConfigError as exc:  # a secret that does not open: no retry will change that
        return Tried(delivery, False, f"cannot be sent: {exc.message}", permanent=True)
    except ServiceUnavailable:
        raise  # the store itself: nothing can be recorded now; the delivery stays due
    except (CeasefireError, LookupError, ValueError, TypeError) as exc:
        log.exception("delivery %s could not be built", delivery["id"])
        ok, error = False, f"{type(exc).__name__}: {exc}"
    return Tried(delivery, ok, error)


def _attempt(store: Store, delivery: dict[str, Any], webhooks: Webhooks, mailer: Mailer, sealer: Sealer,
             row: Any = None) -> tuple[bool, str]:  # fmt: skip
    row = row if row is not None else _row(store, delivery)
    body = _payload(row, delivery)
    if delivery["channel"] == "webhook":
        sealed = row["secret_sealed"]
        if not sealed:
            raise ConfigError("the subscription has no signing secret")
        attempt = webhooks.send(delivery["address"], sealer.open(sealed), _bytes(body), delivery["id"])
        return attempt.ok, attempt.error
    alert = body["alert"]
    try:
        mailer.send(
            delivery["address"], f"[ceasefire] {alert['severity']}: {alert['title']}", _mail_text(body)
        )
    except ServiceUnavailable as exc:  # the mail relay, not the store
        return False, exc.message
    return True, ""


_RECORD = update(deliveries).where(deliveries.c.id == bindparam("_id"), deliveries.c.state == "pending")


def record(store: Store, tries: list[Tried], max_attempts: int) -> None:
    """Record ``tries`` in one transaction: sent, to be tried again after a backoff, or dead."""
    if not tries:
        return
    now = clock.now()
    changes: dict[tuple[str, ...], list[dict[str, Any]]] = {}  # one statement a set of columns
    dead: list[audit.Entry] = []
    for tried in tries:
        delivery = tried.delivery
        attempts = delivery["attempts"] + 1
        values: dict[str, Any] = {"attempts": attempts, "last_error": tried.error[:500]}
        if tried.ok:
            values |= {"state": "sent", "sent_at": now}
        elif tried.permanent or attempts >= max_attempts:
            values |= {"state": "dead"}
            dead.append(("system", "delivery.dead", "delivery", delivery["id"],
                         {"attempts": attempts, "error": tried.error[:200]}))  # fmt: skip
        else:
            values |= {"next_at": now + timedelta(seconds=backoff(attempts))}
        changes.setdefault(tuple(values), []).append({**values, "_id": delivery["id"]})
    with store.transaction() as conn:
        for rows in changes.values():  # the columns set are the keys of the rows (but "_id")
            conn.execute(_RECORD, rows)
        audit.record_many(conn, dead)


def dead_letters(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(deliveries).where(deliveries.c.state == "dead").order_by(deliveries.c.created_at)
        )
        return [_delivery_json(dict(r)) for r in rows.mappings()]


def list_deliveries(store: Store, alert_id: str) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(deliveries).where(deliveries.c.alert_id == alert_id).order_by(deliveries.c.id)
        )
        return [_delivery_json(dict(r)) for r in rows.mappings()]


def requeue(store: Store, delivery_id: str, by: Account) -> dict[str, Any]:
    """Put a dead delivery back in the queue, due now, with its tries counted afresh."""
    with store.transaction() as conn:
        row = conn.execute(select(deliveries).where(deliveries.c.id == delivery_id)).mappings().first()
        if row is None:
            raise NotFound(f"no delivery {delivery_id}")
        if row["state"] != "dead":
            raise Conflict(f"delivery {delivery_id} is {row['state']}; only a dead one can be requeued")
        conn.execute(update(deliveries).where(deliveries.c.id == delivery_id)
                     .values(state="pending", attempts=0, next_at=clock.now()))  # fmt: skip
        audit.record(conn, by, "delivery.requeue", "delivery", delivery_id)
        again = conn.execute(select(deliveries).where(deliveries.c.id == delivery_id)).mappings().one()
        return _delivery_json(dict(again))


def _delivery_json(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "alert_id": row["alert_id"], "channel": row["channel"], "address": row["address"],
            "state": row["state"], "attempts": row["attempts"], "last_error": row["last_error"],
            "next_at": iso(row["next_at"]), "sent_at": iso(row["sent_at"]) if row["sent_at"] else None}  # fmt: skip


def _mail_text(body: dict[str, Any]) -> str:
    alert = body["alert"]
    lines = [alert["title"], "", f"severity: {alert['severity']}", f"kind: {alert['kind']}"]
    lines += [f"{k}: {alert[k]}" for k in ("incident_id", "report_id", "process_id") if alert[k]]
    lines += [f"{k}: {v}" for k, v in alert["detail"].items()]
    lines += [
        "",
        f"acknowledge by {alert['ack_due']}: {alert['ack']}",
        f"alert {alert['id']}, delivery {body['delivery']}",
    ]
    return "\n".join(lines) + "\n"


def _bytes(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
