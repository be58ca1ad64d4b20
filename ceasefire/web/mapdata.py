"""The map's layers, clustered on the server: events (by the place they were coded with), incidents
(as the caller's role may see them: a monitor's own position blurred in public views, a party only
what names it) and notified sites, movements, flights and zones (``sites``: exact or blurred as
``deconflict/views.py`` decides for the caller, as the deconfliction API shows them).

Clustering is a grid whose cell shrinks as the map zooms in (``cell_degrees``); every cluster says
how many of its points are exact, city, region or country-level, so the map can show precision.
Layers are the ``LAYERS`` table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from shapely.geometry import shape  # type: ignore[import-untyped]
from sqlalchemy import Connection, Integer, case, cast, exists, func, insert, select
from sqlalchemy.exc import IntegrityError

from ceasefire.deconflict import views
from ceasefire.monitor import clock
from ceasefire.monitor.access import PUBLIC
from ceasefire.monitor.accounts import Account
from ceasefire.store.database import Store
from ceasefire.store.tables import accounts, events, incidents, map_points, notifications, reports
from ceasefire.web.api_incidents import _visible as incidents_visible_to

PRECISIONS = ("exact", "city", "region", "country")
#: an incident's ACLED-style geo precision (1 exact .. 3 region) in the words the events use
GEO_PRECISION = {1: "exact", 2: "city", 3: "region"}
MAX_INCIDENTS = 5000
MAX_SITES = 5000


@dataclass(frozen=True, slots=True)
class MapQuery:
    since: date | None = None
    until: date | None = None
    zoom: int = 2
    south: float = -90.0
    west: float = -180.0
    north: float = 90.0
    east: float = 180.0
    event: str | None = None  # one PLOVER type

    def to_json(self) -> dict[str, Any]:
        return {"since": _iso(self.since), "until": _iso(self.until), "zoom": self.zoom, "event": self.event,
                "bbox": [self.south, self.west, self.north, self.east]}  # fmt: skip


def cell_degrees(zoom: int) -> float:
    """Grid cell of a cluster: about a quarter of a map tile at this zoom."""
    return 360.0 / float(2 ** max(0, min(zoom, 18))) / 4


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def sync_points(store: Store) -> int:
    """Read the place of every event not yet in ``map_points`` out of its record (one INSERT ... SELECT).

    Points go with their events (``ON DELETE CASCADE``), so the two tables have as many rows exactly
    when every event has its point; a count of each tells when there is work. Returns rows added.
    """
    with store.engine.connect() as conn:
        have = conn.execute(select(func.count()).select_from(map_points)).scalar()
        want = conn.execute(select(func.count()).select_from(events)).scalar()
    if have == want:
        return 0
    place = events.c.record["place"]
    missing = ~exists().where(map_points.c.event_id == events.c.id)
    rows = select(events.c.id, events.c.doc_id, events.c.event, events.c.date, place["lat"].as_float(),
                  place["lon"].as_float(), place["precision"].as_string()).where(missing)  # fmt: skip
    columns = ["event_id", "doc_id", "event", "date", "lat", "lon", "precision"]
    try:
        with store.transaction() as conn:
            return int(conn.execute(insert(map_points).from_select(columns, rows)).rowcount or 0)
    except IntegrityError:  # another request filled them first
        return 0


def event_clusters(conn: Connection, q: MapQuery, account: Account) -> list[dict[str, Any]]:
    lat, lon, precision = map_points.c.lat, map_points.c.lon, map_points.c.precision
    cell = cell_degrees(q.zoom)
    gy = cast((lat + 90.0) / cell, Integer)
    gx = cast((lon + 180.0) / cell, Integer)
    counted = [func.sum(case((precision == p, 1), else_=0)).label(p) for p in PRECISIONS]
    query = (
        select(gy.label("gy"), gx.label("gx"), func.count().label("n"), func.avg(lat).label("lat"),
               func.avg(lon).label("lon"), func.min(map_points.c.event_id).label("one"),
               func.min(map_points.c.doc_id).label("doc"), func.min(map_points.c.date).label("first"),
               func.max(map_points.c.date).label("last"), *counted)
        .where(lat.between(q.south, q.north), lon.between(q.west, q.east))
        .group_by(gy, gx)
    )  # fmt: skip
    if q.since:
        query = query.where(map_points.c.date >= q.since)
    if q.until:
        query = query.where(map_points.c.date <= q.until)
    if q.event:
        query = query.where(map_points.c.event == q.event)
    found = []
    for r in conn.execute(query):
        found.append({
            "lat": round(float(r.lat), 5), "lon": round(float(r.lon), 5), "count": int(r.n),
            "event_id": r.one if r.n == 1 else None, "doc_id": r.doc if r.n == 1 else None,
            "first": _iso(r.first), "last": _iso(r.last),
            "precision": {p: int(getattr(r, p) or 0) for p in PRECISIONS},
        })  # fmt: skip
    return found


def incident_points(
    conn: Connection, q: MapQuery, account: Account, blur_decimals: int
) -> list[dict[str, Any]]:
    """Incidents in the window, clustered on the same grid, as ``account`` may see them."""
    own = exists().where(reports.c.incident_id == incidents.c.id, reports.c.own_position.is_(True))
    query = select(incidents.c.id, incidents.c.event_type, incidents.c.lat, incidents.c.lon, incidents.c.place,
                   incidents.c.grade, incidents.c.verification, incidents.c.geo_precision, incidents.c.last_at,
                   own.label("own")).where(incidents.c.merged_into.is_(None), incidents.c.lat.is_not(None))  # fmt: skip
    if q.since:
        query = query.where(incidents.c.last_at >= datetime.combine(q.since, time.min, UTC))
    if q.until:
        query = query.where(
            incidents.c.first_at < datetime.combine(q.until + timedelta(days=1), time.min, UTC)
        )
    if (clause := incidents_visible_to(account)) is not None:
        query = query.where(clause)
    cell = cell_degrees(q.zoom)
    clusters: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for r in conn.execute(query.order_by(incidents.c.last_at.desc()).limit(MAX_INCIDENTS)):
        lat, lon, blurred = float(r.lat), float(r.lon), False
        if account.role in PUBLIC and r.own:
            lat, lon, blurred = round(lat, blur_decimals), round(lon, blur_decimals), True
        if not (q.south <= lat <= q.north and q.west <= lon <= q.east):
            continue
        point = {"id": r.id, "event_type": r.event_type, "lat": lat, "lon": lon, "place": r.place, "grade": r.grade,
                 "verification": r.verification, "last_at": r.last_at.isoformat(), "blurred": blurred,
                 "precision": "region" if blurred else GEO_PRECISION.get(r.geo_precision, "region")}  # fmt: skip
        clusters.setdefault((int((lat + 90) / cell), int((lon + 180) / cell)), []).append(point)
    out = []
    for members in clusters.values():
        first = members[0]
        out.append({
            "lat": round(sum(m["lat"] for m in members) / len(members), 5),
            "lon": round(sum(m["lon"] for m in members) / len(members), 5), "count": len(members),
            "incident": first if len(members) == 1 else None,
            "precision": {p: sum(1 for m in members if m["precision"] == p) for p in PRECISIONS},
        })  # fmt: skip
    return out


def _site_window(q: MapQuery, now: datetime) -> tuple[datetime, datetime | None]:
    """Notifications shown: valid at some time in the window; on the slider's day when the window is
    open at the start; not yet expired when the map names no day at all."""
    until = datetime.combine(q.until, time.max, UTC) if q.until else None
    if q.since:
        return datetime.combine(q.since, time.min, UTC), until
    return (datetime.combine(q.until, time.min, UTC), until) if q.until else (now, None)


def notified_sites(
    conn: Connection, q: MapQuery, account: Account, blur_decimals: int
) -> list[dict[str, Any]]:
    """Notifications in the window, clustered on the same grid, each as ``views.notification_view``
    shows it to ``account``: its exact geometry, or only the blurred point (precision ``region``)."""
    now = clock.now()
    start, until = _site_window(q, now)
    margin = 10.0**-blur_decimals  # a blurred point may lie this far outside the envelope
    query = (
        select(notifications, accounts.c.name.label("notifier"), accounts.c.role.label("notifier_role"))
        .join(accounts, accounts.c.id == notifications.c.notified_by)
        .where(notifications.c.valid_until >= start,
               notifications.c.min_lat <= q.north + margin, notifications.c.max_lat >= q.south - margin,
               notifications.c.min_lon <= q.east + margin, notifications.c.max_lon >= q.west - margin)
        .order_by(notifications.c.notified_at.desc(), notifications.c.id).limit(MAX_SITES)
    )  # fmt: skip
    if until is not None:
        query = query.where(notifications.c.valid_from <= until)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    cell = cell_degrees(q.zoom)
    clusters: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for view in views.views(conn, rows, account, now, blur_decimals):
        geometry = view["feature"]["geometry"]
        if view["blurred"]:
            lon, lat = geometry["coordinates"]
        else:
            point = shape(geometry).representative_point()
            lon, lat = round(point.x, 5), round(point.y, 5)
        if not (q.south <= lat <= q.north and q.west <= lon <= q.east):
            continue
        site = {"id": view["id"], "kind": view["kind"], "function": view["function"], "state": view["state"],
                "country": view["country"], "name": view.get("name"), "lat": lat, "lon": lon,
                "blurred": view["blurred"], "precision": "region" if view["blurred"] else "exact",
                "recipient_count": view["recipient_count"], "acknowledged": view["acknowledged"],
                "overdue": view["overdue"], "geometry": None if view["blurred"] else geometry}  # fmt: skip
        clusters.setdefault((int((lat + 90) / cell), int((lon + 180) / cell)), []).append(site)
    out = []
    for members in clusters.values():
        kinds: dict[str, int] = {}
        for m in members:
            kinds[m["kind"]] = kinds.get(m["kind"], 0) + 1
        out.append({
            "lat": round(sum(m["lat"] for m in members) / len(members), 5),
            "lon": round(sum(m["lon"] for m in members) / len(members), 5), "count": len(members),
            "site": members[0] if len(members) == 1 else None, "kinds": kinds,
            "overdue": sum(1 for m in members if m["overdue"]),
            "precision": {p: sum(1 for m in members if m["precision"] == p) for p in PRECISIONS},
        })  # fmt: skip
    return out


Layer = Callable[[Connection, MapQuery, Account, int], list[dict[str, Any]]]

#: every layer the map can draw, by name
LAYERS: dict[str, Layer] = {
    "events": lambda conn, q, account, blur: event_clusters(conn, q, account),
    "incidents": incident_points,
    "sites": notified_sites,
}
#: each layer's name on the map's controls
LABELS = {"events": "events", "incidents": "incidents", "sites": "notified sites"}


def date_range(conn: Connection) -> tuple[date | None, date | None]:
    """The first and last day the map's time slider can reach: the events' days, widened to the days
    notifications begin (so that a site notified today is on the slider)."""
    first = conn.execute(select(func.min(map_points.c.date))).scalar()
    last = conn.execute(select(func.max(map_points.c.date))).scalar()
    began = conn.execute(
        select(func.min(notifications.c.valid_from), func.max(notifications.c.valid_from))
    ).one()
    days = [d for d in (first, last) if d is not None]
    days += [clock.aware(at).date() for at in began if at is not None]
    return (min(days), max(days)) if days else (None, None)


def map_data(conn: Connection, q: MapQuery, account: Account, blur_decimals: int,
             layers: tuple[str, ...] = tuple(LAYERS)) -> dict[str, Any]:  # fmt: skip
    first, last = date_range(conn)
    return {
        "query": q.to_json(), "cell_degrees": cell_degrees(q.zoom),
        "range": {"first": _iso(first), "last": _iso(last)},
        "layers": {name: LAYERS[name](conn, q, account, blur_decimals) for name in layers if name in LAYERS},
    }  # fmt: skip
