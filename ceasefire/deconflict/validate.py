"""The checks a notification passes before it is stored; each failure names its field (HTTP 422).

Refused: a geometry that does not fit the kind or has positions out of range; coordinates outside
the stated country; a route that breaks, or a leg faster than a vehicle (or aircraft) goes in its
window; a movement or flight window in the past, too long, or notified with less than the
conflict's lead time (48 h, 24 h in an emergency, by default); a site or zone past its end; a
recipient that is no party on a party account.

Flagged, and stored with the notification (the sender may know better): duplicates and
near-duplicates of what is notified already, a named place that contradicts the coordinates, and
coordinates whose country cannot be told.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from shapely.geometry.base import BaseGeometry  # type: ignore[import-untyped]
from sqlalchemy import Connection, select

from ceasefire.deconflict.places import place_mismatch, towns_of
from ceasefire.deconflict.schemas import FUNCTIONS, NotificationIn
from ceasefire.deconflict.shapes import footprint, read_geometry, route_positions
from ceasefire.deconflict.terms import Terms
from ceasefire.errors import InputError
from ceasefire.geo import distance_km
from ceasefire.knowledge.gazetteer import Gazetteer
from ceasefire.store.tables import accounts

#: the fastest a movement (road convoy) and an aircraft are taken to go
MAX_KMH = {"movement": 80.0, "flight": 950.0}


@dataclass
class Checked:
    """A notification that passed, with what the store and the checks need."""

    kind: str
    geometry: BaseGeometry
    footprint: BaseGeometry
    valid_from: datetime
    valid_until: datetime
    recipients: list[str]
    flags: list[dict[str, Any]] = field(default_factory=list)


def check(
    conn: Connection, feature: NotificationIn, gazetteer: Gazetteer, terms: Terms, now: datetime
) -> Checked:
    props = feature.properties
    _fits_kind(feature)
    geometry = read_geometry(feature.geometry, props.kind)
    valid_from, valid_until = _window(feature, terms, now)
    flags: list[dict[str, Any]] = []
    if props.kind in MAX_KMH:
        _speeds(feature, geometry, valid_from, valid_until)
    flags += _country(feature, geometry, gazetteer)
    recipients = _recipients(conn, props.recipients)
    if props.place:
        point = geometry.representative_point()
        if why := place_mismatch(gazetteer, props.place, props.country, point.y, point.x):
            flags.append({"flag": "place_mismatch", "field": "properties.place", "message": why})
    if not props.verified:
        flags.append({"flag": "unverified", "field": "properties.verified",
                      "message": "the coordinates were not verified on the ground"})  # fmt: skip
    return Checked(props.kind, geometry, footprint(props.kind, geometry, props.width_m), valid_from, valid_until,
                   recipients, flags)  # fmt: skip


def _fits_kind(feature: NotificationIn) -> None:
    p = feature.properties
    if p.kind == "site" and p.function is None:
        raise InputError("properties.function", "a site says what it is: " + ", ".join(FUNCTIONS))
    if p.kind in {"movement", "flight"} and p.valid_from is None:
        raise InputError("properties.valid_from", f"a {p.kind} has a time window: valid_from and valid_until")
    if p.kind == "flight":
        for name in ("altitude_min_m", "altitude_max_m", "width_m"):
            if getattr(p, name) is None:
                raise InputError(f"properties.{name}", "a flight gives its altitude band and corridor width")
        assert p.altitude_min_m is not None and p.altitude_max_m is not None
        if p.altitude_min_m >= p.altitude_max_m:
            raise InputError(
                "properties.altitude_max_m", "the top of the altitude band must lie above its bottom"
            )
    elif p.altitude_min_m is not None or p.altitude_max_m is not None:
        raise InputError("properties.altitude_min_m", "only a flight has an altitude band")
    if p.verified and not p.verified_by:
        raise InputError("properties.verified_by", "say who verified the coordinates on the ground")
    if p.times is not None and p.kind not in MAX_KMH:
        raise InputError("properties.times", "only a movement or a flight passes its positions at times")


def _window(feature: NotificationIn, terms: Terms, now: datetime) -> tuple[datetime, datetime]:
    p = feature.properties
    until = p.valid_until
    if p.kind in {"site", "zone"}:
        if p.valid_from is not None and p.valid_from > now + timedelta(minutes=5):
            raise InputError("properties.valid_from",
                             f"a {p.kind} is valid from when it is notified: leave valid_from out")  # fmt: skip
        if until <= now:
            raise InputError("properties.valid_until", "valid_until has passed")
        if until - now > timedelta(days=terms.max_site_days):
            raise InputError("properties.valid_until",
                             f"a {p.kind} is notified for at most {terms.max_site_days:g} days at a time")  # fmt: skip
        return now, until
    assert p.valid_from is not None
    start = p.valid_from
    if start <= now:
        raise InputError("properties.valid_from", f"the {p.kind}'s window must start in the future")
    if until <= start:
        raise InputError("properties.valid_until", "the window must end after it starts")
    longest = terms.max_movement_hours if p.kind == "movement" else terms.max_flight_hours
    if until - start > timedelta(hours=longest):
        raise InputError("properties.valid_until",
                         f"a {p.kind}'s window is at most {longest:g} h; this one is "
                         f"{(until - start).total_seconds() / 3600:.1f} h")  # fmt: skip
    lead = terms.emergency_lead_hours if p.emergency else terms.lead_hours
    ahead = (start - now).total_seconds() / 3600
    if ahead < lead:
        raise InputError("properties.valid_from",
                         f"notified {ahead:.1f} h ahead; a {p.kind} in {p.country} needs {terms.lead_hours:g} h "
                         f"({terms.emergency_lead_hours:g} h in an emergency)")  # fmt: skip
    return start, until


def _speeds(feature: NotificationIn, geometry: BaseGeometry, start: datetime, until: datetime) -> None:
    p = feature.properties
    fastest = MAX_KMH[p.kind]
    positions = route_positions(geometry)
    if p.times is None:
        times = [start, until]
        legs = [
            (
                positions[0],
                positions[-1],
                sum(distance_km(a[1], a[0], b[1], b[0]) for a, b in itertools.pairwise(positions)),
            )
        ]
    else:
        if len(p.times) != len(positions):
            raise InputError("properties.times", f"one time per position: {len(positions)} positions, "
                                                 f"{len(p.times)} times")  # fmt: skip
        times = list(p.times)
        if times[0] < start or times[-1] > until:
            raise InputError("properties.times", "the times lie outside the window")
        legs = [(a, b, distance_km(a[1], a[0], b[1], b[0])) for a, b in itertools.pairwise(positions)]
    for number, ((_, _, km), t0, t1) in enumerate(zip(legs, times, times[1:], strict=False), 1):
        hours = (t1 - t0).total_seconds() / 3600
        if hours <= 0:
            raise InputError("properties.times", f"leg {number}: the times must move forward")
        if km / hours > fastest:
            where = "properties.times" if p.times is not None else "properties.valid_until"
            raise InputError(where, f"leg {number} is {km:.1f} km in {hours * 60:.0f} min ({km / hours:.0f} km/h); "
                                    f"a {p.kind} goes at most {fastest:g} km/h")  # fmt: skip


def _country(feature: NotificationIn, geometry: BaseGeometry, gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """Refuse coordinates in another country; flag those whose country cannot be told."""
    stated = feature.properties.country
    if geometry.geom_type in {"LineString", "MultiLineString"}:
        route = route_positions(geometry)
        points = [(route[0][1], route[0][0]), (route[-1][1], route[-1][0])]
    else:
        point = geometry.representative_point()
        points = [(point.y, point.x)]
    towns = towns_of(gazetteer)
    found = [towns.country_at(lat, lon, stated) for lat, lon in points]
    verdicts = [f.holds() for f in found]
    if any(v is True for v in verdicts):
        return []
    if all(v is None for v in verdicts):
        return [{"flag": "country_unchecked", "field": "properties.country",
                 "message": f"no town within 60 km of the coordinates: whether they lie in {stated} is not known"}]  # fmt: skip
    lat, lon = points[0]
    other = next(f for f in found if f.nearest is not None)
    raise InputError("properties.country",
                     f"the coordinates ({lat:.4f}, {lon:.4f}) lie in {other.nearest}, not {stated} (nearest town "
                     f"{other.nearest_km:.0f} km away; remember GeoJSON is [longitude, latitude])")  # fmt: skip


def _recipients(conn: Connection, named: list[str]) -> list[str]:
    """The named parties, spelled as on their party accounts."""
    known = {
        p.casefold(): p
        for p in conn.execute(
            select(accounts.c.party).where(accounts.c.role == "party", accounts.c.active.is_(True),
                                           accounts.c.party.is_not(None)).group_by(accounts.c.party)
        ).scalars()
    }  # fmt: skip
    out = []
    for name in named:
        party = known.get(name.casefold())
        if party is None:
            choices = ", ".join(sorted(known.values())) or "none yet"
            raise InputError(
                "properties.recipients", f"no party account acts for {name!r} (parties: {choices})"
            )
        out.append(party)
    return out
