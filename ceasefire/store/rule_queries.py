"""Alert rules and subscriptions in the store, and what a rule reads when it is evaluated: the one
place with their SQL (``monitor/rules.py`` keeps them, ``monitor/alerts.py`` evaluates them).

A spike counts the open incidents that began in a window, in its scope; a status rule reads the
processes whose status moved since the rule was set up; violation, site and hit rules ask whether an
incident holds a monitor's own position (their alerts are then blurred).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, bindparam, exists, func, insert, select, update

from ceasefire.store.database import forget, memo
from ceasefire.store.process_countries import naming
from ceasefire.store.tables import alert_rules, incidents, processes, reports, subscriptions
from ceasefire.store.writes import inserted_id

_ACTIVE = select(alert_rules).where(alert_rules.c.active.is_(True))
_RULE = select(alert_rules).where(alert_rules.c.id == bindparam("rule_id"))
_SUBSCRIPTION = select(subscriptions).where(subscriptions.c.id == bindparam("subscription_id"))
_OWN = select(
    exists().where(reports.c.incident_id == bindparam("incident_id"), reports.c.own_position.is_(True))
)


# --- keeping rules and subscriptions -------------------------------------------------------------


def add_rule(conn: Connection, values: dict[str, Any]) -> int:
    """Store a rule (its columns but the id); returns its id."""
    forget(conn)
    return inserted_id(conn.execute(insert(alert_rules).values(**values)))


def rule(conn: Connection, rule_id: int) -> dict[str, Any] | None:
    row = conn.execute(_RULE, {"rule_id": rule_id}).mappings().first()
    return dict(row) if row is not None else None


def rules(conn: Connection, active_only: bool = False) -> list[dict[str, Any]]:
    """Every rule (or every active one) in the order they were set up."""
    query = select(alert_rules).order_by(alert_rules.c.id)
    if active_only:
        query = query.where(alert_rules.c.active.is_(True))
    return [dict(r) for r in conn.execute(query).mappings()]


def active_rules(conn: Connection) -> list[dict[str, Any]]:
    """The rules alerts are raised by now (read once a transaction)."""
    return memo(conn, "active_rules", lambda: [dict(r) for r in conn.execute(_ACTIVE).mappings()])


def deactivate_rule(conn: Connection, rule_id: int) -> None:
    forget(conn)
    conn.execute(update(alert_rules).where(alert_rules.c.id == rule_id).values(active=False))


def add_subscription(conn: Connection, values: dict[str, Any]) -> int:
    """Store a subscription (its columns but the id); returns its id."""
    forget(conn)
    return inserted_id(conn.execute(insert(subscriptions).values(**values)))


def subscription(conn: Connection, subscription_id: int) -> dict[str, Any] | None:
    row = conn.execute(_SUBSCRIPTION, {"subscription_id": subscription_id}).mappings().first()
    return dict(row) if row is not None else None


def all_subscriptions(conn: Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(select(subscriptions).order_by(subscriptions.c.id)).mappings()]


# --- what rules read ------------------------------------------------------------------------------


def holds_own_position(conn: Connection, incident_id: str) -> bool:
    """Whether an incident holds a report of a monitor's own position."""
    return bool(conn.execute(_OWN, {"incident_id": incident_id}).scalar())


def _begun_between(start: datetime, end: datetime, process_id: str | None,
                   country: str | None) -> list[ColumnElement[bool]]:  # fmt: skip
    where = [incidents.c.merged_into.is_(None), incidents.c.first_at > start, incidents.c.first_at <= end]
    if process_id:
        where.append(incidents.c.process_id == process_id)
    if country:
        where.append(incidents.c.country == country)
    return where


def incidents_begun(conn: Connection, start: datetime, end: datetime, *, process_id: str | None = None,
                    country: str | None = None) -> int:  # fmt: skip
    """How many open incidents (not merged into another) began after ``start`` until ``end``, of a
    process and in a country when given."""
    where = _begun_between(start, end, process_id, country)
    return int(conn.execute(select(func.count()).select_from(incidents).where(*where)).scalar_one())


def points_begun(conn: Connection, start: datetime, end: datetime, *, process_id: str | None = None,
                 country: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """The points (``lat``, ``lon``) of the incidents ``incidents_begun`` counts, for a rule that
    counts only inside an area."""
    where = _begun_between(start, end, process_id, country)
    return [dict(r) for r in conn.execute(select(incidents.c.lat, incidents.c.lon).where(*where)).mappings()]


def status_moved(conn: Connection, since: datetime, *, process_id: str | None = None,
                 country: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """Processes (not merged into another) with a status that moved at or after ``since``; only
    ``process_id``, or those that name ``country``, when given."""
    query = select(processes).where(processes.c.status.is_not(None), processes.c.updated_at >= since,
                                    processes.c.merged_into.is_(None))  # fmt: skip
    if process_id:
        query = query.where(processes.c.id == process_id)
    if country:
        query = query.where(naming(country))
    return [dict(r) for r in conn.execute(query).mappings()]
