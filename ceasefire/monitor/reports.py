"""Accepting incident reports: idempotent, located, sealed, and placed into an incident at once.

A report's identity for retries is (submitting account, ``client_id``). A report sent without one
gets a keyed hash of its content as its ``client_id`` (HMAC under the audit key, which is not in the
store), so a retried submission over a flaky link finds the first and changes nothing, while nobody
can recompute the hash from guessed reporter names. The same ``client_id`` with other content is a
``Conflict`` (409) naming the stored report, and nothing is stored. Report ids are random.

The reporter's name and contact are sealed before they reach the store and are opened only for
roles that may see them; public views get a monitor's own position blurred (``blur.py``).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, tuple_
from sqlalchemy.exc import IntegrityError

from ceasefire.errors import Conflict, NotFound
from ceasefire.monitor import audit, blur, clock
from ceasefire.monitor.access import PUBLIC, SEE_REPORTER
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.clock import iso_or_none
from ceasefire.monitor.locate import Locator
from ceasefire.monitor.schemas import ReportIn
from ceasefire.monitor.secrets import Sealer
from ceasefire.store.database import savepoint
from ceasefire.store.party_view import report_shared_with
from ceasefire.store.tables import reports

_EXISTING = select(reports).where(
    reports.c.submitted_by == bindparam("account_id"), reports.c.client_id == bindparam("client_id")
)
_BY_ID = select(reports).where(reports.c.id == bindparam("report_id"))
_INSERT = insert(reports)


@dataclass(frozen=True, slots=True)
class Accepted:
    report: dict[str, Any]
    created: bool


def report_hash(report: ReportIn, sealer: Sealer) -> str:
    """The keyed hash of the report's canonical JSON, ``client_id`` aside: a resent report hashes the
    same. A time a gateway took at intake is left out (a gateway's retry comes later)."""
    leave_out = {"client_id", "occurred_at"} if report.time_of_intake else {"client_id"}
    body = report.model_dump(mode="json", exclude=leave_out)
    return sealer.digest(json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def new_report_id() -> str:
    return "rep-" + secrets.token_hex(12)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A report made ready to store, without the store: hashed, located, its reporter sealed."""

    row: dict[str, Any]
    digest: str
    client_id: str


def prepare(report: ReportIn, account: Account, channel: str, locator: Locator, sealer: Sealer) -> Prepared:
    """Everything about storing ``report`` that needs no store (so it is done before the write lock)."""
    digest = report_hash(report, sealer)
    client_id = report.client_id or f"hmac:{digest}"
    where = locator.locate(report.location)
    row = {
        "id": new_report_id(),
        "client_id": client_id, "content_hash": digest, "channel": channel, "submitted_by": account.id,
        "received_at": clock.now(), "occurred_at": report.occurred_at,
        "time_precision": report.time_precision, "lat": where.lat, "lon": where.lon, "place": where.place,
        "place_resolved": where.resolved, "country": where.country, "own_position": report.location.own_position,
        "source_type": report.source_type, "event_type": report.event_type, "weapons": report.weapons,
        "alleged_responsible": report.alleged_responsible, "text": report.text,
        "attachments": report.attachments,
        "reporter_sealed": sealer.seal(report.reporter.model_dump()) if report.reporter else None,
        "coded": None, "coded_at": None, "incident_id": None,
        "coding_error": None, "coding_attempts": 0, "coding_next_at": None,
    }  # fmt: skip
    return Prepared(row, digest, client_id)


@dataclass(frozen=True, slots=True)
class Offered:
    """A prepared report offered to ``accept_many``."""

    report: ReportIn
    account: Account
    channel: str
    note: dict[str, Any] | None
    prepared: Prepared


def accept(conn: Connection, report: ReportIn, account: Account, channel: str, locator: Locator,
           sealer: Sealer, note: dict[str, Any] | None = None, prepared: Prepared | None = None) -> Accepted:  # fmt: skip
    """Store ``report`` (or find the one stored by an earlier try) in the caller's transaction.

    ``note`` goes into the audit entry (a gateway that relayed it, a source type it claimed)."""
    ready = prepared or prepare(report, account, channel, locator, sealer)
    digest, client_id, row = ready.digest, ready.client_id, ready.row
    found = _existing(conn, account.id, client_id)
    if found is not None:
        return Accepted(_same_or_conflict(found, digest, client_id), created=False)
    try:
        with savepoint(conn):
            conn.execute(_INSERT, row)
    except IntegrityError:  # the same report, stored by a concurrent retry
        again = _existing(conn, account.id, client_id)
        if again is None:
            raise
        return Accepted(_same_or_conflict(again, digest, client_id), created=False)
    audit.record(conn, *_created(Offered(report, account, channel, note, ready)))
    return Accepted(row, created=True)


def _created(offered: Offered) -> audit.Entry:
    """The audit entry of a report stored: ``note`` adds what a gateway relayed or a claim made."""
    ready = offered.prepared
    return (offered.account, "report.create", "report", ready.row["id"],
            {"client_id": ready.client_id, "channel": offered.channel, "source_type": offered.report.source_type,
             "content_hash": ready.digest, **(offered.note or {})})  # fmt: skip


def accept_many(conn: Connection, offered: list[Offered]) -> list[Accepted | Conflict]:
    """Store ``offered`` (or find what earlier tries stored) in the caller's transaction, as
    ``accept`` does one at a time but with one read, one insert and one append to the audit log for
    them all. Each gets its ``Accepted``, or the ``Conflict`` of a ``client_id`` that names other
    content (stored already, or earlier in ``offered``)."""
    keys = {(o.account.id, o.prepared.client_id) for o in offered}
    stored: dict[tuple[int, str], dict[str, Any]] = {
        (r["submitted_by"], r["client_id"]): dict(r)
        for r in conn.execute(select(reports).where(tuple_(reports.c.submitted_by, reports.c.client_id).in_(keys)))
        .mappings()
    }  # fmt: skip
    outcomes: list[Accepted | Conflict] = []
    fresh: list[Offered] = []
    for o in offered:
        key = (o.account.id, o.prepared.client_id)
        found = stored.get(key)
        if found is None:
            stored[key] = o.prepared.row
            fresh.append(o)
            outcomes.append(Accepted(o.prepared.row, created=True))
            continue
        try:
            outcomes.append(
                Accepted(_same_or_conflict(found, o.prepared.digest, o.prepared.client_id), created=False)
            )
        except Conflict as exc:
            outcomes.append(exc)
    if fresh:
        rows = [o.prepared.row for o in fresh]
        conn.execute(_INSERT, rows if len(rows) > 1 else rows[0])
        audit.record_many(conn, [_created(o) for o in fresh])
    return outcomes


def _same_or_conflict(found: dict[str, Any], digest: str, client_id: str) -> dict[str, Any]:
    if found["content_hash"] != digest:
        raise Conflict(
            f"client_id {client_id!r} names report {found['id']} (received {iso_or_none(found['received_at'])}) "
            "whose content differs: a retry must send the same report; give a new report a new client_id"
        )
    return found


def get_report(conn: Connection, report_id: str) -> dict[str, Any]:
    row = conn.execute(_BY_ID, {"report_id": report_id}).mappings().first()
    if row is None:
        raise NotFound(f"no report {report_id}")
    return dict(row)


def list_reports(conn: Connection, limit: int, offset: int = 0, account: Account | None = None,
                 coding: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """Reports, newest first: a party's view for a party; ``coding`` keeps those coded, pending or failed."""
    query = select(reports).order_by(reports.c.received_at.desc(), reports.c.id).limit(limit).offset(offset)
    if account is not None and account.role == "party":
        query = query.where(report_shared_with(account.id, account.party or ""))
    if coding == "coded":
        query = query.where(reports.c.coded_at.is_not(None))
    elif coding == "failed":
        query = query.where(reports.c.coded_at.is_(None), reports.c.coding_error.is_not(None))
    elif coding == "pending":
        query = query.where(reports.c.coded_at.is_(None), reports.c.coding_error.is_(None))
    return [dict(r) for r in conn.execute(query).mappings()]


def visible_to(conn: Connection, report: dict[str, Any], account: Account) -> bool:
    """Every role but ``party`` reads every report; a party reads its party's view (``store/party_view.py``)."""
    if account.role != "party":
        return True
    found = conn.execute(
        select(reports.c.id).where(reports.c.id == report["id"], report_shared_with(account.id, account.party or ""))
    ).first()  # fmt: skip
    return found is not None


def coding_state(row: dict[str, Any]) -> str:
    """``coded``, ``pending`` (waiting for the coder) or ``failed`` (``coding_error`` says why; retried)."""
    if row["coded_at"] is not None:
        return "coded"
    return "failed" if row.get("coding_error") else "pending"


def report_view(row: dict[str, Any], account: Account, sealer: Sealer, blur_decimals: int,
                submitters: dict[int, str] | None = None) -> dict[str, Any]:  # fmt: skip
    """The report as ``account`` may see it: reporter only for coordinators and admins, own positions
    blurred and submitters hidden in public views."""
    public = account.role in PUBLIC
    lat, lon, blurred = row["lat"], row["lon"], False
    if public and row["own_position"] and lat is not None and lon is not None:
        (lat, lon), blurred = blur.point(lat, lon, blur_decimals), True
    view: dict[str, Any] = {
        "id": row["id"], "client_id": row["client_id"] if not public else None, "channel": row["channel"],
        "received_at": iso_or_none(row["received_at"]), "occurred_at": iso_or_none(row["occurred_at"]),
        "time_precision": row["time_precision"],
        "location": {"lat": lat, "lon": lon, "place": row["place"], "country": row["country"],
                     "resolved": row["place_resolved"], "blurred": blurred},
        "source_type": row["source_type"], "event_type": row["event_type"], "weapons": row["weapons"],
        "alleged_responsible": row["alleged_responsible"], "text": row["text"],
        "attachments": row["attachments"], "coded_events": row["coded"] or [],
        "coded": row["coded_at"] is not None, "coding": coding_state(row), "incident_id": row["incident_id"],
    }  # fmt: skip
    if not public:
        view["submitted_by"] = (submitters or {}).get(row["submitted_by"], row["submitted_by"])
        view["coding_error"] = row.get("coding_error")
        view["coding_attempts"] = row.get("coding_attempts", 0)
    if account.role in SEE_REPORTER:
        view["reporter"] = sealer.open(row["reporter_sealed"]) if row["reporter_sealed"] else None
    return view


def _existing(conn: Connection, account_id: int, client_id: str) -> dict[str, Any] | None:
    row = conn.execute(_EXISTING, {"account_id": account_id, "client_id": client_id}).mappings().first()
    return dict(row) if row else None
