"""Conflicts between notifications, and duplicates, found with real geometry.

Two steps, as a spatial database does them: the store's envelope columns (``min_lat`` ...
``max_lon``, indexed) and the time window pick the candidates in SQL; an STRtree over the
candidates' footprints (shapely 2) then finds those that really meet, and distances are geodesic
(pyproj). Conflicts found:

``flight_overlap``          two flights whose corridors (each line grown by half its width on the
                            ground), altitude bands and time windows all overlap;
``movement_in_zone``        a movement whose route crosses a no-strike or restricted zone while both
                            are valid;
``movement_near_incidents`` a movement whose route passes within ``incident_radius_km`` of incidents
                            of the last ``incident_hours`` (the conflict's terms).

Each conflict is stored once (its id depends only on what it joins) with what it was found from.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Any

import shapely  # type: ignore[import-untyped]
from shapely.geometry import shape  # type: ignore[import-untyped]
from shapely.geometry.base import BaseGeometry  # type: ignore[import-untyped]
from sqlalchemy import Connection, insert, select

from ceasefire.deconflict.shapes import footprint
from ceasefire.deconflict.terms import Terms
from ceasefire.deconflict.validate import Checked
from ceasefire.geo import centre_of, distance_km, distance_to_km, envelope, to_metres
from ceasefire.models import stable_id
from ceasefire.monitor.clock import aware, iso
from ceasefire.store.tables import deconfliction_conflicts, incidents, notifications

#: a site within this distance of a notified one, or a line within this Hausdorff distance, repeats it
SAME_SITE_KM = 0.1
SAME_LINE_M = 200.0
_CACHE_SIZE = 50_000


class Footprints:
    """Parsed footprints by (id, content hash): a stored notification is parsed and buffered once."""

    def __init__(self, size: int = _CACHE_SIZE) -> None:
        self._size = size
        self._found: OrderedDict[tuple[str, str], BaseGeometry] = OrderedDict()
        self._lock = threading.Lock()

    def of(self, row: dict[str, Any]) -> BaseGeometry:
        key = (row["id"], row["content_hash"])
        with self._lock:
            found = self._found.get(key)
            if found is not None:
                self._found.move_to_end(key)
                return found
        made = footprint(row["kind"], shape(row["geometry"]), row["width_m"])
        shapely.prepare(made)
        with self._lock:
            self._found[key] = made
            if len(self._found) > self._size:
                self._found.popitem(last=False)
        return made


FOOTPRINTS = Footprints()
#: what the checks read of a candidate (not its properties, flags or outcome)
CANDIDATE_COLUMNS = tuple(
    notifications.c[name]
    for name in ("id", "content_hash", "kind", "name", "function", "country", "geometry", "notified_by",
                 "notified_at", "valid_from", "valid_until", "coordinates_source", "precision_m", "verified",
                 "verified_by", "altitude_min_m", "altitude_max_m", "width_m", "min_lon", "min_lat", "max_lon",
                 "max_lat")
)  # fmt: skip


def candidates(conn: Connection, box: tuple[float, float, float, float], start: datetime, end: datetime,
               kinds: tuple[str, ...], exclude: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """Notifications of ``kinds`` whose envelope meets ``box`` and whose window meets [start, end]."""
    min_lon, min_lat, max_lon, max_lat = box
    query = select(*CANDIDATE_COLUMNS).where(
        notifications.c.kind.in_(kinds), notifications.c.valid_from <= end, notifications.c.valid_until >= start,
        notifications.c.min_lat <= max_lat, notifications.c.max_lat >= min_lat,
        notifications.c.min_lon <= max_lon, notifications.c.max_lon >= min_lon,
    )  # fmt: skip
    if exclude:
        query = query.where(notifications.c.id != exclude)
    return [dict(r) for r in conn.execute(query).mappings()]


def meeting(shape_: BaseGeometry, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows whose footprints intersect ``shape_`` (an STRtree over the candidates)."""
    if not rows:
        return []
    tree = shapely.STRtree([FOOTPRINTS.of(r) for r in rows])
    return [rows[i] for i in sorted(tree.query(shape_, predicate="intersects"))]


def grown(box: tuple[float, float, float, float], km: float) -> tuple[float, float, float, float]:
    """``box`` widened by ``km`` on every side."""
    lo = envelope(box[1], box[0], km)
    hi = envelope(box[3], box[2], km)
    return lo[0], lo[1], hi[2], hi[3]


# -- duplicates -------------------------------------------------------------------------------------


def duplicates(conn: Connection, checked: Checked, name: str, now: datetime) -> list[dict[str, Any]]:
    """Flags for notifications of the same kind at the same place while both are valid."""
    box = grown(checked.footprint.bounds, SAME_SITE_KM * 2)
    found = []
    for row in candidates(conn, box, checked.valid_from, checked.valid_until, (checked.kind,)):
        other = FOOTPRINTS.of(row)
        if checked.kind == "site":
            a, b = checked.footprint.representative_point(), other.representative_point()
            apart = distance_km(a.y, a.x, b.y, b.x) * 1000
            close = apart <= SAME_SITE_KM * 1000
        else:
            centre = centre_of(checked.footprint.centroid.y, checked.footprint.centroid.x)
            apart = float(to_metres(checked.footprint, centre).hausdorff_distance(to_metres(other, centre)))
            close = apart <= SAME_LINE_M
        if not close:
            continue
        same = row["name"].casefold() == name.casefold()
        found.append({"flag": "duplicate" if same else "near_duplicate", "field": "geometry", "of": row["id"],
                      "message": f"{'the same' if same else 'a'} {checked.kind} {row['name']!r} is notified "
                                 f"{apart:.0f} m away for an overlapping time ({row['id']})"})  # fmt: skip
    return found


# -- conflicts --------------------------------------------------------------------------------------


def conflicts_of(conn: Connection, row: dict[str, Any], terms: Terms, now: datetime) -> list[dict[str, Any]]:
    """Find, store and return the conflicts of one stored notification with what else is notified."""
    start, end = aware(row["valid_from"]), aware(row["valid_until"])
    if end < now:
        return []
    mine = FOOTPRINTS.of(row)
    box = (row["min_lon"], row["min_lat"], row["max_lon"], row["max_lat"])
    found: list[dict[str, Any]] = []
    if row["kind"] == "flight":
        for other in meeting(mine, candidates(conn, box, start, end, ("flight",), exclude=row["id"])):
            low = max(row["altitude_min_m"], other["altitude_min_m"])
            high = min(row["altitude_max_m"], other["altitude_max_m"])
            if low >= high:
                continue
            pair = sorted([row["id"], other["id"]])
            found.append(_conflict("flight_overlap", pair[0], pair[1], [], {
                "window": _overlap(row, other), "altitude_m": [low, high],
                "why": f"corridors of {row['name']!r} and {other['name']!r} overlap at {low:g}-{high:g} m "
                       "while both are valid"}))  # fmt: skip
    elif row["kind"] == "movement":
        for zone in meeting(mine, candidates(conn, box, start, end, ("zone",))):
            found.append(_crossing(row, zone))
        found += _near_incidents(conn, row, terms, now)
    elif row["kind"] == "zone":
        for movement in meeting(mine, candidates(conn, box, max(start, now), end, ("movement",))):
            found.append(_crossing(movement, row))
    return _store(conn, found, now)


def _crossing(movement: dict[str, Any], zone: dict[str, Any]) -> dict[str, Any]:
    return _conflict("movement_in_zone", movement["id"], zone["id"], [], {
        "window": _overlap(movement, zone),
        "why": f"the route of {movement['name']!r} crosses the zone {zone['name']!r} while both are valid"})  # fmt: skip


def _near_incidents(
    conn: Connection, row: dict[str, Any], terms: Terms, now: datetime
) -> list[dict[str, Any]]:
    km = terms.incident_radius_km
    min_lon, min_lat, max_lon, max_lat = grown(
        (row["min_lon"], row["min_lat"], row["max_lon"], row["max_lat"]), km
    )
    since = now - timedelta(hours=terms.incident_hours)
    rows = conn.execute(
        select(incidents.c.id, incidents.c.lat, incidents.c.lon, incidents.c.event_type, incidents.c.last_at)
        .where(incidents.c.merged_into.is_(None), incidents.c.last_at >= since, incidents.c.last_at <= now,
               incidents.c.lat.between(min_lat, max_lat), incidents.c.lon.between(min_lon, max_lon))
        .order_by(incidents.c.last_at.desc())
    ).mappings().all()  # fmt: skip
    route = FOOTPRINTS.of(row)
    near = [(r, distance_to_km(r["lat"], r["lon"], route)) for r in rows]
    near = [(r, d) for r, d in near if d <= km]
    if not near:
        return []
    ids = sorted(r["id"] for r, _ in near)
    return [_conflict("movement_near_incidents", row["id"], None, ids, {
        "incidents": [{"id": r["id"], "event_type": r["event_type"], "at": iso(r["last_at"]),
                       "distance_km": round(d, 2)} for r, d in near],
        "why": f"{len(near)} incident(s) within {km:g} km of the route in the last {terms.incident_hours:g} h"})]  # fmt: skip


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return [iso(max(aware(a["valid_from"]), aware(b["valid_from"]))),
            iso(min(aware(a["valid_until"]), aware(b["valid_until"])))]  # fmt: skip


def _conflict(kind: str, notification_id: str, other_id: str | None, incident_ids: list[str],
              detail: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    return {"id": "cfl-" + stable_id(kind, notification_id, other_id, *incident_ids), "kind": kind,
            "notification_id": notification_id, "other_id": other_id, "incident_ids": incident_ids,
            "detail": detail}  # fmt: skip


def _store(conn: Connection, found: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Store the conflicts not stored yet (two set queries); all of them, with when each was found."""
    if not found:
        return []
    known = dict(conn.execute(select(deconfliction_conflicts.c.id, deconfliction_conflicts.c.found_at)
                              .where(deconfliction_conflicts.c.id.in_([c["id"] for c in found]))).all())  # fmt: skip
    fresh = {c["id"]: c for c in found if c["id"] not in known}
    if fresh:
        conn.execute(insert(deconfliction_conflicts), [{**c, "found_at": now} for c in fresh.values()])
    return [{**c, "found_at": iso(known.get(c["id"], now))} for c in found]


def conflict_json(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "kind": row["kind"], "notification_id": row["notification_id"],
            "other_id": row["other_id"], "incident_ids": row["incident_ids"], "detail": row["detail"],
            "found_at": iso(row["found_at"])}  # fmt: skip


def list_conflicts(conn: Connection, notification_ids: list[str] | None = None,
                   limit: int = 200) -> list[dict[str, Any]]:  # fmt: skip
    """Stored conflicts, newest first; only those touching ``notification_ids`` when given."""
    query = select(deconfliction_conflicts).order_by(deconfliction_conflicts.c.found_at.desc(),
                                                     deconfliction_conflicts.c.id).limit(limit)  # fmt: skip
    if notification_ids is not None:
        query = query.where(deconfliction_conflicts.c.notification_id.in_(notification_ids)
                            | deconfliction_conflicts.c.other_id.in_(notification_ids))  # fmt: skip
    return [conflict_json(dict(r)) for r in conn.execute(query).mappings()]


def check_all(conn: Connection, terms_of: Any, now: datetime) -> list[dict[str, Any]]:
    """Recheck every notification still valid (``ceasefire deconflict check``)."""
    rows = conn.execute(select(notifications).where(notifications.c.valid_until >= now)
                        .order_by(notifications.c.notified_at)).mappings().all()  # fmt: skip
    found: list[dict[str, Any]] = []
    for row in rows:
        found += conflicts_of(conn, dict(row), terms_of(row["country"]), now)
    return found
