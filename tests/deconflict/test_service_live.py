"""Acceptance: deconfliction through the service as deployed (``ceasefire serve`` in its own
process over a fresh SQLite store, accounts from ``ceasefire users add``, a real webhook receiver
and a real SMTP server on loopback, real HTTP requests).

An organisation notifies a hospital to two parties. Party A acknowledges; party B does not, and
its acknowledgement goes overdue and is escalated as an alert. A monitor reports shelling 300 m
from the hospital: the finding names the notification, both acknowledgement records, the distance
and the time gap, and a signed webhook carries it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ceasefire.monitor.receiver import WebhookReceiver
from tests.monitor.smtp_listener import SmtpListener
from tests.monitor.test_service_live import Service, gazetteer_index, ok, placed  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow

SECRET = "live-deconfliction-secret-0123456789"
PARTY_A, PARTY_B = "Syrian Arab Army", "Hayat Tahrir al-Sham"
HOSPITAL = (35.9306, 36.6339)
SHELLING = (35.9306, 36.63722)  # 300 m east
USERS: dict[str, tuple[str, str | None]] = {
    "coordinator": ("coordinator", None),
    "monitor": ("monitor", None),
    "viewer": ("viewer", None),
    "msf": ("humanitarian", None),
    "saa": ("party", PARTY_A),
    "hts": ("party", PARTY_B),
}


@pytest.fixture
def smtp() -> Iterator[SmtpListener]:
    with SmtpListener() as listener:
        yield listener


@pytest.fixture
def deployed(tmp_path: Path, smtp: SmtpListener, gazetteer_index: None) -> Iterator[Service]:  # noqa: F811
    deployment = Service(tmp_path, smtp.port)
    try:
        yield deployment
    finally:
        deployment.close()


def _hospital(valid_until: datetime) -> dict[str, Any]:
    return {
        "type": "Feature", "id": "msf-idlib-central",
        "geometry": {"type": "Point", "coordinates": [HOSPITAL[1], HOSPITAL[0]]},
        "properties": {
            "kind": "site", "name": "Idlib central hospital", "function": "hospital", "country": "SY",
            "place": "Idlib", "recipients": [PARTY_A, PARTY_B], "valid_until": valid_until.isoformat(),
            "coordinates_source": "GPS at the main gate", "precision_m": 10, "verified": True,
            "verified_by": "OCHA field team",
        },
    }  # fmt: skip


def _by_kind(delivered: list[Any], kind: str) -> list[dict[str, Any]]:
    return [d.json for d in delivered if d.json["alert"]["kind"] == kind]


def test_a_notified_hospital_struck_after_one_party_never_acknowledged(
    deployed: Service, smtp: SmtpListener
) -> None:
    service = deployed
    service.add_users(USERS)
    with WebhookReceiver(SECRET) as receiver:
        service.start()
        # the coordinator's terms for Syria (acknowledge within 3 s, so the test need not wait a day),
        # the two rules, and where alerts go
        terms = ok(service.client.put("/api/v1/deconfliction/terms/SY", headers=service.as_("coordinator"),
                                      json={"ack_minutes": 0.05}))  # fmt: skip
        assert terms["terms"]["ack_minutes"] == 0.05
        for rule in ({"name": "strikes on notified sites", "kind": "notified_site_hit", "severity": "critical"},
                     {"name": "late acknowledgements", "kind": "ack_overdue"}):  # fmt: skip
            ok(service.post("coordinator", "/api/v1/alert-rules", rule), 201)
        ok(service.post("coordinator", "/api/v1/subscriptions", {"account": "coordinator", "channel": "webhook",
                                                                 "address": receiver.url, "secret": SECRET}), 201)  # fmt: skip
        for account, address in (("hts", "liaison@hts.example"), ("msf", "security@msf.example")):
            ok(service.post("coordinator", "/api/v1/subscriptions",
                            {"account": account, "channel": "email", "address": address}), 201)  # fmt: skip

        # the organisation notifies the hospital; a retry changes nothing
        notified_at = datetime.now(UTC)
        made = ok(service.post("msf", "/api/v1/deconfliction/notifications",
                               _hospital(notified_at + timedelta(days=30))), 201)  # fmt: skip
        assert made["state"] == "active" and made["flags"] == []
        assert {(r["party"], r["state"]) for r in made["recipients"]} == {
            (PARTY_A, "sent"),
            (PARTY_B, "sent"),
        }
        again = ok(service.post("msf", "/api/v1/deconfliction/notifications",
                                _hospital(notified_at + timedelta(days=30))), 200)  # fmt: skip
        assert again["id"] == made["id"]
        notification_id = made["id"]

        # party A reads and acknowledges it; party B stays silent
        seen = ok(service.get("saa", f"/api/v1/deconfliction/notifications/{notification_id}"))
        assert [r["party"] for r in seen["recipients"]] == [PARTY_A] and seen["blurred"] is False
        acked = ok(service.post("saa", f"/api/v1/deconfliction/notifications/{notification_id}/ack",
                                {"note": "passed to all units"}))  # fmt: skip
        assert acked["acknowledgement"]["state"] == "acknowledged" and "never an approval" in acked["meaning"]

        # B's deadline passes: the worker raises it; the signed webhook, B and the organisation hear of it
        overdue = receiver.wait_for(1, timeout=30)
        assert len(overdue) == 1, service.log_text()
        [late] = _by_kind(overdue, "ack_overdue")
        assert (
            PARTY_B in late["alert"]["title"]
            and late["alert"]["detail"]["notification_id"] == notification_id
        )
        records = {r["party"]: r for r in ok(service.get(
            "coordinator", f"/api/v1/deconfliction/notifications/{notification_id}"))["recipients"]}  # fmt: skip
        assert records[PARTY_A]["state"] == "acknowledged"
        assert records[PARTY_B]["state"] == "overdue" and records[PARTY_B]["escalated_at"] is not None
        mail = smtp.wait_for(2, timeout=20)
        assert sorted(m["To"] for m in mail) == ["liaison@hts.example", "security@msf.example"]
        assert all(PARTY_B in m["Subject"] for m in mail)

        # a monitor reports shelling 300 m from the hospital, blamed on party B
        filed = ok(service.post("monitor", "/api/v1/reports", {
            "client_id": "shelling-1", "occurred_at": datetime.now(UTC).isoformat(),
            "location": {"lat": SHELLING[0], "lon": SHELLING[1]}, "source_type": "monitor", "event_type": "ASSAULT",
            "weapons": ["artillery"], "alleged_responsible": PARTY_B,
            "text": "Artillery shells landed beside the central hospital.",
        }), 201)  # fmt: skip

        # the finding: the notification, both acknowledgement records, the distance, the time gap (the
        # worker process places the report, and finds the hit, once the service has stored it)
        [incident] = placed(service, "coordinator", 1)
        filed = ok(service.get("coordinator", f"/api/v1/reports/{filed['id']}"))
        assert filed["incident_id"] == incident["id"]
        [finding] = ok(service.get("coordinator", "/api/v1/deconfliction/findings"))
        assert finding["kind"] == "notified_site_hit"
        assert (
            finding["notification_id"] == notification_id and finding["incident_id"] == filed["incident_id"]
        )
        assert finding["distance_km"] == pytest.approx(0.3, abs=0.01)
        assert 0 < finding["gap_hours"] < 1
        acks = {a["party"]: a for a in finding["acknowledgements"]}
        assert acks[PARTY_A]["acknowledged_by"] == "saa" and acks[PARTY_A]["acknowledged_before_strike"]
        assert acks[PARTY_B]["acknowledged_at"] is None and acks[PARTY_B]["state"] == "overdue"
        assert finding["responsible"]["party"] == PARTY_B
        assert f"{PARTY_B}, held responsible, had not acknowledged the notification" in finding["warnings"]
        assert finding["evidence"]["notification"]["notified_by"] == "msf"

        # ... and a signed webhook carries it
        delivered = receiver.wait_for(2, timeout=30)
        assert len(delivered) == 2, service.log_text()
        assert receiver.rejected == []
        [hit] = _by_kind(delivered, "notified_site_hit")
        assert hit["alert"]["severity"] == "critical" and hit["alert"]["incident_id"] == filed["incident_id"]
        carried = hit["alert"]["detail"]
        assert carried["finding"] == finding["id"] and carried["notification_id"] == notification_id
        assert (
            carried["distance_km"] == finding["distance_km"] and carried["gap_hours"] == finding["gap_hours"]
        )
        assert {a["party"]: a["state"] for a in carried["acknowledgements"]} == {
            PARTY_A: "acknowledged",
            PARTY_B: "overdue",
        }
        assert "had not acknowledged" in hit["alert"]["title"]
        more = smtp.wait_for(4, timeout=20)  # the organisation and party B hear of the hit
        assert sorted(m["To"] for m in more[2:]) == ["liaison@hts.example", "security@msf.example"]
        assert all("Idlib central hospital" in m["Subject"] for m in more[2:])

        # the public sees a blurred point and counts
        [public] = ok(service.get("viewer", "/api/v1/deconfliction/notifications"))
        assert public["blurred"] is True and public["feature"]["geometry"]["coordinates"] == [36.6, 35.9]
        assert ok(service.get("viewer", "/api/v1/deconfliction/summary"))["findings"] == 1
        service.stop()
    verified = service.cli("audit", "verify")  # every change above is in the hash chain
    assert verified.returncode == 0 and "chain intact" in verified.stdout, verified.stdout + verified.stderr
    assert "Traceback" not in service.log_text(), service.log_text()
