"""What the rules say about a violent event against a ceasefire's terms (never a human's decision).

``excluded_actor`` when an excluded group carried it out or was its target; ``before_effective``
or ``after_end`` when it fell outside the ceasefire's dates; ``outside_scope`` when it happened
outside the ceasefire's countries or areas; otherwise ``potential_violation``. A person's
adjudication is stored apart (``adjudications``) and rules never overwrite it.
"""

from __future__ import annotations

from typing import Any, Literal

from ceasefire.registry.process import Process
from ceasefire.tracker.tracked import TrackedEvent

Verdict = Literal["potential_violation", "outside_scope", "excluded_actor", "before_effective", "after_end"]


def verdict_for(event: TrackedEvent, process: Process) -> tuple[Verdict, str] | None:
    """(verdict, reason) for an event the terms ban, or None for any other event."""
    if event.event not in process.terms.banned:
        return None
    excluded = process.actors_in("excluded")
    for role in ("actor", "recipient"):
        for ref in event.record.get(role, []):
            for group in excluded:
                if (group.entity_id and ref.get("entity_id") == group.entity_id) or _same_name(
                    ref, group.name
                ):
                    side = "carried out by" if role == "actor" else "aimed at"
                    return "excluded_actor", f"{side} {group.name}, excluded from {process.name}"
    begin = process.in_force_from
    if event.when is not None and begin is not None and event.when < begin:
        return "before_effective", f"{event.when} is before {process.name} took effect on {begin}"
    if event.when is not None and process.ended is not None and event.when > process.ended:
        return "after_end", f"{event.when} is after {process.name} ended on {process.ended}"
    place = event.record.get("place") or {}
    if place.get("country") and process.countries and place["country"] not in process.countries:
        return "outside_scope", f"{place.get('name')} is outside {', '.join(process.countries)}"
    located = process.areas and place.get("lat") is not None and place.get("lon") is not None
    if located and not any(contains(area, place["lon"], place["lat"]) for area in process.areas):
        return "outside_scope", f"{place.get('name')} lies outside the areas {process.name} covers"
    return "potential_violation", f"{event.event} while {process.name} was in force, by its terms"


def _same_name(ref: dict[str, Any], name: str) -> bool:
    wanted = name.casefold()
    return any(str(ref.get(k) or "").casefold() == wanted for k in ("name", "text"))


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
