"""Conflicts between notifications, with real geometry: flights whose corridors, altitude bands and
windows all overlap; a movement through a restricted zone while both are valid; a movement past
recent incidents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.deconflict.conftest import flight, movement, notify, zone
from tests.monitor.conftest import Service, report

#: an east-west corridor south of Idlib, and others against it
EAST_WEST = [(35.80, 36.40), (35.80, 36.90)]
NORTH_SOUTH = [(35.60, 36.65), (36.00, 36.65)]  # crosses it
PARALLEL_NEAR = [(35.808, 36.40), (35.808, 36.90)]  # 0.9 km north: corridors 2 km wide overlap
PARALLEL_FAR = [(35.85, 36.40), (35.85, 36.90)]  # 5.5 km north: they do not


@pytest.mark.parametrize(
    ("route", "other", "conflict"),
    [
        (NORTH_SOUTH, {}, True),
        (PARALLEL_NEAR, {}, True),
        (PARALLEL_FAR, {}, False),
        (NORTH_SOUTH, {"low": 3500, "high": 5000}, False),
        (NORTH_SOUTH, {"low": 2500, "high": 5000}, True),
        (NORTH_SOUTH, {"start_in": 53}, False),
        (NORTH_SOUTH, {"start_in": 51.5}, True),
    ],
    ids=["crossing", "parallel-overlapping-corridors", "parallel-apart", "above-the-band", "band-overlaps",
         "after-the-window", "windows-overlap"],
)  # fmt: skip
def test_two_flights_conflict_only_where_corridor_band_and_window_all_overlap(
    deconf: Service, route: list[tuple[float, float]], other: dict[str, Any], conflict: bool
) -> None:
    first = notify(deconf, flight(EAST_WEST, start_in=50, hours=2), role="party")
    second = notify(deconf, flight(route, name="Medevac", **other), role="party_b")
    assert bool(second["conflicts"]) is conflict
    if conflict:
        [found] = second["conflicts"]
        assert found["kind"] == "flight_overlap"
        assert {found["notification_id"], found["other_id"]} == {first["id"], second["id"]}
        low, high = found["detail"]["altitude_m"]
        assert low == max(1000, other.get("low", 1000)) and high == min(3000, other.get("high", 3000))
    listed = deconf.get("coordinator", "/api/v1/deconfliction/conflicts").json()
    assert len(listed) == int(conflict)


def test_a_movement_through_a_zone_conflicts_whichever_is_notified_first(deconf: Service) -> None:
    restricted = notify(
        deconf, zone((35.92, 36.66, 35.95, 36.69)), role="coordinator"
    )  # on the convoy's route
    convoy = notify(deconf, movement())
    [found] = convoy["conflicts"]
    assert (found["kind"], found["notification_id"], found["other_id"]) == (
        "movement_in_zone",
        convoy["id"],
        restricted["id"],
    )
    assert "crosses the zone" in found["detail"]["why"]
    later = notify(deconf, movement(name="Convoy 18", start_in=55))
    second_zone = notify(deconf, zone((35.92, 36.70, 35.95, 36.71), name="Second zone"), role="coordinator")
    assert {c["notification_id"] for c in second_zone["conflicts"]} == {convoy["id"], later["id"]}
    elsewhere = notify(deconf, zone((36.10, 36.60, 36.20, 36.70), name="Far zone"), role="coordinator")
    assert elsewhere["conflicts"] == []


def test_a_zone_that_ends_before_the_movement_starts_does_not_conflict(deconf: Service) -> None:
    notify(deconf, zone((35.92, 36.66, 35.95, 36.69), days=1), role="coordinator")
    assert notify(deconf, movement(start_in=50))["conflicts"] == []


def test_a_movement_past_recent_incidents_conflicts(deconf: Service) -> None:
    now = datetime.now(UTC)
    deconf.post("monitor", "/api/v1/reports", json=report("near-route", point=(35.94, 36.70), at=now))
    deconf.post("monitor", "/api/v1/reports", json=report("far-off", point=(36.20, 37.16), at=now))
    # the clock stands three days back: the incidents lie in its future, so first move it to now
    from ceasefire.monitor import clock

    clock.use(clock.ManualClock(now + timedelta(minutes=1)))
    convoy = notify(deconf, movement())
    [found] = convoy["conflicts"]
    assert found["kind"] == "movement_near_incidents"
    assert len(found["incident_ids"]) == 1
    [near] = found["detail"]["incidents"]
    assert near["distance_km"] < 5 and near["event_type"] == "ASSAULT"
    clock.use(clock.ManualClock(now + timedelta(days=2)))  # a day later the incident is no longer recent
    assert notify(deconf, movement(name="Convoy 19"))["conflicts"] == []


def test_conflicts_are_found_once_however_often_checked(deconf: Service) -> None:
    notify(deconf, flight(EAST_WEST), role="party")
    notify(deconf, flight(NORTH_SOUTH, name="Medevac"), role="party_b")
    from ceasefire.deconflict import checks
    from ceasefire.deconflict.terms import terms_for
    from ceasefire.monitor import clock

    with deconf.store.transaction() as conn:
        again = checks.check_all(conn, lambda c: terms_for(conn, c), clock.now())
    assert len(again) == 2  # the pair, seen from each side, is one stored conflict
    assert len(deconf.get("coordinator", "/api/v1/deconfliction/conflicts").json()) == 1
