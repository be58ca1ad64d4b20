"""Distances, areas and buffers on the WGS 84 ellipsoid, with shapely 2 and pyproj (no hand-written geometry).

Points are lat/lon degrees; GeoJSON positions are ``[lon, lat]``. Distances are geodesic
(``pyproj.Geod``). Buffers, corridors and point-to-line distances are computed in metres in a local
azimuthal equidistant projection (``aeqd``) centred on the whole degree nearest the place: distances
from the centre are true, and within a few hundred kilometres of it the error is under 0.1 %.
Transformers are cached per centre, since making one costs milliseconds and using one microseconds.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any

import numpy as np
import shapely  # type: ignore[import-untyped]
from pyproj import CRS, Geod, Transformer
from shapely.geometry import shape  # type: ignore[import-untyped]
from shapely.geometry.base import BaseGeometry  # type: ignore[import-untyped]

EARTH_KM = 6371.0088
GEOD = Geod(ellps="WGS84")
#: kilometres in one degree of latitude (the short end: envelopes built with it are never too small)
KM_PER_DEGREE = 110.5


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance on the WGS 84 ellipsoid."""
    _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
    return float(metres) / 1000.0


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
    """Point strictly inside a GeoJSON Polygon or MultiPolygon (holes respected); other types hold nothing."""
    if geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        return False
    found = _polygon(json.dumps(geometry, sort_keys=True))
    return found is not None and bool(shapely.contains_xy(found, lon, lat))


@lru_cache(maxsize=512)
def _polygon(key: str) -> BaseGeometry | None:
    """A prepared shapely polygon from its GeoJSON (cached: scopes and rule areas repeat)."""
    try:
        found = shape(json.loads(key))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, shapely.errors.ShapelyError):
        return None
    if not found.is_valid:
        found = shapely.make_valid(found)
    shapely.prepare(found)
    return found


# -- metres: local projections, buffers, envelopes --------------------------------------------------


@lru_cache(maxsize=1024)
def _transformers(lat0: int, lon0: int) -> tuple[Transformer, Transformer]:
    local = CRS.from_proj4(f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs")
    return (Transformer.from_crs("EPSG:4326", local, always_xy=True),
            Transformer.from_crs(local, "EPSG:4326", always_xy=True))  # fmt: skip


def centre_of(lat: float, lon: float) -> tuple[int, int]:
    """The projection centre used for a place: the nearest whole degree (clamped off the poles)."""
    return max(-89, min(89, round(lat))), ((round(lon) + 180) % 360) - 180


def to_metres(geometry: BaseGeometry, centre: tuple[int, int]) -> BaseGeometry:
    """``geometry`` (lon/lat) in metres of the local projection at ``centre`` (see ``centre_of``)."""
    forward, _ = _transformers(*centre)
    return shapely.transform(geometry, lambda xy: np.column_stack(forward.transform(xy[:, 0], xy[:, 1])))


def to_degrees(geometry: BaseGeometry, centre: tuple[int, int]) -> BaseGeometry:
    """The inverse of ``to_metres``."""
    _, back = _transformers(*centre)
    return shapely.transform(geometry, lambda xy: np.column_stack(back.transform(xy[:, 0], xy[:, 1])))


def geodesic_buffer(geometry: BaseGeometry, metres: float) -> BaseGeometry:
    """``geometry`` (lon/lat) grown by ``metres`` on the ground, back in lon/lat."""
    point = geometry.representative_point()
    centre = centre_of(point.y, point.x)
    return to_degrees(to_metres(geometry, centre).buffer(metres, quad_segs=16), centre)


def distance_to_km(lat: float, lon: float, geometry: BaseGeometry) -> float:
    """Shortest distance on the ground from a point to a lon/lat geometry (0 inside a polygon)."""
    if isinstance(geometry, shapely.Point):
        return distance_km(lat, lon, geometry.y, geometry.x)
    centre = centre_of(lat, lon)
    here = to_metres(shapely.Point(lon, lat), centre)
    return float(here.distance(to_metres(geometry, centre))) / 1000.0


def length_km(coordinates: list[list[float]]) -> float:
    """Geodesic length of a line of ``[lon, lat]`` positions."""
    if len(coordinates) < 2:
        return 0.0
    lons, lats = zip(*((p[0], p[1]) for p in coordinates), strict=True)
    return float(GEOD.line_length(lons, lats)) / 1000.0


def envelope(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """A lon/lat box (min_lon, min_lat, max_lon, max_lat) that holds every point within ``km``."""
    dlat = km / KM_PER_DEGREE
    dlon = km / (KM_PER_DEGREE * max(math.cos(math.radians(min(89.0, abs(lat) + dlat))), 0.01))
    return lon - dlon, max(-90.0, lat - dlat), lon + dlon, min(90.0, lat + dlat)
