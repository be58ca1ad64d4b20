"""A notification's geometry: read from GeoJSON with its positions checked, and its footprint.

The footprint is what the checks compare, in lon/lat: a site or zone as given, a movement's route
as a line, a flight's corridor as its line grown by half its width on the ground (a geodesic buffer).
"""

from __future__ import annotations

import itertools
from typing import Any

import shapely  # type: ignore[import-untyped]
from shapely.geometry import shape  # type: ignore[import-untyped]
from shapely.geometry.base import BaseGeometry  # type: ignore[import-untyped]

from ceasefire.deconflict.schemas import GEOMETRIES
from ceasefire.errors import InputError
from ceasefire.geo import distance_km, geodesic_buffer

#: two legs of a route further apart than this do not join
JOIN_KM = 0.05
MAX_POSITIONS = 5000


def read_geometry(geometry: dict[str, Any], kind: str) -> BaseGeometry:
    """The shapely geometry of a notification of ``kind``, or an ``InputError`` naming the field."""
    gtype = geometry.get("type")
    allowed = GEOMETRIES[kind]
    if gtype not in allowed:
        raise InputError("geometry.type", f"a {kind} is a {' or a '.join(allowed)}, not {gtype!r}")
    positions = list(_positions(geometry.get("coordinates"), _depth(gtype)))
    if len(positions) > MAX_POSITIONS:
        raise InputError("geometry.coordinates", f"at most {MAX_POSITIONS} positions")
    for pos in positions:
        if not -180 <= pos[0] <= 180 or not -90 <= pos[1] <= 90:
            raise InputError("geometry.coordinates",
                             f"position {pos[:2]} is out of range: [longitude -180..180, latitude -90..90]")  # fmt: skip
    try:
        found = shape({"type": gtype, "coordinates": geometry["coordinates"]})
    except (ValueError, TypeError, IndexError, shapely.errors.ShapelyError) as exc:
        raise InputError("geometry.coordinates", f"not a {gtype}: {exc}") from exc
    if gtype in {"Polygon", "MultiPolygon"} and not found.is_valid:
        raise InputError(
            "geometry.coordinates", f"the polygon is not valid: {shapely.is_valid_reason(found)}"
        )
    if gtype in {"LineString", "MultiLineString"}:
        _continuous(found)
    return found


def _depth(gtype: str) -> int:
    return {"Point": 0, "LineString": 1, "Polygon": 2, "MultiLineString": 2, "MultiPolygon": 3}[gtype]


def _positions(value: Any, depth: int) -> Any:
    """Every ``[lon, lat]`` position of a coordinates array ``depth`` levels deep."""
    if depth == 0:
        if not (isinstance(value, list) and 2 <= len(value) <= 3 and
                all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)):  # fmt: skip
            raise InputError("geometry.coordinates", "a position is [longitude, latitude] in degrees")
        yield value
        return
    if not isinstance(value, list) or not value:
        raise InputError("geometry.coordinates", "coordinates are missing or empty")
    for item in value:
        yield from _positions(item, depth - 1)


def _continuous(line: BaseGeometry) -> None:
    parts = list(line.geoms) if line.geom_type == "MultiLineString" else [line]
    for number, part in enumerate(parts, 1):
        if len(part.coords) < 2:
            raise InputError("geometry.coordinates", f"leg {number} of the route needs two positions")
    for number, (a, b) in enumerate(itertools.pairwise(parts), 1):
        (lon1, lat1), (lon2, lat2) = a.coords[-1][:2], b.coords[0][:2]
        gap = distance_km(lat1, lon1, lat2, lon2)
        if gap > JOIN_KM:
            raise InputError("geometry.coordinates",
                             f"the route is not continuous: part {number} ends {gap:.2f} km from where part "
                             f"{number + 1} starts")  # fmt: skip


def route_positions(geometry: BaseGeometry) -> list[list[float]]:
    """A route's positions in order (the parts of a MultiLineString joined)."""
    parts = list(geometry.geoms) if geometry.geom_type == "MultiLineString" else [geometry]
    out: list[list[float]] = []
    for part in parts:
        coords = [list(c[:2]) for c in part.coords]
        out += coords if not out else coords[1:] if coords[0] == out[-1] else coords
    return out


def footprint(kind: str, geometry: BaseGeometry, width_m: float | None) -> BaseGeometry:
    """What the checks compare: a flight's corridor grown by half its width, anything else as given."""
    if kind == "flight" and width_m:
        return geodesic_buffer(geometry, width_m / 2)
    return geometry
