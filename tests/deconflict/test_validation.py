"""Notifications are validated on submission: each refusal is a 422 naming its field; duplicates,
near-duplicates, unverified coordinates and a place that contradicts them are flagged, not refused."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from ceasefire.monitor import clock
from tests.deconflict.conftest import HOSPITAL, flight, movement, notify, site, zone
from tests.monitor.conftest import Service

IDLIB_TO_ALEPPO = [(35.9306, 36.6339), (36.2012, 37.1612)]


def _fields(answer: Any) -> list[str]:
    body = answer.json()
    return [body["field"]] if "field" in body else [f["field"] for f in body.get("fields", [])]


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(feature: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = feature
        for key in parents:
            target = target[key]
        if value is _DROP:
            target.pop(last, None)
        else:
            target[last] = value

    return change


_DROP = object()


def _in(hours: float) -> str:
    return (clock.now() + timedelta(hours=hours)).isoformat()


REFUSED: list[tuple[str, Callable[[], dict[str, Any]], Callable[[dict[str, Any]], None], str]] = [
    ("site-as-a-line", site, _set("geometry", {"type": "LineString", "coordinates": [[36.6, 35.9], [36.7, 35.9]]}),
     "geometry.type"),
    ("position-out-of-range", site, _set("geometry.coordinates", [200.0, 35.9]), "geometry.coordinates"),
    ("position-not-numbers", site, _set("geometry.coordinates", ["36.6", "35.9"]), "geometry.coordinates"),
    ("coordinates-in-another-country", site, _set("properties.country", "LY"), "properties.country"),
    ("route-with-a-gap", movement, _set("geometry", {"type": "MultiLineString", "coordinates": [
        [[36.6339, 35.9306], [36.67, 35.9306]], [[36.70, 35.9306], [36.72, 35.9306]]]}), "geometry.coordinates"),
    ("leg-faster-than-a-convoy", movement,
     lambda f: f["properties"].update(times=[_in(50), _in(50.01), _in(59)]), "properties.times"),
    ("times-not-one-per-position", movement, lambda f: f["properties"].update(times=[_in(50), _in(59)]),
     "properties.times"),
    ("route-too-long-for-its-window", lambda: movement(IDLIB_TO_ALEPPO, hours=0.5), lambda f: None,
     "properties.valid_until"),
    ("window-in-the-past", lambda: movement(start_in=-1), lambda f: None, "properties.valid_from"),
    ("window-too-long", lambda: movement(hours=100), lambda f: None, "properties.valid_until"),
    ("window-ends-before-it-starts", movement, _set("properties.valid_until", _DROP), "body.properties.valid_until"),
    ("less-than-48-hours-notice", lambda: movement(start_in=30), lambda f: None, "properties.valid_from"),
    ("less-than-24-hours-notice-in-an-emergency", lambda: movement(start_in=20, emergency=True), lambda f: None,
     "properties.valid_from"),
    ("site-past-its-end", lambda: site(valid_until=_in(-1)), lambda f: None, "properties.valid_until"),
    ("site-valid-from-later", lambda: site(valid_from=_in(24)), lambda f: None, "properties.valid_from"),
    ("site-for-years", lambda: site(valid_until=_in(24 * 800)), lambda f: None, "properties.valid_until"),
    ("recipient-with-no-party-account", lambda: site(recipients=["Nobody's Brigade"]), lambda f: None,
     "properties.recipients"),
    ("recipient-named-twice", lambda: site(recipients=["Syrian Arab Army", "syrian arab army"]), lambda f: None,
     "body.properties.recipients"),
    ("site-without-function", site, _set("properties.function", _DROP), "properties.function"),
    ("function-not-in-the-list", lambda: site(function="bakery"), lambda f: None, "body.properties.function"),
    ("flight-without-altitude", lambda: flight(IDLIB_TO_ALEPPO), _set("properties.altitude_min_m", _DROP),
     "properties.altitude_min_m"),
    ("flight-band-upside-down", lambda: flight(IDLIB_TO_ALEPPO, low=3000, high=1000), lambda f: None,
     "properties.altitude_max_m"),
    ("verified-by-nobody", site, _set("properties.verified_by", _DROP), "properties.verified_by"),
    ("time-without-zone", lambda: site(valid_until="2030-01-01T00:00:00"), lambda f: None,
     "body.properties.valid_until"),
    ("unknown-kind", lambda: site(kind="convoy"), lambda f: None, "body.properties.kind"),
    ("self-crossing-zone", lambda: zone((35.9, 36.6, 36.0, 36.7)), _set("geometry.coordinates", [
        [[36.6, 35.9], [36.7, 36.0], [36.7, 35.9], [36.6, 36.0], [36.6, 35.9]]]), "geometry.coordinates"),
    ("not-a-feature", site, _set("type", "FeatureCollection"), "body.type"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "change", "field"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_each_rule_refuses_with_a_422_naming_the_field(
    deconf: Service, make: Callable[[], dict[str, Any]], change: Callable[[dict[str, Any]], None], field: str
) -> None:
    feature = copy.deepcopy(make())
    change(feature)
    answer = deconf.post("humanitarian", "/api/v1/deconfliction/notifications", json=feature)
    assert answer.status_code == 422, answer.text
    assert field in _fields(answer), answer.json()
    assert answer.json()["message"]


def test_an_emergency_needs_24_hours_notice_where_others_need_48(deconf: Service) -> None:
    notify(deconf, movement(start_in=30, emergency=True))
    notify(deconf, movement(start_in=49, name="Convoy 18"))


def test_a_country_sets_its_own_lead_time(deconf: Service) -> None:
    answer = deconf.client.put("/api/v1/deconfliction/terms/SY", headers=deconf.as_("coordinator"),
                               json={"lead_hours": 72})  # fmt: skip
    assert answer.status_code == 200 and answer.json()["terms"]["lead_hours"] == 72
    refused = deconf.post("humanitarian", "/api/v1/deconfliction/notifications", json=movement(start_in=50))
    assert refused.status_code == 422 and "needs 72 h" in refused.json()["message"]
    notify(deconf, movement(start_in=73))
    terms = deconf.get("viewer", "/api/v1/deconfliction/terms").json()
    assert terms["countries"]["SY"]["lead_hours"] == 72 and terms["default"]["lead_hours"] == 48


def test_the_same_feature_sent_again_is_found_not_stored_twice(deconf: Service) -> None:
    feature = {**site(), "id": "msf-idlib-1"}
    first = notify(deconf, feature)
    again = notify(deconf, feature, status=200)
    assert again["id"] == first["id"] and again["created"] is False
    assert len(deconf.get("coordinator", "/api/v1/deconfliction/notifications").json()) == 1


def test_duplicates_and_near_duplicates_are_flagged(deconf: Service) -> None:
    first = notify(deconf, site())
    assert first["flags"] == []
    same = notify(deconf, site(), role="coordinator")  # another sender, the same hospital
    assert [(f["flag"], f["of"]) for f in same["flags"]] == [("duplicate", first["id"])]
    near = (HOSPITAL[0] + 0.0005, HOSPITAL[1])  # 55 m north, another name
    nearby = notify(deconf, site("Idlib surgical hospital", near), role="admin")
    assert {f["flag"] for f in nearby["flags"]} == {"near_duplicate"}
    apart = notify(deconf, site("Idlib school 4", (HOSPITAL[0] + 0.02, HOSPITAL[1]), function="school"))
    assert apart["flags"] == []


def test_a_place_that_contradicts_the_coordinates_is_flagged(deconf: Service) -> None:
    agrees = notify(deconf, site(place="Idlib"))
    assert agrees["flags"] == []
    contradicts = notify(deconf, site("Field hospital", (HOSPITAL[0] + 0.03, HOSPITAL[1]), place="Aleppo"))
    [flag] = contradicts["flags"]
    assert flag["flag"] == "place_mismatch" and flag["field"] == "properties.place"
    assert "Aleppo" in flag["message"] and "km from the coordinates" in flag["message"]


def test_unverified_coordinates_and_an_untold_country_are_flagged(deconf: Service) -> None:
    made = notify(deconf, site(verified=False, verified_by=None))
    assert [f["flag"] for f in made["flags"]] == ["unverified"]
    at_sea = notify(deconf, site("Hospital ship", (34.6, 33.2)))  # the sea off Syria: no town within 60 km
    assert [f["flag"] for f in at_sea["flags"]] == ["country_unchecked"]


def test_only_senders_may_notify(deconf: Service) -> None:
    for role in ("viewer", "monitor", "analyst"):
        assert deconf.post(role, "/api/v1/deconfliction/notifications", json=site()).status_code == 403
    for role in ("party", "coordinator"):
        notify(deconf, site(f"Hospital {role}", (HOSPITAL[0] + 0.05, HOSPITAL[1])), role=role)
