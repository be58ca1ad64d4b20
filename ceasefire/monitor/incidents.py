"""Reports into incidents: clustering, corroboration grades, precision, and the link to a ceasefire.

A new report joins the nearest open incident of the same event type whose reports lie within
``cluster_km`` and ``cluster_hours`` of it (by point, or by the same resolved place when there is no
point); otherwise it starts one. Every join records its reason. Analysts merge and split by hand;
those decisions are recorded too and never undone by clustering, which only places new reports.

Grades, strongest first (an analyst's grade, such as ``discounted``, stands until changed):
``confirmed``        a monitor saw it, or the party held responsible admitted it;
``contested``        a party denies it, or the reports name different perpetrators;
``multiple_sources`` reports from two or more different senders;
``single_source``    otherwise.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, insert, or_, select, update

from ceasefire.errors import Conflict, InputError, NotFound
from ceasefire.geo import distance_km
from ceasefire.models import stable_id
from ceasefire.monitor import audit, blur, clock
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.clock import aware
from ceasefire.monitor.reports import get_report
from ceasefire.registry.process import NamedPlace, Process, Terms
from ceasefire.store.database import memo
from ceasefire.store.process_countries import may_bind_in
from ceasefire.store.tables import incidents, party_responses, processes, reports, verification_steps
from ceasefire.tracker.force import binds, breaches, in_scope, lifetime_of

#: who made a change: an account (the audit log then names its token), or a name
Actor = Account | str
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
SYSTEM = "system"
_SET_INCIDENT = (
    update(reports).where(reports.c.id == bindparam("report_id")).values(incident_id=bindparam("incident_id"))
)
_INCIDENT = select(incidents).where(incidents.c.id == bindparam("incident_id"))
_MEMBERS = (
    select(reports)
    .where(reports.c.incident_id == bindparam("incident_id"))
    .order_by(reports.c.occurred_at, reports.c.id)
)
_MEMBERS_OF = (
    select(reports)
    .where(reports.c.incident_id.in_(bindparam("incident_ids", expanding=True)))
    .order_by(reports.c.occurred_at, reports.c.id)
)
_RESPONSES = select(party_responses).where(party_responses.c.incident_id == bindparam("incident_id"))
_NEW = insert(incidents)
_CHANGE = update(incidents).where(incidents.c.id == bindparam("_id"))
_NEARBY = (
    select(reports.c.id, reports.c.incident_id, reports.c.occurred_at, reports.c.lat, reports.c.lon, reports.c.place)
    .join(incidents, incidents.c.id == reports.c.incident_id)
    .where(reports.c.event_type == bindparam("event_type"), incidents.c.event_type == bindparam("event_type"),
           incidents.c.merged_into.is_(None),
           reports.c.occurred_at >= bindparam("since"), reports.c.occurred_at <= bindparam("until"))
)  # fmt: skip
#: near a point: inside a box around it, or (a report without a point) at the same place
_NEAR_POINT = _NEARBY.where(or_(
    and_(reports.c.lat.between(bindparam("south"), bindparam("north")),
         reports.c.lon.between(bindparam("west"), bindparam("east"))),
    and_(reports.c.lat.is_(None), func.lower(reports.c.place) == func.lower(bindparam("place"))),
))  # fmt: skip
_AT_PLACE = _NEARBY.where(func.lower(reports.c.place) == func.lower(bindparam("place")))
_BEGUN = func.coalesce(processes.c.effective, processes.c.declared)
#: ceasefires begun by a day, not known to have ended before it, whose countries allow the country
_CEASEFIRES = (
    select(processes)
    .where(processes.c.kind == "ceasefire", processes.c.merged_into.is_(None), bindparam("day") >= _BEGUN)
    .where(or_(processes.c.in_force_until >= bindparam("day"), processes.c.in_force_until.is_(None)))
    .where(may_bind_in(bindparam("country")))
)


def started_by(report_id: str) -> str:
    """The id of the incident a report starts when it joins none (a report is placed once, so an
    incident with this id holds that report, and at first only it)."""
    return "inc-" + stable_id("incident", report_id)


def place(conn: Connection, report: dict[str, Any], km: float, hours: float) -> dict[str, Any]:
    """Put a stored report into an incident (joining or starting one); returns the incident as it
    now is.

    The candidates are the reports of open incidents of the same type within the time window and a
    box of ``km`` around the point, found by one indexed query; only those are measured."""
    at = aware(report["occurred_at"])
    window = timedelta(hours=hours)
    best: tuple[float, float, str, str, str] | None = None
    for other in _candidates(conn, report, at, km, window):
        why = _close(report, other, km, window)
        if why is None:
            continue
        gap = abs((aware(other["occurred_at"]) - at).total_seconds())
        key = (why[0], gap, other["incident_id"], why[1], other["id"])
        if best is None or key[:2] < best[:2]:
            best = key
    now = clock.now()
    if best is None:
        incident_id = started_by(report["id"])
        row = dict(
            id=incident_id, event_type=report["event_type"], first_at=at, last_at=at, lat=report["lat"],
            lon=report["lon"], place=report["place"], country=report["country"], geo_precision=3,
            time_precision=3, grade="single_source", grade_reason="", grade_set_by=None,
            responsible=report["alleged_responsible"], process_id=None, verification=None,
            reasons=[{"report": report["id"], "why": "first report of this incident", "at": now.isoformat()}],
            merged_into=None, created_at=now, updated_at=now,
        )  # fmt: skip
        # a new incident is this report alone, with no party's answer yet: stored as it will stay
        row |= _summary(row, [{**report, "incident_id": incident_id}], [])
        conn.execute(_NEW, row)
        audit.record(conn, SYSTEM, "incident.create", "incident", incident_id, {"report": report["id"]})
        conn.execute(_SET_INCIDENT, {"report_id": report["id"], "incident_id": incident_id})
        return _linked(conn, incident_id, row)
    incident_id = best[2]
    _add_reason(
        conn,
        incident_id,
        {"report": report["id"], "from": best[4], "why": best[3], "at": now.isoformat()},
    )
    conn.execute(_SET_INCIDENT, {"report_id": report["id"], "incident_id": incident_id})
    return refresh(conn, incident_id)


def _candidates(conn: Connection, report: dict[str, Any], at: datetime, km: float,
                window: timedelta) -> list[dict[str, Any]]:  # fmt: skip
    """Reports of open incidents of the report's type near it in time, and in space: within a box of
    ``km`` around its point, or (for reports without one) at the same place. One indexed query."""
    params: dict[str, Any] = {"event_type": report["event_type"], "since": at - window, "until": at + window,
                              "place": report["place"]}  # fmt: skip
    if report["lat"] is not None and report["lon"] is not None:
        dlat = km / blur.KM_PER_DEGREE
        cos = math.cos(math.radians(report["lat"]))
        dlon = km / (blur.KM_PER_DEGREE * cos) if cos > 0.01 else 360.0
        west, east = report["lon"] - dlon, report["lon"] + dlon
        if west < -180 or east > 180:  # across the antimeridian (or at a pole): any longitude
            west, east = -180.0, 180.0
        params |= {"south": report["lat"] - dlat, "north": report["lat"] + dlat, "west": west, "east": east}
        query = _NEAR_POINT
    elif report["place"]:
        query = _AT_PLACE
    else:
        return []
    return [dict(r) for r in conn.execute(query, params).mappings()]


def _close(
    report: dict[str, Any], other: dict[str, Any], km: float, window: timedelta
) -> tuple[float, str] | None:
    """(distance, reason) when ``other`` is close enough to ``report`` to share its incident."""
    gap = abs(aware(other["occurred_at"]) - aware(report["occurred_at"]))
    if gap > window:
        return None
    minutes = round(gap.total_seconds() / 60)
    same = f"same type {report['event_type']}"
    if None not in (report["lat"], report["lon"], other["lat"], other["lon"]):
        d = distance_km(report["lat"], report["lon"], other["lat"], other["lon"])
        if d <= km:  # a public view coarsens this distance when either report is a monitor's own position
            return d, f"{d:.1f} km and {minutes} min from report {other['id']}, {same}"
        return None
    if report["place"] and other["place"] and report["place"].casefold() == other["place"].casefold():
        return 0.0, f"same place {report['place']!r}, {minutes} min from report {other['id']}, {same}"
    return None


def reports_in(conn: Connection, incident_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(_MEMBERS, {"incident_id": incident_id}).mappings()]


def reports_of(conn: Connection, incident_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The reports of each of ``incident_ids``, in the order of ``reports_in``, from one query."""
    found: dict[str, list[dict[str, Any]]] = {incident_id: [] for incident_id in incident_ids}
    if incident_ids:
        for row in conn.execute(_MEMBERS_OF, {"incident_ids": incident_ids}).mappings():
            found[row["incident_id"]].append(dict(row))
    return found


def holding_own_positions(conn: Connection, incident_ids: list[str]) -> set[str]:
    """Those of ``incident_ids`` with a report of a monitor's own position (blurred in public views)."""
    if not incident_ids:
        return set()
    query = select(reports.c.incident_id).where(reports.c.incident_id.in_(incident_ids),
                                                 reports.c.own_position.is_(True)).distinct()  # fmt: skip
    return {str(r) for r in conn.execute(query).scalars()}


def get_incident(conn: Connection, incident_id: str) -> dict[str, Any]:
    row = conn.execute(_INCIDENT, {"incident_id": incident_id}).mappings().first()
    if row is None:
        raise NotFound(f"no incident {incident_id}")
    return dict(row)


def refresh(conn: Connection, incident_id: str) -> dict[str, Any]:
    """Recompute an incident's extent, precision, grade and ceasefire link from its reports; returns
    the incident as it now is."""
    incident = get_incident(conn, incident_id)
    members = reports_in(conn, incident_id)
    if not members:
        return incident
    responses = [dict(r) for r in conn.execute(_RESPONSES, {"incident_id": incident_id}).mappings()]
    values = _summary(incident, members, responses)
    conn.execute(_CHANGE, {**values, "_id": incident_id})
    return _linked(conn, incident_id, {**incident, **values})


def _linked(conn: Connection, incident_id: str, incident: dict[str, Any]) -> dict[str, Any]:
    """``incident`` (as stored), linked to the ceasefire it breaches when it has none yet."""
    if incident["process_id"] is None and incident["event_type"] and _link(conn, incident_id, incident):
        return get_incident(conn, incident_id)
    return incident


def _summary(incident: dict[str, Any], members: list[dict[str, Any]],
             responses: list[dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    """An incident's extent, precision and (unless a person set it) grade, from its reports and the
    parties' answers: the columns to store."""
    first = members[0]
    times = [aware(r["occurred_at"]) for r in members]
    points = [r for r in members if r["lat"] is not None and r["lon"] is not None]
    anchor = points[0] if points else first
    values: dict[str, Any] = {
        "first_at": min(times), "last_at": max(times), "lat": anchor["lat"], "lon": anchor["lon"],
        "place": anchor["place"] or first["place"], "country": next((r["country"] for r in members if r["country"]), None),
        "geo_precision": min(_geo_precision(r) for r in members),
        "time_precision": min(_TIME_PRECISION.get(r["time_precision"], 3) for r in members),
        "updated_at": clock.now(),
    }  # fmt: skip
    if not incident["responsible"]:
        values["responsible"] = next(
            (r["alleged_responsible"] for r in members if r["alleged_responsible"]), None
        )
    if incident["grade_set_by"] is None:
        values["grade"], values["grade_reason"] = grade(members, responses)
    return values


def grade(members: list[dict[str, Any]], responses: list[dict[str, Any]]) -> tuple[str, str]:
    """The corroboration grade of an incident and why."""
    monitors = [r["id"] for r in members if r["source_type"] == "monitor"]
    if monitors:
        return "confirmed", f"observed by a monitor (report {monitors[0]})"
    admitted = [r for r in responses if r["stance"] == "admits"]
    if admitted:
        return "confirmed", f"{admitted[0]['party']} admitted it"
    denied = [r for r in responses if r["stance"] == "denies"]
    if denied:
        return "contested", f"{denied[0]['party']} denies it"
    named = {r["alleged_responsible"].casefold() for r in members if r["alleged_responsible"]}
    if len(named) > 1:
        return "contested", f"reports name different perpetrators ({', '.join(sorted(named))})"
    senders = {(r["submitted_by"], r["source_type"]) for r in members}
    if len(senders) > 1:
        return "multiple_sources", f"{len(members)} reports from {len(senders)} different sources"
    return "single_source", f"{len(members)} report(s) from one source ({members[0]['source_type']})"


def _geo_precision(report: dict[str, Any]) -> int:
    if report["lat"] is not None and report["place_resolved"] is None:
        return 1
    resolved = report["place_resolved"] or {}
    if report["lat"] is not None and resolved.get("precision") in {"exact", "city"}:
        return 1
    return {"exact": 1, "city": 1, "region": 3, "country": 3}.get(str(resolved.get("precision")), 2)


def _link(conn: Connection, incident_id: str, incident: dict[str, Any]) -> bool:
    """Link a breach-type incident to the ceasefire in force where and when it happened (True when it
    was linked)."""
    found = find_ceasefire(
        conn,
        incident["country"],
        incident["lat"],
        incident["lon"],
        incident["first_at"].date(),
        incident["event_type"],
    )
    if found is None:
        return False
    process_id, why = found
    conn.execute(
        update(incidents)
        .where(incidents.c.id == incident_id)
        .values(process_id=process_id, verification="alleged")
    )
    conn.execute(
        insert(verification_steps).values(incident_id=incident_id, state="alleged", by=SYSTEM,
                                          at=clock.now(), why=why)
    )  # fmt: skip
    _add_reason(conn, incident_id, {"process": process_id, "why": why, "at": clock.now().isoformat()})
    audit.record(conn, SYSTEM, "incident.link", "incident", incident_id, {"process": process_id, "why": why})
    return True


def find_ceasefire(conn: Connection, country: str | None, lat: float | None, lon: float | None,
                   day: date, event_type: str | None = None) -> tuple[str, str] | None:  # fmt: skip
    """The ceasefire binding on ``day`` whose scope holds the place and whose terms ban ``event_type``
    (when given), the latest begun first, with why.

    "Binding" and "in scope" are the tracker's definitions (``tracker/force.py``): a ceasefire a
    newer one replaced, one past its end, or an open-ended one nobody has spoken of for months is
    not in force, so a report filed today never becomes a breach of a truce of years ago.
    """
    if country is None:
        return None
    rows = memo(conn, f"ceasefires:{country}:{day}",  # a batch of reports placed: mostly one day and country
                lambda: conn.execute(_CEASEFIRES, {"day": day, "country": country}).mappings().all())  # fmt: skip
    best: tuple[date, str, str] | None = None
    for row in rows:
        process = scope_of(row)
        start = process.in_force_from
        last_day = row["in_force_until"] or lifetime_of(process, last_seen=row["last_seen"]).last_day
        if start is None or not binds(start, last_day, day):
            continue
        if not in_scope(process, country, lat, lon) or (event_type and not breaches(process, event_type)):
            continue
        until = row["in_force_until"]
        why = (f"{country} incident on {day} inside the scope of {row['name']!r} "
               f"(in force since {start}{f', until {until}' if until else ''})")  # fmt: skip
        if best is None or start > best[0]:
            best = (start, row["id"], why)
    return (best[1], best[2]) if best else None


def scope_of(row: Any) -> Process:
    """The parts of a stored process that say where and when it binds."""
    return Process(
        id=row["id"], name=row["name"], kind=row["kind"], origin=row["origin"], countries=list(row["countries"] or []),
        areas=list(row["areas"] or []), declared=row["declared"], effective=row["effective"], ended=row["ended"],
        local=bool(row["local"]), places=[NamedPlace.from_json(p) for p in row["places"] or []],
        terms=Terms(tuple((row["terms"] or {}).get("banned", Terms().banned))),
    )  # fmt: skip


def merge(conn: Connection, source_id: str, into_id: str, actor: Actor, why: str) -> dict[str, Any]:
    """Move every report of ``source_id`` into ``into_id``; the source stays as a pointer."""
    by = name_of(actor)
    if source_id == into_id:
        raise InputError("into", "an incident cannot be merged into itself")
    source, target = get_incident(conn, source_id), get_incident(conn, into_id)
    for incident in (source, target):
        if incident["merged_into"]:
            raise Conflict(f"incident {incident['id']} was merged into {incident['merged_into']} already")
    conn.execute(update(reports).where(reports.c.incident_id == source_id).values(incident_id=into_id))
    conn.execute(update(incidents).where(incidents.c.id == source_id).values(merged_into=into_id,
                                                                            updated_at=clock.now()))  # fmt: skip
    _add_reason(conn, into_id, {"merged": source_id, "by": by, "why": why, "at": clock.now().isoformat()})
    refresh(conn, into_id)
    audit.record(conn, actor, "incident.merge", "incident", into_id, {"merged": source_id, "why": why})
    return get_incident(conn, into_id)


def split(
    conn: Connection, incident_id: str, report_ids: list[str], actor: Actor, why: str
) -> dict[str, Any]:
    """Move the named reports out of an incident into a new one."""
    by = name_of(actor)
    incident = get_incident(conn, incident_id)
    if incident["merged_into"]:
        raise Conflict(f"incident {incident_id} was merged into {incident['merged_into']}: split that one")
    members = {r["id"] for r in reports_in(conn, incident_id)}
    unknown = [r for r in report_ids if r not in members]
    if unknown:
        raise InputError("reports", f"not in incident {incident_id}: {', '.join(unknown)}")
    if not report_ids or len(set(report_ids)) >= len(members):
        raise InputError("reports", "name some, but not all, of the incident's reports")
    now = clock.now()
    new_id = "inc-" + stable_id("split", incident_id, *sorted(report_ids))
    first = get_report(conn, sorted(report_ids)[0])
    conn.execute(
        insert(incidents).values(
            id=new_id, event_type=incident["event_type"], first_at=first["occurred_at"], last_at=first["occurred_at"],
            lat=None, lon=None, place=None, country=None, geo_precision=3, time_precision=3, grade="single_source",
            grade_reason="", grade_set_by=None, responsible=None, process_id=incident["process_id"],
            verification=incident["verification"],
            reasons=[{"split_from": incident_id, "reports": sorted(report_ids), "by": by, "why": why, "at": now.isoformat()}],
            merged_into=None, created_at=now, updated_at=now,
        )
    )  # fmt: skip
    conn.execute(update(reports).where(reports.c.id.in_(report_ids)).values(incident_id=new_id))
    _add_reason(conn, incident_id, {"split_to": new_id, "reports": sorted(report_ids), "by": by, "why": why,
                                    "at": now.isoformat()})  # fmt: skip
    refresh(conn, incident_id)
    refresh(conn, new_id)
    audit.record(
        conn,
        actor,
        "incident.split",
        "incident",
        incident_id,
        {"to": new_id, "reports": sorted(report_ids), "why": why},
    )
    return get_incident(conn, new_id)


def set_grade(
    conn: Connection, incident_id: str, value: str | None, actor: Actor, why: str
) -> dict[str, Any]:
    """An analyst's grade (``None`` hands grading back to the rules)."""
    by = name_of(actor)
    get_incident(conn, incident_id)
    conn.execute(
        update(incidents).where(incidents.c.id == incident_id)
        .values(grade=value or "single_source", grade_reason=f"{by}: {why}", grade_set_by=by if value else None)
    )  # fmt: skip
    refresh(conn, incident_id)
    audit.record(conn, actor, "incident.grade", "incident", incident_id, {"grade": value, "why": why})
    return get_incident(conn, incident_id)


def attribute(conn: Connection, incident_id: str, responsible: str, actor: Actor, why: str) -> dict[str, Any]:
    by = name_of(actor)
    get_incident(conn, incident_id)
    conn.execute(update(incidents).where(incidents.c.id == incident_id).values(responsible=responsible))
    _add_reason(
        conn,
        incident_id,
        {"responsible": responsible, "by": by, "why": why, "at": clock.now().isoformat()},
    )
    audit.record(
        conn, actor, "incident.attribute", "incident", incident_id, {"responsible": responsible, "why": why}
    )
    return get_incident(conn, incident_id)


def name_of(actor: Actor) -> str:
    return actor if isinstance(actor, str) else actor.name


def _add_reason(conn: Connection, incident_id: str, reason: dict[str, Any]) -> None:
    current = get_incident(conn, incident_id)["reasons"] or []
    conn.execute(_CHANGE, {"reasons": [*current, reason], "_id": incident_id})
