"""The analysts' review queue: incidents awaiting a grade or a decision, likely duplicates side by side,
and reports not yet coded. Reports are shown through ``report_view``, the one place that decides
what of a report a role may see.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, or_, select

from ceasefire.geo import distance_km
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.clock import aware, iso
from ceasefire.monitor.reports import report_view
from ceasefire.monitor.secrets import Sealer
from ceasefire.settings import Settings
from ceasefire.store.tables import incidents, reports

QUEUE_SIZE = 200
#: verification states that wait for an analyst or a coordinator
OPEN_STATES = ("alleged", "under_investigation")
#: two incidents this close (times the clustering distance and window) may be one
DUPLICATE_FACTOR = 3.0


def review_queue(conn: Connection, account: Account, sealer: Sealer, settings: Settings) -> dict[str, Any]:
    waiting = conn.execute(
        select(incidents)
        .where(incidents.c.merged_into.is_(None),
               or_(incidents.c.grade_set_by.is_(None), incidents.c.verification.in_(OPEN_STATES)))
        .order_by(incidents.c.last_at.desc(), incidents.c.id).limit(QUEUE_SIZE)
    ).mappings().all()  # fmt: skip
    ids = [r["id"] for r in waiting]
    members: dict[str, list[dict[str, Any]]] = {}
    for r in conn.execute(
        select(reports).where(reports.c.incident_id.in_(ids)).order_by(reports.c.occurred_at)
    ).mappings():
        members.setdefault(r["incident_id"], []).append(
            report_view(dict(r), account, sealer, settings.blur_decimals)
        )
    items = [_incident(dict(r), members.get(r["id"], [])) for r in waiting]
    uncoded = conn.execute(
        select(reports).where(reports.c.coded_at.is_(None)).order_by(reports.c.received_at).limit(QUEUE_SIZE)
    ).mappings().all()  # fmt: skip
    return {
        "incidents": items,
        "duplicates": likely_duplicates(waiting, settings.cluster_km, settings.cluster_hours),
        "uncoded": [report_view(dict(r), account, sealer, settings.blur_decimals) for r in uncoded],
    }


def _incident(row: dict[str, Any], members: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": row["id"], "event_type": row["event_type"], "first_at": iso(row["first_at"]),
        "last_at": iso(row["last_at"]), "place": row["place"], "country": row["country"],
        "lat": row["lat"], "lon": row["lon"], "grade": row["grade"], "grade_reason": row["grade_reason"],
        "graded_by": row["grade_set_by"], "responsible": row["responsible"], "process_id": row["process_id"],
        "verification": row["verification"], "reports": members, "waits_for": _waits_for(row),
    }  # fmt: skip


def _waits_for(row: dict[str, Any]) -> list[str]:
    found = []
    if row["grade_set_by"] is None:
        found.append("grade")
    if row["verification"] == "alleged":
        found.append("investigation")
    if row["verification"] == "under_investigation":
        found.append("decision")
    return found


def likely_duplicates(rows: Any, km: float, hours: float) -> list[dict[str, Any]]:
    """Pairs of waiting incidents of one type that lie close in space and time, closest first."""
    reach, window = km * DUPLICATE_FACTOR, timedelta(hours=hours * DUPLICATE_FACTOR)
    pairs = []
    ordered = sorted(rows, key=lambda r: aware(r["first_at"]))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            gap = aware(b["first_at"]) - aware(a["last_at"])
            if gap > window:
                break
            if a["event_type"] != b["event_type"]:
                continue
            if None in (a["lat"], a["lon"], b["lat"], b["lon"]):
                same = a["place"] and b["place"] and a["place"].casefold() == b["place"].casefold()
                if not same:
                    continue
                d = 0.0
            else:
                d = distance_km(a["lat"], a["lon"], b["lat"], b["lon"])
            if d <= reach:
                hours_apart = abs((aware(b["first_at"]) - aware(a["first_at"])).total_seconds()) / 3600
                pairs.append({"a": a["id"], "b": b["id"], "km": round(d, 1), "hours": round(hours_apart, 1),
                              "why": f"both {a['event_type']}, {d:.1f} km and {hours_apart:.1f} h apart"})  # fmt: skip
    return sorted(pairs, key=lambda p: (p["km"], p["hours"]))[:50]
