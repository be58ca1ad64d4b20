"""The monitoring service (SQLite and PostgreSQL, shipped fakes) with deconfliction accounts and a
clock the tests move: an organisation (``humanitarian``), party A (the ``party`` account, Syrian
Arab Army) and party B (``party_b``, Hayat Tahrir al-Sham).

The clock starts three days back, so a notification made "now" on it can be struck by a report of
today (reports may not lie in the service's future).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ceasefire.monitor import clock
from ceasefire.monitor.accounts import add_account, create_token
from tests.monitor.conftest import PARTY, Service, service, syria_truce  # noqa: F401  (fixtures)

PARTY_A = PARTY
PARTY_B = "Hayat Tahrir al-Sham"
#: Idlib's central hospital, a point 300 m east of it, and one 5 km east
HOSPITAL = (35.9306, 36.6339)
NEAR_HOSPITAL = (35.9306, 36.63722)
FAR_FROM_HOSPITAL = (35.9306, 36.6893)


@pytest.fixture
def moved() -> Iterator[clock.ManualClock]:
    """The service's clock, standing three days back until moved."""
    manual = clock.ManualClock(datetime.now(UTC).replace(microsecond=0) - timedelta(days=3))
    clock.use(manual)
    try:
        yield manual
    finally:
        clock.use(None)


@pytest.fixture
def deconf(service: Service, moved: clock.ManualClock) -> Service:  # noqa: F811
    with service.store.transaction() as conn:
        add_account(conn, "msf", "humanitarian")
        service.tokens["humanitarian"] = create_token(conn, "msf")
        add_account(conn, "hts-liaison", "party", party=PARTY_B)
        service.tokens["party_b"] = create_token(conn, "hts-liaison")
    return service


def site(
    name: str = "Idlib central hospital", point: tuple[float, float] = HOSPITAL, **props: Any
) -> dict[str, Any]:
    """A hospital notified for 90 days (the clock's days) to both parties."""
    now = clock.now()
    properties: dict[str, Any] = {
        "kind": "site", "name": name, "function": "hospital", "country": "SY",
        "recipients": [PARTY_A, PARTY_B], "valid_until": (now + timedelta(days=90)).isoformat(),
        "coordinates_source": "GPS at the main gate", "precision_m": 10, "verified": True,
        "verified_by": "OCHA field team",
    }  # fmt: skip
    properties.update(props)
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [point[1], point[0]]},
            "properties": properties}  # fmt: skip


def movement(route: list[tuple[float, float]] | None = None, *, start_in: float = 50, hours: float = 10,
             **props: Any) -> dict[str, Any]:  # fmt: skip
    """A convoy along ``route`` ((lat, lon) points; by default Idlib to 8 km east), ``start_in`` hours
    from the clock's now, for ``hours``."""
    now = clock.now()
    route = route or [(35.9306, 36.6339), (35.9306, 36.6700), (35.9306, 36.7220)]
    properties: dict[str, Any] = {
        "kind": "movement", "name": "Convoy 17", "country": "SY", "recipients": [PARTY_A, PARTY_B],
        "valid_from": (now + timedelta(hours=start_in)).isoformat(),
        "valid_until": (now + timedelta(hours=start_in + hours)).isoformat(),
        "coordinates_source": "planned route", "verified": False, "vehicles": ["truck"] * 6,
        "markings": "UN blue flags", "contact": "+963 900 000 000",
    }  # fmt: skip
    properties.update(props)
    return {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in route]},
            "properties": properties}  # fmt: skip


def flight(route: list[tuple[float, float]], *, start_in: float = 50, hours: float = 2, low: float = 1000,
           high: float = 3000, width: float = 2000, **props: Any) -> dict[str, Any]:  # fmt: skip
    now = clock.now()
    properties: dict[str, Any] = {
        "kind": "flight", "name": "Relief flight", "country": "SY", "recipients": [PARTY_A],
        "valid_from": (now + timedelta(hours=start_in)).isoformat(),
        "valid_until": (now + timedelta(hours=start_in + hours)).isoformat(),
        "altitude_min_m": low, "altitude_max_m": high, "width_m": width, "aircraft": ["Mi-8"],
        "coordinates_source": "flight plan", "verified": False,
    }  # fmt: skip
    properties.update(props)
    return {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in route]},
            "properties": properties}  # fmt: skip


def zone(corners: tuple[float, float, float, float], *, days: float = 10, **props: Any) -> dict[str, Any]:
    """A restricted zone over the box (south, west, north, east)."""
    s, w, n, e = corners
    properties: dict[str, Any] = {
        "kind": "zone", "name": "No-strike zone", "country": "SY", "recipients": [PARTY_A, PARTY_B],
        "valid_until": (clock.now() + timedelta(days=days)).isoformat(), "coordinates_source": "agreed map",
        "verified": True, "verified_by": "joint commission",
    }  # fmt: skip
    properties.update(props)
    ring = [[w, s], [e, s], [e, n], [w, n], [w, s]]
    return {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": properties,
    }


def notify(
    svc: Service, feature: dict[str, Any], role: str = "humanitarian", status: int = 201
) -> dict[str, Any]:
    answer = svc.post(role, "/api/v1/deconfliction/notifications", json=feature)
    assert answer.status_code == status, answer.text
    found: dict[str, Any] = answer.json()
    return found
