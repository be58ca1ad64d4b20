"""Whether coordinates lie in the country a notification states, and near the place it names.

A point's country is read from the populated places around it (the gazetteer's towns of 500 people
or more, in an STRtree): it is in the stated country when the nearest town within 60 km is, or
when a town of the stated country lies within ``BORDER_KM`` (a site close to a border may be
nearer a town across it). With no town within 60 km (open sea, empty desert) the country cannot be
told, and the notification is flagged instead of refused.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import shapely  # type: ignore[import-untyped]

from ceasefire.geo import distance_km, envelope
from ceasefire.knowledge.gazetteer import Gazetteer

NEAREST_KM = 60.0
BORDER_KM = 15.0
#: a named place farther than this from the coordinates contradicts them (a region: ``REGION_KM``)
PLACE_KM = 25.0
REGION_KM = 150.0


@dataclass(frozen=True, slots=True)
class CountryAt:
    """The country of the nearest town (None: no town within 60 km) and how far the nearest town of
    the stated country is (None: none within 60 km)."""

    stated: str
    nearest: str | None
    nearest_km: float | None
    stated_km: float | None

    def holds(self) -> bool | None:
        """True inside the stated country, False outside, None when it cannot be told."""
        if self.nearest is None:
            return None
        return self.nearest == self.stated or (self.stated_km is not None and self.stated_km <= BORDER_KM)


class Towns:
    """The gazetteer's towns in an STRtree (built on first use, then kept)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._lock = threading.Lock()
        self._tree: shapely.STRtree | None = None
        self._lat = np.empty(0)
        self._lon = np.empty(0)
        self._country: list[str] = []

    def _built(self) -> shapely.STRtree:
        with self._lock:
            if self._tree is None:
                rows = list(self.gazetteer.index.settlements())
                self._lat = np.array([r[0] for r in rows], dtype=float)
                self._lon = np.array([r[1] for r in rows], dtype=float)
                self._country = [r[2] for r in rows]
                self._tree = shapely.STRtree(shapely.points(self._lon, self._lat))
            return self._tree

    def country_at(self, lat: float, lon: float, stated: str) -> CountryAt:
        tree = self._built()
        found = tree.query(shapely.box(*envelope(lat, lon, NEAREST_KM)))
        near = sorted((distance_km(lat, lon, float(self._lat[i]), float(self._lon[i])), self._country[i])
                      for i in found)  # fmt: skip
        near = [(d, c) for d, c in near if d <= NEAREST_KM]
        if not near:
            return CountryAt(stated, None, None, None)
        stated_km = next((d for d, c in near if c == stated), None)
        return CountryAt(stated, near[0][1], near[0][0], stated_km)


_TOWNS: dict[int, Towns] = {}
_TOWNS_LOCK = threading.Lock()


def towns_of(gazetteer: Gazetteer) -> Towns:
    """One ``Towns`` per gazetteer in this process."""
    with _TOWNS_LOCK:
        found = _TOWNS.get(id(gazetteer))
        if found is None or found.gazetteer is not gazetteer:
            found = _TOWNS[id(gazetteer)] = Towns(gazetteer)
        return found


def place_mismatch(gazetteer: Gazetteer, name: str, country: str, lat: float, lon: float) -> str | None:
    """Why the place ``name`` contradicts the point, or None when it agrees (or is unknown)."""
    place = gazetteer.resolve(name, frozenset({country}))
    if place is None or place.lat is None or place.lon is None:
        return None
    limit = REGION_KM if place.precision in {"region", "country"} else PLACE_KM
    d = distance_km(lat, lon, place.lat, place.lon)
    if d <= limit:
        return None
    return f"{name!r} resolves to {place.name} ({place.country}), {d:.0f} km from the coordinates"
