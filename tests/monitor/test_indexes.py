"""The queries behind the API's lists, and those a breach report and the rules run, read through an
index (SQLite's query plans of the very statements a request runs)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from tests.monitor.conftest import PARTY, Service, report

pytestmark = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)


@contextmanager
def _plans(service: Service) -> Iterator[list[str]]:
    """The plan of each SELECT the store runs inside the block, as SQLite explains it."""
    seen: list[tuple[str, Any]] = []

    def note(conn: object, cursor: object, statement: str, parameters: Any, *_: object) -> None:
        seen.append((statement, parameters))

    plans: list[str] = []
    event.listen(service.store.engine, "before_cursor_execute", note)
    try:
        yield plans
    finally:
        event.remove(service.store.engine, "before_cursor_execute", note)
    with service.store.engine.connect() as conn:
        for statement, parameters in seen:
            if statement.lstrip().upper().startswith("SELECT"):
                rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
                plans.append("\n".join(str(row[-1]) for row in rows))


def _report(client_id: str, lat: float) -> dict[str, Any]:
    return report(client_id, alleged_responsible=PARTY, location={"lat": lat, "lon": 36.6, "country": "SY"})


@pytest.fixture
def filed(service: Service, syria_truce: Callable[[], str]) -> Service:
    """A ceasefire, a violation and a spike rule, subscribers, and a report that raised an alert."""
    syria_truce()
    for kind, params in (("violation", {}), ("spike", {"country": "SY"})):
        made = service.post(
            "coordinator", "/api/v1/alert-rules", json={"name": kind, "kind": kind, "params": params}
        )
        assert made.status_code == 201, made.text
    for account in ("coordinator", "party"):
        sub = {"account": account, "channel": "email", "address": f"{account}@mission.example.org"}
        assert service.post("coordinator", "/api/v1/subscriptions", json=sub).status_code == 201
    assert service.post("monitor", "/api/v1/reports", json=_report("a", 35.9)).status_code == 201
    assert service.get("party", "/api/v1/alerts").json(), "the party heard of the alleged violation"
    return service


def _incident(service: Service) -> str:
    return str(service.get("analyst", "/api/v1/incidents").json()[0]["id"])


#: what a request does, what one of the plans of its statements says, and what none says
CASES: dict[str, tuple[Callable[[Service], Any], str, str | None]] = {
    "alerts-newest-first": (lambda s: s.get("coordinator", "/api/v1/alerts"),
                            "SCAN alerts USING INDEX ix_alerts_created", "USE TEMP B-TREE FOR ORDER BY"),
    "alerts-of-a-party": (lambda s: s.get("party", "/api/v1/alerts"),
                          "SEARCH alert_recipients USING COVERING INDEX ix_alert_recipients_account", None),
    "deliveries-of-alerts": (lambda s: s.get("coordinator", "/api/v1/alerts"), "SEARCH deliveries USING INDEX", None),
    "incidents-of-a-ceasefire": (lambda s: s.get("analyst", "/api/v1/incidents?process_id=test-sy-truce"),
                                 "SEARCH incidents USING INDEX ix_incidents_process", None),
    "incidents-newest-first": (lambda s: s.get("analyst", "/api/v1/incidents"),
                               "SCAN incidents USING INDEX ix_incidents_time", "USE TEMP B-TREE FOR ORDER BY"),
    "reports-of-incidents": (lambda s: s.get("analyst", "/api/v1/incidents"),
                             "SEARCH reports USING INDEX ix_reports_incident", None),
    "answers-to-an-incident": (lambda s: s.get("analyst", f"/api/v1/incidents/{_incident(s)}"),
                               "SEARCH party_responses USING INDEX ix_party_responses_incident", None),
    "ceasefires-of-a-country": (lambda s: s.post("monitor", "/api/v1/reports", json=_report("b", 35.2)),
                                "SEARCH process_countries USING COVERING INDEX ix_process_countries_country", None),
    "spike-counts": (lambda s: s.post("monitor", "/api/v1/reports", json=_report("c", 34.8)),
                     "SEARCH incidents USING INDEX ix_incidents_first", None),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_a_list_or_a_rule_reads_through_its_index(filed: Service, case: str) -> None:
    call, expected, unwanted = CASES[case]
    with _plans(filed) as plans:
        answer = call(filed)
    assert answer.status_code in (200, 201), answer.text
    assert any(expected in plan for plan in plans), "\n\n".join(plans)
    if unwanted:  # the rows come in the index's order: no sort of the whole table
        table = expected.split()[1]
        assert not any(unwanted in plan for plan in plans if f" {table} " in plan), "\n\n".join(plans)
