"""Distances and areas: ceasefire scopes, incidents and alert rules (points as lat/lon degrees, WGS 84)."""

from __future__ import annotations

import math
from typing import Any

EARTH_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def in_area(area: dict[str, Any], lat: float, lon: float) -> bool:
    """Point in a GeoJSON geometry, Feature or FeatureCollection (Polygon / MultiPolygon)."""
    kind = area.get("type")
    if kind == "Feature":
        return in_area(area.get("geometry") or {}, lat, lon)
    if kind == "FeatureCollection":
        return any(in_area(f, lat, lon) for f in area.get("features", []))
    return contains(area, lon, lat)


def valid_area(area: dict[str, Any]) -> str | None:
    """What is wrong with a GeoJSON area, or None when it can be used."""
    kind = area.get("type")
    if kind == "Feature":
        return valid_area(area.get("geometry") or {})
    if kind == "FeatureCollection":
        features = area.get("features")
        if not isinstance(features, list) or not features:
            return "a FeatureCollection needs a non-empty features list"
        return next((p for f in features if isinstance(f, dict) and (p := valid_area(f))), None)
    if kind not in {"Polygon", "MultiPolygon"}:
        return f"area type must be Polygon, MultiPolygon, Feature or FeatureCollection, not {kind!r}"
    polygons = [area.get("coordinates")] if kind == "Polygon" else area.get("coordinates")
    if not isinstance(polygons, list) or not polygons:
        return "area coordinates are missing"
    for rings in polygons:
        if not isinstance(rings, list) or not rings:
            return "a polygon needs at least one ring"
        for ring in rings:
            if not isinstance(ring, list) or len(ring) < 4:
                return "a ring needs at least four positions"
            for pos in ring:
                if not (
                    isinstance(pos, list)
                    and len(pos) >= 2
                    and all(isinstance(v, int | float) for v in pos[:2])
                ):
                    return "a position is [lon, lat]"
                if not (-180 <= pos[0] <= 180 and -90 <= pos[1] <= 90):
                    return f"position {pos[:2]} is out of range"
    return None


def contains(geometry: dict[str, Any], lon: float, lat: float) -> bool:
    """Point in a GeoJSON Polygon or MultiPolygon (holes respected), by ray casting."""
    kind = geometry.get("type")
    polygons = (
        [geometry["coordinates"]]
        if kind == "Polygon"
        else geometry.get("coordinates", [])
        if kind == "MultiPolygon"
        else []
    )
    for rings in polygons:
        if rings and _in_ring(rings[0], lon, lat) and not any(_in_ring(hole, lon, lat) for hole in rings[1:]):
            return True
    return False


def _in_ring(ring: list[list[float]], x: float, y: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside
