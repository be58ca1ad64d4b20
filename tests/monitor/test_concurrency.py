"""Retries that race each other still store one report, and concurrent changes keep the audit chain whole."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from ceasefire.monitor import audit
from ceasefire.store.tables import reports
from tests.monitor.conftest import Service, report


def test_racing_retries_of_one_report_store_it_once(service: Service) -> None:
    body = report("same-id")
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: service.post("monitor", "/api/v1/reports", json=body), range(12)))
    assert sorted(a.status_code for a in answers) == [200] * 11 + [201]
    assert len({a.json()["id"] for a in answers}) == 1
    with service.store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(reports)).scalar_one() == 1


def test_concurrent_reports_keep_the_audit_chain_whole(service: Service) -> None:
    bodies = [report(f"r{i}", point=(35.0 + i * 0.5, 36.0)) for i in range(16)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda b: service.post("monitor", "/api/v1/reports", json=b), bodies))
    assert all(a.status_code == 201 for a in answers), [a.text for a in answers if a.status_code != 201]
    with service.store.engine.connect() as conn:
        checked = audit.verify(conn)
    assert checked.problems == [] and checked.entries >= 16 * 2 and checked.unkeyed == 0


def test_reports_filed_together_share_transactions_and_one_bad_one_fails_alone(service: Service) -> None:
    """Many at once go through the filer's one writer, several to a transaction; a client_id reused
    with other content among them is refused (409) and rolled back alone."""
    assert (
        service.post("monitor", "/api/v1/reports", json=report("taken", text="First text.")).status_code
        == 201
    )
    bodies = [report(f"c{i}", point=(35.0 + i * 0.3, 36.0)) for i in range(24)]
    bodies.insert(12, report("taken", text="Other text."))
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda b: service.post("monitor", "/api/v1/reports", json=b), bodies))
    assert sorted(a.status_code for a in answers) == [201] * 24 + [409]
    with service.store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(reports)).scalar_one() == 25
        checked = audit.verify(conn)
    assert checked.problems == []
