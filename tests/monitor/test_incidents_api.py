"""Reports into incidents: clustering with reasons, grades, merge and split, the verification workflow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from ceasefire.monitor.incidents import find_ceasefire
from ceasefire.registry.process import Process, ProcessActor
from ceasefire.registry.store import save_process
from ceasefire.tracker.force import DORMANT
from ceasefire.tracker.refresh import refresh
from tests.conftest import statements
from tests.monitor.conftest import NEAR_IDLIB, Service, report

pytestmark = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
ALEPPO = (36.2021, 37.1343)


def _file(service: Service, role: str, client_id: str, **extra: object) -> dict[str, object]:
    answer = service.post(role, "/api/v1/reports", json=report(client_id, **extra))
    assert answer.status_code == 201, answer.text
    result: dict[str, object] = answer.json()
    return result


def test_close_reports_of_the_same_type_share_an_incident_with_the_reason(service: Service) -> None:
    first = _file(service, "monitor", "a")
    second = _file(service, "monitor2", "b", point=NEAR_IDLIB)
    assert first["incident_id"] == second["incident_id"]
    incident = service.get("analyst", f"/api/v1/incidents/{first['incident_id']}").json()
    assert incident["report_count"] == 2
    why = incident["reasons"][1]["why"]
    assert "2.0 km" in why and first["id"] in why and "same type ASSAULT" in why


@pytest.mark.parametrize(
    "change",
    [{"point": ALEPPO}, {"event_type": "PROTEST"}, {"at": datetime.now(UTC) - timedelta(days=2)}],
    ids=["far-away", "other-type", "days-apart"],
)
def test_reports_apart_in_space_time_or_type_make_separate_incidents(
    service: Service, change: dict[str, object]
) -> None:
    first = _file(service, "monitor", "a")
    second = _file(service, "monitor", "b", **change)
    assert first["incident_id"] != second["incident_id"]


def test_grades_follow_the_sources(service: Service) -> None:
    one = _file(service, "monitor", "a")
    incident = f"/api/v1/incidents/{one['incident_id']}"
    assert service.get("viewer", incident).json()["grade"] == "single_source"
    _file(service, "monitor2", "b", point=NEAR_IDLIB)
    assert service.get("viewer", incident).json()["grade"] == "multiple_sources"
    _file(service, "monitor", "c", source_type="monitor", point=NEAR_IDLIB)
    graded = service.get("viewer", incident).json()
    assert graded["grade"] == "confirmed" and "monitor" in graded["grade_reason"]


def test_different_perpetrators_or_a_denial_make_an_incident_contested(service: Service) -> None:
    one = _file(service, "monitor", "a", alleged_responsible="Syrian Arab Army")
    _file(service, "monitor2", "b", point=NEAR_IDLIB, alleged_responsible="HTS")
    incident = service.get("viewer", f"/api/v1/incidents/{one['incident_id']}").json()
    assert incident["grade"] == "contested" and "different perpetrators" in incident["grade_reason"]


def test_an_analysts_grade_stands_until_handed_back(service: Service) -> None:
    one = _file(service, "monitor", "a")
    path = f"/api/v1/incidents/{one['incident_id']}"
    done = service.post(
        "analyst", f"{path}/grade", json={"grade": "discounted", "why": "staged footage"}
    ).json()
    assert done["grade"] == "discounted"
    _file(service, "monitor2", "b", point=NEAR_IDLIB)
    assert service.get("viewer", path).json()["grade"] == "discounted"
    back = service.post("analyst", f"{path}/grade", json={"grade": None, "why": "rules again"}).json()
    assert back["grade"] == "multiple_sources"


def test_split_then_merge_moves_reports_and_records_who_and_why(service: Service) -> None:
    one = _file(service, "monitor", "a")
    two = _file(service, "monitor2", "b", point=NEAR_IDLIB)
    source = str(one["incident_id"])
    split = service.post(
        "analyst", f"/api/v1/incidents/{source}/split", json={"reports": [two["id"]], "why": "two strikes"}
    )
    assert split.status_code == 200, split.text
    new = split.json()
    assert new["reports"] == [two["id"]] and new["reasons"][0]["by"] == "analyst"
    merged = service.post(
        "analyst", f"/api/v1/incidents/{new['id']}/merge", json={"into": source, "why": "same strike"}
    )
    assert merged.json()["report_count"] == 2
    assert service.get("viewer", f"/api/v1/incidents/{new['id']}").json()["merged_into"] == source
    listed = [i["id"] for i in service.get("viewer", "/api/v1/incidents").json()]
    assert listed == [source]


def test_splitting_every_report_out_is_refused(service: Service) -> None:
    one = _file(service, "monitor", "a")
    answer = service.post("analyst", f"/api/v1/incidents/{one['incident_id']}/split",
                          json={"reports": [one["id"]], "why": "x"})  # fmt: skip
    assert answer.status_code == 422 and "not all" in answer.json()["message"]


def test_an_attack_inside_a_ceasefire_is_an_alleged_violation_verified_step_by_step(
    service: Service, syria_truce: Callable[[], str]
) -> None:
    truce = syria_truce()
    one = _file(service, "monitor", "a", alleged_responsible="Syrian Arab Army")
    path = f"/api/v1/incidents/{one['incident_id']}"
    incident = service.get("analyst", path).json()
    assert incident["process_id"] == truce and incident["verification"] == "alleged"
    assert "Test Syria truce" in incident["verification_history"][0]["why"]
    early = service.post(
        "coordinator", f"{path}/verification", json={"state": "confirmed_violation", "why": "x"}
    )
    assert early.status_code == 409 and "under_investigation" in early.json()["message"]
    step = service.post(
        "analyst", f"{path}/verification", json={"state": "under_investigation", "why": "sent a patrol"}
    )
    assert step.status_code == 200
    refused = service.post(
        "analyst", f"{path}/verification", json={"state": "confirmed_violation", "why": "x"}
    )
    assert refused.status_code == 403
    decided = service.post("coordinator", f"{path}/verification",
                           json={"state": "confirmed_violation", "why": "craters and fragments seen"}).json()  # fmt: skip
    assert decided["verification"] == "confirmed_violation"
    assert [s["state"] for s in decided["verification_history"]] == [
        "alleged",
        "under_investigation",
        "confirmed_violation",
    ]
    assert decided["verification_history"][2]["by"] == "coordinator"


def test_shelling_today_is_not_a_violation_of_a_truce_a_newer_one_replaced(service: Service) -> None:
    """The old truce is open-ended; the newer one between the same sides replaced it and has since expired."""
    today = date.today()
    parties = [ProcessActor("Government of Syria", "party", "syr-gov", "SYR", "GOV"),
               ProcessActor("Syrian insurgents", "party", None, "SYR", "REB")]  # fmt: skip
    old = Process(id="old-truce", name="Old Syria truce", kind="ceasefire", origin="manual", countries=["SY"],
                  effective=today - timedelta(days=60), actors=parties)  # fmt: skip
    newer = Process(id="newer-truce", name="Newer Syria truce", kind="ceasefire", origin="manual", countries=["SY"],
                    effective=today - timedelta(days=20), ended=today - timedelta(days=2), actors=parties)  # fmt: skip
    with service.store.transaction() as conn:
        for process in (old, newer):
            save_process(conn, process)
    refresh(service.store)
    one = _file(service, "monitor", "a", alleged_responsible="Syrian Arab Army")
    incident = service.get("analyst", f"/api/v1/incidents/{one['incident_id']}").json()
    assert incident["process_id"] is None and incident["verification"] is None
    with service.store.engine.connect() as conn:
        found = find_ceasefire(conn, "SY", *NEAR_IDLIB, today - timedelta(days=30))
        during = find_ceasefire(conn, "SY", *NEAR_IDLIB, today - timedelta(days=10))
    assert found is not None and found[0] == "old-truce"
    assert during is not None and during[0] == "newer-truce"


def test_an_open_ended_truce_nobody_spoke_of_for_months_takes_no_allegation(service: Service) -> None:
    stale = Process(id="stale-truce", name="Stale Syria truce", kind="ceasefire", origin="manual", countries=["SY"],
                    effective=date.today() - DORMANT - timedelta(days=1))  # fmt: skip
    with service.store.transaction() as conn:
        save_process(conn, stale)
    one = _file(service, "monitor", "a")
    assert service.get("analyst", f"/api/v1/incidents/{one['incident_id']}").json()["process_id"] is None


def test_a_partys_answer_is_kept_beside_the_allegation_and_contests_it(
    service: Service, syria_truce: Callable[[], str]
) -> None:
    syria_truce()
    one = _file(service, "monitor", "a", alleged_responsible="Syrian Arab Army")
    path = f"/api/v1/incidents/{one['incident_id']}"
    answer = service.post(
        "party", f"{path}/responses", json={"stance": "denies", "text": "Our units held fire."}
    )
    assert answer.status_code == 201 and answer.json()["party"] == "Syrian Arab Army"
    seen = service.get("party", path).json()
    assert seen["responses"][0]["stance"] == "denies" and seen["grade"] == "contested"
    assert "reporter" not in str(seen["report_details"])


def test_a_party_does_not_see_incidents_that_do_not_name_it(service: Service) -> None:
    other = _file(service, "monitor", "a", alleged_responsible="HTS")
    assert service.get("party", f"/api/v1/incidents/{other['incident_id']}").status_code == 404
    assert service.get("party", "/api/v1/incidents").json() == []


def _incidents_apart(service: Service, first: int, count: int) -> None:
    """``count`` incidents 33 km apart, each of two reports, every other one blaming the party."""
    for i in range(first, first + count):
        blamed = "Syrian Arab Army" if i % 2 == 0 else "HTS"
        for role in ("monitor", "monitor2"):
            _file(service, role, f"apart-{i}", point=(30.0 + i * 0.3, 36.0), alleged_responsible=blamed)


def _listing(service: Service, role: str) -> tuple[list[dict[str, Any]], int]:
    with statements(service.store.engine) as seen:
        answer = service.get(role, "/api/v1/incidents?limit=500")
    assert answer.status_code == 200, answer.text
    return answer.json(), sum(1 for sql in seen if sql.lstrip().upper().startswith("SELECT"))


def test_listing_incidents_takes_as_many_queries_for_30_as_for_3(service: Service) -> None:
    _incidents_apart(service, 0, 3)
    few = {role: _listing(service, role) for role in ("analyst", "viewer", "party")}
    _incidents_apart(service, 3, 27)
    for role, (listed, queries) in few.items():
        more, more_queries = _listing(service, role)
        assert len(more) > len(listed) > 0 and all(i["report_count"] == 2 for i in more)
        assert more_queries == queries, role


def test_a_listed_incident_reads_as_it_does_alone(service: Service) -> None:
    _incidents_apart(service, 0, 4)
    _file(service, "monitor", "own", location={"lat": 30.0, "lon": 36.0, "own_position": True})
    for role in ("analyst", "viewer", "party"):
        listed, _ = _listing(service, role)
        assert len(listed) == (2 if role == "party" else 4)
        assert any(i["location"]["blurred"] for i in listed) == (role != "analyst")  # the own position
        for incident in listed:
            alone = service.get(role, f"/api/v1/incidents/{incident['id']}").json()
            assert incident == {key: alone[key] for key in incident}
            assert (
                alone["report_details"] and [r["id"] for r in alone["report_details"]] == incident["reports"]
            )
