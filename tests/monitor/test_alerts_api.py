"""Alert rules raise alerts once, the worker sends them signed, deadlines escalate, acks close them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from ceasefire.monitor import alerts, clock
from ceasefire.monitor.webhooks import verify
from ceasefire.store.tables import deliveries, processes
from tests.monitor.conftest import IDLIB, NEAR_IDLIB, Service, report

pytestmark = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
SECRET = "a-webhook-secret-of-some-length"
SITE = {"name": "Idlib national hospital", "lat": IDLIB[0], "lon": IDLIB[1] + 0.01}


def _rule(service: Service, kind: str, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
    answer = service.post("coordinator", "/api/v1/alert-rules", json={"name": f"{kind} rule", "kind": kind,
                                                                      "params": params, **extra})  # fmt: skip
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


def _subscribe(service: Service, account: str = "coordinator", **extra: Any) -> dict[str, Any]:
    body = {"account": account, "channel": "webhook", "address": "https://ops.example.org/hook", "secret": SECRET,
            **extra}  # fmt: skip
    answer = service.post("coordinator", "/api/v1/subscriptions", json=body)
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


def test_an_attack_near_a_protected_site_sends_one_signed_webhook(service: Service) -> None:
    _rule(service, "near_site", {"sites": [SITE], "radius_km": 5})
    _subscribe(service)
    filed = service.post("monitor", "/api/v1/reports", json=report("a")).json()
    service.post(
        "monitor2", "/api/v1/reports", json=report("b", point=NEAR_IDLIB)
    )  # same incident: no second alert
    assert service.run_worker()["sent"] == 1
    sent = service.webhooks.sent[0]
    verify(SECRET, sent.headers, sent.body)
    body = json.loads(sent.body)
    assert body["alert"]["kind"] == "near_site" and body["alert"]["report_id"] == filed["id"]
    assert "Idlib national hospital" in body["alert"]["title"] and body["recipient"] == "coordinator"
    assert "reporter" not in sent.body.decode()


def test_a_report_far_from_every_site_raises_nothing(service: Service) -> None:
    _rule(service, "near_site", {"sites": [SITE], "radius_km": 5})
    _subscribe(service)
    service.post("monitor", "/api/v1/reports", json=report("a", point=(36.2, 37.1)))
    assert service.get("analyst", "/api/v1/alerts").json() == []


def test_a_violation_rule_fires_on_the_allegation_and_again_on_confirmation(
    service: Service, syria_truce: Callable[[], str]
) -> None:
    syria_truce()
    _rule(service, "violation", {})
    _subscribe(service, channel="email", address="duty@mission.example.org", secret=None)
    filed = service.post("monitor", "/api/v1/reports", json=report("a")).json()
    path = f"/api/v1/incidents/{filed['incident_id']}/verification"
    service.post("analyst", path, json={"state": "under_investigation", "why": "patrol"})
    service.post("coordinator", path, json={"state": "confirmed_violation", "why": "seen"})
    service.run_worker()
    subjects = [m["Subject"] for m in service.mailer.sent]
    assert len(subjects) == 2
    assert any("alleged violation" in s for s in subjects) and any(
        "confirmed violation" in s for s in subjects
    )


def test_a_spike_against_the_baseline_raises_one_alert_per_window(service: Service) -> None:
    _rule(
        service,
        "spike",
        {"country": "SY", "window_hours": 24, "baseline_days": 7, "factor": 2, "min_count": 3},
    )
    _subscribe(service)
    now = datetime.now(UTC)
    for i, lon in enumerate((36.0, 36.5, 37.0, 37.5)):
        where = {"lat": 35.5, "lon": lon, "country": "SY"}
        service.post(
            "monitor",
            "/api/v1/reports",
            json=report(f"s{i}", at=now - timedelta(hours=i + 1), location=where),
        )
    raised = service.get("coordinator", "/api/v1/alerts").json()
    assert [a["kind"] for a in raised] == ["spike"]
    assert raised[0]["detail"]["recent"] == 3


def test_a_status_change_after_the_rule_raises_an_alert(
    service: Service, syria_truce: Callable[[], str], moved: clock.ManualClock
) -> None:
    truce = syria_truce()
    _rule(service, "status_change", {"process_id": truce})
    _subscribe(service)
    later = moved.advance(seconds=1)
    with service.store.transaction() as conn:  # the tracker's change, a second after the rule
        conn.execute(update(processes).where(processes.c.id == truce).values(
            status="fragile", status_since=datetime(2026, 1, 5).date(), updated_at=later))  # fmt: skip
    service.run_worker()
    raised = service.get("coordinator", "/api/v1/alerts").json()
    assert len(raised) == 1 and "is now fragile" in raised[0]["title"]
    with service.store.transaction() as conn:
        assert alerts.on_status(conn) == []  # the same change never fires twice


def test_an_unacknowledged_alert_escalates_to_the_next_level_and_an_ack_closes_it(
    service: Service, moved: clock.ManualClock
) -> None:
    _rule(service, "near_site", {"sites": [SITE], "radius_km": 5}, ack_minutes=5)
    _subscribe(service, "monitor")
    _subscribe(service, "coordinator", level=1, address="https://duty.example.org/hook")
    service.post("monitor", "/api/v1/reports", json=report("a"))
    service.run_worker()
    (alert,) = service.get("monitor", "/api/v1/alerts").json()
    assert alert["state"] == "open" and [r["account"] for r in alert["recipients"]] == ["monitor"]
    assert service.run_worker()["escalated"] == 0  # not yet due
    moved.advance(minutes=6)
    assert service.get("monitor", "/api/v1/alerts?state=overdue").json()[0]["id"] == alert["id"]
    assert service.run_worker()["escalated"] == 1
    service.run_worker()
    assert [s.url for s in service.webhooks.sent] == [
        "https://ops.example.org/hook",
        "https://duty.example.org/hook",
    ]
    acked = service.post("coordinator", f"/api/v1/alerts/{alert['id']}/ack", json={"note": "on it"})
    assert acked.status_code == 200 and acked.json()["state"] == "acknowledged"
    assert service.get("monitor", "/api/v1/alerts?state=acknowledged").json()[0]["id"] == alert["id"]


def test_only_a_recipient_acknowledges_and_a_party_sees_only_its_alerts(service: Service) -> None:
    _rule(service, "near_site", {"sites": [SITE], "radius_km": 5})
    _subscribe(service, "party")
    mine = service.post(
        "monitor", "/api/v1/reports", json=report("a", alleged_responsible="Syrian Arab Army")
    ).json()
    service.post(
        "monitor", "/api/v1/reports", json=report("b", event_type="COERCE", alleged_responsible="HTS")
    )
    (alert,) = service.get("party", "/api/v1/alerts").json()
    assert alert["incident_id"] == mine["incident_id"]
    assert service.post("analyst", f"/api/v1/alerts/{alert['id']}/ack").status_code == 403
    assert service.post("party", f"/api/v1/alerts/{alert['id']}/ack").json()["state"] == "acknowledged"


def test_a_failing_webhook_is_retried_with_backoff_then_dead_lettered_and_requeued(
    service: Service, moved: clock.ManualClock
) -> None:
    _rule(service, "near_site", {"sites": [SITE], "radius_km": 5})
    _subscribe(service)
    service.post("monitor", "/api/v1/reports", json=report("a"))
    service.webhooks.fail_next(100)
    attempts = service.settings.delivery_attempts
    for _ in range(attempts):
        service.run_worker()
        moved.advance(minutes=10)  # past the backoff wait
    with service.store.engine.connect() as conn:
        row = conn.execute(select(deliveries)).mappings().one()
    assert row["state"] == "dead" and row["attempts"] == attempts and "500" in row["last_error"]
    dead = service.get("coordinator", "/api/v1/deliveries/dead").json()
    assert [d["id"] for d in dead] == [row["id"]]
    service.webhooks.fail_next(0)
    assert service.post("coordinator", f"/api/v1/deliveries/{row['id']}/requeue").json()["state"] == "pending"
    service.run_worker()
    assert service.get("coordinator", "/api/v1/deliveries/dead").json() == []


def test_a_failed_delivery_waits_before_its_next_try(service: Service, moved: clock.ManualClock) -> None:
    _rule(service, "near_site", {"sites": [SITE], "radius_km": 5})
    _subscribe(service)
    service.post("monitor", "/api/v1/reports", json=report("a"))
    service.webhooks.fail_next(1)
    service.run_worker()
    with service.store.engine.connect() as conn:
        row = conn.execute(select(deliveries)).mappings().one()
    next_at = row["next_at"] if row["next_at"].tzinfo else row["next_at"].replace(tzinfo=UTC)
    assert row["state"] == "pending" and row["attempts"] == 1 and next_at > clock.now()
    assert service.run_worker()["sent"] == 0
    moved.advance(seconds=1)  # the first backoff
    assert service.run_worker()["sent"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x", "kind": "near_site", "params": {"sites": [], "radius_km": 5}}, "sites"),
        ({"name": "x", "kind": "near_site", "params": {"sites": [SITE], "radius_km": -1}}, "radius_km"),
        (
            {"name": "x", "kind": "violation", "params": {"area": {"type": "Point", "coordinates": [1, 2]}}},
            "area",
        ),
        ({"name": "x", "kind": "spike", "params": {"factor": 0.5}}, "factor"),
        ({"name": "x", "kind": "earthquake", "params": {}}, "kind"),
        ({"name": "x", "kind": "violation", "params": {"colour": "red"}}, "colour"),
    ],
    ids=["no-sites", "negative-radius", "point-area", "factor-below-one", "unknown-kind", "unknown-param"],
)
def test_a_bad_rule_is_a_422_naming_the_field(service: Service, body: dict[str, Any], field: str) -> None:
    answer = service.post("coordinator", "/api/v1/alert-rules", json=body)
    assert answer.status_code == 422, answer.text
    assert field in answer.json()["message"]


def test_a_subscription_shows_its_generated_secret_once(service: Service) -> None:
    made = service.post("coordinator", "/api/v1/subscriptions",
                        json={"account": "monitor", "channel": "webhook", "address": "https://x.example.org/h"}).json()  # fmt: skip
    assert len(made["secret"]) >= 32
    listed = service.get("coordinator", "/api/v1/subscriptions").json()
    assert "secret" not in listed[0] and made["secret"] not in json.dumps(listed)
