"""The worker records its sends many to a transaction: the tries a cycle finished go in together, a
failed try is retried after its backoff, and the tries still in flight when it stops are recorded
before it ends (none is sent twice after a restart)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from ceasefire.monitor import audit, outbox
from ceasefire.monitor.clock import aware
from ceasefire.monitor.webhooks import DELIVERY_HEADER
from ceasefire.store.tables import deliveries
from tests.monitor.conftest import Service, report

SITE = {"name": "hospital", "lat": 35.9306, "lon": 36.6439}


def _alerts(service: Service, count: int) -> None:
    rule = {"name": "site", "kind": "near_site", "params": {"sites": [SITE], "radius_km": 5}}
    assert service.post("coordinator", "/api/v1/alert-rules", json=rule).status_code == 201
    sub = {"account": "coordinator", "channel": "webhook", "address": "https://hooks.example.org/in",
           "secret": "s" * 24}  # fmt: skip
    assert service.post("coordinator", "/api/v1/subscriptions", json=sub).status_code == 201
    now = datetime.now(UTC)
    for i in range(count):  # a day apart: an incident, and an alert, each
        body = report(f"s{i}", at=now - timedelta(days=i, hours=1))
        assert service.post("monitor", "/api/v1/reports", json=body).status_code == 201


def _states(service: Service) -> list[tuple[str, int]]:
    with service.store.engine.connect() as conn:
        rows = conn.execute(select(deliveries.c.state, deliveries.c.attempts).order_by(deliveries.c.id))
        return [(r.state, r.attempts) for r in rows]


def test_the_tries_of_a_cycle_are_recorded_together(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    _alerts(service, 3)
    batches: list[int] = []
    real = outbox.record

    def counted(store: Any, tries: list[outbox.Tried], max_attempts: int) -> None:
        if tries:
            batches.append(len(tries))
        real(store, tries, max_attempts)

    monkeypatch.setattr(outbox, "record", counted)
    worker = service.client.app.state.services.worker  # type: ignore[attr-defined]
    assert worker._send() == 3
    deadline = time.monotonic() + 10
    while not all(f.done() for f in worker._sending.values()) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert worker._reap() == 3
    assert _states(service) == [("sent", 1)] * 3
    assert batches == [3]  # one transaction, not one each
    assert len(service.webhooks.sent) == 3


def test_a_failed_try_is_recorded_and_retried_after_its_backoff(service: Service) -> None:
    _alerts(service, 1)
    service.webhooks.fail_next(1)
    service.run_worker()
    [(state, attempts)] = _states(service)
    assert state == "pending" and attempts == 1
    with service.store.engine.connect() as conn:
        error = conn.execute(select(deliveries.c.last_error)).scalar()
    assert error == "HTTP 500"
    time.sleep(1.1)  # the first backoff is a second
    service.run_worker()
    assert _states(service) == [("sent", 2)]


def test_tries_in_flight_when_the_worker_stops_are_recorded(service: Service) -> None:
    _alerts(service, 2)
    worker = service.client.app.state.services.worker  # type: ignore[attr-defined]
    send = service.webhooks.send

    def slow(*args: Any) -> Any:
        time.sleep(0.3)
        return send(*args)

    service.webhooks.send = slow  # type: ignore[method-assign]
    worker._send()  # two sends start, neither has finished
    assert _states(service) == [("pending", 0)] * 2
    worker.stop()
    assert _states(service) == [("sent", 1)] * 2


def test_the_sends_of_a_cycle_read_what_they_send_in_one_query_and_not_in_their_threads(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    _alerts(service, 3)
    with service.store.engine.connect() as conn:
        pending = [dict(r) for r in conn.execute(select(deliveries).order_by(deliveries.c.id)).mappings()]
    expected = {d["id"]: outbox.payload(service.store, d) for d in pending}

    def no_store(*_: Any) -> Any:
        raise AssertionError("a sending thread read the store")

    monkeypatch.setattr(outbox, "_row", no_store)
    service.run_worker()
    assert _states(service) == [("sent", 1)] * 3
    sent = {s.headers[DELIVERY_HEADER]: json.loads(s.body) for s in service.webhooks.sent}
    assert sent == expected


def test_tries_of_every_outcome_are_recorded_together(service: Service) -> None:
    _alerts(service, 3)
    with service.store.engine.connect() as conn:
        ok, again, last = [
            dict(r) for r in conn.execute(select(deliveries).order_by(deliveries.c.id)).mappings()
        ]
    last["attempts"] = 4  # its fifth try fails: dead, with 5 tries allowed
    before = datetime.now(UTC)
    outbox.record(service.store, [outbox.Tried(ok, True, ""), outbox.Tried(again, False, "HTTP 502"),
                                  outbox.Tried(last, False, "timed out")], max_attempts=5)  # fmt: skip
    with service.store.engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(deliveries))}
    assert (rows[ok["id"]].state, rows[ok["id"]].attempts, rows[ok["id"]].last_error) == ("sent", 1, "")
    assert rows[ok["id"]].sent_at is not None
    retried = rows[again["id"]]
    assert (retried.state, retried.attempts, retried.last_error) == ("pending", 1, "HTTP 502")
    assert aware(retried.next_at) >= before + timedelta(seconds=1)  # after its backoff
    assert (rows[last["id"]].state, rows[last["id"]].attempts) == ("dead", 5)
    with service.store.engine.connect() as conn:
        logged = audit.entries(conn, limit=1000)
    assert [e["entity_id"] for e in logged if e["action"] == "delivery.dead"] == [last["id"]]
