"""Notifications as each role may see them, and the public aggregates.

Exact geometry, names and contacts go to staff, to the account that notified, and to the recipient
parties (they need the coordinates to spare the site). Everyone else gets the public view: the
kind, function, country, state and counts, with the position reduced to one point rounded to
``blur_decimals`` (1 decimal is about 11 km). A party sees its own acknowledgement record, not the
other parties'.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from shapely.geometry import shape  # type: ignore[import-untyped]
from sqlalchemy import Connection, func, select

from ceasefire.deconflict.notifications import (
    ACK_MEANING,
    recipient_state,
    recipients_of,
    reconfirmation_overdue,
    state_of,
)
from ceasefire.monitor.access import SEE_NOTIFICATIONS
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.clock import iso, iso_or_none
from ceasefire.store.tables import (
    deconfliction_conflicts,
    deconfliction_findings,
    notification_recipients,
    notifications,
)


def exact_for(account: Account, row: dict[str, Any], parties: list[str]) -> bool:
    if account.role in SEE_NOTIFICATIONS or account.id == row["notified_by"]:
        return True
    mine = (account.party or "").casefold()
    return account.role == "party" and any(p.casefold() == mine for p in parties)


def visible_ids(conn: Connection, account: Account) -> list[str] | None:
    """The notifications whose conflicts and findings ``account`` may read (None: all)."""
    if account.role in SEE_NOTIFICATIONS:
        return None
    own = select(notifications.c.id).where(notifications.c.notified_by == account.id)
    ids = set(conn.execute(own).scalars())
    if account.role == "party" and account.party:
        sent = select(notification_recipients.c.notification_id).where(
            func.lower(notification_recipients.c.party) == account.party.lower()
        )
        ids |= set(conn.execute(sent).scalars())
    return sorted(ids)


def notification_view(row: dict[str, Any], recipients: list[dict[str, Any]], account: Account, now: datetime,
                      blur_decimals: int) -> dict[str, Any]:  # fmt: skip
    parties = [r["party"] for r in recipients]
    states = Counter(recipient_state(r, now) for r in recipients)
    state = state_of(row, now)
    counts = {
        "recipient_count": len(recipients),
        "acknowledged": states["acknowledged"],
        "overdue": states["overdue"],
    }
    if not exact_for(account, row, parties):
        point = shape(row["geometry"]).representative_point()
        lon, lat = round(point.x, blur_decimals), round(point.y, blur_decimals)
        return {
            "id": row["id"], "kind": row["kind"], "state": state, "function": row["function"],
            "country": row["country"], "valid_from": iso(row["valid_from"]), "valid_until": iso(row["valid_until"]),
            "verified": row["verified"], **counts, "blurred": True,
            "feature": {"type": "Feature", "id": row["id"], "geometry": {"type": "Point", "coordinates": [lon, lat]},
                        "properties": {"kind": row["kind"], "function": row["function"], "state": state,
                                       "country": row["country"], "blurred": True}},
        }  # fmt: skip
    mine = (account.party or "").casefold()
    shown = recipients
    if account.role == "party" and account.id != row["notified_by"]:
        shown = [r for r in recipients if r["party"].casefold() == mine]
    properties = dict(row["properties"])
    return {
        "id": row["id"], "kind": row["kind"], "state": state, "name": row["name"], "function": row["function"],
        "country": row["country"], "notified_by": row.get("notifier"), "notified_at": iso(row["notified_at"]),
        "valid_from": iso(row["valid_from"]), "valid_until": iso(row["valid_until"]), "emergency": row["emergency"],
        "coordinates_source": row["coordinates_source"], "precision_m": row["precision_m"],
        "verified": row["verified"], "verified_by": row["verified_by"],
        "altitude_m": [row["altitude_min_m"], row["altitude_max_m"]] if row["kind"] == "flight" else None,
        "width_m": row["width_m"],
        "reconfirm_due": iso(row["reconfirm_due"]) if row["kind"] in {"site", "zone"} else None,
        "reconfirmation_overdue": reconfirmation_overdue(row, now),
        "outcome": {"outcome": row["outcome"], "note": row["outcome_note"], "by": row["outcome_by"],
                    "at": iso_or_none(row["outcome_at"])} if row["outcome"] else None,
        "flags": row["flags"], **counts,
        "recipients": [_recipient(r, now) for r in shown], "ack_meaning": ACK_MEANING, "blurred": False,
        "feature": {"type": "Feature", "id": row["id"], "geometry": row["geometry"],
                    "properties": {**properties, "state": state}},
    }  # fmt: skip


def _recipient(r: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {"party": r["party"], "state": recipient_state(r, now), "sent_at": iso(r["sent_at"]),
            "due_at": iso(r["due_at"]), "received_at": iso_or_none(r["received_at"]),
            "acknowledged_at": iso_or_none(r["acknowledged_at"]), "acknowledged_by": r["acknowledged_by"],
            "note": r["note"], "escalated_at": iso_or_none(r["overdue_at"])}  # fmt: skip


def views(conn: Connection, rows: list[dict[str, Any]], account: Account, now: datetime,
          blur_decimals: int) -> list[dict[str, Any]]:  # fmt: skip
    recipients = recipients_of(conn, [r["id"] for r in rows])
    return [notification_view(r, recipients[r["id"]], account, now, blur_decimals) for r in rows]


def summary(conn: Connection, now: datetime) -> dict[str, Any]:
    """Aggregates for the public board: counts by kind, state and country, acknowledgements, checks."""
    rows = conn.execute(select(notifications.c.id, notifications.c.kind, notifications.c.country,
                               notifications.c.valid_from, notifications.c.valid_until)).mappings().all()  # fmt: skip
    recipients = recipients_of(conn, [r["id"] for r in rows])
    by_kind: Counter[str] = Counter()
    by_state: Counter[str] = Counter()
    by_country: Counter[str] = Counter()
    acks: Counter[str] = Counter()
    for r in rows:
        by_kind[r["kind"]] += 1
        by_state[state_of(dict(r), now)] += 1
        by_country[r["country"]] += 1
        acks.update(recipient_state(x, now) for x in recipients[r["id"]])
    conflicts: dict[str, int] = {
        kind: int(n)
        for kind, n in conn.execute(
            select(deconfliction_conflicts.c.kind, func.count()).group_by(deconfliction_conflicts.c.kind)
        )
    }
    findings = conn.execute(select(func.count()).select_from(deconfliction_findings)).scalar_one()
    return {"notifications": len(rows), "by_kind": dict(by_kind), "by_state": dict(by_state),
            "by_country": dict(by_country), "acknowledgements": dict(acks), "conflicts": conflicts,
            "findings": findings, "at": now.isoformat()}  # fmt: skip
