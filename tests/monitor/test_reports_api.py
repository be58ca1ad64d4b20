"""Filing reports over the API: idempotent, validated field by field, reporters sealed and hidden."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from ceasefire.store.tables import reports
from tests.monitor.conftest import Service, report


def test_a_report_is_stored_once_and_a_retry_returns_it(service: Service) -> None:
    body = report("abc")
    first = service.post("monitor", "/api/v1/reports", json=body)
    assert first.status_code == 201, first.text
    again = service.post("monitor", "/api/v1/reports", json=body)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    with service.store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(reports)).scalar_one() == 1


def test_a_report_without_client_id_is_deduplicated_by_content(service: Service) -> None:
    body = report()
    del body["client_id"]
    body["occurred_at"] = "2026-01-05T10:00:00Z"
    assert service.post("monitor", "/api/v1/reports", json=body).status_code == 201
    assert service.post("monitor", "/api/v1/reports", json=body).status_code == 200


def test_the_smallest_report_with_a_place_name_is_accepted_and_located(service: Service) -> None:
    body = {"client_id": "p1", "occurred_at": "2026-01-05T10:00:00Z", "location": {"place": "Idlib"},
            "source_type": "media", "text": "Shelling reported in Idlib."}  # fmt: skip
    answer = service.post("monitor", "/api/v1/reports", json=body)
    assert answer.status_code == 201, answer.text
    location = answer.json()["location"]
    assert location["country"] == "SY"
    assert location["lat"] == pytest.approx(35.93, abs=0.05)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"location": {"lat": 95, "lon": 10}}, "location.lat"),
        ({"location": {"lat": 35}}, "location"),
        ({"occurred_at": (datetime.now(UTC) + timedelta(days=3)).isoformat()}, "occurred_at"),
        ({"occurred_at": "yesterday-ish"}, "occurred_at"),
        ({"source_type": "rumour"}, "source_type"),
        ({"event_type": "EXPLODE"}, "event_type"),
        ({"text": ""}, "text"),
        ({"text": "x" * 20_001}, "text"),
        ({"attachments": ["not-a-hash"]}, "attachments"),
        ({"colour": "red"}, "colour"),
    ],
    ids=[
        "lat-out-of-range",
        "lat-without-lon",
        "future",
        "not-a-time",
        "unknown-source",
        "unknown-event",
        "empty-text",
        "text-too-long",
        "bad-attachment",
        "unknown-field",
    ],
)
def test_a_bad_report_is_a_422_naming_the_field(
    service: Service, change: dict[str, object], field: str
) -> None:
    answer = service.post("monitor", "/api/v1/reports", json=report(**change))
    assert answer.status_code == 422, answer.text
    assert field in answer.json()["message"]


def test_an_unknown_place_without_coordinates_is_a_422_naming_the_place(service: Service) -> None:
    body = report(location={"place": "Nowhereville-on-Sea"})
    answer = service.post("monitor", "/api/v1/reports", json=body)
    assert answer.status_code == 422
    assert answer.json()["field"] == "location.place"


def test_reporter_is_sealed_at_rest_and_shown_only_to_coordinators_and_admins(service: Service) -> None:
    body = report(reporter={"name": "Amira Haddad", "contact": "+963 955 000 111"})
    report_id = service.post("monitor", "/api/v1/reports", json=body).json()["id"]
    with service.store.engine.connect() as conn:
        sealed = conn.execute(select(reports.c.reporter_sealed)).scalar_one()
    assert "Amira" not in sealed and "955" not in sealed
    for role in ("coordinator", "admin"):
        assert service.get(role, f"/api/v1/reports/{report_id}").json()["reporter"]["name"] == "Amira Haddad"
    for role in ("viewer", "monitor", "analyst"):
        view = service.get(role, f"/api/v1/reports/{report_id}").json()
        assert "reporter" not in view and "Amira" not in str(view)


def test_a_monitors_own_position_is_blurred_for_viewers_only(service: Service) -> None:
    body = report(location={"lat": 35.93061, "lon": 36.63394, "own_position": True})
    report_id = service.post("monitor", "/api/v1/reports", json=body).json()["id"]
    public = service.get("viewer", f"/api/v1/reports/{report_id}").json()["location"]
    assert public["blurred"] and public["lat"] == 35.9 and public["lon"] == 36.6
    staff = service.get("analyst", f"/api/v1/reports/{report_id}").json()["location"]
    assert staff["lat"] == 35.93061 and not staff["blurred"]


def test_a_party_sees_reports_that_name_it_and_not_others(service: Service) -> None:
    named = service.post(
        "monitor", "/api/v1/reports", json=report("a", alleged_responsible="Syrian Arab Army")
    ).json()
    other = service.post("monitor", "/api/v1/reports", json=report("b", alleged_responsible="HTS",
                                                                       point=(36.2, 37.1))).json()  # fmt: skip
    assert service.get("party", f"/api/v1/reports/{named['id']}").status_code == 200
    assert service.get("party", f"/api/v1/reports/{other['id']}").status_code == 404
    listed = [r["id"] for r in service.get("party", "/api/v1/reports").json()]
    assert listed == [named["id"]]


def test_a_csv_upload_stores_good_rows_and_lists_bad_ones(service: Service) -> None:
    data = (
        "client_id,occurred_at,lat,lon,source_type,text,event_type\n"
        "c1,2026-01-05T10:00:00Z,35.93,36.63,monitor,Mortar fire on the market,ASSAULT\n"
        "c2,2026-01-05T11:00:00Z,135.93,36.63,monitor,Bad latitude,ASSAULT\n"
    )
    answer = service.post("monitor", "/api/v1/reports/csv", content=data.encode(), headers={
        **service.as_("monitor"), "Content-Type": "text/csv"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert len(result["stored"]) == 1
    assert result["errors"][0]["row"] == 2 and "lat" in result["errors"][0]["errors"][0]
    again = service.client.post("/api/v1/reports/csv", content=data.encode(),
                                headers={**service.as_("monitor"), "Content-Type": "text/csv"}).json()  # fmt: skip
    assert again["stored"] == [] and again["already_stored"] == 1


def test_an_email_posted_by_a_gateway_becomes_a_report(service: Service) -> None:
    message = (
        b"From: Field Team <team@example.org>\r\nTo: reports@example.org\r\nSubject: shelling\r\n"
        b"Message-ID: <m1@example.org>\r\nDate: Mon, 05 Jan 2026 10:00:00 +0000\r\n\r\n"
        b"Where: Idlib\r\nType: ASSAULT\r\nHeavy shelling near the grain silos.\r\n"
    )
    answer = service.client.post("/api/v1/intake/email", content=message,
                                 headers={**service.as_("monitor"), "Content-Type": "message/rfc822"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    stored = answer.json()["report"]
    assert stored["channel"] == "email" and stored["event_type"] == "ASSAULT"
    assert stored["location"]["country"] == "SY"


def test_an_sms_gateway_post_becomes_a_report_and_a_retry_does_not(service: Service) -> None:
    form = {
        "MessageSid": "SM123",
        "From": "+963900000000",
        "Body": "Shelling @ Idlib #type ASSAULT #src monitor",
    }
    first = service.client.post("/api/v1/intake/sms", data=form, headers=service.as_("monitor"))
    assert first.status_code == 200, first.text
    assert first.json()["created"] and first.json()["report"]["channel"] == "sms"
    again = service.client.post("/api/v1/intake/sms", data=form, headers=service.as_("monitor"))
    assert not again.json()["created"]


def test_a_text_only_report_is_coded_by_the_worker_then_placed(service: Service) -> None:
    body = report("t1")
    del body["event_type"]
    stored = service.post("monitor", "/api/v1/reports", json=body).json()
    assert stored["event_type"] is None and stored["incident_id"] is None
    assert service.run_worker()["coded"] == 1
    coded = service.get("analyst", f"/api/v1/reports/{stored['id']}").json()
    assert coded["event_type"] == "ASSAULT" and coded["incident_id"] is not None
    assert coded["coded_events"][0]["event"] == "ASSAULT"


def test_an_oversized_body_is_refused_with_413(service: Service) -> None:
    limit = service.settings.max_input_bytes
    answer = service.client.post("/api/v1/reports/csv", content=b"a" * (limit + 1),
                                 headers={**service.as_("monitor"), "Content-Type": "text/csv"})  # fmt: skip
    assert answer.status_code == 413
