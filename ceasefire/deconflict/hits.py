"""Hits: a strike near a notified site, route or zone, kept as an evidence packet (a finding).

Every incident of a strike (a monitor's report placed in an incident, or an event coded from the
news by ``ceasefire ingest``) within the conflict's ``hit_radius_km`` of a notification valid at
the time (a site or zone from when it was notified; a movement or flight in its window) becomes a
``notified_site_hit`` finding. The packet holds:

- the notification: who notified what, when, and how its coordinates were got and verified;
- every recipient's acknowledgement record (sent, received, acknowledged by whom and when, whether
  before the strike), and the responsible party's own record when the strike is attributed to a
  recipient or to a force affiliated with one (the actor catalogue's ``parent`` links);
- the incident and its sources (report ids, source types, times, text; never a reporter's
  identity), or the news event with its sentence and document;
- the distance (geodesic, 0 inside a polygon) and the time gap from notification to strike;
- warnings: a notification the responsible party (or any party) never acknowledged, unverified
  coordinates, a place known only to the day or the town.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any

from sqlalchemy import Connection, insert, select, update

from ceasefire.deconflict.checks import FOOTPRINTS, candidates
from ceasefire.deconflict.notifications import ACK_MEANING, recipient_state, recipients_of
from ceasefire.deconflict.schemas import KINDS
from ceasefire.deconflict.terms import terms_for
from ceasefire.errors import CeasefireError
from ceasefire.geo import distance_to_km, envelope
from ceasefire.knowledge.catalogue import Catalogue
from ceasefire.models import stable_id
from ceasefire.monitor import clock
from ceasefire.monitor.clock import aware, iso, iso_or_none
from ceasefire.store.tables import accounts, deconfliction_findings, documents, notifications, reports
from ceasefire.tracker.signals import FACTUAL

KIND = "notified_site_hit"
#: PLOVER event types that strike (strikes, shelling, attacks)
STRIKES = frozenset({"ASSAULT"})


def on_incident(
    conn: Connection, incident: dict[str, Any], now: datetime | None = None
) -> list[dict[str, Any]]:
    """Findings (new or refreshed) for a monitor's incident; none unless it is a located strike."""
    if incident["event_type"] not in STRIKES or incident["lat"] is None or incident["lon"] is None:
        return []
    at = aware(incident["first_at"])
    sources = [
        {"report_id": r["id"], "source_type": r["source_type"], "channel": r["channel"],
         "occurred_at": iso(r["occurred_at"]), "received_at": iso(r["received_at"]), "text": r["text"][:1000],
         "weapons": r["weapons"], "alleged_responsible": r["alleged_responsible"]}
        for r in conn.execute(select(reports).where(reports.c.incident_id == incident["id"])
                              .order_by(reports.c.occurred_at)).mappings()
    ]  # fmt: skip
    subject = {
        "type": "incident", "id": incident["id"], "event_type": incident["event_type"], "at": iso(at),
        "time_precision": "exact", "lat": incident["lat"], "lon": incident["lon"], "place": incident["place"],
        "country": incident["country"], "grade": incident["grade"], "verification": incident["verification"],
        "process_id": incident["process_id"], "responsible": incident["responsible"], "sources": sources,
    }  # fmt: skip
    responsible = [incident["responsible"]] if incident["responsible"] else []
    responsible += [s["alleged_responsible"] for s in sources if s["alleged_responsible"]]
    return _hits(conn, subject, at, responsible, now or clock.now())


def on_event(conn: Connection, event_id: str, record: dict[str, Any], doc_id: str,
             now: datetime | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """Findings for an event coded from the news: an asserted strike with a place and a day."""
    place = record.get("place") or {}
    if (record.get("event") not in STRIKES or (record.get("modality") or "asserted") not in FACTUAL
            or place.get("lat") is None or place.get("lon") is None or not record.get("date")):  # fmt: skip
        return []
    try:
        day = date.fromisoformat(str(record["date"])[:10])
    except ValueError:
        return []
    doc = conn.execute(select(documents.c.url, documents.c.title, documents.c.site, documents.c.published,
                              documents.c.source).where(documents.c.id == doc_id)).mappings().first()  # fmt: skip
    evidence = record.get("evidence") or {}
    subject = {
        "type": "event", "id": event_id, "event_type": record.get("event"), "mode": record.get("mode"),
        "at": day.isoformat(), "time_precision": record.get("date_precision") or "day",
        "lat": place["lat"], "lon": place["lon"], "place": place.get("name") or place.get("text"),
        "place_precision": place.get("precision"), "country": place.get("country"),
        "actors": [a.get("name") or a.get("text") for a in record.get("actor") or []],
        "sources": [{"doc_id": doc_id, "sentence": evidence.get("text"), "start": evidence.get("start"),
                     "end": evidence.get("end"), "url": doc["url"] if doc else None,
                     "title": doc["title"] if doc else None, "site": doc["site"] if doc else None,
                     "published": str(doc["published"]) if doc and doc["published"] else None}],
    }  # fmt: skip
    # a day: the strike may have come at any hour of it, so the notification counts if valid on that day
    start = datetime.combine(day, time.min, UTC)
    return _hits(
        conn, subject, start, [n for n in subject["actors"] if n], now or clock.now(), whole_day=True
    )


def _hits(conn: Connection, subject: dict[str, Any], at: datetime, responsible: list[str], now: datetime,
          whole_day: bool = False) -> list[dict[str, Any]]:  # fmt: skip
    """The notifications struck, as findings stored (or refreshed) in a few set queries."""
    lat, lon = float(subject["lat"]), float(subject["lon"])
    radius = terms_for(conn, subject.get("country")).hit_radius_km
    end = at.replace(hour=23, minute=59, second=59) if whole_day else at
    struck = [(row, d) for row in candidates(conn, envelope(lat, lon, radius), at, end, KINDS)
              if (d := distance_to_km(lat, lon, FOOTPRINTS.of(row))) <= radius]  # fmt: skip
    if not struck:
        return []
    ids = [row["id"] for row, _ in struck]
    notifiers = {r["id"]: r for r in conn.execute(
        select(accounts.c.id, accounts.c.name, accounts.c.role)
        .where(accounts.c.id.in_({row["notified_by"] for row, _ in struck}))).mappings()}  # fmt: skip
    recipients = recipients_of(conn, ids)
    findings = [_finding(row, notifiers[row["notified_by"]], recipients[row["id"]], subject, at, d, radius,
                         responsible, now) for row, d in struck]  # fmt: skip
    known = set(conn.execute(select(deconfliction_findings.c.id, deconfliction_findings.c.created_at)
                             .where(deconfliction_findings.c.id.in_([f["id"] for f in findings]))).all())  # fmt: skip
    created = {i: at_ for i, at_ in known}
    fresh = [f for f in findings if f["id"] not in created]
    if fresh:
        conn.execute(insert(deconfliction_findings), [{**f, "created_at": now} for f in fresh])
    for f in findings:
        if f["id"] in created:
            conn.execute(update(deconfliction_findings).where(deconfliction_findings.c.id == f["id"]).values(
                distance_km=f["distance_km"], gap_hours=f["gap_hours"], evidence=f["evidence"]))  # fmt: skip
    return [finding_json({**f, "created_at": created.get(f["id"], now)}) | {"new": f["id"] not in created}
            for f in findings]  # fmt: skip


def _finding(row: dict[str, Any], notifier: Any, recipients: list[dict[str, Any]], subject: dict[str, Any],
             at: datetime, distance: float, radius: float, responsible: list[str],
             now: datetime) -> dict[str, Any]:  # fmt: skip
    """One finding's row: the evidence packet and what it is filed under."""
    records = [ack_record(r, at, now) for r in recipients]
    party = responsible_party(responsible, [r["party"] for r in records])
    gap = (at - aware(row["notified_at"])).total_seconds() / 3600
    warnings = []
    if party is not None:
        mine = next(r for r in records if r["party"] == party["party"])
        party["acknowledgement"] = mine
        if not mine["acknowledged_before_strike"]:
            warnings.append(f"{party['party']}, held responsible, had not acknowledged the notification")
    unacked = [r["party"] for r in records if not r["acknowledged_before_strike"]]
    if unacked and not warnings:
        warnings.append("not acknowledged before the strike by " + ", ".join(unacked))
    if not row["verified"]:
        warnings.append("the coordinates were not verified on the ground")
    if subject.get("time_precision") not in (None, "exact"):
        warnings.append(f"the strike is dated to the {subject['time_precision']} only")
    if subject.get("place_precision") in {"city", "region", "country"}:
        warnings.append(f"the strike is placed to the {subject['place_precision']} only")
    evidence = {
        "notification": {
            "id": row["id"], "kind": row["kind"], "name": row["name"], "function": row["function"],
            "country": row["country"], "notified_by": notifier["name"], "notifier_role": notifier["role"],
            "notifier_account": row["notified_by"],
            "notified_at": iso(row["notified_at"]), "valid_from": iso(row["valid_from"]),
            "valid_until": iso(row["valid_until"]), "coordinates_source": row["coordinates_source"],
            "precision_m": row["precision_m"], "verified": row["verified"], "verified_by": row["verified_by"],
            "geometry": row["geometry"],
        },
        "acknowledgements": records, "ack_meaning": ACK_MEANING,
        "responsible": party, subject["type"]: subject,
        "distance_km": round(distance, 3), "radius_km": radius, "gap_hours": round(gap, 4),
        "warnings": warnings,
    }  # fmt: skip
    return {
        "id": "fnd-" + stable_id(KIND, row["id"], subject["type"], subject["id"]), "kind": KIND,
        "notification_id": row["id"], "incident_id": subject["id"] if subject["type"] == "incident" else None,
        "event_id": subject["id"] if subject["type"] == "event" else None, "distance_km": round(distance, 3),
        "gap_hours": round(gap, 4), "evidence": evidence,
    }  # fmt: skip


def ack_record(r: dict[str, Any], at: datetime, now: datetime) -> dict[str, Any]:
    """One recipient's acknowledgement record, as a finding (or a view) shows it."""
    acked = r["acknowledged_at"]
    return {"party": r["party"], "state": recipient_state(r, now), "sent_at": iso(r["sent_at"]),
            "due_at": iso(r["due_at"]), "received_at": iso_or_none(r["received_at"]),
            "acknowledged_at": iso_or_none(acked), "acknowledged_by": r["acknowledged_by"], "note": r["note"],
            "acknowledged_before_strike": acked is not None and aware(acked) <= at}  # fmt: skip


def finding_json(row: dict[str, Any]) -> dict[str, Any]:
    evidence = row["evidence"]
    return {"id": row["id"], "kind": row["kind"], "notification_id": row["notification_id"],
            "incident_id": row["incident_id"], "event_id": row["event_id"], "distance_km": row["distance_km"],
            "gap_hours": row["gap_hours"], "acknowledgements": evidence["acknowledgements"],
            "responsible": evidence["responsible"], "warnings": evidence["warnings"],
            "created_at": iso(row["created_at"]), "evidence": evidence}  # fmt: skip


def list_findings(conn: Connection, notification_ids: list[str] | None = None, incident_id: str | None = None,
                  limit: int = 200) -> list[dict[str, Any]]:  # fmt: skip
    query = select(deconfliction_findings).order_by(deconfliction_findings.c.created_at.desc(),
                                                    deconfliction_findings.c.id).limit(limit)  # fmt: skip
    if notification_ids is not None:
        query = query.where(deconfliction_findings.c.notification_id.in_(notification_ids))
    if incident_id:
        query = query.where(deconfliction_findings.c.incident_id == incident_id)
    return [finding_json(dict(r)) for r in conn.execute(query).mappings()]


def notification_of(conn: Connection, finding: dict[str, Any]) -> dict[str, Any]:
    return dict(conn.execute(select(notifications).where(notifications.c.id == finding["notification_id"]))
                .mappings().one())  # fmt: skip


# -- who is responsible: a recipient party, or a force affiliated with one -------------------------


@cache
def _catalogue() -> Catalogue | None:
    try:
        return Catalogue.load()
    except CeasefireError:
        return None


@cache
def _lineage(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """The entity ids and the names (casefolded) of ``name`` and every organisation above it."""
    names: set[str] = {name.casefold()}
    ids: set[str] = set()
    catalogue = _catalogue()
    if catalogue is None:
        return frozenset(ids), frozenset(names)
    entity_id = catalogue.resolve(name).entity_id
    while entity_id and entity_id in catalogue and entity_id not in ids:
        entity = catalogue.acting_for(catalogue.get(entity_id))
        ids.add(entity.id)
        names.update(n.casefold() for n in entity.names)
        entity_id = entity.parent
    return frozenset(ids), frozenset(names)


def responsible_party(named: list[str], parties: list[str]) -> dict[str, Any] | None:
    """The recipient party the strike is attributed to, directly or through an affiliated force."""
    for name in named:
        ids, names = _lineage(name)
        for party in parties:
            if party.casefold() == name.casefold():
                return {"party": party, "named": name, "how": "named"}
            party_ids, _ = _lineage(party)
            if party.casefold() in names or (party_ids and party_ids <= ids):
                return {"party": party, "named": name, "how": f"{name} is affiliated with {party}"}
    return None
