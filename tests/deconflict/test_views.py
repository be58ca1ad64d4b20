"""Role views: a party sees the notifications sent to it exactly, with its own acknowledgement; the
sender sees its own in full; a viewer sees blurred positions and counts; conflicts and findings go
only to those who may see the notifications behind them."""

from __future__ import annotations

from typing import Any

from ceasefire.monitor import clock
from tests.deconflict.conftest import NEAR_HOSPITAL, PARTY_A, PARTY_B, movement, notify, site
from tests.monitor.conftest import Service, report

NOTIFICATIONS = "/api/v1/deconfliction/notifications"


def _by_id(svc: Service, role: str) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in svc.get(role, NOTIFICATIONS).json()}


def test_a_party_sees_its_own_notifications_exactly_with_only_its_acknowledgement(deconf: Service) -> None:
    to_both = notify(deconf, site())
    to_b_only = notify(deconf, movement(recipients=[PARTY_B]))
    deconf.post("party_b", f"{NOTIFICATIONS}/{to_both['id']}/ack", json={"note": "B saw it"})
    mine = _by_id(deconf, "party")
    assert mine[to_both["id"]]["blurred"] is False
    assert mine[to_both["id"]]["feature"]["geometry"] == {"type": "Point", "coordinates": [36.6339, 35.9306]}
    assert [r["party"] for r in mine[to_both["id"]]["recipients"]] == [PARTY_A]
    assert mine[to_both["id"]]["acknowledged"] == 1  # the count shows B acknowledged, not B's record
    assert mine[to_b_only["id"]]["blurred"] is True and "name" not in mine[to_b_only["id"]]
    b_view = deconf.get("party_b", f"{NOTIFICATIONS}/{to_b_only['id']}").json()
    assert b_view["blurred"] is False and b_view["feature"]["properties"]["contact"] == "+963 900 000 000"


def test_a_party_that_notifies_sees_every_recipients_record(deconf: Service) -> None:
    own = notify(deconf, movement(name="SAA medical convoy"), role="party")
    view = deconf.get("party", f"{NOTIFICATIONS}/{own['id']}").json()
    assert {r["party"] for r in view["recipients"]} == {PARTY_A, PARTY_B}


def test_a_viewer_sees_blurred_positions_and_counts_only(deconf: Service) -> None:
    made = notify(deconf, site())
    [seen] = deconf.get("viewer", NOTIFICATIONS).json()
    assert seen["blurred"] is True
    assert seen["feature"]["geometry"] == {"type": "Point", "coordinates": [36.6, 35.9]}  # 1 decimal: ~11 km
    for secret in ("name", "recipients", "notified_by", "flags", "coordinates_source"):
        assert secret not in seen
    assert set(seen["feature"]["properties"]) == {"kind", "function", "state", "country", "blurred"}
    assert seen["recipient_count"] == 2 and seen["acknowledged"] == 0
    assert deconf.get("viewer", f"{NOTIFICATIONS}/{made['id']}").json()["blurred"] is True
    assert deconf.get("viewer", "/api/v1/deconfliction/findings").status_code == 403
    assert deconf.get("viewer", "/api/v1/deconfliction/conflicts").status_code == 403
    assert deconf.get("viewer", "/api/v1/deconfliction/export.csv").status_code == 403


def test_staff_and_the_sender_see_everything(deconf: Service) -> None:
    made = notify(deconf, site())
    for role in ("monitor", "analyst", "coordinator", "admin", "humanitarian"):
        view = _by_id(deconf, role)[made["id"]]
        assert view["blurred"] is False and len(view["recipients"]) == 2, role
    other = notify(deconf, site("Clinic", (36.2012, 37.1612)), role="coordinator")
    assert _by_id(deconf, "humanitarian")[other["id"]]["blurred"] is True  # another sender's site


def test_findings_reach_only_those_who_may_see_the_notification(
    deconf: Service, moved: clock.ManualClock
) -> None:
    to_a = notify(deconf, site(recipients=[PARTY_A]))
    moved.advance(days=3)
    deconf.post("monitor", "/api/v1/reports", json=report("hit", point=NEAR_HOSPITAL))
    assert len(deconf.get("coordinator", "/api/v1/deconfliction/findings").json()) == 1
    assert len(deconf.get("party", "/api/v1/deconfliction/findings").json()) == 1
    assert len(deconf.get("humanitarian", "/api/v1/deconfliction/findings").json()) == 1
    assert deconf.get("party_b", "/api/v1/deconfliction/findings").json() == []
    hidden = deconf.get("party_b", f"/api/v1/deconfliction/findings?notification_id={to_a['id']}")
    assert hidden.status_code == 404


def test_the_summary_is_public_and_counts(deconf: Service) -> None:
    made = notify(deconf, site())
    notify(deconf, movement())
    deconf.post("party", f"{NOTIFICATIONS}/{made['id']}/ack", json={})
    summary = deconf.get("viewer", "/api/v1/deconfliction/summary").json()
    assert summary["notifications"] == 2
    assert summary["by_kind"] == {"site": 1, "movement": 1}
    assert summary["by_state"] == {"active": 1, "upcoming": 1}
    assert summary["acknowledgements"] == {"acknowledged": 1, "sent": 3}
