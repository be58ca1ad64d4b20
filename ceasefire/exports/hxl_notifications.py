"""Deconfliction notifications as HXL-tagged CSV: headers, hashtags, one notification a row.

For humanitarian tools (HDX, HXL Proxy) that read the hashtags, beside ``hxl_csv.py`` for events.
The position is the notification's representative point (``#geo+lat``/``#geo+lon``) with the whole
geometry as WKT; recipients and their acknowledgements are ``"; "``-joined party names. The file
carries exact positions: write it only from the rows an account may see exactly.

| header | hashtag |
|---|---|
| Notification ID | ``#meta+id`` |
| Kind | ``#loc+type+notification`` (site, movement, flight, zone) |
| Name | ``#loc+name`` |
| Function | ``#loc+type+function`` (hospital, school, ...) |
| Country code / Country | ``#country+code`` (alpha-3) / ``#country+name`` |
| Latitude / Longitude | ``#geo+lat`` / ``#geo+lon`` |
| Geometry | ``#geo+wkt`` |
| Notified by / Notified at | ``#org+name+notifier`` / ``#date+reported`` |
| Valid from / Valid until | ``#date+start`` / ``#date+end`` |
| State / Emergency | ``#status+notification`` / ``#status+emergency`` |
| Coordinates source / Precision (m) | ``#meta+source+coordinates`` / ``#geo+precision`` |
| Verified / Verified by | ``#status+verified`` / ``#org+name+verifier`` |
| Altitude min / max (m), Corridor width (m) | ``#geo+elevation+min`` / ``+max``, ``#geo+width`` |
| Recipients / Acknowledged by / Overdue | ``#org+name+recipient`` / ``+acknowledged`` / ``+overdue`` |
| Outcome | ``#access+outcome`` (facilitated, partially_facilitated, impeded, denied, postponed) |
| Flags | ``#meta+flags`` |
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TextIO

from shapely.geometry import shape  # type: ignore[import-untyped]

from ceasefire.deconflict.notifications import recipient_state, state_of
from ceasefire.exports.cells import SafeWriter
from ceasefire.exports.rows import country
from ceasefire.monitor.clock import iso

COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("Notification ID", "#meta+id", "id"),
    ("Kind", "#loc+type+notification", "kind"),
    ("Name", "#loc+name", "name"),
    ("Function", "#loc+type+function", "function"),
    ("Country code", "#country+code", "country_code"),
    ("Country", "#country+name", "country"),
    ("Latitude", "#geo+lat", "lat"),
    ("Longitude", "#geo+lon", "lon"),
    ("Geometry", "#geo+wkt", "wkt"),
    ("Notified by", "#org+name+notifier", "notifier"),
    ("Notified at", "#date+reported", "notified_at"),
    ("Valid from", "#date+start", "valid_from"),
    ("Valid until", "#date+end", "valid_until"),
    ("State", "#status+notification", "state"),
    ("Emergency", "#status+emergency", "emergency"),
    ("Coordinates source", "#meta+source+coordinates", "coordinates_source"),
    ("Precision (m)", "#geo+precision", "precision_m"),
    ("Verified", "#status+verified", "verified"),
    ("Verified by", "#org+name+verifier", "verified_by"),
    ("Altitude min (m)", "#geo+elevation+min", "altitude_min_m"),
    ("Altitude max (m)", "#geo+elevation+max", "altitude_max_m"),
    ("Corridor width (m)", "#geo+width", "width_m"),
    ("Recipients", "#org+name+recipient", "recipients"),
    ("Acknowledged by", "#org+name+acknowledged", "acknowledged"),
    ("Overdue", "#org+name+overdue", "overdue"),
    ("Outcome", "#access+outcome", "outcome"),
    ("Flags", "#meta+flags", "flags"),
)
HEADERS: tuple[str, ...] = tuple(h for h, _, _ in COLUMNS)
HASHTAGS: tuple[str, ...] = tuple(t for _, t, _ in COLUMNS)


def write_hxl_notifications(rows: Iterable[tuple[dict[str, Any], list[dict[str, Any]]]], out: TextIO,
                            now: datetime) -> int:  # fmt: skip
    """Write headers, hashtags and one row per (notification, its recipients); return how many."""
    writer = SafeWriter(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerow(HASHTAGS)
    count = 0
    for row, recipients in rows:
        cells = notification_row(row, recipients, now)
        writer.writerow(_cell(cells.get(key)) for _, _, key in COLUMNS)
        count += 1
    return count


def notification_row(row: dict[str, Any], recipients: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    geometry = shape(row["geometry"])
    point = geometry.representative_point()
    where = country(row["country"])
    states = [(r["party"], recipient_state(r, now)) for r in recipients]
    return {
        "id": row["id"], "kind": row["kind"], "name": row["name"], "function": row["function"],
        "country_code": where.alpha3 if where else row["country"], "country": where.name if where else None,
        "lat": round(point.y, 6), "lon": round(point.x, 6), "wkt": geometry.wkt,
        "notifier": row.get("notifier"), "notified_at": iso(row["notified_at"]),
        "valid_from": iso(row["valid_from"]), "valid_until": iso(row["valid_until"]), "state": state_of(row, now),
        "emergency": "yes" if row["emergency"] else "no", "coordinates_source": row["coordinates_source"],
        "precision_m": row["precision_m"], "verified": "yes" if row["verified"] else "no",
        "verified_by": row["verified_by"], "altitude_min_m": row["altitude_min_m"],
        "altitude_max_m": row["altitude_max_m"], "width_m": row["width_m"],
        "recipients": "; ".join(p for p, _ in states),
        "acknowledged": "; ".join(p for p, s in states if s == "acknowledged"),
        "overdue": "; ".join(p for p, s in states if s == "overdue"),
        "outcome": row["outcome"], "flags": "; ".join(f["flag"] for f in row["flags"] or []),
    }  # fmt: skip


def _cell(value: Any) -> str | int | float:
    if value is None:
        return ""
    return value if isinstance(value, str | int | float) else str(value)
