"""A conflict party's view of incidents and reports: the one place that says what a party may read
and what it may answer.

A party sees an incident that names it: the incident is attributed to it (``responsible``), or one
of the incident's reports alleges it. It answers (admits, denies) only those. Filing a report next
to an incident that blames someone else shows the party nothing of it: its own reports stay
readable to it, the incident they joined does not.

Parties are compared by their names folded to lower case in SQL (the same fold on both sides), so a
tag in other case still matches; names are NFKC-normalised on the way in (``monitor/schemas.py``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, exists, func, literal, or_, select

from ceasefire.store.tables import incidents, reports


def _same(column: Any, party: str) -> ColumnElement[bool]:
    return func.lower(column) == func.lower(literal(party))


def incident_names(party: str) -> ColumnElement[bool]:
    """Incidents attributed to ``party``, or with a report that alleges it."""
    alleging = exists().where(
        reports.c.incident_id == incidents.c.id, _same(reports.c.alleged_responsible, party)
    )
    return or_(_same(incidents.c.responsible, party), alleging)


def report_shared_with(account_id: int, party: str) -> ColumnElement[bool]:
    """Reports a party account may read: its own, those that allege its party, and the reports of
    incidents that name it."""
    named = select(incidents.c.id).where(incident_names(party))
    return or_(
        reports.c.submitted_by == account_id,
        _same(reports.c.alleged_responsible, party),
        reports.c.incident_id.in_(named),
    )


def names_party(conn: Connection, incident_id: str, party: str) -> bool:
    """Whether incident ``incident_id`` names ``party`` (so the party may read and answer it)."""
    found = conn.execute(select(incidents.c.id).where(incidents.c.id == incident_id, incident_names(party)))
    return found.first() is not None
