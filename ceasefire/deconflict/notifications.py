"""Notifications in the store: submitted, read, acknowledged, given an outcome, reconfirmed.

A notification is sent to each recipient party at once (``sent``); a party's account reading it
marks it ``received``; the party's acknowledgement is recorded as an acknowledgement of receipt,
never as an approval. A recipient that has not acknowledged by ``due_at`` is ``overdue``; the
worker raises that once as an alert (rule kind ``ack_overdue``), which escalates as alerts do.

A notification's own state follows the clock: ``upcoming`` before its window, ``active`` in it,
``expired`` after (windows expire by themselves). A movement's outcome uses the humanitarian access
vocabulary (facilitated, partially facilitated, impeded, denied, postponed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from ceasefire.deconflict import checks
from ceasefire.deconflict.schemas import AckIn, NotificationIn, OutcomeIn, ReconfirmIn
from ceasefire.deconflict.terms import terms_for
from ceasefire.deconflict.validate import check
from ceasefire.errors import Conflict, InputError, NotFound, PermissionDenied
from ceasefire.knowledge.gazetteer import Gazetteer
from ceasefire.models import content_hash, stable_id
from ceasefire.monitor import audit, clock
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.clock import aware
from ceasefire.store.database import forget
from ceasefire.store.tables import accounts, notification_recipients, notifications

#: what an acknowledgement means, said wherever one is shown
ACK_MEANING = (
    "receipt acknowledged: a notification is never a permission, and an acknowledgement never an approval"
)
ON_BEHALF = frozenset({"coordinator", "admin"})


@dataclass
class Notified:
    id: str
    created: bool
    conflicts: list[dict[str, Any]] = field(default_factory=list)


def feature_hash(feature: NotificationIn) -> str:
    body = feature.model_dump(mode="json", exclude={"id"})
    return content_hash(json.dumps(body, sort_keys=True, separators=(",", ":")))


def notify(conn: Connection, feature: NotificationIn, account: Account, gazetteer: Gazetteer,
           now: datetime | None = None) -> Notified:  # fmt: skip
    """Validate and store a notification (or find the one an earlier try stored) in the caller's
    transaction, with its recipients and the conflicts it has with what is notified already."""
    now = now or clock.now()
    digest = feature_hash(feature)
    client_id = str(feature.id) if feature.id is not None else f"sha256:{digest}"
    found = _existing(conn, account.id, client_id)
    if found is not None:
        return Notified(found, created=False)
    props = feature.properties
    terms = terms_for(conn, props.country)
    checked = check(conn, feature, gazetteer, terms, now)
    checked.flags += checks.duplicates(conn, checked, props.name, now)
    box = checked.footprint.bounds
    notification_id = "ntf-" + stable_id(account.id, client_id)
    stored_props = props.model_dump(mode="json", exclude_none=True)
    stored_props["recipients"] = checked.recipients
    reconfirm_due = (min(now + timedelta(days=terms.reconfirm_days), checked.valid_until)
                     if props.kind in {"site", "zone"} else checked.valid_until)  # fmt: skip
    row = {
        "id": notification_id, "client_id": client_id, "content_hash": digest, "kind": props.kind,
        "name": props.name, "function": props.function, "country": props.country, "geometry": feature.geometry,
        "properties": stored_props, "notified_by": account.id, "notified_at": now,
        "valid_from": checked.valid_from, "valid_until": checked.valid_until, "emergency": props.emergency,
        "coordinates_source": props.coordinates_source, "precision_m": props.precision_m,
        "verified": props.verified, "verified_by": props.verified_by, "altitude_min_m": props.altitude_min_m,
        "altitude_max_m": props.altitude_max_m, "width_m": props.width_m,
        "min_lon": box[0], "min_lat": box[1], "max_lon": box[2], "max_lat": box[3],
        "reconfirm_due": reconfirm_due, "flags": checked.flags,
    }  # fmt: skip
    try:
        with conn.begin_nested():
            forget(conn)  # "is anything notified" may have been read in this transaction
            conn.execute(insert(notifications).values(**row))
    except IntegrityError:  # the same notification, stored by a concurrent retry
        again = _existing(conn, account.id, client_id)
        if again is None:
            raise
        return Notified(again, created=False)
    due = now + timedelta(minutes=terms.ack_minutes)
    if props.kind in {"movement", "flight"}:
        due = min(due, checked.valid_from)
    conn.execute(insert(notification_recipients), [
        {"notification_id": notification_id, "party": party, "sent_at": now, "due_at": due, "note": ""}
        for party in checked.recipients
    ])  # fmt: skip
    audit.record(conn, account.name, "notification.create", "notification", notification_id,
                 {"kind": props.kind, "name": props.name, "country": props.country, "recipients": checked.recipients,
                  "content_hash": digest, "flags": [f["flag"] for f in checked.flags]})  # fmt: skip
    found_conflicts = checks.conflicts_of(conn, get_row(conn, notification_id), terms, now)
    return Notified(notification_id, created=True, conflicts=found_conflicts)


def _existing(conn: Connection, account_id: int, client_id: str) -> str | None:
    found: str | None = conn.execute(
        select(notifications.c.id).where(notifications.c.notified_by == account_id,
                                         notifications.c.client_id == client_id)
    ).scalar()  # fmt: skip
    return found


# -- reading ----------------------------------------------------------------------------------------


def get_row(conn: Connection, notification_id: str) -> dict[str, Any]:
    row = conn.execute(
        select(notifications, accounts.c.name.label("notifier"), accounts.c.role.label("notifier_role"))
        .join(accounts, accounts.c.id == notifications.c.notified_by)
        .where(notifications.c.id == notification_id)
    ).mappings().first()  # fmt: skip
    if row is None:
        raise NotFound(f"no notification {notification_id}")
    return dict(row)


def recipients_of(conn: Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The recipient rows of these notifications, in one query."""
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = conn.execute(
        select(notification_recipients).where(notification_recipients.c.notification_id.in_(ids))
        .order_by(notification_recipients.c.id)
    ).mappings()  # fmt: skip
    for r in rows:
        out[r["notification_id"]].append(dict(r))
    return out


def list_rows(conn: Connection, *, kind: str | None = None, state: str | None = None, country: str | None = None,
              limit: int = 100, offset: int = 0, now: datetime | None = None,
              party: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """Notifications, newest first, filtered by kind, country and state (``upcoming``, ``active``,
    ``expired``, or ``overdue``: an acknowledgement or a reconfirmation past its date)."""
    now = now or clock.now()
    query = (select(notifications, accounts.c.name.label("notifier"), accounts.c.role.label("notifier_role"))
             .join(accounts, accounts.c.id == notifications.c.notified_by))  # fmt: skip
    if kind:
        query = query.where(notifications.c.kind == kind)
    if country:
        query = query.where(notifications.c.country == country)
    if party:
        query = query.where(
            notifications.c.id.in_(
                select(notification_recipients.c.notification_id).where(
                    notification_recipients.c.party == party
                )
            )
        )
    if state == "upcoming":
        query = query.where(notifications.c.valid_from > now)
    elif state == "active":
        query = query.where(notifications.c.valid_from <= now, notifications.c.valid_until >= now)
    elif state == "expired":
        query = query.where(notifications.c.valid_until < now)
    elif state == "overdue":
        late = select(notification_recipients.c.notification_id).where(
            notification_recipients.c.acknowledged_at.is_(None), notification_recipients.c.due_at < now
        )
        query = query.where(notifications.c.valid_until >= now, or_(
            notifications.c.id.in_(late),
            and_(notifications.c.kind.in_(("site", "zone")), notifications.c.reconfirm_due < now)))  # fmt: skip
    query = query.order_by(notifications.c.notified_at.desc(), notifications.c.id).limit(limit).offset(offset)
    return [dict(r) for r in conn.execute(query).mappings()]


def state_of(row: dict[str, Any], now: datetime) -> str:
    """``upcoming``, ``active`` or ``expired``, by the clock."""
    if now < aware(row["valid_from"]):
        return "upcoming"
    return "expired" if now > aware(row["valid_until"]) else "active"


def recipient_state(r: dict[str, Any], now: datetime) -> str:
    """``acknowledged``, ``overdue`` (past its deadline unacknowledged), ``received`` or ``sent``."""
    if r["acknowledged_at"] is not None:
        return "acknowledged"
    if aware(r["due_at"]) < now:
        return "overdue"
    return "received" if r["received_at"] is not None else "sent"


def reconfirmation_overdue(row: dict[str, Any], now: datetime) -> bool:
    return (
        row["kind"] in {"site", "zone"}
        and state_of(row, now) == "active"
        and aware(row["reconfirm_due"]) < now
    )


# -- acknowledgement, receipt, outcome, reconfirmation ---------------------------------------------


def mark_received(conn: Connection, notification_id: str, party: str, now: datetime | None = None) -> None:
    """A party's account read the notification: its copy is ``received`` (once)."""
    now = now or clock.now()
    done = conn.execute(
        update(notification_recipients)
        .where(notification_recipients.c.notification_id == notification_id,
               notification_recipients.c.party == party, notification_recipients.c.received_at.is_(None))
        .values(received_at=now)
    ).rowcount  # fmt: skip
    if done:
        audit.record(
            conn, "system", "notification.received", "notification", notification_id, {"party": party}
        )


def acknowledge(conn: Connection, notification_id: str, account: Account, body: AckIn,
                now: datetime | None = None) -> dict[str, Any]:  # fmt: skip
    """Record a party's receipt or acknowledgement; staff record one on a party's behalf."""
    now = now or clock.now()
    get_row(conn, notification_id)
    if account.role == "party":
        party = account.party or ""
        if body.party and body.party.casefold() != party.casefold():
            raise PermissionDenied(f"{account.name} acknowledges for {party} only")
    elif account.role in ON_BEHALF:
        if not body.party:
            raise InputError("party", "name the party whose acknowledgement you record")
        party = body.party
    else:
        raise PermissionDenied(f"role {account.role!r} may not acknowledge for a party")
    recipient = conn.execute(
        select(notification_recipients).where(notification_recipients.c.notification_id == notification_id,
                                              func.lower(notification_recipients.c.party) == party.lower())
    ).mappings().first()  # fmt: skip
    if recipient is None:
        raise NotFound(f"notification {notification_id} was not sent to {party}")
    values: dict[str, Any] = {}
    if recipient["received_at"] is None:
        values["received_at"] = now
    if body.state == "acknowledged":
        if recipient["acknowledged_at"] is not None:
            raise Conflict(f"{recipient['party']} acknowledged notification {notification_id} already")
        values |= {"acknowledged_at": now, "acknowledged_by": account.name, "note": body.note}
    if values:
        conn.execute(update(notification_recipients).where(notification_recipients.c.id == recipient["id"])
                     .values(**values))  # fmt: skip
    audit.record(conn, account.name, f"notification.{body.state}", "notification", notification_id,
                 {"party": recipient["party"], "note": body.note,
                  "late": aware(recipient["due_at"]) < now})  # fmt: skip
    return dict(conn.execute(select(notification_recipients)
                             .where(notification_recipients.c.id == recipient["id"])).mappings().one())  # fmt: skip


def _may_change(account: Account, row: dict[str, Any]) -> None:
    if account.role not in ON_BEHALF and account.id != row["notified_by"]:
        raise PermissionDenied(
            f"only {row['notifier']} (who notified it) or a coordinator may change {row['id']}"
        )


def set_outcome(conn: Connection, notification_id: str, account: Account, body: OutcomeIn,
                now: datetime | None = None) -> dict[str, Any]:  # fmt: skip
    """How a movement went; its window need not be over (a denial often comes before)."""
    now = now or clock.now()
    row = get_row(conn, notification_id)
    _may_change(account, row)
    if row["kind"] != "movement":
        raise InputError("outcome", f"only a movement has an outcome; {notification_id} is a {row['kind']}")
    conn.execute(update(notifications).where(notifications.c.id == notification_id)
                 .values(outcome=body.outcome, outcome_note=body.note, outcome_by=account.name, outcome_at=now))  # fmt: skip
    audit.record(conn, account.name, "notification.outcome", "notification", notification_id,
                 {"outcome": body.outcome, "note": body.note, "previous": row["outcome"]})  # fmt: skip
    return get_row(conn, notification_id)


def reconfirm(conn: Connection, notification_id: str, account: Account, body: ReconfirmIn,
              now: datetime | None = None) -> dict[str, Any]:  # fmt: skip
    """The notifier says a site or zone still stands (optionally until a new date)."""
    now = now or clock.now()
    row = get_row(conn, notification_id)
    _may_change(account, row)
    if row["kind"] not in {"site", "zone"}:
        raise InputError(
            "kind", f"only a site or a zone is reconfirmed; {notification_id} is a {row['kind']}"
        )
    terms = terms_for(conn, row["country"])
    until = body.valid_until or aware(row["valid_until"])
    if until <= now:
        raise InputError("valid_until", "valid_until has passed")
    if until - now > timedelta(days=terms.max_site_days):
        raise InputError(
            "valid_until", f"a {row['kind']} is notified for at most {terms.max_site_days:g} days"
        )
    due = min(now + timedelta(days=terms.reconfirm_days), until)
    conn.execute(update(notifications).where(notifications.c.id == notification_id)
                 .values(reconfirmed_at=now, reconfirm_due=due, valid_until=until))  # fmt: skip
    audit.record(conn, account.name, "notification.reconfirm", "notification", notification_id,
                 {"note": body.note, "valid_until": until.isoformat(), "reconfirm_due": due.isoformat()})  # fmt: skip
    return get_row(conn, notification_id)


def overdue_recipients(conn: Connection, now: datetime) -> list[dict[str, Any]]:
    """Recipients past their deadline whose overdue acknowledgement has not been raised yet."""
    rows = conn.execute(
        select(notification_recipients, notifications.c.name, notifications.c.kind, notifications.c.country,
               notifications.c.notified_by, notifications.c.geometry, notifications.c.min_lat,
               notifications.c.min_lon, notifications.c.max_lat, notifications.c.max_lon)
        .join(notifications, notifications.c.id == notification_recipients.c.notification_id)
        .where(notification_recipients.c.acknowledged_at.is_(None), notification_recipients.c.overdue_at.is_(None),
               notification_recipients.c.due_at < now, notifications.c.valid_until >= now)
        .order_by(notification_recipients.c.due_at)
    ).mappings()  # fmt: skip
    return [dict(r) for r in rows]


def mark_overdue(conn: Connection, recipient_id: int, now: datetime) -> bool:
    """Note that the overdue acknowledgement was raised; False when another worker did it first."""
    return bool(conn.execute(
        update(notification_recipients)
        .where(notification_recipients.c.id == recipient_id, notification_recipients.c.overdue_at.is_(None))
        .values(overdue_at=now)
    ).rowcount)  # fmt: skip
