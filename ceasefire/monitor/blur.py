"""Blurring a monitor's own position for the roles that may not see it (``access.PUBLIC``).

A report marked ``own_position`` is where a monitor stood. Public views show its point rounded to
``CEASEFIRE_BLUR_DECIMALS`` decimals (1: about 11 km), and anything derived from the exact point is
coarsened to the same grain: an incident's anchor, an alert's title, the distance in a clustering
reason ("within 11 km" instead of "2.3 km"). Otherwise the exact point comes back by trilateration
from the distances to public reports whose points are exact.
"""

from __future__ import annotations

import math
import re
from typing import Any

#: kilometres in a degree of latitude
KM_PER_DEGREE = 111.32
_KM = re.compile(r"\b\d+(?:\.\d+)? km\b")


def point(lat: float, lon: float, decimals: int) -> tuple[float, float]:
    return round(lat, decimals), round(lon, decimals)


def step_km(decimals: int) -> float:
    """The blur's grain in kilometres: a degree of latitude over ``10 ** decimals``."""
    return float(KM_PER_DEGREE / 10**decimals)


def distance(km: float, decimals: int) -> str:
    """A distance as coarse as the blur: ``within 11 km``, ``about 22 km``."""
    step = step_km(decimals)
    steps = math.floor(km / step + 0.5)
    return f"within {step:.0f} km" if steps == 0 else f"about {steps * step:.0f} km"


def reason(why: str, decimals: int) -> str:
    """A stored reason with every exact distance in it coarsened (``2.3 km`` -> ``within 11 km``)."""
    return _KM.sub(lambda m: distance(float(m.group(0).split()[0]), decimals), why)


def reasons(items: list[dict[str, Any]], own: set[str], decimals: int) -> list[dict[str, Any]]:
    """An incident's reasons for a public view: those about a report in ``own`` (reports of a
    monitor's own position), or measured from one, lose their exact distances."""
    shown = []
    for item in items:
        why = str(item.get("why", ""))
        touches = item.get("report") in own or item.get("from") in own or any(r in why for r in own)
        shown.append({**item, "why": reason(why, decimals)} if touches else item)
    return shown


def finding(found: dict[str, Any], decimals: int) -> dict[str, Any]:
    """A deconfliction finding about an incident that holds a monitor's own position, as a public
    view shows it: the incident's point blurred, the distance to the notification coarsened."""
    evidence = dict(found.get("evidence") or {})
    incident = dict(evidence.get("incident") or {})
    if incident.get("lat") is not None and incident.get("lon") is not None:
        incident["lat"], incident["lon"] = point(incident["lat"], incident["lon"], decimals)
        incident["blurred"] = True
    coarse = distance(float(found["distance_km"]), decimals)
    evidence.update(incident=incident, distance_km=coarse)
    return {**found, "distance_km": coarse, "evidence": evidence}
