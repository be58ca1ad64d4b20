"""What "in force", "in scope" and "a breach" mean: one definition for the tracker and the monitor.

- **In force.** A ceasefire binds from the day it took effect (else the day it was declared) to the
  last day of its ``Lifetime``: its end by its terms (the registry's end date, or the length the
  text gave, moved by every extension), or the day before a newer ceasefire of the same conflict
  took over (``supersede``). A ceasefire with neither binds while sources keep speaking of it: it
  goes dormant ``DORMANT`` after the last day one did (or after it began), so a report filed today
  is never a breach of a truce nobody has mentioned in years.
- **In scope.** Inside its countries and, when it has them, its GeoJSON areas; a local ceasefire
  (a town's truce) only within ``LOCAL_KM`` of the places it names. A place-less event is in the
  scope of a national ceasefire of its country, never of a local one.
- **A breach.** An event of a type its terms ban (``Terms.banned``; attacks by default) while it
  is in force and in scope.

``supersede`` decides which newer process replaces which older one: same country, the same UCDP
conflict where both give one, begun later, a town's truce only by a newer one of the same town, a
whole conflict's truce never by a partial one, and its parties take in every side of the older one (a unilateral declaration by one side never
replaces a truce between two).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ceasefire.geo import distance_km, in_area
from ceasefire.registry.process import Process

#: an open-ended ceasefire no source has spoken of for this long is no longer taken as binding
DORMANT = timedelta(days=180)
#: a local ceasefire binds within this distance of a place it names
LOCAL_KM = 25.0


@dataclass(frozen=True, slots=True)
class Lifetime:
    """When a process binds: from ``begins`` to the earliest of its end by its terms (``until``; None:
    open-ended, then dormancy applies) and the day before a newer process replaced it (``cut``)."""

    begins: date | None
    until: date | None = None
    last_seen: date | None = None
    #: ``until`` comes from the registry (hard) or from a length the text gave (soft, may be extended unseen)
    hard: bool = True
    superseded_by: str | None = None
    cut: date | None = None

    def binds_on(self, day: date) -> bool:
        """Whether the terms bind on ``day`` (see the module docstring)."""
        last = self.last_day
        return self.begins is not None and last is not None and self.begins <= day <= last

    @property
    def dormant_after(self) -> date:
        """The last day an open-ended process is taken as binding without news of it."""
        seen = max((d for d in (self.last_seen, self.begins) if d is not None), default=None)
        return seen + DORMANT if seen is not None else date.max

    @property
    def last_day(self) -> date | None:
        """The last day it binds, by terms, supersession or dormancy (None if it never began)."""
        if self.begins is None:
            return None
        last = self.until if self.until is not None else self.dormant_after
        return min(last, self.cut) if self.cut is not None else last


def lifetime_of(process: Process, until: date | None = None, last_seen: date | None = None,
                superseded_by: str | None = None, hard: bool = True) -> Lifetime:  # fmt: skip
    """A process's lifetime: its registry dates, unless ``until`` (from the tracker) says otherwise."""
    return Lifetime(process.in_force_from, until if until is not None else process.ended, last_seen, hard,
                    superseded_by)  # fmt: skip


def binds(begun: date | None, last_day: date | None, day: date) -> bool:
    """``Lifetime.binds_on`` for stored columns: ``in_force_until`` is the ``last_day`` a refresh derived."""
    return begun is not None and last_day is not None and begun <= day <= last_day


def breaches(process: Process, event_type: str | None) -> bool:
    """Whether an event of this type is one the process's terms ban."""
    return event_type is not None and event_type in process.terms.banned


def in_scope(process: Process, country: str | None, lat: float | None = None, lon: float | None = None,
             place: str | None = None) -> bool:  # fmt: skip
    """Whether a place (country, point, name) lies inside the process's scope (see module docstring)."""
    if country is None or (process.countries and country not in process.countries):
        return False
    located = lat is not None and lon is not None
    if process.areas and not (located and any(in_area(a, lat, lon) for a in process.areas)):  # type: ignore[arg-type]
        return False
    if process.local:
        return near_places(process, lat, lon, place)
    return True


def near_places(process: Process, lat: float | None, lon: float | None, place: str | None) -> bool:
    """Whether a point or place name is one of the places the process names (within ``LOCAL_KM``)."""
    wanted = (place or "").casefold()
    for named in process.places:
        if wanted and named.name.casefold() == wanted:
            return True
        located = None not in (lat, lon, named.lat, named.lon)
        if located and distance_km(lat, lon, named.lat, named.lon) <= LOCAL_KM:  # type: ignore[arg-type]
            return True
    return False


def supersede(processes: Iterable[Process], sides_of: Mapping[str, frozenset[str]],
              covers: Any) -> dict[str, Process]:  # fmt: skip
    """Which newer process replaced each older one: ``{older id: newer process}``.

    ``sides_of`` gives each process's party sides; ``covers(newer_sides, older_sides)`` tells
    whether the newer parties take in every side of the older.
    """
    by_country: dict[str, list[Process]] = {}
    for process in processes:
        if process.kind == "ceasefire" and process.begun is not None:
            for country in process.countries:
                by_country.setdefault(country, []).append(process)
    found: dict[str, Process] = {}
    for group in by_country.values():
        group.sort(key=lambda p: (p.begun, p.id))
        for i, older in enumerate(group):
            if older.id in found:
                continue
            for newer in group[i + 1 :]:
                assert newer.begun is not None and older.begun is not None
                if newer.begun <= older.begun or not _same_conflict(older, newer):
                    continue
                if not _may_replace(newer, older):
                    continue
                if covers(sides_of.get(newer.id, frozenset()), sides_of.get(older.id, frozenset())):
                    found[older.id] = newer
                    break
    return found


def _may_replace(newer: Process, older: Process) -> bool:
    """A town's truce is replaced only by a newer truce of the same town, and replaces nothing else; a
    partial truce never replaces one of the whole conflict."""
    if older.local or newer.local:
        shared = {p.name.casefold() for p in older.places} & {p.name.casefold() for p in newer.places}
        return older.local and newer.local and bool(shared)
    return not (newer.partial and not older.partial)


def _same_conflict(a: Process, b: Process) -> bool:
    ca, cb = set(a.external_ids.get("ucdp_conflict", [])), set(b.external_ids.get("ucdp_conflict", []))
    return not (ca and cb) or bool(ca & cb)


def superseded_until(newer: Process) -> date | None:
    """The last day an older process binds once ``newer`` has replaced it."""
    start = newer.begun
    return start - timedelta(days=1) if start is not None else None
