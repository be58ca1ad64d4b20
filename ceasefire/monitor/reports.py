"""Accepting incident reports: idempotent, located, sealed, and placed into an incident at once.

A report's identity is (submitting account, ``client_id``); a report sent without one gets the
SHA-256 of its content as its id, so a retried submission over a flaky link finds the first and
changes nothing. The reporter's name and contact are sealed before they reach the store and are
opened only for roles that may see them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, or_, select
from sqlalchemy.exc import IntegrityError

from ceasefire.errors import NotFound
from ceasefire.models import content_hash, stable_id
from ceasefire.monitor import audit
from ceasefire.monitor.access import PUBLIC, SEE_REPORTER
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.clock import iso_or_none
from ceasefire.monitor.locate import Locator
from ceasefire.monitor.schemas import ReportIn
from ceasefire.monitor.secrets import Sealer
from ceasefire.store.tables import incidents, reports


@dataclass(frozen=True, slots=True)
class Accepted:
    report: dict[str, Any]
    created: bool


def report_hash(report: ReportIn) -> str:
    """SHA-256 of the report's canonical JSON, ``client_id`` aside: a resent report hashes the same."""
    body = report.model_dump(mode="json", exclude={"client_id"})
    return content_hash(json.dumps(body, sort_keys=True, separators=(",", ":")))


def accept(conn: Connection, report: ReportIn, account: Account, channel: str, locator: Locator,
           sealer: Sealer) -> Accepted:  # fmt: skip
    """Store ``report`` (or find the one stored by an earlier try) in the caller's transaction."""
    digest = report_hash(report)
    client_id = report.client_id or f"sha256:{digest}"
    found = _existing(conn, account.id, client_id)
    if found is not None:
        return Accepted(found, created=False)
    where = locator.locate(report.location)
    row = {
        "id": "rep-" + stable_id(account.id, client_id),
        "client_id": client_id, "content_hash": digest, "channel": channel, "submitted_by": account.id,
        "received_at": datetime.now(UTC), "occurred_at": report.occurred_at,
        "time_precision": report.time_precision, "lat": where.lat, "lon": where.lon, "place": where.place,
        "place_resolved": where.resolved, "country": where.country, "own_position": report.location.own_position,
        "source_type": report.source_type, "event_type": report.event_type, "weapons": report.weapons,
        "alleged_responsible": report.alleged_responsible, "text": report.text,
        "attachments": report.attachments,
        "reporter_sealed": sealer.seal(report.reporter.model_dump()) if report.reporter else None,
        "coded": None, "coded_at": None, "incident_id": None,
    }  # fmt: skip
    try:
        with conn.begin_nested():
            conn.execute(insert(reports).values(**row))
    except IntegrityError:  # the same report, stored by a concurrent retry
        again = _existing(conn, account.id, client_id)
        if again is None:
            raise
        return Accepted(again, created=False)
    audit.record(conn, account.name, "report.create", "report", row["id"],
                 {"client_id": client_id, "channel": channel, "source_type": report.source_type,
                  "content_hash": digest})  # fmt: skip
    return Accepted(row, created=True)


def get_report(conn: Connection, report_id: str) -> dict[str, Any]:
    row = conn.execute(select(reports).where(reports.c.id == report_id)).mappings().first()
    if row is None:
        raise NotFound(f"no report {report_id}")
    return dict(row)


def list_reports(
    conn: Connection, limit: int, offset: int = 0, account: Account | None = None
) -> list[dict[str, Any]]:
    query = select(reports).order_by(reports.c.received_at.desc(), reports.c.id).limit(limit).offset(offset)
    if account is not None and account.role == "party":
        query = query.where(_shared_with(account))
    return [dict(r) for r in conn.execute(query).mappings()]


def visible_to(conn: Connection, report: dict[str, Any], account: Account) -> bool:
    """Every role but ``party`` reads every report; a party reads what names it, or what it sent."""
    if account.role != "party":
        return True
    found = conn.execute(
        select(reports.c.id).where(reports.c.id == report["id"], _shared_with(account))
    ).first()
    return found is not None


def _shared_with(account: Account) -> Any:
    party = (account.party or "").casefold()
    named = select(incidents.c.id).where(func.lower(incidents.c.responsible) == party)
    return or_(
        reports.c.submitted_by == account.id,
        func.lower(reports.c.alleged_responsible) == party,
        reports.c.incident_id.in_(named),
    )


def report_view(row: dict[str, Any], account: Account, sealer: Sealer, blur_decimals: int,
                submitters: dict[int, str] | None = None) -> dict[str, Any]:  # fmt: skip
    """The report as ``account`` may see it: reporter only for coordinators and admins, own positions
    blurred and submitters hidden in public views."""
    public = account.role in PUBLIC
    lat, lon, precision = row["lat"], row["lon"], None
    if public and row["own_position"] and lat is not None and lon is not None:
        lat, lon, precision = round(lat, blur_decimals), round(lon, blur_decimals), "blurred"
    view: dict[str, Any] = {
        "id": row["id"], "client_id": row["client_id"] if not public else None, "channel": row["channel"],
        "received_at": iso_or_none(row["received_at"]), "occurred_at": iso_or_none(row["occurred_at"]),
        "time_precision": row["time_precision"],
        "location": {"lat": lat, "lon": lon, "place": row["place"], "country": row["country"],
                     "resolved": row["place_resolved"], "blurred": precision == "blurred"},
        "source_type": row["source_type"], "event_type": row["event_type"], "weapons": row["weapons"],
        "alleged_responsible": row["alleged_responsible"], "text": row["text"],
        "attachments": row["attachments"], "coded_events": row["coded"] or [],
        "coded": row["coded_at"] is not None, "incident_id": row["incident_id"],
    }  # fmt: skip
    if not public:
        view["submitted_by"] = (submitters or {}).get(row["submitted_by"], row["submitted_by"])
    if account.role in SEE_REPORTER:
        view["reporter"] = sealer.open(row["reporter_sealed"]) if row["reporter_sealed"] else None
    return view


def _existing(conn: Connection, account_id: int, client_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        select(reports).where(reports.c.submitted_by == account_id, reports.c.client_id == client_id)
    ).mappings().first()  # fmt: skip
    return dict(row) if row else None
