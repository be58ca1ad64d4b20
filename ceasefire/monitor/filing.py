"""Filing a report: accept it, place it in an incident, raise the alerts it triggers, in one transaction.

A report that names its event type is placed and checked against the alert rules before the
request returns; one with only free text is placed once the worker has coded it (``code_report``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from sqlalchemy import Connection, update

from ceasefire.monitor import alerts, incidents
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.locate import Locator
from ceasefire.monitor.reports import Accepted, accept, get_report
from ceasefire.monitor.schemas import ReportIn
from ceasefire.monitor.secrets import Sealer
from ceasefire.settings import Settings
from ceasefire.store.tables import reports

#: the order in which a coded event's type is taken for a report that named none (violence first)
_TYPE_ORDER = ("ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "PROTEST", "SANCTION", "ACCUSE", "REJECT")


class Coder(Protocol):
    def __call__(self, text: str, published: date, doc_id: str) -> list[dict[str, Any]]: ...


@dataclass(frozen=True, slots=True)
class Filed:
    accepted: Accepted
    alerts: list[str]


def file_report(conn: Connection, report: ReportIn, account: Account, channel: str, locator: Locator,
                sealer: Sealer, settings: Settings) -> Filed:  # fmt: skip
    accepted = accept(conn, report, account, channel, locator, sealer)
    raised: list[str] = []
    if accepted.created and accepted.report["event_type"]:
        raised = place(conn, accepted.report, settings)
        accepted = Accepted(get_report(conn, accepted.report["id"]), created=True)
    return Filed(accepted, raised)


def place(conn: Connection, report: dict[str, Any], settings: Settings) -> list[str]:
    incident_id = incidents.place_report(conn, report, settings.cluster_km, settings.cluster_hours)
    fresh = get_report(conn, report["id"])
    return alerts.on_report(conn, fresh, incidents.get_incident(conn, incident_id))


def code_report(conn: Connection, report: dict[str, Any], coder: Coder, settings: Settings) -> list[str]:
    """Code a report's free text; a report that named no type takes the coded one and is placed."""
    occurred = report["occurred_at"]
    events = coder(report["text"], occurred.date(), report["id"])
    values: dict[str, Any] = {"coded": events, "coded_at": datetime.now(UTC)}
    if report["event_type"] is None:
        values["event_type"] = main_type(events)
    conn.execute(update(reports).where(reports.c.id == report["id"]).values(**values))
    if report["incident_id"] is None and (values.get("event_type") or report["event_type"]):
        return place(conn, get_report(conn, report["id"]), settings)
    return []


def main_type(events: list[dict[str, Any]]) -> str | None:
    factual = [e["event"] for e in events if e.get("modality") in {"asserted", "historical"}]
    for kind in _TYPE_ORDER:
        if kind in factual:
            return kind
    return factual[0] if factual else None
