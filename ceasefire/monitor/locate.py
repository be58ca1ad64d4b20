"""Where a report happened: a point, a place name resolved with the gazetteer, and the country.

A point with no country named takes the country of the nearest populated place within 60 km
(a grid of the gazetteer's places, built on first use); farther out the country stays unknown
rather than guessed. Precision follows ACLED: 1 a point or a town, 2 near a town, 3 a region.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from ceasefire.errors import InputError
from ceasefire.geo import distance_km
from ceasefire.knowledge.gazetteer import Gazetteer
from ceasefire.monitor.schemas import Location

NEAREST_KM = 60.0
#: places measured exactly after the flat approximation ranked them
_MEASURED = 5
_GEO_PRECISION = {"exact": 1, "city": 1, "region": 3, "country": 3}


@dataclass(frozen=True, slots=True)
class Located:
    lat: float | None
    lon: float | None
    place: str | None
    country: str | None
    geo_precision: int
    resolved: dict[str, Any] | None

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class _Cell:
    """The places of one one-degree cell, as arrays."""

    lats: np.ndarray[Any, np.dtype[np.float64]]
    lons: np.ndarray[Any, np.dtype[np.float64]]
    countries: list[str]

    @classmethod
    def of(cls, places: list[tuple[float, float, str]]) -> _Cell:
        return cls(np.array([p[0] for p in places]), np.array([p[1] for p in places]), [p[2] for p in places])


class Locator:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._grid: dict[tuple[int, int], _Cell] | None = None
        self._lock = threading.Lock()

    def locate(self, location: Location) -> Located:
        countries = frozenset({location.country}) if location.country else frozenset()
        resolved = None
        if location.place:
            place = self.gazetteer.resolve(location.place, countries)
            if place is None and location.lat is None:
                raise InputError(
                    "location.place", f"unknown place {location.place!r}: give coordinates (lat, lon)"
                )
            resolved = place
        if location.lat is not None and location.lon is not None:
            country = (
                location.country
                or (resolved.country if resolved else None)
                or self.country_at(location.lat, location.lon)
            )
            return Located(location.lat, location.lon, location.place, country, 1,
                           resolved.to_json() if resolved else None)  # fmt: skip
        assert resolved is not None
        return Located(resolved.lat, resolved.lon, location.place, location.country or resolved.country,
                       _GEO_PRECISION.get(resolved.precision, 3), resolved.to_json())  # fmt: skip

    def country_at(self, lat: float, lon: float) -> str | None:
        """The country of the nearest place within ``NEAREST_KM``: the few nearest by a flat
        approximation (over the places of the 3 x 3 one-degree cells around the point, as arrays) are
        measured on the ellipsoid (hundreds of places lie around a town)."""
        grid = self._settlements()
        row, col = math.floor(lat), math.floor(lon)
        cells = [
            grid[key]
            for key in ((row + dr, col + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1))
            if key in grid
        ]
        if not cells:
            return None
        lats = np.concatenate([c.lats for c in cells])
        lons = np.concatenate([c.lons for c in cells])
        countries = [country for c in cells for country in c.countries]
        flat = (lats - lat) ** 2 + (lons - lon) ** 2 * math.cos(math.radians(lat)) ** 2
        nearest = (
            np.argpartition(flat, _MEASURED - 1)[:_MEASURED] if len(flat) > _MEASURED else range(len(flat))
        )
        best: tuple[float, str] | None = None
        for i in nearest:
            d = distance_km(lat, lon, float(lats[i]), float(lons[i]))
            if d <= NEAREST_KM and (best is None or d < best[0]):
                best = (d, countries[i])
        return best[1] if best else None

    def _settlements(self) -> dict[tuple[int, int], _Cell]:
        with self._lock:
            if self._grid is None:
                found: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
                for lat, lon, country in self.gazetteer.index.settlements():
                    found.setdefault((math.floor(lat), math.floor(lon)), []).append((lat, lon, country))
                self._grid = {key: _Cell.of(places) for key, places in found.items()}
            return self._grid
