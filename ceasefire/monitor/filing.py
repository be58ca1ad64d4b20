"""Filing a report: accept it, place it in an incident, raise the alerts it triggers, in one transaction.

A report that names its event type is placed and checked against the alert rules before the
request returns; one with only free text is placed once the worker has coded it (``code_report``).
The source type a report claims must be one its filer's role may give (``access.SOURCE_TYPES``);
gateways relay for senders (``file_relayed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from sqlalchemy import Connection, bindparam, select, update

from ceasefire.monitor import alerts, clock, incidents
from ceasefire.monitor.access import GATEWAY_SOURCE, RELAYS_FOR_SENDERS, SOURCE_TYPES, require_source_type
from ceasefire.monitor.accounts import Account, bound_account
from ceasefire.monitor.locate import Locator
from ceasefire.monitor.reports import Accepted, Prepared, accept
from ceasefire.monitor.schemas import ReportIn
from ceasefire.monitor.secrets import Sealer
from ceasefire.monitor.webhooks import backoff
from ceasefire.settings import Settings
from ceasefire.store.tables import reports

#: the order in which a coded event's type is taken for a report that named none (violence first)
_TYPE_ORDER = ("ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "PROTEST", "SANCTION", "ACCUSE", "REJECT")
#: how often coding a report is tried before it is left as ``failed`` (shown, retried by hand)
CODING_ATTEMPTS = 5
_CODED = update(reports).where(reports.c.id == bindparam("report_id"))
_UNPLACED = (
    select(reports).where(reports.c.incident_id.is_(None), reports.c.event_type.is_not(None))
    .order_by(reports.c.received_at, reports.c.id).limit(bindparam("limit"))
)  # fmt: skip
_PLACED = select(reports.c.incident_id, reports.c.event_type).where(reports.c.id == bindparam("report_id"))


class Coder(Protocol):
    def __call__(self, text: str, published: date, doc_id: str) -> list[dict[str, Any]]: ...


@dataclass(frozen=True, slots=True)
class Filed:
    accepted: Accepted
    alerts: list[str]


def file_report(conn: Connection, report: ReportIn, account: Account, channel: str, locator: Locator,
                sealer: Sealer, settings: Settings, note: dict[str, Any] | None = None,
                prepared: Prepared | None = None, place: bool = True) -> Filed:  # fmt: skip
    """File ``report`` as ``account``: its source type must be one the account's role may give.
    With ``place`` false it is only stored: the worker places it (``unplaced``, ``place_one``)."""
    require_source_type(account, report.source_type)
    accepted = accept(conn, report, account, channel, locator, sealer, note, prepared)
    raised: list[str] = []
    if place and accepted.created and accepted.report["event_type"]:
        incident_id, raised = place_one(conn, accepted.report, settings)
        accepted = Accepted({**accepted.report, "incident_id": incident_id}, created=True)
    return Filed(accepted, raised)


def file_relayed(conn: Connection, report: ReportIn, gateway: Account, sender: str | None, channel: str,
                 locator: Locator, sealer: Sealer, settings: Settings) -> Filed:  # fmt: skip
    """File a report a gateway relayed for ``sender`` (see ``relay``)."""
    filer, report, note = relay(conn, report, gateway, sender)
    return file_report(conn, report, filer, channel, locator, sealer, settings, note)


def relay(conn: Connection, report: ReportIn, gateway: Account,
          sender: str | None) -> tuple[Account, ReportIn, dict[str, Any]]:  # fmt: skip
    """Who files a report a gateway relayed for ``sender``, with which source type, and what the
    audit entry notes.

    When the gateway's account is staff and the sender is bound to an account, the report is that
    account's and may claim its source types (a monitor's SMS is a monitor's observation). Otherwise
    it is the gateway's: a claimed source type its filer may not give is taken down to ``public``
    (for a staff gateway) or to the filer's own (a party's gateway files as the party), and the
    claim is kept in the audit log."""
    filer = gateway
    if gateway.role in RELAYS_FOR_SENDERS:
        filer = bound_account(conn, sender) or gateway
        may = (
            SOURCE_TYPES.get(filer.role, frozenset()) if filer is not gateway else frozenset({GATEWAY_SOURCE})
        )
    else:
        may = SOURCE_TYPES.get(gateway.role, frozenset())
    note: dict[str, Any] = {}
    if filer is not gateway:
        note["relayed_by"] = gateway.name
    if report.source_type not in may:
        fallback = GATEWAY_SOURCE if GATEWAY_SOURCE in may else min(may, default=GATEWAY_SOURCE)
        note["claimed_source_type"] = report.source_type
        report = report.model_copy(update={"source_type": fallback})
    return filer, report, note


def place_one(conn: Connection, report: dict[str, Any], settings: Settings) -> tuple[str, list[str]]:
    """Place a stored report in an incident and raise what it triggers: (incident id, alert ids)."""
    incident = incidents.place(conn, report, settings.cluster_km, settings.cluster_hours)
    fresh = {**report, "incident_id": incident["id"]}
    alone = incident["id"] == incidents.started_by(report["id"])  # a new incident: this report only
    return incident["id"], alerts.on_report(conn, fresh, incident, settings.blur_decimals, alone=alone)


def unplaced(conn: Connection, limit: int) -> list[dict[str, Any]]:
    """Reports stored with an event type but in no incident yet, oldest first: filed by a service
    that leaves placing to its worker (``ceasefire serve``)."""
    return [dict(r) for r in conn.execute(_UNPLACED, {"limit": limit}).mappings()]


def code_report(conn: Connection, report: dict[str, Any], coder: Coder, settings: Settings) -> list[str]:
    """Code a report's free text; a report that named no type takes the coded one and is placed."""
    return store_coded(conn, report, code_text(report, coder), settings)


def code_text(report: dict[str, Any], coder: Coder) -> list[dict[str, Any]]:
    """The events coded from a report's text (no store involved: a parse holds no write lock)."""
    return coder(report["text"], report["occurred_at"].date(), report["id"])


def store_coded(conn: Connection, report: dict[str, Any], events: list[dict[str, Any]],
                settings: Settings) -> list[str]:  # fmt: skip
    """Keep a report's coded events; one that named no type takes the coded one and is placed."""
    values: dict[str, Any] = {"coded": events, "coded_at": clock.now(), "coding_error": None,
                              "coding_next_at": None}  # fmt: skip
    # as the report is now: the worker may have placed it since it was read for coding
    current = conn.execute(_PLACED, {"report_id": report["id"]}).one()
    if current.event_type is None:
        values["event_type"] = main_type(events)
    conn.execute(_CODED.values(**values), {"report_id": report["id"]})
    if current.incident_id is None and (values.get("event_type") or current.event_type):
        _, raised = place_one(conn, {**report, "event_type": current.event_type, **values}, settings)
        return raised
    return []


def coding_failed(conn: Connection, report: dict[str, Any], error: str) -> dict[str, Any]:
    """Record that coding ``report`` failed: why, how often, and when to try again (backoff; none
    after ``CODING_ATTEMPTS`` tries). Returns the values written."""
    attempts = int(report.get("coding_attempts") or 0) + 1
    next_at = clock.now() + timedelta(seconds=backoff(attempts, base=5.0, cap=3600.0))
    values = {"coding_error": error[:500], "coding_attempts": attempts,
              "coding_next_at": next_at if attempts < CODING_ATTEMPTS else None}  # fmt: skip
    conn.execute(_CODED.values(**values), {"report_id": report["id"]})
    return values


def main_type(events: list[dict[str, Any]]) -> str | None:
    factual = [e["event"] for e in events if e.get("modality") in {"asserted", "historical"}]
    for kind in _TYPE_ORDER:
        if kind in factual:
            return kind
    return factual[0] if factual else None
