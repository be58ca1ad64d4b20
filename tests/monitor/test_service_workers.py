"""``ceasefire serve --workers 2``: two processes answer requests over one store, one worker process
(holding the store's lease) places reports and sends alerts, every report's alert goes out once, and
when the worker process is killed the service starts another, which takes the lease over."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from ceasefire.monitor.receiver import WebhookReceiver
from tests.monitor.test_service_live import SECRET, SITE, Service, gazetteer_index, ok, report_body, smtp
from tests.monitor.test_service_live import (
    service as deployment,  # named apart from conftest's in-process one
)

__all__ = ["deployment", "gazetteer_index", "smtp"]  # the live test's fixtures, used here too

pytestmark = pytest.mark.slow

#: hours between reports: more than the clustering window, so each is an incident with its own alert
SPACING = 7.0


def lease_holders(service: Service) -> list[int]:
    """The service's processes that hold the store's worker lock file open."""
    assert service.process is not None
    lock = str(service.root / "s.db.worker-lock")
    holders = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != service.process.pid:
                continue
            if any(os.readlink(fd) == lock for fd in (entry / "fd").iterdir()):
                holders.append(int(entry.name))
        except (OSError, ProcessLookupError):
            continue  # gone meanwhile, or not ours to read
    return holders


def file_reports(service: Service, first: int, count: int) -> None:
    now = datetime.now(UTC)

    def one(i: int) -> None:
        body = report_body(f"workers-{i}", (35.9306, 36.6560), now - timedelta(hours=1 + SPACING * i))
        try:
            answer = service.post("field", "/api/v1/reports", body)
        except httpx.TransportError:  # a kept-alive connection to the killed process: send it again
            answer = service.post("field", "/api/v1/reports", body)
        assert answer.status_code in (200, 201), answer.text  # 200: the first try got through after all

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(one, range(first, first + count)))


def alerted_reports(receiver: WebhookReceiver) -> list[str]:
    return [r.json["alert"]["report_id"] for r in receiver.received]


def test_two_serving_processes_send_each_alert_once_and_hand_the_worker_over(deployment: Service) -> None:
    service = deployment
    service.add_users({"admin": ("admin", None), "field": ("monitor", None)})
    with WebhookReceiver(SECRET) as receiver:
        service.start("--workers", "2")
        ok(service.post("admin", "/api/v1/alert-rules",
                        {"name": "near", "kind": "near_site", "params": {"sites": [SITE], "radius_km": 5}}), 201)  # fmt: skip
        ok(service.post("admin", "/api/v1/subscriptions",
                        {"account": "admin", "channel": "webhook", "address": receiver.url, "secret": SECRET}), 201)  # fmt: skip

        file_reports(service, 0, 24)  # spread over both processes by the kernel
        receiver.wait_for(24, timeout=60)
        time.sleep(1.5)  # a second sender would have sent its copies by now
        sent = alerted_reports(receiver)
        assert sorted(sent) == sorted(set(sent)) and len(sent) == 24, sent

        holders = lease_holders(service)
        assert len(holders) == 1, holders
        os.kill(holders[0], signal.SIGKILL)  # the worker process dies; the service starts another

        file_reports(service, 24, 6)
        receiver.wait_for(30, timeout=60)
        sent = alerted_reports(receiver)
        assert len(sent) == len(set(sent)) == 30, sent
        assert len(lease_holders(service)) == 1
