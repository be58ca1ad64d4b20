"""Integrity: who may claim which source type (every role, every channel), what a party reads and
answers (every role), report ids that give no reporter away, and a client_id reused with other content."""

from __future__ import annotations

import hashlib
import json
from email.message import EmailMessage
from typing import Any

import pytest
from sqlalchemy import func, select

from ceasefire.monitor.access import PERMISSIONS, SOURCE_TYPES
from ceasefire.monitor.accounts import add_account, bind_sender, create_token
from ceasefire.monitor.schemas import SOURCE_TYPES as ALL_SOURCE_TYPES
from ceasefire.monitor.schemas import ReportIn
from ceasefire.store.party_view import names_party
from ceasefire.store.tables import audit_log, reports
from tests.monitor.conftest import IDLIB, NEAR_IDLIB, PARTY, ROLES, Service, report

pytestmark = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
ALL_ROLES = (*ROLES, "humanitarian")
OTHER_PARTY = "Hayat Tahrir al-Sham"
MONITOR_PHONE = "+963 955 000 111"


def _with_humanitarian(service: Service) -> None:
    with service.store.transaction() as conn:
        add_account(conn, "relief-org", "humanitarian")
        service.tokens["humanitarian"] = create_token(conn, "relief-org")


# -- 1. the source type follows the account ---------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_files_exactly_the_source_types_the_table_gives_it(service: Service, role: str) -> None:
    _with_humanitarian(service)
    for number, source_type in enumerate(ALL_SOURCE_TYPES):
        body = report(f"{role}-{number}", source_type=source_type)
        answer = service.post(role, "/api/v1/reports", json=body)
        if role not in PERMISSIONS["reports.create"]:
            assert answer.status_code == 403, (role, answer.text)
        elif source_type in SOURCE_TYPES[role]:
            assert answer.status_code == 201, (role, source_type, answer.text)
        else:
            assert answer.status_code == 403, (role, source_type, answer.text)
            assert f"source_type {source_type!r}" in answer.json()["message"]


def test_a_party_claiming_to_be_a_monitor_cannot_confirm_an_incident(service: Service) -> None:
    blamed = report("p-1", alleged_responsible=OTHER_PARTY, source_type="monitor")
    assert service.post("party", "/api/v1/reports", json=blamed).status_code == 403
    filed = service.post("party", "/api/v1/reports", json={**blamed, "source_type": "party"})
    assert filed.status_code == 201, filed.text
    incident = service.get("analyst", f"/api/v1/incidents/{filed.json()['incident_id']}").json()
    assert incident["grade"] == "single_source"


def _sms(sid: str, sender: str, body: str) -> dict[str, str]:
    return {"MessageSid": sid, "From": sender, "Body": body}


def _email(message_id: str, sender: str, body: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Message-ID"] = (
        sender,
        "intake@monitors.example",
        f"<{message_id}>",
    )
    message["Subject"] = "report"
    message.set_content(body)
    return message.as_bytes()


@pytest.mark.parametrize("role", ("monitor", "coordinator", "party", "humanitarian"))
def test_gateway_claims_of_a_monitor_count_only_for_a_sender_bound_to_a_monitor(
    service: Service, role: str
) -> None:
    """As each role that may file through a gateway: `#src monitor` and `Source: monitor` from an
    unknown sender are public; from a sender bound to a monitor account, relayed by staff, they are
    that monitor's observations; a party's gateway files as the party whoever sent it."""
    _with_humanitarian(service)
    with service.store.transaction() as conn:
        bind_sender(conn, "monitor2", MONITOR_PHONE)
        bind_sender(conn, "monitor2", "field@monitors.example")
    text = f"Shelling @ Idlib #type ASSAULT #by {OTHER_PARTY} #src monitor"
    found: dict[str, tuple[str, Any]] = {}
    for label, sender in (("stranger", "+963 999 999 999"), ("bound", MONITOR_PHONE)):
        answer = service.post(role, "/api/v1/intake/sms", data=_sms(f"SM-{role}-{label}", sender, text))
        assert answer.status_code == 200, answer.text
        found[f"sms-{label}"] = (answer.json()["report"]["source_type"], answer.json()["report"]["id"])
    for label, sender in (("stranger", "someone@example.org"), ("bound", "Field@Monitors.example")):
        raw = _email(f"{role}-{label}@x", sender, "Where: Idlib\nType: ASSAULT\nSource: monitor\nShelling.")
        answer = service.post(
            role, "/api/v1/intake/email", content=raw, headers={"Content-Type": "message/rfc822"}
        )
        assert answer.status_code == 200, answer.text
        found[f"email-{label}"] = (answer.json()["report"]["source_type"], answer.json()["report"]["id"])
    staff = role in ("monitor", "coordinator")
    for channel in ("sms", "email"):
        expected_stranger = "party" if role == "party" else "public"
        assert found[f"{channel}-stranger"][0] == expected_stranger, (role, channel, found)
        assert found[f"{channel}-bound"][0] == ("monitor" if staff else expected_stranger), (
            role,
            channel,
            found,
        )
    with service.store.engine.connect() as conn:
        claims = [
            e.data for e in conn.execute(select(audit_log).where(audit_log.c.action == "report.create"))
        ]
    assert all(c.get("claimed_source_type") == "monitor" for c in claims if c["source_type"] != "monitor")
    bound = [c for c in claims if c.get("relayed_by")]
    assert len(bound) == (2 if staff else 0)


# -- 2. a party sees and answers only what names it ---------------------------------------------------


def _incident_blaming_the_other_party(service: Service) -> tuple[str, str]:
    """An incident a monitor blames on the other party, and a report the party filed beside it."""
    blamed = service.post(
        "monitor",
        "/api/v1/reports",
        json=report("m-1", alleged_responsible=OTHER_PARTY, text="Shelling by the other side."),
    )
    assert blamed.status_code == 201, blamed.text
    own = service.post("party", "/api/v1/reports", json=report("p-1", point=NEAR_IDLIB, source_type="party"))
    assert own.status_code == 201, own.text
    assert own.json()["incident_id"] == blamed.json()["incident_id"]  # it joined the incident
    return blamed.json()["incident_id"], own.json()["id"]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_an_incident_blaming_another_party_is_hidden_from_a_party_that_filed_beside_it(
    service: Service, role: str
) -> None:
    _with_humanitarian(service)
    incident_id, own_report = _incident_blaming_the_other_party(service)
    listed = [i["id"] for i in service.get(role, "/api/v1/incidents").json()]
    one = service.get(role, f"/api/v1/incidents/{incident_id}")
    answer = service.post(
        role,
        f"/api/v1/incidents/{incident_id}/responses",
        json={"stance": "denies", "text": "Not us.", "party": OTHER_PARTY},
    )
    if role == "party":
        assert listed == [] and one.status_code == 404
        assert answer.status_code == 404
        mine = service.get(role, f"/api/v1/reports/{own_report}")
        assert mine.status_code == 200  # its own report stays readable
        assert [r["id"] for r in service.get(role, "/api/v1/reports").json()] == [own_report]
    else:
        assert listed == [incident_id] and one.status_code == 200
        expected = 201 if role in PERMISSIONS["responses.create"] else 403
        assert answer.status_code == expected, answer.text
    graded = service.get("analyst", f"/api/v1/incidents/{incident_id}").json()["grade"]
    assert graded == ("contested" if role in ("coordinator", "admin") else "multiple_sources")


def test_a_party_reads_and_answers_an_incident_that_names_it(service: Service) -> None:
    filed = service.post("monitor", "/api/v1/reports", json=report("m-1", alleged_responsible=PARTY.upper()))
    incident_id = filed.json()["incident_id"]
    assert service.get("party", f"/api/v1/incidents/{incident_id}").status_code == 200
    answer = service.post(
        "party",
        f"/api/v1/incidents/{incident_id}/responses",
        json={"stance": "denies", "text": "Our units did not fire."},
    )
    assert answer.status_code == 201, answer.text
    assert service.get("party", f"/api/v1/incidents/{incident_id}").json()["grade"] == "contested"


def test_the_party_view_is_one_store_query(service: Service) -> None:
    incident_id, _ = _incident_blaming_the_other_party(service)
    with service.store.engine.connect() as conn:
        assert names_party(conn, incident_id, OTHER_PARTY)
        assert names_party(conn, incident_id, OTHER_PARTY.lower())
        assert not names_party(conn, incident_id, PARTY)


# -- 4. ids that give no reporter away --------------------------------------------------------------


def test_a_report_without_client_id_has_an_id_no_guess_of_its_reporter_reproduces(service: Service) -> None:
    body = report(reporter={"name": "Amal Haddad", "contact": "+963 955 000 111"})
    del body["client_id"]
    filed = service.post("monitor", "/api/v1/reports", json=body)
    assert filed.status_code == 201, filed.text
    staff = service.get("coordinator", f"/api/v1/reports/{filed.json()['id']}").json()
    # what the old scheme stored: the SHA-256 of the whole report, reporter included
    canonical = ReportIn.model_validate(body).model_dump(mode="json", exclude={"client_id"})
    guessed = hashlib.sha256(
        json.dumps(canonical, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    with service.store.engine.connect() as conn:
        stored = conn.execute(select(reports.c.id, reports.c.client_id, reports.c.content_hash)).one()
        logged = json.dumps([e.data for e in conn.execute(select(audit_log))])
    seen = json.dumps(staff) + logged + "".join(stored)
    assert guessed not in seen and guessed[:16] not in seen
    assert stored.client_id == f"hmac:{stored.content_hash}"
    # a retry without client_id still finds it
    again = service.post("monitor", "/api/v1/reports", json=body)
    assert again.status_code == 200 and again.json()["id"] == filed.json()["id"]


def test_report_ids_are_random_not_derived_from_the_submission(service: Service) -> None:
    one = service.post("monitor", "/api/v1/reports", json=report("same")).json()["id"]
    other = service.post("monitor2", "/api/v1/reports", json=report("same")).json()["id"]
    assert one != other and len(one) == len(other) == 28


# -- 5. one client_id, other content ---------------------------------------------------------------


def test_a_client_id_sent_again_with_other_content_is_a_409_and_nothing_is_stored(service: Service) -> None:
    first = service.post("monitor", "/api/v1/reports", json=report("dup", text="Shelling at dawn."))
    assert first.status_code == 201
    other = service.post("monitor", "/api/v1/reports", json=report("dup", text="Protest at noon."))
    assert other.status_code == 409, other.text
    assert first.json()["id"] in other.json()["message"] and "'dup'" in other.json()["message"]
    with service.store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(reports)).scalar_one() == 1
        creates = conn.execute(select(func.count()).where(audit_log.c.action == "report.create")).scalar_one()
    assert creates == 1


def test_many_different_reports_under_one_client_id_are_all_refused_but_the_first(service: Service) -> None:
    answers = [
        service.post("monitor", "/api/v1/reports", json=report("x", text=f"Report number {i}."))
        for i in range(10)
    ]
    assert [a.status_code for a in answers] == [201] + [409] * 9


def test_a_csv_row_reusing_a_client_id_with_other_content_is_listed_and_the_rest_stored(
    service: Service,
) -> None:
    service.post("monitor", "/api/v1/reports", json=report("r-1", point=IDLIB))
    rows = (
        "client_id,occurred_at,lat,lon,source_type,text\n"
        "r-1,2026-01-05T10:00Z,35.93,36.63,public,Something else entirely\n"
        "r-2,2026-01-05T10:00Z,35.93,36.63,public,A new report\n"
    )
    answer = service.post(
        "monitor", "/api/v1/reports/csv", content=rows.encode(), headers={"Content-Type": "text/csv"}
    )
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert len(result["stored"]) == 1 and result["errors"][0]["client_id"] == "r-1"
    assert "client_id" in result["errors"][0]["errors"][0]
