"""Windows expire by themselves; movements get outcomes in the humanitarian vocabulary; sites are
reconfirmed, and a reconfirmation past its date is flagged."""

from __future__ import annotations

import pytest

from ceasefire.monitor import clock
from tests.deconflict.conftest import movement, notify, site, zone
from tests.monitor.conftest import Service

NOTIFICATIONS = "/api/v1/deconfliction/notifications"


def _state(svc: Service, notification_id: str) -> str:
    found: str = svc.get("coordinator", f"{NOTIFICATIONS}/{notification_id}").json()["state"]
    return found


def test_a_movement_window_opens_and_expires_with_the_clock(
    deconf: Service, moved: clock.ManualClock
) -> None:
    made = notify(deconf, movement(start_in=50, hours=10))
    assert made["state"] == "upcoming"
    moved.advance(hours=51)
    assert _state(deconf, made["id"]) == "active"
    assert [n["id"] for n in deconf.get("coordinator", f"{NOTIFICATIONS}?state=active").json()] == [
        made["id"]
    ]
    moved.advance(hours=10)
    assert _state(deconf, made["id"]) == "expired"
    assert deconf.get("coordinator", f"{NOTIFICATIONS}?state=active").json() == []
    assert [n["id"] for n in deconf.get("coordinator", f"{NOTIFICATIONS}?state=expired").json()] == [
        made["id"]
    ]


def test_a_zone_expires_at_its_end(deconf: Service, moved: clock.ManualClock) -> None:
    made = notify(deconf, zone((35.90, 36.60, 35.96, 36.66), days=2))
    assert made["state"] == "active"
    moved.advance(days=2, seconds=1)
    assert _state(deconf, made["id"]) == "expired"


@pytest.mark.parametrize(
    "outcome", ["facilitated", "partially_facilitated", "impeded", "denied", "postponed"]
)
def test_a_movement_takes_each_outcome_of_the_access_vocabulary(deconf: Service, outcome: str) -> None:
    made = notify(deconf, movement())
    answer = deconf.post("humanitarian", f"{NOTIFICATIONS}/{made['id']}/outcome",
                         json={"outcome": outcome, "note": "at the Bab al-Hawa checkpoint"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.json()["outcome"] == {"outcome": outcome, "note": "at the Bab al-Hawa checkpoint", "by": "msf",
                                        "at": clock.now().isoformat()}  # fmt: skip


def test_outcomes_are_for_movements_in_the_vocabulary_by_their_sender(deconf: Service) -> None:
    convoy = notify(deconf, movement())
    hospital = notify(deconf, site())
    word = deconf.post(
        "humanitarian", f"{NOTIFICATIONS}/{convoy['id']}/outcome", json={"outcome": "approved"}
    )
    assert word.status_code == 422 and word.json()["fields"][0]["field"] == "body.outcome"
    wrong_kind = deconf.post(
        "humanitarian", f"{NOTIFICATIONS}/{hospital['id']}/outcome", json={"outcome": "denied"}
    )
    assert wrong_kind.status_code == 422 and wrong_kind.json()["field"] == "outcome"
    stranger = deconf.post("party", f"{NOTIFICATIONS}/{convoy['id']}/outcome", json={"outcome": "denied"})
    assert stranger.status_code == 403
    assert deconf.post("coordinator", f"{NOTIFICATIONS}/{convoy['id']}/outcome",
                       json={"outcome": "impeded"}).status_code == 200  # fmt: skip


def test_a_site_past_its_reconfirmation_date_is_flagged_until_reconfirmed(
    deconf: Service, moved: clock.ManualClock
) -> None:
    made = notify(deconf, site())
    assert made["reconfirmation_overdue"] is False
    moved.advance(days=31)
    for party in ("party", "party_b"):
        deconf.post(party, f"{NOTIFICATIONS}/{made['id']}/ack", json={})
    view = deconf.get("coordinator", f"{NOTIFICATIONS}/{made['id']}").json()
    assert view["reconfirmation_overdue"] is True
    assert [n["id"] for n in deconf.get("coordinator", f"{NOTIFICATIONS}?state=overdue").json()] == [
        made["id"]
    ]
    assert deconf.post("party", f"{NOTIFICATIONS}/{made['id']}/reconfirm", json={}).status_code == 403
    answer = deconf.post(
        "humanitarian", f"{NOTIFICATIONS}/{made['id']}/reconfirm", json={"note": "still open"}
    )
    assert answer.status_code == 200 and answer.json()["reconfirmation_overdue"] is False
    assert deconf.get("coordinator", f"{NOTIFICATIONS}?state=overdue").json() == []
    convoy = notify(deconf, movement())
    assert (
        deconf.post("humanitarian", f"{NOTIFICATIONS}/{convoy['id']}/reconfirm", json={}).status_code == 422
    )


def test_listing_filters_by_kind_and_country(deconf: Service) -> None:
    notify(deconf, site())
    notify(deconf, movement())
    kinds = {n["kind"] for n in deconf.get("coordinator", f"{NOTIFICATIONS}?kind=movement").json()}
    assert kinds == {"movement"}
    assert deconf.get("coordinator", f"{NOTIFICATIONS}?country=LY").json() == []
    assert len(deconf.get("coordinator", f"{NOTIFICATIONS}?country=SY").json()) == 2
    assert deconf.get("coordinator", f"{NOTIFICATIONS}?state=later").status_code == 422
