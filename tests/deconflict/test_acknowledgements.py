"""Acknowledgement per recipient party: sent -> received -> acknowledged, or overdue past its
deadline, which raises an ``ack_overdue`` alert once and escalates like any alert."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ceasefire.monitor import clock
from ceasefire.store.tables import audit_log
from tests.deconflict.conftest import PARTY_A, PARTY_B, movement, notify, site
from tests.monitor.conftest import Service

NOTIFICATIONS = "/api/v1/deconfliction/notifications"


def _records(svc: Service, notification_id: str, role: str = "coordinator") -> dict[str, dict[str, Any]]:
    view = svc.get(role, f"{NOTIFICATIONS}/{notification_id}").json()
    return {r["party"]: r for r in view["recipients"]}


def test_a_party_reading_it_receives_it_and_acknowledging_is_not_approving(deconf: Service) -> None:
    made = notify(deconf, site())
    assert {(r["party"], r["state"]) for r in made["recipients"]} == {(PARTY_A, "sent"), (PARTY_B, "sent")}
    assert "never an approval" in made["ack_meaning"]
    deconf.get("party", f"{NOTIFICATIONS}/{made['id']}")
    assert _records(deconf, made["id"])[PARTY_A]["state"] == "received"
    assert _records(deconf, made["id"])[PARTY_B]["state"] == "sent"
    answer = deconf.post("party", f"{NOTIFICATIONS}/{made['id']}/ack", json={"note": "passed to the front"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["acknowledgement"]["state"] == "acknowledged" and "approv" not in str(body["acknowledgement"])
    assert "never an approval" in body["meaning"]
    record = _records(deconf, made["id"])[PARTY_A]
    assert record["acknowledged_by"] == "party" and record["note"] == "passed to the front"
    again = deconf.post("party", f"{NOTIFICATIONS}/{made['id']}/ack", json={})
    assert again.status_code == 409
    with deconf.store.engine.connect() as conn:
        actions = list(conn.execute(select(audit_log.c.action).order_by(audit_log.c.seq)).scalars())
    assert actions[-3:] == ["notification.create", "notification.received", "notification.acknowledged"]


def test_a_party_acknowledges_only_for_itself_and_staff_name_the_party(deconf: Service) -> None:
    made = notify(deconf, site())
    other = deconf.post("party", f"{NOTIFICATIONS}/{made['id']}/ack", json={"party": PARTY_B})
    assert other.status_code == 403
    unnamed = deconf.post("coordinator", f"{NOTIFICATIONS}/{made['id']}/ack", json={})
    assert unnamed.status_code == 422 and unnamed.json()["field"] == "party"
    by_phone = deconf.post("coordinator", f"{NOTIFICATIONS}/{made['id']}/ack",
                           json={"party": PARTY_B, "note": "acknowledged by phone"})  # fmt: skip
    assert by_phone.status_code == 200
    assert _records(deconf, made["id"])[PARTY_B]["acknowledged_by"] == "coordinator"
    assert deconf.post("humanitarian", f"{NOTIFICATIONS}/{made['id']}/ack", json={}).status_code == 403


def test_receipt_alone_can_be_recorded(deconf: Service) -> None:
    made = notify(deconf, site())
    answer = deconf.post("party_b", f"{NOTIFICATIONS}/{made['id']}/ack", json={"state": "received"})
    assert answer.json()["acknowledgement"]["state"] == "received"


def test_a_movement_must_be_acknowledged_before_it_starts(deconf: Service) -> None:
    deconf.client.put("/api/v1/deconfliction/terms/SY", headers=deconf.as_("coordinator"),
                      json={"ack_minutes": 72 * 60})  # fmt: skip
    made = notify(deconf, movement(start_in=50))  # the 72 h deadline would fall after the start
    due = {r["due_at"] for r in made["recipients"]}
    assert due == {made["valid_from"]}


def test_an_overdue_acknowledgement_raises_an_alert_once_and_escalates(
    deconf: Service, moved: clock.ManualClock
) -> None:
    deconf.post("coordinator", "/api/v1/alert-rules",
                json={"name": "late acknowledgements", "kind": "ack_overdue", "ack_minutes": 60})  # fmt: skip
    for account, level in (("coordinator", 0), ("admin", 1)):
        deconf.post("coordinator", "/api/v1/subscriptions",
                    json={"account": account, "channel": "webhook", "address": f"https://{account}.example/hook",
                          "level": level})  # fmt: skip
    deconf.post("coordinator", "/api/v1/subscriptions",
                json={"account": "hts-liaison", "channel": "email", "address": "liaison@hts.example"})  # fmt: skip
    made = notify(deconf, site())
    deconf.post("party", f"{NOTIFICATIONS}/{made['id']}/ack", json={})
    assert deconf.run_worker()["escalated"] == 0
    assert deconf.get("coordinator", f"{NOTIFICATIONS}?state=overdue").json() == []

    moved.advance(hours=25)  # past the 24 h deadline: party B has not acknowledged
    records = _records(deconf, made["id"])
    assert records[PARTY_A]["state"] == "acknowledged" and records[PARTY_B]["state"] == "overdue"
    assert [n["id"] for n in deconf.get("coordinator", f"{NOTIFICATIONS}?state=overdue").json()] == [
        made["id"]
    ]
    assert deconf.run_worker()["escalated"] == 1
    assert deconf.run_worker()["escalated"] == 0  # raised once (this round sends it)
    [alert] = deconf.get("coordinator", "/api/v1/alerts").json()
    assert alert["kind"] == "ack_overdue" and PARTY_B in alert["title"]
    assert alert["detail"]["notification_id"] == made["id"] and alert["detail"]["party"] == PARTY_B
    assert [r["account"] for r in alert["recipients"]] == ["coordinator", "hts-liaison"]
    assert _records(deconf, made["id"])[PARTY_B]["escalated_at"] is not None
    sent = [w for w in deconf.webhooks.sent if b"ack_overdue" in w.body]
    assert [w.url for w in sent] == ["https://coordinator.example/hook"]
    assert [m["To"] for m in deconf.mailer.sent] == ["liaison@hts.example"]
    assert deconf.get("party_b", "/api/v1/alerts").json()[0]["id"] == alert["id"]  # B hears of it too

    moved.advance(hours=2)  # nobody acknowledged the alert within its hour: level 1 hears of it
    assert deconf.run_worker()["escalated"] == 2
    deconf.run_worker()  # sends what the escalation queued
    escalated = deconf.get("coordinator", f"/api/v1/alerts/{alert['id']}").json()
    assert {r["account"] for r in escalated["recipients"]} == {"coordinator", "hts-liaison", "admin"}
    assert any(w.url == "https://admin.example/hook" for w in deconf.webhooks.sent)


def test_without_an_overdue_rule_nothing_is_raised_and_a_later_rule_still_hears(
    deconf: Service, moved: clock.ManualClock
) -> None:
    made = notify(deconf, site())
    moved.advance(hours=25)
    assert deconf.run_worker()["escalated"] == 0
    deconf.post("coordinator", "/api/v1/alert-rules", json={"name": "late", "kind": "ack_overdue"})
    assert deconf.run_worker()["escalated"] == 2  # both parties are late
    titles = sorted(a["title"] for a in deconf.get("coordinator", "/api/v1/alerts").json())
    assert [PARTY_B in titles[0], PARTY_A in titles[1]] == [True, True]
    assert {a["detail"]["notification_id"] for a in deconf.get("coordinator", "/api/v1/alerts").json()} == {
        made["id"]
    }
