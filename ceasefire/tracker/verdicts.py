"""What the rules say about a violent event against a ceasefire's terms (never a human's decision).

``excluded_actor`` when an excluded group carried it out or was its target: violence by or
against a group the ceasefire leaves out is never a breach. ``before_effective`` or ``after_end``
when it fell outside the days the ceasefire bound (``force.Lifetime``: its terms, extensions and
the newer ceasefire that replaced it); ``outside_scope`` when it happened outside its countries,
areas or, for a local truce, its places; otherwise ``potential_violation``. A person's
adjudication is stored apart (``adjudications``) and rules never overwrite it.
"""

from __future__ import annotations

from typing import Any, Literal

from ceasefire.registry.process import Process
from ceasefire.tracker.force import Lifetime, breaches, in_scope, lifetime_of
from ceasefire.tracker.tracked import TrackedEvent

Verdict = Literal["potential_violation", "outside_scope", "excluded_actor", "before_effective", "after_end"]


def verdict_for(
    event: TrackedEvent, process: Process, lifetime: Lifetime | None = None
) -> tuple[Verdict, str] | None:
    """(verdict, reason) for an event the terms ban, or None for any other event."""
    if not breaches(process, event.event):
        return None
    lifetime = lifetime or lifetime_of(process)
    excluded = process.actors_in("excluded")
    for role in ("actor", "recipient"):
        for ref in event.record.get(role, []):
            for group in excluded:
                if (group.entity_id and ref.get("entity_id") == group.entity_id) or _same_name(
                    ref, group.name
                ):
                    side = "carried out by" if role == "actor" else "aimed at"
                    return "excluded_actor", f"{side} {group.name}, excluded from {process.name}"
    begin = lifetime.begins
    if event.when is not None and begin is not None and event.when < begin:
        return "before_effective", f"{event.when} is before {process.name} took effect on {begin}"
    if event.when is not None and lifetime.until is not None and event.when > lifetime.until:
        why = f"replaced by {lifetime.superseded_by}" if lifetime.superseded_by else "ended"
        return "after_end", f"{event.when} is after {process.name} {why} on {lifetime.until}"
    place = event.place
    if place.get("country") or process.local:
        country = place.get("country") or next(iter(sorted(event.countries)), None)
        where = place.get("name") or country or "an unknown place"
        if country not in process.countries:
            return "outside_scope", f"{where} is outside {', '.join(process.countries)}"
        if not in_scope(process, country, place.get("lat"), place.get("lon"), place.get("name")):
            if place.get("lat") is None and (process.areas or process.local):
                return "outside_scope", f"{where} cannot be placed inside the areas {process.name} covers"
            return "outside_scope", f"{where} lies outside the areas {process.name} covers"
    return "potential_violation", f"{event.event} while {process.name} was in force, by its terms"


def _same_name(ref: dict[str, Any], name: str) -> bool:
    wanted = name.casefold()
    return any(str(ref.get(k) or "").casefold() == wanted for k in ("name", "text"))
