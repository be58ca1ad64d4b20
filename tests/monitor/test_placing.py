"""Placing left to the worker (as ``ceasefire serve`` runs): a report is answered once stored, the
worker places it and raises its alerts, a report that cannot be placed holds up no other, a coded
report the worker placed meanwhile is not placed twice; and the worker as a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from ceasefire.monitor import filing
from ceasefire.monitor.background import Supervisor
from ceasefire.settings import Settings
from ceasefire.store.database import Store
from ceasefire.store.tables import incidents, reports
from tests.monitor.conftest import Service, fake_coder, report, serve

SITE = {"name": "hospital", "lat": 35.9306, "lon": 36.6439}
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def deferred(store: Store, tmp_path: Any) -> Iterator[Service]:
    """The service as a serving process of ``ceasefire serve`` runs it: it only stores reports."""
    yield from serve(store, tmp_path, place_on_intake=False)


def _near_site(service: Service) -> None:
    rule = {"name": "site", "kind": "near_site", "params": {"sites": [SITE], "radius_km": 5}}
    assert service.post("coordinator", "/api/v1/alert-rules", json=rule).status_code == 201
    sub = {"account": "coordinator", "channel": "webhook", "address": "https://hooks.example.org/in",
           "secret": "s" * 24}  # fmt: skip
    assert service.post("coordinator", "/api/v1/subscriptions", json=sub).status_code == 201


def _incident_of(service: Service, report_id: str) -> str | None:
    with service.store.engine.connect() as conn:
        found = conn.execute(select(reports.c.incident_id).where(reports.c.id == report_id)).scalar()
        return str(found) if found is not None else None


def test_a_report_is_answered_once_stored_and_the_worker_places_it_and_raises_its_alert(
    deferred: Service,
) -> None:
    _near_site(deferred)
    answer = deferred.post("monitor", "/api/v1/reports", json=report("p1", source_type="monitor"))
    assert answer.status_code == 201
    assert answer.json()["incident_id"] is None  # stored, not yet placed
    assert deferred.get("coordinator", "/api/v1/alerts").json() == []

    done = deferred.run_worker()
    assert done["placed"] == 1 and done["sent"] == 1
    incident_id = _incident_of(deferred, answer.json()["id"])
    assert incident_id is not None
    assert (
        deferred.get("coordinator", f"/api/v1/reports/{answer.json()['id']}").json()["incident_id"]
        == incident_id
    )
    [alert] = deferred.get("coordinator", "/api/v1/alerts").json()
    assert alert["kind"] == "near_site" and alert["report_id"] == answer.json()["id"]
    assert len(deferred.webhooks.sent) == 1
    assert deferred.run_worker()["placed"] == 0  # nothing placed twice


def test_reports_placed_later_cluster_as_they_would_have_on_intake(deferred: Service) -> None:
    first = deferred.post("monitor", "/api/v1/reports", json=report("c1")).json()
    second = deferred.post("monitor2", "/api/v1/reports", json=report("c2")).json()
    assert deferred.run_worker()["placed"] == 2
    assert _incident_of(deferred, first["id"]) == _incident_of(deferred, second["id"]) is not None


def test_a_report_that_cannot_be_placed_holds_up_no_other_and_is_tried_again(
    deferred: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = deferred.post("monitor", "/api/v1/reports", json=report("bad")).json()
    far = report("good", point=(36.2021, 37.1343))  # Aleppo: an incident of its own
    good = deferred.post("monitor", "/api/v1/reports", json=far).json()
    real = filing.place_one

    def breaks_on_bad(conn: Any, row: dict[str, Any], settings: Settings) -> tuple[str, list[str]]:
        if row["id"] == bad["id"]:
            raise RuntimeError("placing broke on this report")
        return real(conn, row, settings)

    monkeypatch.setattr(filing, "place_one", breaks_on_bad)
    assert deferred.run_worker()["placed"] == 1
    assert _incident_of(deferred, good["id"]) is not None and _incident_of(deferred, bad["id"]) is None
    assert deferred.run_worker()["placed"] == 0  # backing off: not tried on every cycle

    monkeypatch.setattr(filing, "place_one", real)
    worker = deferred.client.app.state.services.worker  # type: ignore[attr-defined]
    worker._unplaceable[bad["id"]] = (1, 0.0)  # its backoff is over
    assert deferred.run_worker()["placed"] == 1
    assert _incident_of(deferred, bad["id"]) is not None


def test_a_coded_report_the_worker_placed_meanwhile_is_not_placed_again(deferred: Service) -> None:
    filed = deferred.post("monitor", "/api/v1/reports", json=report("coded")).json()
    with deferred.store.engine.connect() as conn:
        as_read = dict(conn.execute(select(reports).where(reports.c.id == filed["id"])).mappings().one())
    assert as_read["incident_id"] is None  # read for coding before the worker placed it
    deferred.run_worker()
    placed_in = _incident_of(deferred, filed["id"])
    with deferred.store.transaction() as conn:
        raised = filing.store_coded(conn, as_read, fake_coder(as_read["text"], as_read["occurred_at"].date(), "x"),
                                    deferred.settings)  # fmt: skip
    assert raised == []
    assert _incident_of(deferred, filed["id"]) == placed_in
    with deferred.store.engine.connect() as conn:
        assert conn.execute(select(incidents.c.id)).scalars().all() == [placed_in]


# -- the worker process ----------------------------------------------------------------------------


def _env(tmp_path: Any) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEASEFIRE_")}
    return {**env, "CEASEFIRE_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}",
            "CEASEFIRE_SECRET_KEY_FILE": str(tmp_path / "secret.key"), "PYTHONPATH": ROOT}  # fmt: skip


@pytest.mark.slow
def test_the_worker_process_ends_when_the_service_that_started_it_is_gone(tmp_path: Any) -> None:
    # its parent is this test, not the process it was told to follow: as if that one had died
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "ceasefire", "worker", "--parent", "1"], env=_env(tmp_path),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "is gone: stopping" in done.stderr
    assert time.monotonic() - started < 60


@pytest.mark.slow
def test_the_supervisor_starts_a_dead_worker_process_again_and_stops_it(tmp_path: Any) -> None:
    supervisor = Supervisor(_env(tmp_path), restart_after=0.1)
    supervisor.start()
    try:
        first = supervisor.pid
        assert first is not None
        os.kill(first, 9)
        deadline = time.monotonic() + 30
        while supervisor.starts < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert supervisor.starts == 2 and supervisor.pid not in (None, first)
        second = supervisor.pid
    finally:
        supervisor.stop()
    assert second is not None
    with pytest.raises(ProcessLookupError):
        os.kill(second, 0)  # stopped, and reaped
    assert supervisor.starts == 2  # not started again after stop
