"""The deconfliction board, a notification's page and the map's notified sites, as every role: each
shows what its JSON twin under /api/v1/deconfliction gives that role, and no exact position reaches
a role that may not see it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from ceasefire.monitor import clock
from ceasefire.monitor.accounts import set_password
from tests.deconflict.conftest import HOSPITAL, NEAR_HOSPITAL, PARTY_A, PARTY_B, movement, notify, site, zone
from tests.monitor.conftest import Service, report
from tests.web.conftest import PASSWORD, csrf_of, sign_in

API = "/api/v1/deconfliction"
#: every role, and a second party (B) beside the ``party`` account (A)
ROLES = ("viewer", "monitor", "analyst", "coordinator", "admin", "party", "party_b", "humanitarian")
ACCOUNTS = {"party": "party", "party_b": "hts-liaison", "humanitarian": "msf", "coordinator": "coordinator"}
#: a clinic notified to party A only, at a position no other row of the store is near
CLINIC = (36.20193, 37.13417)
sqlite_only = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)


@dataclass
class Scene:
    hospital: str
    clinic: str
    convoy: str
    zone: str
    day: date  # the day (on the clock) they were notified


@pytest.fixture
def scene(deconf: Service, moved: clock.ManualClock) -> Scene:
    """A hospital notified to both parties (A acknowledges, B goes overdue) and struck 300 m away
    three days later; a clinic sent to A only; a convoy for B, four days on, through a no-strike zone
    (a conflict)."""
    day = clock.now().date()
    hospital = notify(deconf, site())["id"]
    clinic = notify(deconf, site("Aleppo east clinic", CLINIC, recipients=[PARTY_A]), role="coordinator")[
        "id"
    ]
    made_zone = notify(deconf, zone((35.92, 36.68, 35.94, 36.70)), role="coordinator")["id"]
    convoy = notify(deconf, movement(recipients=[PARTY_B], start_in=100))
    assert convoy["conflicts"], convoy
    assert (
        deconf.post("party", f"{API}/notifications/{hospital}/ack", json={"note": "passed on"}).status_code
        == 200
    )
    moved.advance(days=3)
    filed = deconf.post("monitor", "/api/v1/reports", json=report("strike", point=NEAR_HOSPITAL))
    assert filed.status_code == 201, filed.text
    return Scene(hospital, clinic, convoy["id"], made_zone, day)


def _rows(html: str, testid: str) -> dict[str, str]:
    """``data-id`` -> ``data-blurred`` (or "") of the rows marked ``testid``."""
    found = {}
    for tag in re.findall(rf'<tr data-testid="{testid}"[^>]*>', html):
        ident = re.search(r'data-id="([^"]+)"', tag)
        blurred = re.search(r'data-blurred="([^"]+)"', tag)
        assert ident, tag
        found[ident.group(1)] = blurred.group(1) if blurred else ""
    return found


def _near(text: str, point: tuple[float, float], within: float = 0.05) -> list[str]:
    """Numbers in ``text`` given to two or more decimals that lie within ``within`` degrees of the
    point's latitude or longitude: an exact (or nearly exact) position."""
    lat, lon = point
    numbers = re.findall(r"-?\d{1,3}\.\d{2,}", text)
    return [n for n in numbers if abs(float(n) - lat) < within or abs(float(n) - lon) < within]


def test_the_board_shows_each_role_what_its_json_twins_give_it(deconf: Service, scene: Scene) -> None:
    for role in ROLES:
        page = deconf.get(role, "/deconfliction")
        assert page.status_code == 200, (role, page.text[:300])
        html = page.text
        listed = deconf.get(role, f"{API}/notifications").json()
        assert _rows(html, "notification-row") == {
            n["id"]: "yes" if n["blurred"] else "no" for n in listed
        }, role
        late = deconf.get(role, f"{API}/notifications?state=overdue").json()
        assert _rows(html, "overdue-row") == {n["id"]: "yes" if n["blurred"] else "no" for n in late}, role
        assert scene.hospital in _rows(html, "overdue-row"), role  # B never acknowledged
        conflicts, findings = deconf.get(role, f"{API}/conflicts"), deconf.get(role, f"{API}/findings")
        if conflicts.status_code == 403:
            assert findings.status_code == 403 and 'data-testid="checks-withheld"' in html, role
            assert not _rows(html, "conflict-row") and not _rows(html, "finding-row"), role
        else:
            assert set(_rows(html, "conflict-row")) == {c["id"] for c in conflicts.json()}, role
            assert set(_rows(html, "finding-row")) == {f["id"] for f in findings.json()}, role
        summary = deconf.get(role, f"{API}/summary").json()
        assert f'data-testid="total">{summary["notifications"]}' in html, role
    staff = _rows(deconf.get("analyst", "/deconfliction").text, "notification-row")
    assert staff == {scene.hospital: "no", scene.clinic: "no", scene.convoy: "no", scene.zone: "no"}
    b = _rows(deconf.get("party_b", "/deconfliction").text, "notification-row")
    assert b == {scene.hospital: "no", scene.clinic: "yes", scene.convoy: "no", scene.zone: "no"}
    assert set(_rows(deconf.get("party_b", "/deconfliction").text, "finding-row")) == {
        f["id"] for f in deconf.get("coordinator", f"{API}/findings").json()
    }


@sqlite_only
def test_acknowledgements_show_per_party_and_a_party_sees_only_its_own_record(
    deconf: Service, scene: Scene
) -> None:
    staff = deconf.get("coordinator", "/deconfliction").text
    row = re.search(rf'<tr data-testid="notification-row" data-id="{scene.hospital}".*?</tr>', staff, re.S)
    assert row, staff
    assert f'data-party="{PARTY_A}">{PARTY_A}: acknowledged' in row.group(0)
    assert f'data-party="{PARTY_B}">{PARTY_B}: overdue' in row.group(0)
    mine = deconf.get("party_b", "/deconfliction").text
    row = re.search(rf'<tr data-testid="notification-row" data-id="{scene.hospital}".*?</tr>', mine, re.S)
    assert row and f"{PARTY_B}: overdue" in row.group(0) and f"{PARTY_A}:" not in row.group(0)
    assert "1 of 2 parties acknowledged in all" in row.group(0)
    public = deconf.get("viewer", "/deconfliction").text
    row = re.search(rf'<tr data-testid="notification-row" data-id="{scene.hospital}".*?</tr>', public, re.S)
    assert row and "1 of 2 parties acknowledged" in row.group(0) and PARTY_A not in row.group(0)


@sqlite_only
def test_the_filters_follow_the_api_and_refuse_unknown_values(deconf: Service, scene: Scene) -> None:
    for query in ("kind=site", "kind=movement", "state=upcoming", "state=overdue", "country=SY", "country=LY",
                  "kind=&state=&country="):  # fmt: skip
        twin = deconf.get("analyst", f"{API}/notifications?{re.sub(r'[a-z]+=(&|$)', '', query)}").json()
        shown = _rows(deconf.get("analyst", f"/deconfliction?{query}").text, "notification-row")
        assert set(shown) == {n["id"] for n in twin}, query
    assert set(_rows(deconf.get("analyst", "/deconfliction?kind=site").text, "notification-row")) == {
        scene.hospital,
        scene.clinic,
    }
    assert deconf.get("analyst", "/deconfliction?kind=tank").status_code == 422
    assert deconf.get("analyst", "/deconfliction?country=SYR").status_code == 422


@sqlite_only
def test_no_exact_position_or_name_reaches_a_role_that_may_not_see_it(deconf: Service, scene: Scene) -> None:
    hidden = {
        "viewer": [(HOSPITAL, scene.hospital), (CLINIC, scene.clinic)],
        "party_b": [(CLINIC, scene.clinic)],
    }
    for role, notifications in hidden.items():
        board = deconf.get(role, "/deconfliction").text
        sites = deconf.get(role, "/api/v1/map?zoom=12&south=30&north=40&west=30&east=40").json()["layers"][
            "sites"
        ]
        for point, nid in notifications:
            page = deconf.get(role, f"/deconfliction/notifications/{nid}").text
            for where, text in (("board", board), ("page", page), ("map", str(sites))):
                assert not _near(text, point), (role, nid, where, _near(text, point))
            assert 'data-testid="blurred-note"' in page and 'data-testid="acknowledgements"' not in page
            assert "Aleppo east clinic" not in board + page + str(sites)
            assert "about 36.2, 37.1 (blurred to ~11.1 km)" in page or nid != scene.clinic
    assert "Idlib central hospital" not in deconf.get("viewer", "/deconfliction").text
    # those who may, do see it exactly
    for role in ("analyst", "party", "humanitarian", "party_b"):
        page = deconf.get(role, f"/deconfliction/notifications/{scene.hospital}").text
        assert f"{HOSPITAL[0]}, {HOSPITAL[1]}" in page, role
    assert (
        f"{CLINIC[0]}, {CLINIC[1]}"
        in deconf.get("party", f"/deconfliction/notifications/{scene.clinic}").text
    )


@sqlite_only
def test_a_notification_page_holds_its_acknowledgements_conflicts_and_hit_evidence(
    deconf: Service, scene: Scene
) -> None:
    page = deconf.get("coordinator", f"/deconfliction/notifications/{scene.hospital}").text
    assert re.findall(r'data-testid="recipient-row" data-party="([^"]+)"', page) == [PARTY_A, PARTY_B]
    [finding] = deconf.get("coordinator", f"{API}/findings?notification_id={scene.hospital}").json()
    assert f'id="{finding["id"]}" data-testid="finding"' in page
    assert f'href="/api/v1/incidents/{finding["incident_id"]}"' in page
    assert f"{finding['distance_km']} km away" in page
    for warning in finding["warnings"]:
        assert warning in page
    board = deconf.get("coordinator", "/deconfliction").text
    assert f'href="/deconfliction/notifications/{scene.hospital}#{finding["id"]}"' in board
    convoy = deconf.get("coordinator", f"/deconfliction/notifications/{scene.convoy}").text
    [conflict] = deconf.get("coordinator", f"{API}/conflicts?notification_id={scene.convoy}").json()
    assert f'data-testid="conflict-row" data-id="{conflict["id"]}"' in convoy
    assert f'href="/deconfliction/notifications/{scene.zone}"' in convoy
    assert f'href="{API}/notifications/{scene.convoy}" data-testid="json-twin"' in convoy
    # a party is shown the checks of what it was sent, and nothing of what it was not
    assert (
        'data-testid="finding"' in deconf.get("party", f"/deconfliction/notifications/{scene.hospital}").text
    )
    clinic_for_b = deconf.get("party_b", f"/deconfliction/notifications/{scene.clinic}").text
    assert "h-conflicts" not in clinic_for_b and "h-hits" not in clinic_for_b
    assert (
        'data-testid="finding"'
        not in deconf.get("viewer", f"/deconfliction/notifications/{scene.hospital}").text
    )
    assert deconf.get("viewer", "/deconfliction/notifications/ntf-none").status_code == 404


@sqlite_only
def test_a_party_reading_the_page_marks_its_copy_received_as_the_api_does(
    deconf: Service, scene: Scene
) -> None:
    def received_by_b() -> Any:
        records = deconf.get("coordinator", f"{API}/notifications/{scene.convoy}").json()["recipients"]
        assert [r["party"] for r in records] == [PARTY_B]
        return records[0]["received_at"]

    assert received_by_b() is None
    deconf.get("viewer", f"/deconfliction/notifications/{scene.convoy}")
    deconf.get("party", f"/deconfliction/notifications/{scene.convoy}")  # A is no recipient of it
    deconf.get("party_b", "/deconfliction")  # a list is no reading
    assert received_by_b() is None
    deconf.get("party_b", f"/deconfliction/notifications/{scene.convoy}")
    assert received_by_b() is not None


@sqlite_only
def test_a_party_acknowledges_on_the_page_with_its_csrf_token(deconf: Service, scene: Scene) -> None:
    with deconf.store.transaction() as conn:
        for name in ACCOUNTS.values():
            set_password(conn, name, PASSWORD)
    client = deconf.client
    assert sign_in(client, "hts-liaison").status_code == 303
    page = client.get(f"/deconfliction/notifications/{scene.convoy}").text
    assert page.count('data-testid="ack-form"') == 1 and f'name="party" value="{PARTY_B}"' in page
    target = f"/deconfliction/notifications/{scene.convoy}/ack"
    assert client.post(target, data={"note": "seen"}, follow_redirects=False).status_code == 403
    done = client.post(
        target, data={"note": "passed to units", "csrf": csrf_of(page)}, follow_redirects=False
    )
    assert done.status_code == 303 and "acknowledged" in done.headers["location"]
    shown = client.get(done.headers["location"]).text
    assert 'data-testid="done"' in shown and 'data-testid="ack-form"' not in shown
    [record] = [r for n in deconf.get("party_b", f"{API}/notifications").json() if n["id"] == scene.convoy
                for r in n["recipients"]]  # fmt: skip
    assert record["state"] == "acknowledged" and record["note"] == "passed to units"
    again = client.post(target, data={"note": "again", "csrf": csrf_of(page)}, follow_redirects=False)
    assert again.status_code == 409
    # a party may not acknowledge for another; a coordinator records one on a party's behalf
    hospital = f"/deconfliction/notifications/{scene.hospital}/ack"
    assert client.post(hospital, data={"party": PARTY_A, "csrf": csrf_of(page)}).status_code == 403
    client.cookies.clear()
    sign_in(client, "coordinator")
    page = client.get(f"/deconfliction/notifications/{scene.hospital}").text
    assert re.findall(r'name="party" value="([^"]+)"', page) == [PARTY_B]  # A acknowledged already
    client.post(hospital, data={"party": PARTY_B, "note": "by phone", "csrf": csrf_of(page)})
    records = deconf.get("coordinator", f"{API}/notifications/{scene.hospital}").json()["recipients"]
    assert [r["state"] for r in records] == ["acknowledged", "acknowledged"]
    assert records[1]["acknowledged_by"] == "coordinator"
    assert deconf.post("viewer", hospital, data={"party": PARTY_B}).status_code == 403


@sqlite_only
def test_the_map_draws_notified_sites_exact_or_blurred_by_role_and_by_the_time_window(
    deconf: Service, scene: Scene
) -> None:
    fine = "/api/v1/map?zoom=14&south=30&north=40&west=30&east=40"

    def sites(role: str, extra: str = "") -> dict[str, dict[str, Any]]:
        """The single sites drawn (at this zoom, every exact one is a cluster of its own)."""
        clusters = deconf.get(role, fine + extra).json()["layers"]["sites"]
        return {c["site"]["id"]: c for c in clusters if c["count"] == 1}

    staff = sites("analyst")
    assert set(staff) == {scene.hospital, scene.clinic, scene.convoy, scene.zone}
    assert (staff[scene.hospital]["lat"], staff[scene.hospital]["lon"]) == HOSPITAL
    assert staff[scene.convoy]["site"]["geometry"]["type"] == "LineString"
    assert staff[scene.hospital]["precision"] == {"exact": 1, "city": 0, "region": 0, "country": 0}
    public = deconf.get("viewer", fine).json()["layers"]["sites"]
    assert sum(c["count"] for c in public) == 4  # on blurred points: the zone and the convoy share one
    assert all(c["precision"]["region"] == c["count"] for c in public)
    [hospital] = [c["site"] for c in public if c["site"] and c["site"]["id"] == scene.hospital]
    assert hospital["blurred"] and hospital["geometry"] is None and hospital["name"] is None
    assert (hospital["lat"], hospital["lon"]) == (35.9, 36.6)
    b = sites("party_b")
    assert not b[scene.hospital]["site"]["blurred"] and b[scene.clinic]["site"]["blurred"]
    # the window: sites valid on the slider's day, or at some time in [since, until]
    day = scene.day
    assert set(sites("analyst", f"&until={day - timedelta(days=1)}")) == set()
    assert set(sites("analyst", f"&until={day}")) == {scene.hospital, scene.clinic, scene.zone}
    assert scene.convoy in sites("analyst", f"&since={day}&until={day + timedelta(days=5)}")
    world = deconf.get("viewer", "/api/v1/map?zoom=1").json()
    assert sum(c["count"] for c in world["layers"]["sites"]) == 4
    convoy_starts = deconf.get("viewer", f"{API}/notifications/{scene.convoy}").json()["valid_from"][:10]
    assert world["range"] == {"first": day.isoformat(), "last": convoy_starts}  # the slider reaches them
    page = deconf.get("viewer", "/map").text
    assert 'value="sites" checked> notified sites' in page
