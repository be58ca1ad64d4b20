"""A monitor's own position cannot be recovered by the roles that may not see it: not from the
incident's location, not from the distances in its reasons (trilateration), not from alert titles."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest

from ceasefire.geo import distance_km
from ceasefire.monitor.access import PUBLIC
from tests.monitor.conftest import PARTY, ROLES, Service, report

pytestmark = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
#: where the monitor stood (Idlib), and its coordinates as text a leak would show
MONITOR = (35.9306, 36.6339)
KM = re.compile(r"(\d+(?:\.\d+)?) km and \d+ min from report (rep-[0-9a-f]+)")


def _offset(km_east: float, km_north: float) -> tuple[float, float]:
    lat = MONITOR[0] + km_north / 111.32
    return lat, MONITOR[1] + km_east / (111.32 * math.cos(math.radians(MONITOR[0])))


def _trilaterate(circles: list[tuple[tuple[float, float], float]]) -> tuple[float, float]:
    """The point whose distances to the centres best match the radii (a grid search, 100 m steps)."""
    best: tuple[float, tuple[float, float]] | None = None
    for i in range(-150, 151):
        for j in range(-150, 151):
            point = _offset(j * 0.1, i * 0.1)
            error = sum((distance_km(*point, *centre) - r) ** 2 for centre, r in circles)
            if best is None or error < best[0]:
                best = (error, point)
    assert best is not None
    return best[1]


def _scene(service: Service) -> tuple[str, str, dict[str, tuple[float, float]]]:
    """The monitor's own position and three public reports 5 km from it, 120 degrees apart (none
    sharing its latitude or longitude), each placed by its distance to the monitor's report (the
    nearest one in the incident)."""
    own = service.post("monitor", "/api/v1/reports", json=_own_position("own"))
    assert own.status_code == 201, own.text
    points = {name: _offset(5 * math.sin(math.radians(b)), 5 * math.cos(math.radians(b)))
              for name, b in (("a", 20), ("b", 140), ("c", 260))}  # fmt: skip
    public = {}
    for (name, point), role in zip(points.items(), ("monitor2", "analyst", "coordinator"), strict=True):
        filed = service.post(role, "/api/v1/reports", json=report(name, point=point))
        assert filed.status_code == 201 and filed.json()["incident_id"] == own.json()["incident_id"], (
            filed.text
        )
        public[filed.json()["id"]] = point
    return own.json()["id"], own.json()["incident_id"], public


def _own_position(client_id: str) -> dict[str, Any]:
    return report(client_id, source_type="monitor", alleged_responsible=PARTY,
                  location={"lat": MONITOR[0], "lon": MONITOR[1], "own_position": True})  # fmt: skip


def _circles(incident: dict[str, Any], points: dict[str, tuple[float, float]], own_id: str) -> list[Any]:
    """What an attacker reads from the reasons: exact distances between the monitor's report and
    reports whose points are known."""
    found = []
    for reason in incident["reasons"]:
        match = KM.search(str(reason.get("why", "")))
        if match and match.group(2) == own_id and reason.get("report") in points:
            found.append((points[reason["report"]], float(match.group(1))))
    return found


def test_the_attack_works_on_exact_data_and_fails_on_every_public_view(service: Service) -> None:
    own_id, incident_id, public = _scene(service)
    staff = service.get("coordinator", f"/api/v1/incidents/{incident_id}").json()
    circles = _circles(staff, public, own_id)
    assert len(circles) == 3
    assert distance_km(*_trilaterate(circles), *MONITOR) < 0.15  # staff see exact distances: the attack works

    for role in ROLES:
        if role not in PUBLIC:
            continue
        seen = service.get(role, f"/api/v1/incidents/{incident_id}").json()
        points = {r["id"]: (r["location"]["lat"], r["location"]["lon"]) for r in seen["report_details"]}
        coarse = _circles(seen, points, own_id)  # "within 11 km": all an attacker gets
        assert all(radius == 11.0 for _, radius in coarse), coarse
        assert distance_km(*_trilaterate(coarse), *MONITOR) > 2, role
        assert seen["location"]["blurred"] and distance_km(seen["location"]["lat"], seen["location"]["lon"],
                                                           *MONITOR) > 2  # fmt: skip
        own = next(r for r in seen["report_details"] if r["id"] == own_id)
        assert own["location"]["blurred"] and (own["location"]["lat"], own["location"]["lon"]) == (35.9, 36.6)
        assert all("within 11 km" in r["why"] for r in seen["reasons"][1:]), seen["reasons"]
        text = json.dumps(seen) + json.dumps(service.get(role, f"/api/v1/reports/{own_id}").json())
        assert "35.93" not in text and "36.63" not in text, role


def test_alert_titles_and_details_give_no_exact_point_or_distance_of_an_own_position(
    service: Service, syria_truce: Any
) -> None:
    syria_truce()
    near = {"name": "near", "kind": "near_site",
            "params": {"sites": [{"name": "hospital", "lat": 35.9306, "lon": 36.6560}], "radius_km": 10}}  # fmt: skip
    for rule in (near, {"name": "violations", "kind": "violation"}):
        assert service.post("coordinator", "/api/v1/alert-rules", json=rule).status_code == 201
    assert service.post("monitor", "/api/v1/reports", json=_own_position("own")).status_code == 201
    alerts = service.get("coordinator", "/api/v1/alerts").json()
    assert {a["kind"] for a in alerts} == {"near_site", "violation"}
    text = json.dumps(alerts)
    assert "35.93" not in text and "36.63" not in text
    assert "2.0 km" not in text and "distance_km" not in text
    near_site = next(a for a in alerts if a["kind"] == "near_site")
    assert near_site["title"] == "ASSAULT within 11 km of protected site hospital"


def test_a_hit_on_a_notified_site_shows_parties_no_exact_own_position(service: Service, moved: Any) -> None:
    """Deconfliction findings carry the struck incident's point and its distance to the site: for a
    monitor's own position, parties and organisations get them blurred."""
    from datetime import timedelta

    from ceasefire.monitor.accounts import add_account, create_token
    from tests.deconflict.conftest import notify, site

    with service.store.transaction() as conn:
        add_account(conn, "msf", "humanitarian")
        service.tokens["humanitarian"] = create_token(conn, "msf")
    notified = notify(service, site(point=(35.9330, 36.6360), recipients=[PARTY]))
    moved.advance(hours=2)
    body = _own_position("strike") | {"occurred_at": (moved() - timedelta(minutes=30)).isoformat()}
    assert service.post("monitor", "/api/v1/reports", json=body).status_code == 201
    path = f"/api/v1/deconfliction/findings?notification_id={notified['id']}"
    (staff,) = service.get("coordinator", path).json()
    assert staff["evidence"]["incident"]["lat"] == MONITOR[0] and staff["distance_km"] < 1
    for role in ("party", "humanitarian"):
        (seen,) = service.get(role, path).json()
        assert seen["distance_km"] == "within 11 km" and seen["evidence"]["incident"]["blurred"], role
        assert "35.93" not in json.dumps(seen["evidence"]["incident"]), role
